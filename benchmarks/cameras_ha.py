"""Cameras in a real Home Assistant (issue 6): the embedded engine as a real subprocess.

Figures: seconds from "start the engine" to the link being connected; per event, the delay from
the engine publishing it (its `time`) to the CameraEvent on the store's dispatcher signal (the
entities are written in the same callback); the engine subprocess's memory; how long
unloading the store (stopping the engine) takes.

Usage: .venv/bin/python benchmarks/cameras_ha.py [--seconds 30]
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

from benchmarks._hass import STORE_ID, add_store, percentiles, running_hass
from custom_components.unmanned_store.cameras.engine_setup import async_start_engine
from custom_components.unmanned_store.cameras.settings import CameraSettings
from custom_components.unmanned_store.const import DOMAIN
from custom_components.unmanned_store.store_events import CameraEvent, signal_camera_event
from homeassistant.core import State, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from tests.engine import scenes


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def main(seconds: float) -> None:
    """Run the measurement and print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        clip = scenes.walk_scene().write(Path(tmp) / "walk.avi")
        async with running_hass(Path(tmp)) as hass:
            entry = await add_store(hass, {})
            link = entry.runtime_data.engine
            assert link is not None
            started = time.perf_counter()
            assert await async_start_engine(hass, link)
            assert await link.async_wait_available(60)
            startup = time.perf_counter() - started

            dispatch: list[float] = []

            @callback
            def _on(event: CameraEvent) -> None:
                dispatch.append((datetime.now(UTC) - event.time).total_seconds())

            async_dispatcher_connect(hass, signal_camera_event(entry.entry_id), _on)
            await link.async_add_camera(
                CameraSettings(
                    id="door",
                    name="Door",
                    role="door",
                    source=str(clip),
                    line="0,0.55 1,0.55",
                    loop=True,
                )
            )
            await hass.async_block_till_done()
            sensor = er.async_get(hass).async_get_entity_id(
                "sensor", DOMAIN, f"{STORE_ID}_door_entries_today"
            )
            assert sensor is not None
            await asyncio.sleep(seconds)
            entries: State | None = hass.states.get(sensor)
            assert entries is not None
            assert link.process is not None
            assert link.process.pid is not None
            rss = _rss_mb(link.process.pid)
            stopped = time.perf_counter()
            await hass.config_entries.async_unload(entry.entry_id)
            stop = time.perf_counter() - stopped
    p50, p95, worst = percentiles(dispatch)
    print(f"embedded engine start → connected: {startup:.2f} s")
    print(f"events: {len(dispatch)} in {seconds:.0f} s; entries today shown: {entries.state}")
    print(
        f"engine publish → CameraEvent dispatched: p50 {p50 * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms, max {worst * 1000:.1f} ms"
    )
    print(f"engine subprocess RSS: {rss:.0f} MB")
    print(f"unload (SIGTERM, engine exits): {stop:.2f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30.0)
    asyncio.run(main(parser.parse_args().seconds))
