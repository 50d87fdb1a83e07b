"""Line crossings: a steady walker's narrower band, a crossing handed over from a track
lost before a line to one born just past it, and a lost walker counted on their heading.

Made-up tracks on a horizontal line at half the picture's height (walking up the picture is
`in`); people 0.3 of the picture tall, so the crossing band is 0.03 and a height is 0.3.
Accuracy is measured on real footage (docs/accuracy.md), not here.
"""

from __future__ import annotations

import pytest

from unmanned_store_engine.config import parse_camera
from unmanned_store_engine.detector import Box
from unmanned_store_engine.events import Detection
from unmanned_store_engine.rules import (
    COAST_CLEAR,
    COAST_FRAMES,
    HANDOVER_SECONDS,
    REVERSE_HEIGHTS,
    REVERSE_SECONDS,
    STEADY_BAND,
    Rules,
)
from unmanned_store_engine.tracker import Track

HEIGHT = 0.3
STEP = 0.2  # seconds between analysed frames (5 fps)


def _rules() -> Rules:
    rules = Rules(
        parse_camera(
            {"id": "c", "source": "/x.avi", "lines": [{"id": "l", "p1": [0, 0.5], "p2": [1, 0.5]}]}
        )
    )
    rules.aspect = 16 / 9
    # The camera has been looking for a while (people found past a line in its first moments
    # crossed it before anyone looked).
    assert rules.update([], [], 0.0) == []
    return rules


def _box(foot_y: float, x: float = 0.45, height: float = HEIGHT) -> Box:
    return Box(0.9, x, foot_y - height, 0.1, height)


def _seen(track: Track, foot_y: float, now: float, x: float = 0.45, height: float = HEIGHT) -> None:
    track.observe(_box(foot_y, x, height), now)
    track.hits += 1


def _new(
    track_id: int, foot_y: float, now: float, x: float = 0.45, height: float = HEIGHT
) -> Track:
    box = _box(foot_y, x, height)
    track = Track(track_id, (box.x, box.y, box.w, box.h), box.score, now, now, hits=0)
    _seen(track, foot_y, now, x, height)
    return track


def _approach(rules: Rules, feet: list[float], start: float, track_id: int = 1) -> Track:
    """A person walking through the foot positions, one analysed frame each, then lost."""
    track = _new(track_id, feet[0], start)
    out: list[Detection] = []
    for i, foot in enumerate(feet[1:], start=1):
        _seen(track, foot, start + i * STEP)
        out += rules.update([track], [], start + i * STEP)
    assert out == []
    return track


def _lose(track: Track, frames: int) -> None:
    track.misses = frames


def _types(found: list[Detection]) -> list[str]:
    return [d.type for d in found]


def test_a_track_born_just_past_the_line_takes_over_the_lost_walkers_crossing() -> None:
    """A walker lost 0.05 before the line and a track born 0.06 past it 0.4 s later, close
    by, walking on: one `in`, once the new track is confirmed. The lost track seen again
    past the line counts nothing more; walking back over the line later, it counts `out`."""
    rules = _rules()
    walker = _approach(rules, [0.7, 0.64, 0.58, 0.55], 1.0)
    _lose(walker, 2)
    newcomer = _new(2, 0.44, 1.8)
    assert rules.update([walker], [], 1.8) == []  # seen once: not yet confirmed
    _seen(newcomer, 0.41, 2.0)
    _lose(walker, 3)
    found = rules.update([walker, newcomer], [], 2.0)
    assert _types(found) == ["crossing_in"]
    assert found[0].track_id == 2
    # The newcomer walks on: nothing more.
    _seen(newcomer, 0.38, 2.2)
    assert rules.update([walker, newcomer], [], 2.2) == []
    # The lost track comes back on the person past the line (the tracker's duplicate).
    _seen(walker, 0.37, 2.4)
    walker.misses = 0
    assert rules.update([walker, newcomer], [], 2.4) == []
    # From there on it is an ordinary track with a side: back over the line is `out`.
    for i, foot in enumerate([0.45, 0.52, 0.58]):
        _seen(walker, foot, 2.6 + i * STEP)
        newcomer.misses += 1
    assert _types(rules.update([walker, newcomer], [], 3.0)) == ["crossing_out"]
    assert rules.counts == {"l": {"in": 1, "out": 1}}


def test_a_lost_track_is_handed_over_once() -> None:
    """Two tracks born past the line near one lost walker: one crossing, not two."""
    rules = _rules()
    walker = _approach(rules, [0.7, 0.64, 0.58, 0.55], 1.0)
    _lose(walker, 2)
    first, second = _new(2, 0.44, 1.8), _new(3, 0.45, 1.8, x=0.5)
    _seen(first, 0.41, 2.0)
    _seen(second, 0.42, 2.0, x=0.5)
    _lose(walker, 3)
    assert _types(rules.update([walker, first, second], [], 2.0)) == ["crossing_in"]
    assert rules.counts == {"l": {"in": 1, "out": 0}}
    # The lost track ends for good: nothing is kept of it.
    assert rules.update([first, second], [walker], 2.2) == []
    assert not rules._handed


def test_a_handed_over_track_seen_again_on_its_own_side_counts_nothing() -> None:
    """The lost track was someone else after all and comes back before the line: no count
    for its return, and its own later crossing counts."""
    rules = _rules()
    walker = _approach(rules, [0.7, 0.64, 0.58, 0.55], 1.0)
    _lose(walker, 2)
    newcomer = _new(2, 0.44, 1.8)
    _seen(newcomer, 0.41, 2.0)
    _lose(walker, 3)
    assert _types(rules.update([walker, newcomer], [], 2.0)) == ["crossing_in"]
    _seen(walker, 0.58, 2.2)
    walker.misses = 0
    assert rules.update([walker, newcomer], [], 2.2) == []
    for i, foot in enumerate([0.5, 0.44, 0.4]):
        _seen(walker, foot, 2.4 + i * STEP)
        newcomer.misses += 1
        rules.update([walker, newcomer], [], 2.4 + i * STEP)
    assert rules.counts == {"l": {"in": 2, "out": 0}}


def _handed(
    feet: list[float],
    born_at: float,
    born_foot: float,
    born_x: float = 0.45,
    born_height: float = HEIGHT,
    still_seen: bool = False,
) -> list[str]:
    """What a track born past the line near a walker lost at 1.6 s is counted."""
    rules = _rules()
    walker = _approach(rules, feet, 1.6 - (len(feet) - 1) * STEP)
    newcomer = _new(2, born_foot, born_at, born_x, born_height)
    foot = born_foot - 0.03 * born_height / HEIGHT
    _seen(newcomer, foot, born_at + STEP, born_x, born_height)
    if still_seen:
        # The walker is seen in the same frame as the newcomer: two people.
        _seen(walker, feet[-1], born_at + STEP)
    else:
        _lose(walker, round((born_at + STEP - 1.6) / STEP))
    return _types(rules.update([walker, newcomer], [], born_at + STEP))


def test_no_handover_without_a_plausible_continuation() -> None:
    """Each condition alone keeps a newcomer past the line from taking the crossing over."""
    walking = [0.7, 0.64, 0.58, 0.55]
    # The plausible case, for reference.
    assert _handed(walking, 1.8, 0.44) == ["crossing_in"]
    # Born more than HANDOVER_SECONDS after the walker was last seen.
    assert _handed(walking, 1.6 + HANDOVER_SECONDS + STEP, 0.44) == []
    # Born while the walker is still seen: someone else.
    assert _handed(walking, 1.6, 0.44, still_seen=True) == []
    # Born more than a height (0.3) along the line away from where the walker was lost.
    assert _handed(walking, 1.8, 0.44, born_x=0.45 + 0.2) == []
    # Born more than a height past the line.
    assert _handed(walking, 1.8, 0.15) == []
    # Lost more than a height before the line.
    assert _handed([0.95, 0.9, 0.85, 0.82], 1.8, 0.44) == []
    # A box of another size: more than twice or less than half the walker's height.
    assert _handed(walking, 1.8, 0.44, born_height=0.1) == []
    # The lost track was standing by the line, not walking to it.
    assert _handed([0.6, 0.601, 0.599, 0.6], 1.8, 0.44) == []
    # The lost track was walking away from the line.
    assert _handed([0.6, 0.62, 0.64, 0.66], 1.8, 0.44) == []
    # Born on the walker's own side of the line: nothing crossed.
    assert _handed(walking, 1.8, 0.6) == []


def test_a_steady_walker_counts_as_soon_as_the_foot_is_past_the_line() -> None:
    """Steps of 0.05 (a sixth of the height) straight up the picture: counted with the foot
    0.01 past the line, inside the usual band (0.03) but outside the steady one. A person
    who slows down to the same spot is judged on the usual band."""
    assert 0.03 * STEADY_BAND < 0.01
    rules = _rules()
    walker = _new(1, 0.62, 1.0)
    found: list[Detection] = []
    for i, foot in enumerate([0.57, 0.52, 0.49]):
        _seen(walker, foot, 1.2 + i * STEP)
        found += rules.update([walker], [], 1.2 + i * STEP)
    assert walker.steady
    assert _types(found) == ["crossing_in"]
    assert found[0].media_time == 1.6
    slowing = _new(2, 0.62, 1.0)
    found = []
    for i, foot in enumerate([0.57, 0.53, 0.515, 0.505, 0.49, 0.475, 0.46, 0.45]):
        _seen(slowing, foot, 1.2 + i * STEP)
        found += rules.update([slowing], [], 1.2 + i * STEP)
        if found:
            break
    assert _types(found) == ["crossing_in"]
    assert not slowing.steady
    # Counted only once the smoothed foot was clear of the usual band.
    assert slowing.foot_smooth[1] <= 0.47


def test_a_steady_walker_along_the_line_is_not_counted() -> None:
    """Walking beside the line, the foot a little to one side and then the other (within the
    usual band): steady steps along it count nothing, as before."""
    rules = _rules()
    walker = _new(1, 0.52, 1.0, x=0.1)
    found: list[Detection] = []
    for i, (x, foot) in enumerate([(0.2, 0.515), (0.3, 0.505), (0.4, 0.495), (0.5, 0.485)]):
        _seen(walker, foot, 1.2 + i * STEP, x=x)
        found += rules.update([walker], [], 1.2 + i * STEP)
    assert walker.steady
    assert found == []


def _walk_and_lose(rules: Rules, feet: list[float], track_id: int = 1, x: float = 0.45) -> Track:
    """A steady walker seen at these feet from 1.0 s, one analysed frame each, then not seen."""
    track = _new(track_id, feet[0], 1.0, x)
    for i, foot in enumerate(feet[1:], start=1):
        _seen(track, foot, 1.0 + i * STEP, x)
        assert rules.update([track], [], 1.0 + i * STEP) == []
    assert track.steady
    return track


def _unseen(
    rules: Rules, track: Track, frames: int, others: list[Track] | None = None
) -> list[str]:
    """What the rules count while the track goes unseen for that many more analysed frames."""
    found: list[str] = []
    for _ in range(frames):
        track.misses += 1
        now = track.last_seen + track.misses * STEP
        found += _types(rules.update([track, *(others or [])], [], now))
    return found


def test_a_walker_lost_before_the_line_counts_when_their_heading_is_past_it() -> None:
    """Steps of 0.05 up the picture, last seen 0.03 short of the line: unseen, the heading is
    0.02 past it one frame later (outside the steady band, 0.009): one `in` then, not when
    the detector finds the person again a second later. Seen again past the line, nothing
    more; from there on an ordinary track (back over the line is `out`)."""
    rules = _rules()
    walker = _walk_and_lose(rules, [0.68, 0.63, 0.58, 0.53])
    assert _unseen(rules, walker, 1) == ["crossing_in"]
    assert _unseen(rules, walker, COAST_FRAMES - 1) == []
    _seen(walker, 0.4, walker.last_seen + (COAST_FRAMES + 1) * STEP)
    assert rules.update([walker], [], walker.last_seen) == []
    found: list[str] = []
    for foot in [0.46, 0.52, 0.58]:
        _seen(walker, foot, walker.last_seen + STEP)
        found += _types(rules.update([walker], [], walker.last_seen))
    assert found == ["crossing_out"]
    assert rules.counts == {"l": {"in": 1, "out": 1}}


def test_a_walker_counted_on_their_heading_is_not_counted_again() -> None:
    """The walker had stopped short of the line while unseen: seen again there, nothing; the
    crossing they then make was already counted; walking back over it counts `out`."""
    rules = _rules()
    walker = _walk_and_lose(rules, [0.68, 0.63, 0.58, 0.53])
    assert _unseen(rules, walker, 2) == ["crossing_in"]
    found: list[str] = []
    for foot in [0.535, 0.53, 0.47, 0.42]:
        _seen(walker, foot, walker.last_seen + STEP)
        found += _types(rules.update([walker], [], walker.last_seen))
    assert found == []
    for foot in [0.48, 0.54, 0.6]:
        _seen(walker, foot, walker.last_seen + STEP)
        found += _types(rules.update([walker], [], walker.last_seen))
    assert found == ["crossing_out"]
    assert rules.counts == {"l": {"in": 1, "out": 1}}


def test_a_newcomer_past_the_line_continues_a_walker_counted_on_their_heading() -> None:
    """The tracker starts the lost walker afresh past the line after their heading was
    counted: the newcomer takes that side uncounted (one person, one count)."""
    rules = _rules()
    walker = _walk_and_lose(rules, [0.68, 0.63, 0.58, 0.53])
    assert _unseen(rules, walker, 1) == ["crossing_in"]
    newcomer = _new(2, 0.44, walker.last_seen + 2 * STEP)
    walker.misses += 1
    assert rules.update([walker], [], newcomer.last_seen) == []
    _seen(newcomer, 0.39, newcomer.last_seen + STEP)
    assert _unseen(rules, walker, 1, [newcomer]) == []
    for foot in [0.34, 0.29, 0.24]:
        _seen(newcomer, foot, newcomer.last_seen + STEP)
        assert _unseen(rules, walker, 1, [newcomer]) == []
    assert rules.counts == {"l": {"in": 1, "out": 0}}


def test_no_count_on_a_heading_where_someone_tracked_is_seen() -> None:
    """Where the lost walker was heading, another track is seen now (the tracker found the
    person under another id, which counts them itself): no count on the heading. Someone
    seen more than COAST_CLEAR heights from there does not stop it."""
    rules = _rules()
    walker = _walk_and_lose(rules, [0.68, 0.63, 0.58, 0.53])
    other = _new(2, 0.5, 1.0, x=0.47)
    _seen(other, 0.48, walker.last_seen + STEP, x=0.47)
    assert _unseen(rules, walker, COAST_FRAMES, [other]) == []
    rules = _rules()
    walker = _walk_and_lose(rules, [0.68, 0.63, 0.58, 0.53])
    far = _new(2, 0.5, 1.0, x=0.47 + COAST_CLEAR * HEIGHT)
    _seen(far, 0.48, walker.last_seen + STEP, x=0.47 + COAST_CLEAR * HEIGHT)
    assert _unseen(rules, walker, 1, [far]) == ["crossing_in"]


def test_no_count_on_a_heading_without_a_steady_walk_towards_the_line() -> None:
    """Each of these keeps a lost track uncounted until it is seen past the line."""
    # Slowing down (steps under a tenth of the height): not a steady walk.
    rules = _rules()
    slowing = _new(1, 0.6, 1.0)
    for i, foot in enumerate([0.57, 0.55, 0.54, 0.53]):
        _seen(slowing, foot, 1.2 + i * STEP)
        rules.update([slowing], [], 1.2 + i * STEP)
    assert not slowing.steady
    assert _unseen(rules, slowing, COAST_FRAMES) == []
    # Walking along the line, a little to one side of it.
    rules = _rules()
    along = _new(1, 0.52, 1.0, x=0.1)
    for i, (x, foot) in enumerate([(0.2, 0.518), (0.3, 0.516), (0.4, 0.514)]):
        _seen(along, foot, 1.2 + i * STEP, x=x)
        rules.update([along], [], 1.2 + i * STEP)
    assert along.steady
    assert _unseen(rules, along, COAST_FRAMES) == []
    # Lost too far from the line: the heading reaches it only after COAST_FRAMES.
    rules = _rules()
    far = _walk_and_lose(rules, [0.9, 0.85, 0.8, 0.75])
    assert _unseen(rules, far, COAST_FRAMES + 2) == []
    # Heading out of the picture (a line near its edge): leaving, not crossing.
    rules = _rules()
    rules.reconfigure(
        parse_camera(
            {
                "id": "c",
                "source": "/x.avi",
                "lines": [{"id": "l", "p1": [0, 0.985], "p2": [1, 0.985]}],
            }
        )
    )
    leaving = _walk_and_lose(rules, [0.81, 0.86, 0.91, 0.96])
    assert _unseen(rules, leaving, COAST_FRAMES) == []
    # Seen from straight above: the box centre is no foot to extrapolate.
    rules = _rules()
    above = _new(1, 0.68, 1.0)
    above.overhead = True
    for i, foot in enumerate([0.63, 0.58, 0.53]):
        _seen(above, foot, 1.2 + i * STEP)
        rules.update([above], [], 1.2 + i * STEP)
    assert above.steady
    assert _unseen(rules, above, COAST_FRAMES) == []


def test_a_box_that_jumps_back_over_the_line_just_counted_is_not_counted_back() -> None:
    """Within REVERSE_SECONDS of a count, the same track back over that line counts only with
    its foot REVERSE_HEIGHTS of its height past it (0.075 here): a box jumping between a
    person's parts (10 analysed frames a second, as a slow source gives) is no one turning
    round, and it is not counted in again when it jumps back."""
    assert REVERSE_SECONDS == 1.0
    assert pytest.approx(0.075) == REVERSE_HEIGHTS * HEIGHT
    rules = _rules()
    jumpy = _new(1, 0.6, 1.0)
    found: list[Detection] = []
    # In, then the box's foot back to 0.55 and 0.54 (past the band, not the reverse
    # distance), then on into the shop.
    for i, foot in enumerate([0.56, 0.52, 0.47, 0.44, 0.55, 0.56, 0.45, 0.4, 0.35]):
        _seen(jumpy, foot, 1.1 + i * 0.1)
        found += rules.update([jumpy], [], 1.1 + i * 0.1)
    assert _types(found) == ["crossing_in"]
    assert rules.counts == {"l": {"in": 1, "out": 0}}
    # Someone who walks in and straight back out, well past the line, is counted both ways.
    back = _new(2, 0.6, 3.0)
    found = []
    for i, foot in enumerate([0.56, 0.52, 0.47, 0.44, 0.5, 0.56, 0.62, 0.66]):
        _seen(back, foot, 3.1 + i * 0.1)
        found += rules.update([back], [], 3.1 + i * 0.1)
    assert _types(found) == ["crossing_in", "crossing_out"]
    assert found[1].media_time - found[0].media_time < REVERSE_SECONDS
    # After REVERSE_SECONDS the usual band holds again: a step back just past it counts.
    slow = _new(3, 0.6, 5.0)
    found = []
    for i, foot in enumerate([0.56, 0.52, 0.47, 0.44, 0.44, 0.44, 0.44, 0.44, 0.44, 0.44]):
        _seen(slow, foot, 5.1 + i * 0.1)
        found += rules.update([slow], [], 5.1 + i * 0.1)
    for i, foot in enumerate([0.5, 0.54, 0.55, 0.55]):
        _seen(slow, foot, 6.3 + i * 0.1)
        found += rules.update([slow], [], 6.3 + i * 0.1)
    assert _types(found) == ["crossing_in", "crossing_out"]
    assert found[1].media_time - found[0].media_time >= REVERSE_SECONDS


def test_at_10_fps_a_lost_walker_is_counted_on_their_heading_for_the_same_time() -> None:
    """COAST_FRAMES (3) were analysed frames at 5 fps: 0.6 s. At 10 fps (pace 0.5) a walker
    last seen 0.1 short of the line, 0.025 a frame, is counted on their heading when it is
    past the steady band (0.009): 5 frames (0.5 s) unseen, which 3 frames would not reach."""
    rules = _rules()
    walker = _new(1, 0.75, 1.0)
    walker.pace = 0.5
    for i, foot in enumerate([0.725, 0.7, 0.675, 0.65, 0.625, 0.6], start=1):
        _seen(walker, foot, 1.0 + i * 0.1)
        assert rules.update([walker], [], 1.0 + i * 0.1) == []
    assert walker.steady
    found: list[tuple[int, str]] = []
    for misses in range(1, 8):
        walker.misses = misses
        now = walker.last_seen + misses * 0.1
        found += [(misses, kind) for kind in _types(rules.update([walker], [], now))]
    assert found == [(5, "crossing_in")]
