"""The engine's HTTP/WebSocket API, served by a real engine on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, WSServerHandshakeError
import cv2
import numpy as np
import pytest

from unmanned_store_engine.config import parse_camera
from unmanned_store_engine.events import Detection
from unmanned_store_engine.runner import EngineServer

from . import scenes
from .conftest import TOKEN, Clips


def _camera(path: Path, camera_id: str = "door", **extra: Any) -> dict[str, Any]:
    return {"id": camera_id, "source": str(path), "realtime": False, **extra}


LINE = {"id": "door", "p1": [0.02, 0.55], "p2": [0.98, 0.55]}


async def _wait(predicate: Any, limit: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + limit
    while not await predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


async def _ended(session: ClientSession, url: str, auth: dict[str, str], camera: str) -> bool:
    async with session.get(f"{url}/api/health", headers=auth) as response:
        health = await response.json()
    return bool(health["cameras"][camera]["status"] == "ended")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token-0123456789abcdef"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": TOKEN},
    ],
)
async def test_token_refused(
    engine_server: EngineServer, session: ClientSession, headers: dict[str, str]
) -> None:
    """Every endpoint, the WebSocket included, needs the bearer token."""
    for method, path in (
        ("GET", "/api/info"),
        ("GET", "/api/cameras"),
        ("POST", "/api/cameras"),
        ("PUT", "/api/store"),
        ("GET", "/api/nothing-here"),
    ):
        async with session.request(method, engine_server.url + path, headers=headers) as response:
            assert response.status == 401
            body = await response.json()
            assert "token" in body["error"]
            assert response.headers["WWW-Authenticate"] == "Bearer"
    with pytest.raises(WSServerHandshakeError) as err:
        await session.ws_connect(engine_server.url + "/api/events/stream", headers=headers)
    assert err.value.status == 401


async def test_info_health_and_store_flag(
    engine_server: EngineServer, session: ClientSession, auth: dict[str, str]
) -> None:
    """Info names the engine and API; the store flag round-trips and is validated."""
    url = engine_server.url
    async with session.get(f"{url}/api/info", headers=auth) as response:
        info = await response.json()
    assert info["api"] == 1
    assert info["id"] == "engine"
    assert info["closed"] is False
    async with session.get(f"{url}/api/health", headers=auth) as response:
        assert (await response.json())["status"] == "ok"
    async with session.put(f"{url}/api/store", json={"closed": True}, headers=auth) as response:
        assert await response.json() == {"closed": True}
    async with session.get(f"{url}/api/store", headers=auth) as response:
        assert await response.json() == {"closed": True}
    for bad in ({"closed": "yes"}, {}, {"closed": True, "extra": 1}, [True]):
        async with session.put(f"{url}/api/store", json=bad, headers=auth) as response:
            assert response.status == 400
            assert "closed" in (await response.json())["error"]
    async with session.put(
        f"{url}/api/store", data="closed", headers={**auth, "Content-Type": "text/plain"}
    ) as response:
        assert response.status == 400
        assert "Content-Type: application/json" in (await response.json())["error"]
    async with session.put(
        f"{url}/api/store", data="{nope", headers={**auth, "Content-Type": "application/json"}
    ) as response:
        assert response.status == 400
        assert "not valid JSON" in (await response.json())["error"]


async def test_camera_crud_and_rejections(
    engine_server: EngineServer,
    session: ClientSession,
    auth: dict[str, str],
    clips: Clips,
    settings: Any,
) -> None:
    """Add, read, update, remove; precise errors for bad ids, bodies and duplicates."""
    url = engine_server.url
    path = clips.get(scenes.counting_scene())
    async with session.post(f"{url}/api/cameras", json=_camera(path), headers=auth) as response:
        assert response.status == 201
        created = await response.json()
    assert created["role"] == "aisle"
    assert created["fps"] == 0.0  # automatic (rates.py)
    async with session.post(f"{url}/api/cameras", json=_camera(path), headers=auth) as response:
        assert response.status == 409
        assert (await response.json())["code"] == "exists"
    async with session.post(
        f"{url}/api/cameras", json=_camera(path, "Bad Id"), headers=auth
    ) as response:
        assert response.status == 400
        assert "camera.id" in (await response.json())["error"]
    async with session.get(f"{url}/api/cameras/door", headers=auth) as response:
        assert (await response.json())["source"] == str(path)
    async with session.get(f"{url}/api/cameras/nope", headers=auth) as response:
        assert response.status == 404
        assert (await response.json())["error"] == "no camera with id 'nope'"
    async with session.put(
        f"{url}/api/cameras/door", json=_camera(path, "other"), headers=auth
    ) as response:
        assert response.status == 400
        assert "does not match" in (await response.json())["error"]
    async with session.put(
        f"{url}/api/cameras/nope", json=_camera(path, "nope"), headers=auth
    ) as response:
        assert response.status == 404
    async with session.get(f"{url}/api/cameras", headers=auth) as response:
        assert [c["id"] for c in await response.json()] == ["door"]
    saved = json.loads(settings.config_path.read_text())
    assert [c["id"] for c in saved["cameras"]] == ["door"]
    assert settings.config_path.stat().st_mode & 0o077 == 0
    async with session.delete(f"{url}/api/cameras/door", headers=auth) as response:
        assert response.status == 204
    async with session.delete(f"{url}/api/cameras/door", headers=auth) as response:
        assert response.status == 404
    assert json.loads(settings.config_path.read_text()) == {"cameras": []}


async def test_cameras_survive_restart(settings: Any, clips: Clips) -> None:
    """Cameras added over the API are loaded again by a new engine from the config file."""
    path = clips.get(scenes.flame_scene())
    first = EngineServer(settings)
    await first.start()
    try:
        await first.engine.add_camera(parse_camera(_camera(path, "cam")))
    finally:
        await first.stop()
    second = EngineServer(settings)
    await second.start()
    try:
        assert list(second.engine.cameras) == ["cam"]
        assert second.engine.cameras["cam"].config.source == str(path)
    finally:
        await second.stop()


async def test_state_snapshot_and_live_reconfiguration(
    engine_server: EngineServer, session: ClientSession, auth: dict[str, str], clips: Clips
) -> None:
    """Counts appear in the state; new lines apply without reopening; a new source reopens."""
    url = engine_server.url
    path = clips.get(scenes.counting_scene())
    async with session.get(f"{url}/api/cameras/door/snapshot.jpg", headers=auth) as response:
        assert response.status == 404
    body = _camera(path, lines=[LINE])
    async with session.post(f"{url}/api/cameras", json=body, headers=auth) as response:
        assert response.status == 201
    await _wait(lambda: _ended(session, url, auth, "door"))
    async with session.get(f"{url}/api/cameras/door/state", headers=auth) as response:
        state = await response.json()
    assert state["lines"] == {"door": {"in": 4, "out": 2}}
    assert state["health"]["frames_analysed"] >= 60
    async with session.get(f"{url}/api/cameras/door/snapshot.jpg", headers=auth) as response:
        assert response.content_type == "image/jpeg"
        plain = cv2.imdecode(np.frombuffer(await response.read(), np.uint8), cv2.IMREAD_COLOR)
        assert plain is not None
    async with session.get(
        f"{url}/api/cameras/door/snapshot.jpg?annotated=1", headers=auth
    ) as response:
        drawn = cv2.imdecode(np.frombuffer(await response.read(), np.uint8), cv2.IMREAD_COLOR)
        assert drawn is not None
    assert plain.shape == drawn.shape == (360, 640, 3)
    # The counting line is drawn in yellow across the frame at y = 0.55.
    row = int(0.55 * 359)
    assert np.abs(drawn[row, 100:500].astype(int) - plain[row, 100:500].astype(int)).mean() > 40
    async with session.get(
        f"{url}/api/cameras/door/snapshot.jpg?annotated=maybe", headers=auth
    ) as response:
        assert response.status == 400
    # Same stream, new rules: applied live, counts of the kept line survive.
    zone = {"id": "all", "polygon": [[0, 0], [1, 0], [1, 1]]}
    body = _camera(path, lines=[LINE, {**LINE, "id": "second"}], zones=[zone])
    async with session.put(f"{url}/api/cameras/door", json=body, headers=auth) as response:
        assert (await response.json())["reopened"] is False
    pipeline = engine_server.engine.cameras["door"]
    assert pipeline.config.zones[0].id == "all"
    # New source: the stream is reopened (and starts counting afresh).
    flame = clips.get(scenes.flame_scene())
    async with session.put(
        f"{url}/api/cameras/door", json=_camera(flame, lines=[LINE]), headers=auth
    ) as response:
        assert (await response.json())["reopened"] is True
    assert engine_server.engine.cameras["door"] is not pipeline
    await _wait(lambda: _ended(session, url, auth, "door"))
    async with session.get(f"{url}/api/cameras/door/state", headers=auth) as response:
        assert (await response.json())["lines"] == {"door": {"in": 0, "out": 0}}


async def test_event_stream_replay_and_cursors(
    engine_server: EngineServer, session: ClientSession, auth: dict[str, str], clips: Clips
) -> None:
    """A reconnecting reader resumes after its cursor; stale cursors get a clear signal."""
    url = engine_server.url
    ws = await session.ws_connect(f"{url}/api/events/stream", headers=auth)
    hello = await ws.receive_json()
    assert hello["type"] == "hello"
    body = _camera(clips.get(scenes.counting_scene()), lines=[LINE])
    async with session.post(f"{url}/api/cameras", json=body, headers=auth) as response:
        assert response.status == 201
    live: list[dict[str, Any]] = []
    while not live or live[-1]["type"] != "source_ended":
        message = await asyncio.wait_for(ws.receive_json(), 20)
        assert message["type"] == "event"
        live.append(message["event"])
    await ws.close()
    # Six crossings, then the end of the file with the final counts.
    assert [e["type"] for e in live].count("crossing_in") == 4
    assert len(live) == 7
    assert live[-1]["counts"] == {"door": {"in": 4, "out": 2}}
    assert all(isinstance(e["frame"], int) and e["media_time"] >= 0 for e in live)
    assert all(e["camera_id"] == "door" for e in live)
    cursors = [e["cursor"] for e in live]
    assert len(set(cursors)) == 7

    # Resume after the second event: exactly the five after it, in order, nothing twice.
    ws = await session.ws_connect(f"{url}/api/events/stream?since={cursors[1]}", headers=auth)
    assert (await ws.receive_json())["type"] == "hello"
    replay = [(await asyncio.wait_for(ws.receive_json(), 5))["event"] for _ in range(5)]
    assert [e["cursor"] for e in replay] == cursors[2:]
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(ws.receive_json(), 0.3)
    await ws.close()

    # A cursor from another engine run: told so, then everything kept is replayed.
    ws = await session.ws_connect(f"{url}/api/events/stream?since=beef:3", headers=auth)
    assert (await ws.receive_json())["type"] == "hello"
    gap = await ws.receive_json()
    assert gap == {"type": "cursor_unknown", "requested": "beef:3", "oldest": cursors[0]}
    assert (await ws.receive_json())["event"]["cursor"] == cursors[0]
    await ws.close()

    async with session.get(f"{url}/api/events?limit=2", headers=auth) as response:
        assert [e["cursor"] for e in await response.json()] == cursors[-2:]
    async with session.get(f"{url}/api/events?limit=0", headers=auth) as response:
        assert response.status == 400


async def test_cursor_too_old(fast_settings: Any, session: ClientSession, clips: Clips) -> None:
    """With a backlog of 10, a cursor older than the oldest kept event is reported as such."""
    server = EngineServer(fast_settings)
    await server.start()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        log = server.engine.log
        for i in range(25):
            log.append("cam", Detection("scan", float(i), data={"text": str(i)}))
        ws = await session.ws_connect(
            f"{server.url}/api/events/stream?since={log.boot}:2", headers=auth
        )
        assert (await ws.receive_json())["type"] == "hello"
        gap = await ws.receive_json()
        assert gap["type"] == "cursor_too_old"
        assert gap["oldest"] == f"{log.boot}:16"
        first = await ws.receive_json()
        assert first["event"]["cursor"] == f"{log.boot}:16"
        await ws.close()
    finally:
        await server.stop()


async def test_mjpeg_live_view(
    engine_server: EngineServer, session: ClientSession, auth: dict[str, str], clips: Clips
) -> None:
    """The live view is multipart JPEG that decodes; it ends when the camera is removed."""
    url = engine_server.url
    body = {**_camera(clips.get(scenes.counting_scene())), "realtime": True, "loop": True}
    async with session.post(f"{url}/api/cameras", json=body, headers=auth) as response:
        assert response.status == 201
    async with session.get(
        f"{url}/api/cameras/door/stream.mjpeg?annotated=1", headers=auth
    ) as response:
        assert response.content_type == "multipart/x-mixed-replace"
        frames = 0
        reader = response.content
        while frames < 3:
            line = await asyncio.wait_for(reader.readline(), 5)
            if line.startswith(b"Content-Length:"):
                length = int(line.split(b":")[1])
                await reader.readline()
                data = await reader.readexactly(length)
                image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
                assert image is not None
                assert image.shape == (360, 640, 3)
                frames += 1
        async with session.delete(f"{url}/api/cameras/door", headers=auth) as removed:
            assert removed.status == 204
        # The response finishes by itself once its camera is gone.
        await asyncio.wait_for(response.read(), 5)
    async with session.get(f"{url}/api/cameras/door/stream.mjpeg", headers=auth) as response:
        assert response.status == 404
