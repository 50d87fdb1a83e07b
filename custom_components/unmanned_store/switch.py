"""The door automation: a switch that lets the operating hours set the door mode."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .cameras.controls import switches as camera_switches
from .cameras.entities import async_setup_camera_entities
from .entity import HoursEntity
from .runtime import UnmannedStoreConfigEntry

PARALLEL_UPDATES = 1

FOLLOW_HOURS = SwitchEntityDescription(key="follow_hours", translation_key="follow_hours")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the follow-operating-hours switch."""
    async_add_entities([FollowHoursSwitch(entry, FOLLOW_HOURS)])
    async_setup_camera_entities(hass, entry, async_add_entities, camera_switches)


class FollowHoursSwitch(HoursEntity, SwitchEntity):
    """On: the door mode is set at each boundary of the hours (the hours object stores it).

    Between boundaries the owner may change the mode by hand; it stays until the next one.
    """

    @property
    def is_on(self) -> bool:
        """Whether the door follows the hours."""
        return self.hours.follow

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The mode the hours ask for now, and when the door is next set."""
        boundary: datetime | None = self.hours.door_boundary
        return {
            "scheduled_mode": self.hours.desired_mode,
            "next_change": None if boundary is None else boundary.isoformat(),
        }

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Follow the hours: the door takes the scheduled mode now."""
        await self.hours.async_set_follow(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Stop following the hours; the door keeps its mode."""
        await self.hours.async_set_follow(False)
