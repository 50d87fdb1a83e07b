"""What a new store's entities are called, and which are settings, in English and Korean.

The store device carries the store's name; its Door and Speaker devices are called just that,
and each entity says what it is, so every name fits a dashboard tile.
"""

from __future__ import annotations

from typing import Any

from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.unmanned_store.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

# What fits a dashboard tile without being cut off (about 28 characters in English).
TILE_CHARACTERS = 28


def _names(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, dict[str, Any]]:
    registry = er.async_get(hass)
    names: dict[str, dict[str, Any]] = {}
    for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        state = hass.states.get(entity.entity_id)
        names[entity.entity_id] = {
            "name": None if state is None else state.attributes.get("friendly_name"),
            "category": None if entity.entity_category is None else entity.entity_category.value,
        }
    return dict(sorted(names.items()))


async def test_entity_names_and_categories(
    hass: HomeAssistant, init_integration: MockConfigEntry, snapshot: SnapshotAssertion
) -> None:
    """The names a new store's owner sees, and the settings kept apart from the controls."""
    names = _names(hass, init_integration)
    assert names == snapshot
    for entity_id, described in names.items():
        name = described["name"]
        if name is None:
            continue  # disabled by default: no state
        # Door and Speaker entities: the device name and what the entity is, nothing more.
        if not name.startswith(init_integration.title):
            assert len(name) <= TILE_CHARACTERS, (entity_id, name)
        else:
            assert len(name.removeprefix(init_integration.title).strip()) <= TILE_CHARACTERS, name


async def test_korean_names(hass: HomeAssistant, mock_config_entry: MockConfigEntry) -> None:
    """In Korean, the devices and entities have Korean names."""
    hass.config.language = "ko"
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    states = {
        entity.entity_id: hass.states.get(entity.entity_id)
        for entity in er.async_entries_for_config_entry(
            er.async_get(hass), mock_config_entry.entry_id
        )
    }
    names = {s.attributes["friendly_name"] for s in states.values() if s is not None}
    assert "출입문" in names  # the lock carries the door device's name
    assert "출입문 모드" in names
    assert "스피커 안내 멘트" in names
    assert DOMAIN not in " ".join(names)
