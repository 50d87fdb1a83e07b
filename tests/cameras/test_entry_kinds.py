"""Each kind of entry has its own reauth, reconfigure and diagnostics; removing a store cleans up.

Issue 16, item 1: a standalone-engine entry got the door's reauth form, the store's reconfigure
form and diagnostics that raised. Item 2: deleting a store left its cameras on the engine and
its engine files on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.unmanned_store import subentry_flow
from custom_components.unmanned_store.cameras import engine_setup
from custom_components.unmanned_store.cameras.settings import CameraSettings
from custom_components.unmanned_store.clients.engine import EngineClient
from custom_components.unmanned_store.const import DOMAIN, ENTRY_TYPE_ENGINE, SUBENTRY_CAMERA
from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigEntry,
    ConfigEntryState,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from tests.conftest import STORE_ID
from tests.engine import scenes
from unmanned_store_engine.runner import EngineServer

from .conftest import add_camera_subentry, link_of, wait_for
from .test_engine_link_standalone import TOKEN, engine  # noqa: F401 - the engine fixture

RULES = {
    "line": "0,0.55 1,0.55",
    "zones": "",
    "loiter_seconds": 30,
    "crowd_size": 0,
    "flame": False,
    "tamper": False,
}


async def _add_engine_by_address(hass: HomeAssistant, port: int) -> ConfigEntry[Any]:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "engine"}
    )
    assert result["step_id"] == "engine"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": port, "token": TOKEN}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    entry: ConfigEntry[Any] = result["result"]
    assert entry.state is ConfigEntryState.LOADED
    return entry


async def _add_camera(hass: HomeAssistant, store: MockConfigEntry, source: str) -> None:
    result = await hass.config_entries.subentries.async_init(
        (store.entry_id, SUBENTRY_CAMERA), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "Door", "role": "door", "source": source}
    )
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], RULES)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


async def test_engine_entry_has_its_own_reauth_reconfigure_and_diagnostics(
    hass: HomeAssistant,
    store: MockConfigEntry,
    engine: EngineServer,  # noqa: F811
    hass_client: ClientSessionGenerator,
) -> None:
    """The engine asks for its token (not a pairing code) and keeps its own name and data."""
    engine_entry = await _add_engine_by_address(hass, engine.port)
    assert engine_entry.data["entry_type"] == ENTRY_TYPE_ENGINE

    engine_entry.async_start_reauth(hass)
    await hass.async_block_till_done()
    (flow,) = hass.config_entries.flow.async_progress_by_handler(
        DOMAIN, match_context={"source": SOURCE_REAUTH}
    )
    result = await hass.config_entries.flow.async_configure(flow["flow_id"])
    assert result["step_id"] == "reauth_engine"
    assert [str(key) for key in result["data_schema"].schema] == ["token"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"token": "not-the-token-0123456789"}
    )
    assert result["errors"] == {"token": "invalid_engine_token"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {"token": TOKEN})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert engine_entry.state is ConfigEntryState.LOADED

    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": engine_entry.entry_id}
    )
    assert result["step_id"] == "reconfigure_engine"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": 9}
    )
    assert result["errors"] == {"base": "engine_cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": " 127.0.0.1 ", "port": engine.port}
    )
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert engine_entry.title == "Backroom engine"
    assert engine_entry.data["host"] == "127.0.0.1"
    assert "store_name" not in engine_entry.data
    assert engine_entry.state is ConfigEntryState.LOADED

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, engine_entry)
    assert diagnostics["engine"]["id"] == "backroom"
    assert diagnostics["engine"]["store_loaded"] is True
    assert TOKEN not in str(diagnostics)

    # The store's own reconfigure form is still the store's.
    result = await store.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure"


async def test_removing_a_store_deletes_its_cameras_on_the_standalone_engine(
    hass: HomeAssistant,
    store: MockConfigEntry,
    engine: EngineServer,  # noqa: F811
    clip_dir: Path,
) -> None:
    """Cameras go from the engine, and the engine entry (linked to the store) goes too."""
    clip = await hass.async_add_executor_job(scenes.walk_scene().write, clip_dir / "kinds.avi")
    engine_entry = await _add_engine_by_address(hass, engine.port)
    assert await link_of(store).async_wait_available(10)
    await _add_camera(hass, store, str(clip))
    direct = EngineClient(async_get_clientsession(hass), "127.0.0.1", engine.port, TOKEN)
    assert [camera["id"] for camera in await direct.cameras()] == ["door"]

    await hass.config_entries.async_remove(store.entry_id)
    await hass.async_block_till_done()
    assert await direct.cameras() == []
    assert hass.config_entries.async_get_entry(engine_entry.entry_id) is None


async def test_removing_a_store_deletes_its_embedded_engine_files(
    hass: HomeAssistant, store: MockConfigEntry, clip_dir: Path, tmp_path: Path
) -> None:
    """The embedded engine's token and camera file leave with the store."""
    clip = await hass.async_add_executor_job(scenes.walk_scene().write, clip_dir / "kinds2.avi")
    await _add_camera(hass, store, str(clip))
    link = link_of(store)
    assert link.process is not None
    token = tmp_path / f".{DOMAIN}_engine_{STORE_ID}.token"
    config = tmp_path / f"{DOMAIN}_engine_{STORE_ID}.json"
    assert token.exists()
    assert config.exists()
    await hass.config_entries.async_remove(store.entry_id)
    await hass.async_block_till_done()
    assert not token.exists()
    assert not config.exists()
    assert sorted(p.name for p in tmp_path.glob(f"*{STORE_ID}*")) == []


async def test_camera_flow_when_the_engine_is_gone(
    hass: HomeAssistant,
    store: MockConfigEntry,
    engine: EngineServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The store's engine stopped answering: adding a camera says so instead of hanging."""
    monkeypatch.setattr(subentry_flow, "ENGINE_START_SECONDS", 0.5)
    await _add_engine_by_address(hass, engine.port)
    link = link_of(store)
    assert await link.async_wait_available(10)
    await engine.stop()
    await wait_for(lambda: not link.available)
    result = await hass.config_entries.subentries.async_init(
        (store.entry_id, SUBENTRY_CAMERA), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "Door", "role": "door", "source": "rtsp://127.0.0.1:9/x"}
    )
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], RULES)
    assert result["errors"] == {"base": "engine_unavailable"}


async def test_camera_reconfigure_without_an_engine(
    hass: HomeAssistant, store: MockConfigEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A camera kept while no engine can run: its reconfigure explains instead of failing."""
    add_camera_subentry(
        hass, store, CameraSettings(id="door", name="Door", source="rtsp://127.0.0.1:9/x")
    )
    await hass.async_block_till_done()
    assert "door" in link_of(store).cameras  # kept, waiting for an engine
    monkeypatch.setattr(engine_setup, "embedded_engine_possible", lambda: False)
    (subentry_id,) = store.subentries
    result = await hass.config_entries.subentries.async_init(
        (store.entry_id, SUBENTRY_CAMERA),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": subentry_id},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "engine_unavailable"


async def test_camera_flow_when_the_store_stops_midway(
    hass: HomeAssistant, store: MockConfigEntry
) -> None:
    """The store stopped while the form was open: the flow ends with the reason, adds nothing."""
    result = await hass.config_entries.subentries.async_init(
        (store.entry_id, SUBENTRY_CAMERA), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "Door", "role": "door", "source": "rtsp://127.0.0.1:9/x"}
    )
    assert result["step_id"] == "camera_rules"
    await hass.config_entries.async_unload(store.entry_id)
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], RULES)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "store_not_loaded"
    assert store.subentries == {}
