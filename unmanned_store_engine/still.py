"""Figures that never move: a mannequin, a poster or a shelf end the detector takes for a person.

Two things follow from watching each tracked box (its place, and the motion gate's mask in it):

- A track that has shown no life since it was first seen (its box never stepped, nothing ever
  moved inside it) is a figure, not a person: it is not in view, in a zone, a crowd or an
  intrusion until it does (`figures`). People walk into view, so their box steps at once; one
  standing still since before the camera started turns their head or shifts a hand within
  seconds. A traffic light, a tree trunk or a poster never does (a clock's changing digits
  do). On 31 real road and car-park clips without people (docs/accuracy.md, "Figures that
  never showed life"), it took nearly half the false people in view away (0.26 to 0.15) and
  a loitering and a crowding alarm (7 false alarms to 5).
- A figure, or a person, whose box has not moved, with nothing moving inside it, for
  STILL_SECONDS is reported in the camera's state, and the integration asks the owner to look
  (and offers to ignore the place, config.Mask). A figure that once showed life stays a
  person, since a person can stand still: an intruder who does is still an intruder, and a
  customer seated at a café counter stays put but eats, reads and turns their head.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from cv2.typing import MatLike
import numpy as np

from .detector import Box
from .tracker import Track

BoxXywh = tuple[float, float, float, float]  # x, y, w, h, fractions of the picture

# Fifteen minutes without moving: longer than anyone waits at a counter or browses a shelf.
STILL_SECONDS: Final = 900.0
# A box whose centre stays within this share of its height of where it settled, and whose
# height stays within STILL_SIZE of it, has not moved: the detector's boxes on a figure
# that does not move jitter by a few per cent.
STILL_SHIFT: Final = 0.1
STILL_SIZE: Final = 0.2
# At least this share of the box's pixels changed (the motion gate's mask) means something
# moved there: a head turned, a hand reached out. Judged only while no other track overlaps
# the box, since someone walking past in front changes it too.
STILL_MOTION: Final = 0.05
# Life (figures): a smaller share, once, is enough. A man standing still before the camera
# from its first frame, turning his head, changed 2-5 % of his box (p09); on 31 road and
# car-park clips the fixed things taken for people (traffic lights, poles, trunks) changed
# none of theirs.
LIFE_MOTION: Final = 0.02
# Life by walking: the box's centre at least this share of its height from where it was first
# seen. Not its size: the detector's box on a thing that never moves grows and shrinks by a
# fifth from frame to frame when it is 10-20 pixels tall (a timestamp's digits, a post by a
# motorway), which once made it a person and raised loitering on two road cameras.
LIFE_STEP: Final = 0.25
# A box overlapped by others shows life only by motion in its own part (none of theirs), and
# only when that part is at least this share of it: three people standing close together
# talk and gesture there, while a passer-by in front of a poster moves inside their own box.
OWN_PART: Final = 0.25
# A figure whose track ends (the detector missed it for a while) and comes back at the same
# place within this many seconds keeps the time it had been still.
PLACE_MEMORY: Final = 120.0
# "The same place": the new box overlaps the old one by this much (intersection over union).
SAME_PLACE: Final = 0.5


@dataclass(slots=True)
class _Place:
    box: BoxXywh
    since: float
    last: float
    # Where it was first seen (LIFE_STEP is judged from there).
    origin: BoxXywh
    # Whether the figure has ever walked or had motion inside its box (see StillWatch.figures).
    lively: bool = False


def _iou(a: BoxXywh, b: BoxXywh) -> float:
    return Box(0.0, *a).iou(Box(0.0, *b))


def _overlapped(boxes: Sequence[BoxXywh]) -> list[bool]:
    """For each box, whether any other overlaps it: every pair at once (a crowd of 30 is 900
    pairs a frame, 1.4 ms one by one in Python)."""
    if len(boxes) < 2:
        return [False] * len(boxes)
    b = np.asarray(boxes, dtype=np.float64)
    x0, y0 = b[:, 0], b[:, 1]
    x1, y1 = x0 + b[:, 2], y0 + b[:, 3]
    across = np.minimum(x1[:, None], x1[None, :]) > np.maximum(x0[:, None], x0[None, :])
    down = np.minimum(y1[:, None], y1[None, :]) > np.maximum(y0[:, None], y0[None, :])
    both = across & down
    np.fill_diagonal(both, False)
    return [bool(both[i].any()) for i in range(len(boxes))]


def _shift(box: BoxXywh, other: BoxXywh) -> float:
    """How far the box's centre is from the other's, along the farther axis."""
    return max(
        abs(box[0] + box[2] / 2 - other[0] - other[2] / 2),
        abs(box[1] + box[3] / 2 - other[1] - other[3] / 2),
    )


def _moved(box: BoxXywh, settled: BoxXywh) -> bool:
    return (
        _shift(box, settled) > STILL_SHIFT * settled[3]
        or abs(box[3] - settled[3]) > STILL_SIZE * settled[3]
    )


def _stepped(box: BoxXywh, origin: BoxXywh) -> bool:
    """Whether the box's centre is LIFE_STEP of the larger height away from the origin's."""
    return _shift(box, origin) > LIFE_STEP * max(box[3], origin[3])


def _pixels(box: BoxXywh, width: int, height: int) -> tuple[int, int, int, int]:
    """The mask's pixel rectangle (x0, y0, x1, y1) under a box, clipped to the picture."""
    x0, y0 = max(int(box[0] * width), 0), max(int(box[1] * height), 0)
    x1 = min(int(np.ceil((box[0] + box[2]) * width)), width)
    y1 = min(int(np.ceil((box[1] + box[3]) * height)), height)
    return x0, y0, x1, y1


def motion_share(mask: MatLike | None, box: BoxXywh, others: Sequence[BoxXywh] = ()) -> float:
    """Share of the box's pixels the motion gate marked as changed (0 without a mask).

    others: boxes of other people; only the box's own pixels (none of theirs) are judged,
    and 0 when fewer than OWN_PART of them are its own.
    """
    if mask is None:
        return 0.0
    height, width = mask.shape[:2]
    x0, y0, x1, y1 = _pixels(box, width, height)
    part = mask[y0:y1, x0:x1]
    if part.size == 0:
        return 0.0
    if not others:
        return float(np.count_nonzero(part)) / part.size
    own = np.ones(part.shape[:2], bool)
    for other in others:
        ox0, oy0, ox1, oy1 = _pixels(other, width, height)
        if ox0 < x1 and x0 < ox1 and oy0 < y1 and y0 < oy1:
            own[max(oy0 - y0, 0) : oy1 - y0, max(ox0 - x0, 0) : ox1 - x0] = False
    mine = int(np.count_nonzero(own))
    if mine < OWN_PART * part.size:
        return 0.0
    return float(np.count_nonzero(part[own])) / mine


class StillWatch:
    """How long each tracked figure has stood without moving; one per camera."""

    def __init__(self, seconds: float = STILL_SECONDS) -> None:
        """seconds: how long a figure must stay still to be reported."""
        self.seconds = seconds
        self._places: dict[int, _Place] = {}
        # Places of tracks that ended, kept PLACE_MEMORY seconds for a track born there.
        self._gone: list[_Place] = []

    def reset(self) -> None:
        """Forget everything (the view changed)."""
        self._places.clear()
        self._gone.clear()

    def update(
        self, tracks: Sequence[Track], mask: MatLike | None, now: float, judge_motion: bool = True
    ) -> None:
        """One analysed frame: the confirmed tracks and the motion gate's mask.

        judge_motion False: the frame's motion says nothing about anyone (a light switched,
        the exposure jumped); boxes are still compared.
        """
        alive = {track.id for track in tracks}
        for track_id in [i for i in self._places if i not in alive]:
            self._gone.append(self._places.pop(track_id))
        self._gone = [p for p in self._gone if now - p.last <= PLACE_MEMORY]
        boxes = [track.box for track in tracks]
        overlapped = _overlapped(boxes)
        for index, (track, crowded) in enumerate(zip(tracks, overlapped, strict=True)):
            if track.misses:
                continue  # unseen is not moved: the detector missed a frame
            box = track.box
            place = self._places.get(track.id)
            share = motion_share(mask, box) if judge_motion and not crowded else 0.0
            stirred = share >= STILL_MOTION
            # Life, unlike stillness, is also judged on an overlapped box's own part (only
            # while it matters: in a crowd of 30 that is 1 ms a frame).
            if judge_motion and crowded and (place is None or not place.lively):
                share = motion_share(mask, box, boxes[:index] + boxes[index + 1 :])
            lively = share >= LIFE_MOTION
            if place is None:
                place = self._places[track.id] = self._adopt(box, now)
                place.lively = place.lively or lively
                continue
            if _moved(box, place.box) or stirred:
                place.box, place.since = box, now
            place.lively = place.lively or lively or _stepped(box, place.origin)
            place.last = now

    def _adopt(self, box: BoxXywh, now: float) -> _Place:
        """A new track's place: a still figure's old one when it is that figure come back."""
        best = max(self._gone, key=lambda p: _iou(p.box, box), default=None)
        if best is not None and _iou(best.box, box) >= SAME_PLACE and not _moved(box, best.box):
            self._gone.remove(best)
            return _Place(best.box, best.since, now, best.origin, best.lively)
        return _Place(box, now, now, box)

    def figures(self) -> set[int]:
        """Tracks that have never walked nor stirred since they were first seen.

        Not people yet: the detector's people in a traffic light, a tree trunk or a poster,
        found by a whole-frame search and never moving. A person shows life: they walked
        into view (their box stepped, LIFE_STEP), or, standing still since before the camera
        started, they turn their head (LIFE_MOTION of their box changed).
        """
        return {i for i, p in self._places.items() if not p.lively}

    def still(self, now: float) -> list[dict[str, object]]:
        """Figures still for at least `seconds`, the longest first: box and whole seconds."""
        found = [
            (now - p.since, p.box)
            for p in self._places.values()
            if now - p.since >= self.seconds and now - p.last <= PLACE_MEMORY
        ]
        return [
            {"box": [round(v, 4) for v in box], "seconds": int(seconds)}
            for seconds, box in sorted(found, key=lambda f: -f[0])
        ]
