"""Install the response blueprints the integration ships into the owner's configuration.

Each shipped blueprint is offered once: the first setup that finds it not yet offered writes it
to ``blueprints/automation/unmanned_store/`` through Home Assistant's own blueprint store, which
refuses to overwrite a file that is there (the owner's edited copy survives). What was offered
is remembered, so a blueprint the owner deleted is not put back at the next restart; a newer
copy comes from the README's import links.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.components.blueprint.errors import FileAlreadyExists
from homeassistant.components.blueprint.models import Blueprint
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.storage import Store
from homeassistant.util.yaml import load_yaml_dict

from .const import DOMAIN, LOGGER

SHIPPED: Final = Path(__file__).parent / "blueprints"
FOLDER: Final = DOMAIN  # blueprints/automation/<FOLDER>/
STORAGE_VERSION: Final = 1
_DONE: Final = f"{DOMAIN}_blueprints_offered"


def _load_shipped() -> dict[str, dict[str, Any]]:
    """The shipped blueprint files, by file name (runs in the executor: it reads files)."""
    return {path.name: load_yaml_dict(path) for path in sorted(SHIPPED.glob("*.yaml"))}


async def async_offer_blueprints(hass: HomeAssistant) -> list[str]:
    """Install each shipped blueprint not offered before; returns the paths written.

    Runs once per Home Assistant start, whatever the number of stores.
    """
    if hass.data.get(_DONE):
        return []
    hass.data[_DONE] = True
    store: Store[dict[str, list[str]]] = Store(hass, STORAGE_VERSION, f"{DOMAIN}.blueprints")
    offered = set((await store.async_load() or {}).get("offered", []))
    shipped = await hass.async_add_executor_job(_load_shipped)
    blueprints = async_get_blueprints(hass)
    installed: list[str] = []
    kept: list[str] = []
    for name, data in shipped.items():
        if name in offered:
            continue
        path = f"{FOLDER}/{name}"
        try:
            blueprint = Blueprint(
                data, path=path, expected_domain="automation", schema=AUTOMATION_BLUEPRINT_SCHEMA
            )
            await blueprints.async_add_blueprint(blueprint, path)
        except FileAlreadyExists:
            kept.append(path)
        except (HomeAssistantError, OSError) as err:
            # Not remembered as offered: the next start tries again.
            LOGGER.warning("Could not install the blueprint %s: %s", path, err)
            continue
        else:
            installed.append(path)
        offered.add(name)
    await store.async_save({"offered": sorted(offered)})
    if installed:
        LOGGER.info(
            "Installed the response blueprints %s into blueprints/automation; create automations "
            "from them under Settings > Automations & scenes > Blueprints",
            ", ".join(installed),
        )
    if kept:
        LOGGER.info("Kept your own copies of the blueprints %s", ", ".join(kept))
    return installed
