"""Networked door in a real Home Assistant (issue 4): a scan on the reference device → the
store's lock entity shows unlocked; p50/p95 over N scans on loopback.

The device runs in this process (its server on 127.0.0.1), paired through the real config flow.

Usage: .venv/bin/python benchmarks/door_device_ha.py [--scans 1000]
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime
from pathlib import Path
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._hass import add_store, issue_code, percentiles, running_hass
from custom_components.unmanned_store.const import DOMAIN
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event
from reference_door import DeviceConfig, start_device

PAIRING_CODE = "112233"
STORE_LOCK = "lock.bench_door"


async def bench(scans: int) -> None:
    """Scan → lock unlocked in Home Assistant."""
    with tempfile.TemporaryDirectory() as tmp:
        device = await start_device(
            DeviceConfig(
                state_dir=Path(tmp) / "door",
                host="127.0.0.1",
                port=0,
                pairing_code=PAIRING_CODE,
                zeroconf=False,
                verdict_unlock_seconds=0.2,
            )
        )
        try:
            async with running_hass(Path(tmp)) as hass:
                # Shorter than the options flow allows, so 1,000 scans fit in a few minutes.
                store = await add_store(hass, {"unlock_seconds": 0.2})
                flow = await hass.config_entries.flow.async_init(
                    DOMAIN, context={"source": SOURCE_USER}
                )
                flow = await hass.config_entries.flow.async_configure(
                    flow["flow_id"], {"next_step_id": "door_device"}
                )
                flow = await hass.config_entries.flow.async_configure(
                    flow["flow_id"], {"host": "127.0.0.1", "port": device.port}
                )
                flow = await hass.config_entries.flow.async_configure(
                    flow["flow_id"], {"pairing_code": PAIRING_CODE}
                )
                await hass.async_block_till_done()
                code = await issue_code(hass, store)
                samples: list[float] = []
                for _ in range(scans):
                    # The device relocks by itself after the unlock time.
                    while (  # noqa: ASYNC110
                        state := hass.states.get(STORE_LOCK)
                    ) is None or state.state != "locked":
                        await asyncio.sleep(0.01)
                    unlocked = asyncio.Event()

                    def on_state(event: Event, unlocked: asyncio.Event = unlocked) -> None:
                        new = event.data["new_state"]
                        if event.data["entity_id"] == STORE_LOCK and new.state == "unlocked":
                            unlocked.set()

                    remove = hass.bus.async_listen(EVENT_STATE_CHANGED, on_state)
                    start = time.perf_counter()
                    device.device.scan(code)
                    await asyncio.wait_for(unlocked.wait(), 10)
                    samples.append((time.perf_counter() - start) * 1000)
                    remove()
                # A device's visit is written by the stream's background task just after the
                # unlock is confirmed: give the last one a moment (bounded) before counting.
                door = store.runtime_data.door
                since = datetime(2000, 1, 1, tzinfo=UTC)
                deadline = time.monotonic() + 5
                while (  # noqa: ASYNC110
                    logged := await door.log.count_visits(since, None, "granted")
                ) < min(scans, 1000) and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
        finally:
            await device.stop()
    p50, p95, worst = percentiles(samples)
    print(
        f"device scan -> HA lock unlocked  n={len(samples)}  p50={p50:.2f} ms  "
        f"p95={p95:.2f} ms  max={worst:.2f} ms"
    )
    print(f"visits logged: {logged} (expected {min(scans, 1000)})")


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scans", type=int, default=1000)
    asyncio.run(bench(parser.parse_args().scans))


if __name__ == "__main__":
    main()
