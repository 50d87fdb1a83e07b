"""Installing the shipped blueprints at setup: once, never over the owner's own copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.unmanned_store.blueprint_install import (
    _DONE,
    SHIPPED,
    async_offer_blueprints,
)
from homeassistant.core import HomeAssistant

REPO_BLUEPRINTS = Path(__file__).parent.parent / "blueprints" / "automation" / "unmanned_store"
NAMES = sorted(p.name for p in REPO_BLUEPRINTS.glob("*.yaml"))


def _folder(hass: HomeAssistant) -> Path:
    return Path(hass.config.path("blueprints", "automation", "unmanned_store"))


def test_the_package_ships_the_repository_blueprints() -> None:
    """The copy inside the integration (what HACS installs) is the README's, byte for byte."""
    assert len(NAMES) == 8
    assert sorted(p.name for p in SHIPPED.glob("*.yaml")) == NAMES
    for name in NAMES:
        assert (SHIPPED / name).read_bytes() == (REPO_BLUEPRINTS / name).read_bytes(), name


async def test_the_owners_edited_copy_survives(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    """A file already there is kept as it is; the others are installed and the log says so."""
    folder = _folder(hass)
    folder.mkdir(parents=True)
    mine = folder / "theft_warning.yaml"
    mine.write_text("# my own version\n", encoding="utf-8")
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mine.read_text(encoding="utf-8") == "# my own version\n"
    assert sorted(p.name for p in folder.glob("*.yaml")) == NAMES
    assert "Kept your own copies of the blueprints unmanned_store/theft_warning.yaml" in caplog.text
    assert "Installed the response blueprints" in caplog.text


async def test_offered_once_a_deleted_blueprint_stays_deleted(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Same run: nothing twice. Next start: what the owner deleted is not put back."""
    folder = _folder(hass)
    (folder / "crowding_notice.yaml").unlink()
    assert await async_offer_blueprints(hass) == []
    hass.data.pop(_DONE)  # as after a restart
    assert await async_offer_blueprints(hass) == []
    assert not (folder / "crowding_notice.yaml").exists()


async def test_a_folder_that_cannot_be_written_is_tried_again(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """A blocked folder is logged, not remembered: the next start installs."""
    folder = _folder(hass)
    folder.parent.mkdir(parents=True)
    folder.write_text("not a folder", encoding="utf-8")
    assert await async_offer_blueprints(hass) == []
    assert "Could not install the blueprint unmanned_store/" in caplog.text
    folder.unlink()
    hass.data.pop(_DONE)
    installed = await async_offer_blueprints(hass)
    assert sorted(installed) == [f"unmanned_store/{name}" for name in NAMES]
