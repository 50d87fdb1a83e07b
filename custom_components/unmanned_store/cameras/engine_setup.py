"""Which engine a store uses: the embedded one when OpenCV is here, else a repair issue."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import issue_registry as ir

from ..const import DOMAIN
from ..runtime import UnmannedStoreConfigEntry
from .engine_entry import linked_engines
from .engine_link import EngineLink
from .engine_process import embedded_engine_possible
from .settings import CameraSettings

ISSUE_NO_ENGINE = "no_engine"


async def async_setup_engine_link(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    cameras: list[tuple[str, CameraSettings]],
) -> EngineLink:
    """The store's engine link; the embedded engine starts at once when cameras exist.

    A store without cameras runs no engine process: the camera subentry flow starts it for the first
    camera, so shops that do not use cameras pay nothing for them.
    """
    store = entry.runtime_data
    hours = store.hours
    assert hours is not None
    link = EngineLink(
        hass,
        entry_id=entry.entry_id,
        store_id=store.store_id,
        is_closed=lambda: not hours.is_open,
        add_hours_listener=hours.async_add_listener,
    )
    await link.async_load(cameras)
    entry.async_on_unload(link.async_stop)

    async def _async_stop_on_shutdown(_event: Event) -> None:
        # Entries are not unloaded when Home Assistant stops: the engine must not outlive it.
        await link.async_stop()

    entry.async_on_unload(
        hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, _async_stop_on_shutdown)
    )
    engines = linked_engines(hass, entry.entry_id)
    if engines:
        # The store's link is new: its standalone engine attaches to it again.
        for engine_entry in engines:
            if engine_entry.state in (ConfigEntryState.LOADED, ConfigEntryState.SETUP_RETRY):
                hass.config_entries.async_schedule_reload(engine_entry.entry_id)
    elif link.cameras:
        await async_start_engine(hass, link)
    return link


async def async_start_engine(hass: HomeAssistant, link: EngineLink) -> bool:
    """Start the embedded engine; without OpenCV here, raise a repair issue and return False."""
    if link.running or linked_engines(hass, link.entry_id):
        return True
    possible = await hass.async_add_executor_job(embedded_engine_possible)
    if not possible:
        ir.async_create_issue(
            hass,
            DOMAIN,
            f"{ISSUE_NO_ENGINE}_{link.store_id}",
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=ISSUE_NO_ENGINE,
            learn_more_url="https://github.com/unmanned-store/unmanned_store/blob/main/docs/engine-api.md",
        )
        return False
    ir.async_delete_issue(hass, DOMAIN, f"{ISSUE_NO_ENGINE}_{link.store_id}")
    await link.async_start_embedded()
    return True
