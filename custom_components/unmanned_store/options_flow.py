"""Options flow: how the store behaves, changed at any time without a restart."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
)
import voluptuous as vol

from .const import (
    CONF_RETENTION_DAYS,
    DEFAULT_RETENTION_DAYS,
    MAX_RETENTION_DAYS,
    MIN_RETENTION_DAYS,
)


class UnmannedStoreOptionsFlow(OptionsFlow):
    """Options of one store."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show the privacy settings."""
        return await self.async_step_privacy(user_input)

    async def async_step_privacy(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """How long the visitor log keeps its rows."""
        if user_input is not None:
            return self.async_create_entry(
                data={
                    **self.config_entry.options,
                    CONF_RETENTION_DAYS: int(user_input[CONF_RETENTION_DAYS]),
                }
            )
        schema = vol.Schema(
            {
                vol.Required(CONF_RETENTION_DAYS): NumberSelector(
                    NumberSelectorConfig(
                        min=MIN_RETENTION_DAYS,
                        max=MAX_RETENTION_DAYS,
                        step=1,
                        mode=NumberSelectorMode.BOX,
                        unit_of_measurement="d",
                    )
                ),
            }
        )
        return self.async_show_form(
            step_id="privacy",
            data_schema=self.add_suggested_values_to_schema(
                schema,
                {
                    CONF_RETENTION_DAYS: self.config_entry.options.get(
                        CONF_RETENTION_DAYS, DEFAULT_RETENTION_DAYS
                    )
                },
            ),
        )
