"""Options flow: how the store behaves, changed at any time without a restart."""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.config_entries import ConfigFlowResult
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)

from .const import (
    CONF_CONTACT_ENTITY,
    CONF_HELD_OPEN_SECONDS,
    CONF_LOCK_ENTITY,
    CONF_RETENTION_DAYS,
    CONF_SCAN_ENTITY,
    CONF_UNLOCK_SECONDS,
    CONF_VERIFIER_FAIL_OPEN,
    CONF_VERIFIER_TOKEN,
    CONF_VERIFIER_URL,
    DEFAULT_HELD_OPEN_SECONDS,
    DEFAULT_RETENTION_DAYS,
    DEFAULT_UNLOCK_SECONDS,
    MAX_RETENTION_DAYS,
    MIN_RETENTION_DAYS,
)
from .door.verifier import verifier_url_error
from .options_anomalies import AnomalyOptionsFlow
from .options_hours_speaker import HOURS_STEPS, HoursSpeakerOptionsFlow

SCAN_DOMAINS = ["sensor", "text", "input_text", "event"]
DOOR_ENTITIES = (CONF_SCAN_ENTITY, CONF_LOCK_ENTITY, CONF_CONTACT_ENTITY)


def _seconds(minimum: int, maximum: int) -> NumberSelector:
    return NumberSelector(
        NumberSelectorConfig(
            min=minimum, max=maximum, step=1, mode=NumberSelectorMode.BOX, unit_of_measurement="s"
        )
    )


DOOR_SCHEMA = vol.Schema(
    {
        vol.Optional(CONF_SCAN_ENTITY): EntitySelector(EntitySelectorConfig(domain=SCAN_DOMAINS)),
        vol.Optional(CONF_LOCK_ENTITY): EntitySelector(
            EntitySelectorConfig(domain=["lock", "switch"])
        ),
        vol.Optional(CONF_CONTACT_ENTITY): EntitySelector(
            EntitySelectorConfig(domain="binary_sensor")
        ),
        vol.Required(CONF_UNLOCK_SECONDS): _seconds(1, 60),
        vol.Required(CONF_HELD_OPEN_SECONDS): _seconds(5, 3600),
    }
)
PROVIDER_SCHEMA = vol.Schema(
    {
        vol.Optional(CONF_VERIFIER_URL): TextSelector(
            TextSelectorConfig(type=TextSelectorType.URL)
        ),
        vol.Optional(CONF_VERIFIER_TOKEN): TextSelector(
            TextSelectorConfig(type=TextSelectorType.PASSWORD)
        ),
        vol.Required(CONF_VERIFIER_FAIL_OPEN): BooleanSelector(),
    }
)
PRIVACY_SCHEMA = vol.Schema(
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


class UnmannedStoreOptionsFlow(HoursSpeakerOptionsFlow, AnomalyOptionsFlow):
    """Options of one store; its cameras are subentries (subentry_flow.py), not options."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Choose what to change."""
        return self.async_show_menu(
            step_id="init",
            menu_options=[
                "door",
                "identity_provider",
                "privacy",
                *HOURS_STEPS,
                "anomalies",
            ],
        )

    def _save(self, changes: dict[str, Any], cleared: tuple[str, ...] = ()) -> ConfigFlowResult:
        options = {k: v for k, v in self.config_entry.options.items() if k not in cleared}
        return self.async_create_entry(data=options | changes)

    async def async_step_door(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """The DIY door: the reader, the lock (or relay switch) and the contact."""
        if user_input is not None:
            # An entity left empty in the form is removed from the options.
            return self._save(
                {
                    **{k: user_input[k] for k in DOOR_ENTITIES if user_input.get(k)},
                    CONF_UNLOCK_SECONDS: int(user_input[CONF_UNLOCK_SECONDS]),
                    CONF_HELD_OPEN_SECONDS: int(user_input[CONF_HELD_OPEN_SECONDS]),
                },
                cleared=DOOR_ENTITIES,
            )
        defaults = {
            CONF_UNLOCK_SECONDS: DEFAULT_UNLOCK_SECONDS,
            CONF_HELD_OPEN_SECONDS: DEFAULT_HELD_OPEN_SECONDS,
            **self.config_entry.options,
        }
        return self.async_show_form(
            step_id="door",
            data_schema=self.add_suggested_values_to_schema(DOOR_SCHEMA, defaults),
        )

    async def async_step_identity_provider(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The HTTPS verifier that checks Naver, Kakao and PASS codes for us."""
        errors: dict[str, str] = {}
        if user_input is not None:
            url = (user_input.get(CONF_VERIFIER_URL) or "").strip()
            token = (user_input.get(CONF_VERIFIER_TOKEN) or "").strip()
            if not url:
                return self._save(
                    {CONF_VERIFIER_FAIL_OPEN: False},
                    cleared=(CONF_VERIFIER_URL, CONF_VERIFIER_TOKEN),
                )
            if (url_error := verifier_url_error(url)) is not None:
                errors[CONF_VERIFIER_URL] = url_error
            elif not token or not token.isascii() or not token.isprintable() or " " in token:
                errors[CONF_VERIFIER_TOKEN] = "invalid_verifier_token"
            else:
                return self._save(
                    {
                        CONF_VERIFIER_URL: url,
                        CONF_VERIFIER_TOKEN: token,
                        CONF_VERIFIER_FAIL_OPEN: bool(user_input[CONF_VERIFIER_FAIL_OPEN]),
                    }
                )
        defaults = {
            CONF_VERIFIER_FAIL_OPEN: False,
            **self.config_entry.options,
            **(user_input or {}),
        }
        return self.async_show_form(
            step_id="identity_provider",
            data_schema=self.add_suggested_values_to_schema(PROVIDER_SCHEMA, defaults),
            errors=errors,
        )

    async def async_step_privacy(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """How long the visitor log keeps its rows."""
        if user_input is not None:
            return self._save({CONF_RETENTION_DAYS: int(user_input[CONF_RETENTION_DAYS])})
        return self.async_show_form(
            step_id="privacy",
            data_schema=self.add_suggested_values_to_schema(
                PRIVACY_SCHEMA,
                {
                    CONF_RETENTION_DAYS: self.config_entry.options.get(
                        CONF_RETENTION_DAYS, DEFAULT_RETENTION_DAYS
                    )
                },
            ),
        )
