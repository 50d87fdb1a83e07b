"""The owner's door mode: authenticated, free, closed, or adults only."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .authenticator import DoorMode
from .entity import DoorEntity
from .runtime import UnmannedStoreConfigEntry

PARALLEL_UPDATES = 1

DOOR_MODE = SelectEntityDescription(
    key="door_mode",
    translation_key="door_mode",
    options=[mode.value for mode in DoorMode],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the door mode select."""
    async_add_entities([DoorModeSelect(entry, DOOR_MODE)])


class DoorModeSelect(DoorEntity, SelectEntity):
    """The mode persists across restarts (the door controller stores it)."""

    @property
    def current_option(self) -> str:
        """The door's mode."""
        return self.door.mode.value

    async def async_select_option(self, option: str) -> None:
        """Change the door's mode."""
        await self.door.async_set_mode(DoorMode(option))
