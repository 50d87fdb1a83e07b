"""Diagnostics: what a support request needs, with every secret and identity removed."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, cast

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .const import (
    CONF_ENTRY_TYPE,
    CONF_PASS_SECRET,
    CONF_PSEUDONYM_KEY,
    CONF_TOKEN,
    CONF_VERIFIER_TOKEN,
    CONF_VERIFIER_URL,
    ENTRY_TYPE_DOOR_DEVICE,
)
from .door.device import DoorDeviceConfigEntry
from .runtime import UnmannedStoreConfigEntry

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
    hass: HomeAssistant, entry: UnmannedStoreConfigEntry
) -> dict[str, Any]:
    """Return the store's configuration and the door's state, redacted."""
    if entry.data.get(CONF_ENTRY_TYPE) == ENTRY_TYPE_DOOR_DEVICE:
        return _door_device_diagnostics(cast(DoorDeviceConfigEntry, entry))
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
