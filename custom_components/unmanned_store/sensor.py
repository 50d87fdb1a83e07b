"""Today's door counters and the last visitor's time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .door import DoorStats
from .entity import DoorEntity
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
    """Add the door's sensors."""
    async_add_entities(DoorSensor(entry, description) for description in SENSORS)


class DoorSensor(DoorEntity, SensorEntity):
    """One of today's door figures."""

    entity_description: DoorSensorDescription

    @property
    def native_value(self) -> int | datetime | None:
        """The figure."""
        return self.entity_description.value_fn(self.door.stats)
