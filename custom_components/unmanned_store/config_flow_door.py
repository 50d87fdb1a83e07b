"""Config flow steps for networked door devices: discovery, pairing, reauth, reconfigure."""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.config_entries import SOURCE_RECONFIGURE, ConfigFlow, ConfigFlowResult
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
)
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo

from .clients.door import (
    API_VERSION,
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
from .const import (
    CONF_DEVICE_ID,
    CONF_ENTRY_TYPE,
    CONF_PAIRING_CODE,
    CONF_STORE_ENTRY_ID,
    CONF_TOKEN,
    ENTRY_TYPE_DOOR_DEVICE,
    ENTRY_TYPE_STORE,
)

CONF_STORE = "store"
PORT_SELECTOR = NumberSelector(
    NumberSelectorConfig(min=1, max=65535, step=1, mode=NumberSelectorMode.BOX)
)


class DoorDeviceFlowMixin(ConfigFlow):
    """The door-device half of the integration's config flow."""

    _host: str
    _port: int
    _discovered_id: str | None = None
    _model: str = ""

    def _stores(self) -> list[SelectOptionDict]:
        return [
            SelectOptionDict(value=entry.entry_id, label=entry.title)
            for entry in self._async_current_entries(include_ignore=False)
            if entry.data.get(CONF_ENTRY_TYPE, ENTRY_TYPE_STORE) == ENTRY_TYPE_STORE
        ]

    async def _async_pair(self, code: str) -> tuple[str, DeviceInfo]:
        session = async_get_clientsession(self.hass)
        token = await DoorClient.pair(session, self._host, self._port, code.strip())
        info = await DoorClient(session, self._host, self._port, token).info()
        return token, info

    def _pair_schema(self, stores: list[SelectOptionDict]) -> vol.Schema:
        fields: dict[vol.Marker, Any] = {vol.Required(CONF_PAIRING_CODE): TextSelector()}
        if len(stores) > 1:
            fields[vol.Required(CONF_STORE)] = SelectSelector(SelectSelectorConfig(options=stores))
        return vol.Schema(fields)

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

    async def async_step_zeroconf(self, discovery_info: ZeroconfServiceInfo) -> ConfigFlowResult:
        """A door device announced itself on the network."""
        properties = discovery_info.properties
        device_id = properties.get(TXT_DEVICE_ID)
        if not device_id:
            return self.async_abort(reason="not_a_door_device")
        if properties.get(TXT_API) != API_VERSION:
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
        stores = self._stores()
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                token, info = await self._async_pair(user_input[CONF_PAIRING_CODE])
            except DoorRateLimitedError:
                errors["base"] = "rate_limited"
            except DoorAuthenticationError:
                errors[CONF_PAIRING_CODE] = "invalid_pairing_code"
            except DoorConnectionError:
                errors["base"] = "cannot_connect"
            except DoorError:
                errors[CONF_PAIRING_CODE] = "invalid_pairing_code"
            else:
                if self._discovered_id is not None and info.device_id != self._discovered_id:
                    return self.async_abort(reason="unique_id_mismatch")
                await self.async_set_unique_id(info.device_id)
                self._abort_if_unique_id_configured(
                    updates={CONF_HOST: self._host, CONF_PORT: self._port, CONF_TOKEN: token}
                )
                store = user_input.get(CONF_STORE, stores[0]["value"])
                return self.async_create_entry(
                    title=f"{info.model} ({info.device_id})",
                    data={
                        CONF_ENTRY_TYPE: ENTRY_TYPE_DOOR_DEVICE,
                        CONF_HOST: self._host,
                        CONF_PORT: self._port,
                        CONF_TOKEN: token,
                        CONF_DEVICE_ID: info.device_id,
                        CONF_STORE_ENTRY_ID: store,
                    },
                )
        return self.async_show_form(
            step_id="pair",
            data_schema=self._pair_schema(stores),
            errors=errors,
            description_placeholders={"host": self._host},
        )

    async def async_step_reauth(self, entry_data: dict[str, Any]) -> ConfigFlowResult:
        """The device refused our token (it was reset or paired elsewhere)."""
        self._host = entry_data[CONF_HOST]
        self._port = entry_data[CONF_PORT]
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pair again with the code the device shows now."""
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                token, info = await self._async_pair(user_input[CONF_PAIRING_CODE])
            except DoorRateLimitedError:
                errors["base"] = "rate_limited"
            except DoorConnectionError:
                errors["base"] = "cannot_connect"
            except DoorError:
                errors[CONF_PAIRING_CODE] = "invalid_pairing_code"
            else:
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
        defaults = user_input or {
            CONF_HOST: entry.data[CONF_HOST],
            CONF_PORT: entry.data[CONF_PORT],
        }
        return self.async_show_form(
            step_id="reconfigure_door_device",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(
                    {
                        vol.Required(CONF_HOST): TextSelector(),
                        vol.Required(CONF_PORT): PORT_SELECTOR,
                    }
                ),
                defaults,
            ),
            errors=errors,
        )

    def _is_reconfiguring_door_device(self) -> bool:
        return (
            self.source == SOURCE_RECONFIGURE
            and self._get_reconfigure_entry().data.get(CONF_ENTRY_TYPE) == ENTRY_TYPE_DOOR_DEVICE
        )
