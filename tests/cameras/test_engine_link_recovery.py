"""The embedded engine dies: entities go unavailable, the integration restarts it, and events
resume without repeats; counters survive."""

from __future__ import annotations

import logging
import os
from pathlib import Path
import signal

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.unmanned_store.store_events import CameraEvent
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant

from .conftest import counting_door_camera, entity_id, wait_for


def _contiguous(events: list[CameraEvent]) -> bool:
    """Within each engine run, cursors follow each other with no gap and no repeat."""
    last: dict[str, int] = {}
    for event in events:
        boot, _, seq = event.data["cursor"].partition(":")
        if boot in last and int(seq) != last[boot] + 1:
            return False
        last[boot] = int(seq)
    return True


@pytest.mark.usefixtures("loop_lag")
async def test_killed_engine_comes_back(
    hass: HomeAssistant,
    store: MockConfigEntry,
    camera_events: list[CameraEvent],
    clip_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """SIGKILL the engine: unavailable, restarted, counting goes on from where it was.

    The log says the engine went and came back once each, at INFO, by the store's name.
    """
    link = await counting_door_camera(hass, store, clip_dir)
    entries = entity_id(hass, "sensor", "door", "entries_today")
    person = entity_id(hass, "binary_sensor", "door", "person")
    await wait_for(lambda: hass.states.get(entries).state not in ("0", STATE_UNAVAILABLE))
    assert link.process is not None
    first_pid = link.process.pid
    assert first_pid is not None

    os.kill(first_pid, signal.SIGKILL)
    await wait_for(lambda: hass.states.get(person).state == STATE_UNAVAILABLE)
    assert hass.states.get(entries).state == STATE_UNAVAILABLE
    before = link.counters_today("door")[0]
    handled = len(camera_events)

    await wait_for(
        lambda: link.available
        and link.process is not None
        and link.process.pid not in (None, first_pid)
    )
    await wait_for(lambda: link.counters_today("door")[0] > before)
    await hass.async_block_till_done()
    assert hass.states.get(person).state != STATE_UNAVAILABLE
    assert int(hass.states.get(entries).state) > before
    assert link.process.starts == 2
    assert len(camera_events) > handled
    assert _contiguous(camera_events)
    boots = {e.data["cursor"].split(":")[0] for e in camera_events}
    assert len(boots) == 2
    said = [
        (record.levelno, record.getMessage())
        for record in caplog.records
        if record.name.startswith("custom_components.unmanned_store")
        and "vision engine" in record.getMessage()
        and record.levelno >= logging.INFO
    ]
    assert [level for level, _ in said] == [logging.INFO, logging.INFO]
    assert said[0][1].startswith(f"The vision engine of store {store.title} is unavailable")
    assert said[1][1] == f"The vision engine of store {store.title} is back"
    assert not [
        record
        for record in caplog.records
        if record.name.endswith("engine_client") and record.levelno >= logging.WARNING
    ]


@pytest.mark.usefixtures("loop_lag")
async def test_stalled_engine_goes_unavailable_and_recovers(
    hass: HomeAssistant,
    store: MockConfigEntry,
    camera_events: list[CameraEvent],
    clip_dir: Path,
) -> None:
    """SIGSTOP the engine: its sockets stay open and nothing answers (a hung process).

    The state poll times out (10 s): entities unavailable, the process is not restarted (it is
    alive). SIGCONT: available again, the same process, the stream resumes from its cursor with
    no gap and no repeat.
    """
    link = await counting_door_camera(hass, store, clip_dir)
    entries = entity_id(hass, "sensor", "door", "entries_today")
    await wait_for(lambda: hass.states.get(entries).state not in ("0", STATE_UNAVAILABLE))
    assert link.process is not None
    pid = link.process.pid
    assert pid is not None

    os.kill(pid, signal.SIGSTOP)
    try:
        await wait_for(lambda: hass.states.get(entries).state == STATE_UNAVAILABLE, 30)
        assert link.process.pid == pid
    finally:
        os.kill(pid, signal.SIGCONT)
    before = link.counters_today("door")[0]
    await wait_for(lambda: link.available and link.counters_today("door")[0] > before, 60)
    await hass.async_block_till_done()
    assert hass.states.get(entries).state != STATE_UNAVAILABLE
    assert link.process.pid == pid
    assert link.process.starts == 1
    assert _contiguous(camera_events)
    assert len({e.data["cursor"] for e in camera_events}) == len(camera_events)
