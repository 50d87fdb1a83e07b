"""Request/response calls of the client against the reference device."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
from aiohttp import web
import pytest

from custom_components.unmanned_store.clients.door import (
    DoorAuthenticationError,
    DoorClient,
    DoorConnectionError,
    DoorContact,
    DoorMode,
    DoorRateLimitedError,
    DoorResponseError,
    LockState,
    ReaderHealth,
)
from reference_door import Faults, RunningDevice

from .conftest import HOST, PAIRING_CODE, DeviceFactory, make_client, until


async def test_pair_returns_a_token_that_opens_the_api(
    device: RunningDevice, session: aiohttp.ClientSession
) -> None:
    token = await DoorClient.pair(session, HOST, device.port, PAIRING_CODE)
    info = await make_client(session, device.port, token).info()
    assert info.device_id == device.device_id
    assert info.device_id.startswith("door-")
    assert (info.model, info.firmware, info.api_version) == ("reference-door", "1.0.0", "1")


async def test_pairing_again_revokes_the_previous_token(
    device: RunningDevice, session: aiohttp.ClientSession, token: str
) -> None:
    newer = await DoorClient.pair(session, HOST, device.port, PAIRING_CODE)
    assert newer != token
    with pytest.raises(DoorAuthenticationError, match="rejected the access token; pair"):
        await make_client(session, device.port, token).state()
    assert (await make_client(session, device.port, newer).state()).cursor == 0


async def test_wrong_pairing_codes_are_rate_limited(
    make_device: DeviceFactory, session: aiohttp.ClientSession
) -> None:
    device = await make_device(pair_max_failures=2, pair_lockout=0.3)
    for _ in range(2):
        with pytest.raises(DoorAuthenticationError, match="rejected the pairing code"):
            await DoorClient.pair(session, HOST, device.port, "000000")
    # Locked out: even the right code is refused until the window passes.
    with pytest.raises(DoorRateLimitedError, match="too many wrong codes") as caught:
        await DoorClient.pair(session, HOST, device.port, PAIRING_CODE)
    assert caught.value.retry_after == 1
    assert caught.value.status == 429
    await asyncio.sleep(0.35)
    assert await DoorClient.pair(session, HOST, device.port, PAIRING_CODE)


@pytest.mark.parametrize("token", ["", "wrong", "Bearer"])
async def test_bad_token_is_an_authentication_error(
    device: RunningDevice, session: aiohttp.ClientSession, token: str
) -> None:
    client = make_client(session, device.port, token)
    with pytest.raises(DoorAuthenticationError):
        await client.info()
    with pytest.raises(DoorAuthenticationError):
        await anext(client.events())


async def test_missing_authorization_gets_401_with_json_body(
    device: RunningDevice, session: aiohttp.ClientSession
) -> None:
    async with session.get(f"{device.url}/api/v1/state") as response:
        assert response.status == 401
        assert response.headers["WWW-Authenticate"] == "Bearer"
        body = await response.json()
    assert body["error"] == "unauthorized"
    assert "pair the device" in body["message"]


async def test_state_mode_and_unlock(device: RunningDevice, client: DoorClient) -> None:
    state = await client.state()
    assert (state.mode, state.lock, state.door, state.reader) == (
        DoorMode.AUTHENTICATED,
        LockState.LOCKED,
        DoorContact.CLOSED,
        ReaderHealth.OK,
    )
    free = await client.set_mode(DoorMode.FREE)
    assert (free.mode, free.lock) == (DoorMode.FREE, LockState.UNLOCKED)
    # A free door is already open; unlocking changes nothing.
    assert (await client.unlock(1)).cursor == free.cursor
    closed = await client.set_mode(DoorMode.CLOSED)
    assert (closed.mode, closed.lock) == (DoorMode.CLOSED, LockState.LOCKED)
    assert (await client.set_mode(DoorMode.CLOSED)).cursor == closed.cursor
    unlocked = await client.unlock(0.1)
    assert unlocked.lock is LockState.UNLOCKED
    await until(lambda: device.device.lock is LockState.LOCKED)
    assert (await client.state()).cursor == unlocked.cursor + 1


@pytest.mark.parametrize("seconds", [0, 0.05, 301, float("nan")])
async def test_unlock_rejects_out_of_range_seconds(client: DoorClient, seconds: float) -> None:
    with pytest.raises(ValueError, match="unlock seconds must be between 0.1 and 300"):
        await client.unlock(seconds)


async def test_set_mode_rejects_unknown_mode(client: DoorClient) -> None:
    with pytest.raises(ValueError, match="'party' is not a valid DoorMode"):
        await client.set_mode("party")  # type: ignore[arg-type]


async def test_unreachable_device_is_a_connection_error(
    session: aiohttp.ClientSession, unused_tcp_port: int
) -> None:
    client = make_client(session, unused_tcp_port, "token")
    with pytest.raises(DoorConnectionError, match=f"Cannot reach door device at {HOST}"):
        await client.state()
    with pytest.raises(DoorConnectionError, match="Cannot reach"):
        await DoorClient.pair(session, HOST, unused_tcp_port, "1")


async def test_stalled_device_times_out(
    make_device: DeviceFactory, session: aiohttp.ClientSession
) -> None:
    device = await make_device(faults=Faults(stall=True))
    with pytest.raises(DoorConnectionError, match="did not answer POST /api/v1/pair within 0.2 s"):
        await DoorClient.pair(session, HOST, device.port, PAIRING_CODE, request_timeout=0.2)
    device.device.set_faults(Faults())
    assert await DoorClient.pair(session, HOST, device.port, PAIRING_CODE)


async def test_state_survives_a_restart(
    make_device: DeviceFactory, session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    device = await make_device(pairing_code=None)
    code = device.pairing_code
    assert len(code) == 6
    assert code.isdigit()
    token = await DoorClient.pair(session, HOST, device.port, code)
    client = make_client(session, device.port, token)
    await client.set_mode(DoorMode.ADULTS_ONLY)
    device_id = device.device_id
    await device.restart()
    state = await client.state()
    assert (state.mode, state.cursor) == (DoorMode.ADULTS_ONLY, 1)
    assert (device.device_id, device.pairing_code) == (device_id, code)
    assert "token" not in (tmp_path / "door" / "device.json").read_text().replace("token_hash", "")
    # A free door comes back unlocked.
    await client.set_mode(DoorMode.FREE)
    await device.restart()
    assert (await client.state()).lock is LockState.UNLOCKED


async def test_delay_fault_slows_responses(device: RunningDevice, client: DoorClient) -> None:
    device.device.set_faults(Faults(delay_ms=150))
    loop = asyncio.get_running_loop()
    started = loop.time()
    await client.state()
    assert loop.time() - started >= 0.15


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "error", "message"),
    [
        ("GET", "/api/v1/nothing", None, 404, "not_found", "Not Found"),
        ("DELETE", "/api/v1/state", None, 405, "method_not_allowed", "Method Not Allowed"),
        ("POST", "/api/v1/mode", "not json", 400, "invalid_request", "must be JSON"),
        ("POST", "/api/v1/mode", [], 400, "invalid_request", "must be a JSON object"),
        ("POST", "/api/v1/mode", {"mode": "party"}, 400, "invalid_request", "one of authenticated"),
        ("POST", "/api/v1/unlock", {"seconds": True}, 400, "invalid_request", "from 0.1 to 300"),
        ("POST", "/api/v1/pair", {"code": ""}, 400, "invalid_request", "'code' must be a string"),
        ("POST", "/api/v1/pair", {"code": "1"}, 401, "invalid_code", "wrong pairing code"),
        ("POST", "/api/v1/mode", {"pad": "x" * 70_000}, 413, "invalid_request", "Too Large"),
        ("GET", "/api/v1/events?since=-1", None, 400, "invalid_request", "'since' must be"),
        ("GET", "/api/v1/events?since=5", None, 409, "cursor_ahead", "newest is 0"),
        ("GET", "/api/v1/events/poll?timeout=99", None, 400, "invalid_request", "'timeout'"),
        ("GET", "/api/v1/events/poll?timeout=x", None, 400, "invalid_request", "'timeout'"),
        ("POST", "/sim/scan", {"code": 5}, 400, "invalid_request", "'code' must be a string"),
        ("POST", "/sim/door", {"open": "yes"}, 400, "invalid_request", "'open' must be true"),
        ("POST", "/sim/reader", {"health": "meh"}, 400, "invalid_request", "one of ok, fault"),
        ("POST", "/sim/tamper", {"detail": 3}, 400, "invalid_request", "'detail' must be a str"),
        (
            "POST",
            "/sim/verdict",
            {"result": "granted", "subject": "s", "provider": "p"},
            400,
            "invalid_request",
            "(verdict) data: missing field 'adult'",
        ),
        ("POST", "/sim/faults", {"warp": 1}, 400, "invalid_request", "unknown fault(s): warp"),
        ("POST", "/sim/faults", {"stall": 1}, 400, "invalid_request", "'stall' must be true"),
        ("POST", "/sim/faults", {"delay_ms": -1}, 400, "invalid_request", "'delay_ms' must be"),
        ("POST", "/sim/faults", {"drop_now": 1}, 400, "invalid_request", "'drop_now' must be"),
        ("POST", "/sim/faults", {"malformed_now": -1}, 400, "invalid_request", "'malformed_now'"),
        ("POST", "/sim/restart", {"down_seconds": 61}, 400, "invalid_request", "from 0 to 60"),
    ],
)
async def test_error_bodies(
    device: RunningDevice,
    session: aiohttp.ClientSession,
    token: str,
    method: str,
    path: str,
    body: object,
    status: int,
    error: str,
    message: str,
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    data, json_body = (body, None) if isinstance(body, str) else (None, body)
    async with session.request(
        method, f"{device.url}{path}", headers=headers, data=data, json=json_body
    ) as resp:
        assert resp.status == status
        answer = await resp.json()
    assert answer["error"] == error
    assert message in answer["message"]


class MisbehavingDevice:
    """A real HTTP server answering what the reference device never would."""

    def __init__(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.status, self.body, self.headers = status, body, headers or {}

    async def handle(self, _: web.Request) -> web.Response:
        return web.Response(status=self.status, body=self.body, headers=self.headers)


@pytest.mark.parametrize(
    ("status", "body", "headers", "error", "match"),
    [
        (200, b"<html>", {}, DoorResponseError, "sent a body that is not JSON"),
        (200, b"[]", {}, DoorResponseError, "sent an invalid info: info must be a JSON object"),
        (
            500,
            b'{"error": "internal", "message": "boom"}',
            {},
            DoorResponseError,
            r"500 \(internal\): boom",
        ),
        (503, b"down", {}, DoorResponseError, "HTTP 503: down"),
        (502, b"", {}, DoorResponseError, "HTTP 502: no message"),
        (418, b'["x"]', {}, DoorResponseError, r"HTTP 418: \['x'\]"),
        (429, b"{}", {"Retry-After": "soon"}, DoorRateLimitedError, "try again in 60 s"),
        (429, b"{}", {"Retry-After": "-5"}, DoorRateLimitedError, "try again in 60 s"),
    ],
)
async def test_unexpected_answers_become_response_errors(
    session: aiohttp.ClientSession,
    unused_tcp_port: int,
    status: int,
    body: bytes,
    headers: dict[str, str],
    error: type[Exception],
    match: str,
) -> None:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", MisbehavingDevice(status, body, headers).handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, HOST, unused_tcp_port).start()
    try:
        with pytest.raises(error, match=match):
            await make_client(session, unused_tcp_port, "t").info()
    finally:
        await runner.cleanup()


async def test_pair_without_token_in_answer(
    session: aiohttp.ClientSession, unused_tcp_port: int
) -> None:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", MisbehavingDevice(200, b'{"token": ""}').handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, HOST, unused_tcp_port).start()
    try:
        with pytest.raises(DoorResponseError, match="answered pairing without a token"):
            await DoorClient.pair(session, HOST, unused_tcp_port, "1")
        client = make_client(session, unused_tcp_port, "t")
        with pytest.raises(DoorResponseError, match="invalid state: state: missing field 'mode'"):
            await client.state()
        assert (client.host, client.port) == (HOST, unused_tcp_port)
    finally:
        await runner.cleanup()
