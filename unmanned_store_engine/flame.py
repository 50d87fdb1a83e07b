"""Flame: fire colour that stays in one place and flickers there, for a second or two.

Each cue alone has a known false alarm: colour alone fires on red or orange clothes, lamps and
sunsets; flicker alone on any moving edge; persistence alone on anything static. A flame is
fire-coloured (yellow-white to orange-red; an overexposed core counts when fire colour surrounds
it), occupies the same place most of the time, and its own outline and brightness keep changing.
Where its colour is not clipped it is orange, not yellow: a yellow car, bus or fish in the sun
is the commonest lookalike on real footage (docs/accuracy.md).

Given the source frame right after the analysed one (~40 ms later on a camera), a place must
also change there in a way a small shift does not explain: a flame's inside changes shape within
one frame, a car, a lit face or a hand-held view moves almost rigidly in that time.

When the whole view moves fast (a camera carried or knocked), a warm wall or lamp moves with it:
a place whose change the view's own shift explains is carried past, not burning. A flame filmed
that way moves with the view too, but its shape changes on top of the shift.

A car passing close to the camera leaps further between two analysed frames than the small
shifts the rigidity test tries, and carries its colour with it; a flame's tongues leap too, but
its body of colour stays where the fuel is. A place whose last colour, slid by one shift, covers
this frame's colour much better than left still is a body crossing the view.

A sunlit face is orange, clipped, and changes with every expression and turn: it passes every
colour and flicker test a flame does (docs/accuracy.md, the dance room). Only where a place has
passed all of them (a few per cent of frames) is a face looked for, in the camera's own frame
around the place; a place that is mostly a face found there in recent frames is refused. A fire
behind a customer is still a flame: the place must lie mostly inside the face, not merely
overlap it.

A flame at night or on washed-out CCTV can saturate to white with at most a pale warm halo:
no pixel of it is fire-coloured. Where the view is dark and colourless, near-white blobs with a
mostly warm rim are judged in a second pass when the colour path finds nothing: a place that
is nearly all such white, big enough, whose outline flickers while its clipped core keeps its
brightness (something bright crossing a darker ground swings far more), through the same
rigidity, steadiness, slide and face tests.

A distant flame in daylight is orange but not clipped: the hot test refuses it, as it refuses
sunlit orange things. Where the whole view is colourless (a street, a car park, most CCTV) a
place that only the hot test refuses is judged on by every other test, and counts once it has
passed them for a second in a row without leaving where it was: sunsets, forests, reefs and
crowds, where orange that flickers is common, are colourful views.

An alarm on is held while fire colour stays where the flame was last seen, whatever the
flicker, heat and motion tests say of that frame: they decide whether a flame starts, and a fire
that glows steadily for a while, or is half hidden by smoke or people, has not gone out. It ends
once no fire colour has been there for the release time.

Nothing here is switched off by people or tamper: a flame's flicker is the flame's own, whoever
walks in front, and a fire that fills the view is judged like a small one (the share of its area
that flickers, not its size).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import cv2
from cv2.typing import MatLike
import numpy as np
import numpy.typing as npt

from .detector import Box
from .evidence import Evidence

BgrFrame = MatLike

_WIDTH = 160
# A flame's red channel clips: its hot part is at (or near) the sensor's top. Red clothes, skin,
# brick and most lamps stay below, measured on real footage (docs/accuracy.md).
_HOT_RED = 235
# The window is how far back the stage looks, not a wait: verdicts start once three frames
# (0.6 s) can show a place that stays fire-coloured while its outline toggles.
_FIRST_VERDICT = 3
GreyFrame = MatLike
# The longest gap (seconds) between a frame and the "next" one for the pair to show a flame's
# flicker within one step: a camera at 15 fps or more. Callers pass no pair beyond it.
PAIR_GAP = 0.07
# Mean grey-level change over the whole view below which a "next" frame is a duplicate.
_SAME_FRAME = 0.2
# Phase correlation's peak below which the view did not move as one (a change, not a shift).
_VIEW_PEAK = 0.2
# Refusals of a place that passed the colour tests: the next frame may decide it.
_MOTION_TESTED = ("", "flicker", "rigid", "steady", "carried", "slides", "face")
# OpenCV's frontal-face Haar cascades, shipped inside the opencv-python(-headless) wheel
# (cv2.data; Intel's BSD-style licence): nothing of ours to ship. Two cascades together find the
# dance room's sunlit face on more frames than either alone (docs/accuracy.md).
_FACE_CASCADES = ("haarcascade_frontalface_default.xml", "haarcascade_frontalface_alt2.xml")
# A face looked for around a place: the crop is this many times the place's box (a face is
# about the place's size when the place is a face), scaled to this many pixels a side, so the
# place is ~48 px there whatever the camera's resolution (Haar's windows start at 20-24 px).
_FACE_CROP = 2.5
_FACE_SIDE = 120
# The smallest face looked for, as a share of the place's box in the crop: a face much smaller
# than the place cannot be most of it.
_FACE_SMALLEST = 0.35
# A detector's face box covers brows to mouth; grown this much about its centre it takes in
# the forehead, chin and the lit neck below that belong to the same place.
_FACE_GROW = 1.5
# Scale step between the cascade's window sizes.
_FACE_STEP = 1.1
FullFrame = MatLike | Callable[[], MatLike]
# A frame's measures, as a trace shows them: the colour path's are put back when the white-hot
# pass that follows it finds no place to judge.
_TRACED = (
    "score",
    "hot",
    "toggling",
    "rigid",
    "candidate",
    "yellow",
    "whiteness",
    "view_shift",
    "carried",
    "slide",
    "face",
    "faces",
    "flutter",
    "refused",
    "box",
)


@dataclass(frozen=True, slots=True)
class FlameParams:
    """Window and persistence are in analysed frames (5 fps: 5 frames = 1 s)."""

    window: int = 6
    persistence: int = 5
    release: int = 10
    min_area: float = 0.001
    min_presence: float = 0.5
    min_swing: float = 10.0
    min_hot: float = 0.25
    min_toggle: float = 0.1
    max_rigid: float = 0.5
    max_yellow: float = 0.75
    # Strong evidence: a clearly hot place flickering hard that changed shape, not position,
    # in two frames running. It counts twice, so a short, fierce fire alarms sooner.
    strong_swing: float = 14.0
    strong_hot: float = 0.6
    strong_rigid: float = 0.1
    # Share of the change over one source frame (~40 ms) that no shift of up to 2 px explains,
    # over the place, averaged over the last `flutter_frames` measured frames: a flame's inside
    # changes shape that fast, a car, a face or a hand-held view moves almost rigidly. Only
    # judged when the caller gives the next frame.
    min_flutter: float = 0.4
    flutter_frames: int = 2
    # A view that moved by at least `carried_shift` px (at 160 px) since the last analysed
    # frame, measured outside the place, is a moving camera (a fixed camera's view does not
    # move that fast unless knocked); a place whose change that same shift explains for more
    # than `max_carried` moved with the view. Hand-held fires: at most 0.71 explained; a walk
    # past warm-lit walls: 0.73-0.93 (docs/accuracy.md).
    carried_shift: float = 5.0
    max_carried: float = 0.75
    # A body crossing the view carries its colour with it: last analysed frame's fire colour in
    # the place's box, slid by its best shift within `slide_reach` px (at least `slide_shift`
    # px away from the view's own), covers at least `min_slide` more of this frame's fire
    # colour than it does where it was. A flame's colour stays where the fuel is. A car close
    # to the camera crosses 5-25 px (at 160 px) between analysed frames, beyond the rigidity
    # test's 2 px: a taxi up to 0.55, fires up to 0.30 before their alarm (docs/accuracy.md,
    # branch `flame5`). `slide_reach` 0 turns the test off.
    slide_reach: int = 24
    slide_shift: float = 3.0
    min_slide: float = 0.4
    # A place lying at least `min_face` inside a face found around it (Haar, in the camera's
    # frame), in at least `face_hits` of the last `face_memory` analysed frames including this
    # one, is a face. Memory: the place itself is a memory of the window (fire-coloured in most
    # of its frames), so a face seen there lately explains it while the person turns away.
    # Two hits: a flame's tongues make a lone false face now and then (measured on every fire
    # clip), a sunlit face is found again and again. `face_memory` 0 turns the test off.
    min_face: float = 0.5
    face_hits: int = 2
    face_memory: int = 6
    # White-hot flames (white_hot_mask), judged in a pass of their own when the colour path
    # refuses a frame, with the same hot, motion and face tests: only where every frame of the
    # window is dark and colourless (mean grey <= `white_dark`, mean saturation <= `white_sat`;
    # `white_dark` 0 turns the pass off); pixels at least `white_core` grey with R >= B, in
    # blobs whose 2 px rim is at least `white_ring` warm (R - B >= `white_warm` of R). A place
    # must be at least `white_share` white-hot and `white_min_area` of the view (a lone
    # headlight or lamp is smaller), its swing over core and rim (in or out of the mask) within
    # `white_swing`..`white_max_swing` and its outline toggling on `white_toggle` of it.
    # Measured (docs/accuracy.md, branch `whitehot`): fire_night_car (mean grey 82-94,
    # saturation ~27, white 5-7 % of the view, swing 3.7-6.8, toggles 0.35-1.2) alarms at 1.4 s
    # (1.6 s native), missed before; every other fire's alarm the same; no false flame on the
    # 66.2 min without fire at these values nor with either scene gate removed or any one
    # place test loosened (share 0.8, max swing 16, area 0.002, toggle 0.2); white umbrellas on
    # a grey pavement swing 17-38, warm-lit restaurant and shop places are 0.5-0.9 white.
    white_dark: float = 130.0
    white_sat: float = 50.0
    white_core: int = 215
    white_warm: float = 0.1
    white_ring: float = 0.5
    white_swing: float = 3.5
    white_toggle: float = 0.3
    white_max_swing: float = 12.0
    white_min_area: float = 0.004
    white_share: float = 0.95
    # Lukewarm flames: a distant flame in daylight is orange but not clipped, so the hot test
    # refuses it. Where every frame of the window is a colourless view (mean HSV saturation at
    # most `lukewarm_sat`: streets, car parks, most CCTV), a place that the hot test alone
    # refuses is judged on without it, by every other test, and counts only once a place has
    # passed them in `lukewarm_run` analysed frames in a row without leaving the box of the
    # run's first frame (someone in orange walking by does; `lukewarm_run` 0 turns it off):
    # its alarm needs `lukewarm_run` + `persistence` - 1 such frames (1.6 s after the first).
    # Measured (docs/accuracy.md, branch `flamenews`): fire_vehicle_news (view saturation
    # 27-31, the place's hot share 0.01-0.07, swing 12-13) alarms at 2.8 s, 6.8 s before;
    # every other fire's alarm the same; no false flame on the 66.2 min without fire at these
    # values, nor at saturation 80 or a run of 3 (at 80 and 3 together, one; without the view
    # gate, 3 standard and 4 native: a sunset over the sea and a forest are colourful views).
    lukewarm_sat: float = 60.0
    lukewarm_run: int = 5

    @classmethod
    def for_sensitivity(cls, sensitivity: float) -> FlameParams:
        """Map 0-100 (50 = defaults) onto area, flicker and persistence."""
        s = (min(max(sensitivity, 0.0), 100.0) - 50.0) / 50.0  # -1 .. 1
        return cls(
            persistence=max(3, round(5 - 2 * s)),
            min_area=0.001 * 2.0 ** (-1.5 * s),
            min_swing=10.0 - 3.0 * s,
            strong_swing=14.0 - 3.0 * s,
            min_hot=0.25 - 0.1 * s,
            max_yellow=0.75 + 0.05 * s,
        )


def fire_colour_mask(frame: BgrFrame) -> MatLike:
    """Pixels that may be fire: red over green over blue, bright red, clearly warm.

    R >= G > B with a bright red channel is the classic RGB rule (Chen et al. 2004), widened to
    deep orange (green down to a third of red), and held to a saturation (blue at most 55 % of
    red) that lit skin and pale wood do not reach. Overexposed pixels next to fire colour join
    it: a camera clips a flame's core to white.
    """
    b, g, r = (frame[:, :, i].astype(np.int16) for i in range(3))
    warm = (r > 150) & (r >= g) & (g > b) & ((r - b) * 20 > r * 9) & (g * 3 > r)
    bright = (r > 235) & (g > 220) & (b > 170)
    near = cv2.dilate(warm.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    return ((warm | (bright & near)).astype(np.uint8)) * 255


def white_hot_mask(
    frame: BgrFrame, params: FlameParams, grey: GreyFrame | None = None
) -> MatLike | None:
    """Near-white blobs whose rim is mostly warm (R over B), in a dark, colourless view.

    A flame at night or on washed-out CCTV saturates to white with at most a pale warm halo,
    which the fire colour rule never takes (fire_night_car: white core, R <= 234 in a
    limited-range clip, in a halo with R - B about 20 % of R). Only looked for where the view
    is dark and nearly colourless (mean grey and mean HSV saturation at most `white_dark`,
    `white_sat`): None when it is not, so a window with such a frame gets no white-hot verdict.
    `grey` is the frame's grey image when the caller has it.
    """
    p = params
    rows, cols = frame.shape[:2]
    if grey is None:
        grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    if float(cv2.mean(grey)[0]) > p.white_dark:
        return None
    empty = np.zeros((rows, cols), np.uint8)
    bright = (grey >= p.white_core).astype(np.uint8)
    if cv2.countNonZero(bright) < 4:
        return empty
    # A quarter of the pixels each way says how colourful the view is (the whole frame's
    # conversion costs 0.06 ms).
    few = cv2.resize(frame, (max(1, cols // 4), max(1, rows // 4)), interpolation=cv2.INTER_NEAREST)
    if float(cv2.mean(cv2.cvtColor(few, cv2.COLOR_BGR2HSV))[1]) > p.white_sat:
        return None
    # The rest only around the bright pixels, with room for their rim.
    x, y, w, h = cv2.boundingRect(bright)
    x0, y0 = max(0, x - 2), max(0, y - 2)
    x1, y1 = min(cols, x + w + 2), min(rows, y + h + 2)
    b, g, r = (frame[y0:y1, x0:x1, i].astype(np.int16) for i in range(3))
    core = ((bright[y0:y1, x0:x1] > 0) & (r >= b)).astype(np.uint8)
    grown = cv2.dilate(core, np.ones((5, 5), np.uint8))
    ring = (grown > 0) & (core == 0)
    # In integers: R - B at least `white_warm` of R (in hundredths).
    warm_rim = ring & (r > 100) & ((r - b) * 100 >= r * round(100 * p.white_warm)) & (r >= g)
    count, labels = cv2.connectedComponents(grown, connectivity=8)
    rims = np.bincount(labels[ring], minlength=count)
    warms = np.bincount(labels[warm_rim], minlength=count)
    keep = warms >= p.white_ring * np.maximum(rims, 1)
    keep[0] = False
    if not keep.any():
        return empty
    # Usually every blob or none: the per-pixel look-up only when some are kept, some not.
    empty[y0:y1, x0:x1] = core if keep[1:].all() else keep[labels] & (core > 0)
    return empty


class FlameDetector:
    """Reports when a flickering fire-coloured region persists in downscaled colour frames."""

    def __init__(self, params: FlameParams | None = None) -> None:
        """Create an idle detector."""
        self.params = params or FlameParams()
        self._masks: deque[MatLike] = deque(maxlen=self.params.window)
        self._count: MatLike = np.zeros((1, 1), np.uint8)
        self._luma: deque[GreyFrame] = deque(maxlen=self.params.window)
        self._colour: deque[BgrFrame] = deque(maxlen=self.params.window)
        self._white: deque[MatLike] = deque(maxlen=self.params.window)
        self._dim: deque[bool] = deque(maxlen=self.params.window)
        self._saturation: deque[float] = deque(maxlen=self.params.window)
        # Analysed frames in a row in which a place passed every test but perhaps the hot one,
        # staying where it was on the first (`_anchor`, the box of that frame's place).
        self._run = 0
        self._anchor: tuple[float, float, float, float] | None = None
        self._evidence = Evidence()
        # Whether the previous frame's place changed shape rather than moved (strong evidence).
        self._was_shapeless = False
        self.score = 0.0
        self.hot = 0.0
        self.toggling = 0.0
        self.rigid = 0.0
        self.yellow = 0.0
        # How far the view outside the place moved since the last analysed frame (px at 160 px)
        # and the share of the place's change that shift explains (0 when not measured).
        self.view_shift = 0.0
        self.carried = 0.0
        # How much more of this frame's fire colour the last frame's covers slid as one body
        # than left in place (0 when not measured).
        self.slide = 0.0
        # The largest share of the place inside a face found around it in recent frames, and
        # in how many recent frames a face held at least `min_face` of it (0 when not measured).
        self.face = 0.0
        self.faces = 0
        # Faces found lately: (analysed frame number, box as fractions of the view).
        self._faces: deque[tuple[int, tuple[float, float, float, float]]] = deque()
        self._frame = 0
        self._cascades: list[cv2.CascadeClassifier] | None = None
        # Share of the change between this frame and the next source frame (given to update())
        # that the best small shift leaves, over the place; -1 when not measured.
        self.flutter = -1.0
        self._flutters: deque[float] = deque(maxlen=self.params.flutter_frames)
        self._white_flutters: deque[float] = deque(maxlen=self.params.flutter_frames)
        self._white_pass = False
        self._lukewarm = False
        self._hot_refusal: dict[str, object] | None = None
        self._tested = False
        self.whiteness = 0.0
        # Whether the next frame would be used (a place reached the motion tests lately): a
        # camera thread retrieves the frame after an analysed one only then.
        self.wants_pair = False
        self._pair: BgrFrame | None = None
        # Why the last frame was not a flame (empty when it was): which test refused it, for
        # tracing a missed or late fire on real footage (benchmarks/hazard_footage.py --trace).
        self.refused = ""
        # Share of the view fire-coloured in most frames of the window (the candidate place).
        self.candidate = 0.0
        self.box: tuple[float, float, float, float] | None = None
        # This frame's fire-coloured place (x, y, w, h), whatever the tests said of it, and
        # where the flame was last seen: while the alarm is on, the one touching the other
        # holds it (`held`).
        self._place: tuple[float, float, float, float] | None = None
        self._alarm_place: tuple[float, float, float, float] | None = None
        self.held = False

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
        """Where the flame was last seen (x, y, w, h, fractions of the view) while the alarm
        is on: what a snapshot marks for the owner to look at."""
        return self._alarm_place if self._evidence.active else None

    def set_params(self, params: FlameParams) -> None:
        """New decision levels (a sensitivity change); history is kept if the window is."""
        if params.window != self.params.window:
            self._masks = deque(maxlen=params.window)
            self._luma = deque(maxlen=params.window)
            self._colour = deque(maxlen=params.window)
            self._white = deque(maxlen=params.window)
            self._dim = deque(maxlen=params.window)
            self._saturation = deque(maxlen=params.window)
        if params.flutter_frames != self.params.flutter_frames:
            self._flutters = deque(maxlen=params.flutter_frames)
            self._white_flutters = deque(maxlen=params.flutter_frames)
        self.params = params

    def reset(self) -> None:
        """Forget history (the view changed shape)."""
        self._masks.clear()
        self._luma.clear()
        self._colour.clear()
        self._white.clear()
        self._dim.clear()
        self._saturation.clear()
        self._run = 0
        self._flutters.clear()
        self._white_flutters.clear()
        self._faces.clear()
        self._evidence.forget()
        self._was_shapeless = False

    def update(
        self,
        frame: BgrFrame,
        next_frame: BgrFrame | None = None,
        full: FullFrame | None = None,
    ) -> bool | None:
        """Analyse a frame; returns True when a flame starts, False when it ends, else None.

        `next_frame` is the source frame right after this one (a camera's next, ~40 ms later),
        when the caller has it: a place must then also change within that short step in a way
        no small shift explains. Without it the verdict rests on the analysed frames alone.
        `full` is the same frame at the camera's resolution (or a function returning it, called
        only when a place reaches the face test), where a face is looked for; without it the
        face is looked for in `frame`.
        """
        self._frame += 1
        self._pair = (
            next_frame if next_frame is not None and next_frame.shape == frame.shape else None
        )
        height, width = frame.shape[:2]
        small = cv2.resize(
            frame, (_WIDTH, max(1, height * _WIDTH // width)), interpolation=cv2.INTER_AREA
        )
        mask = fire_colour_mask(small) // 255
        grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
        white = white_hot_mask(small, self.params, grey) if self.params.white_dark > 0 else None
        if self._masks and self._masks[-1].shape != mask.shape:
            self.reset()
        # A running count of fire-coloured frames per pixel over the window.
        if not self._masks:
            self._count = mask.copy()
        else:
            if len(self._masks) == self.params.window:
                self._count = cv2.subtract(self._count, self._masks[0])
            self._count = cv2.add(self._count, mask)
        self._masks.append(mask)
        self._luma.append(grey)
        self._colour.append(small)
        self._white.append(white if white is not None else np.zeros_like(mask))
        self._dim.append(white is not None)
        self._saturation.append(_saturation(small))
        whole = full if full is not None else frame
        self._white_pass = False
        p = self.params
        # In a colourless view a place that only the hot test refuses is judged on without it.
        self._lukewarm = p.lukewarm_run > 0 and max(self._saturation) <= p.lukewarm_sat
        seen = self._evaluate(whole)
        tested = self._tested
        if seen:
            self._extend_run()
            if self._hot_refusal is not None and self._run < p.lukewarm_run:
                # Passed without the hot test: it counts once its place has passed this long.
                seen = False
                self.refused = "lukewarm"
        if (
            not seen
            and self.refused != "lukewarm"
            and p.white_dark > 0
            and all(self._dim)
            and any(w.any() for w in self._white)
        ):
            # The colour path refused: a white-hot place is judged on its own, with the same
            # motion tests (its own flutter memory, so the colour path's stays as it was).
            kept = self._measures()
            self._white_pass = True
            seen = self._evaluate(whole)
            self._white_pass = False
            tested = tested or self._tested
            if self.refused in ("window", "area"):
                self._restore(kept)
            if seen:
                self._extend_run()
        if not seen and self.refused != "lukewarm":
            self._run = 0
        measured = self.refused in ("", "rigid")
        shapeless = measured and self.rigid <= p.strong_rigid
        strong = (
            seen
            and shapeless
            and self._was_shapeless
            and self.score >= p.strong_swing
            and self.hot >= p.strong_hot
        )
        self._was_shapeless = shapeless
        self._pair = None
        self.wants_pair = tested
        if not self.wants_pair:
            self._flutters.clear()
            self._white_flutters.clear()
        if strong and self._evidence.hits > 0:
            # Counted twice: one more hit on top of the step's own. Only on top of evidence
            # already there, so a single frame never counts as two.
            self._evidence.hits += 1
        if seen:
            self._alarm_place = self.box
        # One fire, one alarm: while the alarm is on, fire colour where it burns holds it,
        # whatever this frame's flicker, heat or motion tests say. Those tests decide whether
        # a flame starts; a fire that glows steadily for a while, or is hidden by smoke and
        # people, has not gone out. On the 29 fire clips (tuned and held out) ended alarms
        # started again 11 times, each a new notification; with the hold twice, both after a
        # news item's cut. Every first alarm and every clip without fire the same.
        self.held = (
            not seen
            and self._evidence.active
            and self._place is not None
            and self._alarm_place is not None
            and Box(0.0, *self._place).intersection(Box(0.0, *self._alarm_place)) > 0
        )
        if self.held:
            return None
        return self._evidence.step(seen, p.persistence, p.release)

    def _extend_run(self) -> None:
        """One more frame in which a place passed (every test but perhaps the hot one): the run
        goes on while the place stays where the run began (its centre inside that place's box),
        else a new run begins here. A body walking across the view leaves its first box within
        a few frames; a flame stays where its fuel is."""
        box = self.box
        anchor = self._anchor
        if self._run and anchor is not None and box is not None:
            cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
            if (
                anchor[0] <= cx <= anchor[0] + anchor[2]
                and anchor[1] <= cy <= anchor[1] + anchor[3]
            ):
                self._run += 1
                return
        self._run = 1
        self._anchor = box

    def _evaluate(self, full: FullFrame) -> bool:
        """Judge this frame's place (the white-hot pass's with `_white_pass`); in a colourless
        view (`_lukewarm`) a place the hot test alone refuses is judged on without it, and
        reads as refused "hot" again unless it then passes (`_hot_refusal` says it did)."""
        seen = self._judge(full)
        # Whether the place reached the tests that the next frame may decide.
        self._tested = self.refused in _MOTION_TESTED
        if not seen and self._hot_refusal is not None:
            self._restore(self._hot_refusal)
        return seen

    def _refused_hot(self) -> bool:
        """Refuse the place as not hot; False when it is to be judged on without the hot test
        (kept as the frame's refusal in case it fails another)."""
        self.refused = "hot"
        if not self._lukewarm or self._white_pass or self._hot_refusal is not None:
            return True
        self._hot_refusal = self._measures()
        return False

    def _judge(self, full: FullFrame) -> bool:
        p = self.params
        self._hot_refusal = None
        min_hot = p.min_hot
        # Measures of this frame only: a value left from an earlier frame would mislead a trace.
        self.score = self.hot = self.toggling = self.rigid = self.candidate = self.yellow = 0.0
        self.whiteness = 0.0
        self.view_shift = self.carried = self.slide = self.face = 0.0
        self.faces = 0
        self.flutter = -1.0
        self._place = None
        if len(self._masks) < _FIRST_VERDICT:
            self.refused = "window"
            return False
        full_rows, full_cols = self._count.shape
        pixels = full_rows * full_cols
        white_pass = self._white_pass
        windowed = np.stack(self._masks)
        counted = self._count
        if white_pass:
            # The white-hot pass: fire colour and white-hot pixels together.
            windowed = windowed | np.stack(self._white)
            counted = windowed.sum(axis=0)
        # The place a flame occupies: fire-coloured in most recent frames. Something that walks
        # through is fire-coloured at each place only briefly and drops out here.
        region = (counted >= p.min_presence * len(self._masks)).astype(np.uint8)
        self.candidate = cv2.countNonZero(region) / pixels
        if self.candidate < p.min_area:
            self.refused = "area"
            return False
        # The rest of the work only where a candidate is (usually a small part of the view).
        bx, by, bw, bh = cv2.boundingRect(region)
        self._place = (bx / full_cols, by / full_rows, bw / full_cols, bh / full_rows)
        top, left = max(0, by - 3), max(0, bx - 3)
        bottom, right = by + bh + 3, bx + bw + 3
        masks = windowed[:, top:bottom, left:right] > 0
        region = region[top:bottom, left:right]
        # Each place with its rim (where the tongues come and go) is judged alone, so static
        # fire-coloured goods elsewhere in the view do not dilute a real flame.
        grown = cv2.dilate(region, np.ones((5, 5), np.uint8))
        count, labels, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
        core = region > 0
        cores = np.bincount(labels[core], minlength=count).astype(np.float64)
        # Hot first: it is the cheapest test and rejects most warm things that are not fire.
        colour = np.stack(self._colour)[:, top:bottom, left:right]
        reds = colour[:, :, :, 2]
        hot = core & (reds.max(axis=0) >= _HOT_RED)
        whites: npt.NDArray[np.bool_] = np.zeros((1, 1, 1), bool)
        whiteness = np.zeros(count)
        if white_pass:
            # Near-white by construction: a white-hot place is hot where it was white.
            whites = np.stack(self._white)[:, top:bottom, left:right] > 0
            white_core = core & whites.any(axis=0)
            hot |= white_core
            whiteness = np.bincount(labels[white_core], minlength=count) / np.maximum(cores, 1.0)
        hots = np.bincount(labels[hot], minlength=count) / np.maximum(cores, 1.0)
        candidates = cores >= p.min_area * pixels
        candidates[0] = False
        if white_pass:
            candidates &= (whiteness >= p.white_share) & (cores >= p.white_min_area * pixels)
        if not (candidates & (hots >= min_hot)).any():
            if not candidates.any():
                self.refused = "area"
                return False
            self.hot = float(hots[candidates].max())
            if self._refused_hot():
                return False
            min_hot = 0.0
        # A flame's unclipped part is orange (green well below red); a yellow taxi, a school
        # bus, a yellow fish or gold goods are yellow there (green 0.8-1.0 of red, measured on
        # real footage): the green/red ratio over the place's fire-coloured, unclipped pixels.
        yellows = _yellowness(colour, masks & ~whites if white_pass else masks, labels, core, count)
        if not (candidates & (hots >= min_hot) & (yellows <= p.max_yellow)).any():
            hot_enough = candidates & (hots >= min_hot)
            self.hot = float(hots[hot_enough].max())
            self.yellow = float(yellows[hot_enough].min())
            self.refused = "yellow"
            return False
        candidates &= yellows <= p.max_yellow
        # Brightness swing while the pixel stays fire-coloured: a flame's own flicker. Someone
        # walking in front of a red extinguisher makes it stop being fire-coloured instead.
        inside = candidates[labels]
        where = inside & core
        values = np.stack(self._luma)[:, top:bottom, left:right][:, where].astype(np.float32)
        weights = masks[:, where].astype(np.float32)
        counted = np.maximum(weights.sum(axis=0), 1.0)
        mean = (values * weights).sum(axis=0) / counted
        swing = np.sqrt(np.maximum((values * values * weights).sum(axis=0) / counted - mean**2, 0))
        swings = np.bincount(labels[where], weights=swing, minlength=count) / np.maximum(cores, 1)
        rim = masks[:, inside].astype(np.int8)
        toggles = np.abs(np.diff(rim, axis=0)).sum(axis=0) >= 2
        toggling = np.bincount(labels[inside][toggles], minlength=count) / np.maximum(cores, 1)
        if white_pass:
            # A white-hot place's core is clipped: its brightness cannot swing where it stays
            # in the mask. Its outline does: the swing over core and rim, in or out of the mask.
            plain = np.stack(self._luma)[:, top:bottom, left:right][:, inside].std(axis=0)
            swings = np.bincount(labels[inside], weights=plain, minlength=count) / np.maximum(
                np.bincount(labels[inside], minlength=count), 1
            )
        best = int(np.argmax(np.where(candidates, swings, -1.0)))
        self.whiteness = float(whiteness[best]) if white_pass else 0.0
        self.score = float(swings[best])
        x, y, w, h = (int(v) for v in stats[best][:4])
        self.box = ((x + left) / full_cols, (y + top) / full_rows, w / full_cols, h / full_rows)
        self.hot = float(hots[best])
        self.yellow = float(yellows[best])
        self.toggling = float(toggling[best])
        # The most flickering place must itself be hot: a warm lamp that a hot spot elsewhere
        # happens to accompany is not a flame.
        if self.hot < min_hot and self._refused_hot():
            return False
        if white_pass:
            # Its core stays white: a white-hot place whose brightness swings widely is
            # something bright crossing a darker ground (white umbrellas over a grey pavement
            # swing 17-38, the night car fire 3.7-6.8).
            flickers = (
                p.white_swing <= self.score <= p.white_max_swing and self.toggling >= p.white_toggle
            )
        else:
            flickers = self.score >= p.min_swing and self.toggling >= p.min_toggle
        if not flickers:
            self.refused = "flicker"
            return False
        luma = np.stack((self._luma[-2], self._luma[-1]))[:, top:bottom, left:right]
        # Judged on the place itself: a taxi or a dancer moving over a still background is
        # rigid where it is, though most of its bounding box (the background) does not move.
        place = (labels == best) & core
        self.rigid = _rigidity(luma[0], luma[1], (x, y, w, h), place)
        self.refused = "rigid" if self.rigid > p.max_rigid else ""
        if not self.refused:
            self._judge_motion((x + left, y + top, w, h), place, (top, left))
        pair = self._pair_luma()
        if pair is not None:
            after = pair[top:bottom, left:right]
            self.flutter = 1.0 - _rigidity(luma[1], after, (x, y, w, h), place)
            flutters = self._white_flutters if white_pass else self._flutters
            flutters.append(self.flutter)
            if not self.refused and sum(flutters) < p.min_flutter * len(flutters):
                self.refused = "steady"
        # Not while the alarm is on: the test keeps a face from starting one, and a fire's
        # every frame reaches it (most of the test's cost on the fire footage).
        if not self.refused and p.face_memory > 0 and not self._evidence.active:
            self._judge_face(full, (x + left, y + top, w, h), place, (top, left))
        return not self.refused

    def _judge_face(
        self,
        full: FullFrame,
        box: tuple[int, int, int, int],
        place: npt.NDArray[np.bool_],
        at: tuple[int, int],
    ) -> None:
        """Refuse a place that lies mostly inside faces found around it lately (`full` the
        camera's frame, `box` in the view, `place` from `at` = (top, left) of the candidate's
        crop)."""
        p = self.params
        rows, cols = self._count.shape
        view = (box[0] / cols, box[1] / rows, box[2] / cols, box[3] / rows)
        while self._faces and self._faces[0][0] <= self._frame - p.face_memory:
            self._faces.popleft()
        ys, xs = np.nonzero(place)
        # Pixel centres of the place, as fractions of the view.
        centres = np.column_stack(((xs + at[1] + 0.5) / cols, (ys + at[0] + 0.5) / rows))
        if len(self._holding(centres)) < p.face_hits:
            # Cascade by cascade: once one face holds the place, the next cascade is not run.
            # Not at all when recent sightings already decide (a face held for seconds).
            for face in self._find_faces(full() if callable(full) else full, view):
                self._faces.append((self._frame, face))
                if face_share(centres, face) >= p.min_face:
                    break
        # Frames, not faces: two cascades finding one face in one frame are one sighting.
        self.faces = len(self._holding(centres))
        if self.faces >= p.face_hits:
            self.refused = "face"

    def _holding(self, centres: npt.NDArray[np.float64]) -> set[int]:
        """Frame numbers of the remembered faces that hold most of the place (`centres`)."""
        holding = set()
        for number, face in self._faces:
            share = face_share(centres, face)
            self.face = max(self.face, share)
            if share >= self.params.min_face:
                holding.add(number)
        return holding

    def _find_faces(
        self, full: MatLike, box: tuple[float, float, float, float]
    ) -> Iterator[tuple[float, float, float, float]]:
        """Faces (x, y, w, h as fractions of the view) in a crop of `full` around `box`, one
        cascade after the other (a cascade runs only when asked for more)."""
        rows, cols = full.shape[:2]
        bx, by, bw, bh = box[0] * cols, box[1] * rows, box[2] * cols, box[3] * rows
        side = max(bw, bh) * _FACE_CROP
        cx, cy = bx + bw / 2, by + bh / 2
        x0, y0 = max(0, int(cx - side / 2)), max(0, int(cy - side / 2))
        # At least one pixel: the place's box lies in the frame and is at least one stage pixel.
        x1, y1 = (
            min(cols, max(x0 + 1, int(cx + side / 2))),
            min(rows, max(y0 + 1, int(cy + side / 2))),
        )
        grey = cv2.cvtColor(full[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY)
        scale = _FACE_SIDE / max(grey.shape)
        size = (max(1, round(grey.shape[1] * scale)), max(1, round(grey.shape[0] * scale)))
        grey = cv2.resize(
            grey, size, interpolation=cv2.INTER_LINEAR if scale > 1 else cv2.INTER_AREA
        )
        smallest = max(20, int(max(bw, bh) * scale * _FACE_SMALLEST))
        for cascade in self._face_cascades():
            for fx, fy, fw, fh in cascade.detectMultiScale(
                grey, _FACE_STEP, 3, minSize=(smallest, smallest)
            ):
                yield (
                    (x0 + fx / scale) / cols,
                    (y0 + fy / scale) / rows,
                    fw / scale / cols,
                    fh / scale / rows,
                )

    def _face_cascades(self) -> list[cv2.CascadeClassifier]:
        """This detector's own cascades (a cascade is not safe to share between camera
        threads), loaded on first use; none when OpenCV ships without them."""
        if self._cascades is None:
            folder = getattr(getattr(cv2, "data", None), "haarcascades", "")
            loaded = [cv2.CascadeClassifier(folder + name) for name in _FACE_CASCADES]
            self._cascades = [c for c in loaded if not c.empty()]
        return self._cascades

    def _judge_motion(
        self, box: tuple[int, int, int, int], place: npt.NDArray[np.bool_], at: tuple[int, int]
    ) -> None:
        """Refuse a place that moved with a fast-moving view, or whose colour slid across the
        view as one body (`box` in the frame, `place` from `at` = (top, left) of the
        candidate's crop)."""
        p = self.params
        before, after = self._luma[-2], self._luma[-1]
        dx, dy = _view_shift(before, after, box)
        self.view_shift = float(np.hypot(dx, dy))
        if self.view_shift >= p.carried_shift:
            whole = np.zeros(before.shape, bool)
            top, left = at
            whole[top : top + place.shape[0], left : left + place.shape[1]] = place
            self.carried = _rigidity(before, after, box, whole, (round(dx), round(dy)), 1)
            if self.carried > p.max_carried:
                self.refused = "carried"
                return
        # Not while the alarm is on: the test keeps a passing body from starting one; a fire's
        # tongues leap now and then, and need not end its alarm for that.
        if p.slide_reach > 0 and not self._evidence.active:
            self.slide, (sx, sy) = colour_slide(*self._slide_masks(), box, p.slide_reach, (dx, dy))
            if self.slide >= p.min_slide and np.hypot(sx, sy) >= p.slide_shift:
                self.refused = "slides"

    def _slide_masks(self) -> tuple[MatLike, MatLike]:
        """The last two masks of the pass being judged (with the white-hot pixels in its pass)."""
        if self._white_pass:
            return (
                cv2.bitwise_or(self._masks[-2], self._white[-2]),
                cv2.bitwise_or(self._masks[-1], self._white[-1]),
            )
        return self._masks[-2], self._masks[-1]

    def _measures(self) -> dict[str, object]:
        """This frame's traced measures (to put back when a second pass finds nothing)."""
        return {name: getattr(self, name) for name in _TRACED}

    def _restore(self, kept: dict[str, object]) -> None:
        for name, value in kept.items():
            setattr(self, name, value)

    def _pair_luma(self) -> GreyFrame | None:
        """The next source frame at the stage's resolution, or None if there is none to use.

        A frame identical to this one (a duplicated frame: a stream padding its rate, a file
        resampled up) says nothing about 40 ms of change, so it counts as no pair.
        """
        if self._pair is None:
            return None
        current = self._luma[-1]
        rows, cols = current.shape
        small = cv2.resize(self._pair, (cols, rows), interpolation=cv2.INTER_AREA)
        grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
        if float(cv2.absdiff(grey, current).mean()) < _SAME_FRAME:
            return None
        return grey


def _saturation(frame: BgrFrame) -> float:
    """Mean HSV saturation of a view, from a quarter of its pixels each way."""
    rows, cols = frame.shape[:2]
    few = cv2.resize(frame, (max(1, cols // 4), max(1, rows // 4)), interpolation=cv2.INTER_NEAREST)
    return float(cv2.mean(cv2.cvtColor(few, cv2.COLOR_BGR2HSV))[1])


def face_share(centres: npt.NDArray[np.float64], face: tuple[float, float, float, float]) -> float:
    """Share of a place's pixels (`centres`: x, y rows as fractions of the view) inside a face.

    The face's box (x, y, w, h, fractions) is grown about its centre by _FACE_GROW: a Haar box
    spans brows to mouth, and the forehead, chin and lit neck are the same place. A fire behind
    a customer is larger than the face in front of it: most of it lies outside.
    """
    fx, fy, fw, fh = face
    half = np.array([fw, fh]) * _FACE_GROW / 2
    if not len(centres):
        return 0.0
    inside = np.all(np.abs(centres - (fx + fw / 2, fy + fh / 2)) <= half, axis=1)
    return float(np.mean(inside))


def _yellowness(
    colour: MatLike,
    masks: npt.NDArray[np.bool_],
    labels: MatLike,
    core: npt.NDArray[np.bool_],
    count: int,
) -> npt.NDArray[np.float64]:
    """Mean green/red per labelled place over its fire-coloured, unclipped pixels in the window.

    Clipped pixels (red at the hot level) say nothing about hue: a flame's core and a sunlit
    car's highlight are both near white there. A place with too few such pixels to judge
    reads 0 (not yellow).
    """
    where = masks & core[None] & (colour[:, :, :, 2] < _HOT_RED)
    red = colour[:, :, :, 2][where].astype(np.float64)
    ratio = colour[:, :, :, 1][where] / np.maximum(red, 1.0)
    place = np.broadcast_to(labels[None], where.shape)[where]
    n = np.bincount(place, minlength=count)
    total = np.bincount(place, weights=ratio, minlength=count)
    return np.where(n >= 4, total / np.maximum(n, 1), 0.0)


def _rigidity(
    before: GreyFrame,
    after: GreyFrame,
    box: tuple[int, int, int, int],
    place: npt.NDArray[np.bool_] | None = None,
    centre: tuple[int, int] = (0, 0),
    reach: int = 2,
) -> float:
    """How much of the change in a box a small shift explains: 0 for a flame, ~1 for a pan.

    A hand-held or panning camera moves a warm, bright, busy patch (sunlit ground, a lamp)
    rigidly, and so does a car or a person moving over a still background; a flame changes
    shape. Shifts of up to 2 px at 160 px are tried. With `place` (a mask the size of the
    frames), only its pixels in the box are compared: measured on the box, the still background
    around a moving object dilutes its motion (a slow yellow taxi read 0.0-0.1). With `centre`,
    the shifts tried are those within `reach` px of it (a known motion of the whole view).
    """
    base, least = _shift_residual(before, after, box, place, centre, reach)
    if base <= 1.0:
        return 0.0
    return 1.0 - least / base


def _shift_residual(
    before: GreyFrame,
    after: GreyFrame,
    box: tuple[int, int, int, int],
    place: npt.NDArray[np.bool_] | None = None,
    centre: tuple[int, int] = (0, 0),
    reach: int = 2,
) -> tuple[float, float]:
    """Mean absolute change in a box (or its `place` pixels): as is, and after the best shift.

    Shifts within `reach` px of `centre` each way are tried; the box is kept far enough from
    the frame's edges for every shift to stay inside it.
    """
    x, y, w, h = box
    rows, cols = before.shape
    cx, cy = centre
    margin = reach + max(abs(cx), abs(cy))
    x0, y0 = max(margin, x), max(margin, y)
    x1, y1 = min(cols - margin, x + w), min(rows - margin, y + h)
    if x1 <= x0 or y1 <= y0:
        return 0.0, 0.0
    reference = before[y0:y1, x0:x1].astype(np.int16)
    where = None if place is None else place[y0:y1, x0:x1]
    if where is not None and np.count_nonzero(where) < 4:
        where = None

    def residual(image: GreyFrame) -> float:
        change = np.abs(image.astype(np.int16) - reference)
        return float(change.mean() if where is None else change[where].mean())

    base = residual(after[y0:y1, x0:x1])
    if base <= 1.0:
        return base, base
    least = base
    for dy in range(cy - reach, cy + reach + 1):
        for dx in range(cx - reach, cx + reach + 1):
            least = min(least, residual(after[y0 + dy : y1 + dy, x0 + dx : x1 + dx]))
    return base, least


def colour_slide(
    before: MatLike,
    after: MatLike,
    box: tuple[int, int, int, int],
    reach: int,
    view: tuple[float, float] = (0.0, 0.0),
) -> tuple[float, tuple[int, int]]:
    """How much better a box's mask lands on the next mask moved by one shift than left still.

    `before` and `after` are 0/1 masks (fire colour) of the whole view; the part of `before`
    in `box` (x, y, w, h) is slid by every shift within `reach` px and compared with `after`.
    "Left still" is the better of no shift and the view's own shift (`view`, rounded): a flame
    seen by a panning camera moves with the view, and a view's shift misread on a plain
    background must not make a still flame look moved. Returns how many more of its pixels
    land on `after` at the best shift than left still, as a share of the larger of the two
    masks in the box, and the best shift relative to the nearer of the two. Nothing to slide
    (under 4 pixels) reads 0.
    """
    x, y, w, h = box
    template = before[y : y + h, x : x + w].astype(np.float32)
    total = float(template.sum())
    if total < 4:
        return 0.0, (0, 0)
    padded = cv2.copyMakeBorder(
        after.astype(np.float32), reach, reach, reach, reach, cv2.BORDER_CONSTANT, value=0
    )
    search = padded[y : y + h + 2 * reach, x : x + w + 2 * reach]
    # Overlap counts for every shift at once: entry (reach + dy, reach + dx) is shift (dx, dy).
    overlap = cv2.matchTemplate(search, template, cv2.TM_CCORR)
    vx, vy = (round(min(max(v, -reach), reach)) for v in view)
    _, best, _, (bx, by) = cv2.minMaxLoc(overlap)
    bx, by = bx - reach, by - reach
    stay = max(float(overlap[reach, reach]), float(overlap[reach + vy, reach + vx]))
    # Relative to the nearer of the two ways of standing still.
    if np.hypot(bx - vx, by - vy) < np.hypot(bx, by):
        bx, by = bx - vx, by - vy
    # As a share of the larger of the two colours in the box: a flame flaring up from a few
    # fire-coloured pixels fits those anywhere inside itself, which is no body moving.
    larger = max(total, float(after[y : y + h, x : x + w].sum()))
    return (best - stay) / larger, (bx, by)


def _view_shift(
    before: GreyFrame, after: GreyFrame, box: tuple[int, int, int, int]
) -> tuple[float, float]:
    """How the view moved between two frames (px), judged outside the box around the place.

    Phase correlation over the whole view, with the place's box blanked so a flame's own change
    does not steer it; a weak peak (a view that changed rather than moved) reads as no motion.
    """
    x, y, w, h = box
    frames = [before.astype(np.float32), after.astype(np.float32)]
    for image in frames:
        image[max(0, y - 2) : y + h + 2, max(0, x - 2) : x + w + 2] = image.mean()
    window = cv2.createHanningWindow((before.shape[1], before.shape[0]), cv2.CV_32F)
    (dx, dy), response = cv2.phaseCorrelate(frames[0], frames[1], window)
    return (float(dx), float(dy)) if response >= _VIEW_PEAK else (0.0, 0.0)
