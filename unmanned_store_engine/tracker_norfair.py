"""Norfair's Tracker with our body distance worked out once per frame, not once per pair.

Norfair 2.1.1 calls the distance function in Python for every detection and tracked object
(in a crowd of 30, 900 calls a frame, each also building the object's estimate), and updates
a matched object through general code for partly seen keypoints, building its matrices every
time. Here the same numbers come from numpy a frame at a time (tracker._body_distances) and a
matched object's update skips the steps that change nothing when every point is seen, as
ours always are. The same tracks, bit for bit, on all the labelled clips; the tracker's CPU
per analysed frame went from 3.2 to 1.2 ms on the plaza crowd, 1.24 to 0.51 ms over the six
clips of benchmarks/engine_cpu.py.

This overrides Norfair's private Tracker._get_distances, and TrackedObject.hit through the
private object factory Tracker.update creates objects with. Norfair is pinned
(requirements_engine.txt); tests/engine/test_engine_tracker_norfair.py fails if these change
shape, and compares the results with Norfair's own code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from norfair.tracker import TrackedObject, Tracker, _TrackedObjectFactory
import numpy as np
import numpy.typing as npt

from .tracker import _body_distance, _body_distances

# Below this many detection-track pairs, Norfair's loop of _body_distance is the cheaper
# (measured: 27 us for 3 x 3 pairs against 31 us whole-frame, 42 against 33 for 3 x 4).
_FEW_PAIRS = 10


class _BodyObject(TrackedObject):  # type: ignore[misc]  # Norfair has no type hints
    hit_counter: int
    is_initializing: bool

    def hit(self, detection: Any, period: int = 1) -> None:
        """TrackedObject.hit, without its no-ops when every point is seen, now and before."""
        scores = detection.scores
        if (
            scores is None
            or not (scores > self.detection_threshold).all()
            or not self.detected_at_least_once_points.all()
        ):
            super().hit(detection, period)
            return
        self._conditionally_add_to_past_detections(detection)
        self.last_detection = detection
        self.hit_counter = min(self.hit_counter + 2 * period, self.hit_counter_max)
        if self.is_initializing and self.hit_counter > self.initialization_delay:
            self.is_initializing = False
            self._acquire_ids()
        # In place, as Norfair does; np.clip's wrapper cost more than the rest of this.
        counter = self.point_hit_counter
        counter += 2 * period
        np.minimum(counter, self.pointwise_hit_counter_max, out=counter)
        np.maximum(counter, 0, out=counter)
        # Every sensor measured: Norfair's H is the identity over the positions, which its
        # filter reads as the diagonal of ones it assumes when given none. No point is seen
        # for the first time, so nothing is reset after the update.
        self.filter.update(detection.absolute_points.reshape(-1, 1), None, None)


class _BodyObjectFactory(_TrackedObjectFactory):  # type: ignore[misc]  # no type hints
    def create(self, **kwargs: Any) -> _BodyObject:
        return _BodyObject(obj_factory=self, **kwargs)


class BodyTracker(Tracker):  # type: ignore[misc]  # Norfair has no type hints
    """norfair.Tracker matching detections by tracker._body_distance."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(distance_function=_body_distance, **kwargs)
        self._obj_factory = _BodyObjectFactory()

    def _get_distances(
        self,
        distance_function: Callable[[Any, Any], float],
        distance_threshold: float,
        objects: Sequence[Any],
        candidates: Sequence[Any],
    ) -> npt.NDArray[np.float32]:
        # Norfair's own loop for a few pairs (numpy's fixed cost is that of about ten calls),
        # and for anything else: another distance (a re-identification one), labelled
        # detections (never matched across labels), moving-camera coordinates.
        if (
            distance_function is not _body_distance
            or len(candidates) * len(objects) < _FEW_PAIRS
            or any(c.label is not None for c in candidates)
            or any(o.label is not None or o.abs_to_rel is not None for o in objects)
        ):
            matrix: npt.NDArray[np.float32] = super()._get_distances(
                distance_function, distance_threshold, objects, candidates
            )
            return matrix
        seen = np.array([(c.data.x, c.data.y, c.data.height) for c in candidates])
        # Each estimate is the filter's state up to dim_z: the points, flattened.
        estimates = np.concatenate([o.filter.x[: o.dim_z] for o in objects], axis=1).T
        return _body_distances(seen, estimates, distance_threshold)
