"""The async client of one door device (protocol v1, docs/door-protocol.md)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable, Mapping
from datetime import UTC, datetime
import json
import logging
import math
import random
from typing import Final

import aiohttp
from yarl import URL

from .const import (
    API_PREFIX,
    MAX_UNLOCK_SECONDS,
    MIN_UNLOCK_SECONDS,
    DoorMode,
    ErrorCode,
    EventType,
)
from .errors import (
    DoorAuthenticationError,
    DoorConnectionError,
    DoorRateLimitedError,
    DoorResponseError,
    MalformedEventError,
    MalformedMessageError,
)
from .models import (
    DeviceInfo,
    DoorEvent,
    DoorState,
    GapData,
    StreamGap,
    StreamHello,
    parse_device_info,
    parse_door_state,
    parse_frame,
)

_LOGGER: Final = logging.getLogger(__name__)

DEFAULT_REQUEST_TIMEOUT: Final = 10.0
DEFAULT_HEARTBEAT: Final = 20.0
DEFAULT_RECONNECT_MIN: Final = 0.5
DEFAULT_RECONNECT_MAX: Final = 30.0
# A log line should identify a bad frame, not reproduce a megabyte of it.
_FRAME_LOG_CHARS: Final = 200


def _base_url(host: str, port: int) -> URL:
    return URL.build(scheme="http", host=host, port=port, path=API_PREFIX)


def _error_details(body: bytes) -> tuple[str | None, str]:
    """The `error` code and `message` of an error body, tolerating any body at all."""
    try:
        obj = json.loads(body)
    except (ValueError, RecursionError):
        return None, body[:200].decode("utf-8", "replace")
    if not isinstance(obj, dict):
        return None, str(obj)[:200]
    code, message = obj.get("error"), obj.get("message")
    return (
        code if isinstance(code, str) else None,
        message if isinstance(message, str) else "",
    )


def _retry_after(headers: Mapping[str, str]) -> float:
    try:
        seconds = float(headers.get("Retry-After", "60"))
    except ValueError:
        return 60.0
    return seconds if math.isfinite(seconds) and seconds >= 0 else 60.0


async def _request(
    session: aiohttp.ClientSession,
    url: URL,
    method: str,
    *,
    token: str | None,
    payload: Mapping[str, object] | None,
    time_limit: float,
) -> object:
    """Send one API request and return its decoded JSON body, mapping failures to errors."""
    where = f"{url.host}:{url.port}"
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    try:
        async with (
            asyncio.timeout(time_limit),
            session.request(method, url, json=payload, headers=headers) as response,
        ):
            status = response.status
            body = await response.read()
    except TimeoutError as err:
        raise DoorConnectionError(
            f"Door device at {where} did not answer {method} {url.path} within {time_limit:g} s"
        ) from err
    except aiohttp.ClientError as err:
        raise DoorConnectionError(f"Cannot reach door device at {where}: {err}") from err

    if status == 200:
        try:
            return json.loads(body)
        except (ValueError, RecursionError):
            raise DoorResponseError(
                f"Door device at {where} sent a body that is not JSON for {method} {url.path}",
                status=status,
            ) from None
    code, message = _error_details(body)
    if status == 401:
        if code == ErrorCode.INVALID_CODE:
            raise DoorAuthenticationError(f"Door device at {where} rejected the pairing code")
        raise DoorAuthenticationError(
            f"Door device at {where} rejected the access token; pair the device again"
        )
    if status == 429:
        retry_after = _retry_after(response.headers)
        raise DoorRateLimitedError(
            f"Door device at {where} refuses pairing after too many wrong codes; "
            f"try again in {retry_after:g} s",
            retry_after=retry_after,
        )
    raise DoorResponseError(
        f"Door device at {where} answered {method} {url.path} with HTTP {status}"
        f"{f' ({code})' if code else ''}: {message or 'no message'}",
        status=status,
        code=code,
    )


class DoorClient:
    """Talks to one paired door device over an injected aiohttp session.

    `events()` is the only long-lived call: it keeps one WebSocket open, reconnects with
    exponential backoff, and resumes from the last cursor it yielded.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        host: str,
        port: int,
        token: str,
        *,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        heartbeat: float = DEFAULT_HEARTBEAT,
        reconnect_min: float = DEFAULT_RECONNECT_MIN,
        reconnect_max: float = DEFAULT_RECONNECT_MAX,
    ) -> None:
        self._session = session
        self._host = host
        self._port = port
        self._token = token
        self._base = _base_url(host, port)
        self._request_timeout = request_timeout
        self._heartbeat = heartbeat
        self._reconnect_min = reconnect_min
        self._reconnect_max = reconnect_max
        self.malformed_events = 0
        """Frames rejected as malformed since this client was made."""
        self.reconnects = 0
        """Times the event stream was lost and opened again."""
        self.last_cursor: int | None = None
        """Cursor of the last event `events()` yielded, for the caller to persist."""
        self.connected = False
        """Whether the event stream is open right now."""
        self.on_connection_change: Callable[[bool], None] | None = None
        """Called with the new value whenever `connected` changes."""

    def _set_connected(self, connected: bool) -> None:
        if connected != self.connected:
            self.connected = connected
            if self.on_connection_change is not None:
                self.on_connection_change(connected)

    @property
    def host(self) -> str:
        """The device's host."""
        return self._host

    @property
    def port(self) -> int:
        """The device's port."""
        return self._port

    @classmethod
    async def pair(
        cls,
        session: aiohttp.ClientSession,
        host: str,
        port: int,
        code: str,
        *,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
    ) -> str:
        """Exchange the pairing code the device shows for an access token."""
        body = await _request(
            session,
            _base_url(host, port) / "pair",
            "POST",
            token=None,
            payload={"code": code},
            time_limit=request_timeout,
        )
        token = body.get("token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise DoorResponseError(
                f"Door device at {host}:{port} answered pairing without a token", status=200
            )
        return token

    async def _call(
        self, method: str, endpoint: str, payload: Mapping[str, object] | None = None
    ) -> object:
        return await _request(
            self._session,
            self._base / endpoint,
            method,
            token=self._token,
            payload=payload,
            time_limit=self._request_timeout,
        )

    def _invalid(self, what: str, err: MalformedMessageError) -> DoorResponseError:
        return DoorResponseError(
            f"Door device at {self._host}:{self._port} sent an invalid {what}: {err.reason}",
            status=200,
        )

    async def info(self) -> DeviceInfo:
        """Device id, model, firmware and API version."""
        try:
            return parse_device_info(await self._call("GET", "info"))
        except MalformedMessageError as err:
            raise self._invalid("info", err) from err

    async def _state(
        self, method: str, endpoint: str, payload: Mapping[str, object] | None
    ) -> DoorState:
        try:
            return parse_door_state(await self._call(method, endpoint, payload))
        except MalformedMessageError as err:
            raise self._invalid("state", err) from err

    async def state(self) -> DoorState:
        """Mode, lock, door contact and reader health."""
        return await self._state("GET", "state", None)

    async def set_mode(self, mode: DoorMode) -> DoorState:
        """Switch the door's mode; returns the state after the change."""
        return await self._state("POST", "mode", {"mode": DoorMode(mode).value})

    async def unlock(self, seconds: float) -> DoorState:
        """Unlock for `seconds`, then the device relocks by itself."""
        if not MIN_UNLOCK_SECONDS <= seconds <= MAX_UNLOCK_SECONDS:
            raise ValueError(
                f"unlock seconds must be between {MIN_UNLOCK_SECONDS:g} and "
                f"{MAX_UNLOCK_SECONDS:g}, not {seconds!r}"
            )
        return await self._state("POST", "unlock", {"seconds": seconds})

    def _reject(self, reason: str, text: str) -> None:
        self.malformed_events += 1
        _LOGGER.warning(
            "Rejected malformed event from door device %s:%s (%d so far): %s; frame: %r",
            self._host,
            self._port,
            self.malformed_events,
            reason,
            text[:_FRAME_LOG_CHARS],
        )

    async def _connect(self, cursor: int | None) -> aiohttp.ClientWebSocketResponse:
        url = self._base / "events"
        if cursor is not None:
            url = url.with_query(since=cursor)
        where = f"{self._host}:{self._port}"
        try:
            # The handshake would otherwise wait on the session's default timeout (5 min).
            async with asyncio.timeout(self._request_timeout):
                return await self._session.ws_connect(
                    url,
                    headers={"Authorization": f"Bearer {self._token}"},
                    autoping=False,
                    # Closing politely must not hang on a device that went silent.
                    timeout=aiohttp.ClientWSTimeout(ws_close=self._request_timeout),
                )
        except aiohttp.WSServerHandshakeError as err:
            if err.status == 401:
                raise DoorAuthenticationError(
                    f"Door device at {where} rejected the access token; pair the device again"
                ) from err
            if err.status == 409:
                raise DoorResponseError(
                    f"Door device at {where} holds no event after cursor {cursor}: its event "
                    "history was reset; resume without a cursor",
                    status=409,
                    code=ErrorCode.CURSOR_AHEAD,
                ) from err
            if 400 <= err.status < 500:
                raise DoorResponseError(
                    f"Door device at {where} refused the event stream with HTTP {err.status}",
                    status=err.status,
                ) from err
            raise DoorConnectionError(
                f"Door device at {where} failed to open the event stream: HTTP {err.status}"
            ) from err
        except TimeoutError as err:
            raise DoorConnectionError(
                f"Door device at {where} did not open the event stream within "
                f"{self._request_timeout:g} s"
            ) from err
        except aiohttp.ClientError as err:
            raise DoorConnectionError(f"Cannot reach door device at {where}: {err}") from err

    async def _receive_text(self, ws: aiohttp.ClientWebSocketResponse) -> str | None:
        """The next text frame; None once the stream ended or the device fell silent.

        Liveness is checked here rather than with aiohttp's `heartbeat`, whose timer outlives
        a connection it closed (aiohttp 3.11): after `heartbeat` seconds of silence a ping
        goes out, and a device that answers nothing for another `heartbeat` seconds is gone.
        """
        pinged = False
        while True:
            try:
                message = await ws.receive(timeout=self._heartbeat)
            except TimeoutError:
                if pinged:
                    _LOGGER.warning(
                        "Door device %s:%s stopped answering on its event stream",
                        self._host,
                        self._port,
                    )
                    return None
                try:
                    await ws.ping()
                except (aiohttp.ClientError, ConnectionResetError):
                    return None
                pinged = True
                continue
            pinged = False
            match message.type:
                case aiohttp.WSMsgType.TEXT:
                    text: str = message.data
                    return text
                case aiohttp.WSMsgType.PING:
                    try:
                        await ws.pong(message.data)
                    except (aiohttp.ClientError, ConnectionResetError):
                        return None
                case aiohttp.WSMsgType.PONG:
                    pass
                case aiohttp.WSMsgType.BINARY:
                    self._reject("binary frame", repr(message.data))
                case _:
                    return None

    async def events(self, since: int | None = None) -> AsyncGenerator[DoorEvent]:
        """Yield events after cursor `since` (None: from now on), forever.

        Drops and device restarts are survived: the stream reopens after a backoff and asks
        for the events after the last cursor it yielded, so none is lost (unless the device
        dropped them, which yields one `gap` event) and none repeats. Malformed frames are
        logged, counted in `malformed_events` and skipped. Raises only
        `DoorAuthenticationError` (pair again) and `DoorResponseError` (the device refuses the
        stream for good). Close it with `contextlib.aclosing` when done.
        """
        if since is not None and (isinstance(since, bool) or since < 0):
            raise ValueError(f"since must be a cursor >= 0 or None, not {since!r}")
        cursor = since
        delay = self._reconnect_min
        while True:
            try:
                ws = await self._connect(cursor)
            except DoorConnectionError as err:
                _LOGGER.warning("%s; retrying in %.1f s", err, delay)
            else:
                try:
                    while (text := await self._receive_text(ws)) is not None:
                        try:
                            frame = parse_frame(text)
                        except MalformedEventError as err:
                            self._reject(err.reason, text)
                            continue
                        match frame:
                            case StreamHello(latest=latest):
                                delay = self._reconnect_min
                                self._set_connected(True)
                                if cursor is None:
                                    cursor = latest
                            case StreamGap(oldest=oldest):
                                if cursor is None or oldest - 1 <= cursor:
                                    continue
                                _LOGGER.warning(
                                    "Door device %s:%s no longer holds events %d to %d: lost",
                                    self._host,
                                    self._port,
                                    cursor + 1,
                                    oldest - 1,
                                )
                                gap = DoorEvent(
                                    cursor=oldest - 1,
                                    type=EventType.GAP,
                                    time=datetime.now(UTC),
                                    data=GapData(since=cursor, oldest=oldest),
                                )
                                cursor = self.last_cursor = gap.cursor
                                yield gap
                            case DoorEvent():
                                if cursor is not None and frame.cursor <= cursor:
                                    _LOGGER.debug("Skipping repeated event %d", frame.cursor)
                                    continue
                                cursor = self.last_cursor = frame.cursor
                                yield frame
                finally:
                    self._set_connected(False)
                    await ws.close()
                self.reconnects += 1
                _LOGGER.info(
                    "Event stream of door device %s:%s closed; reopening in %.1f s",
                    self._host,
                    self._port,
                    delay,
                )
            # Jitter keeps many clients from hammering a rebooted device in lockstep.
            await asyncio.sleep(delay * random.uniform(0.5, 1.0))  # noqa: S311
            delay = min(delay * 2, self._reconnect_max)
