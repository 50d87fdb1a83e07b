"""Person models compared on the real clips: crossings, detector calls per frame, cost per call.

Run: .venv/bin/python -m benchmarks.person_models [--clips p10,p17] [--json out.json] [--copies DIR]
     [MODEL.onnx ...]

Each model (the shipped FastestDet when none is given; `shipped` names it among others) is
loaded with PersonDetector, which tells FastestDet from YOLOX by the file's output shape. Each
clip with lines (benchmarks/footage/people.json, footage in $UNMANNED_STORE_FOOTAGE), or each
clip named with --clips, lines or not, is analysed in this process as the engine does it
(`realtime: false`, so the same frames every run), and per model and clip this reports:

- crossings matched and false, as benchmarks/real_footage.py matches them (same direction,
  within 1 s, each used once);
- analysed frames, frames the detector ran on, detector calls per analysed frame;
- milliseconds per detector call, wall clock and this thread's CPU time (pre-processing,
  network and decoding: everything detect() does), one onnxruntime thread as in the engine.

--copies DIR: the clips are taken from DIR laid out as $UNMANNED_STORE_FOOTAGE (e.g. one copy
made by benchmarks/footage/make_copies.py): re-encoded, so not byte for byte the labelled ones;
each must last as long as the labelled clip (within 0.5 s), since the labels are media times.

--fps F: every camera analysed at F frames a second instead of the default 5 (tamper, flame
and smoke included), to measure what the analysis rate does.

--whole-frame (a measurement of an option, not what the engine does): wherever the engine would
search regions, the detector is given the whole frame instead, once per quarter turn (once on
an angled view, four times on an overhead one), letterboxed into the network's input: one call
per analysed frame, for a network whose input has the frames' shape (e.g. YOLOX at 512x288).
The motion gate still decides whether the detector runs at all.

CPU time is steadier than the wall clock on a shared machine, but both are noisy when other
processes run: repeat on a quiet machine before quoting them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import replace
import json
from pathlib import Path
import sys
import time
from typing import Any

from benchmarks.crossing_causes import camera
from benchmarks.real_footage import (
    clip_usable,
    footage_root,
    load_manifest,
    score_line,
    sha256,
)
from unmanned_store_engine.detector import (
    DEFAULT_MODEL,
    Box,
    PersonDetector,
    _turn,
    _unturn,
    suppress,
)
from unmanned_store_engine.events import Detection
from unmanned_store_engine.pipeline import CameraPipeline


class Timed:
    """Wall and CPU seconds spent in a detector's detect() (every call of detect_regions)."""

    def __init__(self, detector: PersonDetector) -> None:
        self.wall = 0.0
        self.cpu = 0.0
        inner: Callable[[Any], list[Box]] = detector.detect

        def detect(image: Any) -> list[Box]:
            wall, cpu = time.perf_counter(), time.thread_time()
            try:
                return inner(image)
            finally:
                self.wall += time.perf_counter() - wall
                self.cpu += time.thread_time() - cpu

        # detect_regions looks detect up on the instance: every region's call is timed.
        detector.detect = detect  # type: ignore[method-assign]


def whole_frame(
    detector: PersonDetector,
    frame: Any,
    regions: Sequence[tuple[int, int, int, int]],
    turns: Sequence[int] = (0,),
) -> list[Box]:
    """detect_regions, but on the whole frame whatever the regions (--whole-frame)."""
    del regions
    found = [_unturn(b, turn) for turn in turns for b in detector.detect(_turn(frame, turn))]
    return suppress(found)


def run_clip(
    detector: PersonDetector, clip: dict[str, Any], path: Path, fps: float | None = None
) -> dict[str, Any]:
    """One clip analysed with one model (at `fps`, else the default): crossings and work."""
    found: list[Detection] = []
    timed = Timed(detector)
    calls = detector.calls
    config = camera(clip, path)
    if fps is not None:
        config = replace(config, fps=fps)
    pipeline = CameraPipeline(config, lambda _c, d: found.append(d), detector)
    pipeline.run_inline()
    vars(detector).pop("detect", None)  # the class's detect again, untimed
    stats = pipeline.analyzer.people.stats
    matched = labelled = false = 0
    for spec in clip.get("lines", []):
        score = score_line(
            spec,
            [
                (d.type.removeprefix("crossing_"), d.media_time)
                for d in found
                if d.type.startswith("crossing_") and d.line == spec["id"]
            ],
        )
        matched += score.matched
        labelled += score.labelled
        false += score.false
    calls = detector.calls - calls
    return {
        "clip": clip["name"],
        "matched": matched,
        "labelled": labelled,
        "false": false,
        "frames": stats.frames,
        "inferred": stats.inferred,
        "calls": calls,
        "calls_per_frame": round(calls / max(stats.frames, 1), 3),
        "ms_per_call": round(1000 * timed.wall / max(calls, 1), 2),
        "cpu_ms_per_call": round(1000 * timed.cpu / max(calls, 1), 2),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Compare the models given (default: the shipped one) on the clips with lines."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("models", nargs="*", help="ONNX files, or `shipped` (default: shipped)")
    parser.add_argument("--clips", help="comma-separated clip names or name prefixes")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument(
        "--whole-frame", action="store_true", help="one call on the whole frame, not regions"
    )
    parser.add_argument(
        "--copies", type=Path, help="re-encoded copies of the clips (make_copies.py) to measure"
    )
    parser.add_argument("--fps", type=float, help="analysis rate of every camera (default 5)")
    args = parser.parse_args(argv)
    if args.whole_frame:
        PersonDetector.detect_regions = whole_frame  # type: ignore[method-assign,assignment]
    wanted = [w for w in (args.clips or "").split(",") if w]
    models = [DEFAULT_MODEL if m == "shipped" else Path(m) for m in args.models or ["shipped"]]
    root = args.copies or footage_root()
    clips = []
    missing = []
    for clip in load_manifest()["clips"]:
        # Named clips are measured with or without lines (the CPU benchmark's six include an
        # empty road); by default, the clips with crossings to count, leaving out the held-out
        # ones (a model is never chosen on them: name them to measure them).
        if (
            not any(clip["name"].startswith(w) for w in wanted)
            if wanted
            else not clip.get("lines") or clip.get("heldout")
        ):
            continue
        path = root / clip["file"]
        if not clip_usable(path, clip, copy=args.copies is not None):
            missing.append(clip["name"])
        else:
            clips.append((clip, path))
    report: dict[str, Any] = {"models": [], "missing": missing, "whole_frame": args.whole_frame}
    for model in models:
        detector = PersonDetector(model)
        rows = [run_clip(detector, clip, path, args.fps) for clip, path in clips]
        frames = sum(r["frames"] for r in rows)
        calls = sum(r["calls"] for r in rows)
        totals = {
            "model": str(model),
            "sha256": sha256(model),
            "kind": detector.kind,
            "input": f"{detector.width}x{detector.height}",
            "matched": sum(r["matched"] for r in rows),
            "labelled": sum(r["labelled"] for r in rows),
            "false": sum(r["false"] for r in rows),
            "frames": frames,
            "calls": calls,
            "calls_per_frame": round(calls / max(frames, 1), 3),
            "ms_per_call": round(
                sum(r["ms_per_call"] * r["calls"] for r in rows) / max(calls, 1), 2
            ),
            "cpu_ms_per_call": round(
                sum(r["cpu_ms_per_call"] * r["calls"] for r in rows) / max(calls, 1), 2
            ),
        }
        print(f"{model.name} ({detector.kind}, {totals['input']})")
        for r in [*rows, {"clip": "all", **totals}]:
            print(
                f"  {r['clip'][:28]:28} {r['matched']:3}/{r['labelled']:<3} matched "
                f"{r['false']:2} false  {r['calls_per_frame']:5.2f} calls/frame  "
                f"{r['ms_per_call']:6.2f} ms/call ({r['cpu_ms_per_call']:.2f} CPU)"
            )
        report["models"].append({**totals, "clips": rows})
    if missing:
        print("\nMISSING clips (not measured): " + ", ".join(missing))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0 if clips and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
