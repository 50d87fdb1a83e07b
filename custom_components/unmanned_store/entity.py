"""Base entities of the unmanned_store integration."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription

from .devices import door_device_info, speaker_device_info, store_device_info
from .door.controller import DoorController
from .hours.schedule import StoreHours
from .runtime import UnmannedStoreConfigEntry
from .speaker.speaker import ShopSpeaker


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


class DoorEntity(UnmannedStoreEntity):
    """An entity of the store's door, updated whenever the door controller changes."""

    def __init__(self, entry: UnmannedStoreConfigEntry, description: EntityDescription) -> None:
        """Bind the entity to the door device."""
        store = entry.runtime_data
        super().__init__(entry, description, door_device_info(store.store_id, store.name))
        self.door: DoorController = entry.runtime_data.door

    async def async_added_to_hass(self) -> None:
        """Follow the door's changes."""
        await super().async_added_to_hass()
        self.async_on_remove(self.door.async_add_listener(self.async_write_ha_state))


class HoursEntity(UnmannedStoreEntity):
    """An entity of the store's operating hours; they belong to the store, not to a device."""

    def __init__(self, entry: UnmannedStoreConfigEntry, description: EntityDescription) -> None:
        """Bind the entity to the store's hours."""
        super().__init__(entry, description)
        assert entry.runtime_data.hours is not None
        self.hours: StoreHours = entry.runtime_data.hours

    async def async_added_to_hass(self) -> None:
        """Follow each opening, closing and door-automation change."""
        await super().async_added_to_hass()
        self.async_on_remove(self.hours.async_add_listener(self.async_write_ha_state))


class SpeakerEntity(UnmannedStoreEntity):
    """An entity of the shop speaker device."""

    def __init__(self, entry: UnmannedStoreConfigEntry, description: EntityDescription) -> None:
        """Bind the entity to the speaker device."""
        store = entry.runtime_data
        super().__init__(entry, description, speaker_device_info(store.store_id, store.name))
        assert store.speaker is not None
        self.speaker: ShopSpeaker = store.speaker
