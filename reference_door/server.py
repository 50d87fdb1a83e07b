"""The HTTP side of the reference device: protocol v1 under /api/v1, simulation under /sim."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
import json
import logging
import math
from typing import Final

from aiohttp import WSCloseCode, WSMsgType, web

from custom_components.unmanned_store.clients.door import (
    API_PREFIX,
    MAX_CODE_LENGTH,
    MAX_CURSOR,
    MAX_POLL_TIMEOUT,
    MAX_UNLOCK_SECONDS,
    MIN_UNLOCK_SECONDS,
    ControlType,
    DoorMode,
    ErrorCode,
    EventType,
    MalformedEventError,
    ReaderHealth,
    TamperData,
    VerdictData,
    device_info_to_json,
    door_state_to_json,
    parse_event,
)

from .device import Device, PairingLockedError, Subscriber, WrongPairingCodeError

_LOGGER: Final = logging.getLogger(__name__)

# Requests are tiny; a bigger body is an attack or a bug.
MAX_BODY_BYTES: Final = 64 * 1024
MAX_POLL_EVENTS: Final = 500
DEFAULT_POLL_TIMEOUT: Final = 30.0

type RestartHook = Callable[[float], None]


class ApiError(Exception):
    """A refusal the middleware turns into the protocol's JSON error body."""

    def __init__(self, status: int, code: ErrorCode, message: str, **headers: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def _error(status: int, code: ErrorCode, message: str, **headers: str) -> ApiError:
    return ApiError(status, code, message, **headers)


def _error_response(error: ApiError) -> web.Response:
    return web.json_response(
        {"error": error.code.value, "message": error.message},
        status=error.status,
        headers=error.headers or None,
    )


def _bad_request(message: str) -> ApiError:
    return _error(400, ErrorCode.INVALID_REQUEST, message)


def _json(obj: object, status: int = 200) -> web.Response:
    return web.json_response(obj, status=status)


async def _body(request: web.Request) -> dict[str, object]:
    try:
        body = await request.json()
    except ValueError:
        raise _bad_request("the request body must be JSON") from None
    if not isinstance(body, dict):
        raise _bad_request("the request body must be a JSON object")
    return body


def _number(body: dict[str, object], key: str, low: float, high: float) -> float:
    value = body.get(key)
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not math.isfinite(value)
        or not low <= value <= high
    ):
        raise _bad_request(f"'{key}' must be a number from {low:g} to {high:g}")
    return float(value)


def _cursor_param(request: web.Request) -> int | None:
    raw = request.query.get("since")
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) > MAX_CURSOR:
        raise _bad_request(f"'since' must be a cursor from 0 to {MAX_CURSOR}")
    return int(raw)


def _event_data[T](event_type: EventType, body: dict[str, object], kind: type[T]) -> T:
    """Validate a simulated event's data with the client's own parser, so both agree."""
    try:
        event = parse_event(
            {
                "cursor": 1,
                "type": event_type.value,
                "time": datetime.now(UTC).isoformat(),
                "data": body,
            }
        )
    except MalformedEventError as err:
        raise _bad_request(err.reason.replace("event 1 ", "")) from None
    assert isinstance(event.data, kind)
    return event.data


class DeviceServer:
    """Builds the aiohttp application for one `Device`."""

    def __init__(self, device: Device, restart: RestartHook) -> None:
        self._device = device
        self._restart = restart

    def app(self) -> web.Application:
        """The application with every route."""
        app = web.Application(middlewares=[self._middleware], client_max_size=MAX_BODY_BYTES)
        api = API_PREFIX
        app.router.add_get(f"{api}/info", self._info)
        app.router.add_get(f"{api}/state", self._state)
        app.router.add_post(f"{api}/mode", self._mode)
        app.router.add_post(f"{api}/unlock", self._unlock)
        app.router.add_post(f"{api}/pair", self._pair)
        app.router.add_get(f"{api}/events", self._events)
        app.router.add_get(f"{api}/events/poll", self._poll)
        app.router.add_post("/sim/scan", self._sim_scan)
        app.router.add_post("/sim/door", self._sim_door)
        app.router.add_post("/sim/tamper", self._sim_tamper)
        app.router.add_post("/sim/verdict", self._sim_verdict)
        app.router.add_post("/sim/reader", self._sim_reader)
        app.router.add_post("/sim/faults", self._sim_faults)
        app.router.add_post("/sim/restart", self._sim_restart)
        return app

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        device = self._device
        if request.path.startswith(API_PREFIX):
            if device.faults.stall:
                await device.unstalled.wait()
            if device.faults.delay_ms:
                await asyncio.sleep(device.faults.delay_ms / 1000)
        try:
            return await handler(request)
        except ApiError as error:
            return _error_response(error)
        except web.HTTPException as exc:
            # aiohttp's own refusals (no route, wrong method, body too large) get our shape too.
            code = {
                404: ErrorCode.NOT_FOUND,
                405: ErrorCode.METHOD_NOT_ALLOWED,
            }.get(exc.status, ErrorCode.INVALID_REQUEST)
            return _error_response(ApiError(exc.status, code, exc.reason))
        except Exception:
            _LOGGER.exception("Request %s %s failed", request.method, request.path)
            return _error_response(
                ApiError(500, ErrorCode.INTERNAL, "the device failed; see its log")
            )

    def _authorize(self, request: web.Request) -> None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not self._device.identity.token_matches(token.strip()):
            raise _error(
                401,
                ErrorCode.UNAUTHORIZED,
                "missing or wrong access token; pair the device to get one",
                **{"WWW-Authenticate": "Bearer"},
            )

    async def _info(self, request: web.Request) -> web.Response:
        self._authorize(request)
        return _json(device_info_to_json(self._device.info))

    async def _state(self, request: web.Request) -> web.Response:
        self._authorize(request)
        return _json(door_state_to_json(self._device.state))

    async def _mode(self, request: web.Request) -> web.Response:
        self._authorize(request)
        body = await _body(request)
        mode = body.get("mode")
        if not isinstance(mode, str) or mode not in set(DoorMode):
            modes = ", ".join(DoorMode)
            raise _bad_request(f"'mode' must be one of {modes}")
        self._device.set_mode(DoorMode(mode))
        return _json(door_state_to_json(self._device.state))

    async def _unlock(self, request: web.Request) -> web.Response:
        self._authorize(request)
        seconds = _number(await _body(request), "seconds", MIN_UNLOCK_SECONDS, MAX_UNLOCK_SECONDS)
        self._device.unlock(seconds)
        return _json(door_state_to_json(self._device.state))

    async def _pair(self, request: web.Request) -> web.Response:
        code = (await _body(request)).get("code")
        if not isinstance(code, str) or not 1 <= len(code) <= 64:
            raise _bad_request("'code' must be a string of 1 to 64 characters")
        try:
            token = self._device.pair(code)
        except PairingLockedError as err:
            retry = max(1, math.ceil(err.retry_after))
            raise _error(
                429,
                ErrorCode.RATE_LIMITED,
                f"too many wrong pairing codes; try again in {retry} s",
                **{"Retry-After": str(retry)},
            ) from None
        except WrongPairingCodeError:
            raise _error(401, ErrorCode.INVALID_CODE, "wrong pairing code") from None
        return _json({"token": token})

    def _check_since(self, request: web.Request) -> int | None:
        since = _cursor_param(request)
        latest = self._device.backlog.latest
        if since is not None and since > latest:
            raise _error(
                409,
                ErrorCode.CURSOR_AHEAD,
                f"no event after cursor {since}: the newest is {latest}; the event history "
                "was reset, so resume without a cursor",
            )
        return since

    async def _events(self, request: web.Request) -> web.WebSocketResponse:
        self._authorize(request)
        since = self._check_since(request)
        device = self._device
        # Pings are answered by hand so that a stalled device can stop answering them.
        ws = web.WebSocketResponse(autoping=False)
        await ws.prepare(request)
        backlog = device.backlog
        position = backlog.latest if since is None else since
        subscriber = Subscriber()
        device.subscribers.add(subscriber)
        reader = asyncio.create_task(self._read(ws, subscriber))
        dropped = False
        try:
            hello = {"type": ControlType.HELLO.value, "latest": backlog.latest}
            await ws.send_json({**hello, "oldest": backlog.oldest})
            dropped = await self._pump(ws, subscriber, position)
            if dropped and request.transport is not None:
                request.transport.abort()
        except ConnectionResetError:
            dropped = True
        finally:
            device.subscribers.discard(subscriber)
            if not dropped:
                await ws.close(code=WSCloseCode.GOING_AWAY if device.closed else WSCloseCode.OK)
            reader.cancel()
            await asyncio.gather(reader, return_exceptions=True)
        return ws

    async def _read(self, ws: web.WebSocketResponse, subscriber: Subscriber) -> None:
        try:
            async for message in ws:
                if message.type is WSMsgType.PING and not self._device.faults.stall:
                    await ws.pong(message.data)
        finally:
            # However the client left, the pump must stop waiting for events to send it.
            subscriber.gone = True
            subscriber.wake.set()

    async def _send(self, ws: web.WebSocketResponse, frame: str) -> None:
        if self._device.faults.delay_ms:
            await asyncio.sleep(self._device.faults.delay_ms / 1000)
        await ws.send_str(frame)

    async def _pump(self, ws: web.WebSocketResponse, subscriber: Subscriber, position: int) -> bool:
        """Send events after `position` until the stream ends; True if it was cut on purpose."""
        device = self._device
        backlog = device.backlog
        sent = 0
        while not (ws.closed or device.closed or subscriber.gone):
            if subscriber.drop_requested:
                return True
            if device.faults.stall:
                subscriber.wake.clear()
                await subscriber.wake.wait()
                continue
            if subscriber.injected:
                await self._send(ws, subscriber.injected.popleft())
                continue
            oldest = backlog.oldest
            if position < oldest - 1:
                gap = {"type": ControlType.GAP.value, "since": position, "oldest": oldest}
                await self._send(ws, json.dumps(gap))
                position = oldest - 1
                continue
            frame = backlog.get(position + 1)
            if frame is None:
                subscriber.wake.clear()
                await subscriber.wake.wait()
                continue
            await self._send(ws, frame)
            position += 1
            sent += 1
            if device.faults.drop_every and sent % device.faults.drop_every == 0:
                return True
        return False

    async def _poll(self, request: web.Request) -> web.Response:
        self._authorize(request)
        since = self._check_since(request)
        raw_timeout = request.query.get("timeout", str(DEFAULT_POLL_TIMEOUT))
        try:
            timeout = float(raw_timeout)
        except ValueError:
            timeout = -1.0
        if not 0 <= timeout <= MAX_POLL_TIMEOUT:
            raise _bad_request(
                f"'timeout' must be a number of seconds from 0 to {MAX_POLL_TIMEOUT:g}"
            )
        device = self._device
        backlog = device.backlog
        position = backlog.latest if since is None else since
        subscriber = Subscriber()
        device.subscribers.add(subscriber)
        gap: dict[str, int] | None = None
        try:
            async with asyncio.timeout(timeout):
                while position >= backlog.latest and not device.closed:
                    subscriber.wake.clear()
                    await subscriber.wake.wait()
        except TimeoutError:
            pass
        finally:
            device.subscribers.discard(subscriber)
        if position < backlog.oldest - 1:
            gap = {"since": position, "oldest": backlog.oldest}
            position = backlog.oldest - 1
        frames: list[str] = []
        while len(frames) < MAX_POLL_EVENTS and (frame := backlog.get(position + 1)) is not None:
            frames.append(frame)
            position += 1
        head = json.dumps({"latest": backlog.latest, "oldest": backlog.oldest, "gap": gap})
        # Frames are stored as JSON text already; splice them in rather than re-encode.
        return web.Response(
            text=f'{head[:-1]},"events":[{",".join(frames)}]}}', content_type="application/json"
        )

    async def _sim_scan(self, request: web.Request) -> web.Response:
        code = (await _body(request)).get("code")
        if not isinstance(code, str) or not 1 <= len(code) <= MAX_CODE_LENGTH:
            raise _bad_request(f"'code' must be a string of 1 to {MAX_CODE_LENGTH} characters")
        return _json({"cursor": self._device.scan(code)})

    async def _sim_door(self, request: web.Request) -> web.Response:
        is_open = (await _body(request)).get("open")
        if not isinstance(is_open, bool):
            raise _bad_request("'open' must be true or false")
        self._device.set_door(is_open)
        return _json(door_state_to_json(self._device.state))

    async def _sim_tamper(self, request: web.Request) -> web.Response:
        body = {"detail": "", **(await _body(request))}
        detail = _event_data(EventType.TAMPER, body, TamperData).detail
        return _json({"cursor": self._device.tamper(detail)})

    async def _sim_verdict(self, request: web.Request) -> web.Response:
        verdict = _event_data(EventType.VERDICT, await _body(request), VerdictData)
        return _json({"cursor": self._device.verdict(verdict)})

    async def _sim_reader(self, request: web.Request) -> web.Response:
        health = (await _body(request)).get("health")
        if not isinstance(health, str) or health not in set(ReaderHealth):
            raise _bad_request(f"'health' must be one of {', '.join(ReaderHealth)}")
        self._device.set_reader(ReaderHealth(health))
        return _json(door_state_to_json(self._device.state))

    async def _sim_faults(self, request: web.Request) -> web.Response:
        body = await _body(request)
        device = self._device
        try:
            faults = device.faults.updated(body)
        except ValueError as err:
            raise _bad_request(str(err)) from None
        drop_now, malformed_now = body.get("drop_now", False), body.get("malformed_now", 0)
        if not isinstance(drop_now, bool):
            raise _bad_request("'drop_now' must be true or false")
        if (
            not isinstance(malformed_now, int)
            or isinstance(malformed_now, bool)
            or not 0 <= malformed_now <= 1000
        ):
            raise _bad_request("'malformed_now' must be an integer from 0 to 1000")
        device.set_faults(faults)
        device.inject_malformed(malformed_now)
        if drop_now:
            device.drop_streams()
        return web.Response(text=faults.to_json(), content_type="application/json")

    async def _sim_restart(self, request: web.Request) -> web.Response:
        down = _number(await _body(request), "down_seconds", 0, 60)
        self._restart(down)
        return _json({"restarting": True, "down_seconds": down}, status=202)
