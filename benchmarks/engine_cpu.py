"""CPU used by the engine with six cameras at 5 fps (target: under a quarter of one core).

Run: .venv/bin/python benchmarks/engine_cpu.py [seconds]
Six cameras read 640x360 MJPEG at 10 fps from HTTP multipart streams, served by a separate
process (so only the engine's own work is measured), each analysed at 5 fps. The engine runs
in this process: the figure is this process's CPU time (user + system, all threads) divided
by wall time, measured after a warm-up. Memory (max RSS) is printed at the start and end of
the measurement to show it stays flat.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
import resource
import sys
import tempfile
import time

import cv2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._feeder import mjpeg_feeder  # noqa: E402
from unmanned_store_engine.config import parse_camera  # noqa: E402
from unmanned_store_engine.engine import Settings  # noqa: E402
from unmanned_store_engine.runner import EngineServer  # noqa: E402

CAMERAS = 6


def cpu_seconds() -> float:
    """User plus system CPU time of this process (all threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def max_rss_mb() -> float:
    """Peak resident memory so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run(seconds: float) -> None:
    """Start feeder and engine, warm up, measure."""
    with tempfile.TemporaryDirectory() as tmp:
        async with mjpeg_feeder(Path(tmp)) as cameras:
            server = EngineServer(Settings(token="x" * 32, port=0, zeroconf=False))
            await server.start()
            try:
                for n in range(CAMERAS):
                    await server.engine.add_camera(
                        parse_camera(
                            {
                                "id": f"cam{n}",
                                "source": f"{cameras}{n}",
                                "lines": [{"id": "l", "p1": [0.02, 0.55], "p2": [0.98, 0.55]}],
                                "zones": [{"id": "z", "polygon": [[0.5, 0.3], [1, 0.3], [1, 1]]}],
                                "thresholds": {"crowding_people": 3},
                            }
                        )
                    )
                await asyncio.sleep(5)
                rss_start = max_rss_mb()
                frames_start = sum(p.analyzer.frames for p in server.engine.cameras.values())
                cpu_start, wall_start = cpu_seconds(), time.monotonic()
                await asyncio.sleep(seconds)
                cpu = cpu_seconds() - cpu_start
                wall = time.monotonic() - wall_start
                frames = sum(p.analyzer.frames for p in server.engine.cameras.values())
                health = server.engine.health()["cameras"]
                print(f"cameras: {CAMERAS}, 640x360 MJPEG at 10 fps in, analysed at 5 fps")
                print(f"measured over {wall:.1f} s after a 5 s warm-up")
                print(
                    "analysed frames per second (all cameras): "
                    f"{(frames - frames_start) / wall:.1f}"
                )
                print(
                    "fps in / analysed per camera: "
                    + ", ".join(
                        f"{h['fps_in']:.1f}/{h['fps_analysed']:.1f}" for h in health.values()
                    )
                )
                print(f"engine CPU: {100 * cpu / wall:.1f} % of one core")
                print(f"per camera: {100 * cpu / wall / CAMERAS:.1f} % of one core")
                print(f"max RSS: {rss_start:.0f} MB at start, {max_rss_mb():.0f} MB at end")
                print(f"events in backlog: {len(server.engine.log)}")
            finally:
                await server.stop()


if __name__ == "__main__":
    cv2.setNumThreads(1)
    asyncio.run(run(float(sys.argv[1]) if len(sys.argv) > 1 else 30.0))
