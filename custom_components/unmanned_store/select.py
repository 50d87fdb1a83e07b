"""The owner's door mode: authenticated, free, closed, or adults only."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity

from .door.authenticator import DoorMode
from .entity import DoorEntity, SpeakerEntity
from .runtime import UnmannedStoreConfigEntry
from .speaker.announcements import PRESETS

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
    """Add the door mode select and the speaker's preset select."""
    async_add_entities([DoorModeSelect(entry, DOOR_MODE), PresetSelect(entry, PRESET)])


class DoorModeSelect(DoorEntity, SelectEntity):
    """The mode persists across restarts (the door controller stores it)."""

    @property
    def current_option(self) -> str:
        """The door's mode."""
        return self.door.mode.value

    async def async_select_option(self, option: str) -> None:
        """Change the door's mode."""
        await self.door.async_set_mode(DoorMode(option))


PRESET = SelectEntityDescription(
    key="announcement_preset", translation_key="announcement_preset", options=list(PRESETS)
)


class PresetSelect(SpeakerEntity, SelectEntity, RestoreEntity):
    """Which preset the speak button says when no custom text is set; kept across restarts."""

    async def async_added_to_hass(self) -> None:
        """Take back the preset chosen before the restart."""
        await super().async_added_to_hass()
        last = await self.async_get_last_state()
        if last is not None and last.state in PRESETS:
            self.speaker.selected_preset = last.state

    @property
    def current_option(self) -> str:
        """The chosen preset."""
        return self.speaker.selected_preset

    async def async_select_option(self, option: str) -> None:
        """Choose a preset."""
        self.speaker.selected_preset = option
        self.async_write_ha_state()
