"""Fixtures for the camera tests: a loaded store whose embedded engine is a real subprocess."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from types import MappingProxyType

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.unmanned_store.cameras.engine_link import EngineLink
from custom_components.unmanned_store.cameras.engine_setup import async_start_engine
from custom_components.unmanned_store.cameras.settings import CameraSettings
from custom_components.unmanned_store.const import DOMAIN, SUBENTRY_CAMERA
from custom_components.unmanned_store.store_events import CameraEvent, signal_camera_event
from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from tests.conftest import STORE_ID
from tests.engine import conftest as engine_fixtures, scenes


@pytest.fixture(autouse=True)
def _loopback(socket_enabled: None) -> None:
    """The integration talks to its engine subprocess over real sockets on 127.0.0.1."""


@pytest.fixture
async def store(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> AsyncIterator[MockConfigEntry]:
    """A loaded store; unloaded at the end so the engine process is stopped."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    try:
        yield mock_config_entry
    finally:
        # A test may have deleted the store (its removal stops the engine too).
        if hass.config_entries.async_get_entry(mock_config_entry.entry_id) is not None:
            await hass.config_entries.async_unload(mock_config_entry.entry_id)
        await hass.async_block_till_done()


def link_of(entry: MockConfigEntry) -> EngineLink:
    """The store's engine link."""
    link = entry.runtime_data.engine
    assert link is not None
    return link


@pytest.fixture
def camera_events(hass: HomeAssistant, mock_config_entry: MockConfigEntry) -> list[CameraEvent]:
    """Every CameraEvent the store's camera side sends on the dispatcher."""
    received: list[CameraEvent] = []

    @callback
    def _on(event: CameraEvent) -> None:
        received.append(event)

    async_dispatcher_connect(hass, signal_camera_event(mock_config_entry.entry_id), _on)
    return received


def entity_id(hass: HomeAssistant, platform: str, camera_id: str, key: str) -> str:
    """A camera entity's id, found by its unique id."""
    found = er.async_get(hass).async_get_entity_id(
        platform, DOMAIN, f"{STORE_ID}_camera_{camera_id}_{key}"
    )
    assert found is not None, (platform, camera_id, key)
    return found


async def wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    """Wait for something the engine pushes (a real process: no fixed delays)."""
    async with asyncio.timeout(seconds):
        while not condition():  # noqa: ASYNC110 - the state comes from the engine process
            await asyncio.sleep(0.05)


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where rendered clips are written once per session."""
    return tmp_path_factory.mktemp("camera_clips")


async def counting_door_camera(
    hass: HomeAssistant, store: MockConfigEntry, clip_dir: Path, name: str = "walk"
) -> EngineLink:
    """Start the embedded engine with a door camera looping a walk (one in, one out a pass).

    The camera is a subentry of the store, as the "Add camera" flow makes it.
    """
    clip = await hass.async_add_executor_job(scenes.walk_scene().write, clip_dir / f"{name}.avi")
    link = link_of(store)
    assert await async_start_engine(hass, link)
    assert await link.async_wait_available(30)
    add_camera_subentry(
        hass,
        store,
        CameraSettings(
            id="door", name="Door", role="door", source=str(clip), line="0,0.55 1,0.55", loop=True
        ),
    )
    await hass.async_block_till_done()
    assert "door" in link.cameras
    return link


def add_camera_subentry(
    hass: HomeAssistant, store: MockConfigEntry, settings: CameraSettings
) -> None:
    """Add a camera subentry to the store; its update listener hands it to the engine."""
    hass.config_entries.async_add_subentry(
        store,
        ConfigSubentry(
            data=MappingProxyType(settings.as_dict()),
            subentry_type=SUBENTRY_CAMERA,
            title=settings.name,
            unique_id=settings.id,
        ),
    )


# Live HTTP MJPEG cameras, as in the engine's own tests.
mjpeg_server = engine_fixtures.mjpeg_server
