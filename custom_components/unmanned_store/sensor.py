"""Today's door counters and the last visitor's time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .cameras.entities import async_setup_camera_entities, sensors as camera_sensors, shop_sensors
from .door.controller import DoorStats
from .entity import DoorEntity, HoursEntity, SpeakerEntity
from .hours.schedule import StoreHours
from .runtime import UnmannedStoreConfigEntry

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class DoorSensorDescription(SensorEntityDescription):
    """A door sensor reads one value from today's counters."""

    value_fn: Callable[[DoorStats], int | datetime | None]


SENSORS: tuple[DoorSensorDescription, ...] = (
    DoorSensorDescription(
        key="visitors_today",
        translation_key="visitors_today",
        # Reset at local midnight: total_increasing reads a drop as a new cycle.
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda stats: stats.visitors_today,
    ),
    DoorSensorDescription(
        key="denied_today",
        translation_key="denied_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda stats: stats.denied_today,
    ),
    DoorSensorDescription(
        key="last_visitor",
        translation_key="last_visitor",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda stats: stats.last_visitor,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the door's sensors, the next opening and closing, and the last announcement."""
    async_add_entities(DoorSensor(entry, description) for description in SENSORS)
    async_add_entities(HoursSensor(entry, description) for description in HOURS_SENSORS)
    async_add_entities([LastAnnouncementSensor(entry, LAST_ANNOUNCEMENT)])
    async_add_entities(shop_sensors(entry))
    async_setup_camera_entities(hass, entry, async_add_entities, camera_sensors)


class DoorSensor(DoorEntity, SensorEntity):
    """One of today's door figures."""

    entity_description: DoorSensorDescription

    @property
    def native_value(self) -> int | datetime | None:
        """The figure."""
        return self.entity_description.value_fn(self.door.stats)


@dataclass(frozen=True, kw_only=True)
class HoursSensorDescription(SensorEntityDescription):
    """An operating-hours instant."""

    value_fn: Callable[[StoreHours], datetime | None]


HOURS_SENSORS: tuple[HoursSensorDescription, ...] = (
    HoursSensorDescription(
        key="next_opening",
        translation_key="next_opening",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda hours: hours.next_opening,
    ),
    HoursSensorDescription(
        key="next_closing",
        translation_key="next_closing",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda hours: hours.next_closing,
    ),
)
LAST_ANNOUNCEMENT = SensorEntityDescription(
    key="last_announcement", translation_key="last_announcement"
)


class HoursSensor(HoursEntity, SensorEntity):
    """The next opening or closing; unknown when none ever comes."""

    entity_description: HoursSensorDescription

    @property
    def native_value(self) -> datetime | None:
        """The instant."""
        return self.entity_description.value_fn(self.hours)


class LastAnnouncementSensor(SpeakerEntity, SensorEntity):
    """The text the speaker said last, with its preset, priority and time."""

    async def async_added_to_hass(self) -> None:
        """Follow the speaker."""
        await super().async_added_to_hass()
        self.async_on_remove(self.speaker.async_add_listener(self.async_write_ha_state))

    @property
    def native_value(self) -> str | None:
        """The text (a state holds at most 255 characters; the attribute has it all)."""
        last = self.speaker.last
        return None if last is None else last.message[:255]

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Preset, priority, language and time of the last announcement."""
        last = self.speaker.last
        if last is None:
            return None
        return {
            "message": last.message,
            "preset": last.preset,
            "priority": last.priority.name.lower(),
            "language": last.language,
            "time": last.time.isoformat(),
        }
