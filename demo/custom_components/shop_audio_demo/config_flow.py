"""One click adds the demo voice and speaker."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult

DOMAIN = "shop_audio_demo"


class ShopAudioDemoFlow(ConfigFlow, domain=DOMAIN):
    """Nothing to ask: the entry only switches the demo entities on."""

    VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Create the entry."""
        return self.async_create_entry(title="Demo shop audio", data={})
