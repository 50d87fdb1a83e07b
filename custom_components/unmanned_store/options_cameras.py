"""Options flow steps for the store's cameras: add, edit and remove, applied without a reload.

Cameras live in the engine link's storage, not in the entry's options: a change goes straight
to the engine and to the entities, so the store (door, hours, engine) keeps running.
"""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
)

from .cameras.engine_link import CameraSetupError, EngineLink
from .cameras.engine_setup import async_start_engine
from .cameras.geometry import GeometryError, parse_line, parse_zones
from .cameras.settings import ROLES, CameraSettings, camera_id_for, valid_source
from .const import DOMAIN
from .devices import camera_unique_id

CONF_NAME = "name"
CONF_ENTITY = "entity_id"
CONF_SOURCE = "source"
CONF_ROLE = "role"
CONF_CAMERA = "camera"
RULE_FIELDS = ("line", "zones", "loiter_seconds", "crowd_size", "flame", "tamper")
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
        vol.Required("loiter_seconds"): NumberSelector(
            NumberSelectorConfig(
                min=1, max=3600, step=1, mode=NumberSelectorMode.BOX, unit_of_measurement="s"
            )
        ),
        vol.Required("crowd_size"): NumberSelector(
            NumberSelectorConfig(min=0, max=50, step=1, mode=NumberSelectorMode.BOX)
        ),
        vol.Required("flame"): BooleanSelector(),
        vol.Required("tamper"): BooleanSelector(),
    }
)


class CameraOptionsFlow(OptionsFlow):
    """The `cameras` menu of the store's options."""

    _pending: CameraSettings | None = None
    _editing = False

    def _link(self) -> EngineLink | None:
        runtime = getattr(self.config_entry, "runtime_data", None)
        return None if runtime is None else runtime.engine

    def _done(self) -> ConfigFlowResult:
        # The entry's options are unchanged, so the store is not reloaded.
        return self.async_create_entry(data=dict(self.config_entry.options))

    async def async_step_cameras(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add, edit or remove a camera; starts the embedded engine if it is not running."""
        link = self._link()
        if link is None or not await async_start_engine(self.hass, link):
            return self.async_abort(reason="engine_unavailable")
        options = ["add_camera"]
        if link.cameras:
            options += ["edit_camera", "remove_camera"]
        return self.async_show_menu(step_id="cameras", menu_options=options)

    async def async_step_add_camera(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Name, source (a Home Assistant camera or a stream URL) and role."""
        link = self._link()
        assert link is not None
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
                self._pending = CameraSettings(
                    id=camera_id_for(name, set(link.cameras)),
                    name=name,
                    role=user_input[CONF_ROLE],
                    source=source,
                    entity_id=entity_id,
                )
                self._editing = False
                return await self.async_step_camera_rules()
        return self.async_show_form(
            step_id="add_camera",
            data_schema=self.add_suggested_values_to_schema(
                ADD_SCHEMA, {CONF_ROLE: "aisle", **(user_input or {})}
            ),
            errors=errors,
        )

    def _camera_schema(self, link: EngineLink) -> vol.Schema:
        return vol.Schema(
            {
                vol.Required(CONF_CAMERA): SelectSelector(
                    SelectSelectorConfig(
                        options=[
                            SelectOptionDict(value=cid, label=settings.name)
                            for cid, settings in link.cameras.items()
                        ]
                    )
                )
            }
        )

    async def async_step_edit_camera(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose the camera whose line, zones and thresholds change."""
        link = self._link()
        assert link is not None
        if user_input is not None:
            self._pending = link.cameras[user_input[CONF_CAMERA]]
            self._editing = True
            return await self.async_step_camera_rules()
        return self.async_show_form(step_id="edit_camera", data_schema=self._camera_schema(link))

    async def async_step_remove_camera(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Remove a camera, its device and its entities."""
        link = self._link()
        assert link is not None
        errors: dict[str, str] = {}
        placeholders = {"detail": ""}
        if user_input is not None:
            try:
                await link.async_remove_camera(user_input[CONF_CAMERA])
            except CameraSetupError as err:
                errors["base"] = err.key
                placeholders["detail"] = err.detail
            else:
                return self._done()
        return self.async_show_form(
            step_id="remove_camera",
            data_schema=self._camera_schema(link),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_camera_rules(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Counting line, zones and thresholds, checked here and then by the engine."""
        link = self._link()
        assert link is not None
        assert self._pending is not None
        pending = self._pending
        errors: dict[str, str] = {}
        placeholders = {"detail": "", "snapshot": self._snapshot_markdown(link, pending.id)}
        if user_input is not None:
            line = str(user_input.get("line") or "").strip()
            zones = str(user_input.get("zones") or "").strip()
            changes = {
                "line": line,
                "zones": zones,
                "loiter_seconds": float(user_input["loiter_seconds"]),
                "crowd_size": int(user_input["crowd_size"]),
                "flame": bool(user_input["flame"]),
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
                        if self._editing:
                            await link.async_update_camera(settings)
                        else:
                            await link.async_add_camera(settings)
                    except CameraSetupError as err:
                        errors["base"] = err.key
                        placeholders["detail"] = err.detail
                    else:
                        return self._done()
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
