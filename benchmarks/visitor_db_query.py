"""How fast the visitor log answers a day's query with 1,000,000 rows in it.

Fills a fresh SQLite file (WAL, as the integration uses it) with visits spread over 30 days by
batch insert, then times ``query_visits`` for one day (first and deeper pages, with and without
filters) and ``count_visits`` for one day, printing p50/p95 over repeated runs. Target: a day's
query under 50 ms.

    .venv/bin/python benchmarks/visitor_db_query.py [--rows 1000000] [--runs 200] [--path FILE]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
import random
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from custom_components.unmanned_store.door.visitor_db import (
    Visit,
    VisitorDB,
    pseudonymise,
)

DAYS = 30
START = datetime(2026, 10, 1, tzinfo=UTC)
BATCH = 50_000


def visits(rows: int, seed: int) -> Iterator[Visit]:
    """Plausible traffic: results, methods and a few thousand returning visitors."""
    rng = random.Random(seed)
    key = b"benchmark-pseudonym-key-32-bytes"
    visitors = [pseudonymise(f"kakao:{n}", key) for n in range(5000)]
    # Rows arrive in time order, as a door logs them: random gaps averaging span / rows.
    mean_gap_us = DAYS * 86_400 * 1_000_000 / rows
    at_us = 0.0
    for n in range(rows):
        at_us += rng.expovariate(1 / mean_gap_us)
        roll = rng.random()
        result = "granted" if roll < 0.8 else "denied" if roll < 0.97 else "door_held_open"
        via_provider = rng.random() < 0.4
        yield Visit(
            time=START + timedelta(microseconds=int(at_us)),
            door=rng.choice(("front", "back")),
            result=result,
            reason=None if result == "granted" else "expired",
            method="provider" if via_provider else "store_pass",
            provider="kakao" if via_provider else None,
            pass_kind=None if via_provider else "member",
            visitor=rng.choice(visitors),
            adult=rng.random() < 0.7,
            source_id=f"door-1:cursor:{n}",
        )


def fill(db: VisitorDB, rows: int) -> float:
    started = time.perf_counter()
    source = visits(rows, seed=1)
    added = 0
    while added < rows:
        batch = [v for _, v in zip(range(min(BATCH, rows - added)), source, strict=False)]
        added += db.add_visits(batch)
    return time.perf_counter() - started


def measure(name: str, runs: int, call: Callable[[], object]) -> None:
    call()  # warm the page cache and the statement cache once
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p50 = statistics.median(samples)
    p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
    print(f"{name:<52} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   max {samples[-1]:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--path", type=Path, help="reuse or keep this database file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path: Path = args.path or Path(tmp) / "visitor_log.db"
        db = VisitorDB.open(path)
        try:
            existing = db.count_visits()
            if existing < args.rows:
                seconds = fill(db, args.rows - existing)
                print(f"filled {args.rows - existing:,} rows in {seconds:.1f} s")
            total = db.count_visits()
            size_mb = path.stat().st_size / 1e6
            print(f"rows: {total:,} over {DAYS} days; file {size_mb:.0f} MB; {args.runs} runs each")

            day = START + timedelta(days=15)
            end = day + timedelta(days=1)
            per_day = db.count_visits(day, end)
            print(f"one day holds {per_day:,} rows")
            visitor = db.query_visits(day, end, limit=1)[0].visitor
            measure(
                "query_visits(day) first page of 100", args.runs, lambda: db.query_visits(day, end)
            )
            measure(
                "query_visits(day) page 11 (offset 1000)",
                args.runs,
                lambda: db.query_visits(day, end, offset=1000),
            )
            measure(
                "query_visits(day) page 101 (offset 10000)",
                args.runs,
                lambda: db.query_visits(day, end, offset=10_000),
            )
            measure(
                "query_visits(day) last page",
                args.runs,
                lambda: db.query_visits(day, end, offset=per_day - 100),
            )
            measure(
                "query_visits(day, result=denied) first page",
                args.runs,
                lambda: db.query_visits(day, end, result="denied"),
            )
            measure(
                "query_visits(day, visitor=one) first page",
                args.runs,
                lambda: db.query_visits(day, end, visitor=visitor),
            )
            measure(
                "query_visits(day) page of 1000",
                args.runs,
                lambda: db.query_visits(day, end, limit=1000),
            )
            measure("count_visits(day)", args.runs, lambda: db.count_visits(day, end))
            measure(
                "count_visits(day, result=granted)",
                args.runs,
                lambda: db.count_visits(day, end, result="granted"),
            )
            measure("last_visit_time()", args.runs, db.last_visit_time)
        finally:
            db.close()


if __name__ == "__main__":
    main()
