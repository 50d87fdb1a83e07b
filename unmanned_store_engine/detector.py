"""FastestDet (BSD-3-Clause, models/fastestdet/) on cv2.dnn: confirms that a blob is a person.

One forward pass costs 5-9 ms on these machines (FACTS.md), ten times the whole motion stage,
so it runs only on a track's region, at most once per track per `interval` seconds, and only
when the camera's thresholds ask for it (verify_people).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import threading
from typing import Final

import cv2
from cv2.typing import MatLike
import numpy as np
import numpy.typing as npt

from .motion import Blob

MODEL_DIR: Final = Path(__file__).parent / "models" / "fastestdet"
_INPUT: Final = 352
_PERSON: Final = 0


@dataclass(frozen=True, slots=True)
class Box:
    """A detection in coordinates normalised to the image given to detect()."""

    score: float
    x: float
    y: float
    w: float
    h: float


def decode(output: npt.NDArray[np.float32], threshold: float) -> list[Box]:
    """Turn FastestDet's 1x85xHxW map into person boxes (the model's own post-processing)."""
    grid = output[0]
    _, rows, cols = grid.shape
    objectness = grid[0]
    person = grid[5 + _PERSON]
    best = grid[5:].max(axis=0)
    score = np.power(objectness, 0.6) * np.power(person, 0.4)
    keep = (score > threshold) & (person >= best)
    boxes: list[Box] = []
    for row, col in zip(*np.nonzero(keep), strict=True):
        cx = (col + np.tanh(grid[1, row, col])) / cols
        cy = (row + np.tanh(grid[2, row, col])) / rows
        w = 1 / (1 + np.exp(-grid[3, row, col]))
        h = 1 / (1 + np.exp(-grid[4, row, col]))
        boxes.append(
            Box(float(score[row, col]), float(cx - w / 2), float(cy - h / 2), float(w), float(h))
        )
    if len(boxes) < 2:
        return boxes
    rects = [[b.x, b.y, b.w, b.h] for b in boxes]
    chosen = cv2.dnn.NMSBoxes(rects, [b.score for b in boxes], threshold, 0.45)
    return [boxes[int(i)] for i in np.asarray(chosen).reshape(-1)]


class PersonDetector:
    """Loads the network once; detect() is thread-safe (cameras share one network)."""

    def __init__(self, model: Path | None = None, threshold: float = 0.5) -> None:
        """Read the ONNX model; raise FileNotFoundError with the path if it is missing."""
        path = model or MODEL_DIR / "FastestDet.onnx"
        if not path.is_file():
            raise FileNotFoundError(f"person model not found at {path}")
        self._net = cv2.dnn.readNet(str(path))
        self._lock = threading.Lock()
        self.threshold = threshold

    def detect(self, image: MatLike) -> list[Box]:
        """Person boxes in a BGR image (any size; it is squashed to 352x352 like in training)."""
        blob = cv2.dnn.blobFromImage(image, 1 / 255, (_INPUT, _INPUT))
        with self._lock:
            self._net.setInput(blob)
            output = np.asarray(self._net.forward(), dtype=np.float32)
        return decode(output, self.threshold)

    def is_person(self, frame: MatLike, blob: Blob, pad: float = 0.25) -> bool:
        """Whether the region of a blob (with some margin) holds a person."""
        height, width = frame.shape[:2]
        x0 = max(0, int((blob.x - blob.w * pad) * width))
        y0 = max(0, int((blob.y - blob.h * pad) * height))
        x1 = min(width, int((blob.x + blob.w * (1 + pad)) * width) + 1)
        y1 = min(height, int((blob.y + blob.h * (1 + pad)) * height) + 1)
        crop = frame[y0:y1, x0:x1]
        if crop.size == 0:
            return False
        return bool(self.detect(crop))
