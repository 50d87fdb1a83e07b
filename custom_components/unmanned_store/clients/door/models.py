"""Typed shapes of the door protocol and their strict parsers.

Parsers take whatever `json.loads` produced and either return a frozen dataclass or raise
`MalformedMessageError`/`MalformedEventError` with a reason precise enough to log. Unknown keys
are ignored so a device may add fields within v1; missing or mistyped ones are rejected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
import json
import math
from typing import Final

from .const import (
    MAX_CODE_LENGTH,
    MAX_CURSOR,
    MAX_TEXT_LENGTH,
    ControlType,
    DoorContact,
    DoorMode,
    EventType,
    LockState,
    ReaderHealth,
    VerdictResult,
)
from .errors import MalformedEventError, MalformedMessageError


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """What `GET info` reports."""

    device_id: str
    model: str
    firmware: str
    api_version: str


@dataclass(frozen=True, slots=True)
class DoorState:
    """What `GET state` reports; `cursor` is the newest event's cursor (0 before any)."""

    mode: DoorMode
    lock: LockState
    door: DoorContact
    reader: ReaderHealth
    cursor: int


@dataclass(frozen=True, slots=True)
class ScanData:
    """A code the reader read, as raw text: the integration verifies it."""

    code: str


@dataclass(frozen=True, slots=True)
class VerdictData:
    """The decision of a device that verifies passes itself."""

    result: VerdictResult
    subject: str
    provider: str
    adult: bool | None


@dataclass(frozen=True, slots=True)
class NoData:
    """For events whose type says everything (door_opened, door_closed, forced)."""


@dataclass(frozen=True, slots=True)
class HeldOpenData:
    """The door has stood open this long."""

    seconds: float


@dataclass(frozen=True, slots=True)
class TamperData:
    """The device's tamper switch tripped; `detail` is free text, possibly empty."""

    detail: str


@dataclass(frozen=True, slots=True)
class LockChangedData:
    """The lock's new state."""

    lock: LockState


@dataclass(frozen=True, slots=True)
class ModeChangedData:
    """The door's new mode."""

    mode: DoorMode


@dataclass(frozen=True, slots=True)
class GapData:
    """Events after `since` and before `oldest` were lost: the device no longer holds them."""

    since: int
    oldest: int

    @property
    def lost(self) -> int:
        """How many events were lost."""
        return self.oldest - self.since - 1


type EventData = (
    ScanData
    | VerdictData
    | NoData
    | HeldOpenData
    | TamperData
    | LockChangedData
    | ModeChangedData
    | GapData
)


@dataclass(frozen=True, slots=True)
class DoorEvent:
    """One event of the stream; cursors increase strictly."""

    cursor: int
    type: EventType
    time: datetime
    data: EventData


@dataclass(frozen=True, slots=True)
class StreamHello:
    """The first frame of a stream: the device's newest and oldest held cursor."""

    latest: int
    oldest: int


@dataclass(frozen=True, slots=True)
class StreamGap:
    """The device no longer holds the events after `since`; it resumes at `oldest`."""

    since: int
    oldest: int


type StreamFrame = DoorEvent | StreamHello | StreamGap


def _object(obj: object, what: str, error: type[MalformedMessageError]) -> dict[str, object]:
    if not isinstance(obj, dict):
        raise error(f"{what} must be a JSON object, not {_json_kind(obj)}")
    return obj


def _json_kind(value: object) -> str:
    match value:
        case None:
            return "null"
        case bool():
            return "a boolean"
        case int() | float():
            return "a number"
        case str():
            return "a string"
        case list():
            return "an array"
        case dict():
            return "an object"
    return type(value).__name__


class _Fields:
    """Typed access to the fields of one JSON object, naming the field in every rejection."""

    def __init__(self, obj: dict[str, object], what: str, error: type[MalformedMessageError]):
        self._obj = obj
        self._what = what
        self._error = error

    def value(self, key: str) -> object:
        if key not in self._obj:
            raise self._error(f"{self._what}: missing field '{key}'")
        return self._obj[key]

    def fail(self, key: str, problem: str) -> MalformedMessageError:
        return self._error(f"{self._what}: field '{key}' {problem}")

    def text(self, key: str, *, max_length: int = MAX_TEXT_LENGTH, empty: bool = False) -> str:
        value = self.value(key)
        if not isinstance(value, str):
            raise self.fail(key, f"must be a string, not {_json_kind(value)}")
        if not value and not empty:
            raise self.fail(key, "must not be empty")
        if len(value) > max_length:
            raise self.fail(key, f"is longer than {max_length} characters")
        return value

    def integer(self, key: str, *, minimum: int = 0) -> int:
        value = self.value(key)
        # bool is an int in Python but never a number in JSON.
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(key, f"must be an integer, not {_json_kind(value)}")
        if not minimum <= value <= MAX_CURSOR:
            raise self.fail(key, f"must be between {minimum} and {MAX_CURSOR}, not {value}")
        return value

    def number(self, key: str) -> float:
        value = self.value(key)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self.fail(key, f"must be a number, not {_json_kind(value)}")
        if not math.isfinite(value) or value < 0:
            raise self.fail(key, f"must be a finite number >= 0, not {value}")
        return float(value)

    def optional_bool(self, key: str) -> bool | None:
        value = self.value(key)
        if value is not None and not isinstance(value, bool):
            raise self.fail(key, f"must be true, false or null, not {_json_kind(value)}")
        return value

    def choice[E: StrEnum](self, key: str, enum: type[E]) -> E:
        value = self.value(key)
        allowed = ", ".join(member.value for member in enum)
        if not isinstance(value, str):
            raise self.fail(key, f"must be one of {allowed}, not {_json_kind(value)}")
        try:
            return enum(value)
        except ValueError:
            raise self.fail(key, f"must be one of {allowed}, not {value[:40]!r}") from None

    def time(self, key: str) -> datetime:
        value = self.text(key, max_length=64)
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(key, f"is not an ISO 8601 time: {value!r}") from None
        if parsed.tzinfo is None:
            raise self.fail(key, f"has no UTC offset: {value!r}")
        return parsed


def parse_device_info(obj: object) -> DeviceInfo:
    """Parse the body of `GET info`."""
    fields = _Fields(_object(obj, "info", MalformedMessageError), "info", MalformedMessageError)
    return DeviceInfo(
        device_id=fields.text("device_id", max_length=64),
        model=fields.text("model"),
        firmware=fields.text("firmware"),
        api_version=fields.text("api_version", max_length=16),
    )


def parse_door_state(obj: object) -> DoorState:
    """Parse the body of `GET state` (also returned by `POST mode` and `POST unlock`)."""
    fields = _Fields(_object(obj, "state", MalformedMessageError), "state", MalformedMessageError)
    return DoorState(
        mode=fields.choice("mode", DoorMode),
        lock=fields.choice("lock", LockState),
        door=fields.choice("door", DoorContact),
        reader=fields.choice("reader", ReaderHealth),
        cursor=fields.integer("cursor"),
    )


def _no_data(_: _Fields) -> NoData:
    return NoData()


def _scan(fields: _Fields) -> ScanData:
    return ScanData(code=fields.text("code", max_length=MAX_CODE_LENGTH))


def _verdict(fields: _Fields) -> VerdictData:
    return VerdictData(
        result=fields.choice("result", VerdictResult),
        subject=fields.text("subject"),
        provider=fields.text("provider"),
        adult=fields.optional_bool("adult"),
    )


def _held_open(fields: _Fields) -> HeldOpenData:
    return HeldOpenData(seconds=fields.number("seconds"))


def _tamper(fields: _Fields) -> TamperData:
    return TamperData(detail=fields.text("detail", empty=True))


def _lock_changed(fields: _Fields) -> LockChangedData:
    return LockChangedData(lock=fields.choice("lock", LockState))


def _mode_changed(fields: _Fields) -> ModeChangedData:
    return ModeChangedData(mode=fields.choice("mode", DoorMode))


_DATA_PARSERS: Final[dict[EventType, Callable[[_Fields], EventData]]] = {
    EventType.SCAN: _scan,
    EventType.VERDICT: _verdict,
    EventType.DOOR_OPENED: _no_data,
    EventType.DOOR_CLOSED: _no_data,
    EventType.FORCED: _no_data,
    EventType.HELD_OPEN: _held_open,
    EventType.TAMPER: _tamper,
    EventType.LOCK_CHANGED: _lock_changed,
    EventType.MODE_CHANGED: _mode_changed,
}


def parse_event(obj: object) -> DoorEvent:
    """Parse one event object; raise `MalformedEventError` saying what is wrong."""
    event = _object(obj, "event", MalformedEventError)
    cursor = _Fields(event, "event", MalformedEventError).integer("cursor", minimum=1)
    fields = _Fields(event, f"event {cursor}", MalformedEventError)
    type_name = fields.text("type", max_length=32)
    try:
        event_type = EventType(type_name)
        parser = _DATA_PARSERS[event_type]
    except (ValueError, KeyError):
        raise fields.fail("type", f"names no v1 event type: {type_name!r}") from None
    time = fields.time("time")
    data_what = f"event {cursor} ({event_type.value}) data"
    data = _object(fields.value("data"), data_what, MalformedEventError)
    return DoorEvent(
        cursor=cursor,
        type=event_type,
        time=time,
        data=parser(_Fields(data, data_what, MalformedEventError)),
    )


_CONTROL_TYPES: Final = frozenset(member.value for member in ControlType)


def parse_frame(text: str) -> StreamFrame:
    """Parse one text frame of the event stream: an event, `hello` or `gap`."""
    try:
        obj = json.loads(text)
    except ValueError as err:
        raise MalformedEventError(f"frame is not JSON: {err}") from None
    except RecursionError:
        # json.loads recurses per nesting level; a hostile frame must not crash the reader.
        raise MalformedEventError("frame is nested too deeply") from None
    frame = _object(obj, "frame", MalformedEventError)
    control = frame.get("type")
    if "cursor" not in frame and isinstance(control, str) and control in _CONTROL_TYPES:
        fields = _Fields(frame, f"{control} frame", MalformedEventError)
        if control == ControlType.HELLO:
            return StreamHello(latest=fields.integer("latest"), oldest=fields.integer("oldest"))
        gap = StreamGap(since=fields.integer("since"), oldest=fields.integer("oldest", minimum=1))
        if gap.oldest <= gap.since + 1:
            raise fields.fail("oldest", f"must be above since + 1 = {gap.since + 1}")
        return gap
    return parse_event(frame)


def _data_to_json(data: EventData) -> dict[str, object]:
    match data:
        case ScanData(code=code):
            return {"code": code}
        case VerdictData():
            return {
                "result": data.result.value,
                "subject": data.subject,
                "provider": data.provider,
                "adult": data.adult,
            }
        case HeldOpenData(seconds=seconds):
            return {"seconds": seconds}
        case TamperData(detail=detail):
            return {"detail": detail}
        case LockChangedData(lock=lock):
            return {"lock": lock.value}
        case ModeChangedData(mode=mode):
            return {"mode": mode.value}
        case GapData(since=since, oldest=oldest):
            return {"since": since, "oldest": oldest}
        case NoData():
            return {}


def event_to_json(event: DoorEvent) -> dict[str, object]:
    """The wire form of an event, as `parse_event` reads it back."""
    return {
        "cursor": event.cursor,
        "type": event.type.value,
        "time": event.time.isoformat(),
        "data": _data_to_json(event.data),
    }


def device_info_to_json(info: DeviceInfo) -> dict[str, object]:
    """The wire form of `GET info`."""
    return {
        "device_id": info.device_id,
        "model": info.model,
        "firmware": info.firmware,
        "api_version": info.api_version,
    }


def door_state_to_json(state: DoorState) -> dict[str, object]:
    """The wire form of `GET state`."""
    return {
        "mode": state.mode.value,
        "lock": state.lock.value,
        "door": state.door.value,
        "reader": state.reader.value,
        "cursor": state.cursor,
    }
