"""The long soak (issue 10): six cameras at 5 fps and a scan every 2 s, in a real Home Assistant.

Home Assistant (the test helper's instance, in this process) runs a store with a DIY door (a
template lock and a reader entity) and the embedded engine (a real subprocess) analysing six live
HTTP MJPEG cameras served at 10 fps by a third process, each analysed at 5 fps. Every 2 s a
member pass is scanned on the reader. After a warm-up, for the given minutes it records:

- CPU: Home Assistant's process and the engine's, as a share of one core;
- memory: both processes' resident set every minute: first, last, and the growth per hour from a
  least-squares line through the samples;
- event-loop lag: a task asks to sleep 50 ms and records how late it wakes (p50, p99, max);
- scan → lock.unlock call: p50, p95, max; scans made, visits logged (must be equal);
- events lost: engine cursors that never reached the store (gaps), cursors seen twice, and the
  difference between the engine's own crossing counts and the entries/exits Home Assistant shows.

Usage: .venv/bin/python benchmarks/soak.py [--minutes 30] [--warmup 60] [--tracemalloc]
(--tracemalloc also prints where Home Assistant's Python memory grew during the run; it slows
allocation, so take the other figures from a run without it.)
"""

from __future__ import annotations

import argparse
from array import array
import asyncio
import contextlib
import os
from pathlib import Path
import resource
import sys
import tempfile
import time
import tracemalloc
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._feeder import mjpeg_feeder
from benchmarks._hass import add_store, issue_code, percentiles, running_hass
from benchmarks.door_scan import LOCK, READER, diy_door
from custom_components.unmanned_store.cameras.engine_setup import async_start_engine
from custom_components.unmanned_store.cameras.settings import CameraSettings
from custom_components.unmanned_store.const import DOMAIN
from custom_components.unmanned_store.store_events import CameraEvent, signal_camera_event
from homeassistant.const import EVENT_CALL_SERVICE
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect

CAMERAS = 6
SCAN_EVERY = 2.0
LAG_PROBE = 0.05
TICKS = os.sysconf("SC_CLK_TCK")


def _proc_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _self_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _slope_per_hour(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB) samples, in MB per hour."""
    n = len(samples)
    if n < 2:
        return float("nan")
    mean_t = sum(t for t, _ in samples) / n
    mean_v = sum(v for _, v in samples) / n
    num = sum((t - mean_t) * (v - mean_v) for t, v in samples)
    den = sum((t - mean_t) ** 2 for t, _ in samples)
    return num / den * 3600 if den else float("nan")


class Recorder:
    """What the soak counts while it runs."""

    def __init__(self) -> None:
        self.measuring = False
        # Compact on purpose: the recorder lives in Home Assistant's process and must not be
        # what makes its memory grow (a list of floats costs 32 bytes a sample, this 8).
        self.lags = array("d")
        self.scan_to_call = array("d")
        self.last_seq: dict[str, int] = {}
        self.events = 0
        self.lost = 0
        self.twice = 0
        self.scans = 0
        self.unlock_calls = 0

    async def probe_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            asked = loop.time()
            await asyncio.sleep(LAG_PROBE)
            if self.measuring:
                self.lags.append(loop.time() - asked - LAG_PROBE)

    @callback
    def on_camera_event(self, event: CameraEvent) -> None:
        """Within one engine run cursors are consecutive: a jump is lost events, a step back
        a repeat."""
        boot, _, raw = str(event.data.get("cursor", "")).partition(":")
        seq = int(raw)
        self.events += 1
        if (last := self.last_seq.get(boot)) is not None:
            if seq <= last:
                self.twice += 1
                return
            self.lost += seq - last - 1
        self.last_seq[boot] = seq


async def _scan_every(hass: HomeAssistant, code: str, rec: Recorder) -> None:
    pending: list[float] = []

    @callback
    def on_call(event: Event) -> None:
        if event.data["domain"] == "lock" and event.data["service"] == "unlock" and pending:
            rec.unlock_calls += 1
            rec.scan_to_call.append((time.perf_counter() - pending.pop(0)) * 1000)

    hass.bus.async_listen(EVENT_CALL_SERVICE, on_call)
    while True:
        pending.append(time.perf_counter())
        rec.scans += 1
        hass.states.async_set(READER, code)
        await asyncio.sleep(SCAN_EVERY / 2)
        hass.states.async_set(READER, "")
        await asyncio.sleep(SCAN_EVERY / 2)


async def _engine_counts(link: Any) -> dict[str, tuple[int, int]]:
    counts: dict[str, tuple[int, int]] = {}
    for camera_id in link.cameras:
        lines = (await link.client.camera_state(camera_id))["lines"].values()
        counts[camera_id] = (sum(c["in"] for c in lines), sum(c["out"] for c in lines))
    return counts


async def _all_visits(hass: HomeAssistant, entry_id: str) -> list[dict[str, Any]]:
    visits: list[dict[str, Any]] = []
    while True:
        page = await hass.services.async_call(
            DOMAIN,
            "get_visits",
            {"config_entry_id": entry_id, "limit": 500, "offset": len(visits)},
            blocking=True,
            return_response=True,
        )
        assert page is not None
        visits.extend(page["visits"])  # type: ignore[arg-type]
        if len(page["visits"]) < 500:  # type: ignore[arg-type]
            return visits


def _print_growth(before: tracemalloc.Snapshot, after: tracemalloc.Snapshot) -> None:
    stats = after.compare_to(before, "lineno")
    print("Python memory growth in Home Assistant's process, top 12 sites:")
    for stat in stats[:12]:
        print(f"  {stat.size_diff / 1024:+8.0f} KiB {stat.count_diff:+7d} blocks  {stat.traceback}")


async def main(minutes: float, warmup: float, trace: bool = False) -> None:
    """Run the soak and print the figures."""
    rec = Recorder()
    with tempfile.TemporaryDirectory() as tmp:
        async with mjpeg_feeder(Path(tmp)) as cameras, running_hass(Path(tmp)) as hass:
            await diy_door(hass)
            entry = await add_store(
                hass, {"scan_entity": READER, "lock_entity": LOCK, "unlock_seconds": 1}
            )
            code = await issue_code(hass, entry)
            link = entry.runtime_data.engine
            assert link is not None
            assert await async_start_engine(hass, link)
            assert await link.async_wait_available(60)
            async_dispatcher_connect(hass, signal_camera_event(entry.entry_id), rec.on_camera_event)
            for n in range(CAMERAS):
                await link.async_add_camera(
                    CameraSettings(
                        id=f"cam{n}",
                        name=f"Camera {n}",
                        source=f"{cameras}{n}",
                        line="0.02,0.55 0.98,0.55",
                        crowd_size=3,
                    )
                )
            await hass.async_block_till_done()
            tasks = [
                hass.async_create_background_task(rec.probe_loop(), "soak lag probe"),
                hass.async_create_background_task(_scan_every(hass, code, rec), "soak scans"),
            ]
            await asyncio.sleep(warmup)
            assert link.process is not None
            assert link.process.pid is not None
            engine_pid = link.process.pid
            rec.measuring = True
            traced = tracemalloc.take_snapshot() if trace else None
            scans_before, calls_before = rec.scans, rec.unlock_calls
            del rec.scan_to_call[:]
            start = time.monotonic()
            cpu_ha, cpu_engine = _self_cpu_seconds(), _proc_cpu_seconds(engine_pid)
            mem: dict[str, list[tuple[float, float]]] = {"ha": [], "engine": []}
            while (elapsed := time.monotonic() - start) < minutes * 60:
                mem["ha"].append((elapsed, _rss_mb(os.getpid())))
                mem["engine"].append((elapsed, _rss_mb(engine_pid)))
                await asyncio.sleep(min(60.0, minutes * 60 - elapsed))
            wall = time.monotonic() - start
            cpu_ha = _self_cpu_seconds() - cpu_ha
            cpu_engine = _proc_cpu_seconds(engine_pid) - cpu_engine
            mem["ha"].append((wall, _rss_mb(os.getpid())))
            mem["engine"].append((wall, _rss_mb(engine_pid)))
            rec.measuring = False
            if traced is not None:
                _print_growth(traced, tracemalloc.take_snapshot())
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await asyncio.sleep(3)  # the last events and the last visit reach the store
            await hass.async_block_till_done()
            engine_counts = await _engine_counts(link)
            shown = {cid: link.counters_today(cid) for cid in link.cameras}
            same_engine = link.process is not None and link.process.pid == engine_pid
            visits = await _all_visits(hass, entry.entry_id)
            health = await link.client.health()
            await hass.config_entries.async_unload(entry.entry_id)
    scans = rec.scans
    lost, twice = rec.lost, rec.twice
    mismatch = sum(
        abs(engine_counts[c][0] - shown[c][0]) + abs(engine_counts[c][1] - shown[c][1])
        for c in engine_counts
    )
    lag50, _, lag_max = percentiles(list(rec.lags))
    lag99 = sorted(rec.lags)[int(len(rec.lags) * 0.99)]
    s50, s95, smax = percentiles(list(rec.scan_to_call))
    print(
        f"soak: {wall / 60:.1f} min after a {warmup:.0f} s warm-up; {CAMERAS} cameras "
        f"(640x360 MJPEG at {10} fps in, 5 fps analysed), a scan every {SCAN_EVERY:.0f} s"
    )
    print(
        f"CPU: Home Assistant {100 * cpu_ha / wall:.1f} % of one core, "
        f"engine {100 * cpu_engine / wall:.1f} %"
    )
    for name, samples in mem.items():
        print(
            f"memory {name} every 5 min (MB): "
            + " ".join(f"{v:.0f}" for t, v in samples if round(t) % 300 < 60 or t == wall)
        )
        print(
            f"memory {name}: {samples[0][1]:.0f} MB → {samples[-1][1]:.0f} MB, "
            f"trend {_slope_per_hour(samples):+.1f} MB/h ({len(samples)} samples)"
        )
    print(
        f"event-loop lag ({len(rec.lags)} probes of {LAG_PROBE * 1000:.0f} ms): "
        f"p50 {lag50 * 1000:.2f} ms, p99 {lag99 * 1000:.2f} ms, max {lag_max * 1000:.1f} ms"
    )
    print(f"scan → lock.unlock call: p50 {s50:.1f} ms, p95 {s95:.1f} ms, max {smax:.1f} ms")
    granted = sum(1 for v in visits if v["result"] == "granted")
    print(
        f"scans during the soak: {scans - scans_before}; unlock calls "
        f"{rec.unlock_calls - calls_before}; visits logged in total {len(visits)} "
        f"({granted} granted, {len({v['id'] for v in visits})} distinct) of {scans} scans"
    )
    events = rec.events
    print(
        f"camera events received: {events}; lost (cursor gaps): {lost}; twice: {twice}; "
        f"engine crossings vs shown in Home Assistant differ by {mismatch} "
        f"({sum(a + b for a, b in engine_counts.values())} crossings)"
    )
    print(
        "per camera fps in/analysed: "
        + ", ".join(
            f"{h['fps_in']:.1f}/{h['fps_analysed']:.1f}" for h in health["cameras"].values()
        )
    )
    print(f"engine process the same throughout: {same_engine}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=60.0)
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    if args.tracemalloc:
        tracemalloc.start(8)
    asyncio.run(main(args.minutes, args.warmup, args.tracemalloc))
