"""Door events: granted, denied, forced entry, held open, remote unlock."""

from __future__ import annotations

from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .anomalies.entities import ANOMALY_EVENT, AnomalyEvent
from .cameras.entities import async_setup_camera_entities, events as camera_events
from .door.controller import ACCESS_EVENT_TYPES
from .entity import DoorEntity, HoursEntity
from .hours.schedule import HOURS_EVENT_TYPES
from .runtime import UnmannedStoreConfigEntry

PARALLEL_UPDATES = 0

ACCESS = EventEntityDescription(
    key="access", translation_key="access", event_types=ACCESS_EVENT_TYPES
)
HOURS = EventEntityDescription(key="hours", translation_key="hours", event_types=HOURS_EVENT_TYPES)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the access and operating-hours event entities."""
    async_add_entities(
        [AccessEvent(entry, ACCESS), HoursEvent(entry, HOURS), AnomalyEvent(entry, ANOMALY_EVENT)]
    )
    async_setup_camera_entities(hass, entry, async_add_entities, camera_events)


class AccessEvent(DoorEntity, EventEntity):
    """Each door event, with method, reason, pass kind and pseudonymous visitor."""

    async def async_added_to_hass(self) -> None:
        """Receive the door's events."""
        await super().async_added_to_hass()
        self.async_on_remove(self.door.async_add_access_listener(self._async_on_access))

    @callback
    def _async_on_access(self, event_type: str, attributes: dict[str, Any]) -> None:
        self._trigger_event(event_type, attributes)
        self.async_write_ha_state()


class HoursEvent(HoursEntity, EventEntity):
    """Opened, closed, and closing soon (N minutes before closing), for automations."""

    async def async_added_to_hass(self) -> None:
        """Receive the hours' events."""
        await super().async_added_to_hass()
        self.async_on_remove(self.hours.async_add_event_listener(self._async_on_hours_event))

    @callback
    def _async_on_hours_event(self, event_type: str, attributes: dict[str, Any]) -> None:
        self._trigger_event(event_type, attributes)
        self.async_write_ha_state()
