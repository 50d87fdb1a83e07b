"""Cameras looking straight down (camera view "overhead"): turned search, plausible boxes,
the box centre as where a person stands, and a motion gate that survives a black start."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from unmanned_store_engine.analyzer import Analyzer
from unmanned_store_engine.config import Mask, parse_camera
from unmanned_store_engine.detector import Box, _turn, _unturn, shared
from unmanned_store_engine.motion import MotionDetector
from unmanned_store_engine.people import OVERHEAD_MIN_SIDE, PeopleStage
from unmanned_store_engine.rules import Rules
from unmanned_store_engine.tracker import PersonTracker

from . import scenes

GREY = np.full((180, 320, 3), 110, np.uint8)


def test_boxes_found_in_a_turned_picture_map_back_to_the_picture() -> None:
    """A shape's box in each quarter turn of a picture, turned back, is its box in the picture."""
    image = np.zeros((120, 200, 3), np.uint8)
    cv2.rectangle(image, (20, 10), (79, 39), (255, 255, 255), -1)  # x 0.1-0.4, y 0.083-0.333
    for turn in range(4):
        turned = _turn(image, turn)
        height, width = turned.shape[:2]
        x, y, w, h = cv2.boundingRect(cv2.cvtColor(turned, cv2.COLOR_BGR2GRAY))
        box = _unturn(Box(1.0, x / width, y / height, w / width, h / height), turn)
        assert (box.x, box.y, box.w, box.h) == pytest.approx((0.1, 10 / 120, 0.3, 0.25)), turn
    assert _turn(image, 4) is image


def test_a_person_lying_across_the_picture_is_found_turned_upright() -> None:
    """Seen from above a person lies any way round; searched a quarter turn back, the network
    sees them upright, and the box comes back lying where they are."""
    frame = scenes.counting_scene().background().copy()
    scenes.draw_photo_person(frame, (0.5, 0.5), scenes.Actor(((0, 0.5, 0.5),)))
    side = frame.shape[0]
    left = (frame.shape[1] - side) // 2
    lying = cv2.rotate(frame[:, left : left + side].copy(), cv2.ROTATE_90_CLOCKWISE)
    detector = shared()
    plain = max(b.score for b in detector.detect_regions(lying, [(0, 0, side, side)]))
    found = [
        b for b in detector.detect_regions(lying, [(0, 0, side, side)], (3,)) if b.score >= 0.55
    ]
    assert len(found) == 1
    box = found[0]
    assert box.score > plain
    assert box.w > 1.5 * box.h  # lying, as in the picture
    assert (box.x + box.w / 2, box.y + box.h / 2) == pytest.approx((0.5, 0.5), abs=0.05)


def test_overhead_boxes_must_be_person_sized_and_moving() -> None:
    """From above, a box is kept only where something moved and only at a person's size."""
    stage = PeopleStage(shared(), 5.0, overhead=True)
    assert stage._plausible_overhead(Box(0.9, 0.1, 0.1, 0.3, 0.3))  # no motion known yet
    stage.motion.apply(GREY, 0.0002)
    stage.motion.apply(GREY, 0.0002)
    walker = GREY.copy()
    cv2.rectangle(walker, (120, 50), (200, 130), (20, 20, 20), -1)  # x 0.375-0.625, y 0.28-0.72
    assert stage.motion.apply(walker, 0.0002)
    assert stage._plausible_overhead(Box(0.9, 0.36, 0.26, 0.28, 0.48))
    assert not stage._plausible_overhead(Box(0.9, 0.0, 0.0, 0.28, 0.48))  # still floor
    small = OVERHEAD_MIN_SIDE * 0.8
    assert not stage._plausible_overhead(Box(0.9, 0.45, 0.45, small, small))
    assert not stage._plausible_overhead(Box(0.9, 1.2, 1.2, 0.3, 0.3))  # outside the picture


def test_overhead_people_stand_at_their_box_centre() -> None:
    """The box centre is the foot point: for the crossing band, zones and ignore areas."""
    tracker = PersonTracker(5.0, overhead=True)
    for i in range(3):
        tracker.update([Box(0.9, 0.4, 0.2 + 0.05 * i, 0.2, 0.3)], i * 0.2)
    (track,) = tracker.confirmed()
    assert track.foot == pytest.approx((0.5, 0.45))
    assert track.foot_smooth[1] == pytest.approx(0.45, abs=0.02)
    stage = PeopleStage(None, 5.0, overhead=True)
    stage.masks = (Mask("ignore", ((0.0, 0.0), (1.0, 0.0), (1.0, 0.5), (0.0, 0.5))),)
    # Centre at y 0.45 in the area, bottom at 0.6 outside: ignored from above only.
    assert stage._masked(Box(0.9, 0.4, 0.3, 0.2, 0.3))
    stage.overhead = False
    assert not stage._masked(Box(0.9, 0.4, 0.3, 0.2, 0.3))


def test_a_centre_crossing_the_line_counts_from_above() -> None:
    """A person walking up over a line is counted when the middle of the body crosses it,
    not the bottom of the box (which from above is their back or their shadow)."""
    config = parse_camera(
        {
            "id": "door",
            "source": "/x.mp4",
            "view": "overhead",
            "lines": [{"id": "door", "p1": [0.0, 0.5], "p2": [1.0, 0.5]}],
        }
    )
    tracker = PersonTracker(5.0, overhead=True)
    rules = Rules(config)
    counted: list[tuple[str, float]] = []
    # Box 0.3 tall; its bottom is past the line at 0.56 when its centre reaches 0.41.
    for i, centre in enumerate((0.8, 0.7, 0.6, 0.56, 0.52, 0.41, 0.3, 0.2)):
        now = i * 0.2
        ended = tracker.update([Box(0.9, 0.4, centre - 0.15, 0.2, 0.3)], now)
        tracks = tracker.confirmed()
        counted += [(d.type, now) for d in rules.update(tracks, ended, now, tracks)]
    assert counted == [("crossing_in", 1.0)]


def test_switching_the_view_applies_to_tracks_already_followed() -> None:
    """A camera reconfigured to look from above places everyone at their box centre at once."""
    config = parse_camera({"id": "door", "source": "/x.mp4"})
    analyzer = Analyzer(config)
    analyzer.people.tracker.update([Box(0.9, 0.4, 0.2, 0.2, 0.3)], 0.0)
    (track,) = analyzer.people.tracker.tracks.values()
    assert track.foot == pytest.approx((0.5, 0.5))
    analyzer.reconfigure(parse_camera({"id": "door", "source": "/x.mp4", "view": "overhead"}))
    assert analyzer.people.overhead
    assert track.foot == pytest.approx((0.5, 0.35))


def test_motion_gate_recovers_from_a_black_first_frame() -> None:
    """A camera whose exposure is still settling starts on black; matched to that background
    every later frame was darkened to black and nothing ever moved (p19: no detector call
    for 30 s but the 5-s sweeps). A gain beyond 0.25-4 is a new picture instead."""
    gate = MotionDetector()
    assert gate.apply(np.zeros_like(GREY), 0.0002) == []
    assert gate.apply(GREY, 0.0002) == []
    assert gate.global_change
    walker = GREY.copy()
    cv2.rectangle(walker, (120, 50), (200, 130), (20, 20, 20), -1)
    blobs = gate.apply(walker, 0.0002)
    assert not gate.global_change
    assert len(blobs) == 1
    assert blobs[0].centre == pytest.approx((0.5, 0.5), abs=0.05)
