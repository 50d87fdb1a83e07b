"""Tamper: the lens covered, the image defocused, the camera moved off its view, or frozen.

The first three compare the current frame with what this camera normally sees (a baseline
learnt while nothing is wrong), so they adapt to dim or plain scenes instead of using fixed
levels. Frozen is the classic trick of a still picture fed to the recorder, or a camera whose
encoder hangs and repeats one frame: a live sensor's noise makes every frame differ somewhere,
so identical frames for many seconds mean nobody is watching.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Literal

import cv2
from cv2.typing import MatLike
import numpy as np
import numpy.typing as npt

from .motion import GreyFrame

TamperKind = Literal["covered", "defocused", "moved", "frozen"]
_KINDS: tuple[TamperKind, ...] = ("covered", "defocused", "moved", "frozen")
_SIZE = (160, 90)


@dataclass(frozen=True, slots=True)
class TamperParams:
    """Frame counts are in analysed frames (5 fps: 10 frames = 2 s)."""

    persistence: int = 10
    release: int = 10
    covered_std: float = 12.0
    covered_mean: float = 30.0
    defocus_ratio: float = 0.25
    moved_edges: float = 0.7
    baseline_frames: int = 10
    reference_every: int = 50
    # An H.264 camera on a still, dim scene can repeat a frame until its next key frame (often
    # 2-4 s, some "smart" codecs up to 10 s); 60 analysed frames is 12 s.
    frozen_frames: int = 60


class TamperDetector:
    """One detector per camera; update() returns (kind, started) on a change.

    Moved: the edges of the learnt view (shelves, door frame) must still be found in the
    frame. Phase correlation of raw frames was tried first and rejected: on a plain shop scene
    with sensor noise and people walking, its peak fell below 0.2 within seconds and it
    reported 20 % shifts of an unmoved camera. Passers-by hide only a few per cent of the
    view's edges; a moved camera loses most of them.
    """

    def __init__(self, params: TamperParams | None = None) -> None:
        """Start learning a baseline from the first frames."""
        self.params = params or TamperParams()
        self._sharpness: deque[float] = deque(maxlen=60)
        self._average: npt.NDArray[np.float32] | None = None
        self._reference: MatLike | None = None
        self._reference_edges = 0
        self._since_reference = 0
        self._kernel = np.ones((3, 3), np.uint8)
        self._previous: GreyFrame | None = None
        self._counts: dict[TamperKind, int] = dict.fromkeys(_KINDS, 0)
        self.active: dict[TamperKind, bool] = dict.fromkeys(_KINDS, False)
        self.measures: dict[str, float] = {}

    def update(self, grey: GreyFrame) -> list[tuple[TamperKind, bool]]:
        """Analyse a grey frame; return the tamper kinds that started (True) or ended (False)."""
        p = self.params
        small = cv2.resize(grey, _SIZE, interpolation=cv2.INTER_AREA)
        mean_arr, std_arr = cv2.meanStdDev(small)
        mean, std = float(mean_arr[0][0]), float(std_arr[0][0])
        sharp = float(cv2.Laplacian(small, cv2.CV_32F).var())
        edges = cv2.Canny(small, 60, 150)
        kept = 1.0
        if self._reference is not None:
            found = cv2.dilate(edges, self._kernel)
            kept = cv2.countNonZero(cv2.bitwise_and(self._reference, found)) / self._reference_edges
        baseline = float(np.median(self._sharpness)) if self._sharpness else 0.0
        covered = std < p.covered_std or (mean < p.covered_mean and std < 2 * p.covered_std)
        learnt = len(self._sharpness) >= p.baseline_frames
        defocused = learnt and not covered and sharp < p.defocus_ratio * baseline
        previous, self._previous = self._previous, grey
        repeated = (
            previous is not None
            and previous.shape == grey.shape
            and cv2.norm(previous, grey, cv2.NORM_INF) == 0
        )
        observed: dict[TamperKind, bool] = {
            "covered": covered,
            # A covered lens is also blurred and edgeless; report it once, as covered.
            "defocused": defocused,
            "moved": not covered and not defocused and kept < p.moved_edges,
            "frozen": repeated and not covered,
        }
        self.measures = {
            "mean": mean,
            "std": std,
            "sharpness": sharp,
            "baseline_sharpness": baseline,
            "edges_kept": kept,
            "repeated_frames": self._counts["frozen"] + 1 if repeated else 0,
        }
        changes: list[tuple[TamperKind, bool]] = []
        for kind, seen in observed.items():
            count = self._counts[kind]
            if seen != self.active[kind]:
                count += 1
                needed = p.persistence if seen else p.release
                if seen and kind == "frozen":
                    needed = p.frozen_frames
                if count >= needed:
                    self.active[kind] = seen
                    changes.append((kind, seen))
                    count = 0
            else:
                count = 0
            self._counts[kind] = count
        if not any(self.active.values()) and not any(observed.values()):
            # Learn only from normal frames so a slow tamper cannot become the new normal.
            self._learn(small, sharp)
        return changes

    def _learn(self, small: GreyFrame, sharp: float) -> None:
        self._sharpness.append(sharp)
        frame = small.astype(np.float32)
        if self._average is None:
            self._average = frame
        else:
            cv2.accumulateWeighted(frame, self._average, 0.1)
        self._since_reference += 1
        if self._since_reference >= self.params.reference_every or (
            self._reference is None and self._since_reference >= self.params.baseline_frames
        ):
            # The averaged view has neither sensor noise nor passers-by in its edges.
            reference = cv2.Canny(self._average.astype(np.uint8), 60, 150)
            count = cv2.countNonZero(reference)
            if count >= 0.005 * reference.size:
                self._reference, self._reference_edges = reference, count
            self._since_reference = 0

    def rebase(self) -> None:
        """Accept the current view as normal (a deliberate re-aim)."""
        self._reference = None
        self._average = None
        self._since_reference = 0
        self._sharpness.clear()
        for kind in self.active:
            self.active[kind] = False
