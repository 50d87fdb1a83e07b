"""CPU and memory of the engine with six cameras at 5 fps, person detector included.

Run: UNMANNED_STORE_FOOTAGE=/work/footage .venv/bin/python benchmarks/engine_cpu.py [seconds]

1. Six cameras play real clips (benchmarks/footage/people.json, looping, `realtime: true`, so
   each is decoded at its own frame rate like a camera and analysed at 5 fps) in one engine in
   this process: the figure is this process's CPU time (user + system, all threads, decoding
   included) over wall time, after a warm-up. Memory: resident set (VmRSS) at the start and
   end of the measurement, and the peak. Lag and dropped frames come from the health.
   Without the footage the cameras play the photo-person plumbing clips, and it says so.
2. On the same clips' frames (every analysed one), in the same run: the cost of a
   Frigate-style motion detector alone (Frigate's defaults as documented: grey frame 100 px
   high, blur, contrast, running-average delta, threshold 30, dilate, contours) against the
   engine's whole analysis of that frame (motion gate, detector, tracker, rules, tamper,
   flame), single-threaded: the ratio is what detection-first costs over motion alone.

The machine is shared with other work: figures are noisy; repeat and report the spread.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
from pathlib import Path
import resource
import statistics
import sys
import tempfile
import time
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from unmanned_store_engine.malloc import limit_arenas  # noqa: E402

# The engine runs here in-process; it limits malloc's arenas as `python -m
# unmanned_store_engine` does, before OpenCV and numpy start their threads.
limit_arenas()

import cv2  # noqa: E402
from cv2.typing import MatLike  # noqa: E402
import numpy as np  # noqa: E402

from benchmarks.real_footage import footage_root  # noqa: E402
from unmanned_store_engine.analyzer import Analyzer  # noqa: E402
from unmanned_store_engine.config import parse_camera  # noqa: E402
from unmanned_store_engine.detector import shared  # noqa: E402
from unmanned_store_engine.engine import Settings  # noqa: E402
from unmanned_store_engine.runner import EngineServer  # noqa: E402

CAMERAS = 6
LABELS = ROOT / "benchmarks" / "footage" / "people.json"
# A mix: a crowd, a shop aisle, people standing, a corridor, a parking lot, an empty road.
PREFERRED = ("p10", "p01", "p05", "p04", "p06", "p08")


def footage() -> tuple[list[Path], str]:
    """Six clips to play, and where they came from."""
    root = footage_root()
    labels = Path(os.environ.get("PEOPLE_LABELS", LABELS))
    found: list[Path] = []
    if labels.is_file():
        clips = json.loads(labels.read_text(encoding="utf-8"))["clips"]
        for prefix in PREFERRED:
            found += [
                root / c["file"]
                for c in clips
                if c["name"].startswith(prefix) and (root / c["file"]).is_file()
            ]
    if len(found) >= CAMERAS:
        return found[:CAMERAS], f"real clips from {root}"
    from tests.engine import scenes

    tmp = Path(tempfile.mkdtemp())
    made = [
        s.write(tmp / f"{s.name}.avi")
        for s in (scenes.counting_scene(), scenes.crowding_scene(), scenes.loiter_scene())
    ]
    return (made * 2)[:CAMERAS], "MISSING real footage: photo-person plumbing clips instead"


def cpu_seconds() -> float:
    """User plus system CPU time of this process (all threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb() -> float:
    """Resident memory now (MB)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class FrigateStyleMotion:
    """Frigate's motion detector as its documentation describes it, written here to time it."""

    def __init__(self, height: int = 100) -> None:
        self.height = height
        self.average: np.ndarray | None = None
        self.kernel = np.ones((3, 3), np.uint8)

    def detect(self, frame: MatLike) -> int:
        h, w = frame.shape[:2]
        grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        small = cv2.resize(
            grey, (w * self.height // h, self.height), interpolation=cv2.INTER_LINEAR
        )
        small = cv2.equalizeHist(small)
        blurred = cv2.GaussianBlur(small, (3, 3), 0).astype(np.float32)
        if self.average is None:
            self.average = blurred
            return 0
        delta = cv2.absdiff(blurred, self.average)
        cv2.accumulateWeighted(blurred, self.average, 0.2)
        mask = cv2.threshold(delta, 30, 255, cv2.THRESH_BINARY)[1].astype(np.uint8)
        mask = cv2.dilate(mask, self.kernel, iterations=1)
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        return sum(1 for c in contours if cv2.contourArea(c) > 10)


def sampled_frames(path: Path, fps: float = 5.0) -> list[tuple[float, MatLike]]:
    """The frames a 5-fps camera analyses (by frame index), with their media time."""
    capture = cv2.VideoCapture(str(path))
    rate = capture.get(cv2.CAP_PROP_FPS) or 25.0
    out: list[tuple[float, MatLike]] = []
    index, due = 0, 0.0
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        media = index / rate
        if media + 1e-6 >= due:
            out.append((media, frame))
            due += 1 / fps
        index += 1
    capture.release()
    return out


def per_frame_costs(clips: list[Path]) -> tuple[float, float, int]:
    """(Frigate-style motion ms, engine analysis ms, frames) on the same analysed frames."""
    motion_ms: list[float] = []
    engine_ms: list[float] = []
    for path in clips:
        frames = sampled_frames(path)
        motion = FrigateStyleMotion()
        analyzer = Analyzer(parse_camera({"id": "c", "source": str(path)}), shared())
        for media, frame in frames:
            # CPU time of this thread, not wall time: on a shared machine the wall clock also
            # counts other processes' turns (onnxruntime with one thread runs in this one).
            started = time.thread_time()
            motion.detect(frame)
            middle = time.thread_time()
            analyzer.process(frame, media)
            ended = time.thread_time()
            motion_ms.append((middle - started) * 1000)
            engine_ms.append((ended - middle) * 1000)
    return statistics.mean(motion_ms), statistics.mean(engine_ms), len(motion_ms)


def growth_per_hour(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of RSS (MB) over time, in MB per hour."""
    if len(samples) < 3:
        return 0.0
    times = [t for t, _ in samples]
    return 3600 * statistics.linear_regression(times, [mb for _, mb in samples]).slope


async def six_cameras(clips: list[Path], seconds: float) -> dict[str, Any]:
    """Run six looping real-time file cameras; CPU, memory, lag and drops."""
    server = EngineServer(Settings(token="x" * 32, port=0, zeroconf=False))
    await server.start()
    try:
        for n, path in enumerate(clips):
            await server.engine.add_camera(
                parse_camera(
                    {
                        "id": f"cam{n}",
                        "source": str(path),
                        "realtime": True,
                        "loop": True,
                        "lines": [{"id": "l", "p1": [0.0, 0.65], "p2": [1.0, 0.65]}],
                        "zones": [{"id": "z", "polygon": [[0.3, 0.3], [0.7, 0.3], [0.7, 0.9]]}],
                        "thresholds": {"crowding_people": 10},
                    }
                )
            )
        await asyncio.sleep(5)
        rss_start = rss_mb()
        frames_start = sum(p.analyzer.frames for p in server.engine.cameras.values())
        inferred_start = sum(
            p.analyzer.people.stats.inferred for p in server.engine.cameras.values()
        )
        cpu_start, wall_start = cpu_seconds(), time.monotonic()
        # Memory every minute (and at the end): a leak shows as a slope, not as one late figure.
        samples: list[tuple[float, float]] = [(0.0, rss_start)]
        while (elapsed := time.monotonic() - wall_start) < seconds:
            await asyncio.sleep(min(60.0, seconds - elapsed))
            samples.append((time.monotonic() - wall_start, rss_mb()))
        cpu = cpu_seconds() - cpu_start
        wall = time.monotonic() - wall_start
        cameras = server.engine.cameras.values()
        frames = sum(p.analyzer.frames for p in cameras) - frames_start
        inferred = sum(p.analyzer.people.stats.inferred for p in cameras) - inferred_start
        health = server.engine.health()["cameras"]
        return {
            "seconds": wall,
            "cpu_percent": 100 * cpu / wall,
            "analysed_fps": frames / wall,
            "inferred_share": inferred / max(frames, 1),
            "rss_start": rss_start,
            "rss_end": samples[-1][1],
            "rss_max_sampled": max(mb for _, mb in samples),
            "rss_growth_per_hour": growth_per_hour(samples),
            "rss_samples": " ".join(f"{mb:.0f}" for _, mb in samples),
            "rss_peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "lag_max": max(h["lag_seconds"] for h in health.values()),
            "dropped": sum(h["frames_dropped"] for h in health.values()),
        }
    finally:
        await server.stop()


def main(argv: list[str] | None = None) -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "seconds", nargs="?", type=float, default=60.0, help="how long to measure (default 60)"
    )
    seconds = parser.parse_args(argv).seconds
    if seconds <= 0:
        parser.error("seconds must be more than 0")
    clips, origin = footage()
    print(f"clips: {origin}: {', '.join(p.name for p in clips)}")
    r = asyncio.run(six_cameras(clips, seconds))
    print(f"six cameras, realtime files looping, analysed at 5 fps, for {r['seconds']:.0f} s")
    print(f"analysed frames per second (all cameras): {r['analysed_fps']:.1f}")
    print(f"frames that ran the detector: {100 * r['inferred_share']:.0f} %")
    print(f"engine CPU, decoding included: {r['cpu_percent']:.1f} % of one core")
    print(f"per camera: {r['cpu_percent'] / CAMERAS:.1f} % of one core")
    print(
        f"RSS: {r['rss_start']:.0f} MB at start, {r['rss_end']:.0f} MB at end, "
        f"peak {r['rss_peak']:.0f} MB; highest per-minute sample {r['rss_max_sampled']:.0f} MB, "
        f"trend {r['rss_growth_per_hour']:+.1f} MB/hour"
    )
    print(f"RSS per minute (MB): {r['rss_samples']}")
    print(f"largest lag {r['lag_max']:.2f} s, frames dropped {r['dropped']:.0f}")
    motion, engine, count = per_frame_costs(clips)
    print(
        f"same frames ({count}), CPU time of one thread: Frigate-style motion {motion:.2f} ms, "
        f"engine analysis {engine:.2f} ms per frame: {engine / motion:.1f}x"
    )


if __name__ == "__main__":
    cv2.setNumThreads(1)
    main()
