"""The smoke stage alone, replayed on cached frames of the hazard footage (fast what-ifs).

Run: .venv/bin/python benchmarks/smoke_stage.py [--native] [--only SUBSTRING] [--set NAME=VALUE ...]

The first run decodes every clip once, exactly as benchmarks/hazard_footage.py samples it (5
analysed frames per second by media time, scaled to the analysis width as the Analyzer does,
then to the smoke stage's own 160 px), and keeps those frames in $SMOKE_STAGE_CACHE (default:
smoke_stage_cache in the temporary directory; about 1.1 GB per set, outside git). Later runs
only replay `SmokeDetector.update` over them, so a whole set takes seconds instead of minutes,
and `--set` tries other `SmokeParams` (e.g. `--set max_zoom=1.5`) without editing code.

The smoke stage reads nothing but the analysis frame, so its events here are the Analyzer's
(tests/engine/test_hazard_footage.py checks that on real clips); flame, tamper and costs are
not measured here: confirm any change with benchmarks/hazard_footage.py on the whole set.
Scoring is hazard_footage's own (`summarise`): smoke within 10 s of the label, false smoke
alarms on the non-fire and tamper clips.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
import dataclasses
import os
from pathlib import Path
import sys
import tempfile

import cv2
import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.hazard_footage import FPS, Run, select_clips, summarise  # noqa: E402
from unmanned_store_engine.config import parse_camera  # noqa: E402
from unmanned_store_engine.smoke import (  # noqa: E402
    _WIDTH as SMOKE_WIDTH,
    SmokeDetector,
    SmokeParams,
)

Frames = npt.NDArray[np.uint8]


def cache_dir(native: bool) -> Path:
    """Where one set's cached frames live (outside git)."""
    default = Path(tempfile.gettempdir()) / "smoke_stage_cache"
    base = Path(os.environ.get("SMOKE_STAGE_CACHE", default))
    return base / ("hazards_native" if native else "hazards")


def decode(path: Path) -> tuple[Frames, npt.NDArray[np.float64], float]:
    """The frames the smoke stage sees on one clip, their media times and the clip's length.

    Sampling and scaling as benchmarks/hazard_footage.py's run_clip and the Analyzer: every
    source frame grabbed, one retrieved whenever it is due by media time, scaled to the camera's
    analysis width (INTER_AREA), then to the smoke stage's width as the stage itself does (so
    the stage's own resize of these frames changes nothing).
    """
    analysis_width = parse_camera({"id": "bench", "source": str(path)}).analysis_width
    capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    frames: list[Frames] = []
    times: list[float] = []
    due = media = 0.0
    while capture.grab():
        media = capture.get(cv2.CAP_PROP_POS_MSEC) / 1000.0
        if media + 1e-6 < due:
            continue
        ok, frame = capture.retrieve()
        if not ok:
            continue
        due = max(due + 1.0 / FPS, media - 0.5 / FPS)
        height, width = frame.shape[:2]
        scale_w = min(analysis_width, width)
        small = cv2.resize(
            frame, (scale_w, max(1, height * scale_w // width)), interpolation=cv2.INTER_AREA
        )
        rows = max(1, small.shape[0] * SMOKE_WIDTH // small.shape[1])
        view = cv2.resize(small, (SMOKE_WIDTH, rows), interpolation=cv2.INTER_AREA)
        frames.append(np.asarray(view, dtype=np.uint8))
        times.append(media)
    capture.release()
    if not frames:
        return np.zeros((0, 1, SMOKE_WIDTH, 3), np.uint8), np.zeros(0), media
    return np.stack(frames), np.array(times), media


def cached(path: Path, native: bool) -> tuple[Frames, npt.NDArray[np.float64], float]:
    """A clip's smoke-stage frames, decoded once and then read from the cache."""
    folder = cache_dir(native)
    store = folder / f"{path.name}.npz"
    if store.is_file():
        with np.load(store) as data:
            return data["frames"], data["times"], float(data["duration"])
    frames, times, duration = decode(path)
    folder.mkdir(parents=True, exist_ok=True)
    partial = store.with_suffix(".tmp.npz")
    np.savez(partial, frames=frames, times=times, duration=np.float64(duration))
    partial.replace(store)
    return frames, times, duration


def replay(
    name: str, frames: Frames, times: npt.NDArray[np.float64], duration: float, params: SmokeParams
) -> Run:
    """The smoke stage over one clip's frames; events as the Analyzer reports them."""
    detector = SmokeDetector(params)
    run = Run(name, duration, len(frames))
    for index, at in enumerate(times):
        change = detector.update(frames[index])
        if change is not None:
            box = detector.box
            run.events.append(
                (
                    "smoke_started" if change else "smoke_ended",
                    float(at),
                    {"score": round(detector.score, 3), "box": list(box) if box else None},
                )
            )
    return run


def parse_settings(pairs: Sequence[str]) -> SmokeParams:
    """`SmokeParams` with NAME=VALUE overrides (each value of the field's own type)."""
    base = SmokeParams()
    changes: dict[str, object] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        current = getattr(base, name)  # an unknown name fails here, loudly
        changes[name] = type(current)(float(value)) if isinstance(current, int) else float(value)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    """Replay the smoke stage over every present clip of one set and score it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--native", action="store_true", help="the source-rate set")
    parser.add_argument("--only", default="", help="only clips whose name contains this")
    parser.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    params = parse_settings(args.set)
    clips, present, missing = select_clips(args.only, args.native)
    runs = {
        clip["clip"]: replay(clip["clip"], *cached(path, args.native), params)
        for clip, path in present
    }
    result = summarise(runs, clips)
    smoke = result["smoke"]
    hits = [s for s in smoke if s["delay"] is not None and s["delay"] <= 10.0]
    print(f"smoke within 10 s: {len(hits)} / {len(smoke)}")
    for s in smoke:
        delay = "missed" if s["delay"] is None else f"{s['delay']:.1f} s"
        print(f"  {s['clip']:34s} {delay}")
    false = [f for f in result["false"] if f["event"] == "smoke_started"]
    counted = sum(len(f["times"]) for f in false if f["counted"])
    print(f"false smoke: {counted} over {60 * result['false_hours']:.1f} min")
    for f in false:
        print(f"  {f['clip']:34s} {f['times']}{'' if f['counted'] else ' (not counted)'}")
    if missing:
        print(f"missing clips: {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
