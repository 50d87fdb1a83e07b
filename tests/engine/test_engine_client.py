"""custom_components/unmanned_store/clients/engine/client.py against a real engine on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

from aiohttp import ClientSession, web
import cv2
import numpy as np
import pytest

from custom_components.unmanned_store.clients.engine.client import (
    EngineAuthenticationError,
    EngineClient,
    EngineConnectionError,
    EngineEvent,
    EngineResponseError,
)
from unmanned_store_engine.engine import Settings
from unmanned_store_engine.events import Detection
from unmanned_store_engine.runner import EngineServer

from . import scenes
from .conftest import TOKEN, Clips

LINE = {"id": "door", "p1": [0.02, 0.55], "p2": [0.98, 0.55]}


async def _take(stream: AsyncIterator[EngineEvent], count: int) -> list[EngineEvent]:
    return [await asyncio.wait_for(anext(stream), 10) for _ in range(count)]


async def test_info_health_store(client: EngineClient) -> None:
    """Identity, health, and the after-hours flag."""
    info = await client.info()
    assert (info.id, info.api, info.cameras, info.closed) == ("engine", 1, 0, False)
    assert (await client.health())["status"] == "ok"
    assert await client.set_store_closed(True) is True
    assert await client.store_closed() is True
    assert (await client.info()).closed is True


async def test_camera_crud(client: EngineClient, clips: Clips) -> None:
    """Cameras are added, read, updated live and removed through the client."""
    path = str(clips.get(scenes.counting_scene()))
    created = await client.add_camera({"id": "door", "source": path, "realtime": False})
    assert created["role"] == "aisle"
    assert [c["id"] for c in await client.cameras()] == ["door"]
    updated = await client.update_camera("door", {"source": path, "lines": [LINE]})
    assert updated["lines"][0]["id"] == "door"
    assert (await client.camera("door"))["lines"] == updated["lines"]
    state = await client.camera_state("door")
    assert "lines" in state
    await client.remove_camera("door")
    assert await client.cameras() == []


async def test_errors_are_typed(
    client: EngineClient, session: ClientSession, engine_server: EngineServer, clips: Clips
) -> None:
    """404/400/409 are EngineResponseError with status and code; bad token and dead port too."""
    with pytest.raises(EngineResponseError) as err:
        await client.camera("missing")
    assert (err.value.status, err.value.code) == (404, "not_found")
    assert "no camera with id 'missing'" in str(err.value)
    with pytest.raises(EngineResponseError) as err:
        await client.add_camera({"id": "x", "source": "ftp://cam"})
    assert err.value.code == "invalid"
    assert "camera.source" in str(err.value)
    path = str(clips.get(scenes.flame_scene()))
    await client.add_camera({"id": "x", "source": path, "realtime": False})
    with pytest.raises(EngineResponseError) as err:
        await client.add_camera({"id": "x", "source": path})
    assert err.value.status == 409
    with pytest.raises(EngineResponseError) as err:
        await client.snapshot("nope")
    assert err.value.status == 404

    wrong = EngineClient(session, "127.0.0.1", engine_server.port, "not-the-token-at-all")
    with pytest.raises(EngineAuthenticationError, match="refused the access token"):
        await wrong.info()
    with pytest.raises(EngineAuthenticationError):
        await anext(wrong.events())

    closed_port = EngineClient(session, "127.0.0.1", 9, TOKEN, request_timeout=2)
    with pytest.raises(EngineConnectionError, match="cannot reach the engine"):
        await closed_port.health()


async def test_snapshot_bytes(client: EngineClient, clips: Clips) -> None:
    """Snapshots are JPEG bytes of the analysed frame, plain or annotated."""
    path = str(clips.get(scenes.flame_scene()))
    await client.add_camera({"id": "cam", "source": path, "realtime": False})
    for _ in range(100):
        if (await client.camera_state("cam"))["health"]["status"] == "ended":
            break
        await asyncio.sleep(0.05)
    for annotated in (False, True):
        data = await client.snapshot("cam", annotated=annotated)
        image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        assert image is not None
        assert image.shape == (360, 640, 3)


async def test_a_flame_snapshot_marks_where_the_flame_is(
    client: EngineClient, clips: Clips
) -> None:
    """While a flame alarm is on, the state says where (flame_box) and the annotated snapshot
    draws it in red: what the owner sees on the phone before pressing Evacuate. (The drawn
    scene is plumbing: the flame stage's accuracy is judged on real footage.)"""
    path = str(clips.get(scenes.flame_scene()))
    await client.add_camera({"id": "cam", "source": path, "realtime": True})
    state: dict[str, Any] = {}
    for _ in range(200):
        state = await client.camera_state("cam")
        if state.get("flame"):
            break
        assert state.get("flame_box") is None
        await asyncio.sleep(0.05)
    assert state["flame"] is True
    x, y, w, h = state["flame_box"]
    # The scene's flame stands at the lower left (x 0.2, feet at 0.85).
    assert x < 0.3 < x + w + 0.05
    assert y + h > 0.6
    data = await client.snapshot("cam", annotated=True)
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    red = (image[:, :, 2] > 200) & (image[:, :, 1] < 70) & (image[:, :, 0] < 70)
    plain = cv2.imdecode(
        np.frombuffer(await client.snapshot("cam", annotated=False), np.uint8), cv2.IMREAD_COLOR
    )
    plain_red = (plain[:, :, 2] > 200) & (plain[:, :, 1] < 70) & (plain[:, :, 0] < 70)
    # The box's left side, a red column of pixels at x, where the plain frame has none.
    column = round(x * (image.shape[1] - 1))
    rows = slice(round(y * 359) + 4, round((y + h) * 359) - 4)
    assert red[rows, column - 2 : column + 3].any(axis=1).mean() > 0.8
    assert plain_red[rows, column - 2 : column + 3].any(axis=1).mean() < 0.5


async def test_event_iterator_resumes_without_duplicates(
    client: EngineClient, clips: Clips
) -> None:
    """Consume some events, stop, resume from the cursor: the rest, once each, in order."""
    stream = client.events()
    first_task = asyncio.ensure_future(_take(stream, 3))
    await asyncio.sleep(0.2)
    path = str(clips.get(scenes.counting_scene()))
    await client.add_camera({"id": "door", "source": path, "realtime": False, "lines": [LINE]})
    first = await first_task
    await stream.aclose()
    rest_stream = client.events(since=first[-1].cursor)
    # Three more crossings, then the file's end with every line's final counts.
    rest = await _take(rest_stream, 4)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(anext(rest_stream), 0.5)
    await rest_stream.aclose()
    events = first + rest
    assert len({e.cursor for e in events}) == 7
    *crossings, ended = events
    assert sorted(e.type for e in crossings) == ["crossing_in"] * 4 + ["crossing_out"] * 2
    assert crossings[-1].counts == {"in": 4, "out": 2}
    assert ended.type == "source_ended"
    assert ended.line_counts == {LINE["id"]: {"in": 4, "out": 2}}
    assert [e.position[1] for e in events] == sorted(e.position[1] for e in events)


async def test_event_iterator_reports_gap(
    client: EngineClient, engine_server: EngineServer
) -> None:
    """A cursor from another engine run calls on_gap and continues with what is kept."""
    engine_server.engine.log.append("cam", Detection("scan", 1.0, data={"text": "a"}))
    gaps: list[tuple[str, str | None]] = []
    stream = client.events(since="0000:5", on_gap=lambda kind, cur: gaps.append((kind, cur)))
    event = await asyncio.wait_for(anext(stream), 5)
    await stream.aclose()
    assert gaps == [("cursor_unknown", "0000:5")]
    assert (event.type, event.data) == ("scan", {"text": "a"})


async def test_event_iterator_reconnects_with_backoff(
    settings: Settings,
    session: ClientSession,
    unused_tcp_port: int,
) -> None:
    """Started before the engine exists, the iterator keeps retrying and then delivers.

    After the engine restarts on the same port, the iterator reconnects again, is told its
    cursor is unknown to the new run, and delivers the new run's events.
    """
    port = unused_tcp_port
    fixed = replace(settings, port=port)
    client = EngineClient(session, "127.0.0.1", port, TOKEN)
    stream = client.events(backoff_min=0.05, backoff_max=0.2)
    pending = asyncio.ensure_future(anext(stream))
    await asyncio.sleep(0.4)
    assert not pending.done()
    server = EngineServer(fixed)
    await server.start()
    try:
        await asyncio.sleep(0.3)
        server.engine.log.append("cam", Detection("scan", 1.0, data={"text": "first"}))
        event = await asyncio.wait_for(pending, 5)
        assert event.data == {"text": "first"}
    finally:
        await server.stop()
    server = EngineServer(fixed)
    await server.start()
    try:
        pending = asyncio.ensure_future(anext(stream))
        await asyncio.sleep(0.5)
        server.engine.log.append("cam", Detection("scan", 2.0, data={"text": "second"}))
        event = await asyncio.wait_for(pending, 5)
        assert event.data == {"text": "second"}
        assert event.position[0] == server.engine.log.boot
    finally:
        await stream.aclose()
        await server.stop()


async def _garbage_engine(messages: list[Any]) -> tuple[web.AppRunner, int]:
    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        for message in messages:
            if isinstance(message, str):
                await ws.send_str(message)
            else:
                await ws.send_json(message)
        await ws.close()
        return ws

    async def info(request: web.Request) -> web.Response:
        return web.json_response({"api": 2})

    async def text(request: web.Request) -> web.Response:
        return web.Response(text="<html>oops</html>", status=500)

    app = web.Application()
    app.router.add_get("/api/events/stream", handler)
    app.router.add_get("/api/info", info)
    app.router.add_get("/api/health", text)
    app.router.add_get("/api/cameras", info)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, int(port)


async def test_garbage_from_engine_is_rejected_cleanly(session: ClientSession) -> None:
    """Unreadable messages are skipped; malformed answers raise EngineResponseError."""
    good = {
        "cursor": "b:7",
        "camera_id": "cam",
        "type": "scan",
        "time": "2026-01-01T00:00:00+00:00",
        "media_time": 1.5,
        "data": {"text": "ok"},
    }
    runner, port = await _garbage_engine(
        [
            "not json",
            {"no": "type"},
            {"type": "event", "event": {"cursor": "b:1"}},
            {"type": "event", "event": {**good, "media_time": "soon"}},
            {"type": "event", "event": good},
        ]
    )
    try:
        client = EngineClient(session, "127.0.0.1", port, TOKEN)
        stream = client.events()
        event = await asyncio.wait_for(anext(stream), 5)
        await stream.aclose()
        assert event.cursor == "b:7"
        assert event.media_time == 1.5
        with pytest.raises(EngineResponseError, match="malformed info"):
            await client.info()
        with pytest.raises(EngineResponseError, match="500") as err:
            await client.health()
        assert "oops" in str(err.value)
        with pytest.raises(EngineResponseError, match="camera list"):
            await client.cameras()
    finally:
        await runner.cleanup()


async def test_mjpeg_live_view(client: EngineClient, clips: Clips, session: ClientSession) -> None:
    """mjpeg() opens the live view (multipart JPEG); errors are typed like every call."""
    path = str(clips.get(scenes.flame_scene()))
    await client.add_camera({"id": "cam", "source": path, "loop": True})
    response = await client.mjpeg("cam", annotated=True)
    try:
        assert response.content_type == "multipart/x-mixed-replace"
        while not (line := await asyncio.wait_for(response.content.readline(), 5)).startswith(
            b"Content-Length:"
        ):
            pass
        length = int(line.split(b":")[1])
        await response.content.readline()
        image = cv2.imdecode(
            np.frombuffer(await response.content.readexactly(length), np.uint8), cv2.IMREAD_COLOR
        )
        assert image is not None
        assert image.shape == (360, 640, 3)
    finally:
        response.release()
    with pytest.raises(EngineResponseError) as err:
        await client.mjpeg("nope")
    assert (err.value.status, err.value.code) == (404, "not_found")
    wrong = EngineClient(session, "127.0.0.1", int(client.base_url.rsplit(":", 1)[1]), "bad" * 8)
    with pytest.raises(EngineAuthenticationError):
        await wrong.mjpeg("cam")
    dead = EngineClient(session, "127.0.0.1", 9, TOKEN, request_timeout=2)
    with pytest.raises(EngineConnectionError, match="cannot reach the engine"):
        await dead.mjpeg("cam")
