"""Detection-first people: the motion gate, regions, trackers, foot-point rules, the file
contract (frame index, source_ended), bad input in health, --port-file and the access log.

Geometry and rule tests feed made-up boxes and tracks; end-to-end tests use the real photo
person of scenes.py (plumbing only: accuracy is measured on real footage, docs/accuracy.md).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
import itertools
import logging
from pathlib import Path
from typing import Any

from aiohttp import ClientSession
import cv2
import numpy as np
import pytest

from custom_components.unmanned_store.clients.engine import EngineClient
from unmanned_store_engine.analyzer import Analyzer
from unmanned_store_engine.annotate import annotate
from unmanned_store_engine.config import Line, parse_camera
from unmanned_store_engine.detector import Box, _stitch, shared, suppress
from unmanned_store_engine.engine import Settings
from unmanned_store_engine.events import Detection
from unmanned_store_engine.motion import MotionDetector
from unmanned_store_engine.people import (
    MAX_TILES,
    PeopleStage,
    plan_regions,
    squares,
    tiles,
    whole_side,
)
from unmanned_store_engine.pipeline import CameraPipeline, Timeouts, _Slot, analyse_file
from unmanned_store_engine.rules import Rules
from unmanned_store_engine.runner import EngineServer
from unmanned_store_engine.tracker import (
    TRACKERS,
    PersonTracker,
    Track,
    paced,
    paced_frames,
    travelled,
)

from . import scenes
from .conftest import FAST, TOKEN, Clips

LINE = {"id": "door", "p1": [0.02, 0.55], "p2": [0.98, 0.55]}


def _shop(brightness: float = 1.0) -> np.ndarray:
    frame = scenes.counting_scene().background().astype(np.float32) * brightness
    return np.clip(frame, 0, 255).astype(np.uint8)


def test_motion_gate_ignores_light_and_finds_a_mover() -> None:
    """Auto-exposure (the whole picture 25 % brighter) is no motion; a moving box is.

    A change over most of the picture (a light with a colour cast) starts a new background
    and is reported as a global change, never as a region.
    """
    gate = MotionDetector()
    assert gate.apply(_shop(), 0.0002) == []
    assert gate.global_change  # the first frame: nothing known yet
    assert gate.apply(_shop(), 0.0002) == []
    assert not gate.global_change
    assert gate.apply(_shop(1.25), 0.0002) == []
    assert gate.moving_fraction < 0.01
    moved = _shop()
    cv2.rectangle(moved, (300, 150), (340, 260), (20, 20, 20), -1)
    blobs = gate.apply(moved, 0.0002)
    assert len(blobs) == 1
    assert 0.4 < blobs[0].centre[0] < 0.6
    inverted = 255 - _shop()
    assert gate.apply(inverted, 0.0002) == []
    assert gate.global_change
    assert gate.recalibrations == 1
    gate.reset()
    assert gate.apply(_shop(), 0.0002) == []
    assert gate.global_change


def test_regions_are_native_squares_and_bounded() -> None:
    """A small person gets one 352-px square at native resolution; far-apart people get their
    own; a crowd is covered by tiles; a big box gets a bigger square; all inside the frame."""
    one = plan_regions([(0.45, 0.4, 0.03, 0.1)], 1280, 720)
    assert one == [(one[0][0], one[0][1], 352, 352)]
    assert one[0][0] <= 0.45 * 1280
    assert one[0][0] + 352 >= 0.48 * 1280
    two = plan_regions([(0.05, 0.1, 0.03, 0.1), (0.9, 0.8, 0.03, 0.1)], 1280, 720)
    assert len(two) == 2
    crowd = plan_regions(
        [(0.1 * i, 0.1 * (i % 8), 0.02, 0.08) for i in range(10)], 1280, 720, limit=4
    )
    # Native 352-px squares would take 15 calls on 1280x720: the budget's six, shrunk a little.
    assert len(tiles((0, 0, 1280, 720), 352, 1280, 720)) == 15
    assert crowd == tiles((0, 0, 1280, 720), whole_side(352, 1280, 720), 1280, 720)
    assert len(crowd) == MAX_TILES
    assert all(x + w <= 1280 and y + h <= 720 for x, y, w, h in crowd)
    big = squares((100, 50, 500, 650), 1280, 720)
    assert big[0][2] == 720  # taller than a square of the frame allows: the full height
    # A 640x360 frame is covered by squares of its height, not by two rows of 352.
    assert {r[3] for r in tiles((0, 0, 640, 360), 352, 640, 360)} == {360}
    assert plan_regions([], 640, 360) == []


def test_a_whole_frame_search_never_cuts_the_biggest_person_tracked() -> None:
    """The whole frame is searched in squares that hold the biggest person tracked.

    On an HD picture the whole-frame squares are smaller than a person close to the camera;
    cut by them, that person's boxes ended at a square's edge, the foot jumped up and back
    across a line, and the school corridor at 1920x1080 counted 6 crossings nobody made.
    """
    frame = np.full((1080, 1920, 3), 128, np.uint8)
    small = cv2.resize(frame, (320, 180))
    nobody = PeopleStage(shared(), 5.0)
    nobody.update(frame, small, 0.0)
    assert {r[2] for r in nobody.regions} == {whole_side(352, 1920, 1080)} != {1080}
    close = PeopleStage(shared(), 5.0)
    # A confirmed track of someone 70 % of the picture tall: with its margin, taller than
    # the picture, so the squares are the picture's height.
    close.tracker.tracks[1] = Track(1, (0.4, 0.2, 0.15, 0.7), 0.9, 0.0, 0.0, hits=3)
    close.update(frame, small, 0.2)
    assert {r[2] for r in close.regions} == {1080}
    assert len(close.regions) == len(tiles((0, 0, 1920, 1080), 1080, 1920, 1080))
    small_person = PeopleStage(shared(), 5.0)
    small_person.tracker.tracks[1] = Track(1, (0.4, 0.2, 0.02, 0.05), 0.9, 0.0, 0.0, hits=3)
    small_person.update(frame, small, 0.2)
    assert {r[2] for r in small_person.regions} == {whole_side(352, 1920, 1080)}


def test_suppress_drops_duplicates_and_nested_boxes() -> None:
    """Overlapping boxes and a box inside a better one (an upper body) are one person."""
    full = Box(0.9, 0.1, 0.1, 0.1, 0.4)
    upper = Box(0.6, 0.1, 0.1, 0.1, 0.2)
    shifted = Box(0.7, 0.11, 0.1, 0.1, 0.4)
    other = Box(0.8, 0.6, 0.1, 0.1, 0.4)
    assert suppress([upper, full, shifted, other]) == [full, other]
    assert full.iou(other) == 0.0


def test_a_person_wider_than_a_square_is_one_box_and_one_box_twice_over_is_suppressed() -> None:
    """A 320x178 frame searched in squares 0-178 and 142-320: a man vaping right at the lens
    (nf_vaping, 7.4 s) spans 51-246 px, inside neither square. FastestDet finds his left in
    the first (its box reaching past the cut at 178) and his right in the second (cut at 142):
    two people, a crowding alarm with one person in view. Joined, he is one box from 51 to
    249. Two boxes of one person that two squares each saw almost whole (a seated man in
    p20's 640x360 gym, found in the squares above and below him) are left to suppression,
    which keeps the better one, as before; joined, his box had grown."""
    left = Box(0.84, 51 / 320, 0.15, 134 / 320, 0.83)
    right = Box(0.73, 134 / 320, 0.14, 115 / 320, 0.98)
    (man,) = _stitch([(left, (None, None, 178, None)), (right, (142, None, None, None))], 320, 178)
    assert (man.x * 320, (man.x + man.w) * 320, man.score) == pytest.approx((51, 249, 0.84))
    # Two halves of a cloud across a 320x180 sky: joined they would be 1.8 times as wide as
    # tall, which no person is; left apart (nf_clouds_sky: the joined box jumped to that size,
    # "walked" and raised an intrusion after closing).
    cloud = [Box(0.65, 0.001, 0.24, 0.58, 0.82), Box(0.6, 0.45, 0.25, 0.39, 0.8)]
    assert (
        _stitch(
            list(zip(cloud, [(None, None, 178, None), (142, None, None, None)], strict=True)),
            320,
            180,
        )
        == cloud
    )
    small = Box(0.79, 0.265, 0.398, 0.036, 0.199)
    again = Box(0.72, 0.264, 0.41, 0.039, 0.181)
    cuts = [(None, None, None, 209), (None, 151, None, None)]
    stitched = _stitch(list(zip((small, again), cuts, strict=True)), 640, 360)
    assert stitched == [small, again]
    assert suppress(stitched) == [small]


def test_a_person_close_to_the_lens_across_both_squares_is_one_person() -> None:
    """The real photo person filling a 320x180 frame's height and 240 px of its width (as
    wide as a man at the lens), searched in the frame's two squares (0-180, 140-320): each
    square sees part of him. Before, that was two boxes (39-193 and 122-241 px); now one,
    from his left to his right."""
    frame = cv2.resize(scenes.counting_scene().background(), (320, 180))
    photo = scenes._photo()
    frame[:, 40:280] = cv2.resize(photo, (240, 180), interpolation=cv2.INTER_AREA)
    regions = tiles((0, 0, 320, 180), 180, 320, 180)
    assert regions == [(0, 0, 180, 180), (140, 0, 180, 180)]
    (person,) = [b for b in shared().detect_regions(frame, regions) if b.score >= 0.55]
    assert person.x * 320 < 50
    assert (person.x + person.w) * 320 > 230


def _walk(tracker: PersonTracker, start: float, steps: int, dx: float) -> list[set[int]]:
    """Two people walking towards each other's side at different heights, one box each."""
    ids: list[set[int]] = []
    for i in range(steps):
        boxes = [
            Box(0.9, 0.1 + dx * i, 0.2, 0.05, 0.2),
            Box(0.9, 0.8 - dx * i, 0.6, 0.05, 0.2),
        ]
        tracker.update(boxes, start + i * 0.2)
        ids.append({t.id for t in tracker.visible()})
    return ids


@pytest.mark.parametrize("kind", TRACKERS)
def test_each_tracker_keeps_ids_and_ends_lost_tracks(kind: Any) -> None:
    """Two walkers keep their ids; when nobody is seen the tracks end after the lost time."""
    tracker = PersonTracker(5.0, kind, lost_seconds=0.6)
    ids = _walk(tracker, 0.0, 10, 0.01)
    assert len(ids[-1]) == 2
    assert ids[-1] == ids[-2] == ids[5]
    assert all(t.hits >= 8 for t in tracker.confirmed())
    ended = []
    for i in range(6):
        ended += tracker.update([], 2.0 + i * 0.2)
    assert sorted(t.id for t in ended) == sorted(ids[-1])
    assert tracker.tracks == {}
    _walk(tracker, 4.0, 3, 0.01)
    assert len(tracker.clear()) >= 1
    assert tracker.skip(5.0) == []


def test_a_box_twice_or_half_a_persons_size_is_not_that_person() -> None:
    """Seen from above, a person with their shadow comes as one box most of the picture tall;
    near a seated row, the detector's box of a neighbour. A box more than twice as tall (or
    less than half) as a track's person does not continue that track: its feet are elsewhere."""
    tracker = PersonTracker(5.0, "norfair")
    for i in range(4):
        tracker.update([Box(0.9, 0.40 + 0.01 * i, 0.30, 0.06, 0.2)], i * 0.2)
    [walker] = tracker.confirmed()
    # The person and their shadow, centred where the person is: a new track, not this one.
    tracker.update([Box(0.9, 0.30, 0.05, 0.3, 0.9)], 0.8)
    assert walker.misses == 1
    assert walker.foot[1] == pytest.approx(0.5, abs=0.02)
    # The person again, their own size: the same track.
    tracker.update([Box(0.9, 0.45, 0.30, 0.06, 0.2)], 1.0)
    assert walker.misses == 0
    assert walker.id in {t.id for t in tracker.visible()}


def _track(track_id: int, foot_y: float, height: float = 0.3, seen: float = 2.0) -> Track:
    track = Track(track_id, (0.45, foot_y - height, 0.1, height), 0.9, seen, seen, hits=3)
    track.observe(Box(0.9, 0.45, foot_y - height, 0.1, height), seen)
    return track


def test_crossing_on_smoothed_foot_with_a_band_in_box_heights() -> None:
    """Feet dithering on the line count nothing; clearly crossing counts once per direction.

    The band is 10 % of the box height (0.03 of the frame for a 0.3-high person): a foot
    1 % past the line is on it, 5 % past is across.
    """
    config = parse_camera(
        {"id": "c", "source": "/x.avi", "lines": [{"id": "l", "p1": [0, 0.5], "p2": [1, 0.5]}]}
    )
    rules = Rules(config)
    rules.aspect = 16 / 9
    track = _track(1, 0.6)
    out: list[Detection] = []
    for i, foot in enumerate([0.6, 0.52, 0.49, 0.51, 0.48, 0.515, 0.49, 0.51, 0.45, 0.42]):
        track.observe(Box(0.9, 0.45, foot - 0.3, 0.1, 0.3), i * 0.2)
        out += rules.update([track], [], i * 0.2)
    assert [d.type for d in out] == ["crossing_in"]
    back = []
    for i, foot in enumerate([0.45, 0.5, 0.55, 0.6, 0.62]):
        track.observe(Box(0.9, 0.45, foot - 0.3, 0.1, 0.3), 3 + i * 0.2)
        back += rules.update([track], [], 3 + i * 0.2)
    assert [d.type for d in back] == ["crossing_out"]
    assert rules.counts == {"l": {"in": 1, "out": 1}}
    # A track confirmed only once across: the side it came from is its first foot point.
    late = _track(3, 0.62)
    late.observe(Box(0.9, 0.45, 0.41 - 0.3, 0.1, 0.3), 4.0)
    late.observe(Box(0.9, 0.45, 0.4 - 0.3, 0.1, 0.3), 4.2)
    assert [d.type for d in rules.update([late], [], 4.2)] == ["crossing_in"]
    # A track seen only on one side counts nothing, and a missed frame judges nothing.
    lone = _track(2, 0.2)
    lone.misses = 1
    assert rules.update([lone], [], 5.0) == []


def _feet(rules: Rules, track: Track, feet: list[float], start: float) -> list[str]:
    """Walk a 0.3-high track's foot through the y values, one analysed frame each."""
    out: list[Detection] = []
    for i, foot in enumerate(feet):
        track.observe(Box(0.9, 0.45, foot - 0.3, 0.1, 0.3), start + i * 0.2)
        out += rules.update([track], [], start + i * 0.2)
    return [d.type for d in out]


def test_track_first_seen_on_the_line_counts_only_when_it_walks_off_it() -> None:
    """A person first found with their feet on the line (band 0.03 here) came from the other
    side if they then walk steadily off it; standing there, stepping back, or one jump of
    the box counts nothing."""
    config = parse_camera(
        {"id": "c", "source": "/x.avi", "lines": [{"id": "l", "p1": [0, 0.5], "p2": [1, 0.5]}]}
    )
    rules = Rules(config)
    rules.aspect = 16 / 9
    # First seen on the line, then three steps up the picture: in.
    assert _feet(rules, _track(1, 0.505), [0.49, 0.46, 0.43], 0.0) == ["crossing_in"]
    # The same, walking down: out.
    assert _feet(rules, _track(2, 0.495), [0.51, 0.54, 0.57], 0.0) == ["crossing_out"]
    # One jump off the line (only two foot points when it is judged): no side to come from.
    assert _feet(rules, _track(3, 0.5), [0.43, 0.42, 0.41], 0.0) == []
    # Standing on the line, then a step back before leaving it: no steady walk off it.
    assert _feet(rules, _track(4, 0.5), [0.51, 0.495, 0.47, 0.44], 0.0) == []
    # Once it has a side, it counts crossings as any track does.
    assert _feet(rules, _track(5, 0.5), [0.49, 0.46, 0.43, 0.5, 0.56, 0.6], 0.0) == [
        "crossing_in",
        "crossing_out",
    ]
    assert rules.counts == {"l": {"in": 2, "out": 2}}


def test_track_first_seen_just_past_the_line_walking_away_came_from_the_other_side() -> None:
    """A person the detector first finds just past a line (within 0.3 of their height),
    walking steadily away from it, crossed it unseen: counted once three foot points show
    the walk. Not when found at the picture's edge (they walked in there), nor in the
    camera's first half second, nor when walking towards the line."""
    config = parse_camera(
        {"id": "c", "source": "/x.avi", "lines": [{"id": "l", "p1": [0, 0.5], "p2": [1, 0.5]}]}
    )
    rules = Rules(config)
    rules.aspect = 16 / 9
    assert rules.update([], [], 0.0) == []
    away = [0.44, 0.41, 0.38]
    # Found 0.05 past the line (band 0.03, near 0.09) at 2 s: in, on its third point.
    assert _feet(rules, _track(1, 0.45), away, 2.0) == ["crossing_in"]
    # The same walk found at the first moment the camera looked: no side to come from.
    early = _track(2, 0.45)
    early.first_seen = 0.2
    assert _feet(rules, early, away, 0.2) == []
    # Found with its box against the picture's right side.
    edge = Track(3, (0.92, 0.15, 0.08, 0.3), 0.9, 2.0, 2.0, hits=3)
    edge.observe(Box(0.9, 0.92, 0.15, 0.08, 0.3), 2.0)
    assert _feet(rules, edge, away, 2.2) == []
    # Found 0.12 past it (farther than 0.3 of the height): it was coming from there.
    assert _feet(rules, _track(4, 0.38), [0.36, 0.34, 0.32], 2.0) == []
    # Found just past the line and walking back over it: one ordinary crossing, out.
    assert _feet(rules, _track(5, 0.45), [0.47, 0.5, 0.55, 0.58], 2.0) == ["crossing_out"]
    assert rules.counts == {"l": {"in": 1, "out": 1}}
    # First seen beyond the end of a shorter line, then walking on beside it: no side from there.
    short = Rules(
        parse_camera(
            {
                "id": "c",
                "source": "/x.avi",
                "lines": [{"id": "l", "p1": [0, 0.5], "p2": [0.3, 0.5]}],
            }
        )
    )
    assert short.update([], [], 0.0) == []
    outside = _track(6, 0.45)
    found: list[Detection] = []
    for i, (x, foot) in enumerate([(0.3, 0.44), (0.2, 0.43), (0.1, 0.42)]):
        outside.observe(Box(0.9, x, foot - 0.3, 0.1, 0.3), 2.2 + i * 0.2)
        found += short.update([outside], [], 2.2 + i * 0.2)
    assert found == []
    # Walking back down over the line from there: counted out, from the side it was on.
    for i, foot in enumerate([0.5, 0.56, 0.6]):
        outside.observe(Box(0.9, 0.1, foot - 0.3, 0.1, 0.3), 3.0 + i * 0.2)
        found += short.update([outside], [], 3.0 + i * 0.2)
    assert [d.type for d in found] == ["crossing_out"]


def test_a_steady_walkers_foot_is_not_smoothed_a_jumping_box_is() -> None:
    """Smoothing lagged a walker's count by a frame; it stays for feet that stray or jump."""
    walker = _track(1, 0.3)
    for i, foot in enumerate([0.35, 0.4, 0.45]):
        walker.observe(Box(0.9, 0.45, foot - 0.3, 0.1, 0.3), 2.2 + i * 0.2)
    # The third and fourth points continue steps of 0.05 (1/6 of the height): not smoothed.
    assert walker.foot_smooth[1] == pytest.approx(0.45)
    standing = _track(2, 0.5)
    for i, foot in enumerate([0.51, 0.52, 0.53]):
        standing.observe(Box(0.9, 0.45, foot - 0.3, 0.1, 0.3), 2.2 + i * 0.2)
    # Steps of 0.01 (1/30 of the height) are a standing person's stray: smoothed.
    assert standing.foot_smooth[1] < 0.529
    jumper = _track(3, 0.3)
    for i, foot in enumerate([0.35, 0.6]):
        jumper.observe(Box(0.9, 0.45, foot - 0.3, 0.1, 0.3), 2.2 + i * 0.2)
    # A step five times the one before (the box jumped): smoothed.
    assert jumper.foot_smooth[1] < 0.55
    turner = _track(4, 0.3)
    for i, foot in enumerate([0.35, 0.3]):
        turner.observe(Box(0.9, 0.45, foot - 0.3, 0.1, 0.3), 2.2 + i * 0.2)
    # Turning back: smoothed.
    assert turner.foot_smooth[1] > 0.31


def test_travelled_tells_a_walker_from_a_flicker() -> None:
    """The flame stage ignores change inside tracks that went somewhere."""
    walker = _track(1, 0.5)
    for i in range(6):
        walker.observe(Box(0.9, 0.1 + 0.05 * i, 0.2, 0.1, 0.3), i * 0.2)
    assert travelled(walker)
    still = _track(2, 0.5)
    for i in range(6):
        still.observe(Box(0.9, 0.45 + 0.002 * (i % 2), 0.2, 0.1, 0.3), i * 0.2)
    assert not travelled(still)
    assert walker.blob.w == pytest.approx(0.1)


def test_no_inference_without_motion_and_a_still_person_stays_counted() -> None:
    """A quiet shop costs no detector call after the first look; the photo person standing
    still (no motion) stays in view, because tracked people are looked at again."""
    stage = PeopleStage(shared(), 5.0)
    empty = _shop()
    small = cv2.resize(empty, (320, 180))
    for i in range(4):
        stage.update(empty, small, i * 0.2)
    assert stage.stats.inferred == 1  # the first frame's sweep only
    person = _shop()
    scenes.draw_photo_person(person, (0.5, 0.5), scenes.Actor(((0, 0.5, 0.5),)))
    small_person = cv2.resize(person, (320, 180))
    seen = []
    for i in range(10):
        stage.update(person, small_person, 1.0 + i * 0.2)
        seen.append([round(t.foot[1], 1) for t in stage.tracker.visible()])
    assert seen[2:] == [[0.7]] * 8
    # Tracked, confirmed, still and far from any line: looked at every other frame (rested
    # in between, the track held as it is), never left unlooked-at for two frames running.
    assert stage.stats.rested >= 3
    assert stage.stats.inferred + stage.stats.rested == 1 + 10
    # Covered: nobody can be seen; tracks end at once.
    assert len(stage.update(person, small_person, 4.0, blind=True)) == 1
    stage.detector = None
    assert stage.update(person, small_person, 4.2) == []


def test_file_frames_media_time_and_end(clips: Clips) -> None:
    """Events carry the frame index; media time is index / fps; the end says the counts."""
    scene = scenes.walk_scene()
    path = clips.get(scene)
    found, analyzer = analyse_file(
        parse_camera({"id": "c", "source": str(path), "lines": [LINE]}), path
    )
    crossings = [d for d in found if d.type.startswith("crossing")]
    assert sorted(d.type for d in crossings) == ["crossing_in", "crossing_out"]
    for d in crossings:
        assert d.frame is not None
        assert d.frame % 2 == 0  # 10 fps file, every other frame analysed
        assert d.media_time == pytest.approx(d.frame / scene.fps)
    end = found[-1]
    assert (end.type, end.frame) == ("source_ended", scene.frame_count - 1)
    assert end.media_time == pytest.approx((scene.frame_count - 1) / scene.fps)
    assert end.counts == {"door": {"in": 1, "out": 1}}
    assert analyzer.frames == scene.frame_count // 2 + scene.frame_count % 2


def test_an_image_sequence_runs_at_the_rate_it_was_taken(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Numbered pictures (how PETS and other datasets come) are a source, by a printf pattern.

    FFmpeg reads a sequence at 25 fps whatever it was taken at; `source_fps` gives the real
    rate, and media times, the frames analysed and the counts follow it.
    """
    scene = scenes.walk_scene()
    for index, (_t, frame) in enumerate(scene.frames()):
        cv2.imwrite(str(tmp_path / f"frame_{index:04d}.jpg"), frame)
    pattern = str(tmp_path / "frame_%04d.jpg")
    ends = {}
    for source_fps in (0, scene.fps):
        found: list[Detection] = []
        config = parse_camera(
            {
                "id": "c",
                "source": pattern,
                "lines": [LINE],
                "realtime": False,
                "source_fps": source_fps,
            }
        )
        caplog.clear()
        CameraPipeline(config, lambda _c, d, f=found: f.append(d), shared()).run_inline()
        ends[source_fps] = found[-1]
        # Without its rate the log says how it is read, and what to give; with it, nothing.
        warned = [r.getMessage() for r in caplog.records if "image sequence" in r.getMessage()]
        assert warned == (
            []
            if source_fps
            else [
                "camera c: an image sequence is read at 25 fps; give source_fps if it was "
                "taken at another rate"
            ]
        )
        crossings = [d for d in found if d.type.startswith("crossing")]
        rate = source_fps or 25.0
        assert all(d.media_time == pytest.approx(d.frame / rate) for d in crossings)
    for end in ends.values():
        assert (end.type, end.frame) == ("source_ended", scene.frame_count - 1)
    assert ends[0].media_time == pytest.approx((scene.frame_count - 1) / 25.0)
    assert ends[scene.fps].media_time == pytest.approx((scene.frame_count - 1) / scene.fps)
    # At its own rate the walk is counted as from the video (test_file_frames_media_time...).
    assert ends[scene.fps].counts == {"door": {"in": 1, "out": 1}}


def test_no_one_is_seen_standing_in_an_ignore_area(clips: Clips) -> None:
    """A mask over the floor where the walker crosses: no track, no count, no one in view
    there; drawn grey on the annotated picture. Taken away again, the crossings count."""
    path = clips.get(scenes.walk_scene())
    floor = {"id": "ignore", "polygon": [[0, 0.3], [1, 0.3], [1, 1], [0, 1]]}
    config = parse_camera({"id": "c", "source": str(path), "lines": [LINE], "masks": [floor]})
    found, analyzer = analyse_file(config, path)
    assert [d.type for d in found] == ["source_ended"]
    assert found[-1].counts == {"door": {"in": 0, "out": 0}}
    assert analyzer.people.tracker.confirmed() == []
    frame = _shop()
    drawn = annotate(frame, config, {})
    assert tuple(drawn[170, 10]) != tuple(frame[170, 10])  # inside the mask: greyed
    assert tuple(drawn[20, 10]) == tuple(frame[20, 10])  # above it: untouched
    analyzer.reconfigure(replace(config, masks=()))
    assert analyzer.people.masks == ()
    found, _ = analyse_file(replace(config, masks=()), path)
    assert found[-1].counts == {"door": {"in": 1, "out": 1}}


def test_realtime_file_analyses_the_same_frames_as_fast(clips: Clips) -> None:
    """realtime true and false analyse the same frame indices when the machine keeps up."""
    path = clips.get(scenes.walk_scene())
    seen: dict[bool, list[int]] = {False: [], True: []}
    for realtime in (False, True):
        frames = seen[realtime]
        pipeline = CameraPipeline(
            parse_camera({"id": "c", "source": str(path), "realtime": realtime}),
            lambda _c, _d: None,
            shared(),
        )
        analyse = pipeline._analyse

        def spy(
            frame: Any,
            media: float,
            index: int,
            grabbed: float,
            pair: Any = None,
            hazards: bool = True,
            *,
            a: Any = analyse,
            f: Any = frames,
        ) -> None:
            f.append(index)
            a(frame, media, index, grabbed, pair, hazards)

        pipeline._analyse = spy  # type: ignore[method-assign]
        pipeline.run_inline()
        assert pipeline.health()["status"] == "ended"
        assert pipeline.health()["frame"] == scenes.walk_scene().frame_count - 1
    assert seen[True] == seen[False]


def test_slot_keeps_only_the_newest_frame() -> None:
    """A frame not taken before the next arrives is dropped and counted; close ends take()."""
    slot = _Slot()
    frame = np.zeros((2, 2, 3), np.uint8)
    slot.put(frame, 0.0, 0, 0.0)
    slot.put(frame, 0.2, 1, 0.2)
    item = slot.take()
    assert item is not None
    assert item[2] == 1
    assert slot.dropped == 1
    slot.close()
    assert slot.take() is None


def _unseen_until_ended(tracker: PersonTracker, start: float) -> int:
    """Empty frames at 10 fps until a track ends: how many were survived."""
    for misses in itertools.count(1):
        if tracker.update([], start + misses * 0.1):
            return misses - 1
    raise AssertionError  # pragma: no cover - itertools.count never ends


@pytest.mark.parametrize("kind", TRACKERS)
def test_a_tracker_given_the_real_rate_loses_people_after_the_same_time(kind: Any) -> None:
    """Lost after 0.6 s: 3 frames unseen at 5 fps, 6 once told frames come at 10 fps."""
    tracker = PersonTracker(5.0, kind, lost_seconds=0.6)
    _walk(tracker, 0.0, 8, 0.01)
    assert _unseen_until_ended(tracker, 2.0) == 3
    tracker = PersonTracker(5.0, kind, lost_seconds=0.6)
    tracker.set_rate(10.0)  # before any track: how a file's rate is given
    _walk(tracker, 0.0, 8, 0.01)
    assert _unseen_until_ended(tracker, 2.0) == 6


def test_tracks_under_way_take_the_new_limit_when_the_rate_changes() -> None:
    """On a live stream the rate is measured while people are tracked: the new limit holds
    for the tracks under way too, and for the next ones."""
    tracker = PersonTracker(5.0, "norfair", lost_seconds=0.6)
    _walk(tracker, 0.0, 8, 0.01)
    tracker.set_rate(10.0)
    assert _unseen_until_ended(tracker, 2.0) == 6
    _walk(tracker, 4.0, 8, 0.01)
    assert _unseen_until_ended(tracker, 6.0) == 6


def test_at_another_rate_a_walk_is_judged_over_the_same_time() -> None:
    """The per-frame figures were measured at 5 fps (tracker.PACE_FPS). At 10 fps a track is
    confirmed after 4 frames (0.4 s, as 2 at 5), its foot smoothed by the same amount per
    second, and a walker's half-length steps (0.06 of the height every 0.1 s; 0.1 per frame
    at 5 fps) are steady."""
    tracker = PersonTracker(5.0)
    assert (tracker.pace, tracker.min_hits) == (1.0, 2)
    tracker.set_rate(10.0)
    assert (tracker.pace, tracker.min_hits) == (0.5, 4)
    assert paced(0.7, 1.0) == 0.7
    # Two steps at 10 fps leave the same share of an old foot as one at 5: 0.3.
    assert (1 - paced(0.7, 0.5)) ** 2 == pytest.approx(0.3)
    assert paced_frames(3, 0.5) == 6
    assert paced_frames(1, 5 / 7) == 1
    height = 0.3
    walker = Track(1, (0.45, 0.2, 0.1, height), 0.9, 0.0, 0.0, pace=0.5)
    hesitant = Track(2, (0.45, 0.2, 0.1, height), 0.9, 0.0, 0.0, pace=0.5)
    for i in range(1, 6):
        walker.observe(Box(0.9, 0.45, 0.2 + 0.06 * height * i, 0.1, height), i * 0.1)
        # Under half a walker's step at 5 fps: too short to be a walk.
        hesitant.observe(Box(0.9, 0.45, 0.2 + 0.03 * height * i, 0.1, height), i * 0.1)
    assert walker.steady
    assert not hesitant.steady
    # At 5 fps the same 0.06 steps are a standing person's stray, not a walk.
    slow = Track(3, (0.45, 0.2, 0.1, height), 0.9, 0.0, 0.0)
    for i in range(1, 6):
        slow.observe(Box(0.9, 0.45, 0.2 + 0.06 * height * i, 0.1, height), i * 0.2)
    assert not slow.steady
    # In view while missed for 0.4 s at any rate: 2 frames at 5 fps, 4 at 10.
    for rate, shown in ((5.0, [0, 1, 2]), (10.0, [0, 1, 2, 3, 4])):
        tracker = PersonTracker(rate)
        for i in range(6):
            tracker.update([Box(0.9, 0.4 + 0.01 * i, 0.3, 0.06, 0.2)], i / rate)
        seen = []
        for misses in range(7):
            if tracker.visible():
                seen.append(misses)
            tracker.update([], (6 + misses) / rate)
        assert seen == shown, rate


@pytest.mark.parametrize(
    ("fps", "every"),
    [(5.0, True), (7.0, True), (8.5, True), (10.0, False), (25.0, False)],
)
def test_a_slow_source_gives_the_people_every_frame(clips: Clips, fps: float, every: bool) -> None:
    """Under 1.8 times the camera's fps (5), a source cannot be thinned evenly: every frame
    goes to the people (the walk is counted), the hazard stages still about 5 a second."""
    scene = replace(scenes.walk_scene(), name=f"walk_{fps:g}fps", fps=fps)
    path = clips.get(scene)
    found, analyzer = analyse_file(
        parse_camera({"id": "c", "source": str(path), "lines": [LINE]}), path
    )
    assert found[-1].counts == {"door": {"in": 1, "out": 1}}
    per_second = scene.frame_count / scene.duration
    hazards_per_second = analyzer.hazard_frames / scene.duration
    if every:
        assert analyzer.frames == scene.frame_count
    else:
        assert analyzer.frames == pytest.approx(5 * scene.duration, abs=1)
        assert analyzer.frames == analyzer.hazard_frames
    assert hazards_per_second == pytest.approx(min(per_second, 5.0), abs=0.5)
    if every and fps > 5:
        # The people-only frames leave the hazard stages' work as it was.
        assert analyzer.hazard_frames < analyzer.frames


@pytest.mark.parametrize("fps", [10.0, 25.0])
def test_a_camera_analysed_faster_gives_only_the_people_the_extra_frames(
    clips: Clips, fps: float
) -> None:
    """A camera set above 5 fps (fast counting: 10): the people get every frame due at that
    rate, tamper, flame and smoke still about 5 a second (pipeline.HAZARD_FPS), so an alarm
    needs the seconds of evidence it was measured with. The walk is counted once each way."""
    scene = replace(scenes.walk_scene(), name="walk_25fps", fps=25.0)
    path = clips.get(scene)
    found, analyzer = analyse_file(
        parse_camera({"id": "c", "source": str(path), "lines": [LINE], "fps": fps}), path
    )
    assert found[-1].counts == {"door": {"in": 1, "out": 1}}
    assert analyzer.frames == pytest.approx(fps * scene.duration, abs=1)
    assert analyzer.hazard_frames == pytest.approx(5 * scene.duration, abs=1)
    assert analyzer.people.tracker.fps == fps


def test_a_people_only_frame_leaves_the_hazard_stages_alone() -> None:
    """process(hazards=False) runs the people stage and the rules, not tamper, flame or smoke:
    none of their clocks moves and their evidence stays as it was."""
    analyzer = Analyzer(parse_camera({"id": "c", "source": "/x.mp4", "lines": [LINE]}), shared())
    rng = np.random.default_rng(3)

    def live(frame: Any) -> Any:  # a camera's noise: a frozen picture is tamper
        return cv2.add(frame, rng.integers(0, 6, frame.shape, dtype=np.uint8))

    shop = _shop()
    for step in range(40):  # the tamper stage learns what this camera normally sees
        analyzer.process(live(shop), step * 0.2)
    before = dict(analyzer.timings)
    assert {"tamper", "flame", "smoke", "people"} <= before.keys()
    dark = np.full_like(shop, 15)
    for step in range(29):
        analyzer.process(live(dark), 8.0 + step * 0.14, hazards=False)
    assert analyzer.frames == 69
    assert analyzer.hazard_frames == 40
    assert {k: analyzer.timings[k] for k in ("tamper", "flame", "smoke")} == {
        k: before[k] for k in ("tamper", "flame", "smoke")
    }
    assert analyzer.timings["people"] > before["people"]
    assert analyzer.state()["tamper"] == []  # a dark lens, never judged on these frames
    for step in range(30):
        analyzer.process(live(dark), 12.0 + step * 0.2)
    assert analyzer.state()["tamper"] == ["covered"]


def test_slot_keeps_a_whole_frame_apart_from_a_newer_people_frame() -> None:
    """A people-only frame never replaces a whole one (the hazard stages need it); both are
    taken, oldest first. A newer people frame replaces the older one, a newer whole frame
    replaces both; each replaced frame is counted as dropped."""
    frame = np.zeros((2, 2, 3), np.uint8)
    pair = np.ones((2, 2, 3), np.uint8)
    slot = _Slot()
    slot.put(frame, 0.0, 0, 0.0, pair)
    slot.put(frame, 0.14, 1, 0.14, None, False)
    slot.put(frame, 0.28, 2, 0.28, None, False)
    first, second = slot.take(), slot.take()
    assert first is not None
    assert second is not None
    assert (first[2], first[4] is pair, first[5]) == (0, True, True)
    assert (second[2], second[5]) == (2, False)
    assert slot.dropped == 1
    slot.put(frame, 0.42, 3, 0.42, None, False)
    slot.put(frame, 0.57, 4, 0.57)
    item = slot.take()
    assert item is not None
    assert (item[2], item[5]) == (4, True)
    assert slot.dropped == 2
    slot.close()
    assert slot.take() is None


def test_bad_files_are_errors_in_health(tmp_path: Path) -> None:
    """A missing file and a file that is not a video each get their code and a sentence."""
    missing = CameraPipeline(
        parse_camera({"id": "c", "source": str(tmp_path / "none.mp4")}), lambda _c, _d: None
    )
    missing.run_inline()
    health = missing.health()
    assert (health["status"], health["error_code"]) == ("error", "source_missing")
    assert "no video file" in health["error"]
    garbage = tmp_path / "garbage.mp4"
    garbage.write_bytes(b"\x00\x01not a video" * 500)
    lost: list[Detection] = []
    broken = CameraPipeline(
        parse_camera({"id": "c", "source": str(garbage)}), lambda _c, d: lost.append(d)
    )
    broken.run_inline()
    health = broken.health()
    assert (health["status"], health["error_code"]) == ("error", "source_undecodable")
    assert "decode" in health["error"]
    assert [d.type for d in lost] == ["stream_lost"]
    assert lost[0].data["code"] == "source_undecodable"


async def _wait(predicate: Any, limit: float = 15.0) -> None:
    async with asyncio.timeout(limit):
        while not predicate():  # noqa: ASYNC110 - the engine's threads change the state
            await asyncio.sleep(0.05)


@pytest.mark.parametrize(
    ("model", "code"), [("missing.onnx", "model_missing"), ("corrupt.onnx", "model_corrupt")]
)
async def test_bad_model_is_an_error_in_health_and_cameras_keep_running(
    settings: Settings, clips: Clips, tmp_path: Path, model: str, code: str
) -> None:
    """Without a usable person model the camera still runs (tamper, flame, QR) and its
    health says what is wrong; the engine is degraded, not dead."""
    path = tmp_path / model
    if model == "corrupt.onnx":
        path.write_bytes(b"\x08\x07not a network" * 100)
    server = EngineServer(replace(settings, model_path=path))
    await server.start()
    try:
        clip = str(clips.get(scenes.walk_scene()))
        await server.engine.add_camera(
            parse_camera({"id": "cam", "source": clip, "realtime": False, "loop": True})
        )
        pipeline = server.engine.cameras["cam"]
        await _wait(lambda: pipeline.analyzer.frames > 5)
        health = server.engine.health()
        camera = health["cameras"]["cam"]
        assert health["status"] == "degraded"
        assert (camera["status"], camera["error_code"]) == ("error", code)
        assert str(path) in camera["error"]
        assert pipeline.analyzer.people.stats.inferred == 0
    finally:
        await server.stop()


async def test_live_stream_reports_lag_and_state_media_time(
    client: EngineClient, engine_server: EngineServer, clips: Clips, mjpeg_server: Any
) -> None:
    """A live camera reports its lag and dropped frames; state says which frame it is."""
    from .conftest import jpeg_frames

    served = await mjpeg_server(jpeg_frames(clips.get(scenes.walk_scene())) * 3, 10)
    await client.add_camera({"id": "live", "source": served.url, "lines": [LINE]})
    pipeline = engine_server.engine.cameras["live"]
    await _wait(lambda: pipeline.analyzer.frames >= 10)
    state = await client.camera_state("live")
    assert isinstance(state["frame"], int)
    assert state["media_time"] > 0
    health = state["health"]
    assert 0 <= health["lag_seconds"] < 5
    assert health["frames_dropped"] >= 0
    assert health["status"] == "connected"


async def test_port_file_and_debug_access_log(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """--port-file holds the bound port once listening; each request is one DEBUG line."""
    port_file = tmp_path / "engine.port"
    server = EngineServer(replace(settings, port_file=port_file))
    await server.start()
    try:
        assert int(port_file.read_text()) == server.port
        with caplog.at_level(logging.DEBUG, logger="unmanned_store_engine.access"):
            async with (
                ClientSession() as session,
                session.get(
                    f"{server.url}/api/info", headers={"Authorization": f"Bearer {TOKEN}"}
                ) as reply,
            ):
                assert reply.status == 200
            await asyncio.sleep(0.05)
        lines = [r for r in caplog.records if r.name == "unmanned_store_engine.access"]
        assert [r.levelno for r in lines] == [logging.DEBUG]
        assert "GET /api/info 200" in lines[0].getMessage()
    finally:
        await server.stop()


def test_fast_timeouts_are_used() -> None:
    """The test settings' timeouts are short (sanity for the fault tests above)."""
    assert FAST.open < Timeouts().open


def _pair_spy(pipeline: CameraPipeline, seen: list[tuple[int, bool]]) -> None:
    """Record each analysed frame's index and whether the next source frame came with it."""
    analyse = pipeline._analyse

    def spy(
        frame: Any, media: float, index: int, grabbed: float, pair: Any = None, hazards: bool = True
    ) -> None:
        if pair is not None:
            # The next source frame: same size, not the analysed frame itself.
            assert pair.shape == frame.shape
            assert pair is not frame
        seen.append((index, pair is not None))
        analyse(frame, media, index, grabbed, pair, hazards)

    pipeline._analyse = spy  # type: ignore[method-assign]


def test_file_gives_the_next_frame_when_the_flame_stage_asks(clips: Clips) -> None:
    """At 25 fps the frame after an analysed one goes with it once a flame is a candidate.

    The analysed frames and their indices are the same as without (flame off asks nothing),
    and a 5 fps file, whose next frame is the next analysed one, never gives a pair.
    """
    path = clips.get(replace(scenes.flame_scene(), name="flame25", fps=25.0))
    seen: dict[bool, list[tuple[int, bool]]] = {True: [], False: []}
    found: list[str] = []
    for flame in (True, False):
        pipeline = CameraPipeline(
            parse_camera(
                {"id": "c", "source": str(path), "realtime": False, "thresholds": {"flame": flame}}
            ),
            lambda _c, d: found.append(d.type),
            shared(),
        )
        _pair_spy(pipeline, seen[flame])
        pipeline.run_inline()
        assert pipeline.health()["status"] == "ended"
    assert [i for i, _ in seen[True]] == [i for i, _ in seen[False]]
    assert [i for i, _ in seen[True]][:3] == [0, 5, 10]
    assert any(p for _, p in seen[True])
    assert not any(p for _, p in seen[False])
    assert "flame_started" in found
    slow: list[tuple[int, bool]] = []
    pipeline = CameraPipeline(
        parse_camera(
            {"id": "c", "source": str(clips.get(scenes.flame_scene())), "realtime": False}
        ),
        lambda _c, _d: None,
        shared(),
    )
    _pair_spy(pipeline, slow)
    pipeline.run_inline()
    assert slow
    assert not any(p for _, p in slow)


def _standing(stage: PeopleStage, frames: int, moving_elsewhere: bool = False) -> list[bool]:
    """Feed the photo person standing at (0.5, 0.5); return which frames ran the detector.

    moving_elsewhere: a grey square moves in the picture's top-left corner on every frame
    (something no one tracked is doing).
    """
    ran = []
    for i in range(frames):
        frame = _shop()
        scenes.draw_photo_person(frame, (0.5, 0.5), scenes.Actor(((0, 0.5, 0.5),)))
        if moving_elsewhere:
            x = 10 + 12 * i
            cv2.rectangle(frame, (x, 10), (x + 40, 60), (90, 90, 90), -1)
        before = stage.stats.inferred
        stage.update(frame, cv2.resize(frame, (320, 180)), i * 0.2)
        ran.append(stage.stats.inferred > before)
    return ran


def test_a_frame_rests_only_when_everyone_is_tracked_and_far_from_every_line() -> None:
    """Rested frames (no detector) alternate with looked-at ones; a person near a counting
    line, something moving where nobody is tracked, or a camera seen from above is looked at
    on every frame."""
    far = PeopleStage(shared(), 5.0)
    ran = _standing(far, 12)
    assert ran[:2] == [True, True]  # the sweep, then the new track confirmed
    assert any(not r for r in ran)
    assert all(a or b for a, b in itertools.pairwise(ran))  # never two rests running
    assert [round(t.foot[1], 1) for t in far.tracker.visible()] == [0.7]

    near = PeopleStage(shared(), 5.0)
    near.lines = (Line("l", (0.0, 0.75), (1.0, 0.75)),)  # under the person's feet (0.7)
    assert all(_standing(near, 12))
    assert near.stats.rested == 0
    # A line far away (the top of the picture, more than a height above the feet) rests.
    away = PeopleStage(shared(), 5.0)
    away.lines = (Line("l", (0.0, 0.02), (1.0, 0.02)),)
    assert not all(_standing(away, 12))

    busy = PeopleStage(shared(), 5.0)
    assert all(_standing(busy, 12, moving_elsewhere=True))

    above = PeopleStage(shared(), 5.0, overhead=True)
    _standing(above, 12)
    assert above.stats.rested == 0
