"""The standalone-engine half of the config flow: found by zeroconf or given by address."""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
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

from .cameras.engine_entry import DEFAULT_ENGINE_PORT, ENGINE_SERVICE_TYPE, ENTRY_TYPE_ENGINE
from .clients.engine.client import (
    API_VERSION,
    EngineAuthenticationError,
    EngineClient,
    EngineConnectionError,
    EngineError,
    EngineInfo,
)
from .const import CONF_ENTRY_TYPE, CONF_STORE_ENTRY_ID, CONF_TOKEN, ENTRY_TYPE_STORE

CONF_STORE = "store"


class EngineFlowMixin(ConfigFlow):
    """Adds a vision engine that runs outside Home Assistant to a store."""

    _engine_host: str = ""
    _engine_port: int = DEFAULT_ENGINE_PORT
    _engine_name: str = ""
    _addon_name: str = ""
    _hassio_token: str = ""

    def _engine_stores(self) -> list[SelectOptionDict]:
        return [
            SelectOptionDict(value=entry.entry_id, label=entry.title)
            for entry in self._async_current_entries(include_ignore=False)
            if entry.data.get(CONF_ENTRY_TYPE, ENTRY_TYPE_STORE) == ENTRY_TYPE_STORE
        ]

    async def async_step_zeroconf(self, discovery_info: ZeroconfServiceInfo) -> ConfigFlowResult:
        """An engine announced itself; door devices go on to the door half of the flow."""
        if discovery_info.type != ENGINE_SERVICE_TYPE:
            return await super().async_step_zeroconf(discovery_info)
        properties = discovery_info.properties
        engine_id = properties.get("id")
        if not engine_id:
            return self.async_abort(reason="not_an_engine")
        if properties.get("api") != str(API_VERSION):
            return self.async_abort(reason="unsupported_engine_api")
        await self.async_set_unique_id(f"engine_{engine_id}")
        self._abort_if_unique_id_configured(
            updates={CONF_HOST: discovery_info.host, CONF_PORT: discovery_info.port}
        )
        if not self._engine_stores():
            return self.async_abort(reason="no_store")
        self._engine_host = discovery_info.host
        self._engine_port = discovery_info.port or DEFAULT_ENGINE_PORT
        self._engine_name = properties.get("name") or engine_id
        self.context["title_placeholders"] = {"name": self._engine_name}
        return await self.async_step_engine_token()

    def _token_schema(self) -> vol.Schema:
        fields: dict[vol.Marker, Any] = {
            vol.Required(CONF_TOKEN): TextSelector(
                TextSelectorConfig(type=TextSelectorType.PASSWORD)
            )
        }
        stores = self._engine_stores()
        if len(stores) > 1:
            fields[vol.Required(CONF_STORE)] = SelectSelector(SelectSelectorConfig(options=stores))
        return vol.Schema(fields)

    async def async_step_engine(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """An engine by its address and token."""
        if not self._engine_stores():
            return self.async_abort(reason="no_store")
        errors: dict[str, str] = {}
        if user_input is not None:
            self._engine_host = user_input[CONF_HOST].strip()
            self._engine_port = int(user_input[CONF_PORT])
            result, errors = await self._async_try_create(user_input)
            if result is not None:
                return result
        schema = vol.Schema(
            {
                vol.Required(CONF_HOST): TextSelector(),
                vol.Required(CONF_PORT, default=DEFAULT_ENGINE_PORT): NumberSelector(
                    NumberSelectorConfig(min=1, max=65535, step=1, mode=NumberSelectorMode.BOX)
                ),
            }
        ).extend(self._token_schema().schema)
        return self.async_show_form(step_id="engine", data_schema=schema, errors=errors)

    async def async_step_engine_token(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The discovered engine's token (printed by whoever set the engine up)."""
        errors: dict[str, str] = {}
        if user_input is not None:
            result, errors = await self._async_try_create(user_input)
            if result is not None:
                return result
        return self.async_show_form(
            step_id="engine_token",
            data_schema=self._token_schema(),
            errors=errors,
            description_placeholders={"name": self._engine_name, "host": self._engine_host},
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
        client = EngineClient(async_get_clientsession(self.hass), host, port, token)
        try:
            info = await client.info()
        except EngineError:
            return self.async_abort(reason="engine_not_answering")
        await self.async_set_unique_id(f"engine_{info.id}")
        # The add-on may come back on another address after an update; the token stays.
        self._abort_if_unique_id_configured(
            updates={CONF_HOST: host, CONF_PORT: port, CONF_TOKEN: token}
        )
        if not self._engine_stores():
            return self.async_abort(reason="no_store")
        self._engine_host, self._engine_port, self._hassio_token = host, port, token
        self._engine_name = info.name
        self._addon_name = discovery_info.name
        self.context["title_placeholders"] = {"name": info.name}
        return await self.async_step_hassio_confirm()

    async def async_step_hassio_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Confirm linking the add-on's engine to a store; the owner types no token."""
        stores = self._engine_stores()
        if not stores:
            return self.async_abort(reason="no_store")
        if user_input is not None:
            return self.async_create_entry(
                title=self._engine_name,
                data={
                    CONF_ENTRY_TYPE: ENTRY_TYPE_ENGINE,
                    CONF_HOST: self._engine_host,
                    CONF_PORT: self._engine_port,
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

    async def _async_try_create(
        self, user_input: dict[str, Any]
    ) -> tuple[ConfigFlowResult | None, dict[str, str]]:
        token = user_input[CONF_TOKEN].strip()
        client = EngineClient(
            async_get_clientsession(self.hass), self._engine_host, self._engine_port, token
        )
        try:
            info: EngineInfo = await client.info()
        except EngineAuthenticationError:
            return None, {CONF_TOKEN: "invalid_engine_token"}
        except EngineConnectionError:
            return None, {"base": "engine_cannot_connect"}
        except EngineError:
            return None, {"base": "engine_unsupported"}
        await self.async_set_unique_id(f"engine_{info.id}")
        self._abort_if_unique_id_configured()
        store = user_input.get(CONF_STORE) or self._engine_stores()[0]["value"]
        return (
            self.async_create_entry(
                title=info.name,
                data={
                    CONF_ENTRY_TYPE: ENTRY_TYPE_ENGINE,
                    CONF_HOST: self._engine_host,
                    CONF_PORT: self._engine_port,
                    CONF_TOKEN: token,
                    CONF_STORE_ENTRY_ID: store,
                },
            ),
            {},
        )
