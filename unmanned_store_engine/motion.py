"""Motion: a background model on the downscaled grey frame, cleaned into person-sized blobs."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
from cv2.typing import MatLike

GreyFrame = MatLike
BgrFrame = MatLike

# MOG2 marks shadows as 127; keeping only full foreground (255) drops the shadows people cast.
_FOREGROUND = 200


@dataclass(frozen=True, slots=True)
class Blob:
    """A foreground region in normalised coordinates (0..1)."""

    x: float
    y: float
    w: float
    h: float
    area: float

    @property
    def centre(self) -> tuple[float, float]:
        """The box centre, the point tracks and rules use."""
        return (self.x + self.w / 2, self.y + self.h / 2)


class MotionDetector:
    """MOG2 with shadow detection on the downscaled colour frame.

    On grey frames MOG2 cannot tell a shadow from dark clothing (both are "darker, same
    value"), so it erased people in dark shirts on the synthetic suite; colour gives it the
    chromaticity test and measured no slower at 320x180 (1.7 ms colour vs 1.9 ms grey here).
    """

    def __init__(self, history: int = 500, var_threshold: float = 25.0) -> None:
        """A person standing still fades into the background after about 150 frames (30 s).

        With OpenCV's defaults (history 500, background ratio 0.9) a new still object joins
        the background once its weight passes 0.1, about 50 frames; history 150 made that 3 s
        and lost every waiting customer. A ratio of 0.7 needs a weight of 0.3: 150 frames.
        """
        self._history = history
        self._var_threshold = var_threshold
        self._mog = self._create()
        self._open = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3))
        self._close = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))
        self.mask: GreyFrame | None = None
        self.moving_fraction = 0.0

    def _create(self) -> cv2.BackgroundSubtractorMOG2:
        mog = cv2.createBackgroundSubtractorMOG2(
            history=self._history, varThreshold=self._var_threshold, detectShadows=True
        )
        mog.setBackgroundRatio(0.7)
        return mog

    def reset(self) -> None:
        """Forget the background (used after the view moved)."""
        self._mog = self._create()

    def apply(self, frame: BgrFrame, min_area: float) -> list[Blob]:
        """Update the model with a frame and return blobs of at least min_area (of the frame)."""
        raw = self._mog.apply(frame)
        _, fg = cv2.threshold(raw, _FOREGROUND, 255, cv2.THRESH_BINARY)
        fg = cv2.morphologyEx(fg, cv2.MORPH_OPEN, self._open)
        # Closing with a tall kernel joins a figure's head, body and legs into one blob.
        fg = cv2.morphologyEx(fg, cv2.MORPH_CLOSE, self._close, iterations=2)
        self.mask = fg
        height, width = frame.shape[:2]
        total = float(width * height)
        self.moving_fraction = float(cv2.countNonZero(fg)) / total
        contours, _ = cv2.findContours(fg, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        blobs: list[Blob] = []
        for contour in contours:
            area = cv2.contourArea(contour) / total
            if area < min_area:
                continue
            x, y, w, h = cv2.boundingRect(contour)
            blobs.append(Blob(x / width, y / height, w / width, h / height, area))
        return blobs
