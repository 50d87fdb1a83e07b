"""Per-stage cost of the engine's analysis per frame at 640x360, and end to end.

Run: .venv/bin/python benchmarks/engine_stages.py
Uses the synthetic clips from tests/engine/scenes.py (rendered to a temporary directory),
decoded by OpenCV like a camera stream, and prints milliseconds per analysed frame.
Also compares person detectors: FastestDet (shipped, onnxruntime) on one 352-px region at
native resolution and on the whole frame, and OpenCV 4.x's HOG people detector.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
import statistics
import sys
import tempfile
import time

import cv2
from cv2.typing import MatLike
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.engine import scenes
from unmanned_store_engine.analyzer import Analyzer
from unmanned_store_engine.config import parse_camera
from unmanned_store_engine.detector import PersonDetector


def frames_of(path: Path) -> tuple[list[MatLike], float]:
    """Decode every frame; returns frames and the decode cost per frame (ms)."""
    capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    frames = []
    started = time.perf_counter()
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(frame)
    capture.release()
    return frames, (time.perf_counter() - started) * 1000 / max(len(frames), 1)


def stage_costs(path: Path, role: str, lines: bool) -> dict[str, float]:
    """Run the analyser on every frame of a clip; ms per frame for each stage."""
    frames, decode_ms = frames_of(path)
    extra = {"lines": [{"id": "l", "p1": [0.02, 0.55], "p2": [0.98, 0.55]}]} if lines else {}
    config = parse_camera(
        {
            "id": "c",
            "source": str(path),
            "role": role,
            "zones": [{"id": "z", "polygon": [[0.5, 0.3], [1, 0.3], [1, 1], [0.5, 1]]}],
            "thresholds": {"crowding_people": 3},
            **extra,
        }
    )
    analyzer = Analyzer(config, PersonDetector())
    per_frame: list[float] = []
    for index, frame in enumerate(frames):
        started = time.perf_counter()
        analyzer.process(frame, index / 10)
        per_frame.append((time.perf_counter() - started) * 1000)
    n = len(frames)
    costs = {"decode (MJPG 640x360)": decode_ms}
    costs.update({stage: seconds * 1000 / n for stage, seconds in analyzer.timings.items()})
    costs["analysis end to end (mean)"] = statistics.fmean(per_frame)
    costs["analysis end to end (p95)"] = sorted(per_frame)[int(0.95 * n) - 1]
    return costs


def detector_costs(frame: MatLike) -> dict[str, float]:
    """Person detectors on a 640x360 frame: whole frame and one person-sized region."""
    fastest = PersonDetector()
    hog = cv2.HOGDescriptor()
    hog.setSVMDetector(np.asarray(cv2.HOGDescriptor.getDefaultPeopleDetector(), np.float32))
    height, width = frame.shape[:2]
    roi = frame[int(0.2 * height) : int(0.7 * height), int(0.37 * width) : int(0.52 * width)]
    cases: dict[str, Callable[[], object]] = {
        "FastestDet on one 352-px region": lambda: fastest.detect_regions(
            frame, [(200, 0, 352, 352)]
        ),
        "FastestDet on the whole frame": lambda: fastest.detect(frame),
        "HOG people detector, whole frame": lambda: hog.detectMultiScale(frame),
        "HOG people detector, track region": lambda: hog.detectMultiScale(
            cv2.resize(roi, (64 * 2, 128 * 2))
        ),
    }
    out = {}
    for name, run in cases.items():
        run()
        started = time.perf_counter()
        for _ in range(10):
            run()
        out[name] = (time.perf_counter() - started) * 100
    return out


def main() -> None:
    """Print the figures."""
    cv2.setNumThreads(1)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        counting = scenes.counting_scene().write(directory / "counting.avi")
        qr = scenes.qr_scene("STORE-PASS:bench").write(directory / "qr.avi")
        print("Single thread (cv2.setNumThreads(1)), ms per analysed frame, 640x360 input\n")
        for label, path, role, lines in (
            ("aisle camera, 6 people crossing a line", counting, "aisle", True),
            ("door camera (adds QR decoding)", qr, "door", False),
        ):
            print(f"== {label}")
            for stage, ms in stage_costs(path, role, lines).items():
                print(f"  {stage:<34} {ms:7.2f}")
        frame = frames_of(counting)[0][40]
        print("\n== person detectors (ms per call)")
        for name, ms in detector_costs(frame).items():
            print(f"  {name:<46} {ms:7.2f}")


if __name__ == "__main__":
    main()
