"""The simulated door: reader, lock, contact, pairing, event backlog and fault switches.

Nothing here speaks HTTP; `server.py` maps requests onto these methods.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
import hmac
import json
from pathlib import Path
import secrets
from typing import Final

from custom_components.unmanned_store.clients.door import (
    API_VERSION,
    DeviceInfo,
    DoorContact,
    DoorEvent,
    DoorMode,
    DoorState,
    EventData,
    EventType,
    HeldOpenData,
    LockChangedData,
    LockState,
    ModeChangedData,
    NoData,
    ReaderHealth,
    ScanData,
    TamperData,
    VerdictData,
    event_to_json,
)

from .backlog import Backlog
from .faults import Faults, malformed_frame
from .identity import IdentityStore, hash_token

FIRMWARE: Final = "1.0.0"
MODEL: Final = "reference-door"


@dataclass(frozen=True, slots=True)
class DeviceConfig:
    """How to run one reference device."""

    state_dir: Path
    host: str = "127.0.0.1"
    port: int = 0
    pairing_code: str | None = None
    """None: keep the stored code, or make a random six-digit one on first start."""
    device_id: str | None = None
    """None: keep the stored id, or make a random one on first start."""
    model: str = MODEL
    firmware: str = FIRMWARE
    zeroconf: bool = False
    advertise_address: str | None = None
    """Address put in the zeroconf record; None: `host` (or this host's name if wildcard)."""
    backlog_limit: int = 10_000
    held_open_after: float = 30.0
    verdict_unlock_seconds: float = 5.0
    pair_max_failures: int = 5
    pair_lockout: float = 60.0
    faults: Faults = field(default_factory=Faults)


class WrongPairingCodeError(Exception):
    """The presented pairing code is not the device's."""


class PairingLockedError(Exception):
    """Too many wrong codes lately; pairing is refused for `retry_after` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"pairing locked for {retry_after:.0f} s")
        self.retry_after = retry_after


class Subscriber:
    """One open event stream (or long poll) as the device sees it."""

    __slots__ = ("drop_requested", "gone", "injected", "wake")

    def __init__(self) -> None:
        self.wake = asyncio.Event()
        self.injected: deque[str] = deque()
        self.drop_requested = False
        self.gone = False


class Device:
    """The door's behaviour; every change emits its event into the backlog."""

    def __init__(self, config: DeviceConfig) -> None:
        config.state_dir.mkdir(parents=True, exist_ok=True)
        self.config = config
        self._identities = IdentityStore(config.state_dir)
        self.identity = self._identities.load(
            device_id=config.device_id, pairing_code=config.pairing_code
        )
        self.backlog = Backlog(config.state_dir, config.backlog_limit)
        self.lock = LockState.UNLOCKED if self.identity.mode is DoorMode.FREE else LockState.LOCKED
        self.door = DoorContact.CLOSED
        self.reader = ReaderHealth.OK
        self.faults = config.faults
        self.subscribers: set[Subscriber] = set()
        self.closed = False
        self.unstalled = asyncio.Event()
        if not self.faults.stall:
            self.unstalled.set()
        self._loop = asyncio.get_running_loop()
        self._relock: asyncio.TimerHandle | None = None
        self._held_open: asyncio.TimerHandle | None = None
        self._pair_failures: deque[float] = deque()
        self._emitted = 0
        self._malformed_sent = 0

    @property
    def info(self) -> DeviceInfo:
        """What `GET info` reports."""
        return DeviceInfo(
            device_id=self.identity.device_id,
            model=self.config.model,
            firmware=self.config.firmware,
            api_version=API_VERSION,
        )

    @property
    def state(self) -> DoorState:
        """What `GET state` reports."""
        return DoorState(
            mode=self.identity.mode,
            lock=self.lock,
            door=self.door,
            reader=self.reader,
            cursor=self.backlog.latest,
        )

    def _wake_all(self) -> None:
        for subscriber in self.subscribers:
            subscriber.wake.set()

    def inject_malformed(self, count: int) -> None:
        """Queue `count` malformed frames on every open stream."""
        for _ in range(count):
            frame = malformed_frame(self._malformed_sent, self.backlog.latest + 1)
            self._malformed_sent += 1
            for subscriber in self.subscribers:
                subscriber.injected.append(frame)
        self._wake_all()

    def emit(self, event_type: EventType, data: EventData) -> int:
        """Append an event to the backlog, wake the streams, return its cursor."""
        self._emitted += 1
        every = self.faults.malformed_every
        if every and self._emitted % every == 0:
            self.inject_malformed(1)

        def frame(cursor: int) -> str:
            event = DoorEvent(cursor=cursor, type=event_type, time=datetime.now(UTC), data=data)
            return json.dumps(event_to_json(event), separators=(",", ":"), ensure_ascii=False)

        cursor = self.backlog.append(frame)
        self._wake_all()
        return cursor

    def scan(self, code: str) -> int:
        """The reader read `code`."""
        return self.emit(EventType.SCAN, ScanData(code=code))

    def verdict(self, verdict: VerdictData) -> int:
        """The device verified a pass itself; a granted pass opens the lock for a while."""
        cursor = self.emit(EventType.VERDICT, verdict)
        if verdict.result == "granted":
            self.unlock(self.config.verdict_unlock_seconds)
        return cursor

    def tamper(self, detail: str) -> int:
        """The tamper switch tripped."""
        return self.emit(EventType.TAMPER, TamperData(detail=detail))

    def set_reader(self, health: ReaderHealth) -> None:
        """The reader works again, or fails."""
        self.reader = health

    def _set_lock(self, lock: LockState) -> None:
        if lock is not self.lock:
            self.lock = lock
            self.emit(EventType.LOCK_CHANGED, LockChangedData(lock=lock))

    def _cancel_relock(self) -> None:
        if self._relock is not None:
            self._relock.cancel()
            self._relock = None

    def _relock_now(self) -> None:
        self._relock = None
        self._set_lock(LockState.LOCKED)

    def unlock(self, seconds: float) -> None:
        """Unlock for `seconds` (extending a running unlock); a free door stays unlocked."""
        if self.identity.mode is DoorMode.FREE:
            return
        self._cancel_relock()
        self._relock = self._loop.call_later(seconds, self._relock_now)
        self._set_lock(LockState.UNLOCKED)

    def set_mode(self, mode: DoorMode) -> None:
        """Switch mode: `free` holds the lock open, leaving `free` locks it."""
        previous = self.identity.mode
        if mode is previous:
            return
        self.identity = replace(self.identity, mode=mode)
        self._identities.save(self.identity)
        self.emit(EventType.MODE_CHANGED, ModeChangedData(mode=mode))
        if mode is DoorMode.FREE:
            self._cancel_relock()
            self._set_lock(LockState.UNLOCKED)
        elif previous is DoorMode.FREE:
            self._set_lock(LockState.LOCKED)

    def set_door(self, is_open: bool) -> None:
        """The contact saw the door open or close."""
        if is_open == (self.door is DoorContact.OPEN):
            return
        if is_open:
            self.door = DoorContact.OPEN
            self.emit(EventType.DOOR_OPENED, NoData())
            if self.lock is LockState.LOCKED:
                self.emit(EventType.FORCED, NoData())
            self._held_open = self._loop.call_later(self.config.held_open_after, self._held)
            return
        self.door = DoorContact.CLOSED
        if self._held_open is not None:
            self._held_open.cancel()
            self._held_open = None
        self.emit(EventType.DOOR_CLOSED, NoData())
        # One visit per unlock: a closing door ends a timed unlock at once.
        if self._relock is not None:
            self._cancel_relock()
            self._set_lock(LockState.LOCKED)

    def _held(self) -> None:
        self._held_open = None
        self.emit(EventType.HELD_OPEN, HeldOpenData(seconds=self.config.held_open_after))

    def pair(self, code: str) -> str:
        """Swap the pairing code for a fresh token; the previous token stops working."""
        now = self._loop.time()
        lockout = self.config.pair_lockout
        while self._pair_failures and self._pair_failures[0] <= now - lockout:
            self._pair_failures.popleft()
        if len(self._pair_failures) >= self.config.pair_max_failures:
            raise PairingLockedError(self._pair_failures[0] + lockout - now)
        if not hmac.compare_digest(code.encode(), self.identity.pairing_code.encode()):
            self._pair_failures.append(now)
            raise WrongPairingCodeError
        self._pair_failures.clear()
        token = secrets.token_urlsafe(32)
        self.identity = replace(self.identity, token_hash=hash_token(token))
        self._identities.save(self.identity)
        return token

    def set_faults(self, faults: Faults) -> None:
        """Apply new standing faults."""
        self.faults = faults
        if faults.stall:
            self.unstalled.clear()
        else:
            self.unstalled.set()
        self._wake_all()

    def drop_streams(self) -> None:
        """Cut every open stream's connection, as a Wi-Fi drop would."""
        for subscriber in self.subscribers:
            subscriber.drop_requested = True
        self._wake_all()

    def close(self) -> None:
        """Stop timers, release waiters, close the backlog file."""
        self.closed = True
        self._cancel_relock()
        if self._held_open is not None:
            self._held_open.cancel()
            self._held_open = None
        self.unstalled.set()
        self._wake_all()
        self.backlog.close()
