"""The demo shop's speaker: shows what it says, and plays for as long as saying it would take."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

from homeassistant.components.media_player import MediaPlayerEntity
from homeassistant.components.media_player.const import (
    MediaPlayerEntityFeature,
    MediaPlayerState,
    MediaType,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_call_later

# Roughly how fast a TTS voice speaks Korean or English, so a long announcement plays longer.
SECONDS_PER_CHARACTER = 0.08
MIN_SECONDS = 2.0
MAX_SECONDS = 20.0


async def async_setup_entry(
    hass: HomeAssistant, entry: ConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Add the speaker."""
    async_add_entities([DemoShopSpeaker()])


def spoken_text(media_id: str) -> str:
    """The message inside a TTS media-source id, or the id itself for other media."""
    query = parse_qs(urlparse(media_id).query)
    return query["message"][0] if "message" in query else media_id


class DemoShopSpeaker(MediaPlayerEntity):
    """A ceiling speaker that never makes a sound."""

    _attr_name = "Demo shop speaker"
    _attr_unique_id = "demo_shop_speaker"
    _attr_supported_features = (
        MediaPlayerEntityFeature.PLAY_MEDIA
        | MediaPlayerEntityFeature.VOLUME_SET
        | MediaPlayerEntityFeature.MEDIA_ANNOUNCE
    )

    def __init__(self) -> None:
        """Idle at half volume."""
        self._attr_state = MediaPlayerState.IDLE
        self._attr_volume_level = 0.5
        self._finish: CALLBACK_TYPE | None = None

    async def async_set_volume_level(self, volume: float) -> None:
        """Apply the volume."""
        self._attr_volume_level = volume
        self.async_write_ha_state()

    async def async_play_media(
        self, media_type: MediaType | str, media_id: str, **kwargs: Any
    ) -> None:
        """Show the text as the title and play for its spoken length."""
        text = spoken_text(media_id)
        self._cancel_finish()
        self._attr_media_title = text
        self._attr_media_content_type = MediaType.MUSIC
        self._attr_state = MediaPlayerState.PLAYING
        self.async_write_ha_state()
        seconds = min(MAX_SECONDS, max(MIN_SECONDS, len(text) * SECONDS_PER_CHARACTER))
        self._finish = async_call_later(self.hass, seconds, self._finished)

    @callback
    def _finished(self, _now: Any) -> None:
        self._finish = None
        self._attr_state = MediaPlayerState.IDLE
        self.async_write_ha_state()

    def _cancel_finish(self) -> None:
        if self._finish is not None:
            self._finish()
            self._finish = None

    async def async_will_remove_from_hass(self) -> None:
        """Stop the timer."""
        self._cancel_finish()
