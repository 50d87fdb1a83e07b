"""The event stream: delivery, resumption across drops and restarts, gaps, garbage."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import json
import logging
from pathlib import Path

import aiohttp
from aiohttp import web
import pytest

from custom_components.unmanned_store.clients.door import (
    DoorClient,
    DoorEvent,
    DoorResponseError,
    EventType,
    GapData,
    HeldOpenData,
    LockChangedData,
    LockState,
    ScanData,
    TamperData,
    VerdictData,
    VerdictResult,
)
from reference_door import Faults, RunningDevice

from .conftest import HOST, Collector, DeviceFactory, make_client, until

type Collect = Callable[[DoorClient, int | None], Collector]


def _scans(events: list[DoorEvent]) -> list[str]:
    return [event.data.code for event in events if isinstance(event.data, ScanData)]


def _assert_strictly_increasing(events: list[DoorEvent]) -> None:
    cursors = [event.cursor for event in events]
    assert cursors == sorted(set(cursors)), cursors


async def test_scan_arrives_as_event(
    device: RunningDevice, client: DoorClient, collect: Collect
) -> None:
    device.device.scan("before")
    collector = collect(client, None)
    await until(lambda: bool(device.device.subscribers))
    cursor = device.device.scan("PASS:1")
    [event] = await collector.wait_for(1)
    # `since=None` means from now on: the earlier scan is not replayed.
    assert (event.cursor, event.type, event.data) == (cursor, EventType.SCAN, ScanData("PASS:1"))
    assert client.last_cursor == cursor == 2


async def test_since_replays_the_backlog(
    device: RunningDevice, client: DoorClient, collect: Collect
) -> None:
    for number in range(5):
        device.device.scan(f"c{number}")
    events = await collect(client, 2).wait_for(3)
    assert [event.cursor for event in events] == [3, 4, 5]
    assert _scans(events) == ["c2", "c3", "c4"]


@pytest.mark.parametrize("since", [-1, True])
async def test_since_must_be_a_cursor(client: DoorClient, since: int) -> None:
    with pytest.raises(ValueError, match="since must be a cursor"):
        await anext(client.events(since))


async def test_drops_and_restarts_lose_and_repeat_nothing(
    device: RunningDevice, client: DoorClient, collect: Collect
) -> None:
    collector = collect(client, 0)
    expected: list[str] = []

    async def scan(count: int) -> None:
        for _ in range(count):
            code = f"visit-{len(expected)}"
            expected.append(code)
            device.device.scan(code)

    await scan(10)
    await collector.wait_for(5)
    device.device.drop_streams()
    await scan(10)
    # Every third event on the wire the connection is cut, mid-backlog.
    device.device.set_faults(Faults(drop_every=3))
    await scan(10)
    await collector.wait_for(25)
    await device.restart(down_seconds=0.3)
    await scan(10)
    await collector.wait_for(35)
    old = device.device
    device.request_restart(0.1)
    await until(lambda: device.device is not old and not device.device.closed)
    await scan(10)
    events = await collector.wait_for(len(expected))
    _assert_strictly_increasing(events)
    assert _scans(events) == expected
    assert [event.cursor for event in events] == list(range(1, len(expected) + 1))
    assert client.reconnects >= 5
    assert client.malformed_events == 0


async def test_restart_over_http_while_scanning(
    device: RunningDevice, client: DoorClient, collect: Collect, session: aiohttp.ClientSession
) -> None:
    collector = collect(client, 0)
    for number in range(5):
        device.device.scan(f"a{number}")
    await collector.wait_for(5)
    async with session.post(f"{device.url}/sim/restart", json={"down_seconds": 0.2}) as resp:
        assert resp.status == 202
    old = device.device
    await until(lambda: device.device is not old and not device.device.closed)
    for number in range(5):
        device.device.scan(f"b{number}")
    events = await collector.wait_for(10)
    assert _scans(events) == [f"a{n}" for n in range(5)] + [f"b{n}" for n in range(5)]
    _assert_strictly_increasing(events)


async def test_malformed_events_are_counted_and_skipped(
    make_device: DeviceFactory, session: aiohttp.ClientSession, collect: Collect
) -> None:
    device = await make_device(faults=Faults(malformed_every=3))
    client = make_client(
        session, device.port, await DoorClient.pair(session, HOST, device.port, "246810")
    )
    collector = collect(client, 0)
    await until(lambda: bool(device.device.subscribers))
    for number in range(24):
        device.device.scan(f"s{number}")
    events = await collector.wait_for(24)
    assert _scans(events) == [f"s{n}" for n in range(24)]
    assert [event.cursor for event in events] == list(range(1, 25))
    async with session.post(f"{device.url}/sim/faults", json={"malformed_now": 8}) as resp:
        assert (await resp.json())["malformed_every"] == 3
    device.device.scan("after")
    events = await collector.wait_for(25)
    assert events[-1].data == ScanData("after")
    # 8 scheduled (every 3rd of 24 events) plus 8 on demand, none of them yielded.
    assert client.malformed_events == 16


async def test_gap_when_the_backlog_no_longer_holds_the_cursor(
    make_device: DeviceFactory, session: aiohttp.ClientSession, collect: Collect, tmp_path: Path
) -> None:
    device = await make_device(backlog_limit=5)
    token = await DoorClient.pair(session, HOST, device.port, "246810")
    client = make_client(session, device.port, token)
    for number in range(20):
        device.device.scan(f"g{number}")
    events = await collect(client, 3).wait_for(6)
    gap, *rest = events
    assert gap.type is EventType.GAP
    assert gap.cursor == 15
    assert gap.data == GapData(since=3, oldest=16)
    assert isinstance(gap.data, GapData)
    assert gap.data.lost == 12
    assert [event.cursor for event in rest] == [16, 17, 18, 19, 20]
    # The backlog file was compacted, and a restart keeps the newest five.
    assert len((tmp_path / "door" / "events.jsonl").read_text().splitlines()) < 10
    await device.restart()
    assert (device.device.backlog.oldest, device.device.backlog.latest) == (16, 20)


async def test_cursor_ahead_of_the_device_is_refused(
    device: RunningDevice, client: DoorClient
) -> None:
    device.device.scan("only")
    with pytest.raises(DoorResponseError, match="holds no event after cursor 9") as caught:
        await anext(client.events(9))
    assert caught.value.code == "cursor_ahead"


async def test_stall_is_detected_and_survived(
    device: RunningDevice, client: DoorClient, collect: Collect, session: aiohttp.ClientSession
) -> None:
    collector = collect(client, 0)
    device.device.scan("one")
    await collector.wait_for(1)
    async with session.post(f"{device.url}/sim/faults", json={"stall": True}) as resp:
        assert (await resp.json())["stall"] is True
    device.device.scan("two")
    # The heartbeat goes unanswered, the client reconnects, the handshake hangs and times out.
    await until(lambda: client.reconnects >= 1)
    await until(lambda: len(device.device.subscribers) == 0, within=3)
    device.device.set_faults(Faults(delay_ms=20))
    device.device.scan("three")
    events = await collector.wait_for(3)
    assert _scans(events) == ["one", "two", "three"]


async def test_stalled_handshake_times_out_and_is_retried(
    make_device: DeviceFactory,
    session: aiohttp.ClientSession,
    collect: Collect,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="custom_components.unmanned_store.clients.door")
    device = await make_device()
    token = await DoorClient.pair(session, HOST, device.port, "246810")
    device.device.set_faults(Faults(stall=True))
    client = make_client(session, device.port, token)
    collector = collect(client, 0)
    device.device.scan("waiting")
    await until(lambda: "did not open the event stream within 1 s" in caplog.text, within=3)
    device.device.set_faults(Faults())
    assert _scans(await collector.wait_for(1)) == ["waiting"]


async def test_drop_now_over_http(
    device: RunningDevice, client: DoorClient, collect: Collect, session: aiohttp.ClientSession
) -> None:
    collector = collect(client, 0)
    await until(lambda: bool(device.device.subscribers))
    async with session.post(f"{device.url}/sim/faults", json={"drop_now": True}) as resp:
        assert resp.status == 200
    await until(lambda: client.reconnects == 1)
    device.device.scan("back")
    assert _scans(await collector.wait_for(1)) == ["back"]


async def test_door_lock_and_reader_simulation(
    make_device: DeviceFactory, session: aiohttp.ClientSession, collect: Collect
) -> None:
    device = await make_device(held_open_after=0.1, verdict_unlock_seconds=5.0)
    client = make_client(
        session, device.port, await DoorClient.pair(session, HOST, device.port, "246810")
    )
    collector = collect(client, 0)
    url = device.url

    async def post(path: str, body: dict[str, object]) -> dict[str, object]:
        async with session.post(f"{url}{path}", json=body) as resp:
            assert resp.status == 200, await resp.text()
            answer: dict[str, object] = await resp.json()
            return answer

    # Opened while locked: forced; left open: held_open; closed.
    assert (await post("/sim/door", {"open": True}))["door"] == "open"
    await post("/sim/door", {"open": True})
    await collector.wait_for(3)
    assert (await post("/sim/door", {"open": False}))["door"] == "closed"
    # A granted verdict unlocks; the door opens (not forced) and closing relocks at once.
    verdict = {"result": "granted", "subject": "anon-7", "provider": "kakao", "adult": True}
    assert (await post("/sim/verdict", verdict))["cursor"] == 5
    await post("/sim/door", {"open": True})
    await post("/sim/door", {"open": False})
    assert (await post("/sim/tamper", {}))["cursor"] == 10
    assert (await post("/sim/reader", {"health": "fault"}))["reader"] == "fault"
    denied = {**verdict, "result": "denied", "adult": None}
    await post("/sim/verdict", denied)
    events = await collector.wait_for(11)
    assert [(event.type, event.data) for event in events] == [
        (EventType.DOOR_OPENED, events[0].data),
        (EventType.FORCED, events[1].data),
        (EventType.HELD_OPEN, HeldOpenData(0.1)),
        (EventType.DOOR_CLOSED, events[3].data),
        (EventType.VERDICT, VerdictData(VerdictResult.GRANTED, "anon-7", "kakao", adult=True)),
        (EventType.LOCK_CHANGED, LockChangedData(LockState.UNLOCKED)),
        (EventType.DOOR_OPENED, events[6].data),
        (EventType.DOOR_CLOSED, events[7].data),
        (EventType.LOCK_CHANGED, LockChangedData(LockState.LOCKED)),
        (EventType.TAMPER, TamperData("")),
        (EventType.VERDICT, VerdictData(VerdictResult.DENIED, "anon-7", "kakao", adult=None)),
    ]


async def test_long_poll(device: RunningDevice, session: aiohttp.ClientSession, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    poll = f"{device.url}/api/v1/events/poll"
    async with session.get(poll, params={"timeout": "0.05"}, headers=headers) as resp:
        assert await resp.json() == {"latest": 0, "oldest": 1, "gap": None, "events": []}
    for number in range(3):
        device.device.scan(f"p{number}")
    async with session.get(poll, params={"since": "1"}, headers=headers) as resp:
        body = await resp.json()
    assert [event["cursor"] for event in body["events"]] == [2, 3]
    assert body["latest"] == 3


async def test_long_poll_waits_and_reports_gaps(
    make_device: DeviceFactory, session: aiohttp.ClientSession
) -> None:
    device = await make_device(backlog_limit=2)
    token = await DoorClient.pair(session, HOST, device.port, "246810")
    headers = {"Authorization": f"Bearer {token}"}
    for number in range(4):
        device.device.scan(f"p{number}")
    poll = f"{device.url}/api/v1/events/poll"
    async with session.get(poll, params={"since": "0"}, headers=headers) as resp:
        body = await resp.json()
    assert body["gap"] == {"since": 0, "oldest": 3}
    assert [event["data"]["code"] for event in body["events"]] == ["p2", "p3"]

    async def wait_for_next() -> dict[str, object]:
        async with session.get(poll, params={"timeout": "5"}, headers=headers) as resp:
            answer: dict[str, object] = await resp.json()
            return answer

    waiting = asyncio.create_task(wait_for_next())
    await until(lambda: bool(device.device.subscribers))
    device.device.scan("late")
    body = await waiting
    assert [event["cursor"] for event in body["events"]] == [5]


class MisbehavingStream:
    """A real WebSocket server that repeats, sends binary, and errors."""

    def __init__(self) -> None:
        self.connections = 0

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        self.connections += 1
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        scan = {"type": "scan", "time": "2026-11-22T10:00:00+00:00"}
        if self.connections == 1:
            # A gap before the hello means nothing yet: the client has no cursor to compare.
            await ws.send_str(json.dumps({"type": "gap", "since": 0, "oldest": 2}))
            await ws.send_str(json.dumps({"type": "hello", "latest": 0, "oldest": 1}))
            await ws.ping(b"are you there")
            await ws.send_str(json.dumps({**scan, "cursor": 1, "data": {"code": "a"}}))
            await ws.send_str(json.dumps({**scan, "cursor": 1, "data": {"code": "a"}}))
            await ws.send_bytes(b"\x00\x01")
            await ws.send_str(json.dumps({"type": "gap", "since": 0, "oldest": 2}))
            await ws.send_str(json.dumps({**scan, "cursor": 2, "data": {"code": "b"}}))
        else:
            assert request.query["since"] == "2"
            await ws.send_str(json.dumps({**scan, "cursor": 3, "data": {"code": "c"}}))
        await ws.close()
        return ws


async def test_repeats_and_binary_frames_from_a_broken_device(
    session: aiohttp.ClientSession, unused_tcp_port: int, collect: Collect
) -> None:
    stream = MisbehavingStream()
    app = web.Application()
    app.router.add_get("/api/v1/events", stream.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, HOST, unused_tcp_port).start()
    try:
        client = make_client(session, unused_tcp_port, "t")
        events = await collect(client, None).wait_for(3)
        assert _scans(events) == ["a", "b", "c"]
        assert client.malformed_events == 1
    finally:
        await runner.cleanup()


async def test_server_error_on_handshake_is_retried(
    session: aiohttp.ClientSession, unused_tcp_port: int, collect: Collect
) -> None:
    calls: list[int] = []

    async def handle(request: web.Request) -> web.StreamResponse:
        calls.append(1)
        if len(calls) == 1:
            return web.Response(status=503)
        if len(calls) == 2:
            return web.Response(status=403)
        raise AssertionError

    app = web.Application()
    app.router.add_get("/api/v1/events", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, HOST, unused_tcp_port).start()
    try:
        client = make_client(session, unused_tcp_port, "t")
        with pytest.raises(DoorResponseError, match="refused the event stream with HTTP 403"):
            async for _ in client.events(0):
                pass
        assert len(calls) == 2
    finally:
        await runner.cleanup()
