"""Pure camera logic: geometry text, settings, and state from events (no engine, no hass)."""

from __future__ import annotations

from datetime import UTC, date, datetime
import logging

import pytest

from custom_components.unmanned_store.cameras.engine_link import _log_stream_change
from custom_components.unmanned_store.cameras.geometry import (
    GeometryError,
    Zone,
    format_points,
    format_zones,
    is_ignore_area,
    parse_line,
    parse_zones,
)
from custom_components.unmanned_store.cameras.settings import (
    FAST_FPS,
    CameraSettings,
    camera_id_for,
    redact_url,
    valid_source,
)
from custom_components.unmanned_store.cameras.state import (
    CameraState,
    entries_today,
    event_count,
    people_in_shop,
)
from custom_components.unmanned_store.clients.engine.client import (
    EngineEvent,
    EngineResponseError,
)

TODAY = date(2026, 11, 23)


def _event(kind: str, **fields: object) -> EngineEvent:
    raw = {
        "cursor": "b:1",
        "camera_id": "door",
        "type": kind,
        "time": datetime(2026, 11, 23, 1, tzinfo=UTC).isoformat(),
        "media_time": 1.0,
        **fields,
    }
    return EngineEvent.from_dict(raw)


def test_line_parses_and_formats_back() -> None:
    """Two points, spaces between them; the text form round-trips."""
    line = parse_line(" 0.05,0.6   0.95,0.6 ")
    assert line == ((0.05, 0.6), (0.95, 0.6))
    assert format_points(line) == "0.05,0.6 0.95,0.6"
    assert parse_line("") is None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("0.5 0.5,0.5", "invalid_point"),
        ("a,b 0.5,0.5", "invalid_point"),
        ("0.5,0.5,0.5 0,0", "invalid_point"),
        ("0.5,1.5 0,0", "point_out_of_range"),
        ("-0.1,0 0,0", "point_out_of_range"),
        ("0,0", "line_needs_two_points"),
        ("0,0 1,1 0,1", "line_needs_two_points"),
        ("0.2,0.2 0.2,0.2", "line_points_equal"),
    ],
)
def test_bad_lines_are_refused_with_a_reason(text: str, key: str) -> None:
    """Each mistake has its own translated reason."""
    with pytest.raises(GeometryError) as err:
        parse_line(text)
    assert err.value.key == key


def test_zones_named_and_unnamed() -> None:
    """Zones separated by ';', named or numbered by position."""
    zones = parse_zones("shelf: 0.5,0.3 0.95,0.3 0.95,0.9; 0,0 0.2,0 0.2,0.2;")
    assert zones == (
        Zone("shelf", ((0.5, 0.3), (0.95, 0.3), (0.95, 0.9))),
        Zone("zone2", ((0.0, 0.0), (0.2, 0.0), (0.2, 0.2))),
    )
    assert format_zones(zones) == "shelf: 0.5,0.3 0.95,0.3 0.95,0.9; zone2: 0,0 0.2,0 0.2,0.2"
    assert parse_zones("  ") == ()


@pytest.mark.parametrize(
    ("text", "key", "placeholders"),
    [
        ("Shelf!: 0,0 1,0 1,1", "invalid_zone_name", {"zone": "Shelf!"}),
        ("a: 0,0 1,0 1,1; a: 0,0 1,0 0,1", "duplicate_zone", {"zone": "a"}),
        ("a: 0,0 1,0", "zone_needs_three_points", {"zone": "a"}),
        ("a: 0,0 1,0 2,2", "point_out_of_range", {"point": "2,2"}),
    ],
)
def test_bad_zones_are_refused_with_a_reason(
    text: str, key: str, placeholders: dict[str, str]
) -> None:
    """Names, duplicates, too few points and out-of-range points."""
    with pytest.raises(GeometryError) as err:
        parse_zones(text)
    assert err.value.key == key
    assert err.value.placeholders == placeholders


def test_engine_config_of_settings() -> None:
    """The settings become the engine's configuration, with the resolved source."""
    settings = CameraSettings(
        id="door",
        name="Door",
        role="door",
        entity_id="camera.front",
        line="0,0.55 1,0.55",
        zones="till: 0.5,0.3 0.9,0.3 0.9,0.9",
        loiter_seconds=12,
        crowd_size=3,
        tamper=False,
    )
    config = settings.engine_config("rtsp://u:p@cam/1")
    assert config == {
        "id": "door",
        "name": "Door",
        "source": "rtsp://u:p@cam/1",
        "role": "door",
        "realtime": True,
        "loop": False,
        "lines": [{"id": "line", "p1": [0.0, 0.55], "p2": [1.0, 0.55]}],
        "zones": [
            {
                "id": "till",
                "polygon": [[0.5, 0.3], [0.9, 0.3], [0.9, 0.9]],
                "loiter_seconds": 12,
            }
        ],
        "thresholds": {
            "crowding_people": 3,
            "flame": True,
            "smoke": True,
            "tamper": False,
            "flame_sensitivity": 50.0,
            "smoke_sensitivity": 50.0,
            "tamper_sensitivity": 50.0,
            "qr": True,
        },
    }
    assert CameraSettings(id="a", name="A").engine_config("/x")["lines"] == []
    stored = settings.as_dict() | {"from_a_newer_version": 1}
    assert CameraSettings.from_dict(stored) == settings
    assert settings.with_changes(crowd_size=0).crowd_size == 0


@pytest.mark.parametrize(
    ("name", "ignored"),
    [
        ("ignore", True),
        ("ignore2", True),
        ("ignore-tv", True),
        ("ignore_poster", True),
        ("shelf", False),
        ("zone1", False),
        ("tv-ignore", False),
        ("ign", False),
    ],
)
def test_ignore_areas_are_zones_named_ignore(name: str, ignored: bool) -> None:
    """A zone is an ignore area by its name's start, and only then."""
    assert is_ignore_area(name) is ignored


def test_ignore_areas_go_to_the_engine_as_masks() -> None:
    """Ignore areas are masks, in the owner's order, never zones; the other zones stay zones."""
    settings = CameraSettings(
        id="aisle",
        name="Aisle",
        zones=(
            "ignore-tv: 0,0 0.2,0 0.2,0.2; shelf: 0.5,0.3 0.9,0.3 0.9,0.9; "
            "ignore: 0.6,0.6 1,0.6 1,1 0.6,1"
        ),
        loiter_seconds=20,
    )
    config = settings.engine_config("/clip.mp4")
    assert config["zones"] == [
        {"id": "shelf", "polygon": [[0.5, 0.3], [0.9, 0.3], [0.9, 0.9]], "loiter_seconds": 20}
    ]
    assert config["masks"] == [
        {"id": "ignore-tv", "polygon": [[0.0, 0.0], [0.2, 0.0], [0.2, 0.2]]},
        {"id": "ignore", "polygon": [[0.6, 0.6], [1.0, 0.6], [1.0, 1.0], [0.6, 1.0]]},
    ]
    # Only ignore areas: no zone at all, and the masks.
    only = settings.with_changes(zones="ignore: 0,0 1,0 1,1").engine_config("/clip.mp4")
    assert (only["zones"], [mask["id"] for mask in only["masks"]]) == ([], ["ignore"])
    # Without an ignore area the key is absent: an engine older than masks refuses it.
    assert "masks" not in settings.with_changes(zones="shelf: 0,0 1,0 1,1").engine_config("/x")
    assert "masks" not in CameraSettings(id="a", name="A").engine_config("/x")


def test_view_goes_to_the_engine_only_when_overhead() -> None:
    """The engine's default view is angled; an engine older than `view` refuses the key."""
    angled = CameraSettings(id="a", name="A")
    assert "view" not in angled.engine_config("/x")
    overhead = angled.with_changes(view="overhead")
    assert overhead.engine_config("/x")["view"] == "overhead"
    assert CameraSettings.from_dict(overhead.as_dict()).view == "overhead"
    # Stored before the view existed: angled.
    assert CameraSettings.from_dict({"id": "a", "name": "A"}).view == "angled"


def test_fast_counting_asks_the_engine_for_ten_frames_a_second() -> None:
    """Off by default, and then no `fps` goes to the engine (its automatic rate: 10 a second
    with up to three cameras, 5 with more); on: 10 whatever the other cameras."""
    standard = CameraSettings(id="a", name="A")
    assert not standard.fast_counting
    assert "fps" not in standard.engine_config("/x")
    fast = standard.with_changes(fast_counting=True)
    assert fast.engine_config("/x")["fps"] == FAST_FPS == 10.0
    assert CameraSettings.from_dict(fast.as_dict()).fast_counting
    # Stored before the setting existed: standard.
    assert not CameraSettings.from_dict({"id": "a", "name": "A"}).fast_counting


def test_camera_ids_are_engine_safe_and_unique() -> None:
    """Ids follow the engine's rule (a-z 0-9 _ -) and never clash."""
    assert camera_id_for("Front Door", set()) == "front_door"
    assert camera_id_for("Front Door", {"front_door"}) == "front_door_2"
    assert camera_id_for("Front Door", {"front_door", "front_door_2"}) == "front_door_3"
    assert camera_id_for("정문", set()) == "camera"
    assert len(camera_id_for("x" * 80, set())) == 32


@pytest.mark.parametrize(
    ("url", "redacted"),
    [
        ("rtsp://admin:secret@10.0.0.2:554/s1", "rtsp://**REDACTED**@10.0.0.2:554/s1"),
        ("http://user@cam.local/mjpg", "http://**REDACTED**@cam.local/mjpg"),
        ("rtsp://10.0.0.2/s1", "rtsp://10.0.0.2/s1"),
        ("/media/clip.avi", "/media/clip.avi"),
        ("http://[::1/x", "**REDACTED**"),
    ],
)
def test_stream_credentials_are_redacted(url: str, redacted: str) -> None:
    """User names and passwords never reach logs or diagnostics."""
    assert redact_url(url) == redacted


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("rtsp://10.0.0.2/s1", True),
        ("rtsps://cam/s1", True),
        ("https://cam/x.m3u8", True),
        ("file:///media/clip.avi", True),
        ("/media/clip.avi", True),
        ("ftp://cam/x", False),
        ("rtsp://", False),
        ("clip.avi", False),
    ],
)
def test_stream_sources(url: str, valid: bool) -> None:
    """Only what the engine can read."""
    assert valid_source(url) is valid


def test_events_set_and_clear_alarms() -> None:
    """Each started/ended pair drives one alarm; crossings count for the event's day."""
    state = CameraState()
    for kind in (
        "crowding_started",
        "tamper_started",
        "flame_started",
        "smoke_started",
        "stream_lost",
    ):
        state.apply_event(_event(kind), TODAY)
    assert (state.crowded, state.tamper, state.flame, state.smoke, state.connected) == (
        True,
        True,
        True,
        True,
        False,
    )
    for kind in ("crowding_ended", "tamper_ended", "flame_ended", "stream_restored"):
        state.apply_event(_event(kind), TODAY)
    assert (state.crowded, state.tamper, state.flame, state.smoke, state.connected) == (
        False,
        False,
        False,
        True,
        True,
    )
    # Flame and smoke are separate alarms: smoke ends on its own event only.
    state.apply_event(_event("smoke_ended"), TODAY)
    assert state.smoke is False
    state.apply_event(_event("loitering_started", zone="shelf"), TODAY)
    state.apply_event(_event("person_entered_zone", zone="shelf", counts={"occupancy": 2}), TODAY)
    assert state.loitering == {"shelf"}
    assert state.zones == {"shelf": 2}
    state.apply_event(_event("loitering_ended", zone="shelf"), TODAY)
    assert state.loitering == set()
    state.apply_event(_event("crossing_in", line="line"), TODAY)
    state.apply_event(_event("crossing_in", line="line"), TODAY)
    state.apply_event(_event("crossing_out", line="line"), TODAY)
    assert (state.day, state.entries_today, state.exits_today) == ("2026-11-23", 2, 1)
    state.apply_event(_event("crossing_out", line="line"), date(2026, 11, 24))
    assert (state.day, state.entries_today, state.exits_today) == ("2026-11-24", 0, 1)
    restored = CameraState()
    restored.restore(state.saved())
    assert restored.saved() == state.saved()


def test_engine_state_is_the_truth() -> None:
    """The polled state replaces alarms and figures; a finished file is not a broken stream."""
    state = CameraState(flame=True)
    state.apply_state(
        {
            "people": 3,
            "zones": {"shelf": 1},
            "loitering": ["shelf"],
            "crowded": True,
            "tamper": ["covered"],
            "flame": False,
            "smoke": True,
            "health": {
                "connected": False,
                "status": "ended",
                "fps_analysed": 4.96,
                "lag_seconds": 0.0312,
                "frames_dropped": 4,
            },
        }
    )
    assert (state.people, state.zones, state.loitering) == (3, {"shelf": 1}, {"shelf"})
    assert (state.crowded, state.tamper, state.flame, state.smoke) == (True, True, False, True)
    assert (state.connected, state.fps) == (True, 5.0)
    assert (state.lag_seconds, state.frames_dropped) == (0.03, 4)
    assert state.error_code is None
    state.apply_state({"health": {"connected": False, "status": "reconnecting"}})
    assert (state.people, state.connected, state.fps, state.tamper) == (0, False, None, False)
    assert (state.smoke, state.lag_seconds, state.frames_dropped) == (False, None, None)


def test_ignore_areas_have_no_occupancy() -> None:
    """An engine still running an ignore area as a zone (set up before it was one) shows no
    figures or loitering for it: an ignore area is never a zone to the owner."""
    state = CameraState()
    state.apply_state(
        {"people": 2, "zones": {"shelf": 1, "ignore": 1, "ignore-tv": 3}, "loitering": ["ignore"]}
    )
    assert (state.zones, state.loitering) == ({"shelf": 1}, set())
    state.apply_event(_event("person_entered_zone", zone="ignore", counts={"occupancy": 2}), TODAY)
    state.apply_event(_event("loitering_started", zone="ignore-tv"), TODAY)
    state.apply_event(_event("person_entered_zone", zone="shelf", counts={"occupancy": 2}), TODAY)
    state.apply_event(_event("loitering_started", zone="shelf"), TODAY)
    assert (state.zones, state.loitering) == ({"shelf": 2}, {"shelf"})


@pytest.mark.parametrize(
    ("health", "code", "error"),
    [
        (
            {"status": "error", "error_code": "source_undecodable", "error": "cannot decode x"},
            "source_undecodable",
            "cannot decode x",
        ),
        ({"status": "error", "error_code": "model_missing"}, "model_missing", None),
        # A code this version does not know, or an error code without the error status.
        ({"status": "error", "error_code": "something_new", "error": "?"}, None, None),
        ({"status": "connected", "error_code": "model_corrupt", "error": "x"}, None, None),
        ({"status": "connected", "error_code": None, "error": None}, None, None),
    ],
)
def test_engine_health_errors(
    health: dict[str, object], code: str | None, error: str | None
) -> None:
    """Only the documented error codes, with the error status, are errors for the owner."""
    state = CameraState(error_code="model_corrupt", error="before")
    state.apply_state({"health": health})
    assert (state.error_code, state.error) == (code, error)


def test_event_counts() -> None:
    """The one figure each event carries."""
    assert event_count(_event("crossing_in", counts={"in": 4, "out": 2})) == 4
    assert event_count(_event("crossing_out", counts={"in": 4, "out": 2})) == 2
    assert event_count(_event("loitering_started", counts={"occupancy": 1})) == 1
    assert event_count(_event("intrusion", counts={"people": 2})) == 2
    assert event_count(_event("flame_started")) is None


def test_people_in_shop_and_entries() -> None:
    """Door cameras' in minus out (never below 0); otherwise the most people seen inside."""
    door = CameraState(day="2026-11-23", entries_today=5, exits_today=3)
    stale = CameraState(day="2026-11-22", entries_today=9, exits_today=0)
    aisle = CameraState(people=4)
    outside = CameraState(people=9)
    assert people_in_shop([("door", door), ("door", stale), ("aisle", aisle)], TODAY) == 2
    assert people_in_shop([("door", CameraState(day="2026-11-23", exits_today=2))], TODAY) == 0
    assert (
        people_in_shop(
            [("aisle", aisle), ("counter", CameraState(people=1)), ("outside", outside)], TODAY
        )
        == 4
    )
    assert people_in_shop([("outside", outside)], TODAY) is None
    assert entries_today([("door", door), ("door", stale), ("aisle", aisle)], TODAY) == 5


def test_stream_changes_are_logged_once_each_way(caplog: pytest.LogCaptureFixture) -> None:
    """Down once, back once; unchanged polls say nothing."""
    for was, now in ((None, True), (True, False), (False, False), (False, True), (True, True)):
        _log_stream_change("door", was, now)
    messages = [(record.levelno, record.getMessage()) for record in caplog.records]
    # log-when-unavailable: INFO, once each way.
    assert messages == [
        (logging.INFO, "camera door: the engine receives no stream"),
        (logging.INFO, "camera door: the stream is back"),
    ]


def test_source_ended_carries_every_lines_final_counts() -> None:
    """A played file's last event: counts per line, parsed apart from ordinary counts."""
    event = _event("source_ended", counts={"door": {"in": 3, "out": 2}, "aisle": {}})
    assert event.line_counts == {"door": {"in": 3, "out": 2}, "aisle": {}}
    assert event.counts == {}
    assert _event("crossing_in", counts={"in": 1, "out": 0}).line_counts == {}


@pytest.mark.parametrize(
    ("kind", "counts"),
    [
        # Nested counts belong to source_ended only.
        ("crossing_in", {"door": {"in": 1}}),
        # A line's counts must be integers, not text or a bool.
        ("source_ended", {"door": {"in": "3"}}),
        ("source_ended", {"door": {"in": True}}),
        ("source_ended", {"door": [1, 2]}),
        ("source_ended", [1, 2]),
    ],
)
def test_malformed_counts_are_refused(kind: str, counts: object) -> None:
    """Each bad shape of counts gets EngineResponseError naming counts, never a crash later."""
    with pytest.raises(EngineResponseError, match="counts"):
        _event(kind, counts=counts)
