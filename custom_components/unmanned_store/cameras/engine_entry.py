"""A standalone vision engine (another host, or an add-on) as its own config entry.

It is linked to one store (CONF_STORE_ENTRY_ID) and follows it: it sets up only while that
store is loaded, the store's unload unloads it, and the store's removal removes it (after the
store's cameras are deleted on the engine). The store's EngineLink talks to it instead of an
embedded engine.
"""

from __future__ import annotations

from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from ..clients.engine.client import (
    EngineAuthenticationError,
    EngineClient,
    EngineError,
    EngineResponseError,
)
from ..const import CONF_STORE_ENTRY_ID, CONF_STORE_ID, CONF_TOKEN, DOMAIN, ENTRY_TYPE_ENGINE
from ..devices import MANUFACTURER
from ..runtime import (
    EngineConfigEntry,
    StandaloneEngine,
    entry_kind,
    loaded_store,
    raise_if_store_missing,
)

ENGINE_SERVICE_TYPE: Final = "_unmanned-store-engine._tcp.local."
DEFAULT_ENGINE_PORT: Final = 8765


def linked_engines(hass: HomeAssistant, store_entry_id: str) -> list[ConfigEntry[Any]]:
    """The standalone engine entries that serve a store."""
    return [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry_kind(entry) == ENTRY_TYPE_ENGINE
        and entry.data.get(CONF_STORE_ENTRY_ID) == store_entry_id
    ]


async def async_setup_engine_entry(
    hass: HomeAssistant, entry: EngineConfigEntry
) -> StandaloneEngine:
    """Point the store's engine link at the standalone engine; returns the entry's runtime."""
    raise_if_store_missing(hass, entry)
    store_entry = loaded_store(hass, entry.data[CONF_STORE_ENTRY_ID])
    if store_entry is None or store_entry.runtime_data.engine is None:
        title = hass.config_entries.async_get_known_entry(entry.data[CONF_STORE_ENTRY_ID]).title
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="store_not_ready",
            translation_placeholders={"store": title},
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
    # The store device exists: the store is loaded, and its setup registers it first.
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
    return StandaloneEngine(info=info, store_entry_id=store_entry.entry_id, link=link)


async def async_remove_store_cameras(
    hass: HomeAssistant, entry: ConfigEntry[Any], camera_ids: list[str]
) -> list[str]:
    """Delete a removed store's cameras on its standalone engine; returns those left there."""
    client = EngineClient(
        async_get_clientsession(hass),
        entry.data[CONF_HOST],
        int(entry.data[CONF_PORT]),
        entry.data[CONF_TOKEN],
    )
    left: list[str] = []
    for camera_id in camera_ids:
        try:
            await client.remove_camera(camera_id)
        except EngineResponseError as err:
            if err.status != 404:  # already gone is what we want
                left.append(camera_id)
        except EngineError:
            left.append(camera_id)
    return left
