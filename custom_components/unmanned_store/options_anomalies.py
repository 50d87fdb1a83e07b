"""Options flow step for the anomaly rules: tailgating window, night crowding, payment signal."""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.helpers.selector import (
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TimeSelector,
)

from .anomalies.state import (
    CONF_ANOMALIES,
    CONF_CROWDING_NIGHT_END,
    CONF_CROWDING_NIGHT_START,
    CONF_PAYMENT_ENTITY,
    CONF_TAILGATING_WINDOW,
    DEFAULT_TAILGATING_SECONDS,
)

# Anything whose state changes once per payment: a kiosk's event or sensor, a button, a counter.
PAYMENT_DOMAINS = ["event", "sensor", "input_button", "button", "counter", "input_number"]

ANOMALIES_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_TAILGATING_WINDOW): NumberSelector(
            NumberSelectorConfig(
                min=2, max=120, step=1, mode=NumberSelectorMode.BOX, unit_of_measurement="s"
            )
        ),
        vol.Optional(CONF_CROWDING_NIGHT_START): TimeSelector(),
        vol.Optional(CONF_CROWDING_NIGHT_END): TimeSelector(),
        vol.Optional(CONF_PAYMENT_ENTITY): EntitySelector(
            EntitySelectorConfig(domain=PAYMENT_DOMAINS)
        ),
    }
)


class AnomalyOptionsFlow(OptionsFlow):
    """The ``anomalies`` step of the store's options."""

    async def async_step_anomalies(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """How the store decides what is an anomaly."""
        errors: dict[str, str] = {}
        current: dict[str, Any] = dict(self.config_entry.options.get(CONF_ANOMALIES) or {})
        if user_input is not None:
            start = user_input.get(CONF_CROWDING_NIGHT_START) or None
            end = user_input.get(CONF_CROWDING_NIGHT_END) or None
            if (start is None) != (end is None):
                errors["base"] = "night_incomplete"
            elif start is not None and start == end:
                errors["base"] = "night_empty"
            else:
                anomalies = {
                    CONF_TAILGATING_WINDOW: int(user_input[CONF_TAILGATING_WINDOW]),
                    CONF_CROWDING_NIGHT_START: start,
                    CONF_CROWDING_NIGHT_END: end,
                    CONF_PAYMENT_ENTITY: user_input.get(CONF_PAYMENT_ENTITY) or None,
                }
                return self.async_create_entry(
                    data={**self.config_entry.options, CONF_ANOMALIES: anomalies}
                )
        defaults = {
            CONF_TAILGATING_WINDOW: DEFAULT_TAILGATING_SECONDS,
            **{k: v for k, v in current.items() if v is not None},
            **(user_input or {}),
        }
        return self.async_show_form(
            step_id="anomalies",
            data_schema=self.add_suggested_values_to_schema(ANOMALIES_SCHEMA, defaults),
            errors=errors,
        )
