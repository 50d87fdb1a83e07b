"""The flame stage alone on cached frames: the whole hazard set in seconds, for tuning flame.py.

Run: .venv/bin/python benchmarks/flame_stage.py [--native] [--only SUBSTRING] [--sensitivity 50]
     [--set FIELD=VALUE ...] [--cache DIR] [--json OUT.json]

The first run decodes each clip of benchmarks/footage/hazards.json once, exactly as
benchmarks/hazard_footage.py samples it (5 analysed frames per second by media time, with the
next source frame when it is at most flame.PAIR_GAP later), and keeps the frames the flame stage
would see, already scaled to its width, in a cache folder (--cache; default <temporary
folder>/unmanned_store_flame_cache, outside git; about 2 GB per set). Later runs only replay
FlameDetector over them: a change to flame.py is measured on the whole set in about ten seconds
instead of minutes. A cached clip is decoded again when its source file changes (size or
modification time) or the stage's working width does. The face test looks at the camera's own
frame around a place: those frames are decoded only where a place reaches that test (a few per
cent of frames) and kept beside the cache (<clip>.full.npz), so a new setting that brings a place
there decodes that clip once more.

The replay is the Analyzer's flame stage exactly: the same frames at the same scale (the
Analyzer's analysis width, then the stage's own), the next frame given when the stage asks for
it, the stage's default parameters for the sensitivity, or those with --set (e.g. --set
min_flutter=0.5). Its figures are those of hazard_footage.py (flame part only); check with
`--only` on a clip against the full benchmark when in doubt. Nothing here is a result of its own:
confirm a change with the full benchmark (standard and --native).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
import functools
import json
from pathlib import Path
import sys
import tempfile
from typing import Any

import cv2
from cv2.typing import MatLike
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.hazard_footage import (  # noqa: E402
    EARLY,
    Run,
    Sampled,
    first,
    select_clips,
    shows_no_flame,
)
from unmanned_store_engine.config import parse_camera  # noqa: E402
from unmanned_store_engine.flame import _WIDTH, FlameDetector, FlameParams  # noqa: E402


def cache_dir(native: bool = False, root: Path | None = None) -> Path:
    """Where the cached frames of a set live (outside git; the system's temporary folder)."""
    base = root or Path(tempfile.gettempdir()) / "unmanned_store_flame_cache"
    return base / ("native" if native else "standard")


def _stage_scale(frame: MatLike, analysis_width: int) -> MatLike:
    """The frame as the flame stage works on it: the Analyzer's scaling, then the stage's."""
    height, width = frame.shape[:2]
    scale_w = min(analysis_width, width)
    small = cv2.resize(
        frame, (scale_w, max(1, height * scale_w // width)), interpolation=cv2.INTER_AREA
    )
    rows, cols = small.shape[:2]
    return cv2.resize(small, (_WIDTH, max(1, rows * _WIDTH // cols)), interpolation=cv2.INTER_AREA)


@dataclass
class Cached:
    """One clip's analysed frames at the stage's scale, with the pairs that were there."""

    times: np.ndarray[Any, Any]
    frames: np.ndarray[Any, Any]
    # Index into `pairs` of each frame's next source frame, -1 when there was none to give.
    pair_of: np.ndarray[Any, Any]
    pairs: np.ndarray[Any, Any]
    duration: float


def cache_clip(path: Path, dest: Path) -> Cached:
    """Decode `path` once into `dest` (unless already there for this very file) and load it."""
    stat = path.stat()
    key = np.array([stat.st_size, stat.st_mtime_ns, _WIDTH], np.int64)
    if dest.is_file():
        with np.load(dest) as data:
            if np.array_equal(data["key"], key):
                return Cached(
                    data["times"],
                    data["frames"],
                    data["pair_of"],
                    data["pairs"],
                    float(data["duration"]),
                )
    width = parse_camera({"id": "cache", "source": str(path)}).analysis_width
    times: list[float] = []
    frames: list[MatLike] = []
    pair_of: list[int] = []
    pairs: list[MatLike] = []
    sampled = Sampled(path, lambda: True)
    for frame, at, pair in sampled:
        scaled = _stage_scale(frame, width)
        if frames and scaled.shape != frames[0].shape:
            raise ValueError(f"{path.name}: the frame size changes within the clip")
        times.append(at)
        frames.append(scaled)
        # The Analyzer passes no pair of another size than its frame.
        if pair is not None and pair.shape == frame.shape:
            pair_of.append(len(pairs))
            pairs.append(_stage_scale(pair, width))
        else:
            pair_of.append(-1)
    shape = frames[0].shape if frames else (0, 0, 3)
    cached = Cached(
        np.array(times, np.float64),
        np.stack(frames) if frames else np.zeros((0, *shape), np.uint8),
        np.array(pair_of, np.int32),
        np.stack(pairs) if pairs else np.zeros((0, *shape), np.uint8),
        sampled.media,
    )
    dest.parent.mkdir(parents=True, exist_ok=True)
    # Written under another name first, so an interrupted run leaves no half cache behind.
    partial = dest.with_name(dest.name + ".partial.npz")
    np.savez(
        partial,
        key=key,
        times=cached.times,
        frames=cached.frames,
        pair_of=cached.pair_of,
        pairs=cached.pairs,
        duration=np.float64(cached.duration),
    )
    partial.replace(dest)
    return cached


class FullFrames:
    """A clip's analysed frames at the source's own resolution, decoded only where asked.

    Calling it with an analysed frame's index returns that frame. One asked for that is not
    kept yet makes the clip decode once more, keeping it and those `hint()` names (the frames
    likely to be asked for next), and the kept frames are saved to `dest` for later runs.
    """

    def __init__(self, path: Path, dest: Path, hint: Callable[[], set[int]]) -> None:
        """Frames of `path`, kept in `dest`; `hint` names frames worth keeping on a decode."""
        self.path = path
        self.dest = dest
        self.hint = hint
        self.decodes = 0
        stat = path.stat()
        self._key = np.array([stat.st_size, stat.st_mtime_ns], np.int64)
        self._frames: dict[int, MatLike] = {}
        if dest.is_file():
            with np.load(dest) as data:
                if np.array_equal(data["key"], self._key):
                    self._frames = dict(zip(data["index"].tolist(), data["frames"], strict=True))

    def __call__(self, index: int) -> MatLike:
        """The analysed frame `index` (0-based) as the source has it."""
        if index not in self._frames:
            self._decode({index} | self.hint())
        return self._frames[index]

    def _decode(self, wanted: set[int]) -> None:
        self.decodes += 1
        for index, (frame, _, _) in enumerate(Sampled(self.path, lambda: False)):
            if index in wanted:
                self._frames[index] = frame
        kept = sorted(self._frames)
        self.dest.parent.mkdir(parents=True, exist_ok=True)
        partial = self.dest.with_name(self.dest.name + ".partial.npz")
        np.savez(
            partial,
            key=self._key,
            index=np.array(kept, np.int64),
            frames=np.stack([self._frames[i] for i in kept]),
        )
        partial.replace(self.dest)


def reaching_face_test(cached: Cached, params: FlameParams) -> set[int]:
    """Indices of the frames whose place passes every test before the face test."""
    detector = FlameDetector(replace(params, face_memory=0))
    out: set[int] = set()
    for index in range(len(cached.times)):
        slot = int(cached.pair_of[index])
        pair = cached.pairs[slot] if slot >= 0 and detector.wants_pair else None
        detector.update(cached.frames[index], pair)
        if not detector.refused:
            out.add(index)
    return out


def replay(
    cached: Cached, params: FlameParams, full: Callable[[int], MatLike] | None = None
) -> Run:
    """The flame stage over a cached clip, as the Analyzer runs it: flame events only.

    `full` gives an analysed frame at the source's resolution by its index (the face test's
    view); without it the face test looks at the stage's own small frame.
    """
    detector = FlameDetector(params)
    run = Run("", cached.duration, 0)
    for index, at in enumerate(cached.times):
        # Given only when the stage asks, as the camera thread retrieves it only then.
        slot = int(cached.pair_of[index])
        pair = cached.pairs[slot] if slot >= 0 and detector.wants_pair else None
        source = None if full is None else _frame_of(full, index)
        change = detector.update(cached.frames[index], pair, source)
        run.frames += 1
        if change is not None:
            event = "flame_started" if change else "flame_ended"
            run.events.append((event, float(at), {"score": round(detector.score, 2)}))
    return run


def _frame_of(full: Callable[[int], MatLike], index: int) -> Callable[[], MatLike]:
    """A function giving frame `index`, called only if the stage gets to the face test."""
    return lambda: full(index)


def score(runs: dict[str, Run], clips: list[dict[str, Any]]) -> dict[str, Any]:
    """Fire delays and false flames, counted as benchmarks/hazard_footage.py counts them."""
    fires: list[dict[str, Any]] = []
    false: dict[str, list[float]] = {}
    on_smoke: dict[str, list[float]] = {}
    hours = 0.0
    for clip in clips:
        run = runs.get(clip["clip"])
        if run is None:
            continue
        labels = clip["labels"]
        starts = [t for kind, t, _ in run.events if kind == "flame_started"]
        if clip["kind"] == "fire":
            t = first(run, "flame_started", labels["fire"])
            delay = None if t is None else round(max(0.0, t - labels["fire"]), 2)
            early = [round(s, 1) for s in starts if s < labels["fire"] - EARLY]
            fires.append({"clip": clip["clip"], "delay": delay, "early": early})
        if clip["kind"] in ("nonfire", "tamper"):
            hours += run.duration / 3600.0
            if starts and not labels.get("flame_ok", False):
                false[clip["clip"]] = [round(s, 1) for s in starts]
        # A smoke clip without a fire label has no flame at any time (as hazard_footage.py
        # reports it: apart, not in the hourly figure).
        if shows_no_flame(clip) and starts:
            on_smoke[clip["clip"]] = [round(s, 1) for s in starts]
    in_time = [f for f in fires if f["delay"] is not None and f["delay"] <= 3.0]
    return {
        "in_time": len(in_time),
        "fires": fires,
        "false": false,
        "false_count": sum(len(v) for v in false.values()),
        "on_smoke": on_smoke,
        "false_minutes": hours * 60.0,
        "frames": sum(r.frames for r in runs.values()),
    }


def with_settings(params: FlameParams, settings: Sequence[str]) -> FlameParams:
    """FlameParams with FIELD=VALUE settings applied (each value of the field's own type)."""
    kinds = {f.name: type(getattr(params, f.name)) for f in fields(params)}
    changes: dict[str, Any] = {}
    for setting in settings:
        name, _, value = setting.partition("=")
        if name not in kinds or not value:
            raise SystemExit(f"--set {setting}: expected FIELD=VALUE, FIELD one of {sorted(kinds)}")
        changes[name] = kinds[name](value)
    return replace(params, **changes)


def main(argv: Sequence[str] | None = None) -> int:
    """Replay the flame stage over every present clip of the manifest (caching on first use)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only clips whose name contains this")
    parser.add_argument("--native", action="store_true", help="the clips at their source's rate")
    parser.add_argument("--sensitivity", type=float, default=50.0, help="flame sensitivity 0-100")
    parser.add_argument(
        "--set", action="append", default=[], metavar="FIELD=VALUE", help="a FlameParams field"
    )
    parser.add_argument("--cache", type=Path, help="folder for the cached frames")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    params = with_settings(FlameParams.for_sensitivity(args.sensitivity), args.set)
    clips, present, missing = select_clips(args.only, args.native)
    runs: dict[str, Run] = {}
    for clip, path in present:
        folder = cache_dir(args.native, args.cache)
        cached = cache_clip(path, folder / f"{clip['clip']}.npz")
        full = FullFrames(
            path,
            folder / f"{clip['clip']}.full.npz",
            functools.partial(reaching_face_test, cached, params),
        )
        runs[clip["clip"]] = replay(cached, params, full)
    result = score(runs, clips)
    print(
        f"flame {result['in_time']}/{len(result['fires'])} fire clips within 3 s; "
        f"{result['false_count']} false flames over {result['false_minutes']:.1f} min "
        f"({result['frames']} analysed frames)"
    )
    for fire in result["fires"]:
        delay = "missed" if fire["delay"] is None else f"{fire['delay']:.1f} s"
        early = f" (early: {fire['early']})" if fire["early"] else ""
        print(f"  {fire['clip']}: {delay}{early}")
    for name, times in result["false"].items():
        print(f"  false: {name} at {times}")
    for name, times in result["on_smoke"].items():
        print(f"  flame on a smoke clip without flame: {name} at {times}")
    if missing:
        print(f"Missing clips (not run): {', '.join(missing)}")
    if args.json:
        args.json.write_text(json.dumps({"result": result, "missing": missing}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
