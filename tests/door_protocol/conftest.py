"""Fixtures: a reference device on 127.0.0.1, a session, a paired client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
import contextlib
from pathlib import Path

import aiohttp
import pytest

from custom_components.unmanned_store.clients.door import DoorClient, DoorEvent
from reference_door import DeviceConfig, RunningDevice, start_device

PAIRING_CODE = "246810"
HOST = "127.0.0.1"

type DeviceFactory = Callable[..., Awaitable[RunningDevice]]


@pytest.fixture(autouse=True)
def _loopback_sockets(socket_enabled: None) -> None:
    """Every test here talks over real sockets; the device binds 127.0.0.1 only."""


@pytest.fixture
async def make_device(tmp_path: Path) -> AsyncIterator[DeviceFactory]:
    """Start devices with chosen options; all are stopped after the test."""
    started: list[RunningDevice] = []

    async def make(**options: object) -> RunningDevice:
        options.setdefault("state_dir", tmp_path / "door")
        options.setdefault("pairing_code", PAIRING_CODE)
        running = await start_device(DeviceConfig(**options))  # type: ignore[arg-type]
        started.append(running)
        return running

    yield make
    for running in started:
        await running.stop()


@pytest.fixture
async def device(make_device: DeviceFactory) -> RunningDevice:
    """A device with default options."""
    return await make_device()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A session closed after the test."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
async def token(device: RunningDevice, session: aiohttp.ClientSession) -> str:
    """A token from pairing with `device`."""
    return await DoorClient.pair(session, HOST, device.port, PAIRING_CODE)


def make_client(session: aiohttp.ClientSession, port: int, token: str) -> DoorClient:
    """A client with timings short enough for tests."""
    return DoorClient(
        session,
        HOST,
        port,
        token,
        request_timeout=1.0,
        heartbeat=0.4,
        reconnect_min=0.02,
        reconnect_max=0.2,
    )


@pytest.fixture
def client(session: aiohttp.ClientSession, device: RunningDevice, token: str) -> DoorClient:
    """A client paired with `device`."""
    return make_client(session, device.port, token)


class Collector:
    """Consumes `client.events()` in a task, so a test can drive the device meanwhile."""

    def __init__(self, client: DoorClient, since: int | None) -> None:
        self.client = client
        self.events: list[DoorEvent] = []
        self._since = since
        self._changed = asyncio.Event()
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        async with contextlib.aclosing(self.client.events(self._since)) as events:
            async for event in events:
                self.events.append(event)
                self._changed.set()

    async def wait_for(self, count: int, within: float = 10.0) -> list[DoorEvent]:
        """Wait until `count` events arrived; fail the test with what arrived otherwise."""
        try:
            async with asyncio.timeout(within):
                while len(self.events) < count:
                    if self._task.done():
                        self._task.result()
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            pytest.fail(f"got {len(self.events)} of {count} events: {self.events[-3:]}")
        return self.events

    async def stop(self) -> None:
        """Cancel the consumer."""
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


@pytest.fixture
async def collect() -> AsyncIterator[Callable[[DoorClient, int | None], Collector]]:
    """Start collectors; all are stopped after the test."""
    collectors: list[Collector] = []

    def start(client: DoorClient, since: int | None) -> Collector:
        collector = Collector(client, since)
        collectors.append(collector)
        return collector

    yield start
    for collector in collectors:
        await collector.stop()


async def until(predicate: Callable[[], bool], within: float = 5.0) -> None:
    """Poll a condition the device reaches on its own (a stream subscribing, a timer)."""
    for _ in range(int(within / 0.01)):
        if predicate():
            return
        await asyncio.sleep(0.01)
    pytest.fail(f"condition not reached within {within} s")
