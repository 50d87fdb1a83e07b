"""The demo voice: speaks Korean and English, with Home Assistant's own demo clip as audio."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.components.tts import TextToSpeechEntity, TtsAudioType
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

# Home Assistant's own demo clip (Apache-2.0, from homeassistant/components/demo/tts.mp3).
CLIP = Path(__file__).with_name("voice.mp3")


async def async_setup_entry(
    hass: HomeAssistant, entry: ConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Add the voice."""
    async_add_entities([DemoVoice()])


class DemoVoice(TextToSpeechEntity):
    """A voice for ko and en."""

    _attr_name = "Demo shop voice"
    _attr_unique_id = "demo_shop_voice"
    _attr_default_language = "ko"
    _attr_supported_languages = ["ko", "en"]  # noqa: RUF012 - the base class declares it

    async def async_get_tts_audio(
        self, message: str, language: str, options: dict[str, Any]
    ) -> TtsAudioType:
        """The same short clip for every message."""
        data = await self.hass.async_add_executor_job(CLIP.read_bytes)
        return "mp3", data
