"""The shop speaker as a notify entity: any notify action speaks in the shop."""

from __future__ import annotations

from homeassistant.components.notify import NotifyEntity, NotifyEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .entity import SpeakerEntity
from .runtime import UnmannedStoreConfigEntry
from .speaker.announcements import AnnouncementError, Priority
from .speaker.speaker import announcement_error

PARALLEL_UPDATES = 0

# No name of its own: the entity is the speaker device (notify.<store>_speaker).
SPEAKER = NotifyEntityDescription(key="speaker", name=None)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the speaker's notify entity."""
    async_add_entities([SpeakerNotify(entry, SPEAKER)])


class SpeakerNotify(SpeakerEntity, NotifyEntity):
    """Speaks the message (the title, if any, first) at information priority."""

    async def async_send_message(self, message: str, title: str | None = None) -> None:
        """Announce the message in the store's language."""
        text = f"{title}. {message}" if title else message
        try:
            await self.speaker.async_announce(message=text, priority=Priority.INFORMATION)
        except AnnouncementError as err:
            raise announcement_error(err) from err
