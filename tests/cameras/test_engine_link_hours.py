"""The engine link on its own: the after-hours flag, a refused token, and what survives a reload."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.unmanned_store.cameras.engine_link import EngineLink
from custom_components.unmanned_store.cameras.settings import CameraSettings
from custom_components.unmanned_store.store_events import CameraEvent, signal_camera_event
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from tests.engine import scenes

from .conftest import counting_door_camera, entity_id, link_of, wait_for


class Hours:
    """Stands in for StoreHours: open or closed, with listeners, changed by the test."""

    def __init__(self) -> None:
        self.closed = False
        self.listeners: list[CALLBACK_TYPE] = []

    def add_listener(self, listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
        self.listeners.append(listener)
        return lambda: self.listeners.remove(listener)

    def set_closed(self, closed: bool) -> None:
        self.closed = closed
        for listener in list(self.listeners):
            listener()


def _link(hass: HomeAssistant, hours: Hours, store_id: str = "s1") -> EngineLink:
    return EngineLink(
        hass,
        entry_id="e1",
        store_id=store_id,
        session=async_get_clientsession(hass),
        is_closed=lambda: hours.closed,
        add_hours_listener=hours.add_listener,
        poll_interval=0.3,
    )


async def test_after_hours_flag_and_intrusion(hass: HomeAssistant, clip_dir: Path) -> None:
    """Closing the shop tells the engine, which then reports everyone seen as an intrusion."""
    clip = scenes.walk_scene().write(clip_dir / "walk_closed.avi")
    events: list[CameraEvent] = []

    @callback
    def _on_event(event: CameraEvent) -> None:
        events.append(event)

    unsub = async_dispatcher_connect(hass, signal_camera_event("e1"), _on_event)
    hours = Hours()
    link = _link(hass, hours)
    await link.async_load()
    await link.async_start_embedded()
    await link.async_start_embedded()  # already running: nothing more is started
    try:
        assert await link.async_wait_available(30)
        assert link.client is not None
        assert await link.client.store_closed() is False
        hours.set_closed(True)
        hours.set_closed(True)  # no change, nothing sent
        async with asyncio.timeout(10):
            while not await link.client.store_closed():  # noqa: ASYNC110 - asks the engine
                await asyncio.sleep(0.05)
        await link.async_add_camera(
            CameraSettings(id="door", name="Door", role="door", source=str(clip), loop=True)
        )
        await wait_for(lambda: any(e.type == "intrusion" for e in events))
        intrusion = next(e for e in events if e.type == "intrusion")
        assert intrusion.camera_name == "Door"
        assert intrusion.count is not None

        # Another client with a wrong token is refused and gives up (no retry storm).
        intruder = _link(hass, Hours(), store_id="s2")
        assert link.process is not None
        assert link.process.port is not None
        intruder.async_attach("127.0.0.1", link.process.port, "not-the-token-0123456789")
        await wait_for(lambda: intruder._task is not None and intruder._task.done())
        assert not intruder.available
        await intruder.async_stop()
    finally:
        unsub()
        await link.async_stop()
    assert hours.listeners == []

    # What the link saved: its cameras, its cursor and today's counters.
    again = _link(hass, Hours())
    await again.async_load()
    assert list(again.cameras) == ["door"]
    assert again.cursor == link.cursor
    assert again.cursor is not None
    assert again.states["door"].saved() == link.states["door"].saved()


async def test_reload_keeps_cameras_and_counts(
    hass: HomeAssistant, store: MockConfigEntry, clip_dir: Path
) -> None:
    """A reload (or a Home Assistant restart) restarts the engine with the same cameras and
    today's counts, and the cameras' entities come back."""
    link = await counting_door_camera(hass, store, clip_dir, "walk_reload")
    await wait_for(lambda: link.counters_today("door")[0] >= 1)
    await hass.config_entries.async_reload(store.entry_id)
    await hass.async_block_till_done()
    reloaded = link_of(store)
    assert reloaded is not link
    assert reloaded.running  # cameras exist: the engine starts with the store
    assert reloaded.counters_today("door")[0] >= link.counters_today("door")[0]
    assert await reloaded.async_wait_available(30)
    entries = entity_id(hass, "sensor", "door", "entries_today")
    await wait_for(lambda: hass.states.get(entries).state not in ("unavailable", "0"))
    assert int(hass.states.get(entries).state) >= link.counters_today("door")[0]
    shop = hass.states.get("sensor.mangwon_ice_cream_entries_today_door_cameras")
    assert shop is not None
    assert shop.state == hass.states.get(entries).state
