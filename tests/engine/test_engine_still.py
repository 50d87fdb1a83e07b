"""Figures that never move (still.py): no people until they show life; reported after a while.

Plain tests on boxes and motion masks, then real footage: a photograph of three real people
(a poster) is reported, a real man standing still is not; on road cameras without people the
things taken for people never loiter, and a man walking by after closing is an intrusion.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from benchmarks import figures_nobody
from benchmarks.hazard_footage import footage_dir
from unmanned_store_engine.analyzer import Analyzer
from unmanned_store_engine.annotate import annotate
from unmanned_store_engine.config import parse_camera
from unmanned_store_engine.detector import shared
from unmanned_store_engine.still import PLACE_MEMORY, StillWatch, motion_share
from unmanned_store_engine.tracker import Track

from . import scenes
from .test_engine_real_footage import _clip

MASK_SHAPE = (90, 160)


def _track(track_id: int, box: tuple[float, float, float, float], misses: int = 0) -> Track:
    return Track(track_id, box, 0.8, 0.0, 0.0, hits=5, misses=misses)


def _still_seconds(watch: StillWatch, now: float) -> list[int]:
    return [int(figure["seconds"]) for figure in watch.still(now)]  # type: ignore[call-overload]


def test_a_figure_that_never_moves_is_reported_after_the_set_time() -> None:
    watch = StillWatch(seconds=10)
    figure = _track(1, (0.1, 0.2, 0.1, 0.4))
    quiet = np.zeros(MASK_SHAPE, np.uint8)
    for step in range(51):  # 10 s at 5 fps
        watch.update([figure], quiet, step * 0.2)
        if step * 0.2 < 10:
            assert watch.still(step * 0.2) == []
    assert watch.still(10.0) == [{"box": [0.1, 0.2, 0.1, 0.4], "seconds": 10}]


def test_a_detectors_jitter_is_not_movement_but_a_step_is() -> None:
    watch = StillWatch(seconds=2)
    quiet = np.zeros(MASK_SHAPE, np.uint8)
    # A few per cent of the box's height, either way: the same figure.
    for step, dx in enumerate((0.0, 0.01, -0.01, 0.02, 0.0, 0.01, -0.02, 0.0, 0.01, 0.0, 0.0)):
        watch.update([_track(1, (0.3 + dx, 0.2, 0.1, 0.4))], quiet, step * 0.2)
    assert _still_seconds(watch, 2.0) == [2]
    # A step of a fifth of its height: it moved, and the clock starts again.
    watch.update([_track(1, (0.38, 0.2, 0.1, 0.4))], quiet, 2.2)
    assert watch.still(2.2) == []
    # So does a box that grew by a third (someone sat down, stood up, came nearer).
    watch = StillWatch(seconds=0)
    watch.update([_track(1, (0.3, 0.2, 0.1, 0.3))], quiet, 0.0)
    watch.update([_track(1, (0.3, 0.15, 0.1, 0.4))], quiet, 5.0)
    assert _still_seconds(watch, 5.0) == [0]


def test_motion_inside_the_box_means_someone_alive_unless_another_person_overlaps() -> None:
    watch = StillWatch(seconds=1)
    box = (0.5, 0.2, 0.2, 0.6)
    quiet = np.zeros(MASK_SHAPE, np.uint8)
    stirring = quiet.copy()
    stirring[20:30, 85:95] = 255  # a hand or a turned head: 100 of 1728 pixels, 5.8 %
    assert motion_share(stirring, box) >= 0.05
    for step in range(6):
        watch.update([_track(1, box)], quiet, step * 0.2)
    assert _still_seconds(watch, 1.0) == [1]
    watch.update([_track(1, box)], stirring, 1.2)
    assert watch.still(1.2) == []
    # Someone walking past in front changes the place too: that says nothing of the figure.
    watch = StillWatch(seconds=1)
    for step in range(6):
        watch.update([_track(1, box)], quiet, step * 0.2)
    passer = _track(2, (0.6, 0.3, 0.2, 0.6))
    watch.update([_track(1, box), passer], stirring, 1.2)
    assert _still_seconds(watch, 1.2) == [1]
    # Nor does a frame whose change is everywhere (lights, exposure): judge_motion False.
    watch.update([_track(1, box)], stirring, 1.4, judge_motion=False)
    assert _still_seconds(watch, 1.4) == [1]


def test_a_missed_frame_is_not_movement_and_a_figure_found_again_keeps_its_time() -> None:
    watch = StillWatch(seconds=5)
    box = (0.1, 0.1, 0.1, 0.3)
    quiet = np.zeros(MASK_SHAPE, np.uint8)
    for step in range(20):
        watch.update([_track(1, box)], quiet, step * 0.2)
    watch.update([_track(1, (0.6, 0.6, 0.1, 0.3), misses=2)], quiet, 4.0)
    # The detector lost it for a while: its track ended, a new one is born on the same place.
    watch.update([], quiet, 30.0)
    watch.update([_track(7, (0.105, 0.1, 0.1, 0.3))], quiet, 31.0)
    assert _still_seconds(watch, 31.0) == [31]
    # Born somewhere else, or after PLACE_MEMORY, it starts afresh.
    watch.update([], quiet, 32.0)
    watch.update([_track(8, (0.105, 0.1, 0.1, 0.3))], quiet, 32.0 + PLACE_MEMORY + 1)
    assert watch.still(32.0 + PLACE_MEMORY + 1) == []


def test_a_figure_lost_for_longer_than_the_place_memory_is_no_longer_reported() -> None:
    watch = StillWatch(seconds=1)
    box = (0.1, 0.1, 0.1, 0.3)
    quiet = np.zeros(MASK_SHAPE, np.uint8)
    for step in range(10):
        watch.update([_track(1, box)], quiet, step * 0.2)
    assert _still_seconds(watch, 1.8) == [1]
    watch.update([_track(1, box, misses=40)], quiet, 1.8 + PLACE_MEMORY + 1)
    assert watch.still(1.8 + PLACE_MEMORY + 1) == []
    watch.reset()
    assert watch.still(0.0) == []


def test_a_figure_is_no_person_until_it_moves_or_stirs() -> None:
    """StillWatch.figures: first seen without moving or stirring, a track is a figure (a
    traffic light, a poster); a step or motion in its box makes it a person for good."""
    watch = StillWatch()
    box = (0.5, 0.2, 0.2, 0.6)
    quiet = np.zeros(MASK_SHAPE, np.uint8)
    stirring = quiet.copy()
    stirring[20:30, 85:95] = 255
    for step in range(10):
        watch.update([_track(1, box)], quiet, step * 0.2)
    assert watch.figures() == {1}
    # A head turned: 3 % of the box changed is life (LIFE_MOTION), though not enough to call
    # the figure moved (STILL_MOTION: its still time goes on).
    turned = quiet.copy()
    turned[20:26, 85:94] = 255  # 54 of 1728 pixels
    assert 0.02 <= motion_share(turned, box) < 0.05
    watch.seconds = 1
    watch.update([_track(1, box)], turned, 2.0)
    assert watch.figures() == set()
    assert _still_seconds(watch, 2.0) == [2]
    # Once alive, always: standing still again later keeps them a person.
    watch.update([_track(1, box)], quiet, 2.2)
    assert watch.figures() == set()
    # Walking in, a person's box steps: a person once a quarter of their height from where
    # they were first seen (two frames of a walk at 5 fps) ...
    watch.update([_track(1, box), _track(2, (0.1, 0.1, 0.1, 0.3))], quiet, 2.4)
    assert watch.figures() == {2}
    watch.update([_track(1, box), _track(2, (0.14, 0.1, 0.1, 0.3))], quiet, 2.6)
    assert watch.figures() == {2}
    watch.update([_track(1, box), _track(2, (0.18, 0.1, 0.1, 0.3))], quiet, 2.8)
    assert watch.figures() == set()
    # ... and from their first when what moved covers them.
    watch.update([_track(3, box)], stirring, 3.0)
    assert 3 not in watch.figures()
    # Motion where someone overlaps in front says nothing of the figure behind; motion in
    # its own part does (three people standing close together, talking).
    watch = StillWatch()
    passing = quiet.copy()
    passing[32:40, 99:109] = 255  # inside both boxes
    watch.update([_track(1, box), _track(2, (0.6, 0.3, 0.2, 0.6))], passing, 0.0)
    assert watch.figures() == {1, 2}
    watch.update([_track(1, box), _track(2, (0.6, 0.3, 0.2, 0.6))], stirring, 0.2)
    assert watch.figures() == {2}


def test_a_small_figures_box_growing_and_shrinking_is_no_life() -> None:
    """A timestamp's digits on a road camera, 10 pixels tall: the detector's box on it grows
    and shrinks by a fifth from frame to frame without going anywhere. That resets how long
    it has stood still (its box changed) but never makes it a person (LIFE_STEP)."""
    watch = StillWatch()
    quiet = np.zeros(MASK_SHAPE, np.uint8)
    heights = (0.056, 0.068, 0.054, 0.067, 0.048, 0.066)
    for step, height in enumerate(heights * 5):
        watch.update([_track(1, (0.911, 0.94 - height, 0.02, height))], quiet, step * 0.2)
    assert watch.figures() == {1}


def test_a_person_whose_track_breaks_while_standing_stays_a_person() -> None:
    """Lost and found again on the same place, a track keeps having been alive (or not)."""
    watch = StillWatch()
    box = (0.1, 0.1, 0.1, 0.3)
    quiet = np.zeros(MASK_SHAPE, np.uint8)
    watch.update([_track(1, (0.0, 0.1, 0.1, 0.3))], quiet, 0.0)
    watch.update([_track(1, box)], quiet, 0.2)
    assert watch.figures() == set()
    watch.update([], quiet, 5.0)
    watch.update([_track(2, (0.102, 0.1, 0.1, 0.3))], quiet, 6.0)
    assert watch.figures() == set()
    # A figure lost and found again is still one.
    watch.update([_track(3, (0.6, 0.5, 0.1, 0.3))], quiet, 7.0)
    watch.update([], quiet, 8.0)
    watch.update([_track(4, (0.6, 0.5, 0.1, 0.3))], quiet, 9.0)
    assert watch.figures() == {4}


def test_motion_share_without_a_mask_or_outside_the_picture_is_none() -> None:
    assert motion_share(None, (0, 0, 1, 1)) == 0.0
    assert motion_share(np.zeros(MASK_SHAPE, np.uint8), (1.0, 1.0, 0.0, 0.0)) == 0.0


def _analyse(frames: list[np.ndarray], fps: float, seconds: float) -> tuple[int, list[int]]:
    """Analyse at 5 fps; the most people seen at once and the still figures at the end."""
    camera = parse_camera(
        {"id": "still", "source": "/clip.mp4", "thresholds": {"tamper": False, "flame": False}}
    )
    analyzer = Analyzer(camera, shared())
    analyzer.still.seconds = seconds
    step = max(1, round(fps / 5))
    most = 0
    for index in range(0, len(frames), step):
        analyzer.process(frames[index], index / fps)
        most = max(most, int(analyzer.state()["people"]))
    return most, [int(f["seconds"]) for f in analyzer.state()["still"]]


def _frames(path: object) -> tuple[list[np.ndarray], float]:
    capture = cv2.VideoCapture(str(path))
    fps = float(capture.get(cv2.CAP_PROP_FPS))
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(frame)
    capture.release()
    return frames, fps


def test_a_poster_of_people_is_reported_and_a_man_standing_still_is_not() -> None:
    """p09: a real man stands in front of the camera for 5.2 s, only his head turning; at a
    3 s threshold he is seen the whole clip and never reported. p05: three real people standing
    in a corridor; their first frame held for 20 s is a photograph of them (a poster, cardboard
    figures): three figures that never move, never people in view, all reported after the
    threshold. The real clip's three, standing and talking, are people."""
    _, path = _clip("p09")
    frames, fps = _frames(path)
    assert len(frames) / fps > 5
    assert _analyse(frames, fps, seconds=3) == (1, [])
    _, path = _clip("p05")
    frames, fps = _frames(path)
    assert _analyse(frames, fps, seconds=3)[0] == 3
    people, still = _analyse([frames[0]] * int(20 * fps), fps, seconds=4)
    assert people == 0
    assert len(still) == 3
    assert all(15 <= s <= 20 for s in still)


def test_the_overlay_marks_a_still_figure_apart_from_the_tracks() -> None:
    """The live view and snapshots draw it orange and say for how long, so the owner can tell
    which of the people in view the repair issue is about."""
    config = parse_camera({"id": "c", "source": "/x.avi"})
    frame = np.zeros((360, 640, 3), np.uint8)
    box = [0.5, 0.2, 0.1, 0.4]
    tracks = {"tracks": [{"id": 3, "box": box}]}
    plain = annotate(frame, config, tracks)
    marked = annotate(frame, config, {**tracks, "still": [{"box": box, "seconds": 1260}]})
    left_edge = marked[100:200, 319]  # the box's left side, x 0.5 of 639 px
    assert (left_edge == (0, 140, 255)).all(axis=1).any()
    assert not (plain[100:200, 319] == (0, 140, 255)).all(axis=1).any()
    assert (marked != plain).any(axis=2)[218:232].any()  # the label under the box
    # A figure not counted as a person (person: false in the state) is drawn thin and grey.
    figure = annotate(frame, config, {"tracks": [{"id": 3, "box": box, "person": False}]})
    assert (plain[100:200, 319] == (0, 255, 0)).all(axis=1).any()
    assert (figure[100:200, 320] == (158, 158, 158)).all(axis=1).any()
    assert not (figure == (0, 255, 0)).all(axis=2).any()


def test_the_overlay_marks_where_fire_and_smoke_are() -> None:
    """A snapshot of a fire or smoke alarm shows where: a red FLAME box and a light SMOKE box,
    so the owner can judge before starting an evacuation from the phone."""
    config = parse_camera({"id": "c", "source": "/x.avi"})
    frame = np.zeros((360, 640, 3), np.uint8)
    plain = annotate(frame, config, {"flame": True, "smoke": True})
    marked = annotate(
        frame,
        config,
        {
            "flame": True,
            "smoke": True,
            "flame_box": [0.5, 0.4, 0.1, 0.2],
            "smoke_box": [0.1, 0.1, 0.2, 0.3],
        },
    )
    assert (marked[150:210, 320] == (0, 0, 255)).all(axis=1).any()  # the flame box's left side
    assert (marked[40:140, 64] == (230, 230, 230)).all(axis=1).any()  # the smoke box's
    assert not (plain[150:210, 320] == (0, 0, 255)).all(axis=1).any()
    assert not (plain == (230, 230, 230)).all(axis=2).any()


def test_the_state_says_a_figure_is_no_person_until_it_stirs() -> None:
    """End to end in the analyzer: the photo person drawn and held still is a track, marked
    `person: false` in the state and not in `people`; a hand moving in its box (a patch of
    it changing) makes it a person."""
    camera = parse_camera(
        {"id": "c", "source": "/x.avi", "thresholds": {"tamper": False, "flame": False}}
    )
    analyzer = Analyzer(camera, shared())
    still = scenes.counting_scene().background()
    scenes.draw_photo_person(still, (0.5, 0.5), scenes.Actor(((0, 0.5, 0.5),)))
    for step in range(10):
        analyzer.process(still, step * 0.2)
    state = analyzer.state()
    assert [track["person"] for track in state["tracks"]] == [False]
    assert state["people"] == 0
    stirring = still.copy()
    stirring[170:190, 300:320] = 255 - stirring[170:190, 300:320]  # inside the person's box
    for step in range(10, 13):
        analyzer.process(stirring if step % 2 else still, step * 0.2)
    state = analyzer.state()
    assert [track["person"] for track in state["tracks"]] == [True]
    assert state["people"] == 1


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("nf_car_park_red_cars.mp4", "a timestamp's digits, 10 pixels tall"),
        ("nf_highway_overpass.mp4", "a post by a motorway, cars passing behind it"),
    ],
)
def test_a_road_cameras_still_figures_never_loiter(name: str, what: str) -> None:
    """Real road cameras without people, a zone over the whole picture with 10 s loitering:
    the detector takes `what` for a person, and its box grows and shrinks from frame to
    frame without going anywhere. Before LIFE_STEP that made it a person, and it loitered."""
    if not (footage_dir() / name).is_file():
        pytest.skip(f"real footage {footage_dir() / name} is absent (benchmarks/footage)")
    _, _, alarms = figures_nobody.analyse(name, closed=False)
    assert alarms == {}, what


def test_a_man_walking_along_a_road_verge_after_closing_is_an_intrusion() -> None:
    """The other side: nf_road_counting, a road camera, where a man walks along the grass
    verge towards it from about 70 s, small (7 % of the picture's height). With the shop
    closed he raises an intrusion, and nothing else in the 92 s does."""
    name = "nf_road_counting.mp4"
    if not (footage_dir() / name).is_file():
        pytest.skip(f"real footage {footage_dir() / name} is absent (benchmarks/footage)")
    _, _, alarms = figures_nobody.analyse(name, closed=True)
    assert [70 <= t <= 92 for t in alarms.get("intrusion", [])] == [True]
