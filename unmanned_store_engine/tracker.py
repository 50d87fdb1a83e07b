"""Multi-object tracking of detected people with a maintained library, and the tracks it makes.

The association itself (Kalman prediction, matching, track birth and death) is a library's:
Norfair by default, Roboflow `trackers` ByteTrack or SORT for comparison (docs/cameras.md,
"Trackers compared"). On the labelled real clips at 5 analysed fps the three were close
(crossings matched / false, people-in-view MAE: Norfair 38/6, 0.36; ByteTrack 43/8, 0.46;
SORT 42/8, 0.48 over 72 crossings); Norfair is used for the fewest false counts and the best
people count, for a matching distance that does not depend on the frame rate (box centres in
units of the person's height: IoU fails when a small walker moves a body width between
frames), and for its light dependencies. What is ours is that distance, and the Track record
the rules read: its box, its foot point smoothed along the path, and how long it has gone
unseen.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
import math
from typing import Any, Final, Literal, Protocol

import numpy as np
import numpy.typing as npt

from .detector import Box
from .motion import Blob

TrackerKind = Literal["bytetrack", "sort", "norfair"]
TRACKERS: Final[tuple[TrackerKind, ...]] = ("bytetrack", "sort", "norfair")
# Weight of the newest foot point in the smoothed one. Measured on the crowded plaza clip, a
# foot strays from the line through its neighbours by 0.03 of the person's height (median) and
# 0.1 (90th percentile): 0.7 keeps that under 0.075, inside the crossing band (rules.BAND,
# 0.1), and lags 0.4 of a frame; half-and-half lagged a whole frame, and a person lost soon
# after a line (leaving the picture, hidden by others) was counted late or not at all.
_SMOOTH: Final = 0.7
# A steady walker's foot is not smoothed: smoothing lagged their count by a frame, and most
# false counts on the crowds were real crossings counted more than 1 s late. Steady: the last
# two steps each at least STEADY_STEP of the person's height (a standing person's foot
# strays 0.03 of it, 0.1 at the 90th percentile), turning by less than 90 degrees, neither
# more than STEADY_RATIO times the other (a box jumping between body parts, or to a
# neighbour, stays smoothed). Over the 18 labelled clips: 107 -> 108 of 131 matched, 7 -> 5
# false counts (no smoothing for anyone: 112 matched, 15 false).
STEADY_STEP: Final = 0.1
STEADY_RATIO: Final = 3.0
# The analysis rate every per-frame figure here and in rules.py was measured at (smoothing,
# a steady step, points and frames counted): at another rate each frame is worth PACE_FPS /
# rate of those frames (Track.pace), so a walk is judged over the same time and distance.
PACE_FPS: Final = 5.0
# A track seen within this many analysed frames (at PACE_FPS) is a person in view: a single
# missed detection must not make a person blink out of the count.
VISIBLE_MISSES: Final = 2
# How long a track survives unseen: people standing in a group are missed by the detector for
# a second or two now and then, and a new id restarts their loitering timer.
LOST_SECONDS = 1.5


@dataclass(slots=True)
class Track:
    """One person followed over time (normalised coordinates, media time)."""

    id: int
    box: tuple[float, float, float, float]
    score: float
    first_seen: float
    last_seen: float
    hits: int = 1
    misses: int = 0
    person: bool | None = True
    foot_smooth: tuple[float, float] = (0.0, 0.0)
    height_smooth: float = 0.0
    # Recent foot points: a walking person's go somewhere; a flickering flame's stay put.
    path: deque[tuple[float, float]] = field(default_factory=lambda: deque(maxlen=30))
    # The box it was first seen with: someone first found touching the picture's edge walked
    # into the picture there.
    first_box: tuple[float, float, float, float] | None = None
    # Seen from straight above (camera view "overhead"), the body hides the feet and the
    # person stands under the middle of their outline: the box centre is where they are.
    overhead: bool = False
    # Whether the newest foot point continued a steady walk (STEADY_STEP): such a foot is
    # not smoothed, and the rules judge its crossings with a narrower band.
    steady: bool = False
    # Seconds between the last two sightings: the newest step's duration (a person missed in
    # between took two frames' time over it).
    step_seconds: float = 0.0
    # The detector's highest score for it, and where it first stood: how sure, and how far it
    # went (the rules' intrusion asks both).
    best_score: float = 0.0
    first_foot: tuple[float, float] | None = None
    # PACE_FPS / the rate its frames come at: 1 at 5 fps, 0.5 at 10 (PersonTracker sets it).
    pace: float = 1.0

    @property
    def blob(self) -> Blob:
        """The current box as a Blob (what the flame stage ignores change inside)."""
        x, y, w, h = self.box
        return Blob(x, y, w, h, w * h)

    @property
    def centre(self) -> tuple[float, float]:
        """The box centre."""
        x, y, w, h = self.box
        return (x + w / 2, y + h / 2)

    @property
    def foot(self) -> tuple[float, float]:
        """Where a person stands: the bottom centre of the box (its centre seen from above)."""
        x, y, w, h = self.box
        return (x + w / 2, y + h / 2 if self.overhead else y + h)

    def observe(self, box: Box, now: float) -> None:
        """A detection was matched to this track in the frame at media time now."""
        self.box = (box.x, box.y, box.w, box.h)
        self.score = box.score
        self.best_score = max(self.best_score, box.score)
        self.step_seconds = now - self.last_seen
        self.last_seen = now
        self.misses = 0
        # The detector draws the feet of someone cut by the picture's edge beyond it; where
        # they stand is then the edge itself (a zone covering the whole picture holds them).
        fx, fy = self.foot
        foot = (min(max(fx, 0.0), 0.999), min(max(fy, 0.0), 0.999))
        if not self.path:
            self.first_box = self.box
            self.first_foot = foot
            self.foot_smooth = foot
            self.height_smooth = box.h
        else:
            self.steady = self._steady(foot, box.h)
            smooth = paced(_SMOOTH, self.pace)
            weight = 1.0 if self.steady else smooth
            fx, fy = self.foot_smooth
            self.foot_smooth = (
                fx + weight * (foot[0] - fx),
                fy + weight * (foot[1] - fy),
            )
            self.height_smooth += smooth * (box.h - self.height_smooth)
        self.path.append(foot)

    def _steady(self, foot: tuple[float, float], height: float) -> bool:
        """Whether the new foot point continues a steady walk (see STEADY_STEP)."""
        if len(self.path) < 2:
            return False
        (ax, ay), (bx, by) = self.path[-2], self.path[-1]
        before = (bx - ax, by - ay)
        now = (foot[0] - bx, foot[1] - by)
        a, b = math.hypot(*before), math.hypot(*now)
        return (
            min(a, b) >= STEADY_STEP * height * self.pace
            and before[0] * now[0] + before[1] * now[1] > 0
            and max(a, b) <= STEADY_RATIO * min(a, b)
        )


def paced(weight: float, pace: float) -> float:
    """A per-frame smoothing weight measured at PACE_FPS, for frames worth `pace` of those
    (the same decay per second)."""
    return weight if pace == 1.0 else 1.0 - (1.0 - weight) ** pace


def paced_frames(count: int, pace: float) -> int:
    """How many frames at this pace span the time of `count` frames at PACE_FPS."""
    return count if pace == 1.0 else max(1, round(count / pace))


class _Backend(Protocol):
    def update(self, boxes: Sequence[Box], aspect: float = 1.0) -> list[tuple[int, int]]:
        """(track id, index of the box it matched) for each track seen in this frame."""


# The libraries' Kalman filters have noise tuned for pixels: in normalised units (0..1) their
# process noise was as large as the picture, the predictions wandered, and a crowd's tracks
# broke every few frames (11 of 38 crossings on the plaza clip, 23 once in pixels).
_SCALE: Final = 1000.0


def _xyxy(boxes: Sequence[Box]) -> npt.NDArray[np.float32]:
    return (
        np.array([[b.x, b.y, b.x + b.w, b.y + b.h] for b in boxes], dtype=np.float32).reshape(-1, 4)
        * _SCALE
    )


def _match_back(boxes: Sequence[Box], xyxy: npt.NDArray[np.float32]) -> list[int]:
    """Index of the input box each output row came from (libraries reorder their output)."""
    if not boxes:
        return []
    source = _xyxy(boxes)
    return [int(np.abs(source - row).sum(axis=1).argmin()) for row in xyxy]


class _Trackers:
    """Roboflow `trackers` (Apache-2.0): ByteTrack or SORT, for the comparison benchmark."""

    def __init__(self, kind: TrackerKind, fps: float, lost_seconds: float) -> None:
        import supervision as sv  # heavy: imported only when a camera runs
        from trackers import ByteTrackTracker, SORTTracker

        self._sv = sv
        # The library keeps a lost track for lost_track_buffer * frame_rate / 30 frames: the
        # buffer is in frames at 30 fps, whatever the rate (a buffer in frames at 5 fps kept
        # tracks for one frame, and ByteTrack lost everyone between two detections).
        buffer = max(1, round(lost_seconds * 30))
        self._tracker: Any
        if kind == "sort":
            self._tracker = SORTTracker(
                lost_track_buffer=buffer,
                frame_rate=fps,
                track_activation_threshold=0.5,
                minimum_consecutive_frames=2,
                minimum_iou_threshold=0.1,
            )
        else:
            self._tracker = ByteTrackTracker(
                lost_track_buffer=buffer,
                frame_rate=fps,
                track_activation_threshold=0.5,
                minimum_consecutive_frames=2,
                minimum_iou_threshold=0.1,
                high_conf_det_threshold=0.5,
            )

    def update(self, boxes: Sequence[Box], aspect: float = 1.0) -> list[tuple[int, int]]:
        del aspect  # IoU is the same in normalised units as in pixels
        sv = self._sv
        if boxes:
            detections = sv.Detections(
                xyxy=_xyxy(boxes),
                confidence=np.array([b.score for b in boxes], dtype=np.float32),
                class_id=np.zeros(len(boxes), dtype=int),
            )
        else:
            detections = sv.Detections.empty()
        out = self._tracker.update(detections)
        ids = [] if out.tracker_id is None else [int(i) for i in out.tracker_id]
        rows = _match_back(boxes, np.asarray(out.xyxy, dtype=np.float32))
        return [(tid, row) for tid, row in zip(ids, rows, strict=True) if tid >= 0]


NORFAIR_THRESHOLD = 1.0
NORFAIR_MIN_SCORE = 0.55
# Norfair reports a track from its first detection; the engine confirms it after two (min_hits),
# and the rules take the side a confirmed track came from from its first foot point.
INIT_DELAY = 0


@dataclass(frozen=True, slots=True)
class _Seen:
    """What the distance needs of a detection, worked out once per frame, not once per pair."""

    row: int
    x: float
    y: float
    height: float


def _body_distance(detection: Any, tracked: Any) -> float:
    """Distance of box centres in the detected person's heights.

    IoU fails at 5 analysed fps: a small person walking moves a body width between frames and
    their boxes no longer overlap. In body heights the step is about 0.15 whatever the
    person's size on screen, and a neighbour is usually more than half a height away.

    The definition; the tracker uses _body_distances, the same for a whole frame at once.
    """
    seen: _Seen = detection.data
    (x1, y1), (x2, y2) = tracked.estimate.tolist()
    # A box more than twice or less than half the tracked person's height is someone or
    # something else: seen from above, a person with their shadow (a box most of the picture
    # tall whose "feet" are far from theirs), or a seated neighbour's half body. Continuing
    # the track with it moved its feet across lines and counted crossings nobody made.
    tracked_height = abs(y2 - y1)
    if tracked_height > 0 and not 0.5 <= seen.height / tracked_height <= 2.0:
        return NORFAIR_THRESHOLD + 1  # Norfair's "never match" (it stops on inf)
    return math.hypot((x1 + x2) / 2 - seen.x, (y1 + y2) / 2 - seen.y) / seen.height


# How far np.hypot may stray from math.hypot, relatively (a bit in the last place, 1e-16):
# pairs within this of the threshold get math.hypot's own answer.
_HYPOT_SLACK: Final = 1e-9


def _body_distances(
    seen: npt.NDArray[np.float64], estimates: npt.NDArray[np.float64], threshold: float
) -> npt.NDArray[np.float32]:
    """_body_distance for every detection and tracked object, as Norfair's matrix holds it.

    seen: each detection's (x, y, height) of _Seen (rows); estimates: each tracked object's
    estimate, flattened (x1, y1, x2, y2) (columns). An entry is the distance where it is at
    most threshold, else threshold + 1, in float32: what Norfair's Tracker._get_distances
    makes of the scalar function pair by pair (a crowd of 30 is 900 Python calls a frame).

    Bit for bit the same: the same float64 operations in the same order, except that
    np.hypot (the C library's) differs from math.hypot (CPython's own) in the last bit for
    about one pair in 170, which can move a distance of exactly the threshold across it.
    That bit matters only near or under the threshold, so math.hypot gives the distance of
    those pairs: one or two per detection in a crowd, not one per track.
    """
    x, y, height = seen[:, 0:1], seen[:, 1:2], seen[:, 2:3]
    x1, y1, x2, y2 = estimates.T
    tracked_height = np.abs(y2 - y1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = height / tracked_height
    other = (tracked_height > 0) & ((ratio < 0.5) | (ratio > 2.0))
    dx = (x1 + x2) / 2 - x
    dy = (y1 + y2) / 2 - y
    rough = np.hypot(dx, dy) / height
    near = ~other & (rough * (1 - _HYPOT_SLACK) <= threshold)
    out = np.full(rough.shape, threshold + 1, dtype=np.float32)
    rows, cols = np.nonzero(near)
    if rows.size:
        pairs = zip(dx[rows, cols].tolist(), dy[rows, cols].tolist(), strict=True)
        exact = np.array([math.hypot(a, b) for a, b in pairs]) / height[rows, 0]
        out[rows, cols] = np.where(exact > threshold, threshold + 1, exact)
    return out


class _Norfair:
    """Norfair (BSD-3-Clause): Kalman-filtered points matched by a distance function."""

    def __init__(self, fps: float, lost_seconds: float) -> None:
        import norfair  # heavy: imported only when a camera runs

        from .tracker_norfair import BodyTracker

        self._norfair = norfair
        self._tracker = BodyTracker(
            distance_threshold=NORFAIR_THRESHOLD,
            hit_counter_max=max(2, round(lost_seconds * fps)),
            initialization_delay=INIT_DELAY,
        )

    def set_misses(self, misses: int) -> None:
        """How many frames unseen an object survives, for those under way too: one kept
        shorter here than by the rules' track would come back under a new id, a new track."""
        limit = max(2, misses)
        self._tracker.hit_counter_max = limit
        for obj in self._tracker.tracked_objects:
            obj.hit_counter_max = limit

    def update(self, boxes: Sequence[Box], aspect: float = 1.0) -> list[tuple[int, int]]:
        nf = self._norfair
        # Points in units of the frame's height on both axes: in normalised units a step
        # across a 16:9 picture looked 1.8 times shorter than the same step down it, and a
        # track whose person left at the side jumped to someone else across the picture
        # (counted out, in and out again near a school corridor's camera).
        stretch = np.array([aspect, 1.0]) * _SCALE
        # Weak boxes (the detector's threshold is low for ByteTrack's sake) neither start nor
        # feed a track here.
        kept = [(index, b) for index, b in enumerate(boxes) if b.score >= NORFAIR_MIN_SCORE]
        detections = []
        if kept:
            corners = (
                np.array([[b.x, b.y, b.x + b.w, b.y + b.h] for _, b in kept]).reshape(-1, 2, 2)
                * stretch
            )
            for (index, b), points, (x1, y1, x2, y2) in zip(
                kept, corners, corners.reshape(-1, 4).tolist(), strict=True
            ):
                seen = _Seen(index, (x1 + x2) / 2, (y1 + y2) / 2, max(y2 - y1, 1.0))
                scores = np.array([b.score, b.score])
                detections.append(nf.Detection(points, scores=scores, data=seen))
        self._tracker.update(detections)
        out: list[tuple[int, int]] = []
        fresh = {id(d) for d in detections}
        for obj in self._tracker.tracked_objects:
            last = obj.last_detection
            if last is None or id(last) not in fresh:
                continue
            # Norfair's hit counter starts at 1 and gains 2 per hit, so a track seen once
            # or twice died after one or two missed frames, while the Track here waited
            # lost_seconds for it: in a crowd (a person missed one frame in three) every
            # young track was a ghost, the person came back under a new id and the side of
            # the line they came from was forgotten (7 of 27 missed crossings on the plaza
            # clip). Every sighting restores the full allowance: a person is kept
            # lost_seconds after they were last seen, whatever the track's age.
            obj.hit_counter = self._tracker.hit_counter_max
            if obj.id is not None:
                out.append((int(obj.id), last.data.row))
        return out


class PersonTracker:
    """Detections in, tracks out; confirmed tracks are what the rules and `people` see."""

    def __init__(
        self,
        fps: float,
        kind: TrackerKind = "norfair",
        lost_seconds: float = LOST_SECONDS,
        min_hits: int = 2,
        overhead: bool = False,
    ) -> None:
        """lost_seconds: how long a track survives unseen (occlusions, a missed detection).

        overhead: the camera looks straight down; a track's foot point is its box centre.
        """
        self.kind = kind
        self.overhead = overhead
        self.fps = fps
        self.pace = PACE_FPS / fps
        # Confirmation after min_hits frames at PACE_FPS, the same time at any rate (two
        # frames at 10 fps confirmed a box seen for 0.1 s).
        self._min_hits = min_hits
        self.min_hits = paced_frames(min_hits, self.pace)
        self._lost_seconds = lost_seconds
        self._max_misses = max(1, round(lost_seconds * fps))
        self._backend = self._new_backend()
        self.tracks: dict[int, Track] = {}

    def _new_backend(self) -> _Backend:
        if self.kind == "norfair":
            return _Norfair(self.fps, self._lost_seconds)
        return _Trackers(self.kind, self.fps, self._lost_seconds)

    def set_rate(self, fps: float) -> None:
        """The rate frames really come at, when it is not the camera's `fps` (a slow source
        whose every frame is analysed, see pipeline.EVERY_FRAME_BELOW): a track is still lost
        after lost_seconds, not after as many frames as that is at `fps`.

        A live stream's consumer calls this on every frame: nothing is done when the rate
        stays the same."""
        if fps == self.fps:
            return
        self.fps = fps
        self.pace = PACE_FPS / fps
        self.min_hits = paced_frames(self._min_hits, self.pace)
        for track in self.tracks.values():
            track.pace = self.pace
        misses = max(1, round(self._lost_seconds * fps))
        if misses == self._max_misses:
            return
        self._max_misses = misses
        if isinstance(self._backend, _Norfair):
            self._backend.set_misses(misses)
        elif not self.tracks:
            self._backend = self._new_backend()

    def update(self, boxes: Sequence[Box], now: float, aspect: float = 1.0) -> list[Track]:
        """Feed one analysed frame's detections; return the tracks that ended.

        aspect: the frame's width / height (boxes are in fractions of each).
        """
        seen: set[int] = set()
        for track_id, index in self._backend.update(boxes, aspect):
            box = boxes[index]
            track = self.tracks.get(track_id)
            if track is None:
                track = Track(
                    track_id,
                    (box.x, box.y, box.w, box.h),
                    box.score,
                    now,
                    now,
                    hits=0,
                    overhead=self.overhead,
                    pace=self.pace,
                )
                self.tracks[track_id] = track
            track.hits += 1
            track.observe(box, now)
            seen.add(track_id)
        ended: list[Track] = []
        for track_id in [t for t in self.tracks if t not in seen]:
            track = self.tracks[track_id]
            track.misses += 1
            if track.misses > self._max_misses:
                ended.append(self.tracks.pop(track_id))
        return ended

    def skip(self, now: float) -> list[Track]:
        """A frame with no inference (nothing moved, nobody tracked): ages nothing.

        The libraries count frames, not seconds; a frame the detector never looked at is not
        evidence that someone left, so tracks are neither aged nor predicted forward.
        """
        del now
        return []

    def confirmed(self) -> list[Track]:
        """Tracks seen often enough to be real."""
        return [t for t in self.tracks.values() if t.hits >= self.min_hits]

    def visible(self) -> list[Track]:
        """Confirmed tracks seen within VISIBLE_MISSES analysed frames: people in view."""
        return [t for t in self.confirmed() if t.misses <= paced_frames(VISIBLE_MISSES, t.pace)]

    def clear(self) -> list[Track]:
        """Drop every track (after a tamper), returning them."""
        ended = list(self.tracks.values())
        self.tracks.clear()
        return ended


def travelled(track: Track, frames: int = 6, spread: float = 0.04) -> bool:
    """Whether a track's foot went somewhere in its last frames (a person, not a flicker)."""
    recent = list(track.path)[-frames:]
    (x0, y0), (x1, y1) = recent[0], recent[-1]
    return track.misses == 0 and (abs(x1 - x0) > spread or abs(y1 - y0) > 2 * spread)
