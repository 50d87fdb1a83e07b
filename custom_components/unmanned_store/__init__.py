"""The unmanned_store integration: a small unattended shop run from Home Assistant."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .const import CONF_LANGUAGE, CONF_STORE_ID, CONF_STORE_NAME, DOMAIN
from .devices import store_device_info
from .runtime import StoreRuntime, UnmannedStoreConfigEntry

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

PLATFORMS: list[Platform] = []


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up what is shared by all stores."""
    return True


async def async_setup_entry(hass: HomeAssistant, entry: UnmannedStoreConfigEntry) -> bool:
    """Set up one store."""
    store_id: str = entry.data[CONF_STORE_ID]
    entry.runtime_data = StoreRuntime(
        store_id=store_id,
        name=entry.data[CONF_STORE_NAME],
        language=entry.data[CONF_LANGUAGE],
    )
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        **store_device_info(store_id, entry.data[CONF_STORE_NAME]),
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_on_unload(entry.add_update_listener(_async_reload_on_update))
    return True


async def async_unload_entry(hass: HomeAssistant, entry: UnmannedStoreConfigEntry) -> bool:
    """Unload one store."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def _async_reload_on_update(hass: HomeAssistant, entry: UnmannedStoreConfigEntry) -> None:
    """Apply changed options by reloading the store: no Home Assistant restart needed."""
    await hass.config_entries.async_reload(entry.entry_id)
