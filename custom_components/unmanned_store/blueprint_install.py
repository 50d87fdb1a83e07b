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

# The blueprint integration's own classes (what its __init__ re-exports), not the automation
# integration's private helpers.
from homeassistant.components.blueprint.errors import BlueprintException
from homeassistant.components.blueprint.models import Blueprint, DomainBlueprints
from homeassistant.components.blueprint.schemas import BLUEPRINT_SCHEMA
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.storage import Store
from homeassistant.util.hass_dict import HassKey
from homeassistant.util.yaml import load_yaml_dict

from .const import DOMAIN, LOGGER

SHIPPED: Final = Path(__file__).parent / "blueprints"
FOLDER: Final = DOMAIN  # blueprints/automation/<FOLDER>/
STORAGE_VERSION: Final = 1
_DONE: HassKey[bool] = HassKey(f"{DOMAIN}_blueprints_offered")
AUTOMATION: Final = "automation"


async def _never_reload(hass: HomeAssistant, path: str) -> None:
    """Nothing to reload: a file we write is new (an existing one is never overwritten)."""


def _automation_blueprints(hass: HomeAssistant) -> DomainBlueprints:
    """A writer for blueprints/automation through the blueprint integration's public API.

    Only writes files; the automation integration reads them from disk like any blueprint the
    owner imported, so nothing of the automation integration's own internals is touched.
    """
    return DomainBlueprints(
        hass,
        AUTOMATION,
        LOGGER,
        lambda _hass, _path: False,
        _never_reload,
        BLUEPRINT_SCHEMA,
    )


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
    blueprints = _automation_blueprints(hass)
    # Home Assistant's example blueprints are copied into a blueprint folder that does not
    # exist yet; ours would make it exist, so let them be copied first.
    await blueprints.async_populate()
    installed: list[str] = []
    kept: list[str] = []
    for name, data in shipped.items():
        if name in offered:
            continue
        path = f"{FOLDER}/{name}"
        if await hass.async_add_executor_job((blueprints.blueprint_folder / path).exists):
            kept.append(path)  # the owner's copy (perhaps edited) stays as it is
            offered.add(name)
            continue
        try:
            blueprint = Blueprint(
                data, path=path, expected_domain=AUTOMATION, schema=BLUEPRINT_SCHEMA
            )
            await blueprints.async_add_blueprint(blueprint, path)
        except (BlueprintException, HomeAssistantError, OSError) as err:
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
