"""Camera configuration: accepted shapes and precise rejection reasons."""

from __future__ import annotations

from typing import Any

import pytest

from unmanned_store_engine.config import ConfigError, parse_camera

FULL: dict[str, Any] = {
    "id": "door-1",
    "name": "Front door",
    "source": "rtsp://user:pw@10.0.0.5/stream1",
    "role": "door",
    "view": "overhead",
    "fps": 4,
    "analysis_width": 256,
    "realtime": True,
    "loop": False,
    "source_fps": 7.5,
    "lines": [{"id": "entry", "p1": [0.1, 0.5], "p2": [0.9, 0.5]}],
    "zones": [{"id": "till", "polygon": [[0, 0], [0.5, 0], [0.5, 0.5]], "loiter_seconds": 30}],
    "masks": [{"id": "ignore-tv", "polygon": [[0.6, 0], [1, 0], [1, 0.3], [0.6, 0.3]]}],
    "thresholds": {
        "min_person_area": 0.01,
        "crowding_people": 4,
        "crowding_seconds": 3,
        "flame": False,
        "smoke": True,
        "tamper": True,
        "qr": True,
        "verify_people": True,
        "flame_sensitivity": 70,
        "smoke_sensitivity": 50,
        "tamper_sensitivity": 20.5,
    },
}


def test_round_trip() -> None:
    """to_dict() gives back exactly what parse_camera accepts."""
    config = parse_camera(FULL)
    assert config.to_dict() == {**FULL, "fps": 4.0}
    assert parse_camera(config.to_dict()) == config
    assert config.lines[0].p1 == (0.1, 0.5)
    assert config.zones[0].loiter_seconds == 30.0
    assert config.masks[0].polygon[2] == (1.0, 0.3)
    assert not config.is_file


def test_defaults_and_url_id() -> None:
    """Only source is needed when the id comes from the URL."""
    config = parse_camera({"source": "/videos/a.avi"}, "cam")
    assert (config.id, config.role, config.fps, config.analysis_width) == ("cam", "aisle", 0.0, 320)
    assert config.rate == 5.0  # automatic: alone, without an engine, the normal rate
    assert config.view == "angled"
    assert config.source_fps == 0.0  # the file's own rate
    assert config.is_file
    assert config.thresholds.crowding_people == 0
    assert config.with_id("other").id == "other"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"id": "Door"}, "camera.id must be 1-40 characters"),
        ({"id": None}, "camera.id must be 1-40 characters"),
        ({"source": None}, "camera.source is required"),
        ({"source": 5}, "camera.source must be a string"),
        ({"source": "ftp://x"}, "camera.source must be an rtsp://"),
        ({"role": "roof"}, "camera.role must be one of door, aisle, counter, outside"),
        ({"view": "above"}, "camera.view must be one of angled, overhead, got 'above'"),
        ({"view": True}, "camera.view must be a string"),
        ({"view": None}, "camera.view is required"),
        ({"fps": 0.1}, "camera.fps must be between 0.2 and 30, got 0.1"),
        ({"fps": -1}, "camera.fps must be between 0.2 and 30, got -1"),
        ({"fps": 31}, "camera.fps must be between 0.2 and 30, got 31"),
        ({"fps": "5"}, "camera.fps must be a number"),
        ({"fps": True}, "camera.fps must be a number"),
        ({"analysis_width": 100.5}, "camera.analysis_width must be an integer"),
        ({"analysis_width": 4000}, "camera.analysis_width must be between 80 and 1280"),
        ({"loop": "yes"}, "camera.loop must be true or false"),
        ({"source_fps": -1}, "camera.source_fps must be between 0 and 240, got -1"),
        ({"source_fps": 1000}, "camera.source_fps must be between 0 and 240, got 1000"),
        ({"source_fps": "7"}, "camera.source_fps must be a number"),
        ({"source_fps": None}, "camera.source_fps must be a number"),
        ({"colour": "red"}, "camera: unknown field(s) colour"),
        ({"lines": {}}, "lines must be a list"),
        ({"lines": [5]}, "lines[0] must be an object"),
        ({"lines": [{"id": "a", "p1": [0, 0], "p2": [0, 0]}]}, "lines[0]: p1 and p2 must differ"),
        ({"lines": [{"id": "a", "p1": [0, 2], "p2": [0, 0]}]}, "lines[0].p1 must be normalised"),
        ({"lines": [{"id": "a", "p1": [0], "p2": [0, 0]}]}, "lines[0].p1 must be a pair"),
        ({"lines": [{"id": "a", "p1": [0, 0], "p2": [1, 1], "w": 1}]}, "unknown field(s) w"),
        (
            {"lines": [{"id": "a", "p1": [0, 0], "p2": [1, 1]}] * 2},
            "lines: duplicate id 'a'",
        ),
        ({"zones": "x"}, "zones must be a list"),
        ({"zones": [{"id": "z", "polygon": [[0, 0], [1, 1]]}]}, "at least 3 points"),
        (
            {"zones": [{"id": "z", "polygon": [[0, 0], [1, 1], [1, 0]], "loiter_seconds": -1}]},
            "zones[0].loiter_seconds must be between 0",
        ),
        ({"masks": {}}, "masks must be a list"),
        ({"masks": [{"id": "m", "polygon": [[0, 0], [1, 1]]}]}, "masks[0].polygon must be a list"),
        ({"masks": [{"id": "M", "polygon": [[0, 0], [1, 1], [1, 0]]}]}, "masks[0].id must be"),
        (
            {"masks": [{"id": "m", "polygon": [[0, 0], [1, 1], [1, 2]]}]},
            "masks[0].polygon[2] must be normalised",
        ),
        (
            {"masks": [{"id": "m", "polygon": [[0, 0], [1, 1], [1, 0]], "loiter_seconds": 5}]},
            "masks[0]: unknown field(s) loiter_seconds",
        ),
        (
            {"masks": [{"id": "m", "polygon": [[0, 0], [1, 1], [1, 0]]}] * 2},
            "masks: duplicate id 'm'",
        ),
        ({"thresholds": []}, "thresholds must be an object"),
        ({"thresholds": {"crowding_people": 2.5}}, "thresholds.crowding_people must be an integer"),
        ({"thresholds": {"fire": True}}, "thresholds: unknown field(s) fire"),
    ],
)
def test_rejections(change: dict[str, Any], reason: str) -> None:
    """Every bad value is refused with a message naming the field."""
    with pytest.raises(ConfigError) as err:
        parse_camera({**FULL, **change})
    assert reason in str(err.value)


def test_body_must_be_object_and_match_url() -> None:
    """Non-objects and id mismatches are refused."""
    with pytest.raises(ConfigError, match="camera must be an object"):
        parse_camera([1])
    with pytest.raises(ConfigError, match="does not match the URL"):
        parse_camera(FULL, "other")


def test_what_reopens_the_stream() -> None:
    """Rules change on the running stream; how it is read (source_fps among it) reopens it."""
    config = parse_camera(FULL)
    assert config.same_stream(parse_camera({**FULL, "lines": []}))
    assert not config.same_stream(parse_camera({**FULL, "source_fps": 25}))
    assert not config.same_stream(parse_camera({**FULL, "fps": 2}))
