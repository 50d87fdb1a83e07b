"""The HTTP and WebSocket API (documented in docs/engine-api.md)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import hmac
import json
import logging
from typing import Final

from aiohttp import WSMsgType, web

from .annotate import annotate, encode_jpeg
from .config import ConfigError, parse_camera
from .engine import CameraExistsError, CameraNotFoundError, Engine
from .events import Event
from .pipeline import CameraPipeline

_LOGGER = logging.getLogger(__name__)

ENGINE_KEY: Final = web.AppKey("engine", Engine)
STOPPING_KEY: Final = web.AppKey("stopping", asyncio.Event)
_BOUNDARY: Final = "frame"
_MAX_BODY: Final = 256 * 1024

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": message, "code": code}, status=status)


@web.middleware
async def _auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    engine = request.app[ENGINE_KEY]
    header = request.headers.get("Authorization", "")
    scheme, _, supplied = header.partition(" ")
    expected = engine.settings.token.encode()
    # Constant-time, so response timing does not reveal how much of a guess was right.
    if scheme.lower() != "bearer" or not hmac.compare_digest(supplied.strip().encode(), expected):
        return web.json_response(
            {
                "error": "missing or wrong token (send Authorization: Bearer <token>)",
                "code": "auth",
            },
            status=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    return await handler(request)


@web.middleware
async def _errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except CameraNotFoundError as err:
        return _error(404, "not_found", str(err))
    except CameraExistsError as err:
        return _error(409, "exists", str(err))
    except ConfigError as err:
        return _error(400, "invalid", str(err))


async def _json_body(request: web.Request) -> object:
    if request.content_type != "application/json":
        raise ConfigError("the body must be JSON (Content-Type: application/json)")
    if request.content_length is not None and request.content_length > _MAX_BODY:
        raise ConfigError(f"the body is larger than {_MAX_BODY} bytes")
    try:
        return json.loads(await request.text())
    except ValueError as err:
        raise ConfigError(f"the body is not valid JSON: {err}") from err


def _flag(request: web.Request, name: str) -> bool:
    value = request.query.get(name, "0").lower()
    if value in {"1", "true", "yes"}:
        return True
    if value in {"0", "false", "no", ""}:
        return False
    raise ConfigError(f"query parameter {name} must be 1 or 0, got {value!r}")


async def _info(request: web.Request) -> web.Response:
    return web.json_response(request.app[ENGINE_KEY].info())


async def _health(request: web.Request) -> web.Response:
    return web.json_response(request.app[ENGINE_KEY].health())


async def _list_cameras(request: web.Request) -> web.Response:
    engine = request.app[ENGINE_KEY]
    return web.json_response([p.config.to_dict() for p in engine.cameras.values()])


async def _add_camera(request: web.Request) -> web.Response:
    config = parse_camera(await _json_body(request))
    await request.app[ENGINE_KEY].add_camera(config)
    return web.json_response(config.to_dict(), status=201)


async def _get_camera(request: web.Request) -> web.Response:
    pipeline = request.app[ENGINE_KEY].camera(request.match_info["camera_id"])
    return web.json_response(pipeline.config.to_dict())


async def _update_camera(request: web.Request) -> web.Response:
    camera_id = request.match_info["camera_id"]
    engine = request.app[ENGINE_KEY]
    engine.camera(camera_id)
    config = parse_camera(await _json_body(request), camera_id)
    reopened = await engine.update_camera(config)
    return web.json_response({**config.to_dict(), "reopened": reopened})


async def _remove_camera(request: web.Request) -> web.Response:
    await request.app[ENGINE_KEY].remove_camera(request.match_info["camera_id"])
    return web.Response(status=204)


async def _camera_state(request: web.Request) -> web.Response:
    pipeline = request.app[ENGINE_KEY].camera(request.match_info["camera_id"])
    _, state, seq = pipeline.latest()
    return web.json_response({"frame": None, **state, "seq": seq, "health": pipeline.health()})


async def _frame_jpeg(
    request: web.Request, pipeline: CameraPipeline, annotated: bool
) -> tuple[bytes, int] | None:
    frame, state, seq = pipeline.latest()
    if frame is None:
        return None
    config = pipeline.config

    def render() -> bytes:
        return encode_jpeg(annotate(frame, config, state) if annotated else frame)

    # Drawing and encoding cost a few milliseconds: off the loop, like all pixel work.
    engine = request.app[ENGINE_KEY]
    return await asyncio.get_running_loop().run_in_executor(engine.executor, render), seq


async def _snapshot(request: web.Request) -> web.Response:
    camera_id = request.match_info["camera_id"]
    pipeline = request.app[ENGINE_KEY].camera(camera_id)
    rendered = await _frame_jpeg(request, pipeline, _flag(request, "annotated"))
    if rendered is None:
        return _error(503, "no_frame", f"camera {camera_id!r} has not delivered a frame yet")
    return web.Response(body=rendered[0], content_type="image/jpeg")


async def _mjpeg(request: web.Request) -> web.StreamResponse:
    engine = request.app[ENGINE_KEY]
    pipeline = engine.camera(request.match_info["camera_id"])
    annotated = _flag(request, "annotated")
    stopping = request.app[STOPPING_KEY]
    response = web.StreamResponse(
        headers={"Content-Type": f"multipart/x-mixed-replace; boundary={_BOUNDARY}"}
    )
    await response.prepare(request)
    last = -1
    interval = 0.5 / pipeline.people_fps
    while not stopping.is_set() and pipeline.config.id in engine.cameras:
        rendered = None
        if pipeline.frame_seq != last:
            rendered = await _frame_jpeg(request, pipeline, annotated)
        if rendered is None or rendered[1] == last:
            await asyncio.sleep(interval)
            continue
        data, last = rendered
        try:
            head = (
                f"--{_BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(data)}\r\n\r\n"
            )
            await response.write(head.encode() + data + b"\r\n")
        except (ConnectionResetError, RuntimeError):
            break
    return response


async def _get_store(request: web.Request) -> web.Response:
    return web.json_response({"closed": request.app[ENGINE_KEY].closed})


async def _set_store(request: web.Request) -> web.Response:
    body = await _json_body(request)
    if not isinstance(body, dict) or not isinstance(body.get("closed"), bool) or len(body) != 1:
        raise ConfigError('the body must be {"closed": true} or {"closed": false}')
    engine = request.app[ENGINE_KEY]
    engine.set_closed(body["closed"])
    return web.json_response({"closed": engine.closed})


async def _recent_events(request: web.Request) -> web.Response:
    engine = request.app[ENGINE_KEY]
    camera_id = request.query.get("camera")
    raw = request.query.get("limit", "100")
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 1000:
        raise ConfigError("query parameter limit must be an integer from 1 to 1000")
    events = engine.log.recent(camera_id, int(raw))
    return web.json_response([e.to_dict() for e in events])


async def _events_ws(request: web.Request) -> web.WebSocketResponse:
    engine = request.app[ENGINE_KEY]
    since = request.query.get("since")
    # A short close timeout: a client that stopped reading must not hold up shutdown.
    ws = web.WebSocketResponse(heartbeat=30, timeout=1.0)
    await ws.prepare(request)
    # Subscribe before reading the backlog: an event that lands in between is then in both,
    # and the seq check below drops the second copy instead of losing it.
    sub = engine.log.subscribe()
    try:
        status, replay = engine.log.since(since)
        await ws.send_json(
            {"type": "hello", "boot": engine.log.boot, "latest": engine.log.latest_cursor}
        )
        if status != "ok":
            oldest = f"{engine.log.boot}:{engine.log.oldest_seq}"
            await ws.send_json({"type": f"cursor_{status}", "requested": since, "oldest": oldest})
        sent = 0
        for event in replay:
            await ws.send_json({"type": "event", "event": event.to_dict()})
            sent = event.seq
        reader = asyncio.create_task(_drain(ws))
        stopping = asyncio.create_task(request.app[STOPPING_KEY].wait())
        try:
            while not ws.closed:
                getter: asyncio.Task[Event] = asyncio.create_task(sub.queue.get())
                done, _ = await asyncio.wait(
                    {getter, reader, stopping}, return_when=asyncio.FIRST_COMPLETED
                )
                if getter not in done:
                    getter.cancel()
                    break
                event = getter.result()
                if event.seq <= sent:
                    continue
                await ws.send_json({"type": "event", "event": event.to_dict()})
                sent = event.seq
                if sub.overflowed and sub.queue.empty():
                    await ws.close(code=1013, message=b"too far behind; reconnect with a cursor")
        finally:
            reader.cancel()
            stopping.cancel()
            await asyncio.gather(reader, stopping, return_exceptions=True)
    finally:
        engine.log.unsubscribe(sub)
        await ws.close()
    return ws


async def _drain(ws: web.WebSocketResponse) -> None:
    # The stream is one-way; reading is how a close from the client is noticed.
    async for message in ws:
        if message.type == WSMsgType.ERROR:
            break


def create_app(engine: Engine) -> web.Application:
    """The aiohttp application; the caller starts and stops the engine around it."""
    app = web.Application(middlewares=[_auth, _errors], client_max_size=_MAX_BODY)
    app[ENGINE_KEY] = engine
    app[STOPPING_KEY] = asyncio.Event()

    async def _on_shutdown(app: web.Application) -> None:
        app[STOPPING_KEY].set()

    # aiohttp 3.11 types its signals for aiosignal<1.4; the callback itself is the documented kind.
    app.on_shutdown.append(_on_shutdown)  # type: ignore[arg-type]
    app.router.add_get("/api/info", _info)
    app.router.add_get("/api/health", _health)
    app.router.add_get("/api/cameras", _list_cameras)
    app.router.add_post("/api/cameras", _add_camera)
    app.router.add_get("/api/cameras/{camera_id}", _get_camera)
    app.router.add_put("/api/cameras/{camera_id}", _update_camera)
    app.router.add_delete("/api/cameras/{camera_id}", _remove_camera)
    app.router.add_get("/api/cameras/{camera_id}/state", _camera_state)
    app.router.add_get("/api/cameras/{camera_id}/snapshot.jpg", _snapshot)
    app.router.add_get("/api/cameras/{camera_id}/stream.mjpeg", _mjpeg)
    app.router.add_get("/api/store", _get_store)
    app.router.add_put("/api/store", _set_store)
    app.router.add_get("/api/events", _recent_events)
    app.router.add_get("/api/events/stream", _events_ws)
    return app
