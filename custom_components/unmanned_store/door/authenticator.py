"""The door authenticator's decision: may this scan open the door, and who is it?

Pure logic with no Home Assistant in it. Every input from outside (the raw scan, the provider's
answer) ends in a Decision with a precise reason; nothing here raises for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import Protocol

from .passes import (
    DenyReason,
    PassError,
    PassKind,
    StorePass,
    check_pass_window,
    decode_pass,
    is_store_pass,
    normalise_scan,
)
from .scan_guard import ScanRateLimiter
from .verifier import IdentityVerifier
from .visitor_db import pseudonymise


class DoorMode(StrEnum):
    """The owner's switch for the door (출입 모드)."""

    AUTHENTICATED = "authenticated"  # 인증 출입: a valid credential opens the door
    FREE = "free"  # 자유 출입: the authenticator is off and the door stays unlocked
    CLOSED = "closed"  # 출입 차단: nobody enters
    ADULTS_ONLY = "adults_only"  # 성인 인증: only adult-verified credentials (late night)


# Staff enter to work at any hour, so the adults-only window lets them in as well.
ADULT_PASS_KINDS = frozenset({PassKind.ADULT_VERIFIED, PassKind.STAFF})


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of one scan, with what the visitor log and the event need to know."""

    granted: bool
    reason: DenyReason | None
    method: str
    provider: str | None = None
    pass_kind: str | None = None
    pass_id: str | None = None
    visitor: str | None = None
    adult: bool | None = None


class PassLedger(Protocol):
    """Where pass use counts, revocations and bans live (the visitor database)."""

    async def use_pass(self, store_pass: StorePass) -> DenyReason | None:
        """Count one use; the reason when the pass may not be used."""

    async def is_banned(self, visitor: str) -> bool:
        """Whether the owner banned this pseudonymous visitor."""


class Authenticator:
    """Decides scans for one store."""

    def __init__(
        self,
        *,
        store_id: str,
        pass_secret: bytes,
        pseudonym_key: bytes,
        ledger: PassLedger,
        verifier: IdentityVerifier | None = None,
        limiter: ScanRateLimiter | None = None,
    ) -> None:
        """Bind the store's secrets and its ledger; the verifier is optional."""
        self._store_id = store_id
        self._secret = pass_secret
        self._key = pseudonym_key
        self._ledger = ledger
        self._verifier = verifier
        self._limiter = limiter or ScanRateLimiter()

    def visitor_id(self, provider: str | None, subject: str) -> str:
        """The pseudonymous visitor id of a provider's (or a device's) subject."""
        return pseudonymise(f"{provider}:{subject}", self._key)

    async def authenticate(
        self,
        raw: str | bytes,
        *,
        mode: DoorMode,
        reader: str,
        now: datetime,
        tz: tzinfo,
        monotonic: float,
    ) -> Decision:
        """Decide one scan from one reader; repeated denials block that reader for a while."""
        if self._limiter.is_blocked(reader, monotonic):
            return Decision(False, DenyReason.RATE_LIMITED, method="unknown")
        decision = await self._decide(raw, mode=mode, now=now, tz=tz)
        if decision.granted:
            self._limiter.record_grant(reader, monotonic)
        else:
            self._limiter.record_denial(reader, monotonic)
        return decision

    async def _decide(
        self, raw: str | bytes, *, mode: DoorMode, now: datetime, tz: tzinfo
    ) -> Decision:
        if mode is DoorMode.CLOSED:
            return Decision(False, DenyReason.DOOR_CLOSED, method="unknown")
        try:
            code = normalise_scan(raw)
        except PassError as err:
            return Decision(False, err.reason, method="unknown")
        if is_store_pass(code):
            return await self._decide_pass(code, mode=mode, now=now, tz=tz)
        return await self._decide_provider(code, mode=mode)

    async def _decide_pass(
        self, code: str, *, mode: DoorMode, now: datetime, tz: tzinfo
    ) -> Decision:
        try:
            store_pass = decode_pass(code, self._secret)
        except PassError as err:
            return Decision(False, err.reason, method="store_pass")
        adult = store_pass.kind in ADULT_PASS_KINDS
        visitor = pseudonymise(f"pass:{store_pass.pass_id}", self._key)

        def deny(reason: DenyReason) -> Decision:
            return Decision(
                False,
                reason,
                method="store_pass",
                pass_kind=store_pass.kind.value,
                pass_id=store_pass.pass_id,
                visitor=visitor,
                adult=adult,
            )

        if (reason := check_pass_window(store_pass, now, tz)) is not None:
            return deny(reason)
        if await self._ledger.is_banned(visitor):
            return deny(DenyReason.BANNED)
        if mode is DoorMode.ADULTS_ONLY and not adult:
            return deny(DenyReason.NOT_ADULT)
        # Counted last, so a pass refused for another reason does not lose a use.
        if (reason := await self._ledger.use_pass(store_pass)) is not None:
            return deny(reason)
        return Decision(
            True,
            None,
            method="store_pass",
            pass_kind=store_pass.kind.value,
            pass_id=store_pass.pass_id,
            visitor=visitor,
            adult=adult,
        )

    async def _decide_provider(self, code: str, *, mode: DoorMode) -> Decision:
        if self._verifier is None:
            return Decision(False, DenyReason.UNRECOGNISED, method="provider")
        verdict = await self._verifier.verify(code, self._store_id)
        visitor = self.visitor_id(verdict.provider, verdict.subject) if verdict.subject else None

        def decision(granted: bool, reason: DenyReason | None) -> Decision:
            return Decision(
                granted,
                reason,
                method="provider",
                provider=verdict.provider,
                visitor=visitor,
                adult=verdict.adult,
            )

        if not verdict.granted:
            return decision(False, verdict.reason or DenyReason.PROVIDER_DENIED)
        if visitor is not None and await self._ledger.is_banned(visitor):
            return decision(False, DenyReason.BANNED)
        if mode is DoorMode.ADULTS_ONLY and not verdict.adult:
            return decision(False, DenyReason.NOT_ADULT)
        return decision(True, None)
