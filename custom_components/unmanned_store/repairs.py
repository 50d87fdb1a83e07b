"""Repair flows: the issues an owner can fix from the Repairs page with one confirmation.

A camera that sees a figure which never moves (a mannequin, a poster, a shelf end taken for a
person) offers to ignore the place where it stands; every other issue of this integration
explains what to do by hand.
"""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.components.repairs import RepairsFlow
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult

from .cameras.engine_link import CameraSetupError, EngineLink
from .runtime import StoreConfigEntry


class IgnoreStillFigureFlow(RepairsFlow):
    """Draw an ignore area where a camera's still figure stands, once the owner confirms."""

    def __init__(self, entry_id: str, camera_id: str) -> None:
        """The store entry and camera the issue is about."""
        self._entry_id = entry_id
        self._camera_id = camera_id

    def _link(self) -> EngineLink | None:
        entry: StoreConfigEntry | None = self.hass.config_entries.async_get_entry(self._entry_id)
        if entry is None or getattr(entry, "runtime_data", None) is None:
            return None
        link = entry.runtime_data.engine
        return link if link is not None and self._camera_id in link.cameras else None

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> FlowResult:
        """Go straight to the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(self, user_input: dict[str, Any] | None = None) -> FlowResult:
        """Say what will be ignored; on confirmation, add the area to the camera."""
        link = self._link()
        if link is None:
            return self.async_abort(reason="camera_gone")
        state = link.states[self._camera_id]
        if not state.still:
            # It moved, or the engine lost it: nothing to ignore, and the issue goes by itself.
            return self.async_abort(reason="figure_gone")
        if user_input is not None:
            try:
                await link.async_ignore_still(self._camera_id)
            except CameraSetupError as err:
                return self.async_abort(
                    reason=err.key if err.key == "engine_refused" else "engine_unavailable",
                    description_placeholders={"detail": err.detail},
                )
            return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            description_placeholders={"camera": link.cameras[self._camera_id].name},
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """The flow for a fixable issue (only the still figure's is fixable)."""
    del hass, issue_id
    data = data or {}
    return IgnoreStillFigureFlow(str(data.get("entry_id", "")), str(data.get("camera_id", "")))
