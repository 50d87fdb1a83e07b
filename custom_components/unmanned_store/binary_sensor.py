"""Whether the door stands open (a contact or a paired device), the door device's connection,
whether the shop is open, and the anomaly and camera sensors."""

from __future__ import annotations

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant, callback
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
DOOR_DEVICE_CONNECTED = BinarySensorEntityDescription(
    key="door_device_connected",
    translation_key="door_device_connected",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
    entity_category=EntityCategory.DIAGNOSTIC,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add whether the shop is open, and the door contact when one is configured."""
    async_add_entities([OpenNow(entry, OPEN_NOW)])
    async_setup_camera_entities(hass, entry, async_add_entities, camera_binary_sensors)
    async_add_entities(AnomalyBinarySensor(entry, d) for d in ANOMALY_SENSORS)
    door = entry.runtime_data.door
    added: set[str] = set()

    @callback
    def _async_add_door_entities() -> None:
        # A paired door device attaches after the store is set up: its contact and its
        # connection appear on the door device then.
        wanted: list[tuple[BinarySensorEntityDescription, type[DoorEntity]]] = []
        if door.settings.contact_entity is not None or door.hardware is not None:
            wanted.append((DOOR_OPEN, DoorOpen))
        if door.hardware is not None:
            wanted.append((DOOR_DEVICE_CONNECTED, DoorDeviceConnected))
        new = [cls(entry, d) for d, cls in wanted if d.key not in added]
        added.update(entity.entity_description.key for entity in new)
        if new:
            async_add_entities(new)

    _async_add_door_entities()
    entry.async_on_unload(door.async_add_hardware_listener(_async_add_door_entities))


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


class DoorDeviceConnected(DoorEntity, BinarySensorEntity):
    """Whether the paired door authenticator is connected (off once it is unpaired)."""

    @property
    def is_on(self) -> bool:
        """Connected now."""
        hardware = self.door.hardware
        return hardware is not None and hardware.available


class OpenNow(HoursEntity, BinarySensorEntity):
    """On during operating hours."""

    @property
    def is_on(self) -> bool:
        """Whether the shop is open now."""
        return self.hours.is_open
