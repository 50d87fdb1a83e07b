"""Small people and crowds: squares sized by the people seen, tracks that outlive short misses.

Geometry and tracker tests feed made-up boxes; the stage test uses the real photo person of
scenes.py, drawn small (plumbing only: accuracy is measured on real footage, docs/accuracy.md).
"""

from __future__ import annotations

import cv2

from unmanned_store_engine.detector import Box, shared, suppress
from unmanned_store_engine.people import (
    MAX_TILES,
    MIN_SIDE,
    SMALLEST_SIDE,
    PeopleStage,
    plan_regions,
    tile_side,
    tiles,
    whole_side,
)
from unmanned_store_engine.tracker import PersonTracker

from . import scenes


def test_tile_side_follows_the_median_person_within_bounds() -> None:
    """Nobody seen, or people big enough: native squares. Small people: squares about five of
    them tall, never below half the network's input, never more than MAX_TILES per frame."""
    assert tile_side([], 640, 360) == MIN_SIDE
    assert tile_side([100.0, 120.0, 90.0], 640, 360) == MIN_SIDE
    # 50 px people in 640x360: five heights is 250 px, six squares cover the frame.
    side = tile_side([40.0, 50.0, 60.0], 640, 360)
    assert 246 <= side < MIN_SIDE
    assert len(tiles((0, 0, 640, 360), side, 640, 360)) <= MAX_TILES
    # The median, not the smallest or the biggest, sets it.
    assert tile_side([20.0, 50.0, 200.0], 640, 360) == side
    # Tiny people: enlarged twice at most (320x240 takes six such squares) ...
    assert tile_side([30.0], 320, 240) == SMALLEST_SIDE
    # ... and within the call budget: on 352x352, nine squares of 176 would be needed.
    assert tile_side([30.0], 352, 352) == 196
    assert len(tiles((0, 0, 352, 352), 196, 352, 352)) == 4
    # An HD frame that needs more than the budget even at native resolution is not enlarged
    # but searched in squares bigger than the network's input, shrunk into it: six, not 28.
    hd = tile_side([10.0], 1920, 1080)
    assert hd == tile_side([], 1920, 1080) == whole_side(MIN_SIDE, 1920, 1080) > MIN_SIDE
    assert len(tiles((0, 0, 1920, 1080), hd, 1920, 1080)) == MAX_TILES
    assert len(tiles((0, 0, 1920, 1080), hd - 1, 1920, 1080)) > MAX_TILES
    assert len(tiles((0, 0, 1920, 1080), MIN_SIDE, 1920, 1080)) == 28
    # A panorama: never squares bigger than the frame, even over the budget.
    assert whole_side(MIN_SIDE, 4000, 400) == 400
    # Up to 768x576, native squares as before.
    assert whole_side(MIN_SIDE, 768, 576) == MIN_SIDE


def test_tracked_people_size_the_squares_not_the_crowds_motion() -> None:
    """A crowd's motion joins into a blob several people big; where people are tracked their
    boxes size the squares, so small people are looked at enlarged. Motion alone (nobody
    tracked there) still gets squares as big as itself."""
    crowd_motion = [(0.05, 0.05, 0.9, 0.9)]
    people = [(0.1 * i, 0.1 + 0.08 * (i % 5), 0.04, 0.14) for i in range(1, 9)]
    regions = plan_regions(crowd_motion, 640, 360, side=256, people=people)
    assert regions == tiles((0, 0, 640, 360), 256, 640, 360)
    assert {r[2] for r in regions} == {256}
    # The same motion with nobody tracked: squares of the frame's height, as before.
    alone = plan_regions(crowd_motion, 640, 360, side=256)
    assert {r[2] for r in alone} == {360}
    # One small person tracked: one enlarged square around them.
    one = plan_regions([], 640, 360, side=256, people=[(0.5, 0.4, 0.04, 0.14)])
    assert len(one) == 1
    assert one[0][2] == 256


def test_a_young_track_outlives_a_few_missed_frames() -> None:
    """Seen twice, missed for four frames (0.8 s, within the lost time), seen again where
    they walked to: the same person keeps their id. Norfair alone dropped a track seen twice
    after two missed frames, and the person came back as someone new."""
    tracker = PersonTracker(5.0, "norfair")
    step = 0.01
    first: set[int] = set()
    for i in range(2):
        tracker.update([Box(0.9, 0.3 + step * i, 0.2, 0.05, 0.2)], i * 0.2)
        first = {t.id for t in tracker.confirmed()}
    assert len(first) == 1
    for i in range(2, 6):
        assert tracker.update([], i * 0.2) == []
    tracker.update([Box(0.9, 0.3 + step * 6, 0.2, 0.05, 0.2)], 1.2)
    assert {t.id for t in tracker.visible()} == first
    assert next(iter(tracker.tracks.values())).hits == 3


def test_small_people_are_searched_in_enlarged_squares_every_other_frame() -> None:
    """Three photo people 48 px tall: once tracked, the stage searches around them in
    squares of about five of their heights on every second analysed frame, and at native
    resolution in between."""
    frame = scenes.counting_scene().background().copy()
    for x in (0.2, 0.5, 0.8):
        scenes.draw_photo_person(frame, (x, 0.5), scenes.Actor(((0, x, 0.5),), scale=0.4))
    small = cv2.resize(frame, (320, 180))
    stage = PeopleStage(shared(), 5.0)
    sides = []
    for i in range(6):
        stage.update(frame, small, i * 0.2)
        sides.append(stage.regions[0][2])
    assert len(stage.tracker.visible()) >= 2
    assert 246 <= stage.side < MIN_SIDE
    # The first two frames knew nobody's size yet; then enlarged and native alternate.
    assert sides[:2] == [360, 360]
    assert sides[2] == sides[4] == stage.side
    assert sides[3] == sides[5] == 360
    # The view changed: what was learnt about people's size is forgotten.
    stage.reset_motion()
    assert stage.side == MIN_SIDE


def test_a_half_body_box_beside_the_whole_body_is_the_same_person() -> None:
    """The detector's second box on one person (narrower, shifted sideways, 70 % of it inside
    the whole-body box) is dropped; two people walking side by side (a third of the smaller
    box overlapping) are both kept."""
    whole = Box(0.85, 0.141, 0.202, 0.104, 0.314)
    half = Box(0.61, 0.193, 0.197, 0.073, 0.264)
    assert 0.6 < whole.intersection(half) / (half.w * half.h) < 0.75
    assert suppress([half, whole]) == [whole]
    beside = Box(0.7, 0.21, 0.2, 0.1, 0.3)
    assert 0.3 < whole.intersection(beside) / (beside.w * beside.h) < 0.4
    assert suppress([whole, beside]) == [whole, beside]


def _ids_after_a_sideways_jump(aspect: float) -> tuple[set[int], set[int]]:
    tracker = PersonTracker(5.0, "norfair")
    for i in range(3):
        tracker.update([Box(0.9, 0.80, 0.3, 0.05, 0.2)], i * 0.2, aspect)
    before = {t.id for t in tracker.confirmed()}
    tracker.update([], 0.6, aspect)
    # Someone else, 0.15 of the picture's width to the left: 0.75 of a person's height in
    # normalised units, 1.33 in pixels of a 16:9 frame.
    for i in range(4, 6):
        tracker.update([Box(0.9, 0.65, 0.3, 0.05, 0.2)], i * 0.2, aspect)
    return before, {t.id for t in tracker.confirmed() if t.misses == 0}


def test_a_track_does_not_jump_sideways_to_someone_else() -> None:
    """Distances are measured in pixels' proportions: a step across a wide picture is as long
    as the same number of pixels down it. In normalised units the sideways step looked short
    and the track of a person who had left took over someone else."""
    before, after = _ids_after_a_sideways_jump(16 / 9)
    assert len(before) == 1
    assert len(after) == 1
    assert after != before
    # The same boxes measured in normalised units (aspect 1): the old track took them over.
    before, after = _ids_after_a_sideways_jump(1.0)
    assert after == before
