"""The entry model (issue 16, items 2 and 3): a store and the entries linked to it.

A door device follows its store: the store's unload stops it (no scan reaches a dead door),
the store's reload brings it back, the store's removal removes it and everything the store left
on disk. Options apply without a reload where they can, a reload raises no anomaly, and an
options save that lands while the store is being built is applied. Stores made before cameras
were subentries migrate.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.unmanned_store.const import (
    CONF_LANGUAGE,
    CONF_PASS_SECRET,
    CONF_PSEUDONYM_KEY,
    CONF_RETENTION_DAYS,
    CONF_SCAN_ENTITY,
    CONF_STORE_ID,
    CONF_STORE_NAME,
    CONF_UNLOCK_SECONDS,
    DOMAIN,
    SUBENTRY_CAMERA,
)
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from reference_door import DeviceConfig, RunningDevice, start_device

from .common import add_door_device_by_address, get_visits, issue_pass
from .conftest import STORE_ID

PAIRING_CODE = "246802"
OFFLINE = "binary_sensor.mangwon_ice_cream_device_offline"
STORE_LOCK = "lock.door"
ACCESS = "event.door_access"


@pytest.fixture(autouse=True)
def _loopback(socket_enabled: None) -> None:
    """The door device is a real server on 127.0.0.1."""


@pytest.fixture
async def device(tmp_path: Path) -> AsyncIterator[RunningDevice]:
    """The reference door device."""
    running = await start_device(
        DeviceConfig(
            state_dir=tmp_path / "door",
            host="127.0.0.1",
            port=0,
            pairing_code=PAIRING_CODE,
            zeroconf=False,
        )
    )
    yield running
    await running.stop()


async def _wait_for(condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(10):
        while not condition():  # noqa: ASYNC110 - the state comes from another server's push
            await asyncio.sleep(0.02)


def _device_available(entry: Any) -> bool:
    # Between its unload and its setup a reloading entry has no runtime data.
    device = getattr(entry, "runtime_data", None)
    return entry.state is ConfigEntryState.LOADED and device is not None and device.available


async def test_store_unload_and_reload_take_the_door_device_along(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    device: RunningDevice,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Unloaded, the store stops its door device; reloaded, a scan at the device opens again."""
    anomalies: list[str] = []
    door_entry = await add_door_device_by_address(hass, device.port, PAIRING_CODE)
    await hass.async_block_till_done()
    assert door_entry.state is ConfigEntryState.LOADED
    await _wait_for(lambda: _device_available(door_entry))
    assert hass.states.get(OFFLINE).state == "off"

    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    # Not following the device any more: a scan now would have met a stopped door.
    assert door_entry.runtime_data.door.hardware is None
    assert not door_entry.runtime_data.available

    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    store = init_integration.runtime_data
    assert store.anomalies is not None
    store.anomalies.async_add_anomaly_listener(lambda anomaly: anomalies.append(anomaly.type))
    await _wait_for(lambda: _device_available(door_entry))
    assert door_entry.runtime_data.door is store.door

    # A reload is not the device going offline.
    await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    await _wait_for(lambda: _device_available(door_entry))
    assert door_entry.runtime_data.door is init_integration.runtime_data.door
    assert hass.states.get(OFFLINE).state == "off"
    assert "device_offline" not in anomalies

    code = (await issue_pass(hass, init_integration))["code"]
    device.device.scan(code)
    await _wait_for(lambda: hass.states.get(STORE_LOCK).state == "unlocked")
    # The visit is recorded right after the device confirms the unlock.
    await _wait_for(lambda: hass.states.get(ACCESS).attributes.get("event_type") == "granted")
    assert (await get_visits(hass, init_integration))[0]["result"] == "granted"
    # Nothing Home Assistant reports as deprecated (via_device to a missing device, ...).
    assert "non existing `via_device`" not in caplog.text
    assert "Detected that custom integration" not in caplog.text


async def test_fresh_store_shows_no_device_problem(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A store just added has nothing offline."""
    assert hass.states.get(OFFLINE).state == "off"


async def test_removing_the_store_removes_its_data_and_door_devices(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    device: RunningDevice,
    tmp_path: Path,
    hass_storage: dict[str, Any],
) -> None:
    """Deleting a store leaves no visitor database, no .storage file, no linked entry."""
    door_entry = await add_door_device_by_address(hass, device.port, PAIRING_CODE)
    await hass.async_block_till_done()
    await _wait_for(lambda: _device_available(door_entry))
    await issue_pass(hass, init_integration)
    # State the store keeps in .storage: the door's mode, the device's event cursor.
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": "select.door_mode", "option": "closed"},
        blocking=True,
    )
    device.device.set_door(True)
    await _wait_for(lambda: door_entry.runtime_data.client.last_cursor is not None)
    await hass.config_entries.async_unload(door_entry.entry_id)
    await hass.config_entries.async_setup(door_entry.entry_id)
    await hass.async_block_till_done()
    database = tmp_path / f"{DOMAIN}_{STORE_ID}.db"
    assert database.exists()
    # The test harness keeps .storage in memory (hass_storage); the database is a real file.
    ours_before = sorted(key for key in hass_storage if key.startswith(f"{DOMAIN}."))
    assert f"{DOMAIN}.{door_entry.entry_id}.cursor" in ours_before
    assert f"{DOMAIN}.{init_integration.entry_id}.door" in ours_before

    assert (await hass.config_entries.async_remove(init_integration.entry_id))[
        "require_restart"
    ] is False
    await hass.async_block_till_done()

    assert hass.config_entries.async_entries(DOMAIN) == []
    left = sorted(p.name for p in tmp_path.glob(f"*{STORE_ID}*"))
    assert left == []
    # The last store is gone: not even the record of which blueprints were offered stays.
    assert sorted(key for key in hass_storage if key.startswith(f"{DOMAIN}.")) == []


async def test_live_options_apply_without_a_reload(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Door timings, retention and the speaker apply at once; the store is not rebuilt."""
    store = init_integration.runtime_data
    hass.config_entries.async_update_entry(
        init_integration,
        options={**init_integration.options, CONF_UNLOCK_SECONDS: 9, CONF_RETENTION_DAYS: 7},
    )
    await hass.async_block_till_done()
    assert init_integration.runtime_data is store
    assert store.door.settings.unlock_seconds == 9
    assert store.door.settings.retention_days == 7

    # The reader entity changes what the door listens to: that one rebuilds the store, once.
    hass.config_entries.async_update_entry(
        init_integration,
        options={**init_integration.options, CONF_SCAN_ENTITY: "text.reader"},
    )
    await hass.async_block_till_done()
    assert init_integration.runtime_data is not store
    assert init_integration.runtime_data.door.settings.scan_entity == "text.reader"
    assert init_integration.state is ConfigEntryState.LOADED


async def test_options_saved_during_setup_are_applied(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """The update listener exists before the options are read: a save mid-setup is not lost."""
    mock_config_entry.add_to_hass(hass)
    setup = hass.async_create_task(hass.config_entries.async_setup(mock_config_entry.entry_id))
    # Save while the store is being built, after it has read its options (its runtime exists)
    # and before its platforms are up: the save must still reach it.
    async with asyncio.timeout(10):
        while not hasattr(mock_config_entry, "runtime_data"):  # noqa: ASYNC110 - setup task
            await asyncio.sleep(0)
    assert mock_config_entry.state is ConfigEntryState.SETUP_IN_PROGRESS
    assert mock_config_entry.update_listeners
    hass.config_entries.async_update_entry(
        mock_config_entry, options={CONF_SCAN_ENTITY: "text.reader"}
    )
    await setup  # (its result is the state right then: a reload may already be under way)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert mock_config_entry.runtime_data.door.settings.scan_entity == "text.reader"


async def test_orphaned_door_device_gets_a_repair_issue(hass: HomeAssistant) -> None:
    """A door device whose store is gone does not set up, and a repair issue says why."""
    orphan = MockConfigEntry(
        domain=DOMAIN,
        title="reference (door-1)",
        unique_id="door-1",
        version=2,
        data={
            "entry_type": "door_device",
            "host": "127.0.0.1",
            "port": 9,
            "token": "x",
            "device_id": "door-1",
            "store_entry_id": "gone",
        },
    )
    orphan.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(orphan.entry_id)
    assert orphan.state is ConfigEntryState.SETUP_ERROR
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"orphaned_entry_{orphan.entry_id}")
    assert issue is not None
    assert issue.translation_placeholders == {"name": "reference (door-1)"}
    assert await hass.config_entries.async_remove(orphan.entry_id)
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"orphaned_entry_{orphan.entry_id}") is None


async def test_diagnostics_of_an_entry_that_is_not_loaded(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, mock_config_entry: MockConfigEntry
) -> None:
    """Diagnostics never raise: an entry without runtime data reports its redacted config."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.config_entries.async_unload(mock_config_entry.entry_id)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, mock_config_entry)
    assert diagnostics["state"] == "not_loaded"
    assert diagnostics["entry"]["data"][CONF_PASS_SECRET] == "**REDACTED**"


def _legacy_store(version: int = 1) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title="Mangwon Ice Cream",
        unique_id=STORE_ID,
        version=version,
        data={
            CONF_STORE_ID: STORE_ID,
            CONF_STORE_NAME: "Mangwon Ice Cream",
            CONF_LANGUAGE: "ko",
            CONF_PASS_SECRET: "11" * 32,
            CONF_PSEUDONYM_KEY: "22" * 32,
        },
    )


async def test_migration_moves_cameras_into_subentries(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """A 1.x store's cameras (in the engine link's storage) become camera subentries."""
    camera = {
        "id": "door",
        "name": "Door",
        "role": "door",
        "source": "rtsp://127.0.0.1:9/door",
        "line": "0,0.5 1,0.5",
    }
    hass_storage[f"{DOMAIN}.{STORE_ID}.cameras"] = {
        "version": 1,
        "key": f"{DOMAIN}.{STORE_ID}.cameras",
        "data": {"cursor": "7", "cameras": [camera], "counters": {}},
    }
    entry = _legacy_store()
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert (entry.version, entry.minor_version) == (2, 1)
    assert entry.unique_id == "store_mangwon_ice_cream"
    (subentry,) = entry.subentries.values()
    assert subentry.subentry_type == SUBENTRY_CAMERA
    assert subentry.unique_id == "door"
    assert subentry.title == "Door"
    assert subentry.data["line"] == "0,0.5 1,0.5"
    link = entry.runtime_data.engine
    assert link is not None
    assert link.subentry_ids == {"door": subentry.subentry_id}
    assert link.cursor == "7"
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert hass_storage[f"{DOMAIN}.{STORE_ID}.cameras"]["data"]["cameras"] == []


async def test_migration_refuses_a_newer_version(hass: HomeAssistant) -> None:
    """An entry written by a newer integration is left alone, not set up."""
    entry = _legacy_store(version=3)
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.MIGRATION_ERROR
