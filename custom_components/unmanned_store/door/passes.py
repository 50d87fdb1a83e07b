"""Store passes: the QR codes this store issues, signs and checks itself.

A pass code is ``USP1.`` followed by base64url (no padding) of a compact binary payload and the
first 16 bytes (128 bits) of HMAC-SHA256 over the prefix and the payload, keyed with the store's
secret. The payload holds only what the door needs to decide (id, kind, validity, weekdays,
hours, use limit); the owner's label and anything personal stay out of the code, because a code
is shown on phones and photographed.

Payload, version 1 (big-endian)::

    flags  u8    bit 0 weekdays present, bit 1 hours present, bit 2 max_uses present
    kind   u8    index into _KIND_CODES
    from   u32   valid_from, seconds since the Unix epoch (UTC)
    until  u32   valid_until, likewise
    idlen  u8    length of the pass id, then the id (ASCII, url-safe alphabet)
    [days  u8]   weekday bitmask, bit 0 = Monday
    [hours u16 u16] start and end of the daily window, minutes after local midnight
    [uses  u16]  maximum number of entries

The version lives in the prefix (``USP<n>.``), so a future format can change everything after
it while old doors still recognise the code as ours and answer "unsupported version".

This module has no Home Assistant import: it is plain logic, unit-tested on its own.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
import hashlib
import hmac
import io
import re
import secrets
import struct
from typing import Final
import unicodedata

import segno


class PassKind(StrEnum):
    """Who a pass is for."""

    MEMBER = "member"
    STAFF = "staff"
    DELIVERY = "delivery"
    ADULT_VERIFIED = "adult_verified"


class DenyReason(StrEnum):
    """Why the door stayed shut; the values are translation keys shared by the door core."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NOT_UTF8 = "not_utf8"
    MALFORMED = "malformed"
    UNSUPPORTED_VERSION = "unsupported_version"
    BAD_SIGNATURE = "bad_signature"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    OUTSIDE_HOURS = "outside_hours"
    WRONG_WEEKDAY = "wrong_weekday"
    REVOKED = "revoked"
    USED_UP = "used_up"
    UNKNOWN_PASS = "unknown_pass"
    PROVIDER_DENIED = "provider_denied"
    PROVIDER_UNAVAILABLE = "provider_unavailable"
    PROVIDER_NOT_CONFIGURED = "provider_not_configured"
    NOT_ADULT = "not_adult"
    DOOR_CLOSED = "door_closed"
    BANNED = "banned"
    RATE_LIMITED = "rate_limited"
    UNRECOGNISED = "unrecognised"
    STALE_SCAN = "stale_scan"  # a networked reader's scan that reached us too late to open for
    STORAGE_UNAVAILABLE = "storage_unavailable"  # use counts and revocations cannot be checked


class PassError(ValueError):
    """A scanned code was refused; ``reason`` says why in a form the door core can log."""

    def __init__(self, reason: DenyReason, detail: str = "") -> None:
        """Keep the reason; the detail is for logs and must never contain the code itself."""
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail


PASS_PREFIX: Final = "USP1."
MAX_SCAN_BYTES: Final = 1024
MAC_BYTES: Final = 16
MIN_SECRET_BYTES: Final = 16
MAX_PASS_ID_LEN: Final = 32
MAX_USES_LIMIT: Final = 0xFFFF

_VERSION: Final = 1
_PREFIX_RE: Final = re.compile(r"USP([0-9]{1,3})\.")
_B64URL_RE: Final = re.compile(r"[A-Za-z0-9_-]+")
_PASS_ID_RE: Final = re.compile(r"[A-Za-z0-9_-]{1,32}")
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_TIMESTAMP: Final = 0xFFFFFFFF
_HEAD: Final = struct.Struct(">BBIIB")
_HOURS: Final = struct.Struct(">HH")
_USES: Final = struct.Struct(">H")
_FLAG_WEEKDAYS: Final = 0x01
_FLAG_HOURS: Final = 0x02
_FLAG_MAX_USES: Final = 0x04
_KNOWN_FLAGS: Final = _FLAG_WEEKDAYS | _FLAG_HOURS | _FLAG_MAX_USES
# Wire codes are positions in this tuple: append new kinds, never reorder.
_KIND_CODES: Final = (
    PassKind.MEMBER,
    PassKind.STAFF,
    PassKind.DELIVERY,
    PassKind.ADULT_VERIFIED,
)
_MIN_RAW: Final = _HEAD.size + 1 + MAC_BYTES
# Readers append CR/LF and some pad with spaces; anything far beyond the limit is refused
# before decoding so a flood of junk costs nothing.
_RAW_SLACK: Final = 64
# Separators that str.strip() removes at the ends but that must not hide inside a code.
_FORBIDDEN_CATEGORIES: Final = frozenset({"Cc", "Cs", "Zl", "Zp"})


@dataclass(frozen=True, slots=True)
class StorePass:
    """What a pass allows. Times are kept to the second in UTC, hours to the minute.

    ``hours`` is a local wall-clock window in the store's time zone; when start > end it crosses
    midnight and belongs to the weekday on which it starts. ``label`` is the owner's note and is
    never encoded in the code.
    """

    pass_id: str
    kind: PassKind
    valid_from: datetime
    valid_until: datetime
    weekdays: frozenset[int] | None = None
    hours: tuple[time, time] | None = None
    max_uses: int | None = None
    label: str = ""

    def __post_init__(self) -> None:
        """Refuse passes that could not be encoded, and normalise what encoding would round."""
        if not isinstance(self.pass_id, str) or not _PASS_ID_RE.fullmatch(self.pass_id):
            raise ValueError("pass_id must be 1-32 characters of A-Z a-z 0-9 _ -")
        object.__setattr__(self, "kind", PassKind(self.kind))
        valid_from = _to_utc_second(self.valid_from, "valid_from")
        valid_until = _to_utc_second(self.valid_until, "valid_until")
        if valid_until <= valid_from:
            raise ValueError("valid_until must be after valid_from")
        object.__setattr__(self, "valid_from", valid_from)
        object.__setattr__(self, "valid_until", valid_until)
        if self.weekdays is not None:
            weekdays = frozenset(self.weekdays)
            if not weekdays or any(
                not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 6 for d in weekdays
            ):
                raise ValueError("weekdays must be a non-empty set of 0 (Monday) to 6 (Sunday)")
            object.__setattr__(self, "weekdays", weekdays)
        if self.hours is not None:
            start, end = self.hours
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError("hours are local wall-clock times and carry no time zone")
            start = start.replace(second=0, microsecond=0)
            end = end.replace(second=0, microsecond=0)
            if start == end:
                raise ValueError("hours must start and end at different minutes")
            object.__setattr__(self, "hours", (start, end))
        if self.max_uses is not None and (
            isinstance(self.max_uses, bool) or not 1 <= self.max_uses <= MAX_USES_LIMIT
        ):
            raise ValueError(f"max_uses must be between 1 and {MAX_USES_LIMIT}")


def _to_utc_second(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    value = value.astimezone(UTC).replace(microsecond=0)
    if not _EPOCH <= value <= _EPOCH + timedelta(seconds=_MAX_TIMESTAMP):
        raise ValueError(f"{name} must lie between 1970-01-01 and 2106-02-07 UTC")
    return value


def new_secret() -> bytes:
    """Return a fresh 256-bit signing secret for a store."""
    return secrets.token_bytes(32)


def new_pass_id() -> str:
    """Return a fresh pass id: 12 url-safe characters, 72 random bits."""
    return secrets.token_urlsafe(9)


def _check_secret(secret: bytes) -> None:
    if not isinstance(secret, bytes | bytearray) or len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"the pass secret must be at least {MIN_SECRET_BYTES} bytes")


def _mac(secret: bytes, prefix: str, payload: bytes) -> bytes:
    # The prefix is signed too, so a payload cannot be replayed under another version.
    digest = hmac.new(secret, prefix.encode("ascii") + payload, hashlib.sha256).digest()
    return digest[:MAC_BYTES]


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def encode_pass(p: StorePass, secret: bytes) -> str:
    """Sign a pass and return its code (about 60 characters for a typical pass)."""
    _check_secret(secret)
    flags = 0
    tail = b""
    if p.weekdays is not None:
        flags |= _FLAG_WEEKDAYS
        tail += bytes([sum(1 << d for d in p.weekdays)])
    if p.hours is not None:
        flags |= _FLAG_HOURS
        tail += _HOURS.pack(_minutes(p.hours[0]), _minutes(p.hours[1]))
    if p.max_uses is not None:
        flags |= _FLAG_MAX_USES
        tail += _USES.pack(p.max_uses)
    pass_id = p.pass_id.encode("ascii")
    payload = (
        _HEAD.pack(
            flags,
            _KIND_CODES.index(p.kind),
            int((p.valid_from - _EPOCH).total_seconds()),
            int((p.valid_until - _EPOCH).total_seconds()),
            len(pass_id),
        )
        + pass_id
        + tail
    )
    body = payload + _mac(secret, PASS_PREFIX, payload)
    return PASS_PREFIX + base64.urlsafe_b64encode(body).rstrip(b"=").decode("ascii")


def is_store_pass(code: str) -> bool:
    """Tell whether a code claims to be one of ours (any version), so it is not sent elsewhere."""
    return _PREFIX_RE.match(code) is not None


def decode_pass(code: str, secret: bytes) -> StorePass:
    """Verify a code's signature and return its pass; raise PassError for anything else.

    Only the fixed-size length fields are read before the signature is checked; the rest of the
    payload is parsed only once it is known to be signed with this store's secret.
    """
    _check_secret(secret)
    match = _PREFIX_RE.match(code)
    if match is None:
        raise PassError(DenyReason.MALFORMED, "not a store pass")
    if int(match.group(1)) != _VERSION:
        raise PassError(DenyReason.UNSUPPORTED_VERSION, f"version {int(match.group(1))}")
    text = code[match.end() :]
    if not _B64URL_RE.fullmatch(text) or len(text) % 4 == 1:
        raise PassError(DenyReason.MALFORMED, "not base64url")
    # Cannot fail: the alphabet and the length were checked just above.
    body = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    # Unused trailing bits would give one pass many spellings; accept only the canonical one.
    if base64.urlsafe_b64encode(body).rstrip(b"=").decode("ascii") != text:
        raise PassError(DenyReason.MALFORMED, "non-canonical base64url")
    if len(body) < _MIN_RAW or len(body) != _declared_length(body) + MAC_BYTES:
        # Reading the length fields before the signature is safe (fixed-size integers) and lets
        # a code cut short by a reader be reported as malformed rather than as forged.
        raise PassError(DenyReason.MALFORMED, "truncated or overlong")
    payload, mac = body[:-MAC_BYTES], body[-MAC_BYTES:]
    if not hmac.compare_digest(mac, _mac(secret, PASS_PREFIX, payload)):
        raise PassError(DenyReason.BAD_SIGNATURE, "signature does not match")
    return _parse_payload(payload)


def _declared_length(payload: bytes) -> int:
    """Return the payload length its header announces."""
    flags, _, _, _, id_len = _HEAD.unpack_from(payload)
    length: int = _HEAD.size + id_len
    length += 1 if flags & _FLAG_WEEKDAYS else 0
    length += _HOURS.size if flags & _FLAG_HOURS else 0
    length += _USES.size if flags & _FLAG_MAX_USES else 0
    return length


def _parse_payload(payload: bytes) -> StorePass:
    flags, kind_code, valid_from, valid_until, id_len = _HEAD.unpack_from(payload)
    if flags & ~_KNOWN_FLAGS:
        raise PassError(DenyReason.MALFORMED, "unknown flags")
    if kind_code >= len(_KIND_CODES):
        raise PassError(DenyReason.MALFORMED, "unknown kind")
    offset = _HEAD.size
    try:
        pass_id = payload[offset : offset + id_len].decode("ascii")
    except UnicodeDecodeError as err:
        raise PassError(DenyReason.MALFORMED, "pass id is not ASCII") from err
    offset += id_len
    weekdays: frozenset[int] | None = None
    hours: tuple[time, time] | None = None
    max_uses: int | None = None
    if flags & _FLAG_WEEKDAYS:
        mask = payload[offset]
        offset += 1
        weekdays = frozenset(d for d in range(7) if mask >> d & 1)
        if mask >> 7:
            raise PassError(DenyReason.MALFORMED, "weekday bit 7 set")
    if flags & _FLAG_HOURS:
        start, end = _HOURS.unpack_from(payload, offset)
        offset += _HOURS.size
        if start >= 1440 or end >= 1440:
            raise PassError(DenyReason.MALFORMED, "hour out of range")
        hours = (time(start // 60, start % 60), time(end // 60, end % 60))
    if flags & _FLAG_MAX_USES:
        (max_uses,) = _USES.unpack_from(payload, offset)
    try:
        return StorePass(
            pass_id=pass_id,
            kind=_KIND_CODES[kind_code],
            valid_from=_EPOCH + timedelta(seconds=valid_from),
            valid_until=_EPOCH + timedelta(seconds=valid_until),
            weekdays=weekdays,
            hours=hours,
            max_uses=max_uses,
        )
    except ValueError as err:
        raise PassError(DenyReason.MALFORMED, str(err)) from err


def check_pass_window(p: StorePass, now: datetime, tz: tzinfo) -> DenyReason | None:
    """Return why the pass is not valid at ``now`` in the store's time zone, or None.

    Hours are compared as local wall-clock times, so they follow DST shifts; a window that
    crosses midnight (22:00-02:00) counts its after-midnight part towards the weekday on which
    it started, so a Friday-night pass still opens at 01:00 on Saturday.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if now < p.valid_from:
        return DenyReason.NOT_YET_VALID
    if now >= p.valid_until:
        return DenyReason.EXPIRED
    local = now.astimezone(tz)
    day: date = local.date()
    if p.hours is not None:
        start, end = p.hours
        wall = local.time().replace(tzinfo=None)
        if start < end:
            inside = start <= wall < end
        else:
            inside = wall >= start or wall < end
            if inside and wall < end:
                day -= timedelta(days=1)
        if not inside:
            return DenyReason.OUTSIDE_HOURS
    if p.weekdays is not None and day.weekday() not in p.weekdays:
        return DenyReason.WRONG_WEEKDAY
    return None


def normalise_scan(raw: str | bytes) -> str:
    """Turn what a reader sent into a code, or raise PassError saying why it is unusable.

    Whitespace and CR/LF that readers append are stripped; control characters inside the code
    are refused, since no legitimate QR payload we accept contains them and they are how log
    and terminal injection starts.
    """
    if len(raw) > MAX_SCAN_BYTES + _RAW_SLACK:
        raise PassError(DenyReason.TOO_LONG, f"{len(raw)} characters")
    if isinstance(raw, bytes | bytearray):
        try:
            text = bytes(raw).decode("utf-8")
        except UnicodeDecodeError as err:
            raise PassError(DenyReason.NOT_UTF8, "invalid UTF-8") from err
    else:
        text = raw
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as err:
            raise PassError(DenyReason.NOT_UTF8, "lone surrogate") from err
    # A byte-order mark is what some readers emit in front of UTF-8 text.
    text = text.removeprefix("\ufeff").strip()
    if not text:
        raise PassError(DenyReason.EMPTY, "nothing scanned")
    if len(text.encode("utf-8")) > MAX_SCAN_BYTES:
        raise PassError(DenyReason.TOO_LONG, f"more than {MAX_SCAN_BYTES} bytes")
    if any(unicodedata.category(ch) in _FORBIDDEN_CATEGORIES for ch in text):
        raise PassError(DenyReason.MALFORMED, "control character")
    return text


def _qr(code: str) -> segno.QRCode:
    # Error level M survives a scratched phone screen and keeps a typical pass at version 4.
    return segno.make(code, error="m", micro=False, boost_error=False)


def pass_qr_svg(code: str, scale: int = 8) -> str:
    """Return the code as a standalone SVG document."""
    buf = io.BytesIO()
    _qr(code).save(buf, kind="svg", scale=scale, border=4, xmldecl=False)
    return buf.getvalue().decode("utf-8")


def pass_qr_png(code: str, scale: int = 8) -> bytes:
    """Return the code as a PNG image, large enough for a phone screen at the default scale."""
    buf = io.BytesIO()
    _qr(code).save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()


def pass_qr_version(code: str) -> int:
    """Return the QR version (size class, 1-40) the code is drawn with."""
    version = _qr(code).version
    assert isinstance(version, int)
    return version
