"""The YOLOX person backend: decoding its predictions, loading it, what it finds in a real frame.

YOLOX-nano is not shipped (docs/cameras.md, "The person detector"): the tests that need it look
for it at $UNMANNED_STORE_YOLOX (default <repo>/../shared/models/yolox_nano.onnx, beside the
shared footage) and skip, saying why, when it is absent; the decoding tests run on hand-built
predictions without it.
"""

from __future__ import annotations

from dataclasses import replace
import math
import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from benchmarks.real_footage import footage_root, load_manifest, sha256
from unmanned_store_engine.config import parse_camera
from unmanned_store_engine.detector import (
    MODEL_ENV,
    YOLOX_TRACKED,
    Box,
    ModelError,
    PersonDetector,
    _stitch,
    decode_yolox,
    yolox_rows,
)
from unmanned_store_engine.engine import Engine, Settings
from unmanned_store_engine.people import PeopleStage, whole_side

ROOT = Path(__file__).resolve().parents[2]
YOLOX = Path(
    os.environ.get("UNMANNED_STORE_YOLOX", ROOT.parent / "shared" / "models" / "yolox_nano.onnx")
)
# p13, frame 100 (4 s): the girl standing against the left wall holding a bag, read by eye
# from the frame in pixels (x0, y0, x1, y1): head top to shoe soles, elbow to bag.
GIRL = (120, 138, 172, 282)


def _yolox() -> Path:
    if not YOLOX.is_file():
        pytest.skip(f"no YOLOX model at {YOLOX} (set UNMANNED_STORE_YOLOX; it is not shipped)")
    return YOLOX


def _clip_frame(prefix: str, index: int) -> np.ndarray:
    """Frame `index` of the labelled clip named `prefix`; skips when the clip is not here."""
    clip = next(c for c in load_manifest()["clips"] if c["name"].startswith(prefix))
    path = footage_root() / clip["file"]
    if not path.is_file():
        pytest.skip(f"clip {clip['name']} not found at {path} (set UNMANNED_STORE_FOOTAGE)")
    if sha256(path) != clip["sha256"]:
        pytest.skip(f"{path} is not the labelled clip (SHA-256 differs)")
    capture = cv2.VideoCapture(str(path))
    capture.set(cv2.CAP_PROP_POS_FRAMES, index)
    ok, frame = capture.read()
    capture.release()
    assert ok
    return frame


def _row(stride: int, col: int, row: int, width: int = 416) -> int:
    """The prediction row of a cell (col, row) at a stride, for a square input."""
    before = sum((width // s) ** 2 for s in (8, 16, 32) if s < stride)
    return before + row * (width // stride) + col


def _predictions(width: int = 416) -> np.ndarray:
    return np.zeros((1, yolox_rows(width, width), 85), np.float32)


def _iou(box: Box, pixels: tuple[int, int, int, int], width: int, height: int) -> float:
    x0, y0, x1, y1 = pixels
    return box.iou(Box(1.0, x0 / width, y0 / height, (x1 - x0) / width, (y1 - y0) / height))


def test_yolox_rows_cover_three_strides() -> None:
    """416x416 makes 52x52 + 26x26 + 13x13 predictions; a non-square input its own grid."""
    assert yolox_rows(416, 416) == 3549
    assert yolox_rows(320, 320) == 2100
    assert yolox_rows(416, 256) == 52 * 32 + 26 * 16 + 13 * 8


def test_decode_yolox_places_boxes_by_cell_and_stride() -> None:
    """A row's box is (offset + cell) x stride at its centre, exp(log size) x stride across."""
    out = _predictions()
    fine = _row(8, 10, 20)
    out[0, fine, :4] = (0.5, 0.5, math.log(4), math.log(8))  # 32 x 64 px at (84, 164)
    out[0, fine, 4], out[0, fine, 5] = 0.9, 0.8
    coarse = _row(32, 3, 7)
    out[0, coarse, :4] = (0.0, 0.5, 0.0, math.log(3))  # 32 x 96 px at (96, 240)
    out[0, coarse, 4], out[0, coarse, 5] = 0.6, 0.6
    boxes = decode_yolox(out, 0.3, 416, 416)
    assert len(boxes) == 2
    first, second = boxes
    assert first.score == pytest.approx(0.72 ** (math.log(0.55) / math.log(YOLOX_TRACKED)))
    assert (first.x, first.y, first.w, first.h) == pytest.approx(
        ((84 - 16) / 416, (164 - 32) / 416, 32 / 416, 64 / 416)
    )
    assert (second.x, second.y, second.w, second.h) == pytest.approx(
        ((96 - 16) / 416, (240 - 48) / 416, 32 / 416, 96 / 416)
    )


def test_decode_yolox_scores_people_only_and_merges_duplicates() -> None:
    """Score is objectness x person on FastestDet's scale; neighbours on one person merge."""
    out = _predictions()
    for col in (10, 11):  # two cells predicting the same 48 x 96 person
        index = _row(8, col, 20)
        out[0, index, :4] = (0.5 - (col - 10), 0.5, math.log(6), math.log(12))
        out[0, index, 4], out[0, index, 5] = 0.9, 0.9 if col == 10 else 0.7
    car = _row(16, 5, 5)
    out[0, car, :4] = (0.5, 0.5, 1.0, 1.0)
    out[0, car, 4], out[0, car, 5 + 2] = 0.95, 0.95  # a car, not a person
    faint = _row(16, 20, 20)
    out[0, faint, :4] = (0.5, 0.5, 1.0, 1.0)
    out[0, faint, 4], out[0, faint, 5] = 0.3, 0.3  # 0.09: below the threshold once mapped
    (box,) = decode_yolox(out, 0.3, 416, 416)
    assert box.score == pytest.approx(0.81 ** (math.log(0.55) / math.log(YOLOX_TRACKED)))
    # The score the tracker needs (0.55 on FastestDet's scale) is YOLOX_TRACKED on YOLOX's.
    out = _predictions()
    out[0, 0, 4], out[0, 0, 5] = 1.0, YOLOX_TRACKED
    assert decode_yolox(out, 0.3, 416, 416)[0].score == pytest.approx(0.55)


def test_decode_yolox_on_a_wide_input() -> None:
    """Rows run across each level's width first: the last row is the coarsest bottom-right cell."""
    out = np.zeros((1, yolox_rows(416, 256), 85), np.float32)
    out[0, -1, :4] = (0.5, 0.5, 0.0, 0.0)
    out[0, -1, 4], out[0, -1, 5] = 1.0, 1.0
    (box,) = decode_yolox(out, 0.3, 416, 256)
    assert (box.x, box.y, box.w, box.h) == pytest.approx(
        (12 * 32 / 416, 7 * 32 / 256, 32 / 416, 32 / 256)
    )


def test_missing_and_corrupt_yolox_models_are_told_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model chosen by $UNMANNED_STORE_PERSON_MODEL fails like the shipped one would."""
    monkeypatch.setenv(MODEL_ENV, str(tmp_path / "yolox_nano.onnx"))
    with pytest.raises(ModelError, match="missing") as missing:
        PersonDetector()
    assert missing.value.code == "model_missing"
    truncated = tmp_path / "truncated.onnx"
    truncated.write_bytes(_yolox().read_bytes()[:500_000])
    monkeypatch.setenv(MODEL_ENV, str(truncated))
    with pytest.raises(ModelError, match="cannot be loaded") as broken:
        PersonDetector()
    assert broken.value.code == "model_corrupt"


def test_yolox_is_told_by_its_shapes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chosen without code edits, the file says which network it is and its input size."""
    monkeypatch.setenv(MODEL_ENV, str(_yolox()))
    detector = PersonDetector()
    assert (detector.kind, detector.path) == ("yolox", YOLOX)
    assert detector.width == detector.height
    assert detector.width % 32 == 0
    assert detector.detect(np.full((360, 640, 3), 128, np.uint8)) == []
    assert detector.calls == 1
    monkeypatch.delenv(MODEL_ENV)
    shipped = PersonDetector()
    assert shipped.kind == "fastestdet"
    # Small people: FastestDet also searches enlarged squares, YOLOX needs none.
    frame = np.full((360, 640, 3), 128, np.uint8)
    small = cv2.resize(frame, (320, 180))
    for model, sides in ((shipped, {whole_side(200, 640, 360)}), (detector, {360})):
        stage = PeopleStage(model, 5.0)
        stage.side = 200  # people about 40 px tall seen before
        stage.update(frame, small, 0.0)
        assert {r[2] for r in stage.regions} == sides, model.kind
    assert whole_side(200, 640, 360) < 352


def test_yolox_finds_the_people_of_a_real_frame() -> None:
    """p13 at 4 s: five people in full view; the girl by the wall is boxed where she stands,
    both letterboxed whole (640x360 into a square) and in the engine's square regions."""
    frame = _clip_frame("p13", 100)
    detector = PersonDetector(_yolox())
    height, width = frame.shape[:2]
    whole = [b for b in detector.detect(frame) if b.score >= 0.55]
    regions = [
        b
        for b in detector.detect_regions(frame, [(0, 0, 360, 360), (280, 0, 360, 360)])
        if b.score >= 0.55
    ]
    for found in (whole, regions):
        assert len([b for b in found if b.score >= 0.8]) == 5
        assert max(_iou(b, GIRL, width, height) for b in found) >= 0.8


def _part(x0: float, y0: float, x1: float, y1: float, width: int = 480, height: int = 270) -> Box:
    return Box(0.9, x0 / width, y0 / height, (x1 - x0) / width, (y1 - y0) / height)


def test_two_parts_of_one_person_cut_by_regions_are_joined() -> None:
    """Squares 0-270 and 210-480 of a 480x270 frame: a person at 125-365 comes back as two
    boxes, one cut at 270 and one at 210; they are joined. Two people side by side are not."""
    left = _part(125, 20, 270, 268)
    right = _part(211, 18, 365, 266)
    (joined,) = _stitch(
        [(left, (None, None, 270, None)), (right, (210, None, None, None))], 480, 270
    )
    assert (joined.x * 480, joined.y * 270, joined.w * 480, joined.h * 270) == pytest.approx(
        (125, 18, 240, 250)
    )
    # Cut at the same edge but not reaching across each other's cut: two people.
    beside = _part(272, 20, 330, 268)
    cut_right, cut_left = (None, None, 270, None), (210, None, None, None)
    assert len(_stitch([(left, cut_right), (beside, cut_left)], 480, 270)) == 2
    # Across the cut but at other heights (a child's head by an adult's legs): two people.
    low = _part(211, 180, 300, 268)
    assert len(_stitch([(left, cut_right), (low, cut_left)], 480, 270)) == 2
    # A cut at the bottom of one square and the top of the one below, same columns.
    top = _part(100, 150, 160, 360, 640, 640)
    bottom = _part(98, 288, 158, 470, 640, 640)
    (tall,) = _stitch([(top, (None, None, None, 360)), (bottom, (None, 288, None, None))], 640, 640)
    assert (tall.y * 640, tall.h * 640) == pytest.approx((150, 320))


def test_a_person_across_two_regions_is_one_person_for_yolox() -> None:
    """p09: one man in the middle of a 480x270 frame searched in its two squares of 270."""
    frame = _clip_frame("p09", 30)
    detector = PersonDetector(_yolox())
    found = detector.detect_regions(frame, [(0, 0, 270, 270), (210, 0, 270, 270)])
    (man,) = [b for b in found if b.score >= 0.55]
    assert man.x < 0.3 < 0.7 < man.x + man.w


async def test_overhead_cameras_keep_fastestdet_when_yolox_is_chosen(
    settings: Settings, tmp_path: Path
) -> None:
    """YOLOX for cameras at an angle; the shipped FastestDet for those looking straight down.

    Changing a camera's view in place hands it the other network.
    """
    engine = Engine(replace(settings, model_path=_yolox()))
    await engine.start()
    try:
        source = str(tmp_path / "none.avi")
        await engine.add_camera(parse_camera({"id": "door", "source": source}))
        await engine.add_camera(parse_camera({"id": "above", "source": source, "view": "overhead"}))
        kinds = {
            camera_id: (pipeline.analyzer.detector.kind if pipeline.analyzer.detector else None)
            for camera_id, pipeline in engine.cameras.items()
        }
        assert kinds == {"door": "yolox", "above": "fastestdet"}
        reopened = await engine.update_camera(
            parse_camera({"id": "above", "source": source, "view": "angled"})
        )
        assert reopened is False
        detector = engine.cameras["above"].analyzer.detector
        assert detector is not None
        assert detector.kind == "yolox"
    finally:
        await engine.stop()


async def test_with_fastestdet_chosen_every_camera_shares_one_network(settings: Settings) -> None:
    """The shipped model serves every view: nothing more is loaded for overhead cameras."""
    engine = Engine(settings)
    await engine.start()
    try:
        await engine.add_camera(
            parse_camera({"id": "above", "source": "/x.avi", "view": "overhead"})
        )
        assert engine.cameras["above"].analyzer.detector is engine._detector
        assert engine._overhead_detector is None
    finally:
        await engine.stop()
