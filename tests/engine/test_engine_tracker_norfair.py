"""The tracker's faster Norfair (tracker_norfair) against Norfair's own code, number for number.

tracker_norfair overrides private parts of Norfair 2.1.1 (pinned); these tests fail loudly if
those change shape, and check that the whole-frame distances and the shortened update give
exactly what Norfair's loops give with the scalar tracker._body_distance.
"""

from __future__ import annotations

from importlib.metadata import version
import inspect
import math
from types import SimpleNamespace
from typing import Any

import norfair
from norfair.tracker import TrackedObject, Tracker, _TrackedObjectFactory
import numpy as np
import numpy.typing as npt
import pytest

from unmanned_store_engine.detector import Box
from unmanned_store_engine.tracker import (
    NORFAIR_THRESHOLD,
    PersonTracker,
    _body_distance,
    _body_distances,
    _Norfair,
    _Seen,
)
from unmanned_store_engine.tracker_norfair import BodyTracker, _BodyObject


def test_norfair_internals_have_the_shape_overridden() -> None:
    """A new Norfair must be read again before tracker_norfair is trusted with it."""
    assert version("norfair") == "2.1.1"
    params = list(inspect.signature(Tracker._get_distances).parameters)
    assert params == ["self", "distance_function", "distance_threshold", "objects", "candidates"]
    assert list(inspect.signature(TrackedObject.hit).parameters) == ["self", "detection", "period"]
    assert "self._obj_factory.create(" in inspect.getsource(Tracker.update)
    assert "self._get_distances(" in inspect.getsource(Tracker._update_objects_in_place)
    # The estimate the distance reads is the filter's state up to dim_z, as the override reads.
    tracker = BodyTracker(distance_threshold=1.0, hit_counter_max=8, initialization_delay=0)
    points = np.array([[10.0, 20.0], [30.0, 60.0]])
    tracker.update([norfair.Detection(points, scores=np.array([0.9, 0.9]))])
    (obj,) = tracker.tracked_objects
    assert isinstance(obj, _BodyObject)
    assert obj.dim_z == 4
    assert np.array_equal(obj.estimate.ravel(), obj.filter.x[: obj.dim_z, 0])


def _capped_by_norfair(
    seen: list[_Seen], estimates: npt.NDArray[np.float64]
) -> npt.NDArray[np.float32]:
    """Norfair's own matrix: its pair-by-pair loop over the scalar distance."""
    candidates = [SimpleNamespace(label=None, data=s) for s in seen]
    objects = [SimpleNamespace(label=None, estimate=e.reshape(2, 2)) for e in estimates]
    tracker = Tracker(distance_function=_body_distance, distance_threshold=NORFAIR_THRESHOLD)
    matrix: npt.NDArray[np.float32] = Tracker._get_distances(
        tracker, _body_distance, NORFAIR_THRESHOLD, objects, candidates
    )
    return matrix


def _vectorised(seen: list[_Seen], estimates: npt.NDArray[np.float64]) -> npt.NDArray[np.float32]:
    rows = np.array([(s.x, s.y, s.height) for s in seen])
    return _body_distances(rows, estimates, NORFAIR_THRESHOLD)


# (dx, dy, height) at the threshold where np.hypot and math.hypot disagree in the last bit:
# the scalar distance is exactly 1.0 (matchable) but np.hypot's 1.0000000000000002 (not), and
# the other way round. Found by searching random triangles.
_HYPOT_EDGES = [
    (36.451597884532084, 44.016437451498355, 57.15037842619496),
    (55.292773100247324, 217.28373598456733, 224.20863649852248),
    (74.39381577524195, 202.42355269493473, 215.66115670477066),
]


def _edge_cases() -> tuple[list[_Seen], list[list[float]]]:
    """Pairs on each edge, detection i against object i."""
    seen: list[_Seen] = []
    boxes: list[list[float]] = []

    def pair(x: float, y: float, height: float, box: list[float]) -> None:
        seen.append(_Seen(len(seen), x, y, height))
        boxes.append(box)

    for dx, dy, height in _HYPOT_EDGES:
        # Centre exactly (dx, dy) from the detection at the origin, tracked height 2 dy.
        pair(0.0, 0.0, height, [dx, 0.0, dx, 2 * dy])
    # 3-4-5: exactly the threshold, and a bit either side of it.
    for h in (50.0, np.nextafter(50.0, 0.0), np.nextafter(50.0, 100.0)):
        pair(1000.0, 1000.0, float(h), [1030.0, 990.0, 1030.0, 1090.0])
    # Height ratios 0.5 and 2 (still matchable), and a bit beyond either.
    for tracked in (200.0, 50.0, np.nextafter(200.0, 300.0), np.nextafter(50.0, 0.0)):
        pair(500.0, float(tracked) / 2, 100.0, [490.0, 0.0, 510.0, float(tracked)])
    # A tracked box of no height (no ratio to judge), near and far.
    pair(200.0, 200.0, 80.0, [210.0, 230.0, 230.0, 230.0])
    pair(200.0, 200.0, 80.0, [410.0, 230.0, 430.0, 230.0])
    return seen, boxes


def test_edge_cases_equal_norfairs_own_matrix() -> None:
    for dx, dy, height in _HYPOT_EDGES:
        assert (math.hypot(dx, dy) / height <= 1.0) != (np.hypot(dx, dy) / height <= 1.0)
    seen, boxes = _edge_cases()
    estimates = np.array(boxes)
    expected = _capped_by_norfair(seen, estimates)
    got = _vectorised(seen, estimates)
    assert got.dtype == expected.dtype == np.float32
    assert got.tobytes() == expected.tobytes()
    diagonal = [float(v) for v in np.diagonal(expected)]
    # The hypot edges: 1.0 where math.hypot says so, never-match otherwise (np.hypot says the
    # opposite on each: the test fails with np.hypot alone).
    assert diagonal[:3] == [1.0, 1.0, 2.0]
    # 3-4-5 at the threshold: a hair shorter a height is beyond it, a hair taller is just
    # under it (1.0 in float32).
    assert diagonal[3:6] == [1.0, 2.0, 1.0]
    assert diagonal[6:10] == [0.0, 0.0, 2.0, 2.0]
    assert diagonal[10] == pytest.approx(math.hypot(20, 30) / 80, rel=1e-7)
    assert diagonal[11] == 2.0


@pytest.mark.parametrize("seed", range(5))
def test_random_crowds_equal_norfairs_own_matrix(seed: int) -> None:
    """Detections and tracked boxes of a crowd, many pairs near the threshold."""
    rng = np.random.default_rng(seed)
    n, m = 40, 60
    heights = rng.uniform(20.0, 400.0, n)
    seen = [
        _Seen(i, float(x), float(y), float(h))
        for i, (x, y, h) in enumerate(
            zip(rng.uniform(0, 1800, n), rng.uniform(0, 1000, n), heights, strict=True)
        )
    ]
    # Each tracked box near a random detection: 0 to 1.3 of its height away, 0.3 to 3 times
    # as tall (inside and outside the height ratio's range), a few of no height.
    near = rng.integers(0, n, m)
    reach = heights[near] * rng.uniform(0.0, 1.3, m)
    angle = rng.uniform(0, 2 * np.pi, m)
    cx = np.array([seen[i].x for i in near]) + reach * np.cos(angle)
    cy = np.array([seen[i].y for i in near]) + reach * np.sin(angle)
    tall = heights[near] * rng.uniform(0.3, 3.0, m)
    tall[rng.random(m) < 0.05] = 0.0
    wide = tall * 0.4
    estimates = np.stack([cx - wide / 2, cy - tall / 2, cx + wide / 2, cy + tall / 2], axis=1)
    expected = _capped_by_norfair(seen, estimates)
    assert 0.02 < (expected <= NORFAIR_THRESHOLD).mean() < 0.5
    assert _vectorised(seen, estimates).tobytes() == expected.tobytes()


def _walkers(seed: int, frames: int = 60) -> list[list[Box]]:
    """A crowd crossing the picture: walkers at various sizes, missed now and then."""
    rng = np.random.default_rng(seed)
    people = [
        (
            rng.uniform(0, 1),
            rng.uniform(0.1, 0.8),
            rng.uniform(-0.02, 0.02),
            rng.uniform(-0.01, 0.01),
            rng.uniform(0.05, 0.3),
        )
        for _ in range(25)
    ]
    out = []
    for f in range(frames):
        boxes = []
        for x, y, vx, vy, h in people:
            if rng.random() < 0.2:
                continue
            jitter = rng.normal(0, 0.004, 4)
            boxes.append(
                Box(
                    float(rng.uniform(0.4, 0.95)),
                    float(x + vx * f + jitter[0]),
                    float(y + vy * f + jitter[1]),
                    float(h * 0.4 + jitter[2]),
                    float(h * (1 + rng.choice([0.0, 0.0, 0.0, 1.5, -0.6])) + jitter[3]),
                )
            )
        out.append(boxes)
    return out


def _state(tracker: Tracker) -> list[tuple[Any, ...]]:
    return [
        (
            o.id,
            o.initializing_id,
            o.hit_counter,
            o.is_initializing,
            o.age,
            o.filter.x.tobytes(),
            o.filter.pos_variance.tobytes(),
            o.filter.pos_vel_covariance.tobytes(),
            o.filter.vel_variance.tobytes(),
            o.point_hit_counter.tolist(),
            o.detected_at_least_once_points.tolist(),
            o.last_detection.data.row,
            len(o.past_detections),
        )
        for o in tracker.tracked_objects
    ]


@pytest.mark.parametrize("seed", range(3))
def test_the_tracker_follows_a_crowd_as_norfair_itself_does(seed: int) -> None:
    """Frame by frame, the same objects in the same Kalman states (bytes) as with Norfair's
    stock Tracker and TrackedObject on the scalar distance."""
    fast = _Norfair(5.0, 1.5)
    stock = _Norfair(5.0, 1.5)
    stock._tracker = Tracker(
        distance_function=_body_distance,
        distance_threshold=NORFAIR_THRESHOLD,
        hit_counter_max=fast._tracker.hit_counter_max,
        initialization_delay=fast._tracker.initialization_delay,
    )
    assert type(fast._tracker) is BodyTracker
    assert type(stock._tracker._obj_factory) is _TrackedObjectFactory
    matched = 0
    for boxes in _walkers(seed):
        got = fast.update(boxes, 16 / 9)
        assert got == stock.update(boxes, 16 / 9)
        assert _state(fast._tracker) == _state(stock._tracker)
        matched += len(got)
    assert matched > 500


def test_person_tracker_uses_the_faster_norfair() -> None:
    tracker = PersonTracker(5.0, "norfair")
    backend = tracker._backend
    assert isinstance(backend, _Norfair)
    assert type(backend._tracker) is BodyTracker
