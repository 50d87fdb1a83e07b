"""Tamper: the lens covered, the image defocused, the camera moved off its view, or frozen.

Every kind is judged against what this camera normally sees, learnt over time from frames that
looked normal, so a plain wall or a car park seen from above (little texture, little contrast)
is normal for that camera rather than "covered". Three measures, each at the scale where it means
something:

- coarse structure: the frame shrunk to 32x18 and compared with the learnt reference by
  normalised correlation, and the share of its cells that changed. Blur leaves it; a cover or a
  new view replaces it; a person in front changes a part of it.
- fine detail: mean absolute Laplacian at the analysis resolution (320 px by default), relative
  to the same measure one octave down. The ratio is what a lens loses when defocused, and it does
  not depend on how bright or busy the scene is; it is compared with its learnt baseline.
- flat share: pixels with almost no gradient. A cover (hand, cloth, bubble wrap, paint) makes
  most of the picture flat even when it is bright.

Covered = the view replaced (structure gone, or the brightness of most cells changed) and the
picture gone flat, lost its fine detail, or nearly uniform; a plain wall that is always uniform
is normal. Defocused = the structure is still there but the fine detail fell well below its
baseline. Moved = the structure gone, with change reaching every third of the picture (a person
close to the lens, however big, leaves some side as it was), while the picture is as sharp as
ever and the new view holds still, and the view got there by a jump: two consecutive frames
that no longer look alike (a knock or a turn takes a fraction of a second; people walking and
light drifting change a view gradually, however far it ends from the reference). Frozen =
consecutive frames that differ by a fraction of a grey level for many seconds (live sensor noise
makes every real frame differ more). Each kind
ends when its condition has been absent for a while, so nothing is latched; a camera left
pointing elsewhere for `relearn_after` frames has its new view learnt as normal (after the owner
has had the alarm).

Measured on real footage (docs/accuracy.md): an earlier edge-matching "moved" test and an
absolute low-contrast "covered" test were replaced because a car park seen from above read as
covered and a face at the lens as moved.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
import numpy.typing as npt

from .motion import GreyFrame

TamperKind = Literal["covered", "defocused", "moved", "frozen"]
_KINDS: tuple[TamperKind, ...] = ("covered", "defocused", "moved", "frozen")
_COARSE = (32, 18)
_MIDDLE = (160, 90)
_FINE_WIDTH = 320
_FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class TamperParams:
    """Frame counts are in analysed frames (5 fps: 5 frames = 1 s)."""

    persistence: int = 5
    release: int = 5
    baseline_frames: int = 10
    # Coarse correlation below which the learnt view is gone; and the share of changed cells.
    structure_lost: float = 0.45
    cells_changed: float = 0.75
    moved_cells: float = 0.35
    # Moved: consecutive frames correlating below this are a jump of the view.
    jump_similarity: float = 0.7
    # Defocus: fine detail below this share of its baseline while the structure is kept.
    defocus_ratio: float = 0.7
    structure_kept: float = 0.6
    # Covered: the flat share rises this far towards 1 from its baseline.
    flat_rise: float = 0.5
    uniform_std: float = 4.0
    frozen_frames: int = 60
    relearn_after: int = 1500

    @classmethod
    def for_sensitivity(cls, sensitivity: float) -> TamperParams:
        """Map 0-100 (50 = defaults) onto the decision levels; higher reports sooner and more."""
        s = (min(max(sensitivity, 0.0), 100.0) - 50.0) / 50.0  # -1 .. 1
        return cls(
            persistence=max(2, round(5 - 2 * s)),
            structure_lost=0.45 + 0.15 * s,
            cells_changed=0.75 - 0.1 * s,
            moved_cells=0.35 - 0.1 * s,
            jump_similarity=0.7 + 0.1 * s,
            defocus_ratio=0.7 + 0.1 * s,
            flat_rise=0.5 - 0.15 * s,
        )


def _fine_detail(grey: GreyFrame) -> float:
    """Fine over coarse high-frequency energy: near 1 sharp, falls as a lens defocuses."""
    fine = cv2.norm(cv2.Laplacian(grey, cv2.CV_16S), cv2.NORM_L1) / grey.size
    half = cv2.pyrDown(grey)
    coarse = cv2.norm(cv2.Laplacian(half, cv2.CV_16S), cv2.NORM_L1) / half.size
    return float(fine / (coarse + 1.0))


def _correlation(a: _FloatArray, b: _FloatArray) -> float:
    """Normalised correlation of two coarse frames; featureless ones compare by brightness."""
    da, db = a - a.mean(), b - b.mean()
    denom = float(np.sqrt((da * da).sum() * (db * db).sum()))
    if denom < 1e-3 or float(b.std()) < 3.0:
        # Correlation of a featureless view is noise; use the difference.
        return 1.0 if float(np.abs(a - b).mean()) < 12.0 else 0.0
    return float((da * db).sum() / denom)


class TamperDetector:
    """One detector per camera; update() returns (kind, started) on a change."""

    def __init__(self, params: TamperParams | None = None) -> None:
        """Start learning a baseline from the first frames."""
        self.params = params or TamperParams()
        self._reference: _FloatArray | None = None
        self._detail: deque[float] = deque(maxlen=150)
        self._flat: deque[float] = deque(maxlen=150)
        self._recent: deque[_FloatArray] = deque(maxlen=5)
        self._learnt = 0
        self._previous: GreyFrame | None = None
        self._repeats = 0
        self._counts: dict[TamperKind, int] = dict.fromkeys(_KINDS, 0)
        self._moved_for = 0
        self._last_coarse: _FloatArray | None = None
        self._displaced = False
        self.active: dict[TamperKind, bool] = dict.fromkeys(_KINDS, False)
        self.measures: dict[str, float] = {}

    def set_params(self, params: TamperParams) -> None:
        """New decision levels (a sensitivity change); what was learnt is kept."""
        self.params = params

    def update(self, grey: GreyFrame) -> list[tuple[TamperKind, bool]]:
        """Analyse a grey frame; return the tamper kinds that started (True) or ended (False)."""
        p = self.params
        if grey.shape[1] > _FINE_WIDTH:
            rows = max(1, grey.shape[0] * _FINE_WIDTH // grey.shape[1])
            grey = cv2.resize(grey, (_FINE_WIDTH, rows), interpolation=cv2.INTER_AREA)
        coarse = cv2.resize(grey, _COARSE, interpolation=cv2.INTER_AREA).astype(np.float32)
        detail = _fine_detail(grey)
        middle = cv2.resize(grey, _MIDDLE, interpolation=cv2.INTER_AREA)
        edges = cv2.add(
            cv2.convertScaleAbs(cv2.Sobel(middle, cv2.CV_16S, 1, 0)),
            cv2.convertScaleAbs(cv2.Sobel(middle, cv2.CV_16S, 0, 1)),
        )
        flat = float(np.count_nonzero(edges < 24)) / middle.size
        std = float(coarse.std())
        similarity, changed, spread = self._compare(coarse)
        steady = self._steady(coarse)
        displaced = self._displacement(coarse, similarity)
        learnt = self._learnt >= p.baseline_frames
        base_detail = float(np.median(self._detail)) if self._detail else detail
        base_flat = float(np.median(self._flat)) if self._flat else flat
        gone = learnt and similarity < p.structure_lost
        # A cover replaces the view (its structure, or at least its brightness in most cells);
        # a defocused lens keeps both and only loses the fine detail.
        replaced = gone or changed >= p.cells_changed
        went_flat = flat > base_flat + p.flat_rise * (1.0 - base_flat)
        lost_detail = detail < p.defocus_ratio * base_detail
        # Nearly uniform counts only as a change: a plain wall is uniform every day.
        covered = learnt and replaced and (std < p.uniform_std or went_flat or lost_detail)
        defocused = learnt and not covered and similarity >= p.structure_kept and lost_detail
        moved = (
            learnt
            and not covered
            and not defocused
            and gone
            and changed >= p.moved_cells
            and steady
            and spread
            and displaced
            and not lost_detail
        )
        repeated = self._repeated(grey)
        observed: dict[TamperKind, bool] = {
            "covered": covered,
            "defocused": defocused,
            "moved": moved,
            "frozen": repeated >= 1 and not covered,
        }
        self.measures = {
            "similarity": similarity,
            "cells_changed": changed,
            "detail": detail,
            "baseline_detail": base_detail,
            "flat": flat,
            "baseline_flat": base_flat,
            "std": std,
            "repeated_frames": float(self._repeats),
        }
        changes = self._debounce(observed)
        self._moved_for = self._moved_for + 1 if self.active["moved"] else 0
        if self._moved_for >= p.relearn_after:
            # Left pointing elsewhere: this is now what the camera watches.
            self.rebase()
            self._moved_for = 0
            changes.append(("moved", False))
        if not any(self.active.values()) and not any(observed.values()):
            # Learn only from normal frames so a slow tamper cannot become the new normal.
            self._learn(coarse, detail, flat)
        return changes

    def _compare(self, coarse: _FloatArray) -> tuple[float, float, bool]:
        """Correlation with the reference, the share of cells that differ from it, and whether
        the difference reaches every third of the picture.

        A camera that is turned changes the whole view; a person close to the lens, however
        big, leaves some side of it as it was.
        """
        if self._reference is None:
            return 1.0, 0.0, False
        ref = self._reference
        differs = np.abs(coarse - ref) > 18.0
        changed = float(np.mean(differs))
        spread = all(float(part.mean()) >= 0.15 for part in np.array_split(differs, 3, axis=1))
        return _correlation(coarse, ref), changed, spread

    def _displacement(self, coarse: _FloatArray, similarity: float) -> bool:
        """Whether the view jumped away from the reference and has not come back since.

        Measured on nf_stairs_above (white stairs from above, people walking, exposure and a
        few pixels of sway): the view drifts to a correlation of 0.4 with its reference within
        two seconds, yet consecutive frames never correlate below 0.87; a turned camera drops
        to 0.45 or less between two frames.
        """
        previous, self._last_coarse = self._last_coarse, coarse
        if similarity >= self.params.structure_lost:
            self._displaced = False
        if previous is not None and _correlation(coarse, previous) < self.params.jump_similarity:
            self._displaced = True
        return self._displaced

    def _steady(self, coarse: _FloatArray) -> bool:
        """Whether the view itself holds still (a new aim does; people walking past do not)."""
        self._recent.append(coarse)
        if len(self._recent) < self._recent.maxlen:  # type: ignore[operator]
            return False
        return float(np.mean(np.abs(self._recent[0] - coarse) > 18.0)) < 0.25

    def _repeated(self, grey: GreyFrame) -> int:
        previous, self._previous = self._previous, grey
        # Not byte-identical: a re-encoded still (a recorder fed a picture) differs by a few
        # levels here and there; live sensor noise moves far more pixels than this.
        same = (
            previous is not None
            and previous.shape == grey.shape
            and cv2.norm(previous, grey, cv2.NORM_L1) < 0.2 * grey.size
        )
        self._repeats = self._repeats + 1 if same else 0
        return self._repeats

    def _debounce(self, observed: dict[TamperKind, bool]) -> list[tuple[TamperKind, bool]]:
        p = self.params
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
        return changes

    def _learn(self, coarse: _FloatArray, detail: float, flat: float) -> None:
        self._detail.append(detail)
        self._flat.append(flat)
        self._learnt += 1
        if self._reference is None:
            self._reference = coarse.copy()
        else:
            # Slow enough that people passing do not become the view, fast enough to follow
            # daylight and lamps (about half a minute at 5 fps).
            cv2.accumulateWeighted(coarse, self._reference, 0.01)

    def rebase(self) -> None:
        """Accept the current view as normal (a deliberate re-aim)."""
        self._reference = None
        self._displaced = False
        self._learnt = 0
        self._detail.clear()
        self._flat.clear()
        for kind in self.active:
            self.active[kind] = False
