"""Small parts on their own: the event log, geometry, rules, detectors' edge cases."""

from __future__ import annotations

import asyncio
from pathlib import Path

import cv2
import numpy as np
import pytest
import segno

from unmanned_store_engine.annotate import annotate, encode_jpeg
from unmanned_store_engine.config import Line, parse_camera
from unmanned_store_engine.detector import Box, ModelError, PersonDetector, decode
from unmanned_store_engine.events import Detection, EventLog
from unmanned_store_engine.qr import QrReader
from unmanned_store_engine.rules import Rules, line_side, point_in_polygon
from unmanned_store_engine.tamper import TamperDetector
from unmanned_store_engine.tracker import Track


async def test_event_log_cursors_and_overflow() -> None:
    """Cursors order events; a subscriber that falls a whole backlog behind is cut off."""
    log = EventLog(capacity=3, boot="b")
    assert log.latest_cursor == "b:0"
    assert log.since(None) == ("ok", [])
    assert log.since("b:0") == ("ok", [])
    sub = log.subscribe()
    for i in range(5):
        log.append("cam", Detection("scan", float(i)))
    assert sub.overflowed
    assert sub.queue.qsize() == 3
    assert [e.seq for e in log] == [3, 4, 5]
    assert len(log) == 3
    status, events = log.since("b:1")
    assert status == "too_old"
    assert [e.seq for e in events] == [3, 4, 5]
    assert log.since("b:2")[0] == "ok"
    assert [e.seq for e in log.since("b:4")[1]] == [5]
    assert log.since("b:99")[0] == "unknown"
    assert log.since("x:1")[0] == "unknown"
    assert log.since("b:zz")[0] == "unknown"
    assert [e.seq for e in log.recent("cam", 2)] == [4, 5]
    assert log.recent("other") == []
    log.unsubscribe(sub)
    payload = log.recent()[-1].to_dict()
    assert payload["cursor"] == "b:5"
    assert payload["type"] == "scan"
    await asyncio.sleep(0)


def test_geometry() -> None:
    """Side of a line with a dead band and end slack; even-odd polygons."""
    line = Line("l", (0.0, 0.5), (1.0, 0.5))
    assert line_side(line, (0.5, 0.3)) == 1  # above a left-to-right line: viewer's left
    assert line_side(line, (0.5, 0.7)) == -1
    assert line_side(line, (0.5, 0.51)) == 0  # within the dead band
    assert line_side(line, (1.5, 0.3)) == 0  # past the end
    square = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))
    assert point_in_polygon((0.5, 0.5), square)
    assert not point_in_polygon((1.5, 0.5), square)


def _track(track_id: int, x: float, y: float) -> Track:
    """A confirmed track whose foot (bottom centre of a 0.1 x 0.2 box) is at (x, y)."""
    track = Track(track_id, (x - 0.05, y - 0.2, 0.1, 0.2), 0.9, 0.0, 0.0, hits=3)
    track.observe(Box(0.9, x - 0.05, y - 0.2, 0.1, 0.2), 0.0)
    return track


def _walker(track_id: int, x: float, y: float, score: float = 0.9) -> Track:
    """A confirmed track that walked down the picture to a foot at (x, y): 0.75 of its height."""
    track = Track(track_id, (x - 0.05, y - 0.35, 0.1, 0.2), score, 0.0, 0.0, hits=3)
    track.observe(Box(score, x - 0.05, y - 0.35, 0.1, 0.2), 0.0)
    track.observe(Box(score, x - 0.05, y - 0.2, 0.1, 0.2), 0.2)
    return track


def test_rules_reconfigure_keeps_counts_and_alarms_on_visible_people() -> None:
    """Counts survive a reconfiguration; crowding and intrusion use the people in view."""
    config = parse_camera(
        {
            "id": "c",
            "source": "/x.avi",
            "lines": [{"id": "l", "p1": [0, 0.5], "p2": [1, 0.5]}],
            "thresholds": {"crowding_people": 1, "crowding_seconds": 0},
        }
    )
    rules = Rules(config)
    rules.update([_track(1, 0.5, 0.8)], [], 0.0)
    out = rules.update([_track(1, 0.5, 0.2)], [], 0.2)
    assert [d.type for d in out] == ["crossing_in"]
    rules.reconfigure(config)
    assert rules.counts == {"l": {"in": 1, "out": 0}}
    rules.set_closed(True)
    two = [_walker(2, 0.3, 0.3), _walker(3, 0.7, 0.3)]
    unseen = rules.update(two, [], 1.0, visible=[])
    assert not [d for d in unseen if d.type in {"intrusion", "crowding_started"}]
    seen = rules.update(two, [], 1.2, visible=two)
    assert sorted(d.type for d in seen) == ["crowding_started", "intrusion", "intrusion"]
    again = rules.update([two[0]], [two[1]], 1.4)
    assert [d.type for d in again] == ["crowding_ended"]
    assert rules.state()["closed"] is True
    rules.set_closed(False)
    assert rules.update([two[0]], [], 1.6) == []


def test_figures_are_in_no_zone_crowd_or_intrusion_but_a_line_still_counts() -> None:
    """Rules.update's figures (still.StillWatch.figures): tracks that showed no life yet are
    not people in view, in a zone, a crowd or an intrusion; become alive, they are."""
    config = parse_camera(
        {
            "id": "c",
            "source": "/x.avi",
            "lines": [{"id": "l", "p1": [0, 0.5], "p2": [1, 0.5]}],
            "zones": [
                {"id": "z", "polygon": [[0, 0], [1, 0], [1, 1], [0, 1]], "loiter_seconds": 1}
            ],
            "thresholds": {"crowding_people": 1, "crowding_seconds": 0},
        }
    )
    rules = Rules(config)
    rules.set_closed(True)
    two = [_walker(2, 0.3, 0.3), _walker(3, 0.7, 0.3)]
    for step in range(10):
        out = rules.update(two, [], step * 0.2, figures={2, 3})
        assert out == []
    assert rules.state()["people"] == 0
    assert rules.state()["zones"] == {"z": 0}
    out = rules.update(two, [], 2.0, figures={3})
    assert sorted(d.type for d in out) == ["intrusion", "person_entered_zone"]
    assert rules.state()["people"] == 1
    out = rules.update(two, [], 2.2)
    assert sorted(d.type for d in out) == ["crowding_started", "intrusion", "person_entered_zone"]
    # The loitering clock starts when the figure showed life, not when it was first seen.
    out = rules.update(two, [], 3.0)
    assert [d.type for d in out] == ["loitering_started"]
    # Counting does not ask: a box that crosses a line has moved.
    out = rules.update([_track(4, 0.5, 0.8)], [], 3.2, figures={4})
    out = rules.update([_track(4, 0.5, 0.2)], [], 3.4, figures={4})
    assert [d.type for d in out if d.type.startswith("crossing")] == ["crossing_in"]


def test_an_intruder_is_someone_the_detector_is_sure_of_who_walked() -> None:
    """After closing, what raises an intrusion and what does not (INTRUDER_SCORE and
    INTRUDER_TRAVEL): a figure that stands where it was first seen (a tree in infrared, a
    sign, a parked car), a walker the detector was never sure of, and one that is both."""
    config = parse_camera({"id": "c", "source": "/x.avi"})
    rules = Rules(config)
    rules.set_closed(True)
    standing = _track(1, 0.2, 0.5)
    unsure = _walker(2, 0.5, 0.5, score=0.65)
    walker = _walker(3, 0.8, 0.5, score=0.7)
    out = rules.update([standing, unsure, walker], [], 1.0)
    assert [(d.type, d.track_id) for d in out] == [("intrusion", 3)]
    # The unsure one, found once with a score of 0.7, is sure enough from then on.
    unsure.observe(Box(0.7, 0.45, 0.3, 0.1, 0.2), 1.2)
    out = rules.update([standing, unsure, walker], [], 1.2)
    assert [(d.type, d.track_id) for d in out] == [("intrusion", 2)]
    # Standing still for as long as it likes is no intrusion; once it walks, it is.
    for step in range(10):
        standing.observe(Box(0.9, 0.15, 0.3 + 0.002 * step, 0.1, 0.2), 1.4 + step * 0.2)
        assert rules.update([standing], [], 1.4 + step * 0.2) == []
    out = []
    for step in range(1, 4):
        standing.observe(Box(0.9, 0.15, 0.32 + 0.1 * step, 0.1, 0.2), 3.4 + step * 0.2)
        out += rules.update([standing], [], 3.4 + step * 0.2)
    assert [(d.type, d.track_id) for d in out] == [("intrusion", 1)]


def test_someone_who_walked_in_before_closing_is_reported_when_the_shop_closes() -> None:
    """A walk seen while open is remembered: still there at closing, they are reported then."""
    rules = Rules(parse_camera({"id": "c", "source": "/x.avi"}))
    walker = _walker(1, 0.5, 0.6)
    assert rules.update([walker], [], 0.2) == []
    walker.observe(Box(0.9, 0.45, 0.4, 0.1, 0.2), 5.0)  # back where it started, standing
    assert rules.update([walker], [], 5.0) == []
    rules.set_closed(True)
    out = rules.update([walker], [], 5.2)
    assert [(d.type, d.track_id) for d in out] == [("intrusion", 1)]


def test_person_detector_on_real_network(tmp_path: Path) -> None:
    """The shipped FastestDet loads on onnxruntime and finds nobody in a plain image.

    A missing file and a file that is not the network are told apart (error codes).
    """
    detector = PersonDetector()
    blank = np.full((360, 640, 3), 128, np.uint8)
    assert detector.detect(blank) == []
    assert detector.detect_regions(blank, [(0, 0, 360, 360), (700, 0, 10, 10)]) == []
    with pytest.raises(ModelError, match="missing") as missing:
        PersonDetector(model=tmp_path / "nonexistent.onnx")
    assert missing.value.code == "model_missing"
    corrupt = tmp_path / "corrupt.onnx"
    corrupt.write_bytes(b"\x08\x07garbage" * 100)
    with pytest.raises(ModelError, match="cannot be loaded") as broken:
        PersonDetector(model=corrupt)
    assert broken.value.code == "model_corrupt"


def test_decode_output_map() -> None:
    """FastestDet's map decodes to centred boxes; overlapping ones are merged by NMS."""
    grid = np.zeros((1, 85, 22, 22), np.float32)
    grid[0, 5 + 2] = 0.9  # a car everywhere, weakly
    for row, col in ((10, 11), (10, 12)):
        grid[0, 0, row, col] = 0.95
        grid[0, 5, row, col] = 0.99
    boxes = decode(grid, 0.5)
    assert len(boxes) == 1
    box = boxes[0]
    assert box.w == pytest.approx(0.5)
    assert 0.5 <= box.x + box.w / 2 <= 0.56
    assert decode(np.zeros((1, 85, 22, 22), np.float32), 0.5) == []


def test_tamper_rebase_and_annotate() -> None:
    """rebase() forgets the learnt view; annotate draws zones, tracks and alarms."""
    tamper = TamperDetector()
    grey = np.full((180, 320), 120, np.uint8)
    cv2.rectangle(grey, (50, 50), (150, 120), 30, -1)
    for _ in range(12):
        tamper.update(grey)
    tamper.rebase()
    assert not any(tamper.active.values())
    config = parse_camera(
        {
            "id": "c",
            "source": "/x.avi",
            "zones": [{"id": "z", "polygon": [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5]]}],
        }
    )
    frame = np.zeros((360, 640, 3), np.uint8)
    state = {
        "zones": {"z": 2},
        "loitering": ["z"],
        "tracks": [{"id": 7, "box": [0.2, 0.2, 0.1, 0.2]}],
        "tamper": ["moved"],
        "flame": True,
        "crowded": True,
    }
    drawn = annotate(frame, config, state)
    assert drawn.any()
    assert not frame.any()
    assert encode_jpeg(drawn)[:2] == b"\xff\xd8"
    with pytest.raises(ValueError, match="JPEG encoding failed"):
        encode_jpeg(np.zeros((0, 0, 3), np.uint8))


def test_qr_reader_rate_limit_and_duplicates() -> None:
    """Two copies of a code in one frame are one scan; a second look too soon decodes nothing."""
    code = np.array(segno.make("DUP-1", error="m").matrix, np.uint8)
    modules = np.where(np.kron(code, np.ones((5, 5), np.uint8)) > 0, 0, 255).astype(np.uint8)
    tile = cv2.copyMakeBorder(modules, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)
    frame = np.full((360, 640), 255, np.uint8)
    frame[50 : 50 + tile.shape[0], 50 : 50 + tile.shape[1]] = tile
    frame[50 : 50 + tile.shape[0], 350 : 350 + tile.shape[1]] = tile
    reader = QrReader(interval=0.4, repeat_after=5.0)
    assert reader.update(frame, 0.0) == ["DUP-1"]
    assert reader.update(frame, 0.1) == []  # not due yet
    assert reader.update(frame, 1.0) == []  # seen within 5 s
    assert reader.update(frame, 20.0) == ["DUP-1"]
