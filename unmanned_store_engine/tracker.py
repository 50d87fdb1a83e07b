"""Centroid tracking: blobs from consecutive analysed frames joined into tracks with ids."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
import math

from .motion import Blob


@dataclass(slots=True)
class Track:
    """One moving thing followed over time (normalised coordinates, media time)."""

    id: int
    blob: Blob
    first_seen: float
    last_seen: float
    hits: int = 1
    misses: int = 0
    person: bool | None = None
    last_verified: float = -math.inf
    # Recent foot points: a walking person's move; a flickering flame's stay put.
    path: deque[tuple[float, float]] = field(default_factory=lambda: deque(maxlen=30))

    @property
    def centre(self) -> tuple[float, float]:
        """Where the track is now."""
        return self.blob.centre

    @property
    def foot(self) -> tuple[float, float]:
        """Bottom centre of the box: where a person stands, and where a flame is rooted."""
        return (self.blob.x + self.blob.w / 2, self.blob.y + self.blob.h)


class CentroidTracker:
    """Greedy nearest-centre matching; cheap enough for a Raspberry-Pi-class box."""

    def __init__(self, max_distance: float = 0.15, max_misses: int = 5, min_hits: int = 2) -> None:
        """max_distance is per analysed frame, as a fraction of the frame diagonal's axes."""
        self.max_distance = max_distance
        self.max_misses = max_misses
        self.min_hits = min_hits
        self.tracks: dict[int, Track] = {}
        self._next_id = 1

    def update(self, blobs: list[Blob], now: float) -> list[Track]:
        """Match blobs to tracks; return the tracks that ended (missing too long)."""
        pairs: list[tuple[float, int, int]] = []
        for track_id, track in self.tracks.items():
            tx, ty = track.centre
            for index, blob in enumerate(blobs):
                bx, by = blob.centre
                distance = math.hypot(tx - bx, ty - by)
                if distance <= self.max_distance:
                    pairs.append((distance, track_id, index))
        pairs.sort()
        used_tracks: set[int] = set()
        used_blobs: set[int] = set()
        for _, track_id, index in pairs:
            if track_id in used_tracks or index in used_blobs:
                continue
            used_tracks.add(track_id)
            used_blobs.add(index)
            track = self.tracks[track_id]
            track.blob = blobs[index]
            track.last_seen = now
            track.hits += 1
            track.misses = 0
            track.path.append(track.foot)
        ended: list[Track] = []
        for track_id in [t for t in self.tracks if t not in used_tracks]:
            track = self.tracks[track_id]
            track.misses += 1
            if track.misses > self.max_misses:
                ended.append(self.tracks.pop(track_id))
        for index, blob in enumerate(blobs):
            if index not in used_blobs:
                track = Track(self._next_id, blob, now, now)
                track.path.append(track.foot)
                self.tracks[track.id] = track
                self._next_id += 1
        return ended

    def confirmed(self) -> list[Track]:
        """Tracks seen often enough to be real; a brief miss does not drop them from counts."""
        return [t for t in self.tracks.values() if t.hits >= self.min_hits]

    def clear(self) -> list[Track]:
        """Drop every track (after a tamper or a reset), returning them."""
        ended = list(self.tracks.values())
        self.tracks.clear()
        return ended
