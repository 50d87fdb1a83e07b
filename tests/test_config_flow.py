"""Tests of the config, reconfigure and options flows."""

from __future__ import annotations

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.unmanned_store.const import (
    CONF_LANGUAGE,
    CONF_PASS_SECRET,
    CONF_PSEUDONYM_KEY,
    CONF_RETENTION_DAYS,
    CONF_STORE_ID,
    CONF_STORE_NAME,
    DOMAIN,
)
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.util import slugify


async def test_user_flow_creates_store(hass: HomeAssistant) -> None:
    """A name and a language make a store with its own secrets."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "store"
    assert result["errors"] == {}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_STORE_NAME: "  망원 아이스크림 ", CONF_LANGUAGE: "ko"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "망원 아이스크림"
    data = result["data"]
    assert data[CONF_STORE_NAME] == "망원 아이스크림"
    assert data[CONF_LANGUAGE] == "ko"
    assert len(bytes.fromhex(data[CONF_PASS_SECRET])) == 32
    assert len(bytes.fromhex(data[CONF_PSEUDONYM_KEY])) == 32
    assert data[CONF_PASS_SECRET] != data[CONF_PSEUDONYM_KEY]
    entry = result["result"]
    # A stable unique id from the name (not the random store id that names its files).
    assert entry.unique_id == f"store_{slugify('망원 아이스크림')}"
    assert entry.unique_id != f"store_{data[CONF_STORE_ID]}"
    assert len(bytes.fromhex(data[CONF_STORE_ID])) == 16
    assert entry.state is ConfigEntryState.LOADED


@pytest.mark.parametrize("name", ["Mangwon Ice Cream", "  mangwon ice-cream ", "MANGWON_ICE_CREAM"])
async def test_store_unique_id_refuses_duplicates(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, name: str
) -> None:
    """The unique id, not the typed name, refuses a second store of the same name."""
    mock_config_entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "store"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_STORE_NAME: name, CONF_LANGUAGE: "ko"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


@pytest.mark.parametrize(
    ("user_input", "errors"),
    [
        ({CONF_STORE_NAME: "   ", CONF_LANGUAGE: "ko"}, {CONF_STORE_NAME: "name_required"}),
        ({CONF_STORE_NAME: "x" * 65, CONF_LANGUAGE: "en"}, {CONF_STORE_NAME: "name_too_long"}),
    ],
)
async def test_user_flow_bad_input(
    hass: HomeAssistant, user_input: dict[str, str], errors: dict[str, str]
) -> None:
    """Each bad input gets its own error, and the flow recovers with good input."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_STORE_NAME: "Shop", CONF_LANGUAGE: "en"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_unsupported_language_is_refused(hass: HomeAssistant) -> None:
    """The language selector itself refuses a language we have no announcements in."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    with pytest.raises(InvalidData):
        await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_STORE_NAME: "Shop", CONF_LANGUAGE: "fr"}
        )


async def test_user_flow_same_name_aborts(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A second store with the same name is refused."""
    mock_config_entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    # With a store already there, the owner chooses between a new store and a door device.
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["store", "door_device", "engine"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "store"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_STORE_NAME: "Mangwon Ice Cream", CONF_LANGUAGE: "ko"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure_renames_store(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Reconfigure changes the name and language, keeps id and secrets, and reloads."""
    entry = init_integration
    secret = entry.data[CONF_PASS_SECRET]
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_STORE_NAME: ""}
    )
    assert result["errors"] == {CONF_STORE_NAME: "name_required"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_STORE_NAME: "Mangwon Café", CONF_LANGUAGE: "en"}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.title == "Mangwon Café"
    assert entry.data[CONF_LANGUAGE] == "en"
    assert entry.data[CONF_PASS_SECRET] == secret
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.name == "Mangwon Café"
    # The unique id follows the name, so the old name is free again.
    assert entry.unique_id == "store_mangwon_cafe"


async def test_reconfigure_to_taken_name_aborts(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Renaming onto another store's name is refused and changes nothing."""
    other = MockConfigEntry(
        domain=DOMAIN,
        unique_id="store_other",
        version=2,
        data={**init_integration.data, CONF_STORE_ID: "other", CONF_STORE_NAME: "Other"},
    )
    other.add_to_hass(hass)
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_STORE_NAME: "Other", CONF_LANGUAGE: "ko"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert init_integration.data[CONF_STORE_NAME] == "Mangwon Ice Cream"


async def test_options_flow_privacy(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """The retention period is an option and applies without a restart."""
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    assert result["type"] is FlowResultType.MENU
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "privacy"}
    )
    assert result["step_id"] == "privacy"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_RETENTION_DAYS: 14}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert init_integration.options[CONF_RETENTION_DAYS] == 14
    assert init_integration.state is ConfigEntryState.LOADED
