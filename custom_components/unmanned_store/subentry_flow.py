"""Config subentry flows of a store: its cameras, added and reconfigured on the integration page.

A camera is a config subentry of its store (its settings are the subentry's data). The flow
checks the settings here and with the engine, then creates or updates the subentry; the store's
update listener hands the change to the engine link, so the store keeps running (no reload).
Deleting the subentry deletes the camera on the engine, its device and its entities.
"""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.config_entries import ConfigEntry, ConfigSubentryFlow, SubentryFlowResult
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
)

from .cameras.engine_link import CameraSetupError, EngineLink
from .cameras.engine_setup import async_start_engine
from .cameras.geometry import GeometryError, parse_line, parse_zones
from .cameras.settings import ROLES, VIEWS, CameraSettings, camera_id_for, valid_source
from .const import DOMAIN, SUBENTRY_CAMERA
from .devices import camera_unique_id
from .runtime import loaded_store

CONF_NAME = "name"
CONF_ENTITY = "entity_id"
CONF_SOURCE = "source"
CONF_ROLE = "role"
RULE_FIELDS = (
    "line",
    "zones",
    "view",
    "loiter_seconds",
    "crowd_size",
    "flame",
    "smoke",
    "tamper",
)
ENGINE_START_SECONDS = 30.0

ADD_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): TextSelector(),
        vol.Optional(CONF_ENTITY): EntitySelector(EntitySelectorConfig(domain="camera")),
        vol.Optional(CONF_SOURCE): TextSelector(),
        vol.Required(CONF_ROLE): SelectSelector(
            SelectSelectorConfig(
                options=list(ROLES), translation_key="camera_role", mode=SelectSelectorMode.DROPDOWN
            )
        ),
    }
)
RULES_SCHEMA = vol.Schema(
    {
        vol.Optional("line"): TextSelector(),
        vol.Optional("zones"): TextSelector(TextSelectorConfig(multiline=True)),
        # Optional: a client that predates the view (an older script) keeps the angled view.
        vol.Optional("view", default="angled"): SelectSelector(
            SelectSelectorConfig(
                options=list(VIEWS), translation_key="camera_view", mode=SelectSelectorMode.DROPDOWN
            )
        ),
        vol.Required("loiter_seconds"): NumberSelector(
            NumberSelectorConfig(
                min=1, max=3600, step=1, mode=NumberSelectorMode.BOX, unit_of_measurement="s"
            )
        ),
        vol.Required("crowd_size"): NumberSelector(
            NumberSelectorConfig(min=0, max=50, step=1, mode=NumberSelectorMode.BOX)
        ),
        vol.Required("flame"): BooleanSelector(),
        # Optional: a client that predates smoke (an older script) still gets it on.
        vol.Optional("smoke", default=True): BooleanSelector(),
        vol.Required("tamper"): BooleanSelector(),
    }
)


class CameraSubentryFlow(ConfigSubentryFlow):
    """Add a camera to a store, or change its source-independent settings later."""

    _pending: CameraSettings | None = None

    def _link(self) -> EngineLink | None:
        store = loaded_store(self.hass, self._entry_id)
        return None if store is None else store.runtime_data.engine

    async def _async_ready_link(self) -> EngineLink | None:
        """The store's engine link with an engine started, or None (the flow aborts)."""
        link = self._link()
        if link is None or not await async_start_engine(self.hass, link):
            return None
        return link

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Name, source (a Home Assistant camera or a stream URL) and role."""
        if self._link() is None:
            return self.async_abort(reason="store_not_loaded")
        link = await self._async_ready_link()
        if link is None:
            return self.async_abort(reason="engine_unavailable")
        errors: dict[str, str] = {}
        if user_input is not None:
            name = user_input[CONF_NAME].strip()
            entity_id = user_input.get(CONF_ENTITY) or None
            source = (user_input.get(CONF_SOURCE) or "").strip() or None
            if not name:
                errors[CONF_NAME] = "camera_name_required"
            elif (entity_id is None) == (source is None):
                errors["base"] = "camera_source_one"
            elif source is not None and not valid_source(source):
                errors[CONF_SOURCE] = "camera_source_invalid"
            else:
                taken = set(link.cameras) | {
                    sub.unique_id for sub in self._get_entry().subentries.values() if sub.unique_id
                }
                self._pending = CameraSettings(
                    id=camera_id_for(name, taken),
                    name=name,
                    role=user_input[CONF_ROLE],
                    source=source,
                    entity_id=entity_id,
                )
                return await self.async_step_camera_rules()
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(
                ADD_SCHEMA, {CONF_ROLE: "aisle", **(user_input or {})}
            ),
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change the camera's line, zones and thresholds."""
        if self._link() is None:
            return self.async_abort(reason="store_not_loaded")
        if await self._async_ready_link() is None:
            return self.async_abort(reason="engine_unavailable")
        self._pending = CameraSettings.from_dict(dict(self._get_reconfigure_subentry().data))
        return await self.async_step_camera_rules()

    async def async_step_camera_rules(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Counting line, zones and thresholds, checked here and then by the engine."""
        link = self._link()
        if link is None:  # the store stopped while the form was open
            return self.async_abort(reason="store_not_loaded")
        assert self._pending is not None
        pending = self._pending
        editing = self.source == "reconfigure"
        errors: dict[str, str] = {}
        placeholders = {"detail": "", "snapshot": self._snapshot_markdown(link, pending.id)}
        if user_input is not None:
            line = str(user_input.get("line") or "").strip()
            zones = str(user_input.get("zones") or "").strip()
            changes = {
                "line": line,
                "zones": zones,
                "view": str(user_input.get("view", "angled")),
                "loiter_seconds": float(user_input["loiter_seconds"]),
                "crowd_size": int(user_input["crowd_size"]),
                "flame": bool(user_input["flame"]),
                "smoke": bool(user_input.get("smoke", True)),
                "tamper": bool(user_input["tamper"]),
            }
            try:
                parse_line(line)
            except GeometryError as err:
                errors["line"] = err.key
            try:
                parse_zones(zones)
            except GeometryError as err:
                errors["zones"] = err.key
            if not errors:
                settings = pending.with_changes(**changes)
                if not await link.async_wait_available(ENGINE_START_SECONDS):
                    errors["base"] = "engine_unavailable"
                else:
                    try:
                        if editing:
                            await link.async_update_camera(settings)
                        else:
                            await link.async_push_camera(settings)
                    except CameraSetupError as err:
                        errors["base"] = err.key
                        placeholders["detail"] = err.detail
                    else:
                        if editing:
                            return self.async_update_and_abort(
                                self._get_entry(),
                                self._get_reconfigure_subentry(),
                                data=settings.as_dict(),
                            )
                        return self.async_create_entry(
                            title=settings.name, data=settings.as_dict(), unique_id=settings.id
                        )
        defaults = {key: getattr(pending, key) for key in RULE_FIELDS} | (user_input or {})
        return self.async_show_form(
            step_id="camera_rules",
            data_schema=self.add_suggested_values_to_schema(RULES_SCHEMA, defaults),
            errors=errors,
            description_placeholders=placeholders,
        )

    def _snapshot_markdown(self, link: EngineLink, camera_id: str) -> str:
        """The camera's annotated frame (lines, zones) through its live-view entity, if any."""
        entity_id = er.async_get(self.hass).async_get_entity_id(
            "camera", DOMAIN, camera_unique_id(link.store_id, camera_id, "live_view")
        )
        if entity_id is None or (state := self.hass.states.get(entity_id)) is None:
            return ""
        picture = state.attributes.get("entity_picture")
        return "" if not picture else f"![snapshot]({picture})"


def camera_subentries(entry: ConfigEntry[Any]) -> dict[str, tuple[str, CameraSettings]]:
    """A store's camera subentries as camera id -> (subentry id, settings)."""
    found: dict[str, tuple[str, CameraSettings]] = {}
    for subentry in entry.subentries.values():
        if subentry.subentry_type == SUBENTRY_CAMERA:
            settings = CameraSettings.from_dict(dict(subentry.data))
            found[settings.id] = (subentry.subentry_id, settings)
    return found
