"""People, detection first: motion gates the detector and picks regions; a tracker follows them.

Per analysed frame:
1. the motion gate (motion.py) on a small grey frame says whether anything moved, and where;
2. with nothing moving and nobody tracked, nothing else runs (most of a quiet shop's frames);
   with everyone tracked, far from every line, and nothing moving but them, every second
   frame rests (REST_LINE_HEIGHTS);
3. otherwise the detector runs on regions cut from the full-resolution frame around what moved
   and around everyone already tracked (so a person standing still stays found), each region
   at least the network's input size, so a small, distant person is seen at native resolution
   rather than shrunk in a squash of the whole frame;
4. the boxes go to the tracker (tracker.py); its confirmed tracks are the people in view.

When the motion gate cannot say where to look (its first frame, or a change over most of the
picture: a light, an exposure jump, a moving camera), and every few seconds anyway, the whole
frame is searched in squares of its shorter side. Light does not make the detector see people,
so a light switched on costs one search and never a count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
import functools
import math
from typing import Final

from cv2.typing import MatLike
import numpy as np

from .config import Line, Mask
from .detector import INPUT, Box, PersonDetector
from .motion import MotionDetector
from .rules import line_gap, point_in_polygon
from .tracker import PersonTracker, Track, TrackerKind

Region = tuple[int, int, int, int]  # x, y, w, h in pixels of the full frame

# The smallest region, in pixels of the frame; the network sees it at 352x352.
MIN_SIDE = INPUT
# More regions than this per frame cost more than one look at the whole frame in tiles.
MAX_REGIONS: Final = 4
# Margin around what moved or was tracked, as a fraction of its size: a walking person's
# motion blob can miss the still foot, and a tracked person moves before the next frame.
_MARGIN: Final = 0.3
_OVERLAP: Final = 0.2
# Motion smaller than this (fraction of the motion frame) is noise, not a person's part.
MOTION_MIN_AREA: Final = 0.0002
# A person is searched for in squares about this many of their heights across: FastestDet
# (trained on COCO, input 352) found 60-65 % of the 40-60 px people of a crowded hall in
# squares of the frame's height at native resolution, and 80-90 % in squares of 256 px
# scaled up to 352 (people 55-80 px in the network's input). Someone already that size or
# bigger is searched at native resolution, as before.
PERSONS_PER_SIDE: Final = 5.0
# Squares are never smaller than this: twice enlarged, a picture has no more detail to give
# and the number of detector calls grows with the square of the enlargement.
SMALLEST_SIDE: Final = INPUT // 2
# The whole frame is never searched in more calls than this (what a 768x576 frame costs at
# native resolution): on 640x360, enlarged squares of 246-312 px (6 calls) rather than 8 or
# more; on an HD picture, squares bigger than the network's input, shrunk into it (1920x1080:
# 6 squares of 738 px, not 28 native ones, which took most of a core for one camera and cut
# anyone taller than 352 px into pieces).
MAX_TILES: Final = 6
# The whole frame is searched this often (media seconds) even without motion: someone who was
# standing still when the camera started, or stood still since their track ended, is found.
SWEEP_SECONDS: Final = 5.0
# Seen from straight above, FastestDet (COCO: upright people) finds a head and shoulders
# in some turns of the picture and not others; each region is searched in all four quarter
# turns. On the overhead door counter (p19, 12 frames around its crossings, whole picture)
# a box of 0.55 or more was found on the man in 6 unturned and 11 turned a quarter
# clockwise; four turns cost four detector calls per region.
OVERHEAD_TURNS: Final[tuple[int, ...]] = (0, 1, 2, 3)
# Turned, the network also finds "people" in sunlit leaf shadows and paving (p12, nobody in
# view). Kept only when the box is a person's size from above (its longer side at least this
# share of the picture; people on the two overhead clips are 0.3-0.6) and ...
OVERHEAD_MIN_SIDE: Final = 0.25
# ... at least this share of it moved (the motion gate's mask): a still pattern is no one
# walking, and a person standing still keeps their track for LOST_SECONDS.
OVERHEAD_MOVING: Final = 0.25
# A frame may go without the detector (its tracks held as they are) when everyone in view is
# already tracked, was seen on the last frame, stands at least this many of their own heights
# from every counting line, and all that moved lies on them: the next frame looks again, so
# nobody goes unlooked-at for more than two analysed frames (0.4 s at 5 fps, a walker's
# third of a height), and nobody near a line is ever skipped, so counting keeps every frame.
REST_LINE_HEIGHTS: Final = 1.0


def _starts(lo: float, hi: float, side: int, limit: int) -> list[float]:
    """Starts of squares of `side` covering [lo, hi] on one axis, overlapping by a fifth.

    A fifth: a 16:9 frame is two squares of its height (a quarter made it three), and a
    person narrower than the overlap is whole in one of them.
    """
    span = hi - lo
    if span <= side:
        return [min(max((lo + hi - side) / 2, 0.0), limit - side)]
    count = math.ceil((span - side) / (side * (1 - _OVERLAP))) + 1
    step = (span - side) / (count - 1)
    return [min(max(lo + i * step, 0.0), limit - side) for i in range(count)]


def squares(box: tuple[float, float, float, float], width: int, height: int) -> list[Region]:
    """Square regions covering a pixel box (x0, y0, x1, y1) with a margin.

    The network squashes its input to 352x352, so a region must be square: a 640x360 frame
    squashed whole made people half as wide and most of them went unseen. A square is at
    least the network's input (small people stay at native resolution), big enough for the
    box with a margin, and at most the frame's shorter side; a box wider than that is
    covered by several squares that overlap by a quarter.
    """
    x0, y0, x1, y1 = box
    side = round(
        min(max(MIN_SIDE, (x1 - x0) * (1 + _MARGIN), (y1 - y0) * (1 + _MARGIN)), width, height)
    )
    return tiles(box, side, width, height)


def tiles(
    box: tuple[float, float, float, float], side: int, width: int, height: int
) -> list[Region]:
    """Squares of `side` (at most the frame's shorter side) covering a pixel box."""
    short = min(width, height)
    # Almost the whole height: one row of squares of the full height beats two rows.
    side = short if side * 1.15 >= short else side
    x0, y0, x1, y1 = box
    return [
        (round(x), round(y), side, side)
        for y in _starts(y0, y1, side, height)
        for x in _starts(x0, x1, side, width)
    ]


def tile_side(heights: Sequence[float], width: int, height: int) -> int:
    """Side (pixels) of the squares to search a frame in, from the heights of people seen.

    The median person sets it: the squares are sized so that people appear at a size the
    network finds well, enlarged at most twice, and large enough that the frame takes at
    most MAX_TILES of them (whole_side). Nobody seen yet: squares of the network's input, at
    native resolution where the budget allows.
    """
    if not heights:
        return whole_side(MIN_SIDE, width, height)
    ordered = sorted(heights)
    typical = ordered[len(ordered) // 2]
    return whole_side(
        int(min(max(round(PERSONS_PER_SIDE * typical), SMALLEST_SIDE), MIN_SIDE)), width, height
    )


@functools.lru_cache(maxsize=256)
def whole_side(side: int, width: int, height: int) -> int:
    """The smallest side from `side` up whose squares cover the frame in MAX_TILES or fewer.

    At most the frame's shorter side (a square is never bigger than the frame): a panorama
    wider than six squares of its height takes more calls.
    """
    short = min(width, height)
    while side < short and len(tiles((0, 0, width, height), side, width, height)) > MAX_TILES:
        side += 1
    return side


def _padded_side(box: tuple[float, float, float, float], width: int, height: int) -> float:
    """Pixels of the longer side of a normalised box (x, y, w, h), with _MARGIN each way."""
    return max(box[2] * width, box[3] * height) * (1 + 2 * _MARGIN)


def _covered(inner: Region, outer: Region) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and inner[0] + inner[2] <= outer[0] + outer[2]
        and inner[1] + inner[3] <= outer[1] + outer[3]
    )


def plan_regions(
    boxes: Sequence[tuple[float, float, float, float]],
    width: int,
    height: int,
    limit: int | None = None,
    side: int = MIN_SIDE,
    people: Sequence[tuple[float, float, float, float]] = (),
) -> list[Region]:
    """Square regions of the full frame to run the detector on, for normalised boxes.

    Boxes (x, y, w, h) that overlap once widened are joined first, so a group is looked at
    as one. Squares are at least `side` (tile_side: smaller for small people). With more
    than `limit` squares, the whole frame is covered by squares of `side` instead (two for
    16:9 at native resolution): a crowd costs a bounded number of calls.

    people: boxes of people tracked, looked at like `boxes` (what moved); where a cluster
    holds any, they size its squares. What moved does only where nobody is tracked: in a
    crowd the motion of neighbours joins into blobs several people big, which made squares
    of the whole frame's height and hid small people from the network.
    """
    # [x0, y0, x1, y1, largest side of a moving box in it, of a person in it], pixels
    clusters: list[list[float]] = []
    for index, (x, y, w, h) in enumerate([*boxes, *people]):
        size = _padded_side((x, y, w, h), width, height)
        person = index >= len(boxes)
        box = [
            (x - w * _MARGIN) * width,
            (y - h * _MARGIN) * height,
            (x + w * (1 + _MARGIN)) * width,
            (y + h * (1 + _MARGIN)) * height,
            0.0 if person else size,
            size if person else 0.0,
        ]
        joined = True
        while joined:
            joined = False
            for other in clusters:
                if (
                    box[0] < other[2]
                    and other[0] < box[2]
                    and box[1] < other[3]
                    and other[1] < box[3]
                ):
                    clusters.remove(other)
                    box = [
                        min(box[0], other[0]),
                        min(box[1], other[1]),
                        max(box[2], other[2]),
                        max(box[3], other[3]),
                        max(box[4], other[4]),
                        max(box[5], other[5]),
                    ]
                    joined = True
                    break
        clusters.append(box)
    regions: list[Region] = []
    for x0, y0, x1, y1, moved, tracked in clusters:
        # The squares are sized for the biggest single thing in the cluster, not for the
        # cluster: a crowd is many small people, covered by many small squares.
        biggest = tracked or moved
        square = round(min(max(side, biggest), width, height))
        covered = (max(x0, 0), max(y0, 0), min(x1, width), min(y1, height))
        for region in tiles(covered, square, width, height):
            if not any(_covered(region, r) for r in regions):
                regions = [r for r in regions if not _covered(r, region)] + [region]
    whole = tiles((0, 0, width, height), whole_side(side, width, height), width, height)
    # Never more calls than looking at the whole frame: on a small frame (480x270) two
    # squares of its height cover everything, and three partly overlapping ones cost more.
    if len(regions) > (MAX_REGIONS if limit is None else limit) or len(regions) >= len(whole):
        return whole
    return regions


@dataclass(slots=True)
class PeopleStats:
    """What the people stage did, for health and benchmarks."""

    frames: int = 0
    inferred: int = 0
    regions: int = 0
    rested: int = 0


class PeopleStage:
    """One camera's motion gate, detector calls and tracker."""

    def __init__(
        self,
        detector: PersonDetector | None,
        fps: float,
        tracker: TrackerKind = "norfair",
        min_area: float = 0.0005,
        overhead: bool = False,
    ) -> None:
        """detector None: people are not analysed (the model could not be loaded).

        overhead: the camera looks straight down (config view "overhead").
        """
        self.detector = detector
        self.motion = MotionDetector()
        self.tracker = PersonTracker(fps, tracker, overhead=overhead)
        self.min_area = min_area
        self.stats = PeopleStats()
        self.detections: list[Box] = []
        self.regions: list[Region] = []
        self._swept: float | None = None
        # Side of the squares searched (tile_side): learnt from the people seen, and kept
        # while nobody is in view, since how big people look is a property of the view.
        self.side = MIN_SIDE
        self._enlarged = False
        # The owner's ignore areas (config.Mask): boxes whose feet stand in one are dropped
        # before tracking, so a mannequin or a poster is never a track, a count or an alarm.
        self.masks: tuple[Mask, ...] = ()
        # The counting lines: frames with someone near one are never rested (REST_LINE_HEIGHTS).
        self.lines: tuple[Line, ...] = ()
        self._rested = False

    @property
    def overhead(self) -> bool:
        """Whether the camera looks straight down (people searched turned, centre as feet)."""
        return self.tracker.overhead

    @overhead.setter
    def overhead(self, overhead: bool) -> None:
        self.tracker.overhead = overhead
        for track in self.tracker.tracks.values():
            track.overhead = overhead

    def reset_motion(self) -> None:
        """Forget the motion background (the view moved or changed shape)."""
        self.motion.reset()
        self.side = MIN_SIDE

    def update(
        self, frame: MatLike, small: MatLike, now: float, blind: bool = False
    ) -> list[Track]:
        """Analyse one frame (full resolution and its downscaled copy); return ended tracks.

        blind: the camera is covered or moved; nobody is detected and tracks run out.
        """
        self.stats.frames += 1
        moving = self.motion.apply(small, MOTION_MIN_AREA)
        self.detections = []
        self.regions = []
        if blind:
            return self.tracker.clear()
        if self.detector is None:
            return []
        height, width = frame.shape[:2]
        # Enlarged squares cost up to three times the calls of native ones; searched every
        # second analysed frame, small people are still found 2.5 times a second, which
        # their tracks carry over (on the crowded plaza clip: the same crossings matched
        # as on every frame, for half the extra calls).
        self._enlarged = self.side < MIN_SIDE and not self._enlarged and self.detector.enlarge
        side = self.side if self._enlarged else MIN_SIDE
        if (
            self.motion.global_change
            or self._swept is None
            or not 0 <= now - self._swept < SWEEP_SECONDS
        ):
            self._swept = now
            # Squares that hold the biggest person tracked: on an HD picture the frame's own
            # squares (738 px at 1920x1080) cut someone close to the camera, whose cut box
            # ended at the edge and moved their foot across a line and back.
            self.regions = tiles(
                (0, 0, width, height),
                whole_side(max(side, self._biggest(width, height)), width, height),
                width,
                height,
            )
        else:
            boxes = [(b.x, b.y, b.w, b.h) for b in moving]
            people = [t.box for t in self.tracker.tracks.values()]
            if not boxes and not people:
                return self.tracker.skip(now)
            if not self._rested and self._may_rest(boxes, width, height):
                self._rested = True
                self.stats.rested += 1
                return self.tracker.skip(now)
            self.regions = plan_regions(boxes, width, height, side=side, people=people)
        self._rested = False
        self.stats.inferred += 1
        self.stats.regions += len(self.regions)
        found = self.detector.detect_regions(
            frame, self.regions, OVERHEAD_TURNS if self.overhead else (0,)
        )
        self.detections = [b for b in found if b.w * b.h >= self.min_area and not self._masked(b)]
        if self.overhead:
            self.detections = [b for b in self.detections if self._plausible_overhead(b)]
        ended = self.tracker.update(self.detections, now, width / height)
        seen = [t.box[3] * height for t in self.tracker.confirmed() if t.misses == 0]
        if seen:
            self.side = tile_side(seen, width, height)
        return ended

    def _may_rest(
        self, moving: Sequence[tuple[float, float, float, float]], width: int, height: int
    ) -> bool:
        """Whether this frame can go without the detector (REST_LINE_HEIGHTS).

        Not seen from above (a passenger crosses an overhead door in five frames), nor while
        small people are searched in enlarged squares (a crowd, found anew every frame).
        """
        tracks = list(self.tracker.tracks.values())
        if self.overhead or self.side < MIN_SIDE or not tracks:
            return False
        if any(t.hits < self.tracker.min_hits or t.misses for t in tracks):
            return False
        for x, y, w, h in moving:
            cx, cy = x + w / 2, y + h / 2
            if not any(
                tx - tw * _MARGIN <= cx <= tx + tw * (1 + _MARGIN)
                and ty - th * _MARGIN <= cy <= ty + th * (1 + _MARGIN)
                for tx, ty, tw, th in (t.box for t in tracks)
            ):
                return False  # something moved where nobody is tracked: a newcomer
        # Judged as the rules judge a crossing: in the picture's heights, and only between the
        # line's ends (beyond them nobody is counted).
        for track in tracks:
            for line in self.lines:
                gap = line_gap(line, track.foot, width / height)
                if gap is not None and abs(gap) < REST_LINE_HEIGHTS * track.box[3]:
                    return False
        return True

    def _biggest(self, width: int, height: int) -> int:
        """Side (pixels) of a square that holds the biggest person tracked, with its margin.

        Never more than the frame's shorter side.
        """
        sizes = [_padded_side(t.box, width, height) for t in self.tracker.confirmed()]
        return round(min(max(sizes, default=0.0), width, height))

    def _plausible_overhead(self, box: Box) -> bool:
        """Whether a box found in an overhead view is a person's size and has moved."""
        if max(box.w, box.h) < OVERHEAD_MIN_SIDE:
            return False
        mask = self.motion.mask
        if mask is None or self.motion.global_change:
            return True
        height, width = mask.shape[:2]
        x0, y0 = int(box.x * width), int(box.y * height)
        x1, y1 = math.ceil((box.x + box.w) * width), math.ceil((box.y + box.h) * height)
        part = mask[max(y0, 0) : max(y1, 0), max(x0, 0) : max(x1, 0)]
        if part.size == 0:
            return False
        return float(np.count_nonzero(part)) / part.size >= OVERHEAD_MOVING

    def _masked(self, box: Box) -> bool:
        """Whether the box's foot point (where rules place a person) is ignored."""
        # Clamped just inside the picture: a box cut off by its bottom edge has its feet
        # beyond it, and an area the owner drew to the picture's edge must still hold them.
        bottom = box.y + box.h / 2 if self.overhead else box.y + box.h
        foot = (min(max(box.x + box.w / 2, 0.001), 0.999), min(max(bottom, 0.001), 0.999))
        return any(point_in_polygon(foot, mask.polygon) for mask in self.masks)
