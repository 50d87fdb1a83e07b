"""Flame, smoke and tamper stage logic on plain synthetic frames, and their configuration.

These check the rules each stage applies (what counts, what does not, that alarms end), not
accuracy: accuracy is measured on real footage (test_hazard_footage.py, docs/accuracy.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from aiohttp import ClientSession
import cv2
from cv2.typing import MatLike
import numpy as np
import pytest

from unmanned_store_engine.analyzer import Analyzer
from unmanned_store_engine.config import ConfigError, parse_camera
from unmanned_store_engine.events import EVENT_TYPES
from unmanned_store_engine.evidence import Evidence
from unmanned_store_engine.flame import (
    _FIRST_VERDICT,
    FlameDetector,
    FlameParams,
    _rigidity,
    _shift_residual,
    _view_shift,
    colour_slide,
    face_share,
    fire_colour_mask,
    white_hot_mask,
)
from unmanned_store_engine.runner import EngineServer
from unmanned_store_engine.smoke import SmokeDetector, SmokeParams
from unmanned_store_engine.tamper import TamperDetector, TamperParams

W, H = 320, 180


def texture(seed: int, width: int = W, height: int = H) -> MatLike:
    """A grey, shop-like textured view: smoothed noise with edges of all sizes."""
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 256, (height // 4, width // 4), dtype=np.uint8)
    big = cv2.resize(base, (width, height), interpolation=cv2.INTER_CUBIC)
    fine = rng.integers(0, 60, (height, width), dtype=np.uint8)
    return cv2.add(cv2.multiply(big, 0.8), fine)


def noisy(grey: MatLike, rng: np.random.Generator, amount: int = 3) -> MatLike:
    """Sensor noise: every live frame differs a little."""
    noise = rng.integers(-amount, amount + 1, grey.shape, dtype=np.int16)
    return np.clip(grey.astype(np.int16) + noise, 0, 255).astype(np.uint8)


def flame_frame(rng: np.random.Generator, hot: bool = True, flicker: bool = True) -> MatLike:
    """A dim room with a flame-coloured patch whose outline and brightness change."""
    frame = np.full((H, W, 3), (40, 45, 50), np.uint8)
    height = int(50 + (30 * rng.random() if flicker else 15))
    shade = 0.3 + 0.7 * rng.random() if flicker else 0.9
    red = 255 if hot else 200
    colour = (int(20 * shade), int(150 * shade), int(red * shade if flicker else red))
    if hot:
        colour = (colour[0], colour[1], 255)
    lean = int(rng.integers(-10, 11)) if flicker else 0
    pts = np.array([[130, 150], [160 + lean, 150 - height], [190, 150]], np.int32)
    cv2.fillPoly(frame, [pts], colour)
    return frame


def run(detector: Any, frames: Iterator[MatLike]) -> list[tuple[int, bool]]:
    """Feed frames; the (index, started) of every change."""
    changes = []
    for i, frame in enumerate(frames):
        change = detector.update(frame)
        if change is not None:
            changes.append((i, change))
    return changes


def run_watching(
    detector: Any, frames: Iterable[MatLike], attribute: str
) -> tuple[list[tuple[int, bool]], list[Any]]:
    """Feed frames; the (index, started) of every change and the detector's `attribute` after
    each frame."""
    changes = []
    values = []
    for i, frame in enumerate(frames):
        change = detector.update(frame)
        values.append(getattr(detector, attribute))
        if change is not None:
            changes.append((i, change))
    return changes, values


# Flame


def test_fire_colour_rule() -> None:
    """Orange and yellow flame colours count; lit skin, deep red and lone white do not."""
    swatch = np.array(
        [
            [(0, 120, 255), (60, 200, 255), (160, 190, 240)],
            [(40, 40, 220), (255, 255, 255), (250, 250, 250)],
        ],
        np.uint8,
    )
    big = cv2.resize(swatch, (30, 20), interpolation=cv2.INTER_NEAREST)
    mask = fire_colour_mask(big) > 0
    assert mask[5, 5]  # orange
    assert mask[5, 15]  # yellow
    assert not mask[5, 25]  # lit skin
    assert not mask[15, 5]  # deep red cloth
    assert mask[11, 11]  # white touching orange: an overexposed core
    assert not mask[15, 28]  # white far from any flame colour


def test_flickering_hot_patch_is_a_flame_and_ends() -> None:
    """Alarm after the window and persistence; ended after the release once it is gone."""
    rng = np.random.default_rng(1)
    params = FlameParams()
    detector = FlameDetector(params)
    frames = [flame_frame(rng) for _ in range(20)]
    frames += [np.full((H, W, 3), (40, 45, 50), np.uint8)] * 30
    changes, boxes = run_watching(detector, frames, "alarm_box")
    # Where the flame burns, only while the alarm is on (what a snapshot marks).
    on = [b for b in boxes if b is not None]
    assert len(on) == changes[1][0] - changes[0][0]
    assert all(0.3 < x + w / 2 < 0.7 and y + h < 0.9 for x, y, w, h in on)
    assert boxes[changes[0][0] - 1] is None
    assert boxes[-1] is None
    # Verdicts start after _FIRST_VERDICT frames (not a full window); persistence more.
    first = _FIRST_VERDICT + params.persistence - 2
    assert changes[0][1] is True
    assert first <= changes[0][0] <= params.window + params.persistence + 2
    assert changes[1][1] is False
    assert changes[1][0] <= 20 + params.release + params.window
    assert detector.box is not None
    x, y, w, h = detector.box
    assert 0.3 < x + w / 2 < 0.7
    assert y + h < 0.9


def test_a_flame_alarm_holds_while_the_fire_glows_steadily_and_ends_when_it_is_gone() -> None:
    """One fire, one alarm: a flame that stops flickering for a while (a steady glow, smoke or
    people in front) keeps its alarm while fire colour stays there; it ends once it is gone."""
    rng = np.random.default_rng(1)
    params = FlameParams()
    detector = FlameDetector(params)
    frames = [flame_frame(rng) for _ in range(20)]
    # Twice the release time of a steady fire-coloured patch: the flicker test refuses every
    # frame of it, which before the hold ended the alarm after `release` frames.
    frames += [flame_frame(rng, flicker=False) for _ in range(2 * params.release)]
    frames += [np.full((H, W, 3), (40, 45, 50), np.uint8)] * 30
    changes, held = run_watching(detector, frames, "held")
    assert [started for _, started in changes] == [True, False]
    steady_end = 20 + 2 * params.release
    assert any(held[20:steady_end])
    assert steady_end <= changes[1][0] <= steady_end + params.release + params.window


def test_fire_colour_elsewhere_does_not_hold_a_flame_alarm() -> None:
    """The hold is where the flame was: a steady orange thing across the view does not keep
    an alarm on after the flame is gone."""
    rng = np.random.default_rng(1)
    params = FlameParams()
    detector = FlameDetector(params)
    frames = [flame_frame(rng) for _ in range(20)]
    elsewhere = np.full((H, W, 3), (40, 45, 50), np.uint8)
    cv2.rectangle(elsewhere, (10, 100), (60, 160), (20, 150, 255), -1)
    frames += [elsewhere.copy() for _ in range(40)]
    changes = run(detector, iter(frames))
    assert [started for _, started in changes] == [True, False]
    assert changes[1][0] <= 20 + params.release + params.window


def test_fierce_flame_counts_twice() -> None:
    """Hot, hard-flickering frames that change shape twice running alarm sooner."""
    rng = np.random.default_rng(1)
    frames = [flame_frame(rng) for _ in range(20)]
    fierce = run(FlameDetector(), iter(frames))
    plain = run(FlameDetector(FlameParams(strong_swing=1e9)), iter(frames))
    assert fierce[0][1] is True
    assert plain[0][1] is True
    assert fierce[0][0] < plain[0][0]
    # A rigid move, however hot and flickering, is never strong evidence.
    assert run(FlameDetector(FlameParams(strong_rigid=-1.0)), iter(frames)) == plain


def test_steady_or_cool_patch_is_not_a_flame() -> None:
    """A lamp or orange goods (no flicker), or a flickering cloth that never reaches hot red."""
    rng = np.random.default_rng(2)
    assert run(FlameDetector(), (flame_frame(rng, flicker=False) for _ in range(40))) == []
    assert run(FlameDetector(), (flame_frame(rng, hot=False) for _ in range(40))) == []


def refusals(detector: Any, frames: Iterator[MatLike]) -> list[str]:
    """Feed frames; the test that refused each one ("" when it counted)."""
    out = []
    for frame in frames:
        detector.update(frame)
        out.append(detector.refused)
    return out


def test_flame_says_which_test_refused_a_frame() -> None:
    """Warming up, no fire colour, not hot, not flickering, or counted (with its evidence)."""
    rng = np.random.default_rng(1)
    window = FlameParams().window
    detector = FlameDetector()
    seen, evidence = [], []
    for _ in range(20):
        detector.update(flame_frame(rng))
        seen.append(detector.refused)
        evidence.append(detector.evidence)
    assert seen[: _FIRST_VERDICT - 1] == ["window"] * (_FIRST_VERDICT - 1)
    assert "" in seen
    # Evidence grows on counted frames only and starts the alarm at the persistence.
    assert max(evidence) >= FlameParams().persistence
    assert detector.active
    assert detector.candidate > FlameParams().min_area
    empty = np.full((H, W, 3), (40, 45, 50), np.uint8)
    assert refusals(FlameDetector(), [empty] * (window + 1))[-1] == "area"

    def cool(i: int) -> MatLike:
        # Fire-coloured and changing shape, but its red never near the sensor's top.
        frame = np.full((H, W, 3), (40, 45, 50), np.uint8)
        pts = np.array([[130, 150], [160, 90 - 5 * (i % 3)], [190, 150]], np.int32)
        cv2.fillPoly(frame, [pts], (20, 140, 215))
        return frame

    assert refusals(FlameDetector(), (cool(i) for i in range(window + 1)))[-1] == "hot"
    steady = FlameDetector()
    assert (
        refusals(steady, (flame_frame(rng, flicker=False) for _ in range(window + 1)))[-1]
        == "flicker"
    )
    # Measures describe the refused frame, not an earlier one that got further.
    assert steady.hot >= FlameParams().min_hot
    assert steady.rigid == 0.0
    assert refusals(detector, [empty] * (window + 1))[-1] == "area"
    assert detector.score == detector.hot == detector.toggling == 0.0


def tinted_flame(rng: np.random.Generator, green: float) -> MatLike:
    """A flickering fire-coloured patch with a clipped core; `green` is its rim's G/R."""
    frame = np.full((H, W, 3), (40, 45, 50), np.uint8)
    red = 155 + 77 * rng.random()  # below the clipped level: its hue is measurable
    lean = int(rng.integers(-12, 13))
    pts = np.array([[130, 150], [160 + lean, 70 - int(rng.integers(0, 30))], [190, 150]])
    cv2.fillPoly(frame, [pts.astype(np.int32)], (int(0.1 * red), int(green * red), int(red)))
    core = rng.random()  # clipped red; its green and blue, so its brightness, flicker
    cv2.rectangle(frame, (145, 115), (175, 145), (60 + 70 * core, 150 + 90 * core, 255), -1)
    return frame


def test_yellow_place_is_not_a_flame() -> None:
    """Orange around a clipped core is a flame; the same flicker in yellow (a taxi) is not."""
    rng = np.random.default_rng(21)
    orange = FlameDetector()
    assert run(orange, (tinted_flame(rng, 0.55) for _ in range(20)))[0][1] is True
    assert orange.yellow == pytest.approx(0.55, abs=0.03)
    yellow = FlameDetector()
    seen = refusals(yellow, (tinted_flame(rng, 0.9) for _ in range(20)))
    assert not yellow.active
    assert seen[-1] == "yellow"
    assert yellow.yellow == pytest.approx(0.9, abs=0.03)
    assert yellow.hot >= FlameParams().min_hot
    # A more sensitive camera tolerates a yellower flame; a less sensitive one less.
    assert FlameParams.for_sensitivity(100).max_yellow > FlameParams().max_yellow
    assert FlameParams.for_sensitivity(0).max_yellow < FlameParams().max_yellow


def test_flame_on_a_pan_is_refused_as_rigid() -> None:
    """A hot, flickering-looking patch that the camera carries sideways is a pan."""
    rng = np.random.default_rng(12)
    view = cv2.cvtColor(texture(13), cv2.COLOR_GRAY2BGR)
    cv2.rectangle(view, (120, 60), (200, 140), (30, 140, 255), -1)
    cv2.rectangle(view, (150, 90), (170, 110), (200, 230, 255), -1)
    detector = FlameDetector(FlameParams(min_swing=0.0, min_toggle=0.0))
    moved = [noisy(np.roll(view, 2 * (i % 2), axis=1), rng, 1) for i in range(10)]
    assert "rigid" in refusals(detector, iter(moved))


def test_rigid_motion_is_not_flicker() -> None:
    """A textured patch carried 2 px is a pan; a patch that changes shape is not."""
    before = texture(3, 160, 90)
    shifted = np.roll(before, 2, axis=1)
    assert _rigidity(before, shifted, (40, 20, 60, 40)) > 0.8
    rng = np.random.default_rng(3)
    other = rng.integers(0, 256, before.shape, dtype=np.uint8)
    assert _rigidity(before, other, (40, 20, 60, 40)) < 0.3
    assert _rigidity(before, before, (40, 20, 60, 40)) == 0.0
    assert _rigidity(before, shifted, (0, 0, 1, 1)) == 0.0


def test_rigidity_on_the_place_sees_an_object_moving_over_a_still_background() -> None:
    """A car moving 2 px in a box that is mostly still background: rigid where the car is."""
    rng = np.random.default_rng(15)
    background = np.full((90, 160), 90, np.uint8)
    car = rng.integers(120, 256, (12, 24), dtype=np.uint8)
    before, after = background.copy(), background.copy()
    before[40:52, 60:84] = car
    after[40:52, 62:86] = car
    box = (40, 20, 70, 50)
    place = np.zeros(before.shape, bool)
    place[40:52, 62:84] = True  # where it is in both frames
    assert _rigidity(before, after, box, place) > 0.9
    # A place that changes shape in place (a flame) is not rigid, whatever is measured.
    flicker = before.copy()
    flicker[40:52, 60:84] = rng.integers(120, 256, (12, 24), dtype=np.uint8)
    assert _rigidity(before, flicker, box, place) < 0.3
    # Too few pixels to judge on: the whole box is used.
    tiny = np.zeros(before.shape, bool)
    tiny[45, 70] = True
    assert _rigidity(before, after, box, tiny) == _rigidity(before, after, box)


def run_pairs(detector: FlameDetector, pairs: Iterator[tuple[MatLike, MatLike]]) -> list[str]:
    """Feed (frame, next frame) pairs, giving the next frame only when the detector asks."""
    out = []
    for frame, after in pairs:
        detector.update(frame, after if detector.wants_pair else None)
        out.append(detector.refused)
    return out


def test_next_frame_that_a_small_shift_explains_is_steady() -> None:
    """Between two source frames a flame changes shape; a car or a carried camera moves."""
    rng = np.random.default_rng(31)
    frames = [flame_frame(rng) for _ in range(20)]
    # The next frame of a flame: another shape and brightness.
    flame = FlameDetector()
    seen = run_pairs(flame, ((f, flame_frame(rng)) for f in frames))
    assert flame.active
    assert "steady" not in seen
    assert flame.flutter > FlameParams().min_flutter
    # The next frame of something carried 2 px (at 320 px): its change is a shift.
    carried = FlameDetector()
    seen = run_pairs(carried, ((f, noisy(np.roll(f, 2, axis=1), rng, 1)) for f in frames))
    assert not carried.active
    assert seen[-1] == "steady"
    assert 0.0 <= carried.flutter < FlameParams().min_flutter
    # The same frames with no next one (a still image, a slow source): as before the cue.
    alone = FlameDetector()
    assert run(alone, iter(frames)) == run(
        FlameDetector(FlameParams(min_flutter=0.0)), iter(frames)
    )
    assert alone.active
    assert alone.flutter == -1.0


def test_next_frame_that_is_a_duplicate_or_another_size_is_no_pair() -> None:
    """A repeated frame says nothing about 40 ms of change; a frame of another size is ignored."""
    rng = np.random.default_rng(32)
    frames = [flame_frame(rng) for _ in range(20)]
    repeated = FlameDetector()
    run_pairs(repeated, ((f, f.copy()) for f in frames))
    assert repeated.active
    assert repeated.flutter == -1.0
    other = FlameDetector()
    run_pairs(other, ((f, cv2.resize(f, (W // 2, H // 2))) for f in frames))
    assert other.active
    assert other.flutter == -1.0
    # Nothing fire-coloured: no next frame is asked for, and a stale verdict is forgotten.
    empty = np.full((H, W, 3), (40, 45, 50), np.uint8)
    carried = FlameDetector()
    run_pairs(carried, ((f, np.roll(f, 2, axis=1)) for f in frames[:8]))
    assert carried.wants_pair
    run_pairs(carried, ((empty, empty) for _ in range(FlameParams().window + 1)))
    assert not carried.wants_pair
    assert carried.flutter == -1.0


def test_shift_residual_is_the_change_left_after_the_best_shift() -> None:
    """As is, and after the best shift of up to 2 px, in mean grey levels."""
    before = texture(5, 160, 90)
    shifted = np.roll(before, 1, axis=0)
    base, least = _shift_residual(before, shifted, (40, 20, 60, 40))
    assert base > 5.0
    assert least == 0.0
    assert _shift_residual(before, before, (40, 20, 60, 40)) == (0.0, 0.0)
    assert _shift_residual(before, shifted, (0, 0, 1, 1)) == (0.0, 0.0)


def test_view_shift_is_the_motion_of_the_view_outside_the_place() -> None:
    """The view's own motion, whatever changes inside the place's box; none for a new view."""
    rng = np.random.default_rng(41)
    before = texture(7, 160, 90)
    after = np.roll(before, (1, 6), axis=(0, 1))
    box = (60, 30, 30, 25)
    after[30:55, 60:90] = rng.integers(0, 256, (25, 30), dtype=np.uint8)  # a flame's change
    dx, dy = _view_shift(before, after, box)
    assert (dx, dy) == (pytest.approx(6.0, abs=0.5), pytest.approx(1.0, abs=0.5))
    assert _view_shift(before, before, box) == (pytest.approx(0.0, abs=0.1),) * 2
    unrelated = rng.integers(0, 256, before.shape, dtype=np.uint8)
    assert _view_shift(before, unrelated, box) == (0.0, 0.0)


def test_rigidity_around_a_known_shift() -> None:
    """Around the view's shift a carried box is rigid, though no shift of 2 px explains it."""
    before = texture(8, 160, 90)
    after = np.roll(before, 6, axis=1)
    box = (40, 20, 60, 40)
    assert _rigidity(before, after, box) < 0.5
    assert _rigidity(before, after, box, None, (6, 0), 1) > 0.9
    assert _rigidity(before, after, box, None, (5, 0), 1) > 0.9  # within reach of it
    # A box that no shift around it would keep inside the frame: nothing to judge.
    assert _shift_residual(before, after, (0, 0, 6, 6), None, (6, 0), 1) == (0.0, 0.0)


def carried_view(rng: np.random.Generator, count: int, step: int, flame: bool) -> Iterator[MatLike]:
    """A textured room swayed `step` px to and fro, with a warm, clipped place that moves with
    it: a lamp-lit wall (`flame` False) or a flame that changes shape as it goes (`flame` True).
    """
    view = cv2.cvtColor(texture(17), cv2.COLOR_GRAY2BGR)
    for i in range(count):
        frame = view.copy()
        if flame:
            lean, height = int(rng.integers(-15, 16)), int(rng.integers(40, 80))
            pts = np.array([[130, 150], [160 + lean, 150 - height], [190, 150]], np.int32)
            inside = np.zeros((H, W), np.uint8)
            cv2.fillPoly(inside, [pts], 1)
            # Its inside brightens and dims in patches from one frame to the next.
            patches = cv2.resize(rng.random((H // 20, W // 20)), (W, H))
            flame_bgr = np.dstack(
                [np.full((H, W), 20), 60 + 120 * patches, np.full((H, W), 255)]
            ).astype(np.uint8)
            frame[inside > 0] = flame_bgr[inside > 0]
        else:
            cv2.rectangle(frame, (120, 60), (200, 140), (30, 140, 255), -1)
            cv2.rectangle(frame, (150, 90), (170, 110), (200, 230, 255), -1)
        yield noisy(np.roll(frame, step * (i % 2), axis=1), rng, 1)


def test_place_carried_past_by_a_moving_camera_is_refused() -> None:
    """A walk past a lit wall moves the wall with the view; a flame filmed so changes shape."""
    rng = np.random.default_rng(42)
    # Flicker tests off: the lit wall's outline and brightness change as the view moves on.
    loose = FlameParams(min_swing=0.0, min_toggle=0.0, max_rigid=1.0)
    wall = FlameDetector(loose)
    seen = refusals(wall, carried_view(rng, 12, 12, flame=False))
    assert "carried" in seen
    assert wall.view_shift >= loose.carried_shift
    assert wall.carried > loose.max_carried
    flame = FlameDetector(loose)
    seen = refusals(flame, carried_view(rng, 12, 12, flame=True))
    assert "carried" not in seen
    assert flame.view_shift >= loose.carried_shift
    assert flame.carried < loose.max_carried
    # A smaller sway (a steadier hand, a fixed camera) is not judged this way.
    slow = FlameDetector(loose)
    assert "carried" not in refusals(slow, carried_view(rng, 12, 2, flame=False))
    assert slow.carried == 0.0


def test_colour_slide_is_how_much_better_one_shift_moves_a_mask() -> None:
    """A body moved 7 px right, 3 px down lands wholly on itself at that shift, partly at none."""
    before = np.zeros((90, 160), np.uint8)
    after = np.zeros((90, 160), np.uint8)
    before[30:40, 50:62] = 1
    after[33:43, 57:69] = 1
    box = (48, 28, 16, 14)
    slide, shift = colour_slide(before, after, box, 24)
    # At no shift 7 x 5 of its 12 x 10 pixels still land on it.
    assert slide == pytest.approx(1.0 - 35 / 120)
    assert shift == (7, 3)
    # The whole view moved so (a panning camera): nothing slid relative to it.
    assert colour_slide(before, after, box, 24, (7.2, 2.8)) == (0.0, (0, 0))
    # A place whose outline changes where it is (a flame): its best shift is hardly better.
    flame = before.copy()
    flame[27:30, 53:59] = 1
    flame[30:40, 60:62] = 0
    slide, shift = colour_slide(before, flame, box, 24)
    assert slide < 0.1
    assert np.hypot(*shift) < 3
    # A move beyond the reach is found only as far as the reach goes; nothing to slide reads 0.
    slide, shift = colour_slide(before, after, box, 2)
    assert slide == pytest.approx((9 * 7 - 35) / 120)
    assert shift == (2, 2)
    assert colour_slide(np.zeros_like(before), after, box, 24) == (0.0, (0, 0))


def sliding_body(rng: np.random.Generator, count: int, step: int) -> Iterator[MatLike]:
    """A still textured room with a sunlit orange body (clipped red) moving `step` px to and
    fro in front of it: a car passing close to the camera."""
    view = cv2.cvtColor(texture(19), cv2.COLOR_GRAY2BGR) // 2
    for i in range(count):
        frame = view.copy()
        x = 100 + step * (i % 2)
        cv2.rectangle(frame, (x, 60), (x + 80, 120), (20, 150, 255), -1)
        yield noisy(frame, rng, 1)


def test_place_whose_colour_slides_across_a_still_view_is_refused() -> None:
    """A body crossing the view carries its colour with it; a flame's colour stays put."""
    rng = np.random.default_rng(44)
    # Flicker and rigidity tests off: a body that leaps 20 px at 160 px is not rigid within 2 px.
    loose = FlameParams(min_swing=0.0, min_toggle=0.0, max_rigid=1.0)
    body = FlameDetector(loose)
    seen = refusals(body, sliding_body(rng, 12, 40))
    assert "slides" in seen
    assert body.slide >= loose.min_slide
    assert body.view_shift < 1.0
    assert not body.active
    # A flame changing shape in place.
    flame = FlameDetector(loose)
    assert "slides" not in refusals(flame, (flame_frame(rng) for _ in range(12)))
    assert flame.active
    # A sway of 2 px at 160 px (a body shaking in place) is not a slide.
    sway = FlameDetector(loose)
    assert "slides" not in refusals(sway, sliding_body(rng, 12, 4))
    # Turned off, the same body alarms (what the test protects from).
    off = FlameDetector(replace(loose, slide_reach=0))
    assert "slides" not in refusals(off, sliding_body(rng, 12, 40))
    assert off.active
    assert off.slide == 0.0


def test_flutter_window_follows_the_parameters() -> None:
    """A new number of frames to average starts a fresh average; reset forgets it."""
    rng = np.random.default_rng(33)
    detector = FlameDetector()
    run_pairs(detector, ((f, flame_frame(rng)) for f in [flame_frame(rng) for _ in range(12)]))
    detector.set_params(FlameParams(flutter_frames=3))
    assert not detector._flutters
    frames = [flame_frame(rng) for _ in range(12)]
    seen = run_pairs(detector, ((f, noisy(np.roll(f, 2, axis=1), rng, 1)) for f in frames))
    assert "steady" in seen
    assert detector._flutters.maxlen == 3
    detector.reset()
    assert not detector._flutters


def test_flame_place_must_lie_mostly_inside_a_face() -> None:
    """A place that is a face is refused; a fire larger than a face in front of it is not.

    (The face test on real frames, the dance room and every fire clip, is in
    test_hazard_footage.py.)
    """
    face = (0.4, 0.4, 0.1, 0.1)  # grown by half about its centre: 0.375-0.525 each way
    grid = np.linspace(0.0, 1.0, 41)

    def place(low: float, high: float) -> np.ndarray[Any, np.dtype[np.float64]]:
        points = grid[(grid >= low) & (grid <= high)]
        xs, ys = np.meshgrid(points, points)
        return np.column_stack((xs.ravel(), ys.ravel()))

    # The lit face and neck: inside the face's grown box.
    assert face_share(place(0.4, 0.5), face) == 1.0
    # A fire behind a customer, four times the face's size: mostly outside it.
    behind = face_share(place(0.25, 0.65), face)
    assert 0.0 < behind < FlameParams().min_face
    # A face elsewhere in the view explains nothing of the place.
    assert face_share(place(0.7, 0.9), face) == 0.0
    assert face_share(np.zeros((0, 2)), face) == 0.0


def test_flame_place_held_by_recent_faces_is_refused_until_they_are_old() -> None:
    """Two recent sightings of a face holding the place refuse it (no new search is needed);
    once they are older than the memory, the place counts again.

    The sightings are put in the detector's memory as the cascades would leave them (a face
    the cascades find on real frames: test_hazard_footage.py, the dance room).
    """
    rng = np.random.default_rng(1)
    detector = FlameDetector()
    for _ in range(6):
        detector.update(flame_frame(rng))
    assert detector.refused == ""
    assert detector.faces == 0  # a drawn patch is no face to the cascades
    assert detector.box is not None
    x, y, w, h = detector.box
    face = (x - 0.2 * w, y - 0.2 * h, 1.4 * w, 1.4 * h)
    held: list[str] = []
    for _ in range(12):
        number = detector._frame + 1  # the frame about to be analysed
        detector._faces.extend([(number - 1, face), (number, face)])
        detector._evidence.active = False  # judged as before an alarm, when the test is made
        frame = flame_frame(rng)
        detector.update(frame, None, lambda frame=frame: frame)
        held.append(detector.refused)
        if detector.refused == "face":
            assert detector.faces >= FlameParams().face_hits
            assert detector.face >= FlameParams().min_face
    assert "face" in held
    assert "" not in held
    # No more sightings: once the last are older than the memory, the place counts again.
    later: list[str] = []
    for _ in range(FlameParams().face_memory + 12):
        detector._evidence.active = False
        detector.update(flame_frame(rng))
        later.append(detector.refused)
    assert "face" not in later[FlameParams().face_memory :]
    assert "" in later[FlameParams().face_memory :]
    # Off: no face is looked for.
    off = FlameDetector(FlameParams(face_memory=0))
    for _ in range(6):
        off.update(flame_frame(rng))
    assert off.refused == ""
    assert off._cascades is None


def white_hot_frame(
    i: int,
    flicker: bool = True,
    halo: tuple[int, int, int] = (150, 165, 190),
    ground: tuple[int, int, int] = (40, 42, 44),
) -> MatLike:
    """A dark, colourless view with a near-white blob (limited-range white, R 234) in a pale
    warm halo (R - B about 20 % of R, not fire-coloured), its outline growing and shrinking."""
    frame = np.full((H, W, 3), ground, np.uint8)
    r = (30, 36, 32, 37)[i % 4] if flicker else 33
    cv2.ellipse(frame, (160, 100), (r + 10, r + 14), 0, 0, 360, halo, -1)
    cv2.ellipse(frame, (160, 100), (r, r + 4), 0, 0, 360, (226, 230, 234), -1)
    return frame


def test_white_hot_mask() -> None:
    """A near-white blob with a warm rim in a dark, colourless view; nothing else."""
    p = FlameParams()

    def mask(frame: MatLike) -> MatLike | None:
        small = cv2.resize(frame, (160, 90), interpolation=cv2.INTER_AREA)
        return white_hot_mask(small, p)

    frame = white_hot_frame(0)
    assert not (fire_colour_mask(frame) > 0).any()  # the colour path sees nothing
    white = mask(frame)
    assert white is not None
    assert white[50, 80]
    assert not white[10, 10]
    # A white blob whose rim is neutral or bluish (a screen, a window, a white car) is not.
    neutral = mask(white_hot_frame(0, halo=(170, 170, 170)))
    assert neutral is not None
    assert not neutral.any()
    # A bright view (daylight) or a colourful one is not where white-hot flames are looked for.
    assert mask(white_hot_frame(0, ground=(150, 150, 150))) is None
    assert mask(white_hot_frame(0, ground=(20, 90, 30))) is None


def test_white_hot_flame_in_a_dark_view_is_a_flame() -> None:
    """A white-hot place whose outline flickers raises a flame; steady, off or swinging
    widely it does not."""
    frames = [white_hot_frame(i) for i in range(14)]
    changes = run(FlameDetector(), iter(frames))
    assert changes
    assert changes[0][1] is True
    detector = FlameDetector()
    seen = refusals(detector, iter(frames))
    assert seen[-1] == ""
    assert detector.whiteness >= FlameParams().white_share
    # Off: the colour path alone sees no fire colour at all.
    off = FlameDetector(FlameParams(white_dark=0.0))
    assert refusals(off, iter(frames))[-1] == "area"
    assert run(FlameDetector(FlameParams(white_dark=0.0)), iter(frames)) == []
    # A steady white lamp in a warm halo does not flicker.
    steady = [white_hot_frame(i, flicker=False) for i in range(14)]
    assert refusals(FlameDetector(), iter(steady))[-1] == "flicker"
    # Brightness swinging more than a clipped core allows: something bright crossing.
    swinging = FlameDetector(FlameParams(white_max_swing=5.0))
    assert set(refusals(swinging, iter(frames))[2:]) == {"flicker"}
    # One bright frame in the window (lights on, a flash) and the view is not dark: no
    # white-hot verdict until it has left the window.
    lit = frames[:6] + [white_hot_frame(6, ground=(200, 200, 200))] + frames[7:]
    seen = refusals(FlameDetector(), iter(lit))
    window = FlameParams().window
    assert set(seen[6 : 6 + window]) <= {"area"}
    assert seen[-1] == ""


def lukewarm_frame(i: int, ground: tuple[int, int, int] = (120, 122, 124)) -> MatLike:
    """A distant daylight flame: orange, flickering, its red never near the sensor's top."""
    frame = np.full((H, W, 3), ground, np.uint8)
    red = (155, 230, 175, 220, 160, 205)[i % 6]
    top = 70 - (0, 25, 10, 30, 5, 20)[i % 6]
    lean = (-10, 8, -4, 12, 0, -8)[i % 6]
    pts = np.array([[130, 150], [160 + lean, top], [190, 150]], np.int32)
    cv2.fillPoly(frame, [pts], (int(0.1 * red), int(0.55 * red), red))
    return frame


def test_lukewarm_flame_in_a_colourless_view_counts_after_a_run() -> None:
    """An orange flame that never clips, in a grey view, passes every test but the hot one:
    judged without it, it counts once its place has passed `lukewarm_run` frames in a row
    without leaving the box where the run began."""
    p = FlameParams()
    frames = [lukewarm_frame(i) for i in range(20)]
    detector = FlameDetector()
    seen = refusals(detector, iter(frames))
    assert detector.active
    assert detector.hot < p.min_hot
    # The first frames that pass wait for the run; the rest count.
    first = seen.index("lukewarm")
    assert seen[first : first + p.lukewarm_run - 1] == ["lukewarm"] * (p.lukewarm_run - 1)
    assert seen[first + p.lukewarm_run - 1 :] == [""] * (len(seen) - first - p.lukewarm_run + 1)
    changes = run(FlameDetector(), iter(frames))
    assert changes == [(first + p.lukewarm_run + p.persistence - 2, True)]
    # Off, or in a colourful view (a sunset, a forest, goods), the hot test refuses it.
    off = FlameDetector(FlameParams(lukewarm_run=0))
    assert set(refusals(off, iter(frames))[_FIRST_VERDICT - 1 :]) == {"hot"}
    assert run(FlameDetector(FlameParams(lukewarm_run=0)), iter(frames)) == []
    green = [lukewarm_frame(i, ground=(40, 140, 60)) for i in range(20)]
    assert set(refusals(FlameDetector(), iter(green))[_FIRST_VERDICT - 1 :]) == {"hot"}
    assert run(FlameDetector(), iter(green)) == []
    # Gone for a while, it starts its run again.
    empty = np.full((H, W, 3), (120, 122, 124), np.uint8)
    gap = first + p.lukewarm_run - 1
    broken = frames[:gap] + [empty] * 4 + frames[gap:]
    again = refusals(FlameDetector(), iter(broken))
    assert "lukewarm" in again[gap + 4 :]
    assert run(FlameDetector(), iter(broken))[0][0] > changes[0][0] + 4
    # The same colour and flicker carried across the view (someone in orange walking by, 5 px
    # a frame at 160 px): its place soon leaves the box where its run began, and its run starts
    # again each time, so it never gathers the evidence of an alarm.
    walking = [np.roll(frame, 10 * i - 80, axis=1) for i, frame in enumerate(frames)]
    seen = refusals(FlameDetector(), iter(walking))
    counted = seen.index("")
    assert "lukewarm" in seen[counted:]
    assert run(FlameDetector(), iter(walking)) == []


def test_flame_survives_a_resolution_change_and_new_window() -> None:
    """A new frame shape restarts the history; a new window rebuilds it."""
    rng = np.random.default_rng(4)
    detector = FlameDetector()
    for _ in range(5):
        detector.update(flame_frame(rng))
    detector.update(cv2.resize(flame_frame(rng), (W // 2, H)))
    assert len(detector._masks) == 1
    detector.set_params(FlameParams(window=8))
    assert detector._masks.maxlen == 8
    changes = run(detector, (flame_frame(rng) for _ in range(40)))
    assert changes[0][1] is True


@pytest.mark.parametrize(
    ("cls", "field"),
    [(FlameParams, "min_swing"), (SmokeParams, "min_area"), (TamperParams, "flat_rise")],
)
def test_sensitivity_lowers_the_bar(cls: Any, field: str) -> None:
    """Higher sensitivity needs less evidence; 50 is the default; out of range is clamped."""
    assert cls.for_sensitivity(50) == cls()
    low, mid, high = (getattr(cls.for_sensitivity(s), field) for s in (0, 50, 100))
    assert low > mid > high
    assert cls.for_sensitivity(-20) == cls.for_sensitivity(0)
    assert cls.for_sensitivity(300) == cls.for_sensitivity(100)
    assert cls.for_sensitivity(0).persistence > cls.for_sensitivity(100).persistence


# Smoke


def smoke_frames(
    rng: np.random.Generator, count: int, start: int, right: bool = False
) -> Iterator[MatLike]:
    """A softly textured view; from `start` a grey veil billows over its lower left quarter
    (lower right with `right`)."""
    view = cv2.GaussianBlur(texture(5), (0, 0), 2) // 2 + 60
    for i in range(count):
        grey = noisy(view, rng, 2).astype(np.float32)
        if i >= start:
            # A few big puffs whose density changes every frame, lighter than the scene.
            puffs = rng.random((H // 32, W // 32)).astype(np.float32)
            alpha = cv2.resize(cv2.GaussianBlur(puffs, (0, 0), 1), (W, H), cv2.INTER_CUBIC)
            alpha = np.clip(alpha * 0.6 + 0.2, 0, 1)
            alpha[: H // 2] = 0
            if right:
                alpha[:, : W // 2] = 0
            else:
                alpha[:, W // 2 :] = 0
            smoky = cv2.GaussianBlur(grey, (0, 0), 3)
            grey = np.clip(grey * (1 - alpha) + (smoky * 0.5 + 140) * alpha, 0, 255)
        yield cv2.cvtColor(grey.astype(np.uint8), cv2.COLOR_GRAY2BGR)


def test_veil_that_keeps_churning_is_smoke_and_ends() -> None:
    """Soft, grey, texture-hiding change in one place for seconds: smoke; it ends after."""
    rng = np.random.default_rng(6)
    params = SmokeParams()
    detector = SmokeDetector(params)
    frames = list(smoke_frames(rng, 60, 10))
    clear = cv2.GaussianBlur(texture(5), (0, 0), 2) // 2 + 60
    frames += [cv2.cvtColor(noisy(clear, rng, 2), cv2.COLOR_GRAY2BGR) for _ in range(60)]
    changes = []
    for i, frame in enumerate(frames):
        change = detector.update(frame)
        if change is not None:
            changes.append((i, change, detector.box))
    assert changes[0][1] is True
    assert 10 + params.persistence <= changes[0][0] < 60
    box = changes[0][2]
    assert box is not None
    assert detector.alarm_box is None  # over: nothing to mark
    # The veil is in the lower left quarter.
    assert box[0] + box[2] / 2 < 0.5
    assert box[1] + box[3] / 2 > 0.5
    assert changes[1][1] is False
    assert changes[1][0] > 60


def test_smoke_says_which_test_refused_a_frame() -> None:
    """History, a cut, nothing churning, or counted (with its evidence)."""
    rng = np.random.default_rng(14)
    detector = SmokeDetector()
    seen = []
    for frame in smoke_frames(rng, 40, 5):
        detector.update(frame)
        seen.append(detector.refused)
        if seen[-1] == "":
            break
    assert seen[0] == "history"
    assert "area" in seen[:10]
    assert seen[-1] == ""
    assert detector.evidence > 0
    assert detector.score >= SmokeParams().min_area
    cuts = [cv2.cvtColor(texture(200 + i), cv2.COLOR_GRAY2BGR) for i in range(6)]
    assert refusals(SmokeDetector(), iter(cuts))[-1] == "global change"


def test_soft_change_that_travels_is_not_smoke() -> None:
    """Smoke stays at its source; churning that turns up far from where the evidence began is
    something passing through (a pale coat, a bus): that run of evidence is dropped."""
    frames = list(smoke_frames(np.random.default_rng(16), 35, 5))
    frames += list(smoke_frames(np.random.default_rng(17), 40, 0, right=True))
    detector = SmokeDetector()
    evidence = []
    seen = []
    for frame in frames:
        detector.update(frame)
        seen.append(detector.refused)
        evidence.append(detector.evidence)
    moved = seen.index("moved")
    assert moved > 30
    assert max(evidence[:moved]) >= 10
    assert evidence[moved] == 0
    assert detector.drift <= SmokeParams().max_drift
    # Without the limit the same frames carry one run of evidence across both places.
    loose = SmokeDetector(SmokeParams(max_drift=1000.0))
    assert "moved" not in refusals(loose, iter(frames))


def veil_frames(rng: np.random.Generator, count: int, where: MatLike) -> Iterator[MatLike]:
    """A softly textured view; from frame 10 grey puffs billow wherever `where` is 1."""
    view = cv2.GaussianBlur(texture(5), (0, 0), 2) // 2 + 60
    for i in range(count):
        grey = noisy(view, rng, 2).astype(np.float32)
        if i < 10:
            yield cv2.cvtColor(grey.astype(np.uint8), cv2.COLOR_GRAY2BGR)
            continue
        puffs = rng.random((H // 24, W // 24)).astype(np.float32)
        alpha = cv2.resize(cv2.GaussianBlur(puffs, (0, 0), 1), (W, H), cv2.INTER_CUBIC)
        alpha = np.clip(alpha * 0.6 + 0.2, 0, 1) * where
        smoky = cv2.GaussianBlur(grey, (0, 0), 3)
        grey = np.clip(grey * (1 - alpha) + (smoky * 0.5 + 140) * alpha, 0, 255)
        yield cv2.cvtColor(grey.astype(np.uint8), cv2.COLOR_GRAY2BGR)


def test_churning_all_over_the_view_is_not_smoke() -> None:
    """The same soft churning in one place is smoke; spread over six places across the view
    (light flicker, exposure hunting, a carried camera) it is not: smoke is local."""
    one = np.zeros((H, W), np.float32)
    one[60:170, 20:160] = 1
    six = np.zeros((H, W), np.float32)
    for y in (10, 100):
        for x in (10, 115, 220):
            six[y : y + 70, x : x + 90] = 1
    # This synthetic veil's puffs are as big as its churning region, which then brightens and
    # darkens by turns: the flicker test is left out to see the locality test alone.
    steady = SmokeParams(uniform=2.0)
    assert run(SmokeDetector(steady), veil_frames(np.random.default_rng(3), 80, one))[0][1] is True
    detector = SmokeDetector(steady)
    seen = refusals(detector, veil_frames(np.random.default_rng(3), 80, six))
    assert seen.count("everywhere") > 40
    assert seen.count("") < 3
    assert not detector.active
    # Without the locality test the same frames count.
    loose = SmokeParams(uniform=2.0, max_outside=1000.0)
    assert (
        refusals(SmokeDetector(loose), veil_frames(np.random.default_rng(3), 80, six)).count("")
        > 40
    )


def test_place_that_flickers_about_its_usual_look_is_not_smoke() -> None:
    """Soft churning that never makes the place look different from what was learnt (light
    flicker or exposure hunting on a plain surface): not smoke on a still camera."""
    view = cv2.GaussianBlur(texture(5), (0, 0), 2) // 2 + 60
    where = np.zeros((H, W), np.float32)
    where[60:170, 20:160] = 1

    def flicker(rng: np.random.Generator) -> Iterator[MatLike]:
        for _ in range(80):
            grey = noisy(view, rng, 2).astype(np.float32)
            puffs = rng.random((H // 24, W // 24)).astype(np.float32)
            alpha = cv2.resize(cv2.GaussianBlur(puffs, (0, 0), 1), (W, H), cv2.INTER_CUBIC)
            wobble = (np.clip(alpha * 0.6 + 0.2, 0, 1) - 0.5) * 40
            grey = np.where(where > 0, cv2.GaussianBlur(grey, (0, 0), 3) + wobble, grey)
            yield cv2.cvtColor(np.clip(grey, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)

    detector = SmokeDetector()
    seen = refusals(detector, flicker(np.random.default_rng(3)))
    assert seen.count("no veil") > 60
    assert not detector.active
    assert detector.veil < SmokeParams().min_veil
    # Without the veil test the same frames raise smoke.
    assert run(SmokeDetector(SmokeParams(min_veil=0.0)), flicker(np.random.default_rng(3))) != []


def test_a_place_that_brightens_and_darkens_by_turns_is_flicker() -> None:
    """A lamp flickering on a wall, or a camera hunting for its exposure: the region changes all
    at once (every pixel the same way), lighter and then darker within 2 s. Smoke changes its
    place unevenly as it billows, and a thickening veil keeps darkening the same way."""
    rng = np.random.default_rng(5)
    base = rng.integers(60, 200, (90, 160), dtype=np.uint8)
    inside = np.zeros((90, 160), bool)
    inside[40:80, 20:100] = True

    def lit(by: int) -> MatLike:
        return cv2.add(base, np.full_like(base, by)) if by >= 0 else cv2.subtract(base, -by)

    detector = SmokeDetector()
    steps = []
    for then, now in ((0, 8), (8, 0), (0, 8)):
        detector._frames += 1
        steps.append(detector._flicker(lit(now), lit(then), inside))
    assert steps == [False, True, True]
    assert detector.uniformity == pytest.approx(1.0)
    # The same direction again is no flicker (a veil thickening), however uniform.
    detector._frames += 1
    assert not detector._flicker(lit(16), lit(8), inside)
    # Nor is a reversal after more than `flicker_window` frames.
    detector._frames += SmokeParams().flicker_window + 1
    assert not detector._flicker(lit(8), lit(16), inside)
    # Billowing: lighter here, darker there; the share of one direction stays low.
    billow = base.astype(np.int16) + rng.choice((-8, 8), base.shape)
    detector._frames += 1
    assert not detector._flicker(np.clip(billow, 0, 255).astype(np.uint8), base, inside)
    assert abs(detector.uniformity) < SmokeParams().uniform
    # A reset forgets the last uniform change.
    detector._flicker(lit(8), base, inside)
    detector.reset()
    assert not detector._flicker(base, lit(8), inside)


def test_hand_held_shake_is_taken_out_before_comparing() -> None:
    """A still view shaken by a few pixels every frame: the shift is found and removed, so the
    frames are compared (and found without smoke) instead of refused as a global change."""
    view = cv2.GaussianBlur(texture(5), (0, 0), 2) // 2 + 60

    def shaken(rng: np.random.Generator) -> Iterator[MatLike]:
        for _ in range(40):
            dx, dy = 2 * rng.integers(-2, 3, 2)
            shift = np.float32([[1, 0, dx], [0, 1, dy]])
            grey = cv2.warpAffine(noisy(view, rng, 2), shift, (W, H), borderMode=cv2.BORDER_REFLECT)
            yield cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)

    detector = SmokeDetector()
    seen = refusals(detector, shaken(np.random.default_rng(8)))
    assert "global change" not in seen
    assert set(seen[3:]) == {"area"}
    unsteadied = refusals(
        SmokeDetector(SmokeParams(shake_check=2.0)), shaken(np.random.default_rng(8))
    )
    assert unsteadied.count("global change") > 10
    # The shift found is the one applied, in analysis pixels (160 wide: half of 320).
    steady = SmokeDetector()
    first = cv2.cvtColor(noisy(view, np.random.default_rng(9), 2), cv2.COLOR_GRAY2BGR)
    moved = cv2.warpAffine(first, np.float32([[1, 0, 8], [0, 1, -4]]), (W, H))
    for frame in (first, first, moved):
        steady.update(frame)
    assert steady.shift == pytest.approx((4.0, -2.0), abs=0.3)


def _textured_view() -> MatLike:
    """A soft, noisy, textured scene: what the zoom test's edge patches can lock on to."""
    view = cv2.GaussianBlur(texture(5), (0, 0), 2) // 2 + 60
    return cv2.cvtColor(noisy(view, np.random.default_rng(9), 2), cv2.COLOR_GRAY2BGR)


def _compared(frame: MatLike) -> MatLike:
    """The smoke stage's compared frame: 160 px wide, grey, smoothed over 3x3 px."""
    small = cv2.resize(frame, (160, 90), interpolation=cv2.INTER_AREA)
    return cv2.blur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (3, 3))


def test_zoom_is_measured_from_the_edges_of_the_view() -> None:
    """Scaling the view by 3 % spreads its edges apart by about 3 %; a plain shift does not."""
    first = _textured_view()
    detector = SmokeDetector()
    for scale, dx, low, high in (
        (1.03, 0.0, 2.0, 5.0),
        (0.97, 0.0, 2.0, 5.0),
        (1.0, 6.0, 0.0, 0.5),
    ):
        warp = cv2.getRotationMatrix2D((W / 2, H / 2), 0, scale)
        warp[0, 2] += dx
        moved = cv2.warpAffine(first, warp, (W, H), borderMode=cv2.BORDER_REFLECT)
        assert low <= detector._zoom(_compared(first), _compared(moved)) <= high
    # A strip too thin for the patches has no zoom.
    strip = np.zeros((10, 160), np.uint8)
    assert detector._zoom(strip, strip) == 0.0


def test_one_edge_moving_alone_is_no_zoom() -> None:
    """Someone crossing one edge of a still view moves that edge patch alone: no zoom, while
    the same shift at every edge (spread apart) still is one."""
    first = _textured_view()
    then = _compared(first)
    detector = SmokeDetector()
    # A still view whose left quarter (where the left patch is) slid sideways, as a person
    # walking there does: 8 px here, 4 px in the stage's 160 px view.
    crossed = first.copy()
    side = W // 4
    crossed[:, :side] = np.roll(first[:, :side], 8, axis=1)
    now = _compared(crossed)
    assert detector._zoom(then, now) < 0.3
    # Counted as before, the lone patch would have read a zoom over the limit.
    assert SmokeDetector(SmokeParams(still_edges=0.0))._zoom(then, now) > 1.2
    # A real zoom moves every edge, so no patch is left out.
    warp = cv2.getRotationMatrix2D((W / 2, H / 2), 0, 1.02)
    zoomed = _compared(cv2.warpAffine(first, warp, (W, H), borderMode=cv2.BORDER_REFLECT))
    assert detector._zoom(then, zoomed) > SmokeParams().max_zoom


def test_smoke_seen_while_walking_forward_is_refused() -> None:
    """A veil that would raise smoke, filmed by a camera walking forward and back (the view
    zooms by 2 % a frame): a carried camera's zoom and parallax leave soft churning that no
    whole-frame shift takes out, so those frames count as no smoke."""

    def walked(frames: Iterator[MatLike]) -> Iterator[MatLike]:
        for i, frame in enumerate(frames):
            step = i % 40
            scale = 1.0 + 0.02 * (step if step < 20 else 40 - step)
            warp = cv2.getRotationMatrix2D((W / 2, H / 2), 0, scale)
            yield cv2.warpAffine(frame, warp, (W, H), borderMode=cv2.BORDER_REFLECT)

    detector = SmokeDetector()
    seen = refusals(detector, walked(smoke_frames(np.random.default_rng(6), 80, 10)))
    assert seen.count("zoom") > 30
    assert not detector.active
    assert run(SmokeDetector(), walked(smoke_frames(np.random.default_rng(6), 80, 10))) == []
    # Without the zoom test the same frames raise smoke.
    loose = SmokeDetector(SmokeParams(max_zoom=1000.0))
    assert run(loose, walked(smoke_frames(np.random.default_rng(6), 80, 10)))[0][1] is True


def test_zoom_of_a_hand_held_view_is_measured_after_the_shake() -> None:
    """A hand swings the view by 30-35 px (of 160) between compared frames on the hand-held
    fire clips: the 64 px edge patches cannot follow such a shift and read a zoom of about 2 %,
    over the limit, while with the shake taken out first they read the true 0."""
    first = _textured_view()
    detector = SmokeDetector()
    for dx in (60.0, 70.0):
        warp = np.float32([[1, 0, dx], [0, 1, 0]])
        then = _compared(first)
        now = _compared(cv2.warpAffine(first, warp, (W, H), borderMode=cv2.BORDER_REFLECT))
        assert detector._zoom(then, now) > SmokeParams().max_zoom
        steadied = detector._steadied(then, now)
        assert steadied is not None
        assert detector._zoom(steadied, now) < 0.3


class _Carried(SmokeDetector):
    """The veil of `smoke_frames` as a carried camera would show it: each frame's measured
    whole-view shift is replaced by the given ones in turn (px of the 160 px view). A synthetic
    pan of the textured view itself breaks the per-pixel churning before the pan test is
    reached, so the shift the real footage gives is put in its place."""

    def __init__(
        self, shifts: list[tuple[float, float]], params: SmokeParams | None = None
    ) -> None:
        super().__init__(params)
        self._given = shifts
        self._n = 0

    def _judge(self, frame: MatLike) -> bool:
        seen = super()._judge(frame)
        self.shift = self._given[self._n % len(self._given)]
        self._n += 1
        return seen


def test_a_view_that_keeps_panning_one_way_is_not_smoke() -> None:
    """Shifts that keep going one way (an office walked past: 15-20 px per compared pair) are a
    pan and the smoke is refused; swung back and forth by as much (a hand filming a fire, the
    shift averaging near 0 over 2 s), it is smoke."""
    one_way = [(15.0, 2.0)]
    swing = [(20.0, 0.0), (-15.0, 3.0), (5.0, -2.0), (-12.0, 0.0)]
    detector = _Carried(one_way)
    seen = refusals(detector, smoke_frames(np.random.default_rng(6), 80, 10))
    assert seen.count("pan") > 40
    assert detector.pan > SmokeParams().max_pan
    assert not detector.active
    assert run(_Carried(swing), smoke_frames(np.random.default_rng(6), 80, 10))[0][1] is True
    # Without the pan test the one-way frames raise smoke.
    loose = _Carried(one_way, SmokeParams(max_pan=1000.0))
    assert run(loose, smoke_frames(np.random.default_rng(6), 80, 10))[0][1] is True
    # A shorter window set later takes effect at once; a reset forgets the shifts.
    detector.set_params(SmokeParams(pan_window=3))
    assert detector._panned()
    detector.reset()
    assert not detector._panned()


def test_hard_movers_cuts_and_stills_are_not_smoke() -> None:
    """A dark box sliding about, every frame different (a cut each time), or nothing moving."""
    rng = np.random.default_rng(7)
    view = texture(8)

    def mover(i: int) -> MatLike:
        grey = noisy(view, rng, 2)
        x = 40 + (i * 7) % 200
        cv2.rectangle(grey, (x, 60), (x + 50, 160), 10, -1)
        return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)

    assert run(SmokeDetector(), (mover(i) for i in range(80))) == []
    cuts = (cv2.cvtColor(texture(100 + i), cv2.COLOR_GRAY2BGR) for i in range(40))
    assert run(SmokeDetector(), cuts) == []
    stills = (cv2.cvtColor(noisy(view, rng, 2), cv2.COLOR_GRAY2BGR) for _ in range(40))
    detector = SmokeDetector()
    assert run(detector, stills) == []
    detector.reset()
    detector.set_params(SmokeParams(min_area=0.5))
    assert detector.params.min_area == 0.5


# Tamper


def tamper_run(frames: Iterator[MatLike], params: TamperParams | None = None) -> list[Any]:
    """Feed grey frames; every (index, kind, started)."""
    detector = TamperDetector(params)
    return [(i, k, s) for i, f in enumerate(frames) for k, s in detector.update(f)]


def scene(rng: np.random.Generator, n: int, view: MatLike | None = None) -> list[MatLike]:
    """n live frames of a fixed view."""
    base = texture(9) if view is None else view
    return [noisy(base, rng) for _ in range(n)]


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("covered", lambda f: cv2.add(np.full_like(f, 150), f % 7)),
        ("covered", lambda f: np.full_like(f, 15)),
        ("defocused", lambda f: cv2.GaussianBlur(f, (0, 0), 3)),
        ("moved", lambda f: np.roll(np.roll(f, 110, axis=1), 40, axis=0)),
    ],
)
def test_each_tamper_kind_is_itself_and_clears(kind: str, make: Any) -> None:
    """Reported as its own kind within the persistence, and ended when the view is back."""
    rng = np.random.default_rng(10)
    p = TamperParams()
    frames = scene(rng, 30)
    frames += [make(f) for f in scene(rng, 20)]
    frames += scene(rng, 20)
    events = tamper_run(iter(frames), p)
    assert [(k, s) for _, k, s in events] == [(kind, True), (kind, False)]
    # Moved also waits until the new view holds still (a few frames more).
    assert 30 + p.persistence - 1 <= events[0][0] <= 30 + p.persistence + 4
    assert 50 + p.release - 1 <= events[1][0] <= 50 + p.release + 2


def test_plain_wall_and_passers_by_are_not_tamper() -> None:
    """A featureless normal view, and a person close to the lens walking across."""
    rng = np.random.default_rng(11)
    wall = np.full((H, W), 128, np.uint8)
    assert tamper_run(iter(scene(rng, 120, wall))) == []
    frames = scene(rng, 30)
    for i, frame in enumerate(scene(rng, 30)):
        x = i * 12 - 100
        cv2.rectangle(frame, (x, 0), (x + 160, H), 60, -1)
        frames.append(frame)
    assert tamper_run(iter(frames + scene(rng, 20))) == []


def test_a_view_that_drifts_away_is_not_moved_but_a_jump_to_it_is() -> None:
    """Moved needs the view to leave between two frames (a knock, a turn).

    As on nf_stairs_above, where people walking, exposure and sway took the coarse view to a
    correlation of 0.42 with its reference over two seconds: a gradual change to a view that
    no longer matches is not a moved camera; the same end view reached at once is.
    """
    rng = np.random.default_rng(16)
    start, end = texture(9), np.roll(np.roll(texture(9), 110, axis=1), 40, axis=0)
    drift = [noisy(cv2.addWeighted(start, 1.0 - i / 15, end, i / 15, 0.0), rng) for i in range(16)]
    detector = TamperDetector()
    seen, similarity = [], []
    for frame in scene(rng, 30) + drift + scene(rng, 30, end):
        seen += detector.update(frame)
        similarity.append(detector.measures["similarity"])
    assert sum(s < TamperParams().structure_lost for s in similarity) >= 20
    assert seen == []
    events = tamper_run(iter(scene(rng, 30) + scene(rng, 30, end)))
    assert [(k, s) for _, k, s in events] == [("moved", True)]
    # More sensitive: a smaller jump is enough.
    assert TamperParams.for_sensitivity(100).jump_similarity > TamperParams().jump_similarity


def test_frozen_picture_and_relearning_a_new_aim() -> None:
    """Identical frames for frozen_frames are frozen; a camera left moved is learnt anew."""
    rng = np.random.default_rng(12)
    p = TamperParams(frozen_frames=20, relearn_after=30)
    still = scene(rng, 1)[0]
    events = tamper_run(iter(scene(rng, 20) + [still] * 25), p)
    assert events == [(40, "frozen", True)]
    moved = [np.roll(f, 110, axis=1) for f in scene(rng, 60)]
    events = tamper_run(iter(scene(rng, 20) + moved), p)
    assert [(k, s) for _, k, s in events] == [("moved", True), ("moved", False)]
    assert events[1][0] - events[0][0] == p.relearn_after - 1


def test_tamper_learns_only_normal_frames_and_rebase() -> None:
    """Measures are reported; rebase forgets the view; new params keep what was learnt."""
    rng = np.random.default_rng(13)
    detector = TamperDetector()
    for frame in scene(rng, 15):
        detector.update(frame)
    assert detector.measures["similarity"] > 0.9
    detector.set_params(TamperParams(persistence=2))
    assert detector.params.persistence == 2
    # A full-resolution frame is judged at 320 px like the analysis frame.
    detector.update(cv2.resize(scene(rng, 1)[0], (640, 360)))
    assert detector.measures["similarity"] > 0.9
    detector.rebase()
    assert not any(detector.active.values())
    assert detector.update(np.full((H, W), 15, np.uint8)) == []


# Wiring in the analyser and configuration


def _config(**thresholds: Any) -> Any:
    return parse_camera({"id": "c", "source": "/x.mp4", "thresholds": thresholds})


def test_flame_and_smoke_run_while_tampered() -> None:
    """Tamper never switches fire analysis off: a covered camera still reports a flame."""
    analyzer = Analyzer(_config())
    analyzer.tamper.set_params(TamperParams(release=10**6))
    analyzer.tamper.active["covered"] = True
    rng = np.random.default_rng(14)
    found = []
    for i in range(40):
        found += analyzer.process(cv2.resize(flame_frame(rng), (640, 360)), i / 5)
    assert "flame_started" in [d.type for d in found]
    state = analyzer.state()
    assert state["flame"] is True
    assert state["smoke"] is False
    assert state["tamper"] == ["covered"]
    # The flame drawn by flame_frame rises from x 130-190 of 320 px, up to y 150 of 180.
    x, y, w, h = state["flame_box"]
    assert 0.35 < x + w / 2 < 0.65
    assert y + h < 0.9
    assert state["smoke_box"] is None
    assert {"smoke_started", "smoke_ended"} <= EVENT_TYPES


def test_smoke_events_from_the_analyser() -> None:
    """smoke_started carries a score and a box; switched off, nothing is reported."""
    rng = np.random.default_rng(15)
    analyzer = Analyzer(_config(tamper=False))
    found = [d for i, f in enumerate(smoke_frames(rng, 60, 5)) for d in analyzer.process(f, i / 5)]
    smoke = [d for d in found if d.type == "smoke_started"]
    assert len(smoke) == 1
    assert smoke[0].data["score"] > 0
    assert len(smoke[0].data["box"]) == 4
    assert analyzer.state()["smoke"] is True
    # The veil is in the lower left quarter; no flame to mark.
    x, y, w, h = analyzer.state()["smoke_box"]
    assert x + w / 2 < 0.5
    assert y + h / 2 > 0.5
    assert analyzer.state()["flame_box"] is None
    off = Analyzer(_config(smoke=False, tamper=False))
    rng = np.random.default_rng(15)
    found = [d for i, f in enumerate(smoke_frames(rng, 60, 5)) for d in off.process(f, i / 5)]
    assert "smoke_started" not in [d.type for d in found]


def test_sensitivities_reach_the_stages_on_reconfigure() -> None:
    """New sensitivities apply to the running stages; what they learnt is kept."""
    analyzer = Analyzer(_config())
    assert analyzer.flame.params == FlameParams()
    analyzer.reconfigure(_config(flame_sensitivity=100, smoke_sensitivity=0, tamper_sensitivity=75))
    assert analyzer.flame.params == FlameParams.for_sensitivity(100)
    assert analyzer.smoke.params == SmokeParams.for_sensitivity(0)
    assert analyzer.tamper.params == TamperParams.for_sensitivity(75)


def test_sensitivities_parse_and_round_trip() -> None:
    """0-100, integers or decimals; default 50; serialised back as given."""
    config = _config(flame_sensitivity=0, smoke_sensitivity=100, tamper_sensitivity=37.5)
    t = config.thresholds
    assert (t.flame_sensitivity, t.smoke_sensitivity, t.tamper_sensitivity) == (0, 100, 37.5)
    assert parse_camera(config.to_dict()) == config
    assert _config().thresholds.smoke_sensitivity == 50.0
    assert _config().thresholds.smoke is True


@pytest.mark.parametrize("field", ["flame_sensitivity", "smoke_sensitivity", "tamper_sensitivity"])
@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("high", "must be a number"),
        (True, "must be a number"),
        (None, "must be a number"),
        ([50], "must be a number"),
        (-1, "must be between 0 and 100, got -1"),
        (100.5, "must be between 0 and 100, got 100.5"),
    ],
)
def test_bad_sensitivity_is_refused(field: str, value: Any, reason: str) -> None:
    """Each bad value names the field and the reason."""
    with pytest.raises(ConfigError, match=f"thresholds.{field} {reason}"):
        _config(**{field: value})


def test_bad_smoke_flag_is_refused() -> None:
    """The smoke switch is a boolean like flame and tamper."""
    with pytest.raises(ConfigError, match="thresholds.smoke must be true or false"):
        _config(smoke="yes")


async def test_api_refuses_bad_sensitivity_with_400(
    engine_server: EngineServer, session: ClientSession, auth: dict[str, str], tmp_path: Path
) -> None:
    """Through the HTTP API: 400 with the reason; a good value is stored and returned."""
    url = f"{engine_server.url}/api/cameras"
    body: dict[str, Any] = {"id": "cam", "source": str(tmp_path / "none.mp4")}
    for field in ("flame_sensitivity", "smoke_sensitivity", "tamper_sensitivity"):
        for value in (150, "x"):
            bad = {**body, "thresholds": {field: value}}
            async with session.post(url, json=bad, headers=auth) as response:
                assert response.status == 400
                assert f"thresholds.{field}" in (await response.json())["error"]
    good = {**body, "thresholds": {"smoke_sensitivity": 80}}
    async with session.post(url, json=good, headers=auth) as response:
        assert response.status == 201
        assert (await response.json())["thresholds"]["smoke_sensitivity"] == 80


def test_evidence_decays_rather_than_resets_and_needs_quiet_frames_to_end() -> None:
    """A miss takes one frame of evidence back; only `release` misses in a row end the alarm."""
    evidence = Evidence()
    steps = [evidence.step(seen, persistence=3, release=2) for seen in (True, True, False)]
    assert steps == [None, None, None]
    assert evidence.hits == 1
    assert [evidence.step(True, 3, 2) for _ in range(2)] == [None, True]
    assert evidence.active
    # One quiet frame, then the verdict again: still on; two quiet in a row end it.
    assert [evidence.step(s, 3, 2) for s in (False, True, False, False)] == [
        None,
        None,
        None,
        False,
    ]
    assert not evidence.active
    assert evidence.hits == 0
