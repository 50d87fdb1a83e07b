"""Diagnostics: what a support request needs, with every secret and identity removed."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant

from .const import (
    CONF_PASS_SECRET,
    CONF_PSEUDONYM_KEY,
    CONF_TOKEN,
    CONF_VERIFIER_TOKEN,
    CONF_VERIFIER_URL,
)
from .runtime import (
    DomainConfigEntry,
    DoorDeviceConfigEntry,
    EngineConfigEntry,
    StoreConfigEntry,
    is_door_device,
    is_engine,
    is_store,
    loaded_store,
)

TO_REDACT = {
    CONF_PASS_SECRET,
    CONF_PSEUDONYM_KEY,
    CONF_VERIFIER_TOKEN,
    # A verifier URL may carry credentials or a customer-specific path.
    CONF_VERIFIER_URL,
    CONF_TOKEN,
    "unique_id",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: DomainConfigEntry
) -> dict[str, Any]:
    """Each kind of entry reports its own state; an entry that is not loaded only its config."""
    if entry.state is not ConfigEntryState.LOADED:
        return {
            "entry": async_redact_data(entry.as_dict(), TO_REDACT),
            "state": entry.state.value,
        }
    if is_door_device(entry):
        return _door_device_diagnostics(entry)
    if is_engine(entry):
        return _engine_diagnostics(hass, entry)
    assert is_store(entry)
    return _store_diagnostics(entry)


def _store_diagnostics(entry: StoreConfigEntry) -> dict[str, Any]:
    """The store's configuration and the door's state, redacted."""
    store = entry.runtime_data
    door = store.door
    return {
        "entry": async_redact_data(entry.as_dict(), TO_REDACT),
        "store": {"language": store.language},
        "door": {
            "mode": door.mode.value,
            "locked": door.is_locked,
            "open": door.is_open,
            "settings": asdict(door.settings),
            # Counts only: the last visitor's time, never who it was.
            "stats": {
                "visitors_today": door.stats.visitors_today,
                "denied_today": door.stats.denied_today,
                "last_visitor": None
                if door.stats.last_visitor is None
                else door.stats.last_visitor.isoformat(),
            },
        },
        # Only a store that uses cameras has an engine to report; stream URLs are redacted.
        **(
            {"engine": store.engine.diagnostics()}
            if store.engine is not None and (store.engine.cameras or store.engine.running)
            else {}
        ),
    }


def _door_device_diagnostics(entry: DoorDeviceConfigEntry) -> dict[str, Any]:
    """A door device's connection and counters: no token, no scanned codes."""
    device = entry.runtime_data
    return {
        "entry": async_redact_data(entry.as_dict(), TO_REDACT),
        "device": {
            "connected": device.available,
            "lock": None if device.status.lock is None else device.status.lock.value,
            "door": None if device.status.door is None else device.status.door.value,
            "last_cursor": device.client.last_cursor,
            "reconnects": device.client.reconnects,
            "malformed_events": device.client.malformed_events,
            "lost_events": device.status.lost_events,
        },
    }


def _engine_diagnostics(hass: HomeAssistant, entry: EngineConfigEntry) -> dict[str, Any]:
    """A standalone engine: what it said about itself and whether the store follows it."""
    engine = entry.runtime_data
    store = loaded_store(hass, engine.store_entry_id)
    return {
        "entry": async_redact_data(entry.as_dict(), TO_REDACT),
        "engine": {
            "id": engine.info.id,
            "name": engine.info.name,
            "version": engine.info.version,
            "store_loaded": store is not None,
            "available": engine.link.available,
            "standalone": engine.link.standalone,
            "cameras": len(engine.link.cameras),
        },
    }
