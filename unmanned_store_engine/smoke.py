"""Smoke: a grey, soft-edged region that keeps churning in one place.

Smoke is semi-transparent: where it drifts the picture changes gently (a few grey levels, not the
hard step of an opaque edge passing), it is nearly colourless, and it keeps changing at the same
place for seconds while it billows. A car or a person changes a place hard and briefly; a cut or
a camera that moves changes everything at once. So per pixel, on a 160 px wide frame:

- soft change: 3..30 grey levels against the frame 0.4 s earlier, low saturation, low gradient;
  both frames are smoothed over 3x3 pixels first, so that sensor and compression noise on a plain
  wall or road (a few grey levels, pixel by pixel) does not pass for it, while a billow does;
- hard change: more than 30 levels, or on a strong edge;
- both are averaged over about two seconds, and smoke is where soft change is the usual state
  and hard change is rare, over an area big enough to matter, for several seconds running.

Smoke is local: when churning is spread all over the picture (light flicker, exposure hunting,
a camera carried along a corridor) rather than concentrated in one region, the frame is not
smoke. Smoke veils what it covers: on a still camera the region must look different from the
learnt background (flicker on a plain wall churns without changing how the wall looks) and must
not have gained texture. A hand-held camera's shake is taken out first (the whole-frame shift
between the two compared frames, by phase correlation, kept only when it explains most of the
change), so smoke filmed from the hand still shows as churning; its texture is then judged
against the earlier frame, since the learnt background of a shaking camera is a smear.
Frames where most of the picture still changes (cuts, fast pans, lights switched) add no evidence.
A camera carried forward (or zoomed) also changes scale, which no shift takes out: the walls and
ceiling left churning softly are as local as smoke. So on a frame that would count, the shifts of
four patches at the left, right, top and bottom edges of the view are compared; when the edges
move apart or together by more than about 1 % between the compared frames, the frame is not
smoke. The same test refuses things crossing one edge of a still view while the opposite edge
keeps still (translucent umbrellas crossing a plaza), which smoke growing in one place does not do.
But when one edge moves and the other three hold still to a fraction of a pixel, that edge is
left out: a person walking past at the side of a still view is not a zoom (it refused a van's
smoke for seconds while a man walked at the far edge of a still forecourt), and a zoom would have
moved the other three too.
On a shaking camera the edges are compared after the shake is taken out: the patches are 64 px
wide and a hand swings the view by 15-35 px in 0.4 s, which their phase correlation cannot follow
(it read 0.06-26 % of "zoom" on frames of one hand-held fire that differed only by encoding).
A camera panned along a room is no shake either: when the view keeps travelling one way (the
shake averaged over the last 2 s is more than 10 px at 160 px), the frame is not smoke; a hand
filming a fire swings back and forth around it.
A light that flickers, or a camera hunting for its exposure, brightens a plain wall all at once
and then darkens it again: the region's change is then one brightness shift (every pixel the same
way), and its direction flips within a second or two. Smoke changes a place unevenly as it
billows (some pixels lighter, some darker), and where it thickens into a veil it keeps darkening
(or lightening) the same way. So a frame that would count, whose region changed uniformly the
opposite way to the region's last uniform change less than 2 s before, counts neither for smoke
nor against it (the place may still hold smoke under the flickering light).
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
# Phase-correlation peak below which no whole-view shift is trusted.
_MIN_RESPONSE = 0.1
# Side of the centre patch the shake is measured on.
_SHAKE_SIZE = 128
# Size (columns, rows) of the patches at the edges of the view that zoom is measured on.
_ZOOM_PATCH = (64, 32)
_MIN_PATCH = 8


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
    # Side of the box that smooths both compared frames (1 or less: none).
    smoothing: int = 3
    # Churning outside the chosen region may be at most this many times the region's own area
    # (the area counted as at least `local_floor`): smoke is in one place, flicker is everywhere.
    max_outside: float = 1.5
    local_floor: float = 0.05
    # Look for a whole-frame shift when more than this share of the picture changed, and take
    # it as the camera shaking only when moving the earlier frame by it leaves at most
    # `explained` of the changed pixels changed (people moving in a still view give a peak too,
    # but shifting the whole frame by it explains nothing).
    shake_check: float = 0.1
    explained: float = 0.7
    # On a still camera the churning place must also look different from the learnt
    # background, by this many grey levels on average: smoke veils it, while flicker, noise and
    # exposure hunting on a plain wall or road churn without changing how the place looks.
    min_veil: float = 6.0
    # Largest change of scale (per cent between the compared frames) between the left and
    # right, top and bottom edges of the view: walking forward or zooming spreads the edges
    # apart, which no whole-frame shift takes out. Measured only on frames that would count.
    max_zoom: float = 1.2
    # Pixels (of the 160 px view) within which three edge patches count as held still, so that
    # the fourth, moving alone, is something crossing that edge rather than a zoom. A zoom at
    # the limit above moves even the nearest patches (top and bottom, 29 px from the centre)
    # by 0.35 px, so three patches under 0.3 px rule it out. On the footage 0.2-0.35 px gave
    # the same; 0.4 px let people's heads moving in front of a white restaurant wall count.
    still_edges: float = 0.3
    # A view that keeps travelling one way is a pan, not a hand's shake: the whole-view shift
    # between the compared frames, averaged over `pan_window` frames (2 s), at most this many
    # pixels (of the 160 px view). The two hand-held fires swing around their subject (their
    # average stays under 8 px: 4 or 6 px lose one of them); an office walked past pans
    # 10-20 px.
    max_pan: float = 10.0
    pan_window: int = 10
    # A region's change counts as one brightness shift when the mean of its signed change is at
    # least this share of the mean of its size (1: every pixel the same way; above 1: never).
    # Such a shift the opposite way to the region's last one, within `flicker_window` frames
    # (2 s), is flicker: the frame counts neither way. Per clip on the footage, the median share
    # on smoke's counted frames is 0.14-0.79; exposure hunting on a white restaurant wall 0.93,
    # its direction flipping every few frames. 0.75-0.85 and 5-15 frames gave the same; at 0.9
    # the restaurant wall came within one frame of an alarm.
    uniform: float = 0.85
    flicker_window: int = 10
    # 15 frames (3 s at 5 fps) of evidence. Without the flicker test the restaurant's wall held
    # 17 of 18 frames, one short of a false alarm, and 15 raised it; with it, it holds 10-12,
    # and no other clip without fire gets past 10.
    persistence: int = 15
    release: int = 25

    @classmethod
    def for_sensitivity(cls, sensitivity: float) -> SmokeParams:
        """Map 0-100 (50 = defaults) onto area and persistence; higher reports sooner and more."""
        s = (min(max(sensitivity, 0.0), 100.0) - 50.0) / 50.0  # -1 .. 1
        return cls(
            min_area=0.01 * 2.0 ** (-1.5 * s),
            min_soft=0.35 - 0.1 * s,
            persistence=max(6, round(15 - 8 * s)),
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
        self._seen_box: tuple[float, float, float, float] | None = None
        # Whole-view shift (columns, rows) taken out of the last frame's comparison.
        self.shift = (0.0, 0.0)
        # Hanning windows for phase correlation, by patch size (height, width).
        self._windows: dict[tuple[int, int], MatLike] = {}
        # This frame and the earlier one moved onto it, when the camera shook.
        self._steady: tuple[MatLike, MatLike] | None = None
        # Mean grey-level difference of the region from the learnt background.
        self.veil = 0.0
        # Change of scale (per cent) measured on the last candidate frame.
        self.zoom = 0.0
        # Whole-view shifts of the last frames, and their average length (the pan).
        self._shifts: deque[tuple[float, float]] = deque(maxlen=self.params.pan_window)
        self.pan = 0.0
        # Frames analysed, and the frame and direction (+1 lighter, -1 darker) of the region's
        # last uniform change.
        self._frames = 0
        self._last_uniform: tuple[int, int] | None = None
        # Signed mean change of the region over the mean size of its change (-1 .. 1).
        self.uniformity = 0.0

    @property
    def active(self) -> bool:
        """True while the alarm is on."""
        return self._evidence.active

    @property
    def evidence(self) -> int:
        """Frames of evidence gathered towards an alarm (an alarm starts at `persistence`)."""
        return self._evidence.hits

    @property
    def alarm_box(self) -> tuple[float, float, float, float] | None:
        """Where smoke last counted (x, y, w, h, fractions of the view) while the alarm is on;
        `box` is the last frame's region, whatever its verdict."""
        return self._seen_box if self._evidence.active else None

    def set_params(self, params: SmokeParams) -> None:
        """New decision levels (a sensitivity change); history is kept."""
        self.params = params
        if self._shifts.maxlen != params.pan_window:
            self._shifts = deque(self._shifts, maxlen=params.pan_window)

    def reset(self) -> None:
        """Forget history (the view changed shape)."""
        self._greys.clear()
        self._soft = None
        self._hard = None
        self._background = None
        self._anchor = None
        self._shifts.clear()
        self._last_uniform = None
        self._evidence.forget()

    def update(self, frame: BgrFrame) -> bool | None:
        """Analyse a frame; returns True when smoke starts, False when it ends, else None."""
        seen = self._evaluate(frame)
        if seen:
            self._seen_box = self.box
        if self.refused == "flicker":
            # Neither for nor against: the place may still hold smoke under the flickering
            # light, and what a flicker says about it is nothing.
            return None
        return self._evidence.step(seen, self.params.persistence, self.params.release)

    def _evaluate(self, frame: BgrFrame) -> bool:
        seen = self._judge(frame)
        # Every frame's shift counts towards the pan, whatever its verdict (0 when no shake).
        self._shifts.append(self.shift)
        if (seen or self.refused == "flicker") and self._panned():
            self.refused = "pan"
            return False
        return seen

    def _panned(self) -> bool:
        """True when the view has kept travelling one way over the last `pan_window` frames."""
        window = self.params.pan_window
        if len(self._shifts) < window:
            return False
        dx = sum(s[0] for s in self._shifts) / window
        dy = sum(s[1] for s in self._shifts) / window
        self.pan = float(np.hypot(dx, dy))
        return self.pan > self.params.max_pan

    def _judge(self, frame: BgrFrame) -> bool:
        p = self.params
        self._frames += 1
        self.score = self.texture = self.drift = self.veil = self.zoom = self.pan = 0.0
        self.uniformity = 0.0
        self.shift = (0.0, 0.0)
        self._steady = None
        self.refused = "history"
        height, width = frame.shape[:2]
        rows = max(1, height * _WIDTH // width)
        small = cv2.resize(frame, (_WIDTH, rows), interpolation=cv2.INTER_AREA)
        grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
        self._greys.append(cv2.blur(grey, (p.smoothing, p.smoothing)) if p.smoothing > 1 else grey)
        if len(self._greys) <= p.lag or self._greys[0].shape != grey.shape:
            return False
        # uint8 OpenCV operations throughout: this stage runs on every analysed frame.
        now, then = self._greys[-1], self._greys[0]
        diff = cv2.absdiff(now, then)
        moved = np.count_nonzero(diff > p.soft_low * 3)
        if moved > p.shake_check * diff.size:
            steadied = self._steadied(then, now)
            if steadied is not None:
                still_diff = cv2.absdiff(now, steadied)
                still_moved = np.count_nonzero(still_diff > p.soft_low * 3)
                if still_moved <= p.explained * moved:
                    self._steady = (now, steadied)
                    diff, moved = still_diff, still_moved
                else:
                    self.shift = (0.0, 0.0)
        if moved > p.global_change * diff.size:
            # A cut, a moving camera or a light switched: nothing to measure, and the frame
            # counts as one without smoke. Counting it as neutral instead was measured: no smoke
            # clip gained, a face at the lens and a hand-held room walk raised smoke.
            self.refused = "global change"
            return False
        b, g, r = cv2.split(small)
        saturation = cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r))
        gradient = _edges(grey)
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
        learnt = _edges(background.astype(np.uint8))
        cv2.accumulateWeighted(grey.astype(np.float32), background, p.background_rate)
        if count <= 1:
            self.refused = "area"
            return False
        best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
        area = float(stats[best, cv2.CC_STAT_AREA]) / region.size
        inside = labels == best
        if self._steady is None:
            self.texture = float(gradient[inside].mean()) / (float(learnt[inside].mean()) + 1.0)
        else:
            # A shaking camera smears the learnt background: the reference is then the earlier
            # frame moved onto this one (both smoothed alike).
            now_edges, then_edges = (_edges(view) for view in self._steady)
            self.texture = float(now_edges[inside].mean()) / (
                float(then_edges[inside].mean()) + 1.0
            )
        self.score = area
        x, y, w, h = (int(v) for v in stats[best][:4])
        self.box = (x / _WIDTH, y / rows, w / _WIDTH, h / rows)
        outside = float(np.count_nonzero(region)) / region.size - area
        self.veil = float(cv2.absdiff(grey.astype(np.float32), background)[inside].mean())
        # The earlier frame as this one sees it (moved onto it when the camera shook).
        earlier = self._steady[1] if self._steady else then
        flicker = self._flicker(now, earlier, inside)
        if area < p.min_area:
            self.refused = "area"
        elif self._steady is None and self.veil < p.min_veil:
            self.refused = "no veil"
        elif outside > p.max_outside * max(area, p.local_floor):
            self.refused = "everywhere"
        elif self.texture > p.max_texture:
            self.refused = "texture"
        elif self._zoom(earlier, now) > p.max_zoom:
            self.refused = "zoom"
        elif self._wandered(stats[best], centroids[best]):
            self.refused = "moved"
        else:
            self.refused = "flicker" if flicker else ""
        return not self.refused

    def _flicker(self, now: MatLike, then: MatLike, inside: npt.NDArray[np.bool_]) -> bool:
        """True when the region's change is one brightness shift that undoes the last one."""
        change = now[inside].astype(np.int16) - then[inside].astype(np.int16)
        size = float(np.abs(change).mean())
        self.uniformity = float(change.mean()) / size if size > 0 else 0.0
        if abs(self.uniformity) < self.params.uniform:
            return False
        way = 1 if self.uniformity > 0 else -1
        last, self._last_uniform = self._last_uniform, (self._frames, way)
        return (
            last is not None
            and self._frames - last[0] <= self.params.flicker_window
            and last[1] != way
        )

    def _steadied(self, then: MatLike, now: MatLike) -> MatLike | None:
        """The earlier frame moved onto the current one when the whole view shifted, else None."""
        height, width = now.shape[:2]
        # Measured on the centre of the view, at a size the FFT is fast for (128x64 of the
        # 160x90 frame: 0.16 ms against 0.45 ms for the whole frame on this machine).
        crop_w = _SHAKE_SIZE if width >= _SHAKE_SIZE else width
        crop_h = _SHAKE_SIZE if height >= _SHAKE_SIZE else min(height, _SHAKE_SIZE // 2)
        top, left = (height - crop_h) // 2, (width - crop_w) // 2
        (dx, dy), response = self._shift(then, now, left, top, crop_w, crop_h)
        # A weak peak is no shift at all (people moving, a cut); a shift of a third of the
        # frame between frames 0.4 s apart is a pan, not a shake.
        if response < _MIN_RESPONSE or max(abs(dx), abs(dy)) < 0.5:
            return None
        if abs(dx) > width / 3 or abs(dy) > height / 3:
            return None
        self.shift = (float(dx), float(dy))
        shift = np.array([[1, 0, dx], [0, 1, dy]], np.float32)
        steadied: MatLike = cv2.warpAffine(
            then, shift, (width, height), borderMode=cv2.BORDER_REPLICATE
        )
        return steadied

    def _shift(
        self, then: MatLike, now: MatLike, x: int, y: int, w: int, h: int
    ) -> tuple[tuple[float, float], float]:
        """Shift (dx, dy) of a patch of the view between two frames, and the peak's strength."""
        window = self._windows.get((h, w))
        if window is None:
            window = self._windows[(h, w)] = cv2.createHanningWindow((w, h), cv2.CV_32F)
        (dx, dy), response = cv2.phaseCorrelate(
            then[y : y + h, x : x + w].astype(np.float32),
            now[y : y + h, x : x + w].astype(np.float32),
            window,
        )
        return (float(dx), float(dy)), float(response)

    def _zoom(self, then: MatLike, now: MatLike) -> float:
        """Change of scale (per cent) from the shifts of four patches at the edges of the view."""
        height, width = now.shape[:2]
        pw, ph = min(_ZOOM_PATCH[0], width // 2), min(_ZOOM_PATCH[1], height // 2)
        if pw < _MIN_PATCH or ph < _MIN_PATCH:
            # A sliver of a view (a very wide strip) has no room for patches: no zoom known.
            return 0.0
        mid_x, mid_y = (width - pw) // 2, (height - ph) // 2
        spots = ((0, mid_y), (width - pw, mid_y), (mid_x, 0), (mid_x, height - ph))
        shifts = [self._shift(then, now, x, y, pw, ph)[0] for x, y in spots]
        # Each patch's outward shift over its distance from the view's centre is its own
        # reading of the change of scale: a zoom or a walk forward moves every edge alike.
        half_x, half_y = (width - pw) / 2.0, (height - ph) / 2.0
        scales = [
            -shifts[0][0] / half_x,
            shifts[1][0] / half_x,
            -shifts[2][1] / half_y,
            shifts[3][1] / half_y,
        ]
        moves = [max(abs(dx), abs(dy)) for dx, dy in shifts]
        odd = int(np.argmax(moves))
        if max(moves[:odd] + moves[odd + 1 :]) < self.params.still_edges:
            # One edge moved while the other three held still: something crossing that edge
            # (a man walking at the side of a still forecourt while smoke rose in the middle),
            # not a zoom, which would have moved them all. The three still ones say the scale.
            del scales[odd]
        self.zoom = 100.0 * abs(sum(scales)) / len(scales)
        return self.zoom

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


def _edges(grey: MatLike) -> MatLike:
    """Gradient magnitude (|d/dx| + |d/dy|, uint8) of a grey picture."""
    edges: MatLike = cv2.add(
        cv2.convertScaleAbs(cv2.Sobel(grey, cv2.CV_16S, 1, 0)),
        cv2.convertScaleAbs(cv2.Sobel(grey, cv2.CV_16S, 0, 1)),
    )
    return edges
