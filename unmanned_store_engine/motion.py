"""The motion gate: a cheap running-average frame difference that says where to look.

Frigate's design: the person detector is what finds people; motion only decides whether and
where it runs. No motion and nobody tracked means no inference at all. Motion is computed on a
small grey frame (at most 180 px high) against a running average, costs well under a
millisecond, and must not turn light into people:

- each frame's brightness is matched to the background's before differencing, so a camera's
  auto-exposure or a light switched on shifts the whole picture and leaves no difference;
- what still changes over most of the picture at once (a light switching with a colour cast,
  an exposure jump the gain match cannot undo) is taken as a new background, not as motion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import cv2
from cv2.typing import MatLike
import numpy as np
import numpy.typing as npt

GreyFrame = MatLike
BgrFrame = MatLike

_HEIGHT: Final = 180
# Per-pixel difference (grey levels, after blur and gain matching) that counts as changed.
_THRESHOLD: Final = 22
# How fast the background follows the picture: slow enough that a walking person leaves a
# trail of difference, fast enough that a door left open is background within a minute.
_ALPHA: Final = 0.03
# More than this share of the picture changed at once is light, not people (Frigate calls it
# lightning): the background is taken anew.
_GLOBAL: Final = 0.45
# Brightness matching beyond this range (background mean / frame mean) is a new picture.
_GAIN: Final = (0.25, 4.0)


@dataclass(frozen=True, slots=True)
class Blob:
    """A region in normalised coordinates (0..1)."""

    x: float
    y: float
    w: float
    h: float
    area: float

    @property
    def centre(self) -> tuple[float, float]:
        """The box centre."""
        return (self.x + self.w / 2, self.y + self.h / 2)


class MotionDetector:
    """Running-average difference on a blurred, gain-matched grey frame."""

    def __init__(self, threshold: int = _THRESHOLD, alpha: float = _ALPHA) -> None:
        """threshold in grey levels; alpha is the background's update weight per frame."""
        self._threshold = threshold
        self._alpha = alpha
        self._average: npt.NDArray[np.float32] | None = None
        self._kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
        self.mask: GreyFrame | None = None
        self.moving_fraction = 0.0
        self.recalibrations = 0
        # The last frame started a new background (first frame, reset, or light): where
        # people are is unknown, so the caller looks everywhere.
        self.global_change = True

    def reset(self) -> None:
        """Forget the background (used after the view moved or the shape changed)."""
        self._average = None

    def _grey(self, frame: BgrFrame) -> npt.NDArray[np.float32]:
        height, width = frame.shape[:2]
        grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        if height > _HEIGHT:
            grey = cv2.resize(
                grey, (max(1, width * _HEIGHT // height), _HEIGHT), interpolation=cv2.INTER_AREA
            )
        return np.asarray(cv2.GaussianBlur(grey, (5, 5), 0), dtype=np.float32)

    def apply(self, frame: BgrFrame, min_area: float) -> list[Blob]:
        """Update with a frame; return moving regions of at least min_area (of the frame)."""
        grey = self._grey(frame)
        self.global_change = False
        if self._average is None or self._average.shape != grey.shape:
            self.global_change = True
            self._average = grey.copy()
            self.mask = np.zeros(grey.shape, np.uint8)
            self.moving_fraction = 0.0
            return []
        # Match the frame's brightness to the background's: exposure and room lights scale
        # every pixel together, a person changes only their own.
        mean = float(grey.mean())
        gain = float(self._average.mean()) / mean if mean > 1.0 else 1.0
        matched = grey * gain
        diff = cv2.absdiff(matched, self._average)
        mask: MatLike = np.where(diff > self._threshold, 255, 0).astype(np.uint8)
        fraction = float(cv2.countNonZero(mask)) / mask.size
        # A gain this far from 1 is not a camera's exposure following the scene but a new
        # picture: a background learnt from a camera's black first frames (exposure still
        # settling) matched every later frame down to black, and nothing ever moved again
        # (a door counter's clip: no motion, so no detector, for its whole 30 s).
        if fraction > _GLOBAL or not _GAIN[0] <= gain <= _GAIN[1]:
            self.global_change = True
            self._average = grey.copy()
            self.recalibrations += 1
            self.mask = np.zeros(grey.shape, np.uint8)
            self.moving_fraction = 0.0
            return []
        cv2.accumulateWeighted(matched, self._average, self._alpha)
        mask = cv2.dilate(mask, self._kernel, iterations=2)
        self.mask = mask
        self.moving_fraction = fraction
        if fraction == 0.0:
            return []
        height, width = mask.shape
        total = float(width * height)
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        blobs: list[Blob] = []
        for contour in contours:
            area = cv2.contourArea(contour) / total
            if area < min_area:
                continue
            x, y, w, h = cv2.boundingRect(contour)
            blobs.append(Blob(x / width, y / height, w / width, h / height, area))
        return blobs
