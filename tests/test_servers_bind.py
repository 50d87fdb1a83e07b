"""The engine and the door device listen on the configured address only, and refuse requests
without their token (each protocol's own token tests are in tests/engine/test_engine_server.py
and tests/door_protocol/test_client_api.py; this is the part both servers promise alike).

127.0.0.0/8 is all loopback on Linux: a server bound to 127.0.0.2 is reachable there and not
on 127.0.0.1, which shows the bind without touching a real network.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
import pytest_socket

from reference_door.device import DeviceConfig
from reference_door.running import start_device
from unmanned_store_engine.engine import Settings
from unmanned_store_engine.runner import EngineServer

Started = tuple[int, str, Callable[[], Awaitable[None]]]  # port, protected path, stop


@pytest.fixture(autouse=True)
def _loopback(socket_enabled: None) -> None:
    """Real sockets, loopback only: 127.0.0.1 and 127.0.0.2."""
    pytest_socket.socket_allow_hosts(["127.0.0.1", "127.0.0.2"])


async def _engine(host: str, tmp_path: Path) -> Started:
    server = EngineServer(
        Settings(token="t" * 32, host=host, port=0, zeroconf=False, config_path=tmp_path / "c.json")
    )
    await server.start()
    return server.port, "/api/info", server.stop


async def _door(host: str, tmp_path: Path) -> Started:
    running = await start_device(
        DeviceConfig(host=host, state_dir=tmp_path / "door", pairing_code="123456", zeroconf=False)
    )
    return running.port, "/api/v1/state", running.stop


SERVERS = {"engine": _engine, "door": _door}


async def _connects(host: str, port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection(host, port)
    except OSError:
        return False
    writer.close()
    await writer.wait_closed()
    return True


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """An HTTP session closed after the test."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.mark.parametrize("server", SERVERS)
@pytest.mark.parametrize(
    ("bound", "other"), [("127.0.0.1", "127.0.0.2"), ("127.0.0.2", "127.0.0.1")]
)
async def test_binds_the_configured_address_only(
    server: str, bound: str, other: str, tmp_path: Path, session: aiohttp.ClientSession
) -> None:
    """Reachable on the configured address; connection refused on another local one; and
    without the token, 401."""
    port, path, stop = await SERVERS[server](bound, tmp_path)
    try:
        assert await _connects(bound, port)
        assert not await _connects(other, port)
        async with session.get(f"http://{bound}:{port}{path}") as response:
            assert response.status == 401
            assert response.headers["WWW-Authenticate"] == "Bearer"
        async with session.get(
            f"http://{bound}:{port}{path}", headers={"Authorization": "Bearer wrong"}
        ) as response:
            assert response.status == 401
    finally:
        await stop()
