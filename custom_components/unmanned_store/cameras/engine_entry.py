"""A standalone vision engine (another host, or an add-on) as its own config entry.

Like a door device, it belongs to one store (CONF_STORE_ENTRY_ID) and appears as a diagnostic
service device under it; the store's EngineLink talks to it instead of an embedded engine.
"""

from __future__ import annotations

from typing import Any, Final

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryError, ConfigEntryNotReady
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from ..clients.engine.client import EngineAuthenticationError, EngineClient, EngineError
from ..const import CONF_ENTRY_TYPE, CONF_STORE_ENTRY_ID, CONF_STORE_ID, CONF_TOKEN, DOMAIN
from ..devices import MANUFACTURER

ENTRY_TYPE_ENGINE: Final = "engine"
ENGINE_SERVICE_TYPE: Final = "_unmanned-store-engine._tcp.local."
DEFAULT_ENGINE_PORT: Final = 8765


def linked_engines(hass: HomeAssistant, store_entry_id: str) -> list[ConfigEntry[Any]]:
    """The standalone engine entries that serve a store."""
    return [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.data.get(CONF_ENTRY_TYPE) == ENTRY_TYPE_ENGINE
        and entry.data.get(CONF_STORE_ENTRY_ID) == store_entry_id
    ]


async def async_setup_engine_entry(hass: HomeAssistant, entry: ConfigEntry[Any]) -> bool:
    """Point the store's engine link at the standalone engine."""
    store_entry = hass.config_entries.async_get_entry(entry.data[CONF_STORE_ENTRY_ID])
    if store_entry is None:
        raise ConfigEntryError(translation_domain=DOMAIN, translation_key="store_missing")
    if store_entry.state is not ConfigEntryState.LOADED or store_entry.runtime_data.engine is None:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="store_not_ready",
            translation_placeholders={"store": store_entry.title},
        )
    host, port, token = entry.data[CONF_HOST], int(entry.data[CONF_PORT]), entry.data[CONF_TOKEN]
    client = EngineClient(async_get_clientsession(hass), host, port, token)
    try:
        info = await client.info()
    except EngineAuthenticationError as err:
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="engine_auth"
        ) from err
    except EngineError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="engine_unreachable",
            translation_placeholders={"host": host, "error": str(err)},
        ) from err
    store_id = store_entry.data[CONF_STORE_ID]
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, f"engine_{info.id}")},
        manufacturer=MANUFACTURER,
        model="Vision engine",
        sw_version=info.version,
        name=entry.title,
        entry_type=dr.DeviceEntryType.SERVICE,
        via_device=(DOMAIN, store_id),
    )
    link = store_entry.runtime_data.engine
    await link.async_use_standalone(host, port, token)
    ir.async_delete_issue(hass, DOMAIN, f"no_engine_{store_id}")
    entry.async_on_unload(link.async_detach)
    return True
