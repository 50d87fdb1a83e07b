"""Config flow of the unmanned_store integration, every step in one class.

Three kinds of entry come from this flow: a store (by hand), a networked door device
(zeroconf or by address, paired with the code it shows) and a standalone vision engine
(zeroconf or by address, with its token). Door devices and engines are linked to a store chosen
by the owner. Each kind has its own reauth and reconfigure steps; a store's cameras are config
subentries (subentry_flow.py).
"""

from __future__ import annotations

import secrets
from typing import Any
import uuid

import voluptuous as vol

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlow,
)
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    LanguageSelector,
    LanguageSelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.service_info.hassio import HassioServiceInfo
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from homeassistant.util import slugify

from .cameras.engine_entry import DEFAULT_ENGINE_PORT, ENGINE_SERVICE_TYPE
from .clients.door import (
    API_VERSION as DOOR_API_VERSION,
    DEFAULT_PORT,
    TXT_API,
    TXT_DEVICE_ID,
    TXT_MODEL,
    DeviceInfo,
    DoorAuthenticationError,
    DoorClient,
    DoorConnectionError,
    DoorError,
    DoorRateLimitedError,
)
from .clients.engine.client import (
    API_VERSION as ENGINE_API_VERSION,
    EngineAuthenticationError,
    EngineClient,
    EngineConnectionError,
    EngineError,
    EngineInfo,
)
from .const import (
    CONF_DEVICE_ID,
    CONF_ENTRY_TYPE,
    CONF_LANGUAGE,
    CONF_PAIRING_CODE,
    CONF_PASS_SECRET,
    CONF_PSEUDONYM_KEY,
    CONF_STORE_ENTRY_ID,
    CONF_STORE_ID,
    CONF_STORE_NAME,
    CONF_TOKEN,
    DEFAULT_LANGUAGE,
    DOMAIN,
    ENTRY_TYPE_DOOR_DEVICE,
    ENTRY_TYPE_ENGINE,
    ENTRY_TYPE_STORE,
    LANGUAGES,
    SUBENTRY_CAMERA,
)
from .options_flow import UnmannedStoreOptionsFlow
from .runtime import entry_kind
from .subentry_flow import CameraSubentryFlow

MAX_STORE_NAME_LENGTH = 64
CONF_STORE = "store"
PORT_SELECTOR = NumberSelector(
    NumberSelectorConfig(min=1, max=65535, step=1, mode=NumberSelectorMode.BOX)
)
TOKEN_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
ADDRESS_SCHEMA = vol.Schema(
    {vol.Required(CONF_HOST): TextSelector(), vol.Required(CONF_PORT): PORT_SELECTOR}
)


def store_unique_id(name: str) -> str:
    """A store's unique id: its name folded to a slug, so two stores cannot share a name.

    Stable across restarts and reinstalls (unlike a random id), and prefixed so it never meets
    the unique id of a door device or an engine.
    """
    return f"store_{slugify(name)}"


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


class UnmannedStoreConfigFlow(ConfigFlow, domain=DOMAIN):
    """Create a store, link a door device or an engine to one, or change them later."""

    VERSION = 2
    MINOR_VERSION = 1

    _host: str = ""
    _port: int = DEFAULT_PORT
    _discovered_id: str | None = None
    _model: str = ""
    _engine_name: str = ""
    _addon_name: str = ""
    _hassio_token: str = ""

    # ----- shared -----

    def _stores(self) -> list[SelectOptionDict]:
        return [
            SelectOptionDict(value=entry.entry_id, label=entry.title)
            for entry in self._async_current_entries(include_ignore=False)
            if entry_kind(entry) == ENTRY_TYPE_STORE
        ]

    def _store_field(self, fields: dict[vol.Marker, Any]) -> dict[vol.Marker, Any]:
        """Ask which store a device serves, when there is more than one."""
        stores = self._stores()
        if len(stores) > 1:
            fields[vol.Required(CONF_STORE)] = SelectSelector(SelectSelectorConfig(options=stores))
        return fields

    def _chosen_store(self, user_input: dict[str, Any]) -> str:
        store: str = user_input.get(CONF_STORE) or self._stores()[0]["value"]
        return store

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """A new store, or a networked door or an engine for an existing store."""
        if not self._stores():
            return await self.async_step_store()
        return self.async_show_menu(step_id="user", menu_options=["store", "door_device", "engine"])

    async def async_step_zeroconf(self, discovery_info: ZeroconfServiceInfo) -> ConfigFlowResult:
        """A door device or an engine announced itself on the network."""
        if discovery_info.type == ENGINE_SERVICE_TYPE:
            return await self._async_engine_discovered(discovery_info)
        return await self._async_door_discovered(discovery_info)

    async def async_step_reauth(self, entry_data: dict[str, Any]) -> ConfigFlowResult:
        """A door device refused our token, or an engine did: each kind has its own form."""
        kind = entry_data.get(CONF_ENTRY_TYPE, ENTRY_TYPE_STORE)
        self._host = entry_data.get(CONF_HOST, "")
        self._port = int(entry_data.get(CONF_PORT, DEFAULT_PORT))
        if kind == ENTRY_TYPE_DOOR_DEVICE:
            return await self.async_step_reauth_confirm()
        if kind == ENTRY_TYPE_ENGINE:
            return await self.async_step_reauth_engine()
        # A store holds no credential of a remote side: nothing to authenticate again.
        return self.async_abort(reason="reauth_not_supported")

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Rename a store or change its language; a door device or engine gets its address."""
        entry = self._get_reconfigure_entry()
        kind = entry_kind(entry)
        if kind == ENTRY_TYPE_DOOR_DEVICE:
            return await self.async_step_reconfigure_door_device()
        if kind == ENTRY_TYPE_ENGINE:
            return await self.async_step_reconfigure_engine()
        errors: dict[str, str] = {}
        if user_input is not None:
            errors, cleaned = _validate_store(user_input)
            if not errors:
                unique_id = store_unique_id(cleaned[CONF_STORE_NAME])
                if any(
                    other.unique_id == unique_id and other.entry_id != entry.entry_id
                    for other in self._async_current_entries(include_ignore=False)
                ):
                    return self.async_abort(reason="already_configured")
                # Not async_update_reload_and_abort: the store's update listener reloads it
                # for a new name or language, and one reload is enough.
                self.hass.config_entries.async_update_entry(
                    entry,
                    unique_id=unique_id,
                    title=cleaned[CONF_STORE_NAME],
                    data={
                        **entry.data,
                        CONF_STORE_NAME: cleaned[CONF_STORE_NAME],
                        CONF_LANGUAGE: cleaned[CONF_LANGUAGE],
                    },
                )
                return self.async_abort(reason="reconfigure_successful")
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=_store_schema(dict(user_input or entry.data)),
            errors=errors,
        )

    # ----- the store -----

    async def async_step_store(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the store's name and its announcement language."""
        errors: dict[str, str] = {}
        if user_input is not None:
            errors, cleaned = _validate_store(user_input)
            if not errors:
                await self.async_set_unique_id(store_unique_id(cleaned[CONF_STORE_NAME]))
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=cleaned[CONF_STORE_NAME],
                    data={
                        CONF_ENTRY_TYPE: ENTRY_TYPE_STORE,
                        # Names files, devices and entities; never changes, even on a rename.
                        CONF_STORE_ID: uuid.uuid4().hex,
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

    # ----- door devices -----

    async def _async_pair(self, code: str, errors: dict[str, str]) -> tuple[str, DeviceInfo] | None:
        """The token and the device's identity, or None with the form's error filled in."""
        session = async_get_clientsession(self.hass)
        try:
            token = await DoorClient.pair(session, self._host, self._port, code.strip())
            info = await DoorClient(session, self._host, self._port, token).info()
        except DoorRateLimitedError:
            errors["base"] = "rate_limited"
        except DoorConnectionError:
            errors["base"] = "cannot_connect"
        except DoorError:
            errors[CONF_PAIRING_CODE] = "invalid_pairing_code"
        else:
            return token, info
        return None

    async def async_step_door_device(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add a door device by its address (when discovery cannot see it)."""
        if not self._stores():
            return self.async_abort(reason="no_store")
        if user_input is not None:
            self._host = user_input[CONF_HOST].strip()
            self._port = int(user_input[CONF_PORT])
            return await self.async_step_pair()
        return self.async_show_form(
            step_id="door_device",
            data_schema=vol.Schema(
                {
                    vol.Required(CONF_HOST): TextSelector(),
                    vol.Required(CONF_PORT, default=DEFAULT_PORT): PORT_SELECTOR,
                }
            ),
        )

    async def _async_door_discovered(self, discovery_info: ZeroconfServiceInfo) -> ConfigFlowResult:
        properties = discovery_info.properties
        device_id = properties.get(TXT_DEVICE_ID)
        if not device_id:
            return self.async_abort(reason="not_a_door_device")
        if properties.get(TXT_API) != DOOR_API_VERSION:
            return self.async_abort(reason="unsupported_api")
        await self.async_set_unique_id(device_id)
        # A known device that moved (new address after a router reboot) is simply updated.
        self._abort_if_unique_id_configured(
            updates={CONF_HOST: discovery_info.host, CONF_PORT: discovery_info.port}
        )
        if not self._stores():
            return self.async_abort(reason="no_store")
        self._host = discovery_info.host
        self._port = discovery_info.port or DEFAULT_PORT
        self._discovered_id = device_id
        self._model = properties.get(TXT_MODEL) or "door"
        self.context["title_placeholders"] = {"name": f"{self._model} ({device_id})"}
        return await self.async_step_zeroconf_confirm()

    async def async_step_zeroconf_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask the owner whether to add the discovered door."""
        if user_input is not None:
            return await self.async_step_pair()
        return self.async_show_form(
            step_id="zeroconf_confirm",
            description_placeholders={"model": self._model, "host": self._host},
        )

    async def async_step_pair(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Exchange the device's pairing code for a token, and choose its store."""
        errors: dict[str, str] = {}
        if user_input is not None and (
            paired := await self._async_pair(user_input[CONF_PAIRING_CODE], errors)
        ):
            token, info = paired
            if self._discovered_id is not None and info.device_id != self._discovered_id:
                return self.async_abort(reason="unique_id_mismatch")
            await self.async_set_unique_id(info.device_id)
            self._abort_if_unique_id_configured(
                updates={CONF_HOST: self._host, CONF_PORT: self._port, CONF_TOKEN: token}
            )
            return self.async_create_entry(
                title=f"{info.model} ({info.device_id})",
                data={
                    CONF_ENTRY_TYPE: ENTRY_TYPE_DOOR_DEVICE,
                    CONF_HOST: self._host,
                    CONF_PORT: self._port,
                    CONF_TOKEN: token,
                    CONF_DEVICE_ID: info.device_id,
                    CONF_STORE_ENTRY_ID: self._chosen_store(user_input),
                },
            )
        return self.async_show_form(
            step_id="pair",
            data_schema=vol.Schema(
                self._store_field({vol.Required(CONF_PAIRING_CODE): TextSelector()})
            ),
            errors=errors,
            description_placeholders={"host": self._host},
        )

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pair the door device again with the code it shows now."""
        errors: dict[str, str] = {}
        if user_input is not None and (
            paired := await self._async_pair(user_input[CONF_PAIRING_CODE], errors)
        ):
            token, info = paired
            await self.async_set_unique_id(info.device_id)
            self._abort_if_unique_id_mismatch(reason="unique_id_mismatch")
            return self.async_update_reload_and_abort(
                self._get_reauth_entry(), data_updates={CONF_TOKEN: token}
            )
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema({vol.Required(CONF_PAIRING_CODE): TextSelector()}),
            errors=errors,
            description_placeholders={"host": self._host},
        )

    async def async_step_reconfigure_door_device(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Point a door device entry at a new address."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            host, port = user_input[CONF_HOST].strip(), int(user_input[CONF_PORT])
            client = DoorClient(
                async_get_clientsession(self.hass), host, port, entry.data[CONF_TOKEN]
            )
            try:
                info = await client.info()
            except DoorAuthenticationError:
                errors["base"] = "invalid_auth"
            except DoorError:
                errors["base"] = "cannot_connect"
            else:
                await self.async_set_unique_id(info.device_id)
                self._abort_if_unique_id_mismatch(reason="unique_id_mismatch")
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_HOST: host, CONF_PORT: port}
                )
        return self.async_show_form(
            step_id="reconfigure_door_device",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(
                    {
                        vol.Required(CONF_HOST): TextSelector(),
                        vol.Required(CONF_PORT): PORT_SELECTOR,
                    }
                ),
                user_input or {CONF_HOST: entry.data[CONF_HOST], CONF_PORT: entry.data[CONF_PORT]},
            ),
            errors=errors,
        )

    # ----- standalone engines -----

    async def _async_engine_discovered(
        self, discovery_info: ZeroconfServiceInfo
    ) -> ConfigFlowResult:
        properties = discovery_info.properties
        engine_id = properties.get("id")
        if not engine_id:
            return self.async_abort(reason="not_an_engine")
        if properties.get("api") != str(ENGINE_API_VERSION):
            return self.async_abort(reason="unsupported_engine_api")
        await self.async_set_unique_id(f"engine_{engine_id}")
        self._abort_if_unique_id_configured(
            updates={CONF_HOST: discovery_info.host, CONF_PORT: discovery_info.port}
        )
        if not self._stores():
            return self.async_abort(reason="no_store")
        self._host = discovery_info.host
        self._port = discovery_info.port or DEFAULT_ENGINE_PORT
        self._engine_name = properties.get("name") or engine_id
        self.context["title_placeholders"] = {"name": self._engine_name}
        return await self.async_step_engine_token()

    async def _async_engine_info(
        self, host: str, port: int, token: str
    ) -> tuple[EngineInfo | None, dict[str, str]]:
        client = EngineClient(async_get_clientsession(self.hass), host, port, token)
        try:
            return await client.info(), {}
        except EngineAuthenticationError:
            return None, {CONF_TOKEN: "invalid_engine_token"}
        except EngineConnectionError:
            return None, {"base": "engine_cannot_connect"}
        except EngineError:
            return None, {"base": "engine_unsupported"}

    async def async_step_engine(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """An engine by its address and token."""
        if not self._stores():
            return self.async_abort(reason="no_store")
        errors: dict[str, str] = {}
        if user_input is not None:
            self._host = user_input[CONF_HOST].strip()
            self._port = int(user_input[CONF_PORT])
            result, errors = await self._async_try_create_engine(user_input)
            if result is not None:
                return result
        fields: dict[vol.Marker, Any] = {
            vol.Required(CONF_HOST): TextSelector(),
            vol.Required(CONF_PORT, default=DEFAULT_ENGINE_PORT): PORT_SELECTOR,
            vol.Required(CONF_TOKEN): TOKEN_SELECTOR,
        }
        return self.async_show_form(
            step_id="engine", data_schema=vol.Schema(self._store_field(fields)), errors=errors
        )

    async def async_step_engine_token(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The discovered engine's token (printed by whoever set the engine up)."""
        errors: dict[str, str] = {}
        if user_input is not None:
            result, errors = await self._async_try_create_engine(user_input)
            if result is not None:
                return result
        return self.async_show_form(
            step_id="engine_token",
            data_schema=vol.Schema(self._store_field({vol.Required(CONF_TOKEN): TOKEN_SELECTOR})),
            errors=errors,
            description_placeholders={"name": self._engine_name, "host": self._host},
        )

    async def _async_try_create_engine(
        self, user_input: dict[str, Any]
    ) -> tuple[ConfigFlowResult | None, dict[str, str]]:
        token = user_input[CONF_TOKEN].strip()
        info, errors = await self._async_engine_info(self._host, self._port, token)
        if info is None:
            return None, errors
        await self.async_set_unique_id(f"engine_{info.id}")
        self._abort_if_unique_id_configured()
        return (
            self.async_create_entry(
                title=info.name,
                data={
                    CONF_ENTRY_TYPE: ENTRY_TYPE_ENGINE,
                    CONF_HOST: self._host,
                    CONF_PORT: self._port,
                    CONF_TOKEN: token,
                    CONF_STORE_ENTRY_ID: self._chosen_store(user_input),
                },
            ),
            {},
        )

    async def async_step_hassio(self, discovery_info: HassioServiceInfo) -> ConfigFlowResult:
        """The engine add-on announced itself through the Supervisor, token included."""
        config = discovery_info.config
        host, port, token = config.get(CONF_HOST), config.get(CONF_PORT), config.get(CONF_TOKEN)
        if not (
            isinstance(host, str)
            and host
            and isinstance(port, int)
            and 0 < port < 65536
            and isinstance(token, str)
            and len(token) >= 16
        ):
            return self.async_abort(reason="invalid_discovery_info")
        info, _ = await self._async_engine_info(host, port, token)
        if info is None:
            return self.async_abort(reason="engine_not_answering")
        await self.async_set_unique_id(f"engine_{info.id}")
        # The add-on may come back on another address after an update; the token stays.
        self._abort_if_unique_id_configured(
            updates={CONF_HOST: host, CONF_PORT: port, CONF_TOKEN: token}
        )
        if not self._stores():
            return self.async_abort(reason="no_store")
        self._host, self._port, self._hassio_token = host, port, token
        self._engine_name = info.name
        self._addon_name = discovery_info.name
        self.context["title_placeholders"] = {"name": info.name}
        return await self.async_step_hassio_confirm()

    async def async_step_hassio_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Confirm linking the add-on's engine to a store; the owner types no token."""
        stores = self._stores()
        if not stores:
            return self.async_abort(reason="no_store")
        if user_input is not None:
            return self.async_create_entry(
                title=self._engine_name,
                data={
                    CONF_ENTRY_TYPE: ENTRY_TYPE_ENGINE,
                    CONF_HOST: self._host,
                    CONF_PORT: self._port,
                    CONF_TOKEN: self._hassio_token,
                    CONF_STORE_ENTRY_ID: user_input[CONF_STORE],
                },
            )
        schema = vol.Schema(
            {
                vol.Required(CONF_STORE, default=stores[0]["value"]): SelectSelector(
                    SelectSelectorConfig(options=stores)
                )
            }
        )
        return self.async_show_form(
            step_id="hassio_confirm",
            data_schema=schema,
            description_placeholders={"addon": self._addon_name, "name": self._engine_name},
        )

    async def async_step_reauth_engine(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The engine refused our token: ask for the one it has now."""
        errors: dict[str, str] = {}
        if user_input is not None:
            token = user_input[CONF_TOKEN].strip()
            info, errors = await self._async_engine_info(self._host, self._port, token)
            if info is not None:
                await self.async_set_unique_id(f"engine_{info.id}")
                self._abort_if_unique_id_mismatch(reason="unique_id_mismatch")
                return self.async_update_reload_and_abort(
                    self._get_reauth_entry(), data_updates={CONF_TOKEN: token}
                )
        return self.async_show_form(
            step_id="reauth_engine",
            data_schema=vol.Schema({vol.Required(CONF_TOKEN): TOKEN_SELECTOR}),
            errors=errors,
            description_placeholders={"host": self._host},
        )

    async def async_step_reconfigure_engine(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Point an engine entry at a new address (the same engine, checked by its id)."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            host, port = user_input[CONF_HOST].strip(), int(user_input[CONF_PORT])
            info, errors = await self._async_engine_info(host, port, entry.data[CONF_TOKEN])
            if info is not None:
                await self.async_set_unique_id(f"engine_{info.id}")
                self._abort_if_unique_id_mismatch(reason="unique_id_mismatch")
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_HOST: host, CONF_PORT: port}
                )
        return self.async_show_form(
            step_id="reconfigure_engine",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(
                    {
                        vol.Required(CONF_HOST): TextSelector(),
                        vol.Required(CONF_PORT): PORT_SELECTOR,
                    }
                ),
                user_input or {CONF_HOST: entry.data[CONF_HOST], CONF_PORT: entry.data[CONF_PORT]},
            ),
            errors=errors,
        )

    # ----- options and subentries (stores only) -----

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry[Any]) -> OptionsFlow:
        """Return the options flow."""
        return UnmannedStoreOptionsFlow()

    @classmethod
    @callback
    def async_supports_options_flow(cls, config_entry: ConfigEntry[Any]) -> bool:
        """Stores have options; door devices and engines have none."""
        return entry_kind(config_entry) == ENTRY_TYPE_STORE

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry[Any]
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """A store's cameras are its subentries; other kinds have none."""
        if entry_kind(config_entry) != ENTRY_TYPE_STORE:
            return {}
        return {SUBENTRY_CAMERA: CameraSubentryFlow}
