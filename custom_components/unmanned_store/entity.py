"""Base entity of the unmanned_store integration."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription

from .devices import store_device_info
from .runtime import UnmannedStoreConfigEntry


class UnmannedStoreEntity(Entity):
    """An entity of one store; its name comes from its description's translation key."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(
        self,
        entry: UnmannedStoreConfigEntry,
        description: EntityDescription,
        device_info: DeviceInfo | None = None,
    ) -> None:
        """Bind the entity to its store (and device, when it lives on one under the store)."""
        self.entity_description = description
        store = entry.runtime_data
        self._attr_unique_id = f"{store.store_id}_{description.key}"
        self._attr_device_info = device_info or store_device_info(store.store_id, store.name)
