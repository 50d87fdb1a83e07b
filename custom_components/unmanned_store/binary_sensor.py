"""Whether the door stands open, when a door contact is configured."""

from __future__ import annotations

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .anomalies.entities import ANOMALY_SENSORS, AnomalyBinarySensor
from .cameras.entities import async_setup_camera_entities, binary_sensors as camera_binary_sensors
from .entity import DoorEntity, HoursEntity
from .runtime import UnmannedStoreConfigEntry

PARALLEL_UPDATES = 0

DOOR_OPEN = BinarySensorEntityDescription(
    key="door_open", translation_key="door_open", device_class=BinarySensorDeviceClass.DOOR
)
OPEN_NOW = BinarySensorEntityDescription(key="open_now", translation_key="open_now")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add whether the shop is open, and the door contact when one is configured."""
    async_add_entities([OpenNow(entry, OPEN_NOW)])
    async_setup_camera_entities(hass, entry, async_add_entities, camera_binary_sensors)
    async_add_entities(AnomalyBinarySensor(entry, d) for d in ANOMALY_SENSORS)
    if entry.runtime_data.door.settings.contact_entity is not None:
        async_add_entities([DoorOpen(entry, DOOR_OPEN)])


class DoorOpen(DoorEntity, BinarySensorEntity):
    """Mirrors the configured contact sensor."""

    @property
    def available(self) -> bool:
        """Unavailable when the contact cannot tell."""
        return self.door.is_open is not None

    @property
    def is_on(self) -> bool | None:
        """Whether the door is open."""
        return self.door.is_open


class OpenNow(HoursEntity, BinarySensorEntity):
    """On during operating hours."""

    @property
    def is_on(self) -> bool:
        """Whether the shop is open now."""
        return self.hours.is_open
