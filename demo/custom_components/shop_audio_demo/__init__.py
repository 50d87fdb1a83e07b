"""A voice and a speaker for the demo shop, so announcements show without real hardware.

Only scripts/demo loads this. The voice is a real TTS entity and the speaker a real media
player, so the shop's announcements go through Home Assistant's own ``tts.speak`` path; the
player shows the text it was asked to say and plays for a time that grows with its length.
"""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant

PLATFORMS = [Platform.MEDIA_PLAYER, Platform.TTS]


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Add the voice and the speaker."""
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Remove them."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
