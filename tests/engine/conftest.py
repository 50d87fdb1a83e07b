"""Fixtures for the vision engine's tests: rendered clips, a real engine, a real MJPEG server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from pathlib import Path

from aiohttp import ClientSession, web
import cv2
import pytest

from custom_components.unmanned_store.clients.engine.client import EngineClient
from unmanned_store_engine.engine import Settings
from unmanned_store_engine.pipeline import Timeouts
from unmanned_store_engine.runner import EngineServer

from . import scenes

TOKEN = "test-token-0123456789abcdef"
FAST = Timeouts(open=1.0, read=1.0, backoff_min=0.1, backoff_max=0.5)


@pytest.fixture(autouse=True)
def _loopback_sockets(socket_enabled: None) -> None:
    """The engine, its clients and the MJPEG cameras talk over real sockets on 127.0.0.1."""


class Clips:
    """Renders each scene once per test session into real MJPG/AVI files."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._paths: dict[str, Path] = {}

    def get(self, scene: scenes.Scene) -> Path:
        if scene.name not in self._paths:
            self._paths[scene.name] = scene.write(self.directory / f"{scene.name}.avi")
        return self._paths[scene.name]


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> Clips:
    """Lazily rendered clips shared by the session."""
    return Clips(tmp_path_factory.mktemp("clips"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Engine settings for loopback tests: any free port, no zeroconf, fast timeouts."""
    return Settings(
        token=TOKEN,
        port=0,
        zeroconf=False,
        backlog=50,
        timeouts=FAST,
        config_path=tmp_path / "cameras.json",
    )


@pytest.fixture
async def engine_server(settings: Settings) -> AsyncIterator[EngineServer]:
    """A real engine listening on 127.0.0.1."""
    server = EngineServer(settings)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def session() -> AsyncIterator[ClientSession]:
    """An aiohttp session closed after the test."""
    async with ClientSession() as client_session:
        yield client_session


@pytest.fixture
def client(engine_server: EngineServer, session: ClientSession) -> EngineClient:
    """The integration's client, pointed at the real engine."""
    return EngineClient(session, "127.0.0.1", engine_server.port, TOKEN)


@pytest.fixture
def auth() -> dict[str, str]:
    """The header every request needs."""
    return {"Authorization": f"Bearer {TOKEN}"}


@dataclass
class MjpegServer:
    """Serves a clip's frames as multipart MJPEG over HTTP, paced like a live camera."""

    url: str
    requests: int = 0


StartMjpeg = Callable[[list[bytes] | list[list[bytes]], float], "asyncio.Future[MjpegServer]"]


def jpeg_frames(path: Path) -> list[bytes]:
    """A clip's frames, each re-encoded as a JPEG (what an IP camera sends)."""
    capture = cv2.VideoCapture(str(path))
    frames: list[bytes] = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(cv2.imencode(".jpg", frame)[1].tobytes())
    capture.release()
    return frames


@pytest.fixture
async def mjpeg_server(
    unused_tcp_port_factory: Callable[[], int],
) -> AsyncIterator[StartMjpeg]:
    """Start an MJPEG server for given frames and fps (one pass per request, then it ends).

    Given several lists of frames, the first request gets the first list, the next the second,
    and so on, the last list repeating (a camera reconfigured between connections).
    """
    runners: list[web.AppRunner] = []

    async def start(frames: list[bytes] | list[list[bytes]], fps: float) -> MjpegServer:
        port = unused_tcp_port_factory()
        served = MjpegServer(f"http://127.0.0.1:{port}/video.mjpeg")

        async def video(request: web.Request) -> web.StreamResponse:
            served.requests += 1
            response = web.StreamResponse(
                headers={"Content-Type": "multipart/x-mixed-replace; boundary=cam"}
            )
            await response.prepare(request)
            passes = frames if frames and isinstance(frames[0], list) else [frames]
            for data in passes[min(served.requests, len(passes)) - 1]:
                head = f"--cam\r\nContent-Type: image/jpeg\r\nContent-Length: {len(data)}\r\n\r\n"
                await response.write(head.encode() + data + b"\r\n")
                await asyncio.sleep(1 / fps)
            return response

        app = web.Application()
        app.router.add_get("/video.mjpeg", video)
        runner = web.AppRunner(app, shutdown_timeout=0.5)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        runners.append(runner)
        return served

    def factory(frames: list[bytes] | list[list[bytes]], fps: float) -> asyncio.Future[MjpegServer]:
        return asyncio.ensure_future(start(frames, fps))

    yield factory
    for runner in runners:
        await runner.cleanup()


@pytest.fixture
def fast_settings(settings: Settings) -> Settings:
    """Settings with a tiny backlog, for cursor-too-old tests."""
    return replace(settings, backlog=10)
