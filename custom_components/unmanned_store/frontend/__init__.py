"""The store panel: the built module served by the integration and shown in the sidebar.

The module (unmanned-store-panel.js) is built from /frontend/src by scripts/build_frontend and
committed, so HACS users get it without a Node toolchain.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final

from homeassistant.components import frontend, panel_custom
from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant

from ..const import DOMAIN
from ..panel_data import PANEL_URL, server_text

MODULE: Final = Path(__file__).parent / "unmanned-store-panel.js"
URL_BASE: Final = f"/{DOMAIN}_panel"
PANEL_PATH: Final = PANEL_URL.lstrip("/")
ELEMENT: Final = "unmanned-store-panel"


def _version() -> str:
    # Browsers cache the module for long: a new build must have a new URL.
    return hashlib.sha256(MODULE.read_bytes()).hexdigest()[:12]


async def async_register_panel(hass: HomeAssistant) -> bool:
    """Serve the module, add the sidebar panel (owners only) and the dashboard strategy.

    False where Home Assistant runs without its frontend.
    """
    if "frontend" not in hass.config.components or frontend.DATA_PANELS not in hass.data:
        return False
    if PANEL_PATH in hass.data[frontend.DATA_PANELS]:
        return True
    version = await hass.async_add_executor_job(_version)
    module_url = f"{URL_BASE}/{MODULE.name}?v={version}"
    await hass.http.async_register_static_paths(
        [StaticPathConfig(f"{URL_BASE}/{MODULE.name}", str(MODULE), cache_headers=True)]
    )
    # Loaded on every page too: it holds the owner dashboard's strategy (custom:unmanned-store).
    frontend.add_extra_js_url(hass, module_url)
    await panel_custom.async_register_panel(
        hass,
        frontend_url_path=PANEL_PATH,
        webcomponent_name=ELEMENT,
        sidebar_title=server_text(hass.config.language, "sidebar_title"),
        sidebar_icon="mdi:store-cog",
        module_url=module_url,
        require_admin=True,
        config={"domain": DOMAIN},
    )
    return True
