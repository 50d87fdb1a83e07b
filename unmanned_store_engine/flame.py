"""Flame: fire colour, temporal flicker inside that colour, and persistence in one place.

Each cue alone has a known false alarm: colour alone fires on red or orange clothes, lamps and
sunlight; flicker alone fires on any moving edge; persistence alone on anything static. A flame
is fire-coloured, flickers at a fixed place, and keeps doing so.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
from cv2.typing import MatLike
import numpy as np
import numpy.typing as npt

BgrFrame = MatLike

_WIDTH = 160
_CORE_LUMA = 190


@dataclass(frozen=True, slots=True)
class FlameParams:
    """Defaults tuned on the synthetic suite; window and persistence are in analysed frames."""

    window: int = 6
    persistence: int = 5
    release: int = 10
    min_area: float = 0.0008
    min_flicker: float = 0.2
    min_presence: float = 0.5
    min_core: float = 0.1
    max_drift: float = 0.05


def fire_colour_mask(frame: BgrFrame) -> MatLike:
    """Pixels that may be fire: bright, red over green over blue, clearly saturated.

    R > G > B with a bright red channel is the classic RGB rule (Chen et al. 2004); requiring a
    strong green channel too rejects deep red fabric, whose green stays low, while flame cores
    from orange to yellow-white keep it high. Saturation rejects white lamps and sunlit walls.
    """
    b, g, r = (frame[:, :, i].astype(np.int16) for i in range(3))
    mask = (r > 180) & (g > 70) & (r >= g) & (g > b) & ((r - b) > 80)
    return mask.astype(np.uint8) * 255


class FlameDetector:
    """Reports when a flickering fire-coloured region persists in downscaled colour frames."""

    def __init__(self, params: FlameParams | None = None) -> None:
        """Create an idle detector."""
        self.params = params or FlameParams()
        self._masks: deque[MatLike] = deque(maxlen=self.params.window)
        self._luma: deque[npt.NDArray[np.int16]] = deque(maxlen=self.params.window)
        self._hits = 0
        self._quiet = 0
        self._moved: deque[npt.NDArray[np.uint8]] = deque(maxlen=self.params.window)
        self._centres: deque[tuple[float, float]] = deque(maxlen=self.params.persistence)
        self.active = False
        self.score = 0.0
        self.box: tuple[float, float, float, float] | None = None

    def reset(self) -> None:
        """Forget history (the view changed)."""
        self._masks.clear()
        self._luma.clear()
        self._moved.clear()
        self._centres.clear()
        self._hits = 0

    def update(
        self, frame: BgrFrame, movers: Sequence[tuple[float, float, float, float]] = ()
    ) -> bool | None:
        """Analyse a frame; returns True when a flame starts, False when it ends, else None.

        movers are boxes (normalised x, y, w, h) of things that walk about: change inside them
        is a person passing a lamp or a sunlit patch, not a flame flickering.
        """
        rows = max(1, frame.shape[0] * _WIDTH // frame.shape[1])
        moved = np.zeros((rows, _WIDTH), np.uint8)
        for x, y, w, h in movers:
            top, left = max(0, int(y * rows) - 2), max(0, int(x * _WIDTH) - 2)
            moved[top : int((y + h) * rows) + 3, left : int((x + w) * _WIDTH) + 3] = 1
        self._moved.append(moved)
        height, width = frame.shape[:2]
        small = cv2.resize(
            frame, (_WIDTH, max(1, height * _WIDTH // width)), interpolation=cv2.INTER_AREA
        )
        mask = fire_colour_mask(small)
        luma = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY).astype(np.int16)
        self._masks.append(mask)
        self._luma.append(luma)
        seen = self._evaluate(mask.shape[0] * mask.shape[1])
        if seen:
            self._hits += 1
            self._quiet = 0
        else:
            self._hits = max(0, self._hits - 1)
            self._quiet += 1
        if not self.active and self._hits >= self.params.persistence:
            self.active = True
            return True
        if self.active and self._quiet >= self.params.release:
            self.active = False
            self._hits = 0
            return False
        return None

    def _evaluate(self, pixels: int) -> bool:
        self.score = 0.0
        if len(self._masks) < self.params.window:
            return False
        masks = (np.stack(self._masks) > 0).astype(np.int8)
        presence = masks.mean(axis=0, dtype=np.float32)
        # The place a flame occupies: fire-coloured in a good share of recent frames. Something
        # that walks through is fire-coloured at each place only briefly and drops out here.
        region = (presence >= self.params.min_presence).astype(np.uint8)
        if int(region.sum()) < self.params.min_area * pixels:
            self._centres.clear()
            return False
        # Each region with its rim (where a flame's tongues come and go) is judged alone, so
        # static fire-coloured goods elsewhere in the view do not dilute a real flame.
        grown = cv2.dilate(region, np.ones((5, 5), np.uint8))
        count, labels, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
        luma = np.stack(self._luma)
        toggles = np.abs(np.diff(masks, axis=0)).sum(axis=0)
        swing = luma.max(axis=0) - luma.min(axis=0)
        flicker = ((toggles >= 2) | (swing > 40)).astype(np.float64)
        # Anything that changed where a person walked during the window is their doing.
        flicker[np.stack(self._moved).any(axis=0)] = 0
        rows, cols = region.shape
        sizes = np.bincount(labels.ravel(), minlength=count).astype(np.float64)
        cores = np.bincount(
            labels.ravel(), weights=region.ravel().astype(np.float64), minlength=count
        )
        flickering = np.bincount(labels.ravel(), weights=flicker.ravel(), minlength=count)
        # Flames burn bright: a yellow-white core that clothing and most lit surfaces lack.
        bright = ((self._luma[-1] >= _CORE_LUMA) & (masks[-1] > 0)).astype(np.float64)
        glowing = np.bincount(labels.ravel(), weights=bright.ravel(), minlength=count)
        best = -1
        for label in range(1, count):
            if cores[label] < self.params.min_area * pixels:
                continue
            if glowing[label] < self.params.min_core * cores[label]:
                continue
            score = flickering[label] / sizes[label]
            if score > self.score:
                self.score, best = float(score), label
        if best < 0:
            # Drift is measured over an unbroken run of candidate frames only.
            self._centres.clear()
            return False
        x, y, w, h = (int(v) for v in stats[best][:4])
        self.box = (x / cols, y / rows, w / cols, h / rows)
        centre = ((x + w / 2) / cols, (y + h / 2) / rows)
        self._centres.append(centre)
        # A fire stays where it is; a bright orange thing that wanders is not one.
        drift = max(max(abs(cx - centre[0]), abs(cy - centre[1])) for cx, cy in self._centres)
        return self.score >= self.params.min_flicker and drift <= self.params.max_drift
