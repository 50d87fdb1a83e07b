"""A link attached to an engine that is not up yet, whose cameras differ from the store's.

The engine runs in-process here (its library API), which lets the test start it late on a
chosen port and change its cameras behind the link's back.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from custom_components.unmanned_store.cameras.engine_link import CameraSetupError, EngineLink
from custom_components.unmanned_store.cameras.settings import CameraSettings
from custom_components.unmanned_store.cameras.state import CameraState
from custom_components.unmanned_store.clients.engine.client import (
    EngineAuthenticationError,
    EngineClient,
    EngineConnectionError,
    EngineResponseError,
)
from custom_components.unmanned_store.store_events import CameraEvent, signal_camera_event
from homeassistant.core import CALLBACK_TYPE, HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from tests.engine import scenes
from unmanned_store_engine.config import CameraConfig
from unmanned_store_engine.engine import Settings
from unmanned_store_engine.runner import EngineServer

from .conftest import wait_for

TOKEN = "attach-test-token-0123456789"


def _no_hours(listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
    return lambda: None


async def _loaded_link(hass: HomeAssistant, entry_id: str) -> EngineLink:
    """A link of its own (no store entry), quick to retry and poll, not yet attached."""
    link = EngineLink(
        hass,
        entry_id=entry_id,
        store_id=f"store_{entry_id}",
        session=async_get_clientsession(hass),
        is_closed=lambda: False,
        add_hours_listener=_no_hours,
        poll_interval=0.2,
        backoff_min=0.1,
    )
    await link.async_load()
    return link


async def test_late_engine_is_synced_to_the_store(
    hass: HomeAssistant, clip_dir: Path, unused_tcp_port: int, tmp_path: Path
) -> None:
    """Retries until the engine listens; then removes its stray cameras and adds the store's."""
    clip = scenes.walk_scene().write(clip_dir / "walk_attach.avi")
    link = await _loaded_link(hass, "e3")
    assert not await link.async_wait_available(0.05)
    with pytest.raises(CameraSetupError) as err:
        await link.async_add_camera(CameraSettings(id="x", name="X", source=str(clip)))
    assert err.value.key == "engine_unavailable"
    assert await link.async_snapshot("x") is None

    link.cameras = {
        "door": CameraSettings(id="door", name="Door", source=str(clip), loop=True),
        "gone": CameraSettings(id="gone", name="Gone", entity_id="camera.gone"),
    }
    link.states = {cid: CameraState() for cid in link.cameras}
    link.async_attach("127.0.0.1", unused_tcp_port, TOKEN)
    await asyncio.sleep(0.3)  # the link retries against a closed port meanwhile
    assert not link.available
    server = EngineServer(
        Settings(token=TOKEN, port=unused_tcp_port, zeroconf=False, config_path=tmp_path / "c.json")
    )
    await server.start()
    try:
        session = async_get_clientsession(hass)
        direct = EngineClient(session, "127.0.0.1", unused_tcp_port, TOKEN)
        await direct.add_camera({"id": "stray", "source": str(clip)})
        assert await link.async_wait_available(10)
        assert [c["id"] for c in await direct.cameras()] == ["door"]

        # Snapshots: the engine's JPEG, or None for a camera it does not have.
        await wait_for(lambda: link.states["door"].fps is not None)
        # On a busy machine the first frame kept for snapshots may come after the first rate.
        async with asyncio.timeout(20):
            while (snapshot := await link.async_snapshot("door", annotated=False)) is None:  # noqa: ASYNC110
                await asyncio.sleep(0.1)
        assert snapshot[:2] == b"\xff\xd8"
        assert await link.async_snapshot("gone") is None

        # The live stream: unreachable, 404 for an unknown camera, 401 for a wrong token.
        with pytest.raises(EngineConnectionError):
            await EngineClient(session, "127.0.0.1", 9, TOKEN).mjpeg("door")
        with pytest.raises(EngineResponseError) as response_error:
            await direct.mjpeg("nope")
        assert response_error.value.status == 404
        with pytest.raises(EngineAuthenticationError):
            await EngineClient(
                session, "127.0.0.1", unused_tcp_port, "wrong-token-0123456789"
            ).mjpeg("door")

        # A camera removed behind the link's back: the state poll is refused, the link stays up.
        await direct.remove_camera("door")
        await asyncio.sleep(0.5)
        assert link.available
        with pytest.raises(CameraSetupError) as err:
            await link.async_update_camera(link.cameras["door"].with_changes(line="0,0 1,1"))
        assert err.value.key == "engine_refused"
        await link.async_remove_camera("door")  # already gone from the engine: fine
        assert "door" not in link.cameras
    finally:
        await link.async_stop()
        await server.stop()


async def test_first_stream_keeps_what_cameras_said_while_being_added(
    hass: HomeAssistant,
    clip_dir: Path,
    unused_tcp_port: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A link that never followed this engine still gets its cameras' very first events.

    The worst case is forced: the engine answers "added" only once the camera's clip has been
    played to its end, so every event of that camera exists before the link opens its stream.
    Without a starting cursor the stream would begin at "live" and they would be lost.
    """
    clip = scenes.walk_scene().write(clip_dir / "walk_first_stream.avi")
    server = EngineServer(
        Settings(token=TOKEN, port=unused_tcp_port, zeroconf=False, config_path=tmp_path / "c.json")
    )
    await server.start()
    add_camera = server.engine.add_camera

    async def add_and_play_to_the_end(config: CameraConfig) -> None:
        await add_camera(config)
        async with asyncio.timeout(30):
            while not any(  # noqa: ASYNC110 - the engine's camera thread appends the event
                e.camera_id == config.id and e.detection.type == "source_ended"
                for e in server.engine.log
            ):
                await asyncio.sleep(0.02)

    monkeypatch.setattr(server.engine, "add_camera", add_and_play_to_the_end)
    seen: list[CameraEvent] = []
    async_dispatcher_connect(hass, signal_camera_event("e4"), seen.append)
    link = await _loaded_link(hass, "e4")
    assert link.cursor is None
    link.cameras = {
        "door": CameraSettings(id="door", name="Door", source=str(clip), realtime=False)
    }
    link.states = {"door": CameraState()}
    try:
        link.async_attach("127.0.0.1", unused_tcp_port, TOKEN)
        await wait_for(lambda: any(e.type == "source_ended" for e in seen), 20)
        made = [e.detection.type for e in server.engine.log if e.camera_id == "door"]
        assert [e.type for e in seen] == made
        assert link.gaps == 0
    finally:
        await link.async_stop()
        await server.stop()
