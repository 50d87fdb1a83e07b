"""Edge paths: limits, live reconfiguration of a running camera, slow readers, odd replies."""

from __future__ import annotations

import asyncio
from pathlib import Path
import runpy
import socket
import sys
from typing import Any

from aiohttp import ClientSession, WSMsgType, web
import pytest

from custom_components.unmanned_store.clients.engine.client import (
    EngineClient,
    EngineConnectionError,
    EngineResponseError,
)
from unmanned_store_engine import engine as engine_module
from unmanned_store_engine.cli import TOKEN_ENV, main
from unmanned_store_engine.config import ConfigError, parse_camera
from unmanned_store_engine.engine import Engine, Settings
from unmanned_store_engine.events import Detection
from unmanned_store_engine.pipeline import CameraPipeline, analyse_file
from unmanned_store_engine.runner import EngineServer

from . import scenes
from .conftest import TOKEN, Clips


async def test_running_camera_reconfigured_live(
    engine_server: EngineServer, client: EngineClient, clips: Clips
) -> None:
    """A looping file keeps running; new thresholds and the closed flag reach its thread."""
    path = str(clips.get(scenes.walk_scene()))
    await client.add_camera({"id": "cam", "source": path, "realtime": False, "loop": True})
    pipeline = engine_server.engine.cameras["cam"]
    one_pass = scenes.walk_scene().frame_count // 2
    for _ in range(200):
        if pipeline.analyzer.frames > one_pass:
            break
        await asyncio.sleep(0.05)
    # Past the end of the file and still analysing: it looped.
    assert pipeline.analyzer.frames > one_pass
    body = {"source": path, "realtime": False, "loop": True, "thresholds": {"verify_people": True}}
    updated = await client.update_camera("cam", body)
    assert updated["reopened"] is False
    assert await client.set_store_closed(True)
    before = pipeline.analyzer.frames
    for _ in range(200):
        # The new settings are applied just before a frame is analysed, so they can be seen
        # while that frame is still under way: wait for it too.
        if (
            pipeline.analyzer.config.thresholds.verify_people
            and pipeline.analyzer.rules.closed
            and pipeline.analyzer.frames > before
        ):
            break
        await asyncio.sleep(0.05)
    assert pipeline.analyzer.frames > before
    assert pipeline.analyzer.detector is not None
    assert pipeline.analyzer.rules.closed is True


async def test_camera_limit(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """More cameras than the engine supports are refused with the limit named."""
    monkeypatch.setattr(engine_module, "MAX_CAMERAS", 0)
    engine = Engine(settings)
    await engine.start()
    try:
        with pytest.raises(ConfigError, match="at most 0 cameras"):
            await engine.add_camera(parse_camera({"id": "a", "source": "/x.avi"}))
    finally:
        await engine.stop()


async def test_emit_without_or_after_loop(settings: Settings) -> None:
    """Detections from a camera thread are dropped quietly once nobody listens."""
    engine = Engine(settings)
    engine._emit("cam", Detection("scan", 0.0))  # before start()
    loop = asyncio.new_event_loop()
    loop.close()
    engine._loop = loop  # a loop that has shut down
    engine._emit("cam", Detection("scan", 0.0))
    assert len(engine.log) == 0
    engine.executor.shutdown()


def test_pipeline_stop_before_start_and_missing_file(tmp_path: Path) -> None:
    """Stopping an unstarted pipeline is fine; analysing a missing file says which."""
    config = parse_camera({"id": "c", "source": str(tmp_path / "none.avi")})
    assert CameraPipeline(config, lambda _c, _d: None).stop() is True
    with pytest.raises(FileNotFoundError, match="no video at"):
        analyse_file(config, tmp_path / "none.avi")


async def test_body_too_large(engine_server: EngineServer, session: ClientSession) -> None:
    """Oversized bodies are refused before they are read."""
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    data = b'{"closed": true, "pad": "' + b"x" * 300_000 + b'"}'
    async with session.put(f"{engine_server.url}/api/store", data=data, headers=headers) as reply:
        assert reply.status in {400, 413}


async def test_slow_reader_is_cut_off_and_told_why(
    fast_settings: Settings, session: ClientSession
) -> None:
    """A reader a whole backlog behind gets what was queued, then close code 1013."""
    server = EngineServer(fast_settings)
    await server.start()
    try:
        ws = await session.ws_connect(
            f"{server.url}/api/events/stream", headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert (await ws.receive_json())["type"] == "hello"
        for i in range(25):
            server.engine.log.append("cam", Detection("scan", float(i)))
        received = 0
        while True:
            message = await asyncio.wait_for(ws.receive(), 5)
            if message.type != WSMsgType.TEXT:
                break
            received += 1
        assert received == 10
        assert ws.close_code == 1013
    finally:
        await server.stop()


def test_main_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    """A port already taken is a one-line error and exit code 1."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--no-zeroconf", "--port", str(port)], {TOKEN_ENV: TOKEN})
    assert code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_module_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m unmanned_store_engine` runs the CLI (here: refused without a token)."""
    monkeypatch.setattr(sys, "argv", ["unmanned_store_engine", "serve"])
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_module("unmanned_store_engine", run_name="__main__")
    assert exit_info.value.code == 2


async def _odd_engine(routes: dict[str, Any]) -> tuple[web.AppRunner, int]:
    app = web.Application()
    for path, handler in routes.items():
        app.router.add_get(path, handler)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, int(runner.addresses[0][1])


async def test_client_rejects_odd_replies(session: ClientSession) -> None:
    """Wrong API version, non-JSON, wrong shapes, slow answers: each a typed error."""
    release = asyncio.Event()

    async def info(request: web.Request) -> web.Response:
        return web.json_response(
            {
                "id": "e",
                "name": "n",
                "version": "9",
                "api": 2,
                "boot": "b",
                "cameras": 0,
                "closed": False,
            }
        )

    async def text(request: web.Request) -> web.Response:
        return web.Response(text="not json")

    async def listing(request: web.Request) -> web.Response:
        return web.json_response([1, 2])

    async def odd_error(request: web.Request) -> web.Response:
        return web.json_response(["bad"], status=418)

    async def slow(request: web.Request) -> web.Response:
        await release.wait()
        return web.json_response({})

    runner, port = await _odd_engine(
        {
            "/api/info": info,
            "/api/health": text,
            "/api/store": listing,
            "/api/cameras": odd_error,
            "/api/cameras/slow": slow,
        }
    )
    try:
        client = EngineClient(session, "127.0.0.1", port, TOKEN, request_timeout=0.5)
        assert client.base_url == f"http://127.0.0.1:{port}"
        with pytest.raises(EngineResponseError, match="engine speaks API 2"):
            await client.info()
        with pytest.raises(EngineResponseError, match="invalid JSON for /api/health"):
            await client.health()
        with pytest.raises(EngineResponseError, match="sent list for /api/store"):
            await client.store_closed()
        with pytest.raises(EngineResponseError, match=r"418 .*\['bad'\]"):
            await client.cameras()
        with pytest.raises(EngineConnectionError, match="timeout talking to the engine"):
            await client.camera("slow")
        # No WebSocket route: the handshake fails with 404; the iterator keeps retrying.
        stream = client.events(backoff_min=0.01, backoff_max=0.02)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(anext(stream), 0.3)
        await stream.aclose()
    finally:
        release.set()
        await runner.cleanup()


async def test_client_reconnects_after_binary_frame(session: ClientSession) -> None:
    """A non-text frame ends that connection; the client reconnects and resumes."""
    calls: list[str | None] = []

    async def stream(request: web.Request) -> web.WebSocketResponse:
        calls.append(request.query.get("since"))
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        event = {
            "cursor": f"b:{len(calls)}",
            "camera_id": "c",
            "type": "scan",
            "time": "2026-01-01T00:00:00+00:00",
            "media_time": 0,
        }
        await ws.send_json({"type": "event", "event": event})
        # A replayed duplicate, as a buggy engine might send: the client drops it.
        await ws.send_json({"type": "event", "event": event})
        await ws.send_bytes(b"\x00")
        await ws.close()
        return ws

    runner, port = await _odd_engine({"/api/events/stream": stream})
    try:
        client = EngineClient(session, "127.0.0.1", port, TOKEN)
        events = client.events(backoff_min=0.01)
        first = await asyncio.wait_for(anext(events), 5)
        second = await asyncio.wait_for(anext(events), 5)
        await events.aclose()
        assert [first.cursor, second.cursor] == ["b:1", "b:2"]
        assert calls[:2] == [None, "b:1"]
    finally:
        await runner.cleanup()
