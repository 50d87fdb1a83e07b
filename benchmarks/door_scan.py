"""Door benchmarks in a real Home Assistant (issue 3).

1. scan → unlock: a reader entity publishes a valid pass; time until the lock.unlock service
   call is made, and until the lock entity reports unlocked; p50/p95 over N scans.
2. get_visits on a log of 1,000,000 rows: one day's first page, a deep page, and a visitor's
   history, through the action, p50/p95.

Usage: .venv/bin/python benchmarks/door_scan.py [--scans 1000] [--rows 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
import random
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._hass import STORE_ID, add_store, issue_code, percentiles, running_hass
from custom_components.unmanned_store.const import DOMAIN
from custom_components.unmanned_store.door.visitor_db import Visit, VisitorDB
from homeassistant.const import EVENT_CALL_SERVICE, EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant
from homeassistant.setup import async_setup_component

READER = "sensor.qr_reader"
LOCK = "lock.door_bolt"


async def diy_door(hass: HomeAssistant) -> None:
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"bolt": {"initial": True}}}
    )
    bolt = {"entity_id": "input_boolean.bolt"}
    assert await async_setup_component(
        hass,
        "lock",
        {
            "lock": [
                {
                    "platform": "template",
                    "name": "Door bolt",
                    "value_template": "{{ is_state('input_boolean.bolt', 'on') }}",
                    "lock": {"action": "input_boolean.turn_on", "target": bolt},
                    "unlock": {"action": "input_boolean.turn_off", "target": bolt},
                }
            ]
        },
    )
    hass.states.async_set(READER, "")


async def bench_scans(count: int) -> None:
    """Scan → unlock latency."""
    with tempfile.TemporaryDirectory() as tmp:
        async with running_hass(Path(tmp)) as hass:
            await diy_door(hass)
            entry = await add_store(
                hass,
                {"scan_entity": READER, "lock_entity": LOCK, "unlock_seconds": 5},
            )
            code = await issue_code(hass, entry)
            door = entry.runtime_data.door
            to_call: list[float] = []
            to_state: list[float] = []
            for _ in range(count):
                called = asyncio.Event()
                unlocked = asyncio.Event()

                def on_call(event: Event, called: asyncio.Event = called) -> None:
                    if event.data["domain"] == "lock" and event.data["service"] == "unlock":
                        called.set()

                def on_state(event: Event, unlocked: asyncio.Event = unlocked) -> None:
                    new = event.data["new_state"]
                    if event.data["entity_id"] == LOCK and new and new.state == "unlocked":
                        unlocked.set()

                remove_call = hass.bus.async_listen(EVENT_CALL_SERVICE, on_call)
                remove_state = hass.bus.async_listen(EVENT_STATE_CHANGED, on_state)
                start = time.perf_counter()
                hass.states.async_set(READER, code)
                await called.wait()
                to_call.append((time.perf_counter() - start) * 1000)
                await unlocked.wait()
                to_state.append((time.perf_counter() - start) * 1000)
                remove_call()
                remove_state()
                await hass.async_block_till_done()
                await door.async_lock()
                hass.states.async_set(READER, "")
                await hass.async_block_till_done()
            rows = await hass.services.async_call(
                DOMAIN,
                "get_visits",
                {"config_entry_id": entry.entry_id, "limit": 1000},
                blocking=True,
                return_response=True,
            )
            assert rows is not None
            logged = len(rows["visits"])
    for name, samples in (
        ("scan -> lock.unlock call", to_call),
        ("scan -> lock unlocked", to_state),
    ):
        p50, p95, worst = percentiles(samples)
        print(
            f"{name:28s} n={len(samples)}  p50={p50:.2f} ms  p95={p95:.2f} ms  max={worst:.2f} ms"
        )
    print(f"visits logged: {logged} (expected {min(count, 1000)})")


def _fill(path: Path, rows: int) -> tuple[datetime, str]:
    """Fill a visitor log with rows spread over 30 days; return the last day and a visitor."""
    db = VisitorDB.open(path)
    end = datetime(2026, 11, 1, tzinfo=UTC)
    rng = random.Random(7)
    visitors = [f"{rng.getrandbits(64):016x}{rng.getrandbits(64):016x}" for _ in range(5000)]
    batch: list[Visit] = []
    step = timedelta(days=30) / rows
    for i in range(rows):
        batch.append(
            Visit(
                time=end - timedelta(days=30) + step * i,
                door=f"{STORE_ID}_door",
                result="granted" if rng.random() < 0.9 else "denied",
                reason=None,
                method="store_pass",
                pass_kind="member",  # noqa: S106
                visitor=visitors[i % len(visitors)],
                adult=False,
            )
        )
        if len(batch) == 50_000:
            db.add_visits(batch)
            batch.clear()
    db.add_visits(batch)
    db.close()
    return end - timedelta(days=1), visitors[0]


async def bench_get_visits(rows: int, runs: int = 50) -> None:
    """get_visits through the action on a large log."""
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        day, visitor = _fill(Path(tmp) / f"{DOMAIN}_{STORE_ID}.db", rows)
        print(f"filled {rows:,} rows in {time.perf_counter() - started:.1f} s")
        async with running_hass(Path(tmp)) as hass:
            entry = await add_store(hass, {})
            cases = {
                "one day, first page (100)": {"start": day, "end": day + timedelta(days=1)},
                "one day, page at offset 3000": {
                    "start": day,
                    "end": day + timedelta(days=1),
                    "offset": 3000,
                },
                "one visitor, all time": {"visitor": visitor},
                "denied only, one day": {
                    "start": day,
                    "end": day + timedelta(days=1),
                    "result": "denied",
                },
            }
            for name, filters in cases.items():
                samples = []
                for _ in range(runs):
                    start = time.perf_counter()
                    response = await hass.services.async_call(
                        DOMAIN,
                        "get_visits",
                        {"config_entry_id": entry.entry_id, **filters},
                        blocking=True,
                        return_response=True,
                    )
                    samples.append((time.perf_counter() - start) * 1000)
                assert response is not None
                p50, p95, worst = percentiles(samples)
                print(
                    f"get_visits {name:30s} rows={len(response['visits']):4d}  "
                    f"p50={p50:.2f} ms  p95={p95:.2f} ms  max={worst:.2f} ms"
                )


async def bench_burst(count: int) -> None:
    """A burst of scans from many readers at once: all logged, none twice; latency to decision."""
    with tempfile.TemporaryDirectory() as tmp:
        async with running_hass(Path(tmp)) as hass:
            entry = await add_store(hass, {"unlock_seconds": 5})
            code = await issue_code(hass, entry)
            door = entry.runtime_data.door
            latencies: list[float] = []

            async def one(i: int) -> None:
                start = time.perf_counter()
                decision = await door.async_handle_scan(code, f"reader-{i % 50}")
                latencies.append((time.perf_counter() - start) * 1000)
                assert decision.granted

            started = time.perf_counter()
            await asyncio.gather(*(one(i) for i in range(count)))
            wall = time.perf_counter() - started
            await hass.async_block_till_done()
            total = await door.log.count_visits(datetime(2000, 1, 1, tzinfo=UTC), None, "granted")
    p50, p95, worst = percentiles(latencies)
    print(
        f"burst of {count} scans: {wall:.1f} s wall, {count / wall:.0f} scans/s; "
        f"scan -> decision p50={p50:.1f} ms p95={p95:.1f} ms max={worst:.1f} ms "
        f"(queueing included); logged {total}, expected {count}"
    )


def main() -> None:
    """Run both benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--burst", type=int, default=10_000)
    args = parser.parse_args()
    asyncio.run(bench_scans(args.scans))
    asyncio.run(bench_burst(args.burst))
    asyncio.run(bench_get_visits(args.rows))


if __name__ == "__main__":
    main()
