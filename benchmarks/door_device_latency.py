"""Scan on the reference device -> event received by the door client, over loopback.

The device runs as its own process (as a real door would), the client in this one. Each scan
is posted to the device's simulated reader and the next scan waits for its event, so the
figures are per-event latency, not throughput. Two figures per scan:
  device->client: event time stamped by the device to event yielded by the client;
  round trip:     POST /sim/scan sent to event yielded (includes the HTTP request).

    .venv/bin/python benchmarks/door_device_latency.py [--scans 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from datetime import UTC, datetime
from pathlib import Path
import statistics
import sys
import tempfile
import time

import aiohttp
from yarl import URL

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from custom_components.unmanned_store.clients.door import (  # noqa: E402
    DoorClient,
    EventType,
    ScanData,
)

CODE = "864209"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _start_device(state_dir: str) -> tuple[asyncio.subprocess.Process, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "reference_door",
        "--port",
        "0",
        "--state-dir",
        state_dir,
        "--pairing-code",
        CODE,
        "--no-zeroconf",
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert process.stdout is not None
    line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
    return process, line.split(" serving ")[1].split()[0]


async def run(scans: int) -> None:
    with tempfile.TemporaryDirectory() as state_dir:
        process, url = await _start_device(state_dir)
        try:
            base = URL(url)
            assert base.host is not None
            assert base.port is not None
            async with aiohttp.ClientSession() as session:
                token = await DoorClient.pair(session, base.host, base.port, CODE)
                client = DoorClient(session, base.host, base.port, token)
                device_to_client: list[float] = []
                round_trip: list[float] = []
                async with contextlib.aclosing(client.events(0)) as events:
                    for number in range(scans):
                        code = f"PASS:{number}"
                        sent = time.perf_counter()
                        async with session.post(f"{url}/sim/scan", json={"code": code}) as resp:
                            resp.raise_for_status()
                        event = await anext(events)
                        received = time.perf_counter()
                        now = datetime.now(UTC)
                        assert event.type is EventType.SCAN
                        assert event.data == ScanData(code)
                        device_to_client.append((now - event.time).total_seconds() * 1000)
                        round_trip.append((received - sent) * 1000)
        finally:
            process.terminate()
            await process.wait()
    print(f"door device latency over loopback, {scans} scans, one at a time")
    for name, values in (("device->client", device_to_client), ("round trip", round_trip)):
        print(
            f"  {name:<15} p50 {statistics.median(values):6.2f} ms   "
            f"p95 {_percentile(values, 0.95):6.2f} ms   max {max(values):6.2f} ms"
        )
    print(f"  malformed {client.malformed_events}, reconnects {client.reconnects}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=1000)
    asyncio.run(run(parser.parse_args().scans))


if __name__ == "__main__":
    main()
