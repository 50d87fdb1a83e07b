"""The store panel's websocket API: cameras, passes and today's log, for owners (admins) only.

Each command does one thing in one way: passes and the visitor log go through the integration's
own actions (issue_pass, list_passes, revoke_pass, get_visits), cameras through the engine link,
exactly as the options flow saves them. Errors carry a translation key the panel shows in the
user's language (frontend/src/strings.json, "error" section).
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable
from functools import wraps
from http import HTTPStatus
import logging
from pathlib import Path
from typing import Any, Final

from aiohttp import web
import voluptuous as vol

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.decorators import (
    async_response,
    require_admin,
    websocket_command,
)
from homeassistant.components.websocket_api.messages import event_message
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.util import dt as dt_util

from .cameras.engine_link import CameraSetupError, EngineLink
from .cameras.geometry import GeometryError
from .cameras.settings import CameraSettings
from .clients.engine.client import EngineError
from .const import DOMAIN
from .door.passes import PassKind, encode_pass, pass_qr_png, pass_qr_svg
from .door.visitor_db import MAX_QUERY_LIMIT, PassRecord, VisitorDBError
from .owner_dashboard import NAMES, entity_keys, owner_view
from .panel_data import (
    line_to_text,
    safe_shapes,
    server_text,
    today_summary,
    visits_csv,
    zones_to_text,
)
from .runtime import StoreConfigEntry, is_store

_LOGGER = logging.getLogger(__name__)

PREFIX: Final = f"{DOMAIN}/panel"
WEEKDAYS: Final = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ENGINE_WAIT_SECONDS: Final = 30.0
REPLAY_TIMEOUT_SECONDS: Final = 600.0
REPLAY_POLL_SECONDS: Final = 0.5
# Containers the engine's FFmpeg reads with their frame timing, including what recorders
# export: MPEG program and transport streams (.mpg, .ts, .m2ts) and older formats (.wmv,
# .flv, .3gp). Not raw H.264 / H.265 streams (.h264, .264): they carry no frame rate that
# OpenCV reads (it assumes 25 fps), so media times and the tracker's pace would be wrong.
CLIP_SUFFIXES: Final = frozenset(
    {
        ".mp4", ".m4v", ".mkv", ".avi", ".mov", ".webm", ".mjpeg", ".mjpg",
        ".mpg", ".mpeg", ".ts", ".mts", ".m2ts", ".wmv", ".flv", ".3gp",
    }
)  # fmt: skip
MAX_CLIPS: Final = 200
# Notify services that are not a phone or a person's inbox.
NOT_TARGETS: Final = frozenset({"send_message", "notify"})
RESULTS: Final = ["granted", "denied", "forced_entry", "door_held_open", "remote_unlock"]

_POINT = vol.All(
    vol.ExactSequence([vol.Coerce(float), vol.Coerce(float)]),
    vol.Length(min=2, max=2),
)
_LINE = vol.Any(None, {vol.Required("p1"): _POINT, vol.Required("p2"): _POINT})
_ZONES = vol.All(
    [
        {
            vol.Required("name"): vol.All(str, vol.Length(max=40)),
            vol.Required("polygon"): vol.All([_POINT], vol.Length(max=64)),
        }
    ],
    vol.Length(max=16),
)
_HHMM = vol.Match(r"^([01]\d|2[0-3]):[0-5]\d$")
_VISIT_FILTERS: dict[str | vol.Marker, Any] = {
    vol.Required("entry_id"): str,
    vol.Optional("result"): vol.In(RESULTS),
    vol.Optional("visitor"): vol.All(str, vol.Length(min=1, max=64)),
    vol.Optional("start"): str,
    vol.Optional("end"): str,
}

type Handler = Callable[[HomeAssistant, ActiveConnection, dict[str, Any]], Awaitable[None]]


class PanelError(HomeAssistantError):
    """An error the panel translates: key and placeholders, and English for the log."""

    def __init__(self, key: str, message: str, **placeholders: str) -> None:
        """Keep the translation key and placeholders beside the English message."""
        super().__init__(message)
        self.key = key
        self.placeholders = placeholders


def _guarded(handler: Handler) -> Handler:
    """Send expected errors with their translation key; anything else is Home Assistant's."""

    @wraps(handler)
    async def wrapper(
        hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
    ) -> None:
        try:
            await handler(hass, connection, msg)
        except PanelError as err:
            _send_error(connection, msg, err.key, str(err), err.placeholders)
        except HomeAssistantError as err:
            if err.translation_key is None:
                raise
            placeholders = {k: str(v) for k, v in (err.translation_placeholders or {}).items()}
            _send_error(connection, msg, err.translation_key, str(err), placeholders)

    return wrapper


def _send_error(
    connection: ActiveConnection,
    msg: dict[str, Any],
    key: str,
    message: str,
    placeholders: dict[str, str],
) -> None:
    _LOGGER.debug("panel command %s refused: %s", msg.get("type"), message)
    connection.send_error(
        msg["id"],
        key,
        message,
        translation_key=key,
        translation_domain=DOMAIN,
        translation_placeholders=placeholders,
    )


# ----- stores -----


def _stores(hass: HomeAssistant) -> list[StoreConfigEntry]:
    return [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if is_store(entry) and entry.state is ConfigEntryState.LOADED
    ]


def _store(hass: HomeAssistant, entry_id: str) -> StoreConfigEntry:
    for entry in _stores(hass):
        if entry.entry_id == entry_id:
            return entry
    raise PanelError("store_not_found", f"no loaded store {entry_id}", entry_id=entry_id)


def _link(entry: StoreConfigEntry) -> EngineLink:
    link = entry.runtime_data.engine
    if link is None:
        raise PanelError("engine_unavailable", "the store has no vision engine")
    return link


def _camera(link: EngineLink, camera_id: str) -> CameraSettings:
    settings = link.cameras.get(camera_id)
    if settings is None:
        raise PanelError("camera_not_found", f"no camera {camera_id}", camera=camera_id)
    return settings


def _camera_dict(settings: CameraSettings) -> dict[str, Any]:
    line, zones = safe_shapes(settings.line, settings.zones)
    return {
        "id": settings.id,
        "name": settings.name,
        "role": settings.role,
        "analytics": settings.analytics,
        "line": line,
        "zones": zones,
    }


@require_admin
@websocket_command({vol.Required("type"): f"{PREFIX}/stores"})
@callback
def ws_stores(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """The loaded stores and their cameras."""
    stores = []
    for entry in _stores(hass):
        link = entry.runtime_data.engine
        stores.append(
            {
                "entry_id": entry.entry_id,
                "name": entry.runtime_data.name,
                "language": entry.runtime_data.language,
                "engine": link is not None and link.available,
                "cameras": []
                if link is None
                else [_camera_dict(settings) for settings in link.cameras.values()],
            }
        )
    connection.send_result(msg["id"], {"stores": stores})


# ----- cameras -----


def _camera_figures(link: EngineLink, camera_id: str) -> dict[str, Any]:
    state = link.states.get(camera_id)
    entries, exits = link.counters_today(camera_id) if state is not None else (0, 0)
    return {
        "available": link.camera_available(camera_id),
        "people": None if state is None else state.people,
        "entries_today": entries,
        "exits_today": exits,
        "zones": {} if state is None else dict(state.zones),
    }


@require_admin
@websocket_command(
    {
        vol.Required("type"): f"{PREFIX}/camera/snapshot",
        vol.Required("entry_id"): str,
        vol.Required("camera_id"): str,
    }
)
@async_response
@_guarded
async def ws_camera_snapshot(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """The camera's newest frame without drawings (the owner draws on it), as base64 JPEG."""
    link = _link(_store(hass, msg["entry_id"]))
    _camera(link, msg["camera_id"])
    image = await link.async_snapshot(msg["camera_id"], annotated=False)
    if image is None:
        raise PanelError("no_snapshot", "the engine has no picture of this camera yet")
    connection.send_result(
        msg["id"],
        {"content_type": "image/jpeg", "image": base64.b64encode(image).decode("ascii")},
    )


def _changed_settings(settings: CameraSettings, msg: dict[str, Any]) -> CameraSettings:
    try:
        line = line_to_text(msg["line"])
        zones = zones_to_text(msg["zones"])
    except GeometryError as err:
        raise PanelError(err.key, str(err), **err.placeholders) from err
    return settings.with_changes(line=line, zones=zones)


@require_admin
@websocket_command(
    {
        vol.Required("type"): f"{PREFIX}/camera/save",
        vol.Required("entry_id"): str,
        vol.Required("camera_id"): str,
        vol.Required("line"): _LINE,
        vol.Required("zones"): _ZONES,
    }
)
@async_response
@_guarded
async def ws_camera_save(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Save the drawn line and zones to the camera's configuration; the engine takes them."""
    entry = _store(hass, msg["entry_id"])
    link = _link(entry)
    settings = _changed_settings(_camera(link, msg["camera_id"]), msg)
    if not await link.async_wait_available(ENGINE_WAIT_SECONDS):
        raise PanelError("engine_unavailable", "the vision engine does not answer")
    try:
        # The engine checks and takes the drawing first, so a refusal changes nothing.
        await link.async_update_camera(settings)
    except CameraSetupError as err:
        raise PanelError(err.key, err.detail or err.key, detail=err.detail) from err
    # The camera's subentry is its configuration: saved there, as the subentry flow saves it
    # (the store's update listener then finds the engine already has it).
    if (subentry := entry.subentries.get(link.subentry_ids.get(settings.id, ""))) is not None:
        hass.config_entries.async_update_subentry(entry, subentry, data=settings.as_dict())
    connection.send_result(msg["id"], {"camera": _camera_dict(settings)})


@require_admin
@websocket_command(
    {
        vol.Required("type"): f"{PREFIX}/camera/subscribe",
        vol.Required("entry_id"): str,
        vol.Required("camera_id"): str,
    }
)
@async_response
@_guarded
async def ws_camera_subscribe(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Live figures of a camera: people in view, today's entries and exits, zone occupancy."""
    link = _link(_store(hass, msg["entry_id"]))
    camera_id = msg["camera_id"]
    _camera(link, camera_id)
    last: dict[str, Any] = {}

    @callback
    def _changed() -> None:
        nonlocal last
        if camera_id not in link.cameras:
            return
        figures = _camera_figures(link, camera_id)
        if figures != last:
            last = figures
            connection.send_message(event_message(msg["id"], figures))

    connection.subscriptions[msg["id"]] = link.async_add_listener(_changed)
    connection.send_result(msg["id"])
    _changed()


def _list_clips(dirs: list[str]) -> list[dict[str, str]]:
    clips: list[dict[str, str]] = []
    for base in dirs:
        root = Path(base)
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if len(clips) >= MAX_CLIPS:
                return clips
            if path.suffix.lower() in CLIP_SUFFIXES and path.is_file():
                clips.append({"path": str(path), "name": str(path.relative_to(root))})
    return clips


@require_admin
@websocket_command({vol.Required("type"): f"{PREFIX}/camera/clips"})
@async_response
async def ws_camera_clips(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Recorded clips in Home Assistant's media folders, to replay against a camera's setup."""
    dirs = list(hass.config.media_dirs.values())
    clips = await hass.async_add_executor_job(_list_clips, dirs)
    connection.send_result(msg["id"], {"clips": clips})


def replay_camera_id(camera_id: str) -> str:
    """The engine id of a camera's replay: its own, so the live camera keeps running."""
    return f"replay-{camera_id}"[:40]


@require_admin
@websocket_command(
    {
        vol.Required("type"): f"{PREFIX}/camera/replay",
        vol.Required("entry_id"): str,
        vol.Required("camera_id"): str,
        vol.Required("clip"): str,
        vol.Required("line"): _LINE,
        vol.Required("zones"): _ZONES,
    }
)
@async_response
@_guarded
async def ws_camera_replay(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Play a recorded clip once, as fast as the engine can, against the drawn line and zones.

    The engine's file source with realtime false analyses the same frames a live camera would
    (docs/engine-api.md); the replay runs as a camera of its own, so the live one goes on.
    """
    link = _link(_store(hass, msg["entry_id"]))
    settings = _changed_settings(_camera(link, msg["camera_id"]), msg)
    clip = Path(msg["clip"])
    allowed = clip.is_absolute() and await hass.async_add_executor_job(
        hass.config.is_allowed_path, str(clip)
    )
    if not allowed:
        raise PanelError("clip_not_allowed", f"{clip} is not in a media folder", clip=str(clip))
    if not await hass.async_add_executor_job(clip.is_file):
        raise PanelError("clip_not_found", f"no clip at {clip}", clip=str(clip))
    if not await link.async_wait_available(ENGINE_WAIT_SECONDS) or link.client is None:
        raise PanelError("engine_unavailable", "the vision engine does not answer")
    client = link.client
    replay = settings.with_changes(id=replay_camera_id(settings.id), realtime=False, loop=False)
    config = replay.engine_config(str(clip))
    try:
        await client.add_camera(config)
        try:
            state = await _async_play_to_end(client, replay.id)
        finally:
            await client.remove_camera(replay.id)
    except EngineError as err:
        raise PanelError("replay_failed", str(err), detail=str(err)) from err
    counts = dict(state.get("lines") or {}).get("line") or {}
    connection.send_result(
        msg["id"],
        {
            "in": int(counts.get("in", 0)),
            "out": int(counts.get("out", 0)),
            "frames": int(dict(state.get("health") or {}).get("frames_analysed", 0)),
        },
    )


async def _async_play_to_end(client: Any, camera_id: str) -> dict[str, Any]:
    """Poll the replay's state until its file has ended (health status `ended`)."""
    try:
        async with asyncio.timeout(REPLAY_TIMEOUT_SECONDS):
            while True:
                state: dict[str, Any] = await client.camera_state(camera_id)
                if dict(state.get("health") or {}).get("status") == "ended":
                    return state
                await asyncio.sleep(REPLAY_POLL_SECONDS)
    except TimeoutError as err:
        raise PanelError("replay_timeout", "the clip did not end in time") from err


# ----- passes -----


async def _call(
    hass: HomeAssistant, service: str, data: dict[str, Any], *, response: bool = True
) -> dict[str, Any]:
    result = await hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=response
    )
    return dict(result or {})


@require_admin
@websocket_command(
    {
        vol.Required("type"): f"{PREFIX}/pass/issue",
        vol.Required("entry_id"): str,
        vol.Required("kind"): vol.In([kind.value for kind in PassKind]),
        vol.Optional("valid_days", default=30): vol.All(vol.Coerce(int), vol.Range(1, 366)),
        vol.Optional("weekdays"): vol.All([vol.In(WEEKDAYS)], vol.Length(min=1, max=7)),
        vol.Optional("start_time"): _HHMM,
        vol.Optional("end_time"): _HHMM,
        vol.Optional("max_uses"): vol.Any(None, vol.All(vol.Coerce(int), vol.Range(1, 10000))),
        vol.Optional("label", default=""): vol.All(str, vol.Length(max=64)),
    }
)
@async_response
@_guarded
async def ws_pass_issue(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Issue a pass through the issue_pass action; answers its code and QR (SVG)."""
    entry = _store(hass, msg["entry_id"])
    data: dict[str, Any] = {
        "config_entry_id": entry.entry_id,
        "kind": msg["kind"],
        "valid_days": msg["valid_days"],
        "label": msg["label"],
    }
    for key in ("weekdays", "start_time", "end_time", "max_uses"):
        if msg.get(key) is not None:
            data[key] = msg[key]
    issued = await _call(hass, "issue_pass", data)
    connection.send_result(msg["id"], issued)


@require_admin
@websocket_command(
    {
        vol.Required("type"): f"{PREFIX}/pass/list",
        vol.Required("entry_id"): str,
        vol.Optional("include_revoked", default=False): bool,
    }
)
@async_response
@_guarded
async def ws_pass_list(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """The store's passes (list_passes action)."""
    entry = _store(hass, msg["entry_id"])
    listed = await _call(
        hass,
        "list_passes",
        {"config_entry_id": entry.entry_id, "include_revoked": msg["include_revoked"]},
    )
    connection.send_result(msg["id"], listed)


@require_admin
@websocket_command(
    {
        vol.Required("type"): f"{PREFIX}/pass/revoke",
        vol.Required("entry_id"): str,
        vol.Required("pass_id"): str,
    }
)
@async_response
@_guarded
async def ws_pass_revoke(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Revoke a pass (revoke_pass action)."""
    entry = _store(hass, msg["entry_id"])
    await _call(
        hass,
        "revoke_pass",
        {"config_entry_id": entry.entry_id, "pass_id": msg["pass_id"]},
        response=False,
    )
    connection.send_result(msg["id"])


async def _pass_code(entry: StoreConfigEntry, pass_id: str) -> tuple[PassRecord, str]:
    """A recorded pass and its code, signed again (the code is a pure function of its terms)."""
    try:
        records = await entry.runtime_data.door.log.list_passes(True)
    except VisitorDBError as err:
        raise PanelError("database_error", str(err), kind=err.kind) from err
    for record in records:
        if record.pass_id == pass_id and (store_pass := record.as_store_pass()) is not None:
            if record.revoked:
                raise PanelError("pass_revoked", f"pass {pass_id} is revoked", pass_id=pass_id)
            return record, encode_pass(store_pass, entry.runtime_data.pass_secret)
    raise PanelError("pass_not_found", f"no pass {pass_id}", pass_id=pass_id)


@require_admin
@websocket_command(
    {
        vol.Required("type"): f"{PREFIX}/pass/qr",
        vol.Required("entry_id"): str,
        vol.Required("pass_id"): str,
    }
)
@async_response
@_guarded
async def ws_pass_qr(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """The QR of a pass issued earlier, to show or print again."""
    entry = _store(hass, msg["entry_id"])
    _record, code = await _pass_code(entry, msg["pass_id"])
    svg = await hass.async_add_executor_job(pass_qr_svg, code)
    connection.send_result(msg["id"], {"pass_id": msg["pass_id"], "code": code, "qr_svg": svg})


def notify_targets(hass: HomeAssistant) -> list[str]:
    """The notify actions a pass can be sent with (phones' mobile_app_* among them)."""
    services = hass.services.async_services_for_domain("notify")
    return sorted(name for name in services if name not in NOT_TARGETS)


@require_admin
@websocket_command({vol.Required("type"): f"{PREFIX}/notify_targets"})
@callback
def ws_notify_targets(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Where a pass can be sent."""
    connection.send_result(msg["id"], {"targets": notify_targets(hass)})


def qr_png_path(entry_id: str, pass_id: str) -> str:
    """The authenticated URL of a pass's QR as PNG (the companion app fetches it with its login)."""
    return f"/api/{DOMAIN}/pass_qr/{entry_id}/{pass_id}.png"


@require_admin
@websocket_command(
    {
        vol.Required("type"): f"{PREFIX}/pass/send",
        vol.Required("entry_id"): str,
        vol.Required("pass_id"): str,
        vol.Required("target"): str,
    }
)
@async_response
@_guarded
async def ws_pass_send(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Send a pass's QR to a phone, in the store's language."""
    entry = _store(hass, msg["entry_id"])
    if msg["target"] not in notify_targets(hass):
        raise PanelError("target_not_found", f"no notify.{msg['target']}", target=msg["target"])
    record, _code = await _pass_code(entry, msg["pass_id"])
    language = entry.runtime_data.language
    kind = "member" if record.kind is None else record.kind.value
    until = (
        ""
        if record.valid_until is None
        else dt_util.as_local(record.valid_until).strftime("%Y-%m-%d %H:%M")
    )
    await hass.services.async_call(
        "notify",
        msg["target"],
        {
            "title": server_text(language, "pass_title", store=entry.runtime_data.name),
            "message": server_text(
                language,
                "pass_message",
                label=record.label or record.pass_id,
                kind=server_text(language, f"kind_{kind}"),
                until=until,
            ),
            "data": {"image": qr_png_path(entry.entry_id, record.pass_id)},
        },
        blocking=True,
    )
    connection.send_result(msg["id"])


class PassQrView(HomeAssistantView):
    """A pass's QR as PNG for a phone notification; owners (admins) only."""

    url = f"/api/{DOMAIN}/pass_qr/{{entry_id}}/{{pass_id}}.png"
    name = f"api:{DOMAIN}:pass_qr"
    requires_auth = True

    async def get(self, request: web.Request, entry_id: str, pass_id: str) -> web.Response:
        """The PNG, or 404 for a store or pass that does not exist (or was revoked)."""
        hass = request.app[KEY_HASS]
        if not request["hass_user"].is_admin:
            return web.Response(status=HTTPStatus.UNAUTHORIZED)
        try:
            _record, code = await _pass_code(_store(hass, entry_id), pass_id)
        except PanelError:
            return web.Response(status=HTTPStatus.NOT_FOUND)
        png = await hass.async_add_executor_job(pass_qr_png, code)
        return web.Response(body=png, content_type="image/png")


# ----- today and the visitor log -----


def _visit_query(entry: StoreConfigEntry, msg: dict[str, Any]) -> dict[str, Any]:
    query: dict[str, Any] = {"config_entry_id": entry.entry_id}
    for key in ("result", "visitor", "start", "end"):
        if msg.get(key):
            query[key] = msg[key]
    return query


@require_admin
@websocket_command({vol.Required("type"): f"{PREFIX}/today", vol.Required("entry_id"): str})
@async_response
@_guarded
async def ws_today(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Today at the door (entries, visitors, denials by reason) and at the cameras."""
    entry = _store(hass, msg["entry_id"])
    start = dt_util.start_of_local_day()
    answer = await _call(
        hass,
        "get_visits",
        {
            "config_entry_id": entry.entry_id,
            "start": start.isoformat(),
            "limit": MAX_QUERY_LIMIT,
        },
    )
    summary = today_summary(answer["visits"])
    link = entry.runtime_data.engine
    summary["camera_entries"] = None if link is None else link.entries_today()
    summary["people_in_shop"] = None if link is None else link.people_in_shop()
    summary["since"] = start.isoformat()
    connection.send_result(msg["id"], summary)


@require_admin
@websocket_command(
    {
        vol.Required("type"): f"{PREFIX}/visits",
        **_VISIT_FILTERS,
        vol.Optional("limit", default=100): vol.All(vol.Coerce(int), vol.Range(1, MAX_QUERY_LIMIT)),
        vol.Optional("offset", default=0): vol.All(vol.Coerce(int), vol.Range(min=0)),
    }
)
@async_response
@_guarded
async def ws_visits(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """A page of the visitor log with filters (get_visits action), newest first."""
    entry = _store(hass, msg["entry_id"])
    query = _visit_query(entry, msg) | {"limit": msg["limit"], "offset": msg["offset"]}
    connection.send_result(msg["id"], await _call(hass, "get_visits", query))


@require_admin
@websocket_command({vol.Required("type"): f"{PREFIX}/visits/csv", **_VISIT_FILTERS})
@async_response
@_guarded
async def ws_visits_csv(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """The filtered log as CSV, pseudonymous as stored (newest first, at most the query limit)."""
    entry = _store(hass, msg["entry_id"])
    query = _visit_query(entry, msg) | {"limit": MAX_QUERY_LIMIT}
    answer = await _call(hass, "get_visits", query)
    connection.send_result(
        msg["id"],
        {"csv": visits_csv(answer["visits"]), "rows": len(answer["visits"])},
    )


@websocket_command(
    {
        vol.Required("type"): f"{PREFIX}/dashboard",
        vol.Optional("language"): vol.All(str, vol.Length(max=35)),
    }
)
@callback
def ws_dashboard(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """The owner dashboard's views (the strategy's), one per store, in the viewer's language
    (the store's when not given); any signed-in user."""
    registry = er.async_get(hass)
    views = []
    for entry in _stores(hass):
        rows = [
            (row.entity_id, row.translation_key)
            for row in er.async_entries_for_config_entry(registry, entry.entry_id)
            if row.disabled_by is None
        ]
        language = msg.get("language") or entry.runtime_data.language
        views.append(owner_view(entry.runtime_data.name, language, entity_keys(rows)))
    if not views:
        wanted = msg.get("language") or hass.config.language
        language = "ko" if wanted.lower().startswith("ko") else "en"
        views.append(
            {
                "title": NAMES[language]["title"],
                "cards": [{"type": "markdown", "content": server_text(language, "no_store")}],
            }
        )
    connection.send_result(msg["id"], {"views": views})


COMMANDS: Final = (
    ws_dashboard,
    ws_stores,
    ws_camera_snapshot,
    ws_camera_save,
    ws_camera_subscribe,
    ws_camera_clips,
    ws_camera_replay,
    ws_pass_issue,
    ws_pass_list,
    ws_pass_revoke,
    ws_pass_qr,
    ws_notify_targets,
    ws_pass_send,
    ws_today,
    ws_visits,
    ws_visits_csv,
)


@callback
def async_setup_panel_api(hass: HomeAssistant) -> None:
    """Register the panel's commands and the QR view (once, for all stores)."""
    for command in COMMANDS:
        async_register_command(hass, command)
    if hasattr(hass, "http") and hass.http is not None:
        hass.http.register_view(PassQrView())
