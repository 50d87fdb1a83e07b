"""What the device keeps across restarts besides its events: identity, pairing, token, mode."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
import hashlib
import hmac
import json
import os
from pathlib import Path
import secrets

from custom_components.unmanned_store.clients.door import DoorMode

STATE_FILE = "device.json"


def hash_token(token: str) -> str:
    """Only the hash is stored, so a copied state directory does not leak the token."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Identity:
    """The persisted part of the device."""

    device_id: str
    pairing_code: str
    token_hash: str | None
    mode: DoorMode

    def token_matches(self, token: str) -> bool:
        """Constant-time check of a presented token."""
        return self.token_hash is not None and hmac.compare_digest(
            hash_token(token), self.token_hash
        )


class IdentityStore:
    """Reads and atomically rewrites `device.json` in the state directory."""

    def __init__(self, state_dir: Path) -> None:
        self._path = state_dir / STATE_FILE

    def load(self, *, device_id: str | None, pairing_code: str | None) -> Identity:
        """Load the identity, creating it on first start; explicit arguments win."""
        identity = Identity(
            device_id=f"door-{secrets.token_hex(6)}",
            pairing_code=f"{secrets.randbelow(1_000_000):06d}",
            token_hash=None,
            mode=DoorMode.AUTHENTICATED,
        )
        if self._path.exists():
            raw = json.loads(self._path.read_text(encoding="utf-8"))
            identity = Identity(
                device_id=str(raw["device_id"]),
                pairing_code=str(raw["pairing_code"]),
                token_hash=raw["token_hash"] if isinstance(raw["token_hash"], str) else None,
                mode=DoorMode(raw["mode"]),
            )
        if device_id is not None:
            identity = replace(identity, device_id=device_id)
        if pairing_code is not None:
            identity = replace(identity, pairing_code=pairing_code)
        self.save(identity)
        return identity

    def save(self, identity: Identity) -> None:
        """Write through a temporary file so a crash never leaves half a file."""
        temporary = self._path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(identity)), encoding="utf-8")
        os.replace(temporary, self._path)
