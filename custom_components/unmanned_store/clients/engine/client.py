"""Async client of the vision engine's API (unmanned_store_engine, docs/engine-api.md).

Knows nothing of Home Assistant and imports only aiohttp and the standard library, so it can
move to its own PyPI package; the caller injects the aiohttp ClientSession.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
import json
import logging
from typing import Any, Final
from urllib.parse import quote

import aiohttp

_LOGGER = logging.getLogger(__name__)

API_VERSION: Final = 1


class EngineError(Exception):
    """Base of every error this client raises."""


class EngineConnectionError(EngineError):
    """The engine could not be reached or did not answer in time."""


class EngineAuthenticationError(EngineError):
    """The engine refused the token."""


class EngineResponseError(EngineError):
    """The engine answered with an error or with something this client cannot read."""

    def __init__(self, message: str, status: int | None = None, code: str | None = None) -> None:
        """Keep the HTTP status and the engine's error code for callers that branch on them."""
        super().__init__(message)
        self.status = status
        self.code = code


@dataclass(frozen=True, slots=True)
class EngineInfo:
    """Identity of an engine."""

    id: str
    name: str
    version: str
    api: int
    boot: str
    cameras: int
    closed: bool
    # The newest event's cursor; None from an engine older than this field.
    latest: str | None = None


def _integers(value: object, name: str) -> dict[str, int]:
    """An object of integers (a bool is not a count), or TypeError naming the field."""
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
        for k, v in value.items()
    ):
        raise TypeError(f"{name} is not an object of integers")
    return dict(value)


@dataclass(frozen=True, slots=True)
class EngineEvent:
    """One event from the stream; cursor resumes the stream right after it."""

    cursor: str
    camera_id: str
    type: str
    time: datetime
    media_time: float
    zone: str | None = None
    line: str | None = None
    track_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    # Only on `source_ended`: every line's final {"in", "out"} when a file has been played.
    line_counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> EngineEvent:
        """Parse the stream's JSON; raise EngineResponseError naming what is wrong.

        Every field is checked for its type: the values end up in sets, states and
        attributes, where a list instead of a zone name would fail far from here.
        """
        try:
            time = datetime.fromisoformat(_text(raw, "time"))
            if time.tzinfo is None:
                raise ValueError("time without a zone")
            media_time = raw["media_time"]
            if not isinstance(media_time, int | float) or isinstance(media_time, bool):
                raise TypeError("media_time is not a number")
            track_id = raw.get("track_id")
            if track_id is not None and (
                not isinstance(track_id, int) or isinstance(track_id, bool)
            ):
                raise TypeError("track_id is not an integer")
            counts = raw.get("counts") or {}
            line_counts: dict[str, dict[str, int]] = {}
            if raw.get("type") == "source_ended" and isinstance(counts, dict):
                # The one event whose counts are per line: a file's final counts.
                line_counts = {
                    line: _integers(value, f"counts[{line!r}]") for line, value in counts.items()
                }
                counts = {}
            if not isinstance(counts, dict):
                raise TypeError("counts is not an object of integers")
            counts = _integers(counts, "counts")
            data = raw.get("data") or {}
            if not isinstance(data, dict):
                raise TypeError("data is not an object")
            return cls(
                cursor=_text(raw, "cursor"),
                camera_id=_text(raw, "camera_id"),
                type=_text(raw, "type"),
                time=time,
                media_time=float(media_time),
                zone=_optional_text(raw, "zone"),
                line=_optional_text(raw, "line"),
                track_id=track_id,
                counts=counts,
                data=dict(data),
                line_counts=line_counts,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise EngineResponseError(f"malformed event from the engine: {err!r}") from err

    @property
    def position(self) -> tuple[str, int]:
        """(boot, sequence): ordered within one engine run."""
        boot, _, seq = self.cursor.partition(":")
        return boot, int(seq) if seq.isascii() and seq.isdigit() else -1


GapCallback = Callable[[str, str | None], None]


class EngineClient:
    """The engine's HTTP and WebSocket API."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        host: str,
        port: int,
        token: str,
        *,
        request_timeout: float = 10.0,
    ) -> None:
        """Talk to http://host:port with a bearer token over the given session."""
        self._session = session
        self._base = f"http://{host}:{port}"
        self._headers = {"Authorization": f"Bearer {token}"}
        self._timeout = aiohttp.ClientTimeout(total=request_timeout)

    @property
    def base_url(self) -> str:
        """Where the engine is."""
        return self._base

    async def _request(
        self,
        method: str,
        path: str,
        *,
        body: object = None,
        params: Mapping[str, str] | None = None,
    ) -> tuple[int, bytes]:
        url = f"{self._base}{path}"
        try:
            async with self._session.request(
                method,
                url,
                json=body,
                params=params,
                headers=self._headers,
                timeout=self._timeout,
            ) as response:
                payload = await response.read()
                status = response.status
        except TimeoutError as err:
            raise EngineConnectionError(f"timeout talking to the engine at {url}") from err
        except aiohttp.ClientError as err:
            raise EngineConnectionError(f"cannot reach the engine at {url}: {err}") from err
        if status == 401:
            raise EngineAuthenticationError("the engine refused the access token")
        if status >= 400:
            message, code = _error_of(payload)
            raise EngineResponseError(
                f"engine error {status} on {method} {path}: {message}", status, code
            )
        return status, payload

    async def _json(
        self,
        method: str,
        path: str,
        *,
        body: object = None,
        params: Mapping[str, str] | None = None,
    ) -> Any:
        _, payload = await self._request(method, path, body=body, params=params)
        try:
            return json.loads(payload)
        except ValueError as err:
            raise EngineResponseError(f"the engine sent invalid JSON for {path}") from err

    async def _object(self, method: str, path: str, body: object = None) -> dict[str, Any]:
        value = await self._json(method, path, body=body)
        if not isinstance(value, dict):
            raise EngineResponseError(f"the engine sent {type(value).__name__} for {path}")
        return value

    async def info(self) -> EngineInfo:
        """Identity and API version; raises EngineResponseError if the API is unsupported."""
        raw = await self._object("GET", "/api/info")
        try:
            info = EngineInfo(
                id=str(raw["id"]),
                name=str(raw["name"]),
                version=str(raw["version"]),
                api=int(raw["api"]),
                boot=str(raw["boot"]),
                cameras=int(raw["cameras"]),
                closed=bool(raw["closed"]),
                latest=str(raw["latest"]) if raw.get("latest") is not None else None,
            )
        except (KeyError, TypeError, ValueError) as err:
            raise EngineResponseError(f"malformed info from the engine: {err!r}") from err
        if info.api != API_VERSION:
            raise EngineResponseError(
                f"engine speaks API {info.api}, this client speaks {API_VERSION}"
            )
        return info

    async def health(self) -> dict[str, Any]:
        """Overall status and per-camera health (fps in/analysed, last frame age, errors)."""
        return await self._object("GET", "/api/health")

    async def cameras(self) -> list[dict[str, Any]]:
        """Every camera's configuration."""
        value = await self._json("GET", "/api/cameras")
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise EngineResponseError("the engine sent something other than a camera list")
        return value

    async def camera(self, camera_id: str) -> dict[str, Any]:
        """One camera's configuration."""
        return await self._object("GET", f"/api/cameras/{_quote(camera_id)}")

    async def add_camera(self, config: Mapping[str, Any]) -> dict[str, Any]:
        """Add a camera; returns the configuration with defaults filled in."""
        return await self._object("POST", "/api/cameras", dict(config))

    async def update_camera(self, camera_id: str, config: Mapping[str, Any]) -> dict[str, Any]:
        """Replace a camera's configuration; it applies without restarting the engine."""
        return await self._object("PUT", f"/api/cameras/{_quote(camera_id)}", dict(config))

    async def remove_camera(self, camera_id: str) -> None:
        """Remove a camera."""
        await self._request("DELETE", f"/api/cameras/{_quote(camera_id)}")

    async def camera_state(self, camera_id: str) -> dict[str, Any]:
        """Counts, occupancy, alarms, tracks and health of a camera."""
        return await self._object("GET", f"/api/cameras/{_quote(camera_id)}/state")

    async def snapshot(self, camera_id: str, *, annotated: bool = False) -> bytes:
        """The newest analysed frame as JPEG."""
        _, payload = await self._request(
            "GET",
            f"/api/cameras/{_quote(camera_id)}/snapshot.jpg",
            params={"annotated": "1" if annotated else "0"},
        )
        return payload

    async def mjpeg(self, camera_id: str, *, annotated: bool = False) -> aiohttp.ClientResponse:
        """Open a camera's live MJPEG stream; the caller reads it and releases the response."""
        url = f"{self._base}/api/cameras/{_quote(camera_id)}/stream.mjpeg"
        try:
            response = await self._session.get(
                url,
                params={"annotated": "1" if annotated else "0"},
                headers=self._headers,
                # A live stream has no end: only connecting is bounded.
                timeout=aiohttp.ClientTimeout(total=None, connect=self._timeout.total),
            )
        except TimeoutError as err:
            raise EngineConnectionError(f"timeout talking to the engine at {url}") from err
        except aiohttp.ClientError as err:
            raise EngineConnectionError(f"cannot reach the engine at {url}: {err}") from err
        if response.status == 200:
            return response
        payload = await response.read()
        response.release()
        if response.status == 401:
            raise EngineAuthenticationError("the engine refused the access token")
        message, code = _error_of(payload)
        raise EngineResponseError(
            f"engine error {response.status} on GET {url}: {message}", response.status, code
        )

    async def set_store_closed(self, closed: bool) -> bool:
        """Tell the engine whether the shop is closed (after-hours presence is intrusion)."""
        value = await self._object("PUT", "/api/store", {"closed": closed})
        return bool(value.get("closed"))

    async def store_closed(self) -> bool:
        """The engine's current store-closed flag."""
        value = await self._object("GET", "/api/store")
        return bool(value.get("closed"))

    async def events(
        self,
        since: str | None = None,
        *,
        on_gap: GapCallback | None = None,
        backoff_min: float = 1.0,
        backoff_max: float = 30.0,
    ) -> AsyncGenerator[EngineEvent]:
        """Events after cursor `since`, forever; reconnects with backoff and resumes.

        on_gap(kind, cursor) is called when the engine cannot resume exactly: kind is
        "cursor_too_old" (events were dropped from its backlog) or "cursor_unknown" (the
        engine restarted); the stream then continues from the oldest event it still has.
        Raises EngineAuthenticationError if the token is refused.
        """
        cursor = since
        last: tuple[str, int] | None = None
        delay = backoff_min
        while True:
            params = {"since": cursor} if cursor else {}
            try:
                async with self._session.ws_connect(
                    f"{self._base}/api/events/stream",
                    params=params,
                    headers=self._headers,
                    heartbeat=30,
                    timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=5.0),
                ) as ws:
                    delay = backoff_min
                    async for message in ws:
                        if message.type != aiohttp.WSMsgType.TEXT:
                            break
                        event = self._read_message(message.data, cursor, on_gap)
                        if event is None:
                            continue
                        position = event.position
                        if last is not None and position[0] == last[0] and position[1] <= last[1]:
                            continue
                        last = position
                        cursor = event.cursor
                        yield event
            except aiohttp.WSServerHandshakeError as err:
                if err.status == 401:
                    raise EngineAuthenticationError("the engine refused the access token") from err
                # The link reports the engine unavailable once; each retry is a debug line.
                _LOGGER.debug(
                    "engine event stream refused (%s); retrying in %ss", err.status, delay
                )
            except (aiohttp.ClientError, TimeoutError, OSError) as err:
                _LOGGER.debug("engine event stream lost (%s); retrying in %ss", err, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, backoff_max)

    @staticmethod
    def _read_message(
        text: str, cursor: str | None, on_gap: GapCallback | None
    ) -> EngineEvent | None:
        try:
            message = json.loads(text)
            kind = message["type"]
        except (ValueError, TypeError, KeyError, RecursionError):
            kind = None
        if not isinstance(kind, str):
            _LOGGER.warning("ignoring unreadable message from the engine: %.80s", text)
            return None
        if kind == "event":
            try:
                event = message["event"]
                if not isinstance(event, dict):
                    raise EngineResponseError("the event is not an object")
                return EngineEvent.from_dict(event)
            except (EngineResponseError, KeyError) as err:
                _LOGGER.warning("ignoring event: %s", err)
                return None
        if kind in {"cursor_too_old", "cursor_unknown"}:
            # An unknown cursor is a new engine run (a restart): nothing was produced in
            # between. A cursor too old means events were dropped, which is worth a warning.
            _LOGGER.log(
                logging.WARNING if kind == "cursor_too_old" else logging.INFO,
                "engine could not resume from cursor %s exactly (%s)",
                cursor,
                kind,
            )
            if on_gap is not None:
                on_gap(kind, cursor)
        return None


def _text(raw: Mapping[str, Any], key: str) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value:
        raise TypeError(f"{key} is not a non-empty string")
    return value


def _optional_text(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{key} is not a string")
    return value


def _quote(camera_id: str) -> str:
    return quote(camera_id, safe="")


def _error_of(payload: bytes) -> tuple[str, str | None]:
    try:
        value = json.loads(payload)
    except ValueError:
        return payload[:200].decode("utf-8", "replace") or "no details", None
    if isinstance(value, dict) and isinstance(value.get("error"), str):
        code = value.get("code")
        return value["error"], code if isinstance(code, str) else None
    return str(value)[:200], None
