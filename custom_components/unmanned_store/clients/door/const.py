"""Names and limits of the v1 door device protocol (docs/door-protocol.md).

The reference device imports these too, so client and device cannot drift apart.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

API_VERSION: Final = "1"
API_PREFIX: Final = "/api/v1"
SERVICE_TYPE: Final = "_unmanned-door._tcp.local."
DEFAULT_PORT: Final = 8480

TXT_DEVICE_ID: Final = "id"
TXT_MODEL: Final = "model"
TXT_FIRMWARE: Final = "fw"
TXT_API: Final = "api"

# A QR code holds at most 7,089 digits; anything longer is not a scan.
MAX_CODE_LENGTH: Final = 8192
MAX_TEXT_LENGTH: Final = 256
MIN_UNLOCK_SECONDS: Final = 0.1
MAX_UNLOCK_SECONDS: Final = 300.0
# Cursors are 64-bit signed on the device; bigger numbers can only be garbage.
MAX_CURSOR: Final = 2**63 - 1
MAX_POLL_TIMEOUT: Final = 60.0


class DoorMode(StrEnum):
    """Who may enter: the verifier applies it, a `free` door stays unlocked."""

    AUTHENTICATED = "authenticated"
    FREE = "free"
    CLOSED = "closed"
    ADULTS_ONLY = "adults_only"


class LockState(StrEnum):
    """Whether the strike or magnet holds the door."""

    LOCKED = "locked"
    UNLOCKED = "unlocked"


class DoorContact(StrEnum):
    """What the door contact reports."""

    OPEN = "open"
    CLOSED = "closed"


class ReaderHealth(StrEnum):
    """Whether the code reader works."""

    OK = "ok"
    FAULT = "fault"


class VerdictResult(StrEnum):
    """The decision of a device that verifies passes itself."""

    GRANTED = "granted"
    DENIED = "denied"


class EventType(StrEnum):
    """Event types; all but `gap` come from the device with a cursor."""

    SCAN = "scan"
    VERDICT = "verdict"
    DOOR_OPENED = "door_opened"
    DOOR_CLOSED = "door_closed"
    FORCED = "forced"
    HELD_OPEN = "held_open"
    TAMPER = "tamper"
    LOCK_CHANGED = "lock_changed"
    MODE_CHANGED = "mode_changed"
    # Made by the client when the device no longer holds events the client asked for.
    GAP = "gap"


class ControlType(StrEnum):
    """Stream frames that are not events and carry no cursor."""

    HELLO = "hello"
    GAP = "gap"


class ErrorCode(StrEnum):
    """The `error` field of an error body."""

    UNAUTHORIZED = "unauthorized"
    INVALID_REQUEST = "invalid_request"
    INVALID_CODE = "invalid_code"
    RATE_LIMITED = "rate_limited"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    CURSOR_AHEAD = "cursor_ahead"
    INTERNAL = "internal"
