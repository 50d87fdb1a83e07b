"""Smoke: a grey, soft-edged region that keeps churning in one place.

Smoke is semi-transparent: where it drifts the picture changes gently (a few grey levels, not the
hard step of an opaque edge passing), it is nearly colourless, and it keeps changing at the same
place for seconds while it billows. A car or a person changes a place hard and briefly; a cut or
a camera that moves changes everything at once. So per pixel, on a 160 px wide frame:

- soft change: 3..30 grey levels against the frame 0.4 s earlier, low saturation, low gradient;
- hard change: more than 30 levels, or on a strong edge;
- both are averaged over about two seconds, and smoke is where soft change is the usual state
  and hard change is rare, over an area big enough to matter, for several seconds running.

Frames where most of the picture changes (cuts, camera moving, lights switched) add no evidence.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import cv2
from cv2.typing import MatLike
import numpy as np
import numpy.typing as npt

from .evidence import Evidence

BgrFrame = MatLike
_WIDTH = 160
_FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class SmokeParams:
    """Frame counts are in analysed frames (5 fps: 5 frames = 1 s)."""

    lag: int = 2
    soft_low: int = 3
    soft_high: int = 30
    max_saturation: int = 70
    max_gradient: int = 60
    rate: float = 0.15
    min_soft: float = 0.35
    max_hard: float = 0.5
    min_area: float = 0.01
    global_change: float = 0.5
    background_rate: float = 0.02
    max_texture: float = 1.25
    # How far (in units of its own size) the region's centre may wander from where the
    # evidence began: smoke stays at its source and grows; a pale coat, a bus or a watermark
    # over traffic passes through.
    max_drift: float = 3.0
    persistence: int = 18
    release: int = 25

    @classmethod
    def for_sensitivity(cls, sensitivity: float) -> SmokeParams:
        """Map 0-100 (50 = defaults) onto area and persistence; higher reports sooner and more."""
        s = (min(max(sensitivity, 0.0), 100.0) - 50.0) / 50.0  # -1 .. 1
        return cls(
            min_area=0.01 * 2.0 ** (-1.5 * s),
            min_soft=0.35 - 0.1 * s,
            persistence=max(6, round(18 - 8 * s)),
        )


class SmokeDetector:
    """Reports when a soft-changing, colourless region persists."""

    def __init__(self, params: SmokeParams | None = None) -> None:
        """Create an idle detector."""
        self.params = params or SmokeParams()
        self._greys: deque[MatLike] = deque(maxlen=self.params.lag + 1)
        self._soft: _FloatArray | None = None
        self._hard: _FloatArray | None = None
        self._background: _FloatArray | None = None
        self._evidence = Evidence()
        # Centre (row, column) and size (square root of the area) of the region when the
        # current run of evidence began.
        self._anchor: tuple[float, float, float] | None = None
        self.drift = 0.0
        self.score = 0.0
        self.texture = 0.0
        # Why the last frame was not smoke (empty when it was), for tracing a missed clip
        # (benchmarks/hazard_footage.py --trace).
        self.refused = ""
        self.box: tuple[float, float, float, float] | None = None

    @property
    def active(self) -> bool:
        """True while the alarm is on."""
        return self._evidence.active

    @property
    def evidence(self) -> int:
        """Frames of evidence gathered towards an alarm (an alarm starts at `persistence`)."""
        return self._evidence.hits

    def set_params(self, params: SmokeParams) -> None:
        """New decision levels (a sensitivity change); history is kept."""
        self.params = params

    def reset(self) -> None:
        """Forget history (the view changed shape)."""
        self._greys.clear()
        self._soft = None
        self._hard = None
        self._background = None
        self._anchor = None
        self._evidence.forget()

    def update(self, frame: BgrFrame) -> bool | None:
        """Analyse a frame; returns True when smoke starts, False when it ends, else None."""
        seen = self._evaluate(frame)
        return self._evidence.step(seen, self.params.persistence, self.params.release)

    def _evaluate(self, frame: BgrFrame) -> bool:
        p = self.params
        self.score = self.texture = self.drift = 0.0
        self.refused = "history"
        height, width = frame.shape[:2]
        rows = max(1, height * _WIDTH // width)
        small = cv2.resize(frame, (_WIDTH, rows), interpolation=cv2.INTER_AREA)
        grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
        self._greys.append(grey)
        if len(self._greys) <= p.lag or self._greys[0].shape != grey.shape:
            return False
        # uint8 OpenCV operations throughout: this stage runs on every analysed frame.
        diff = cv2.absdiff(self._greys[-1], self._greys[0])
        if np.count_nonzero(diff > p.soft_low * 3) > p.global_change * diff.size:
            # A cut, a moving camera or a light switched: nothing to measure, and the frame
            # counts as one without smoke. Counting it as neutral instead was measured: no smoke
            # clip gained, a face at the lens and a hand-held room walk raised smoke.
            self.refused = "global change"
            return False
        b, g, r = cv2.split(small)
        saturation = cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r))
        gradient = cv2.add(
            cv2.convertScaleAbs(cv2.Sobel(grey, cv2.CV_16S, 1, 0)),
            cv2.convertScaleAbs(cv2.Sobel(grey, cv2.CV_16S, 0, 1)),
        )
        changed = diff >= p.soft_low
        smooth = gradient < p.max_gradient
        soft = (changed & smooth & (diff <= p.soft_high) & (saturation < p.max_saturation)).astype(
            np.float32
        )
        hard = ((diff > p.soft_high) | (changed & ~smooth)).astype(np.float32)
        if (
            self._soft is None
            or self._hard is None
            or self._background is None
            or self._soft.shape != soft.shape
        ):
            self._soft, self._hard = soft, hard
            self._background = grey.astype(np.float32)
            return False
        background = self._background
        cv2.accumulateWeighted(soft, self._soft, p.rate)
        cv2.accumulateWeighted(hard, self._hard, p.rate)
        churning = (self._soft >= p.min_soft) & (self._hard <= p.max_hard * self._soft)
        if np.count_nonzero(churning) < p.min_area * churning.size:
            # Nothing big enough can come of it (the usual case): skip the region analysis.
            cv2.accumulateWeighted(grey.astype(np.float32), background, p.background_rate)
            self.refused = "area"
            return False
        region = cv2.morphologyEx(
            churning.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)
        )
        count, labels, stats, centroids = cv2.connectedComponentsWithStats(region, connectivity=8)
        # Smoke veils what is behind it: where it drifts, the picture has less texture than
        # the learnt background. A face at the lens or waves add texture of their own instead.
        settled = background.astype(np.uint8)
        learnt = cv2.add(
            cv2.convertScaleAbs(cv2.Sobel(settled, cv2.CV_16S, 1, 0)),
            cv2.convertScaleAbs(cv2.Sobel(settled, cv2.CV_16S, 0, 1)),
        )
        cv2.accumulateWeighted(grey.astype(np.float32), background, p.background_rate)
        if count <= 1:
            self.refused = "area"
            return False
        best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
        area = float(stats[best, cv2.CC_STAT_AREA]) / region.size
        inside = labels == best
        self.texture = float(gradient[inside].mean()) / (float(learnt[inside].mean()) + 1.0)
        self.score = area
        x, y, w, h = (int(v) for v in stats[best][:4])
        self.box = (x / _WIDTH, y / rows, w / _WIDTH, h / rows)
        if area < p.min_area:
            self.refused = "area"
        elif self.texture > p.max_texture:
            self.refused = "texture"
        else:
            self.refused = "moved" if self._wandered(stats[best], centroids[best]) else ""
        return not self.refused

    def _wandered(self, stat: npt.NDArray[np.int32], centre: npt.NDArray[np.float64]) -> bool:
        """True when the region has gone too far from where this run of evidence began."""
        here = (float(centre[1]), float(centre[0]), float(np.sqrt(stat[cv2.CC_STAT_AREA])))
        if self._anchor is None or self._evidence.hits == 0:
            self._anchor = here
            return False
        row, col, size = self._anchor
        self.drift = float(np.hypot(here[0] - row, here[1] - col)) / max(size, 1.0)
        if self.drift <= self.params.max_drift:
            return False
        # Whatever is there now starts its own run.
        self._anchor = here
        self._evidence.forget()
        return True
