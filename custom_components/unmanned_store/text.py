"""The speaker's custom message, spoken by the speak button instead of the preset."""

from __future__ import annotations

from homeassistant.components.text import TextEntity, TextEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity

from .entity import SpeakerEntity
from .runtime import UnmannedStoreConfigEntry

PARALLEL_UPDATES = 0

# A text entity's state holds at most 255 characters; longer messages go through the action.
MESSAGE = TextEntityDescription(
    key="announcement_message",
    translation_key="announcement_message",
    native_max=255,
    entity_category=EntityCategory.CONFIG,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the custom message text."""
    async_add_entities([MessageText(entry, MESSAGE)])


class MessageText(SpeakerEntity, TextEntity, RestoreEntity):
    """Empty means: speak the selected preset."""

    async def async_added_to_hass(self) -> None:
        """Take back the text set before the restart."""
        await super().async_added_to_hass()
        last = await self.async_get_last_state()
        if last is not None and last.state not in ("unknown", "unavailable"):
            self.speaker.custom_message = last.state

    @property
    def native_value(self) -> str:
        """The custom message."""
        return self.speaker.custom_message

    async def async_set_value(self, value: str) -> None:
        """Set the custom message."""
        self.speaker.custom_message = value
        self.async_write_ha_state()
