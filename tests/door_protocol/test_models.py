"""Strict parsing of events, frames, info and state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
import json

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.unmanned_store.clients.door import (
    MAX_CODE_LENGTH,
    DeviceInfo,
    DoorContact,
    DoorEvent,
    DoorMode,
    DoorState,
    EventType,
    GapData,
    HeldOpenData,
    LockChangedData,
    LockState,
    MalformedEventError,
    MalformedMessageError,
    ModeChangedData,
    NoData,
    ReaderHealth,
    ScanData,
    StreamGap,
    StreamHello,
    TamperData,
    VerdictData,
    VerdictResult,
    device_info_to_json,
    door_state_to_json,
    event_to_json,
    parse_device_info,
    parse_door_state,
    parse_event,
    parse_frame,
)

TIME = "2026-11-22T10:00:00+00:00"


def _event(
    type_: object, data: object, cursor: object = 7, time: object = TIME
) -> dict[str, object]:
    return {"cursor": cursor, "type": type_, "time": time, "data": data}


@pytest.mark.parametrize(
    ("type_", "data", "expected"),
    [
        ("scan", {"code": "PASS:abc"}, ScanData("PASS:abc")),
        (
            "verdict",
            {"result": "granted", "subject": "s1", "provider": "kakao", "adult": True},
            VerdictData(VerdictResult.GRANTED, "s1", "kakao", adult=True),
        ),
        (
            "verdict",
            {"result": "denied", "subject": "s2", "provider": "pass", "adult": None},
            VerdictData(VerdictResult.DENIED, "s2", "pass", adult=None),
        ),
        ("door_opened", {}, NoData()),
        ("door_closed", {}, NoData()),
        ("forced", {}, NoData()),
        ("held_open", {"seconds": 30}, HeldOpenData(30.0)),
        ("tamper", {"detail": ""}, TamperData("")),
        ("lock_changed", {"lock": "unlocked"}, LockChangedData(LockState.UNLOCKED)),
        ("mode_changed", {"mode": "adults_only"}, ModeChangedData(DoorMode.ADULTS_ONLY)),
    ],
)
def test_parse_event_accepts_every_v1_type(type_: str, data: object, expected: object) -> None:
    event = parse_event(_event(type_, data))
    assert event == DoorEvent(7, EventType(type_), datetime(2026, 11, 22, 10, tzinfo=UTC), expected)  # type: ignore[arg-type]
    assert parse_event(event_to_json(event)) == event


def test_parse_event_ignores_unknown_keys_and_keeps_offsets() -> None:
    obj = _event("scan", {"code": "x", "extra": 1}, time="2026-11-22T19:00:00+09:00")
    event = parse_event({**obj, "future_field": [1]})
    assert event.time == datetime(2026, 11, 22, 19, tzinfo=timezone(timedelta(hours=9)))
    assert event.data == ScanData("x")


@pytest.mark.parametrize(
    ("obj", "reason"),
    [
        ([], "event must be a JSON object, not an array"),
        ("scan", "event must be a JSON object, not a string"),
        (None, "event must be a JSON object, not null"),
        ({"type": "scan"}, "event: missing field 'cursor'"),
        (_event("scan", {"code": "x"}, cursor=True), "'cursor' must be an integer, not a boolean"),
        (_event("scan", {"code": "x"}, cursor=1.0), "'cursor' must be an integer, not a number"),
        (_event("scan", {"code": "x"}, cursor="7"), "'cursor' must be an integer, not a string"),
        (_event("scan", {"code": "x"}, cursor=0), "'cursor' must be between 1 and"),
        (_event("scan", {"code": "x"}, cursor=2**63), "'cursor' must be between 1 and"),
        (_event("teleport", {}), "event 7: field 'type' names no v1 event type: 'teleport'"),
        (_event("gap", {}), "names no v1 event type: 'gap'"),
        (_event(3, {}), "event 7: field 'type' must be a string, not a number"),
        (_event("scan", {"code": "x"}, time="yesterday"), "is not an ISO 8601 time"),
        (_event("scan", {"code": "x"}, time="2026-11-22T10:00:00"), "has no UTC offset"),
        (_event("scan", {"code": "x"}, time=0), "'time' must be a string, not a number"),
        (_event("scan", []), "event 7 (scan) data must be a JSON object, not an array"),
        ({"cursor": 7, "type": "scan", "time": TIME}, "event 7: missing field 'data'"),
        (_event("scan", {"code": ""}), "field 'code' must not be empty"),
        (_event("scan", {"code": "x" * (MAX_CODE_LENGTH + 1)}), "'code' is longer than 8192"),
        (_event("scan", {}), "event 7 (scan) data: missing field 'code'"),
        (
            _event("verdict", {"result": "maybe", "subject": "s", "provider": "p", "adult": None}),
            "'result' must be one of granted, denied, not 'maybe'",
        ),
        (
            _event("verdict", {"result": 1, "subject": "s", "provider": "p", "adult": None}),
            "'result' must be one of granted, denied, not a number",
        ),
        (
            _event("verdict", {"result": "granted", "subject": "s", "provider": "p", "adult": 1}),
            "'adult' must be true, false or null, not a number",
        ),
        (_event("held_open", {"seconds": -1}), "'seconds' must be a finite number >= 0"),
        (_event("held_open", {"seconds": float("nan")}), "'seconds' must be a finite number"),
        (_event("held_open", {"seconds": False}), "'seconds' must be a number, not a boolean"),
        (_event("tamper", {"detail": None}), "'detail' must be a string, not null"),
        (_event("lock_changed", {"lock": "ajar"}), "'lock' must be one of locked, unlocked"),
        (_event("mode_changed", {"mode": "party"}), "'mode' must be one of authenticated, free"),
    ],
)
def test_parse_event_rejects_with_precise_reason(obj: object, reason: str) -> None:
    with pytest.raises(MalformedEventError) as caught:
        parse_event(obj)
    assert reason in caught.value.reason


def test_parse_frame_reads_control_frames() -> None:
    assert parse_frame('{"type": "hello", "latest": 9, "oldest": 3}') == StreamHello(9, 3)
    assert parse_frame('{"type": "gap", "since": 2, "oldest": 10}') == StreamGap(2, 10)
    assert parse_frame(json.dumps(_event("scan", {"code": "q"}))).cursor == 7  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("nope {", "frame is not JSON"),
        ("[" * 100_000 + "]" * 100_000, "frame is nested too deeply"),
        ("42", "frame must be a JSON object, not a number"),
        ('{"type": "hello", "latest": -1, "oldest": 0}', "hello frame: field 'latest' must be"),
        ('{"type": "gap", "since": 5, "oldest": 6}', "gap frame: field 'oldest' must be above"),
        ('{"type": "gap", "oldest": 6}', "gap frame: missing field 'since'"),
        ('{"type": "hello", "cursor": 1}', "names no v1 event type: 'hello'"),
        ('{"type": ["hello"], "cursor": 1}', "'type' must be a string, not an array"),
    ],
)
def test_parse_frame_rejects(text: str, reason: str) -> None:
    with pytest.raises(MalformedEventError) as caught:
        parse_frame(text)
    assert reason in caught.value.reason


def test_gap_counts_lost_events() -> None:
    assert GapData(since=3, oldest=10).lost == 6


def test_info_and_state_round_trip() -> None:
    info = DeviceInfo("door-1", "reference-door", "1.0.0", "1")
    state = DoorState(DoorMode.FREE, LockState.UNLOCKED, DoorContact.OPEN, ReaderHealth.FAULT, 4)
    assert parse_device_info(device_info_to_json(info)) == info
    assert parse_door_state(door_state_to_json(state)) == state


@pytest.mark.parametrize(
    ("parse", "obj", "reason"),
    [
        (parse_device_info, [], "info must be a JSON object, not an array"),
        (parse_device_info, {"device_id": "d", "model": "m", "firmware": "f"}, "'api_version'"),
        (parse_device_info, {"device_id": "", "model": "m"}, "'device_id' must not be empty"),
        (
            parse_door_state,
            {"mode": "free", "lock": "locked", "door": "ajar", "reader": "ok", "cursor": 0},
            "state: field 'door' must be one of open, closed, not 'ajar'",
        ),
        (
            parse_door_state,
            {"mode": "free", "lock": "locked", "door": "open", "reader": "ok", "cursor": -1},
            "state: field 'cursor' must be between 0",
        ),
    ],
)
def test_info_and_state_rejections(parse: object, obj: object, reason: str) -> None:
    assert callable(parse)
    with pytest.raises(MalformedMessageError) as caught:
        parse(obj)
    assert reason in caught.value.reason


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
# Arbitrary values are mostly rejected at the first field; mixing in the real keys and
# plausible values gets the search into the deeper checks too.
plausible_fields = st.fixed_dictionaries(
    {},
    optional={
        "cursor": st.integers(min_value=-2, max_value=2**64) | json_values,
        "type": st.sampled_from([*EventType, "hello", "x"]) | json_values,
        "time": st.sampled_from([TIME, "2026-11-22", "bad", "2026-11-22T10:00:00Z"]) | json_values,
        "data": st.dictionaries(
            st.sampled_from(
                [
                    "code",
                    "result",
                    "subject",
                    "provider",
                    "adult",
                    "seconds",
                    "lock",
                    "mode",
                    "detail",
                ]
            ),
            json_values | st.sampled_from(["granted", "locked", "free", "abc"]),
        )
        | json_values,
    },
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(json_values, plausible_fields))
def test_parse_event_on_arbitrary_json_returns_or_rejects(obj: object) -> None:
    try:
        event: DoorEvent | str = parse_event(obj)
    except MalformedEventError as err:
        event = err.reason
    if isinstance(event, str):
        assert event
    else:
        assert event.cursor >= 1
        assert event.time.tzinfo is not None
        assert parse_event(event_to_json(event)) == event


@settings(max_examples=100, deadline=None)
@given(st.one_of(json_values, plausible_fields))
def test_parse_frame_on_arbitrary_json_text_returns_or_rejects(obj: object) -> None:
    reason = "accepted"
    try:
        parse_frame(json.dumps(obj))
    except MalformedEventError as err:
        reason = err.reason
    assert reason


valid_events = st.builds(
    DoorEvent,
    cursor=st.integers(min_value=1, max_value=2**63 - 1),
    type=st.just(EventType.SCAN),
    time=st.datetimes(timezones=st.just(UTC)),
    data=st.builds(ScanData, code=st.text(min_size=1, max_size=MAX_CODE_LENGTH)),
) | st.builds(
    DoorEvent,
    cursor=st.integers(min_value=1, max_value=2**63 - 1),
    type=st.just(EventType.VERDICT),
    time=st.datetimes(timezones=st.just(UTC)),
    data=st.builds(
        VerdictData,
        result=st.sampled_from(VerdictResult),
        subject=st.text(min_size=1, max_size=256),
        provider=st.text(min_size=1, max_size=256),
        adult=st.none() | st.booleans(),
    ),
)


@settings(max_examples=100, deadline=None)
@given(valid_events)
def test_valid_events_survive_the_wire(event: DoorEvent) -> None:
    assert parse_frame(json.dumps(event_to_json(event))) == event
