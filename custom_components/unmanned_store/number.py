"""Per-camera thresholds: loitering seconds and crowd size."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .cameras.controls import numbers
from .cameras.entities import async_setup_camera_entities
from .runtime import UnmannedStoreConfigEntry

PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each camera's thresholds, now and when cameras are added."""
    async_setup_camera_entities(hass, entry, async_add_entities, numbers)
