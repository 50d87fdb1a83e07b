"""Latency from ``AnnouncementQueue.announce()`` to the player callback, with a no-op player.

Run from the repository root:  .venv/bin/python benchmarks/announce_queue.py [--count N]

Two figures: "one at a time" awaits each announcement before the next (the normal case: a
service call or automation speaks while the speaker is idle); "burst" submits all of them at
once, so each one's latency also includes waiting for those ahead of it (throughput).
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import time
from pathlib import Path
import statistics
import sys
import time as clock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from custom_components.unmanned_store.speaker.announcements import (
    Announcement,
    AnnouncementQueue,
)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def describe(name: str, samples_ns: list[int]) -> str:
    micros = [sample / 1000 for sample in samples_ns]
    return (
        f"{name:<14} n={len(micros):>5}  p50={percentile(micros, 0.50):8.1f} us  "
        f"p95={percentile(micros, 0.95):8.1f} us  max={max(micros):9.1f} us  "
        f"mean={statistics.fmean(micros):8.1f} us"
    )


async def run(count: int) -> tuple[list[int], list[int], float]:
    called_at: dict[str, int] = {}

    async def play(announcement: Announcement) -> None:
        called_at[announcement.message] = clock.perf_counter_ns()

    queue = AnnouncementQueue(play, max_size=count + 1, clock=lambda: time(12))
    announcements = [Announcement(f"안내 방송 {index}") for index in range(count)]

    # Warm up the code paths so the first samples do not measure imports or caches.
    for announcement in announcements[:50]:
        await queue.announce(announcement)

    one_at_a_time: list[int] = []
    for announcement in announcements:
        started = clock.perf_counter_ns()
        await queue.announce(announcement)
        one_at_a_time.append(called_at[announcement.message] - started)

    called_at.clear()
    submitted: dict[str, int] = {}
    burst_started = clock.perf_counter()
    tasks = []
    for announcement in announcements:
        submitted[announcement.message] = clock.perf_counter_ns()
        tasks.append(asyncio.create_task(queue.announce(announcement)))
    await asyncio.gather(*tasks)
    burst_seconds = clock.perf_counter() - burst_started
    burst = [called_at[message] - submitted[message] for message in submitted]
    await queue.close()
    return one_at_a_time, burst, burst_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    count = parser.parse_args().count
    one_at_a_time, burst, burst_seconds = asyncio.run(run(count))
    print(f"announce() -> player callback, no-op player, {count} announcements")
    print(describe("one at a time", one_at_a_time))
    print(describe("burst", burst))
    print(f"burst throughput: {count / burst_seconds:,.0f} announcements/s")


if __name__ == "__main__":
    main()
