"""Fixtures shared by the Home Assistant tests."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

# Import our package before Home Assistant looks for custom integrations, or it finds the
# test plugin's own custom_components package and reports the integration missing.
import custom_components.unmanned_store  # noqa: F401
from custom_components.unmanned_store.const import (
    CONF_LANGUAGE,
    CONF_PASS_SECRET,
    CONF_PSEUDONYM_KEY,
    CONF_STORE_ID,
    CONF_STORE_NAME,
    DOMAIN,
)
from homeassistant.core import HomeAssistant

STORE_ID = "0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def _hass_in_tmp_config_dir(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Give each Home Assistant test its own config dir, where the visitor log is written.

    Only tests that use hass get one; plain unit tests stay free of Home Assistant.
    """
    if "hass" in request.fixturenames:
        request.getfixturevalue("enable_custom_integrations")
        hass: HomeAssistant = request.getfixturevalue("hass")
        hass.config.config_dir = str(tmp_path)


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots through Home Assistant's extension, so timestamps and ids do not break reruns."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Create entities that are disabled by default as enabled (phcc lacks this fixture)."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
    ):
        yield


@pytest.fixture
def entry_options() -> dict[str, Any]:
    """Options of the store under test; tests override this fixture to configure the door."""
    return {}


@pytest.fixture
def mock_config_entry(entry_options: dict[str, Any]) -> MockConfigEntry:
    """A store config entry as the config flow creates it."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Mangwon Ice Cream",
        unique_id=STORE_ID,
        data={
            CONF_STORE_ID: STORE_ID,
            CONF_STORE_NAME: "Mangwon Ice Cream",
            CONF_LANGUAGE: "ko",
            CONF_PASS_SECRET: "11" * 32,
            CONF_PSEUDONYM_KEY: "22" * 32,
        },
        options=entry_options,
        entry_id="01JSTOREENTRY000000000000",
    )


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> MockConfigEntry:
    """Set up the store and return its entry."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry
