"""Parts of the reference device that tests of the client alone would not reach."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import json
from pathlib import Path
import socket

import aiohttp
import pytest

from custom_components.unmanned_store.clients.door import (
    DoorClient,
    DoorContact,
    DoorMode,
    DoorResponseError,
)
from reference_door import DeviceConfig, Faults, RunningDevice, start_device
from reference_door.backlog import BACKLOG_FILE, Backlog
from reference_door.identity import STATE_FILE

from .conftest import HOST, Collector, DeviceFactory, until


def test_backlog_limit_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="backlog limit must be at least 1, not 0"):
        Backlog(tmp_path, 0)


def test_backlog_skips_torn_and_out_of_order_lines(tmp_path: Path) -> None:
    frame = '{{"cursor": {0}, "type": "forced", "time": "2026-01-01T00:00:00+00:00", "data": {{}}}}'
    lines = [frame.format(1), frame.format(2), frame.format(2), frame.format(7), frame.format(8)]
    (tmp_path / BACKLOG_FILE).write_text("\n".join([*lines, '{"cursor": 9, "ty']) + "\n")
    backlog = Backlog(tmp_path, 10)
    try:
        # Cursors never go back, and only the newest contiguous run is served.
        assert (backlog.oldest, backlog.latest) == (7, 8)
        assert backlog.get(6) is None
        assert backlog.get(9) is None
        assert json.loads(backlog.get(8) or "")["cursor"] == 8
        assert backlog.append(lambda cursor: frame.format(cursor)) == 9
    finally:
        backlog.close()


async def test_explicit_identity_overrides_the_stored_one(
    make_device: DeviceFactory, tmp_path: Path
) -> None:
    device = await make_device()
    first_id = device.device_id
    await device.stop()
    again = await make_device(device_id="door-shop-1", pairing_code="999999")
    assert (again.device_id, again.pairing_code) == ("door-shop-1", "999999")
    assert first_id != "door-shop-1"
    stored = json.loads((tmp_path / "door" / STATE_FILE).read_text())
    assert stored["device_id"] == "door-shop-1"


async def test_busy_port_is_refused_and_cleaned_up(device: RunningDevice, tmp_path: Path) -> None:
    with pytest.raises(OSError, match="address already in use"):
        await start_device(DeviceConfig(state_dir=tmp_path / "other", port=device.port))


async def test_stopping_with_the_door_open_leaves_no_timer(
    device: RunningDevice, client: DoorClient
) -> None:
    device.device.set_door(is_open=True)
    device.device.set_door(is_open=True)
    assert (await client.state()).door is DoorContact.OPEN
    # The fixture stops the device with the held-open timer pending; verify_cleanup checks it.


async def test_mode_change_from_free_relocks(device: RunningDevice, client: DoorClient) -> None:
    await client.set_mode(DoorMode.FREE)
    await client.unlock(5)
    await client.set_mode(DoorMode.ADULTS_ONLY)
    assert device.device.lock == "locked"


def test_faults_must_be_an_object() -> None:
    with pytest.raises(ValueError, match="faults must be a JSON object"):
        Faults().updated([1])


async def test_url_brackets_ipv6(tmp_path: Path) -> None:
    running = RunningDevice(DeviceConfig(state_dir=tmp_path, host="::1", port=8480))
    assert running.url == "http://[::1]:8480"
    with pytest.raises(AssertionError, match="the device is not running"):
        _ = running.device


async def test_idle_stream_is_kept_alive_by_pings(
    device: RunningDevice,
    session: aiohttp.ClientSession,
    token: str,
    collect: Callable[[DoorClient, int | None], Collector],
) -> None:
    client = DoorClient(session, HOST, device.port, token, heartbeat=0.1, reconnect_min=0.01)
    collector = collect(client, 0)
    device.device.scan("first")
    await collector.wait_for(1)
    # Silent for several heartbeats: pings are answered, so the stream stays up.
    await asyncio.sleep(0.5)
    device.device.scan("second")
    await collector.wait_for(2)
    assert client.reconnects == 0


async def test_internal_failure_is_a_json_500(
    device: RunningDevice, session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    # The device cannot write its state file (here: a directory is in the way).
    (tmp_path / "door" / "device.tmp").mkdir()
    async with session.post(f"{device.url}/api/v1/pair", json={"code": "246810"}) as resp:
        assert resp.status == 500
        assert await resp.json() == {
            "error": "internal",
            "message": "the device failed; see its log",
        }
    with pytest.raises(DoorResponseError, match=r"HTTP 500 \(internal\)"):
        await DoorClient.pair(session, HOST, device.port, "246810")


async def test_streams_of_vanished_clients_are_released(device: RunningDevice, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession() as polite:
        async with polite.ws_connect(f"{device.url}/api/v1/events", headers=headers) as ws:
            assert (await ws.receive_json())["type"] == "hello"
            assert len(device.device.subscribers) == 1
        await until(lambda: not device.device.subscribers)
    # A client that vanishes without a close frame (its TCP connection just ends).
    rude = aiohttp.ClientSession()
    ws = await rude.ws_connect(f"{device.url}/api/v1/events", headers=headers)
    assert (await ws.receive_json())["type"] == "hello"
    assert ws.get_extra_info("socket") is not None
    ws.get_extra_info("socket").shutdown(socket.SHUT_RDWR)
    await until(lambda: not device.device.subscribers)
    await rude.close()
