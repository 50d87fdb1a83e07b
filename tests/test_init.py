"""Tests of setting up and unloading a store."""

from __future__ import annotations

from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.unmanned_store.const import DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from .conftest import STORE_ID


async def test_setup_creates_store_device_and_unloads(
    hass: HomeAssistant, init_integration: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    """The store is a device; unloading leaves nothing loaded."""
    entry = init_integration
    assert entry.state is ConfigEntryState.LOADED
    device = device_registry.async_get_device(identifiers={(DOMAIN, STORE_ID)})
    assert device is not None
    assert device.name == "Mangwon Ice Cream"
    assert device.manufacturer == "Unmanned Store"

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
