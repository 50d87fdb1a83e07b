"""Cost of the anomaly fusion rules per input, and their memory after a long busy day.

Run from the repository root:  .venv/bin/python benchmarks/anomaly_rules.py [--count N]

A synthetic shop: door grants with people crossing in (one in ten walks in behind someone),
crossings out, payments, loitering and crowding starts and ends on three cameras. Prints the
time per input (p50/p95/max) and the memory the rules hold at the end (their history is
bounded in time and size, so it must not grow with the count).
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from pathlib import Path
import statistics
import sys
import time as clock
import tracemalloc
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from custom_components.unmanned_store.anomalies.rules import (
    AnomalyRules,
    CameraInput,
    RuleSettings,
)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def feed(rules: AnomalyRules, i: int, start: datetime) -> int:
    """One input of the synthetic shop; returns how many anomalies it produced."""
    now = start + timedelta(seconds=i * 3)
    step = i % 10
    if step == 0 and i % 100:
        return len(rules.on_door_event("granted", now))
    if step == 1:
        return len(rules.on_camera(CameraInput("Door", "door", "crossing_in", now)))
    if step == 5:
        rules.on_payment(now)
        return 0
    if step == 6:
        return len(rules.on_camera(CameraInput("Door", "door", "crossing_out", now)))
    if step == 7:
        kind = "loitering_started" if i % 20 < 10 else "loitering_ended"
        return len(rules.on_camera(CameraInput(f"Aisle {i % 3}", "aisle", kind, now)))
    if step == 8:
        kind = "crowding_started" if i % 40 < 20 else "crowding_ended"
        return len(rules.on_camera(CameraInput("Counter", "counter", kind, now, count=5)))
    return len(rules.expire(now))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200_000)
    count = parser.parse_args().count
    start = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    rules = AnomalyRules(RuleSettings(track_payments=True))
    samples: list[int] = []
    anomalies = 0
    for i in range(count):
        began = clock.perf_counter_ns()
        anomalies += feed(rules, i, start)
        samples.append(clock.perf_counter_ns() - began)
    micros = [s / 1000 for s in samples]
    print(
        f"inputs={count}  anomalies={anomalies}  per input: p50={percentile(micros, 0.5):.2f} us  "
        f"p95={percentile(micros, 0.95):.2f} us  max={max(micros):.1f} us  "
        f"mean={statistics.fmean(micros):.2f} us"
    )
    # Memory: a fresh run without timing; what the rules hold must not grow with the count.
    rules = AnomalyRules(RuleSettings(track_payments=True))
    tracemalloc.start()
    held: list[int] = []
    for i in range(count):
        feed(rules, i, start)
        if i + 1 in (count // 10, count):
            held.append(tracemalloc.get_traced_memory()[0])
    tracemalloc.stop()
    print(
        f"memory held by the rules after {count // 10} inputs: {held[0] / 1024:.1f} KiB; "
        f"after {count}: {held[1] / 1024:.1f} KiB"
    )


if __name__ == "__main__":
    main()
