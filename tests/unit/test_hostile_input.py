"""Hostile input, property-based: every parser that touches the outside world either returns a
value or rejects with a reason; none raises anything else. (Pass codes and door-protocol frames
have their own properties in test_passes_codec.py and tests/door_protocol/test_models.py.)

Each property names the parser, what arbitrary input it gets, and what a rejection is.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, example, given, settings, strategies as st

from custom_components.unmanned_store.cameras.geometry import (
    GeometryError,
    format_points,
    format_zones,
    parse_line,
    parse_zones,
)
from custom_components.unmanned_store.cameras.settings import redact_url, valid_source
from custom_components.unmanned_store.clients.engine.client import (
    EngineClient,
    EngineEvent,
    EngineResponseError,
)
from custom_components.unmanned_store.door.passes import DenyReason
from custom_components.unmanned_store.door.verifier import (
    KNOWN_PROVIDERS,
    MAX_SUBJECT_LEN,
    verdict_from_response,
    verifier_url_error,
)
from custom_components.unmanned_store.hours.form import parse_exceptions_text
from custom_components.unmanned_store.hours.model import HoursError, parse_hours_text
from unmanned_store_engine.config import ConfigError, parse_camera
from unmanned_store_engine.events import Detection, EventLog

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


def _mostly(keys: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects with the expected keys, each either right-ish or any JSON value, some missing."""
    return st.fixed_dictionaries(
        {}, optional={key: strategy | json_values for key, strategy in keys.items()}
    )


# ----- identity-provider responses -----

verifier_bodies = _mostly(
    {
        "granted": st.booleans(),
        "subject": st.text(max_size=300),
        "adult": st.booleans(),
        "provider": st.sampled_from([*sorted(KNOWN_PROVIDERS), "KAKAO", "mystery"]),
        "reason": st.text(max_size=300),
    }
)


@SETTINGS
@given(st.binary(max_size=400) | verifier_bodies.map(lambda b: json.dumps(b).encode()))
@example(b"[" * 100_000)  # nesting deep enough to break a recursive parser
@example(b"\xff\xfe")
def test_verifier_response(raw: bytes) -> None:
    """Any bytes: a verdict that keeps the contract, or the reason the provider counts as down."""
    verdict = verdict_from_response(raw)
    if isinstance(verdict, str):
        assert verdict  # the reason, logged and kept as the visit's detail
        return
    if verdict.granted:
        assert verdict.reason is None
        assert isinstance(verdict.subject, str)
        assert 0 < len(verdict.subject) <= MAX_SUBJECT_LEN
        assert isinstance(verdict.adult, bool)
    else:
        assert verdict.reason is DenyReason.PROVIDER_DENIED
        assert verdict.subject is None or len(verdict.subject) <= MAX_SUBJECT_LEN
        assert verdict.detail is None or (
            len(verdict.detail) <= 200 and verdict.detail.isprintable()
        )
    assert verdict.provider is None or verdict.provider in {*KNOWN_PROVIDERS, "other"}


@SETTINGS
@given(st.text(max_size=80))
@example("http://[::1")
@example("https://host:99999/x")
def test_verifier_url(url: str) -> None:
    """Any text typed as the verifier URL: usable (None) or a translated error key."""
    assert verifier_url_error(url) in (None, "invalid_url", "https_required")


# ----- engine API messages, as the integration reads them -----

events = _mostly(
    {
        "cursor": st.text(max_size=12),
        "camera_id": st.text(max_size=12),
        "type": st.sampled_from(["crossing_in", "tamper_started", "resolution_changed"]),
        "time": st.datetimes().map(lambda d: d.isoformat()),
        "media_time": st.floats(allow_nan=False),
        "zone": st.text(max_size=8),
        "line": st.text(max_size=8),
        "track_id": st.integers(),
        "counts": st.dictionaries(st.text(max_size=5), st.integers()),
        "data": st.dictionaries(st.text(max_size=5), json_values),
    }
)


@SETTINGS
@given(
    st.text(max_size=200)
    | json_values.map(json.dumps)
    | events.map(lambda e: json.dumps({"type": "event", "event": e}))
    | st.sampled_from(["cursor_too_old", "cursor_unknown", "hello"]).map(
        lambda kind: json.dumps({"type": kind})
    )
)
@example('{"type": {}}')
@example('{"type": "event", "event": []}')
def test_engine_stream_message(text: str) -> None:
    """Any WebSocket text frame: an event whose fields have their types, or ignored (None)."""
    gaps: list[str] = []
    event = EngineClient._read_message(text, "boot:1", lambda kind, _cursor: gaps.append(kind))
    if event is None:
        return
    assert isinstance(event.cursor, str)
    assert isinstance(event.camera_id, str)
    assert event.time.tzinfo is not None
    assert event.zone is None or isinstance(event.zone, str)
    assert event.line is None or isinstance(event.line, str)
    assert event.track_id is None or isinstance(event.track_id, int)
    assert all(isinstance(v, int) for v in event.counts.values())
    event.position  # noqa: B018 - must not raise on any cursor


@SETTINGS
@given(events)
@example({"cursor": "b:²", "camera_id": "c", "type": "t", "time": "2026-01-01T00:00:00+00:00"})
def test_engine_event_fields(raw: dict[str, Any]) -> None:
    """An event object: parsed with every field checked, or EngineResponseError naming why."""
    try:
        event = EngineEvent.from_dict(raw)
    except EngineResponseError as err:
        error = err
    else:
        assert isinstance(event.media_time, float)
        assert isinstance(event.position[1], int)
        return
    assert "malformed event" in str(error)


# ----- engine API requests, as the engine reads them -----

cameras = _mostly(
    {
        "id": st.from_regex(r"[a-z0-9][a-z0-9_-]{0,10}", fullmatch=True),
        "source": st.sampled_from(["rtsp://cam/1", "/clip.avi", "http://[::1", "ftp://x"]),
        "role": st.sampled_from(["door", "aisle", "counter", "outside", "roof"]),
        "fps": st.floats(allow_nan=True, allow_infinity=True),
        "lines": st.lists(
            _mostly(
                {
                    "id": st.text(max_size=5),
                    "p1": st.lists(st.floats(allow_nan=True), max_size=3),
                    "p2": st.lists(st.floats(allow_nan=True), max_size=3),
                }
            ),
            max_size=3,
        ),
        "zones": st.lists(
            _mostly(
                {
                    "id": st.text(max_size=5),
                    "polygon": st.lists(st.lists(st.floats(), max_size=3), max_size=5),
                }
            ),
            max_size=3,
        ),
        "thresholds": st.dictionaries(
            st.sampled_from(["crowding_people", "loiter_seconds", "flame", "tamper", "bogus"]),
            json_values | st.floats(allow_nan=True, allow_infinity=True),
        ),
    }
)


@SETTINGS
@given(cameras | json_values)
def test_engine_camera_config(raw: Any) -> None:
    """A camera configuration body: a config that survives its own round trip, or ConfigError."""
    try:
        config = parse_camera(raw)
    except ConfigError as err:
        error = err
    else:
        assert parse_camera(config.to_dict()) == config
        return
    assert str(error)


@SETTINGS
@given(st.text(max_size=30))
@example("x:²")
@example(":")
def test_engine_event_cursor(cursor: str) -> None:
    """Any ?since= cursor: ok, unknown or too old, with the events to replay; never a 500."""
    log = EventLog(capacity=3)
    for n in range(5):
        log.append("cam", Detection("crossing_in", float(n)))
    status, replay = log.since(cursor)
    assert status in ("ok", "unknown", "too_old")
    assert len(replay) <= 3
    assert log.since(f"{log.boot}:{status and 4}")[0] == "ok"


# ----- configuration typed by the owner -----

fractions = st.floats(min_value=0, max_value=1, allow_nan=False)
points = st.tuples(fractions, fractions)


@SETTINGS
@given(st.text(alphabet=st.sampled_from("0123456789.,; :-abcze+_\n\t"), max_size=60) | st.text())
def test_line_and_zones_text(text: str) -> None:
    """Any text in the line or zones field: parsed, or a GeometryError with a translation key."""
    errors: list[GeometryError] = []
    for parse in (parse_line, parse_zones):
        try:
            parse(text)
        except GeometryError as err:
            errors.append(err)
    for error in errors:
        assert error.key
        assert all(isinstance(v, str) for v in error.placeholders.values())


@SETTINGS
@given(st.lists(points, min_size=2, max_size=2, unique=True))
def test_line_round_trip(line: list[tuple[float, float]]) -> None:
    """What the options flow shows again parses to exactly the same line."""
    assert parse_line(format_points(tuple(line))) == tuple(line)


@SETTINGS
@given(st.lists(st.lists(points, min_size=3, max_size=6), min_size=1, max_size=3))
def test_zones_round_trip(polygons: list[list[tuple[float, float]]]) -> None:
    """Unnamed zones get names; formatted and parsed again they are the same zones."""
    text = "; ".join(format_points(tuple(p)) for p in polygons)
    zones = parse_zones(text)
    assert [z.id for z in zones] == [f"zone{i + 1}" for i in range(len(polygons))]
    assert parse_zones(format_zones(zones)) == zones


@SETTINGS
@given(st.text(max_size=80))
@example("rtsp://user:secret@[::1")
@example("rtsp://admin:hunter2@cam:99999/stream")
def test_stream_url(url: str) -> None:
    """Any text as a camera URL: accepted or refused (the flow's invalid_source), never raised;
    redacting it for a log never raises either.
    """
    assert valid_source(url) in (True, False)
    assert isinstance(redact_url(url), str)


@SETTINGS
@given(
    st.sampled_from(["rtsp", "rtsps", "http", "https"]),
    st.from_regex(r"[a-z]{1,8}", fullmatch=True),
    st.from_regex(r"[A-Z]{6,12}", fullmatch=True),
    st.from_regex(r"[a-z0-9.]{1,12}", fullmatch=True),
    st.none() | st.integers(),
    st.from_regex(r"[a-z0-9/]{0,12}", fullmatch=True),
)
def test_stream_credentials_never_shown(
    scheme: str, user: str, password: str, host: str, port: int | None, path: str
) -> None:
    """A stream URL with credentials, valid port or not: the password is never in the text."""
    netloc = host if port is None else f"{host}:{port}"
    url = f"{scheme}://{user}:{password}@{netloc}/{path}"
    assert password not in redact_url(url)


@SETTINGS
@given(st.text(max_size=120))
@example("2026-02-17 closed 설날")
@example("2026-02-30 10:00-12:00")
@example("9999-99-99 25:61-26:00")
def test_hours_and_exceptions_text(text: str) -> None:
    """Any text in the hours or exceptions fields: parsed, or an HoursError with a key."""
    errors: list[HoursError] = []
    for parse in (parse_hours_text, parse_exceptions_text):
        try:
            parse(text)
        except HoursError as err:
            errors.append(err)
    assert all(error.key for error in errors)
