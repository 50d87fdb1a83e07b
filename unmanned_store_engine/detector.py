"""The person detector: FastestDet (BSD-3-Clause, models/fastestdet/) on onnxruntime.

onnxruntime runs this network 4x faster than cv2.dnn with the same outputs to 2e-5 (FACTS.md:
4.8 vs 19.2 ms single-threaded), which is what makes detection on every moving frame
affordable. The network takes a 352x352 squash of whatever it is given, so small, distant
people are searched in regions cut at native resolution (see regions.py) rather than in a
squash of the whole frame, where a 40-px person shrinks to 20.

A YOLOX model (Megvii's YOLOX-nano, Apache-2.0; not shipped, see docs/cameras.md) runs behind
the same interface: which network a file holds is told by its output's shape, so measuring one
against the other needs only a path (`--model`, or $UNMANNED_STORE_PERSON_MODEL).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
import functools
import hashlib
import json
import os
from pathlib import Path
import threading
from typing import Final, Literal

import cv2
from cv2.typing import MatLike
import numpy as np
import numpy.typing as npt

MODEL_DIR: Final = Path(__file__).parent / "models" / "fastestdet"
DEFAULT_MODEL: Final = MODEL_DIR / "FastestDet.onnx"
INPUT: Final = 352
# A person model other than the shipped one, used when none is given (the engine's --model
# wins): how a benchmark that starts engines measures another network without code edits.
MODEL_ENV: Final = "UNMANNED_STORE_PERSON_MODEL"
_PERSON: Final = 0
# Low on purpose: ByteTrack (compared in tracker.py) keeps a track alive on weak detections;
# the Norfair tracker the engine uses takes only boxes of 0.55 and more.
THRESHOLD: Final = 0.3
_NMS_IOU: Final = 0.45
# FastestDet often gives one box for the whole person and a second for the upper body; plain
# IoU keeps both (the small one's IoU with the big one is about 0.5), so a box mostly inside a
# better one is dropped as the same person. 0.6: a half-body box shifted sideways on the same
# person had 70 % of itself inside the whole-body box; once tracks outlived short misses it
# lived long enough to be counted as a second person crossing the line.
_CONTAINED: Final = 0.6
# Pixels from a region's edge within which a box counts as cut by it.
_EDGE: Final = 3


class ModelError(Exception):
    """The person model cannot be used; code is what the camera's health reports."""

    def __init__(self, code: str, message: str) -> None:
        """code is `model_missing` or `model_corrupt`; message is a sentence for people."""
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Box:
    """A detection in coordinates normalised to the image given to detect()."""

    score: float
    x: float
    y: float
    w: float
    h: float

    def iou(self, other: Box) -> float:
        """Intersection over union."""
        inter = self.intersection(other)
        union = self.w * self.h + other.w * other.h - inter
        return inter / union if union > 0 else 0.0

    def intersection(self, other: Box) -> float:
        """Overlapping area."""
        w = min(self.x + self.w, other.x + other.w) - max(self.x, other.x)
        h = min(self.y + self.h, other.y + other.h) - max(self.y, other.y)
        return max(w, 0.0) * max(h, 0.0)


def _inside(box: Box, region: tuple[int, int, int, int], width: int, height: int) -> bool:
    x, y, w, h = region
    return (
        x <= box.x * width
        and y <= box.y * height
        and (box.x + box.w) * width <= x + w
        and (box.y + box.h) * height <= y + h
    )


def suppress(boxes: Sequence[Box]) -> list[Box]:
    """Non-maximum suppression by IoU, and of boxes mostly inside a higher-scoring one."""
    ordered = sorted(boxes, key=lambda b: -b.score)
    if len(ordered) < 2:
        return ordered
    # Every pair at once: in a crowd the overlapping squares give a hundred boxes a frame,
    # and pair by pair in Python this cost more than a detector call.
    x, y, w, h = np.array([(b.x, b.y, b.w, b.h) for b in ordered]).T
    area = w * h
    inter = np.maximum(
        np.minimum((x + w)[:, None], x + w) - np.maximum(x[:, None], x), 0.0
    ) * np.maximum(np.minimum((y + h)[:, None], y + h) - np.maximum(y[:, None], y), 0.0)
    # IoU >= _NMS_IOU without a division (a pair of empty boxes clashes by containment).
    clash = (inter >= _NMS_IOU * (area[:, None] + area - inter)) | (
        inter >= _CONTAINED * np.minimum(area[:, None], area)
    )
    keep = np.ones(len(ordered), dtype=bool)
    for i in range(len(ordered)):
        if keep[i]:
            keep[i + 1 :] &= ~clash[i, i + 1 :]
    return [box for box, kept in zip(ordered, keep.tolist(), strict=True) if kept]


def planar(image: MatLike) -> npt.NDArray[np.float32]:
    """A BGR picture as the networks' 1x3xHxW float input (values unchanged, 0-255).

    Channel by channel: the same numbers as transposing the whole picture and converting it,
    at half the cost (0.10 against 0.18 ms at 352x352), which is paid on every detector call.
    """
    height, width = image.shape[:2]
    blob = np.empty((1, 3, height, width), np.float32)
    for index, channel in enumerate(cv2.split(image)):
        blob[0, index] = channel
    return blob


def decode(output: npt.NDArray[np.float32], threshold: float) -> list[Box]:
    """Turn FastestDet's 1x85xHxW map into person boxes (the model's own post-processing)."""
    grid = output[0]
    _, height, width = grid.shape
    objectness = grid[0]
    person = grid[5 + _PERSON]
    best = grid[5:].max(axis=0)
    score = np.power(objectness, 0.6) * np.power(person, 0.4)
    keep = (score > threshold) & (person >= best)
    rows, cols = np.nonzero(keep)
    cells = grid[1:5, rows, cols]
    cx = (cols + np.tanh(cells[0])) / width
    cy = (rows + np.tanh(cells[1])) / height
    w = 1 / (1 + np.exp(-cells[2]))
    h = 1 / (1 + np.exp(-cells[3]))
    boxes = [
        Box(*values)
        for values in zip(
            score[rows, cols].tolist(),
            (cx - w / 2).tolist(),
            (cy - h / 2).tolist(),
            w.tolist(),
            h.tolist(),
            strict=True,
        )
    ]
    return suppress(boxes)


# YOLOX predicts at these strides, finest first, rows of each level in row-major cell order.
_YOLOX_STRIDES: Final = (8, 16, 32)
# What YOLOX was trained on: images letterboxed into its input on grey 114 (BGR 0-255, not
# scaled: its own pre-processing has no normalisation; scaled to 0-1 it finds nobody).
_YOLOX_PAD: Final = 114
# The tracker takes boxes of 0.55 and more, a level found on FastestDet's scores
# (objectness^0.6 x person^0.4); YOLOX's (objectness x person) run differently. A YOLOX score
# of this much is given as 0.55, and all others by the same power, so the engine's thresholds
# keep their meaning whatever network found the box. On the five clips with crossings hardest
# for the detector (p10, p12, p13, p17, p20: 139 labelled), 0.25 / 0.35 / 0.42 / 0.5 / 0.6
# matched 129 / 130 / 129 / 128 / 127 with 14 / 12 / 12 / 8 / 9 false counts.
YOLOX_TRACKED: Final = 0.5
_YOLOX_POWER: Final = float(np.log(0.55) / np.log(YOLOX_TRACKED))

Kind = Literal["fastestdet", "yolox"]


@functools.lru_cache(maxsize=8)
def _yolox_grid(width: int, height: int) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Each output row's cell (x, y) and stride, for an input of width x height."""
    cells: list[npt.NDArray[np.float32]] = []
    strides: list[npt.NDArray[np.float32]] = []
    for stride in _YOLOX_STRIDES:
        rows, cols = np.mgrid[0 : height // stride, 0 : width // stride]
        cells.append(np.stack([cols.ravel(), rows.ravel()], axis=1).astype(np.float32))
        strides.append(np.full((rows.size, 1), stride, np.float32))
    return np.concatenate(cells), np.concatenate(strides)


def yolox_rows(width: int, height: int) -> int:
    """How many predictions YOLOX makes for an input of width x height."""
    return sum((width // s) * (height // s) for s in _YOLOX_STRIDES)


def decode_yolox(
    output: npt.NDArray[np.float32], threshold: float, width: int, height: int
) -> list[Box]:
    """Turn YOLOX's 1xNx85 predictions into person boxes, normalised to its width x height input.

    Each row is a cell's offset (x, y) in cells, log size (w, h) in cells, then objectness and
    80 class probabilities (the exported graph applies the sigmoids). Scores are YOLOX's
    objectness x person, mapped by YOLOX_TRACKED to FastestDet's scale.
    """
    rows = output[0]
    score = np.power(rows[:, 4] * rows[:, 5 + _PERSON], _YOLOX_POWER)
    keep = np.nonzero(score > threshold)[0]
    cells, strides = _yolox_grid(width, height)
    found = rows[keep]
    centre = (found[:, 0:2] + cells[keep]) * strides[keep]
    size = np.exp(np.minimum(found[:, 2:4], 10.0)) * strides[keep]
    corner = centre - size / 2
    boxes = [
        Box(*values)
        for values in zip(
            score[keep].tolist(),
            (corner[:, 0] / width).tolist(),
            (corner[:, 1] / height).tolist(),
            (size[:, 0] / width).tolist(),
            (size[:, 1] / height).tolist(),
            strict=True,
        )
    ]
    return suppress(boxes)


def sha256(path: Path) -> str:
    """The file's checksum, as recorded in the models manifest."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest() -> dict[str, object]:
    """models/manifest.json: where each shipped model came from, its licence and checksum."""
    data: dict[str, object] = json.loads(
        (MODEL_DIR.parent / "manifest.json").read_text(encoding="utf-8")
    )
    return data


class PersonDetector:
    """Loads the network once; detect() is thread-safe (cameras share one session)."""

    def __init__(
        self, model: Path | None = None, threshold: float = THRESHOLD, threads: int = 1
    ) -> None:
        """Load the ONNX model; raise ModelError (missing or corrupt) with a clear sentence.

        One intra-op thread: cameras run in threads of their own, so a session that spreads
        one frame over both cores only makes the cameras wait for each other.
        """
        import onnxruntime as ort  # 0.2 s to import: only when a camera runs

        chosen = os.environ.get(MODEL_ENV)
        path = model or (Path(chosen) if chosen else DEFAULT_MODEL)
        self.path = path
        if not path.is_file():
            raise ModelError("model_missing", f"the person model is missing: no file at {path}")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 4
        try:
            self._session = ort.InferenceSession(
                str(path), options, providers=["CPUExecutionProvider"]
            )
            self.kind, self.width, self.height = self._network()
            # A file that parses but is not this network fails here, not on the first person.
            self._forward(np.zeros((1, 3, self.height, self.width), np.float32))
        except Exception as err:  # onnxruntime raises its own untyped errors
            raise ModelError(
                "model_corrupt", f"the person model at {path} cannot be loaded: {err}"
            ) from err
        self._lock = threading.Lock()
        self.threshold = threshold
        self.calls = 0
        # Whether small people are also searched in enlarged squares (people.py). FastestDet
        # needs them: without, it matched 113 of 146 crossings instead of 127 (the two crowds
        # of 40-60 px people). YOLOX does not: at native resolution only it matched 127
        # (input 320) and 132 (416) with 5 and 8 false counts, for a third fewer calls on
        # those crowds (2 calls per analysed frame instead of 3.9).
        self.enlarge = self.kind == "fastestdet"

    def _network(self) -> tuple[Kind, int, int]:
        """Which network the file holds, from its shapes, and its input's width and height.

        FastestDet gives a map (1x85xHxW); YOLOX a row per cell of three strides (1xNx85).
        """
        inputs = self._session.get_inputs()
        outputs = self._session.get_outputs()
        shape = list(inputs[0].shape) if len(inputs) == 1 else []
        if len(shape) != 4 or shape[:2] != [1, 3] or not all(isinstance(d, int) for d in shape):
            raise ValueError("expected one 1x3xHxW input of fixed size")
        self._input = inputs[0].name
        height, width = int(shape[2]), int(shape[3])
        out = list(outputs[0].shape) if outputs else []
        if len(out) == 4 and out[1] == 85 and (width, height) == (INPUT, INPUT):
            return "fastestdet", width, height
        if out == [1, yolox_rows(width, height), 85] and width % 32 == 0 and height % 32 == 0:
            return "yolox", width, height
        raise ValueError(f"not a FastestDet or YOLOX network: input {shape}, output {out}")

    def _forward(self, blob: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        outputs = self._session.run(None, {self._input: blob})
        out = np.asarray(outputs[0], dtype=np.float32)
        if self.kind == "yolox":
            expected = (1, yolox_rows(self.width, self.height), 85)
            if out.shape != expected:
                raise ValueError(f"unexpected output shape {out.shape}")
        elif out.ndim != 4 or out.shape[1] != 85:
            raise ValueError(f"unexpected output shape {out.shape}")
        return out

    def detect(self, image: MatLike) -> list[Box]:
        """Person boxes in a BGR image of any size, fitted to the network as in its training.

        FastestDet: squashed to its input. YOLOX: letterboxed (scaled to fit, padded grey at
        the right and bottom); the regions the engine searches are square, like its inputs,
        so both see the same picture there.
        """
        if self.kind == "yolox":
            return self._detect_yolox(image)
        # cv2.dnn.blobFromImage gives the same values bit for bit, at three times the cost
        # (1.4 against 0.5 ms): its float conversion and reordering were a quarter of a call.
        squashed = cv2.resize(image, (self.width, self.height), interpolation=cv2.INTER_LINEAR)
        blob = planar(squashed)
        blob *= np.float32(1 / 255)
        return decode(self._run(blob), self.threshold)

    def _run(self, blob: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        # onnxruntime sessions are thread-safe for run(); the lock keeps two cameras from
        # splitting one core between two half-finished frames, which only adds latency to both.
        with self._lock:
            output = self._forward(blob)
            self.calls += 1
        return output

    def _detect_yolox(self, image: MatLike) -> list[Box]:
        height, width = image.shape[:2]
        scale = min(self.width / width, self.height / height)
        fitted_w = max(min(round(width * scale), self.width), 1)
        fitted_h = max(min(round(height * scale), self.height), 1)
        padded = np.full((self.height, self.width, 3), _YOLOX_PAD, np.uint8)
        padded[:fitted_h, :fitted_w] = cv2.resize(
            image, (fitted_w, fitted_h), interpolation=cv2.INTER_LINEAR
        )
        blob = planar(padded)
        boxes = decode_yolox(self._run(blob), self.threshold, self.width, self.height)
        # Normalised to the input; the picture fills only its top-left fitted_w x fitted_h.
        sx, sy = self.width / fitted_w, self.height / fitted_h
        return [Box(b.score, b.x * sx, b.y * sy, b.w * sx, b.h * sy) for b in boxes]

    def detect_regions(
        self,
        frame: MatLike,
        regions: Sequence[tuple[int, int, int, int]],
        turns: Sequence[int] = (0,),
    ) -> list[Box]:
        """Person boxes (normalised to the frame) found in pixel regions (x, y, w, h) of it.

        turns: each region is also searched turned by these quarter turns clockwise (one call
        each). Seen from straight above a person has no "up", and COCO's people are upright:
        a head and shoulders the network misses one way round it often finds turned.
        """
        height, width = frame.shape[:2]
        found: list[Box] = []
        # Boxes cut by their region's edge, with the cut edges in frame pixels (x0, y0, x1, y1
        # of the region where cut, None where not).
        parts: list[tuple[Box, tuple[float | None, ...]]] = []
        for x, y, w, h in regions:
            crop = frame[y : y + h, x : x + w]
            if crop.size == 0:
                continue
            for turn in turns:
                for b in map(functools.partial(_unturn, turn=turn), self.detect(_turn(crop, turn))):
                    box = Box(
                        b.score,
                        (x + b.x * w) / width,
                        (y + b.y * h) / height,
                        b.w * w / width,
                        b.h * h / height,
                    )
                    cut = (
                        (x > 0 and b.x * w < _EDGE)
                        or (y > 0 and b.y * h < _EDGE)
                        or (x + w < width and (b.x + b.w) * w > w - _EDGE)
                        or (y + h < height and (b.y + b.h) * h > h - _EDGE)
                    )
                    # A box cut by a region's edge inside the frame is part of a person; if a
                    # neighbouring region holds all of where they are, that region's box is
                    # the whole person and this one would make two people of one.
                    if cut and any(
                        r != (x, y, w, h) and _inside(box, r, width, height) for r in regions
                    ):
                        continue
                    # Not in turned (overhead) searches: measured only at an angle, and on
                    # the sunlit overhead passage (p12) joining added a false count.
                    if cut and (self.kind == "yolox" or tuple(turns) == (0,)):
                        parts.append((box, _cut_edges(b, (x, y, w, h), width, height)))
                    else:
                        found.append(box)
        return suppress(found + _stitch(parts, width, height))


def _cut_edges(
    box: Box, region: tuple[int, int, int, int], width: int, height: int
) -> tuple[float | None, ...]:
    """The region's edges (left, top, right, bottom, frame pixels) that cut a box found in it.

    box is normalised to the region.
    """
    x, y, w, h = region
    return (
        x if x > 0 and box.x * w < _EDGE else None,
        y if y > 0 and box.y * h < _EDGE else None,
        x + w if x + w < width and (box.x + box.w) * w > w - _EDGE else None,
        y + h if y + h < height and (box.y + box.h) * h > h - _EDGE else None,
    )


# Two parts of one person seen by neighbouring regions span about the same rows (or columns).
_SAME_SPAN: Final = 0.7
# ... and joined are not much wider than tall: a man at the lens, head and shoulders filling
# the picture's height, is 1.1-1.2 times as wide as tall; two halves of a cloud joined across
# a 320x180 sky were 1.8 times, and the box jumping to that size "walked" into an intrusion.
_WIDEST: Final = 1.5


def _stitch(
    parts: Sequence[tuple[Box, tuple[float | None, ...]]], width: int, height: int
) -> list[Box]:
    """Join boxes cut by region edges that are two parts of one person into one box.

    YOLOX boxes what it sees, so a person across two overlapping regions comes back as two
    boxes ending at the regions' edges, too far apart for suppression (on a 480x270 frame, one
    person standing in the middle was two people: a crowding alarm with one person in view).
    FastestDet's boxes reach a little beyond a region's edge, which is enough for a person
    who fits in the overlap, but not for one close to the lens, wider than it: on 14 real
    clips of one person (benchmarks/figures_nobody.py) that made crowding alarms on 8, 3
    after joining. Two parts are joined when each one's cut edge lies inside the other and
    they span the same rows (or columns, for a cut at the top or bottom): a person beside
    another is never cut that way. Two boxes already one person's (IoU at least _NMS_IOU) are
    left to suppression: joined, a seated man seen by the squares above and below him in a
    crowd (p20) got a taller box and a false count.
    """
    boxes = [box for box, _ in parts]
    edges = [cuts for _, cuts in parts]
    joined = [False] * len(boxes)
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            if (
                joined[i]
                or joined[j]
                # Already one person's box twice over: suppression keeps the better one.
                or a.iou(b) >= _NMS_IOU
                or not _parts_of_one(a, edges[i], b, edges[j], width, height)
            ):
                continue
            x0, y0 = min(a.x, b.x), min(a.y, b.y)
            x1, y1 = max(a.x + a.w, b.x + b.w), max(a.y + a.h, b.y + b.h)
            boxes[i] = a = Box(max(a.score, b.score), x0, y0, x1 - x0, y1 - y0)
            edges[i] = tuple(
                p if p is not None else q for p, q in zip(edges[i], edges[j], strict=True)
            )
            joined[j] = True
    return [box for box, gone in zip(boxes, joined, strict=True) if not gone]


def _parts_of_one(
    a: Box,
    a_cuts: tuple[float | None, ...],
    b: Box,
    b_cuts: tuple[float | None, ...],
    width: int,
    height: int,
) -> bool:
    """Whether a and b, each cut by its region, are two views of one person across the cut."""
    ax0, ay0, ax1, ay1 = a.x * width, a.y * height, (a.x + a.w) * width, (a.y + a.h) * height
    bx0, by0, bx1, by1 = b.x * width, b.y * height, (b.x + b.w) * width, (b.y + b.h) * height
    if max(ax1, bx1) - min(ax0, bx0) > _WIDEST * (max(ay1, by1) - min(ay0, by0)):
        return False
    rows = min(ay1, by1) - max(ay0, by0) >= _SAME_SPAN * max(ay1 - ay0, by1 - by0)
    cols = min(ax1, bx1) - max(ax0, bx0) >= _SAME_SPAN * max(ax1 - ax0, bx1 - bx0)
    a_left, a_top, a_right, a_bottom = a_cuts
    b_left, b_top, b_right, b_bottom = b_cuts
    # a cut on its right by an edge inside b, b cut on its left by an edge inside a (or the
    # mirror, or the same top and bottom).
    across = (
        a_right is not None and b_left is not None and bx0 < a_right < bx1 and ax0 < b_left < ax1
    ) or (b_right is not None and a_left is not None and ax0 < b_right < ax1 and bx0 < a_left < bx1)
    down = (
        a_bottom is not None and b_top is not None and by0 < a_bottom < by1 and ay0 < b_top < ay1
    ) or (b_bottom is not None and a_top is not None and ay0 < b_bottom < ay1 and by0 < a_top < by1)
    return (across and rows) or (down and cols)


_ROTATIONS: Final = {
    1: cv2.ROTATE_90_CLOCKWISE,
    2: cv2.ROTATE_180,
    3: cv2.ROTATE_90_COUNTERCLOCKWISE,
}


def _turn(image: MatLike, turn: int) -> MatLike:
    """The image turned by `turn` quarter turns clockwise."""
    turn %= 4
    return image if turn == 0 else cv2.rotate(image, _ROTATIONS[turn])


def _unturn(box: Box, turn: int) -> Box:
    """A box found in an image turned `turn` quarter turns clockwise, in the unturned image."""
    s, x, y, w, h = box.score, box.x, box.y, box.w, box.h
    turn %= 4
    if turn == 1:
        return Box(s, y, 1 - (x + w), h, w)
    if turn == 2:
        return Box(s, 1 - (x + w), 1 - (y + h), w, h)
    if turn == 3:
        return Box(s, 1 - (y + h), x, h, w)
    return box


_SHARED: list[PersonDetector] = []
_SHARED_LOCK = threading.Lock()


def shared() -> PersonDetector:
    """The shipped model, loaded once per process (tests, benchmarks, analyse_file)."""
    with _SHARED_LOCK:
        if not _SHARED:
            _SHARED.append(PersonDetector())
        return _SHARED[0]
