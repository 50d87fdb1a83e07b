"""Does memory grow per scan or per camera event? (issue 10: memory growth in the soak)

In a real Home Assistant (this process), with no cameras streaming: N scans of a member pass
through the door (decide, open, log, events), then N engine events through the camera link
(counters, entity states, store anomalies). The resident set is printed after each block, with
a garbage collection first; flat figures after the first blocks mean the path does not leak.
With --tracemalloc, the Python allocation sites that grew over the later blocks are printed.

Usage: .venv/bin/python benchmarks/memory_paths.py [--blocks 7] [--per-block 4000] [--tracemalloc]
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime
import gc
import os
from pathlib import Path
import sys
import tempfile
import tracemalloc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._hass import add_store, issue_code, running_hass
from benchmarks.door_scan import LOCK, READER, diy_door
from benchmarks.soak import _rss_mb
from custom_components.unmanned_store.cameras.settings import CameraSettings
from custom_components.unmanned_store.clients.engine.client import EngineEvent

EVENT_TYPES = (
    "crossing_in",
    "crossing_out",
    "loitering_started",
    "loitering_ended",
    "crowding_started",
    "crowding_ended",
    "person_entered_zone",
)


def _report(label: str, done: int, trace_from: int, block: int) -> tracemalloc.Snapshot | None:
    gc.collect()
    print(f"{label}: after {done:>6} RSS {_rss_mb(os.getpid()):.1f} MB", flush=True)
    if block == trace_from and tracemalloc.is_tracing():
        return tracemalloc.take_snapshot()
    return None


def _growth(snapshot: tracemalloc.Snapshot | None) -> None:
    if snapshot is None:
        return
    for stat in tracemalloc.take_snapshot().compare_to(snapshot, "lineno")[:6]:
        print(
            f"    {stat.size_diff / 1024:+7.0f} KiB {stat.count_diff:+6d} blocks  {stat.traceback}"
        )


async def main(blocks: int, per_block: int) -> None:
    """Run both paths and print the resident set after each block."""
    trace_from = blocks // 2
    with tempfile.TemporaryDirectory() as tmp:
        async with running_hass(Path(tmp)) as hass:
            await diy_door(hass)
            entry = await add_store(
                hass, {"scan_entity": READER, "lock_entity": LOCK, "unlock_seconds": 1}
            )
            code = await issue_code(hass, entry)
            door = entry.runtime_data.door
            snapshot = None
            for block in range(blocks):
                for _ in range(per_block):
                    await door.async_handle_scan(code, "bench")
                await hass.async_block_till_done()
                snapshot = _report("scans", (block + 1) * per_block, trace_from, block) or snapshot
            _growth(snapshot)

            link = entry.runtime_data.engine
            assert link is not None
            for n in range(6):
                await link.async_add_camera(
                    CameraSettings(id=f"c{n}", name=f"C{n}", source="rtsp://cam/1", analytics=False)
                )
            seq, snapshot = 0, None
            for block in range(blocks):
                for i in range(per_block):
                    seq += 1
                    link._handle(  # what the engine's stream hands the link
                        EngineEvent(
                            cursor=f"b:{seq}",
                            camera_id=f"c{i % 6}",
                            type=EVENT_TYPES[i % len(EVENT_TYPES)],
                            time=datetime.now(UTC),
                            media_time=seq * 0.1,
                            zone="shelf",
                            line="door",
                            track_id=seq,
                            counts={"in": seq, "out": seq, "occupancy": 1},
                        )
                    )
                    if i % 50 == 0:
                        await asyncio.sleep(0)
                await hass.async_block_till_done()
                snapshot = _report("camera events", seq, trace_from, block) or snapshot
            _growth(snapshot)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--blocks", type=int, default=7)
    parser.add_argument("--per-block", type=int, default=4000)
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    if args.tracemalloc:
        tracemalloc.start(1)
    asyncio.run(main(args.blocks, args.per_block))
