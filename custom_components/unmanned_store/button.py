"""The speak button: says the custom message, or the selected preset."""

from __future__ import annotations

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .entity import SpeakerEntity
from .runtime import UnmannedStoreConfigEntry
from .speaker.announcements import AnnouncementError
from .speaker.speaker import announcement_error

PARALLEL_UPDATES = 0

SPEAK = ButtonEntityDescription(key="speak", translation_key="speak")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the speak button."""
    async_add_entities([SpeakButton(entry, SPEAK)])


class SpeakButton(SpeakerEntity, ButtonEntity):
    """Press to announce; a failure comes back to the dashboard as a translated error."""

    async def async_press(self) -> None:
        """Speak now (waits in the queue behind what is playing)."""
        try:
            await self.speaker.async_speak_selected()
        except AnnouncementError as err:
            raise announcement_error(err) from err
