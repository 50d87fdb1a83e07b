"""Config flow of the unmanned_store integration: one entry per store."""

from __future__ import annotations

import secrets
from typing import Any
import uuid

import voluptuous as vol

from homeassistant.config_entries import ConfigEntry, ConfigFlow, ConfigFlowResult, OptionsFlow
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    LanguageSelector,
    LanguageSelectorConfig,
    TextSelector,
)

from .config_flow_door import DoorDeviceFlowMixin
from .config_flow_engine import EngineFlowMixin
from .const import (
    CONF_ENTRY_TYPE,
    CONF_LANGUAGE,
    CONF_PASS_SECRET,
    CONF_PSEUDONYM_KEY,
    CONF_STORE_ID,
    CONF_STORE_NAME,
    DEFAULT_LANGUAGE,
    DOMAIN,
    ENTRY_TYPE_STORE,
    LANGUAGES,
)
from .options_flow import UnmannedStoreOptionsFlow
from .runtime import UnmannedStoreConfigEntry

MAX_STORE_NAME_LENGTH = 64


def _store_schema(defaults: dict[str, Any]) -> vol.Schema:
    return vol.Schema(
        {
            vol.Required(CONF_STORE_NAME, default=defaults.get(CONF_STORE_NAME, "")): (
                TextSelector()
            ),
            vol.Required(
                CONF_LANGUAGE, default=defaults.get(CONF_LANGUAGE, DEFAULT_LANGUAGE)
            ): LanguageSelector(
                LanguageSelectorConfig(languages=list(LANGUAGES), native_name=True)
            ),
        }
    )


def _validate_store(user_input: dict[str, Any]) -> tuple[dict[str, str], dict[str, Any]]:
    """Return (errors, cleaned input) for the store form."""
    name = str(user_input.get(CONF_STORE_NAME, "")).strip()
    errors: dict[str, str] = {}
    if not name:
        errors[CONF_STORE_NAME] = "name_required"
    elif len(name) > MAX_STORE_NAME_LENGTH:
        errors[CONF_STORE_NAME] = "name_too_long"
    return errors, {**user_input, CONF_STORE_NAME: name}


class UnmannedStoreConfigFlow(EngineFlowMixin, DoorDeviceFlowMixin, ConfigFlow, domain=DOMAIN):
    """Create a store (or add a door device to one), or change them later."""

    VERSION = 1
    MINOR_VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """A new store, or a networked door for an existing store."""
        if not self._stores():
            return await self.async_step_store()
        return self.async_show_menu(step_id="user", menu_options=["store", "door_device", "engine"])

    async def async_step_store(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the store's name and its announcement language."""
        errors: dict[str, str] = {}
        if user_input is not None:
            errors, cleaned = _validate_store(user_input)
            if not errors:
                self._async_abort_entries_match({CONF_STORE_NAME: cleaned[CONF_STORE_NAME]})
                store_id = uuid.uuid4().hex
                await self.async_set_unique_id(store_id)
                return self.async_create_entry(
                    title=cleaned[CONF_STORE_NAME],
                    data={
                        CONF_ENTRY_TYPE: ENTRY_TYPE_STORE,
                        CONF_STORE_ID: store_id,
                        CONF_STORE_NAME: cleaned[CONF_STORE_NAME],
                        CONF_LANGUAGE: cleaned[CONF_LANGUAGE],
                        # Per-store secrets: passes are signed with one, visitor ids are keyed
                        # hashes under the other, so neither leaks between stores.
                        CONF_PASS_SECRET: secrets.token_hex(32),
                        CONF_PSEUDONYM_KEY: secrets.token_hex(32),
                    },
                )
        return self.async_show_form(
            step_id="store",
            data_schema=self.add_suggested_values_to_schema(_store_schema({}), user_input),
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Rename the store or change its announcement language (or move a door device)."""
        if self._is_reconfiguring_door_device():
            return await self.async_step_reconfigure_door_device()
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            errors, cleaned = _validate_store(user_input)
            if not errors:
                for other in self._async_current_entries(include_ignore=False):
                    if (
                        other.entry_id != entry.entry_id
                        and other.data.get(CONF_STORE_NAME) == cleaned[CONF_STORE_NAME]
                    ):
                        return self.async_abort(reason="already_configured")
                return self.async_update_reload_and_abort(
                    entry,
                    title=cleaned[CONF_STORE_NAME],
                    data_updates={
                        CONF_STORE_NAME: cleaned[CONF_STORE_NAME],
                        CONF_LANGUAGE: cleaned[CONF_LANGUAGE],
                    },
                )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=_store_schema(dict(user_input or entry.data)),
            errors=errors,
        )

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: UnmannedStoreConfigEntry) -> OptionsFlow:
        """Return the options flow."""
        return UnmannedStoreOptionsFlow()

    @classmethod
    @callback
    def async_supports_options_flow(cls, config_entry: ConfigEntry) -> bool:
        """Stores have options; door devices have none."""
        entry_type: str = config_entry.data.get(CONF_ENTRY_TYPE, ENTRY_TYPE_STORE)
        return entry_type == ENTRY_TYPE_STORE
