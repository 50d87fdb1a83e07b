"""Actions of the unmanned_store integration: scans, passes, the visitor log, remote unlock."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import voluptuous as vol

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.util import dt as dt_util

from .const import CONF_STORE_ID, DOMAIN
from .door.controller import ACCESS_EVENT_TYPES
from .door.passes import PassKind, StorePass, encode_pass, new_pass_id, pass_qr_svg
from .door.visitor_db import MAX_QUERY_LIMIT, PassRecord, Visit, VisitorDBError
from .image import signal_pass_issued
from .runtime import UnmannedStoreConfigEntry
from .speaker.announcements import LANGUAGES, MAX_REPEAT, PRESETS, AnnouncementError, Priority
from .speaker.speaker import announcement_error

ATTR_CONFIG_ENTRY_ID = "config_entry_id"
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
MAX_VALID_DAYS = 366
MAX_LABEL_LENGTH = 64

_ENTRY: dict[vol.Marker, Any] = {vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string}

SCAN_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Required("code"): cv.string,
        vol.Optional("reader", default="service"): vol.All(cv.string, vol.Length(max=100)),
    }
)
ISSUE_PASS_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Required("kind"): vol.In([kind.value for kind in PassKind]),
        vol.Optional("valid_from"): cv.datetime,
        vol.Optional("valid_days", default=30): vol.All(
            vol.Coerce(int), vol.Range(min=1, max=MAX_VALID_DAYS)
        ),
        vol.Optional("weekdays"): vol.All(cv.ensure_list, [vol.In(WEEKDAYS)], vol.Length(min=1)),
        vol.Optional("start_time"): cv.time,
        vol.Optional("end_time"): cv.time,
        vol.Optional("max_uses"): vol.All(vol.Coerce(int), vol.Range(min=1, max=10000)),
        vol.Optional("label", default=""): vol.All(cv.string, vol.Length(max=MAX_LABEL_LENGTH)),
    }
)
PASS_ID_SCHEMA = vol.Schema({**_ENTRY, vol.Required("pass_id"): cv.string})
LIST_PASSES_SCHEMA = vol.Schema(
    {**_ENTRY, vol.Optional("include_revoked", default=False): cv.boolean}
)
GET_VISITS_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Optional("start"): cv.datetime,
        vol.Optional("end"): cv.datetime,
        vol.Optional("result"): vol.In(ACCESS_EVENT_TYPES),
        vol.Optional("visitor"): cv.string,
        vol.Optional("limit", default=100): vol.All(
            vol.Coerce(int), vol.Range(min=1, max=MAX_QUERY_LIMIT)
        ),
        vol.Optional("offset", default=0): vol.All(vol.Coerce(int), vol.Range(min=0)),
    }
)
BAN_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Required("visitor"): cv.string,
        vol.Optional("reason", default=""): vol.All(cv.string, vol.Length(max=200)),
    }
)
UNBAN_SCHEMA = vol.Schema({**_ENTRY, vol.Required("visitor"): cv.string})
REMOTE_UNLOCK_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Optional("reason", default=""): vol.All(cv.string, vol.Length(max=200)),
        vol.Optional("seconds"): vol.All(vol.Coerce(float), vol.Range(min=1, max=600)),
    }
)
ANNOUNCE_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Exclusive("message", "what"): cv.string,
        vol.Exclusive("preset", "what"): vol.In(list(PRESETS)),
        vol.Optional("language"): vol.In(list(LANGUAGES)),
        vol.Optional("media_player_entity_id"): cv.entities_domain("media_player"),
        vol.Optional("volume"): vol.All(vol.Coerce(float), vol.Range(min=0, max=1)),
        vol.Optional("priority"): vol.In([priority.name.lower() for priority in Priority]),
        vol.Optional("repeat", default=1): vol.All(
            vol.Coerce(int), vol.Range(min=1, max=MAX_REPEAT)
        ),
    }
)


def _entry(hass: HomeAssistant, call: ServiceCall) -> UnmannedStoreConfigEntry:
    """The loaded store the call names, or a translated error."""
    entry_id = call.data[ATTR_CONFIG_ENTRY_ID]
    entry: UnmannedStoreConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN or CONF_STORE_ID not in entry.data:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="store_not_found",
            translation_placeholders={"entry_id": entry_id},
        )
    if entry.state is not ConfigEntryState.LOADED:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="store_not_loaded",
            translation_placeholders={"store": entry.title},
        )
    return entry


def _database_error(err: VisitorDBError) -> HomeAssistantError:
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="database_error",
        translation_placeholders={"kind": err.kind},
    )


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _pass_dict(record: PassRecord) -> dict[str, Any]:
    return {
        "pass_id": record.pass_id,
        "kind": None if record.kind is None else record.kind.value,
        "label": record.label,
        "valid_from": _iso(record.valid_from),
        "valid_until": _iso(record.valid_until),
        "weekdays": None
        if record.weekdays is None
        else [WEEKDAYS[day] for day in sorted(record.weekdays)],
        "hours": None
        if record.hours is None
        else [record.hours[0].isoformat("minutes"), record.hours[1].isoformat("minutes")],
        "max_uses": record.max_uses,
        "uses": record.uses,
        "revoked": record.revoked,
        "issued_at": _iso(record.issued_at),
    }


# What get_visits answers (services.yaml documents it): not the door, the
# device event it came from, or the pass id.
_VISIT_FIELDS = (
    "id",
    "time",
    "result",
    "reason",
    "method",
    "provider",
    "pass_kind",
    "visitor",
    "adult",
)


def _visit_dict(visit: Visit) -> dict[str, Any]:
    row = visit.to_dict()
    return {key: row[key] for key in _VISIT_FIELDS}


async def _async_scan(call: ServiceCall) -> ServiceResponse:
    """Hand a scanned code to the door, as a reader would."""
    door = _entry(call.hass, call).runtime_data.door
    decision = await door.async_handle_scan(call.data["code"], call.data["reader"])
    return {
        "granted": decision.granted,
        "reason": None if decision.reason is None else decision.reason.value,
        "method": decision.method,
        "pass_kind": decision.pass_kind,
        "visitor": decision.visitor,
        "adult": decision.adult,
    }


def _local(value: datetime) -> datetime:
    """A datetime from a form; one without a zone is in the store's time zone."""
    return value.replace(tzinfo=dt_util.get_default_time_zone()) if value.tzinfo is None else value


async def _async_issue_pass(call: ServiceCall) -> ServiceResponse:
    """Issue a signed store pass; returns its code and a QR image to send to the customer."""
    entry = _entry(call.hass, call)
    data = call.data
    start_time: time | None = data.get("start_time")
    end_time: time | None = data.get("end_time")
    if (start_time is None) != (end_time is None) or (
        start_time is not None and start_time == end_time
    ):
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="invalid_hours")
    valid_from = _local(data["valid_from"]) if "valid_from" in data else dt_util.utcnow()
    store_pass = StorePass(
        pass_id=new_pass_id(),
        kind=PassKind(data["kind"]),
        valid_from=valid_from,
        valid_until=valid_from + timedelta(days=data["valid_days"]),
        weekdays=frozenset(WEEKDAYS.index(day) for day in data["weekdays"])
        if "weekdays" in data
        else None,
        hours=None if start_time is None or end_time is None else (start_time, end_time),
        max_uses=data.get("max_uses"),
        label=data["label"],
    )
    code = encode_pass(store_pass, entry.runtime_data.pass_secret)
    try:
        await entry.runtime_data.door.log.record_pass(store_pass)
    except VisitorDBError as err:
        raise _database_error(err) from err
    entry.runtime_data.last_issued = (store_pass, code)
    async_dispatcher_send(call.hass, signal_pass_issued(entry.entry_id))
    qr_svg = await call.hass.async_add_executor_job(pass_qr_svg, code)
    return {
        "pass_id": store_pass.pass_id,
        "code": code,
        "kind": store_pass.kind.value,
        "valid_from": store_pass.valid_from.isoformat(),
        "valid_until": store_pass.valid_until.isoformat(),
        "qr_svg": qr_svg,
    }


async def _async_revoke_pass(call: ServiceCall) -> None:
    """Revoke a pass: it never opens the door again, even after a restart."""
    entry = _entry(call.hass, call)
    try:
        revoked = await entry.runtime_data.door.log.revoke_pass(call.data["pass_id"])
    except VisitorDBError as err:
        raise _database_error(err) from err
    if not revoked:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="pass_not_found",
            translation_placeholders={"pass_id": call.data["pass_id"]},
        )


async def _async_list_passes(call: ServiceCall) -> ServiceResponse:
    """The store's passes with their use counts."""
    entry = _entry(call.hass, call)
    try:
        records = await entry.runtime_data.door.log.list_passes(call.data["include_revoked"])
    except VisitorDBError as err:
        raise _database_error(err) from err
    return {"passes": [_pass_dict(record) for record in records]}


async def _async_get_visits(call: ServiceCall) -> ServiceResponse:
    """A page of the visitor log, newest first."""
    entry = _entry(call.hass, call)
    data = call.data
    start = _local(data["start"]) if "start" in data else None
    end = _local(data["end"]) if "end" in data else None
    if start is not None and end is not None and end <= start:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="invalid_range")
    try:
        visits = await entry.runtime_data.door.log.query_visits(
            start=start,
            end=end,
            result=data.get("result"),
            visitor=data.get("visitor"),
            limit=data["limit"],
            offset=data["offset"],
        )
    except VisitorDBError as err:
        raise _database_error(err) from err
    return {"visits": [_visit_dict(visit) for visit in visits]}


async def _async_ban_visitor(call: ServiceCall) -> None:
    """Ban a pseudonymous visitor from the log: their credentials no longer open the door."""
    entry = _entry(call.hass, call)
    try:
        await entry.runtime_data.door.log.ban_visitor(call.data["visitor"], call.data["reason"])
    except VisitorDBError as err:
        raise _database_error(err) from err


async def _async_unban_visitor(call: ServiceCall) -> None:
    """Lift a ban."""
    entry = _entry(call.hass, call)
    try:
        lifted = await entry.runtime_data.door.log.unban_visitor(call.data["visitor"])
    except VisitorDBError as err:
        raise _database_error(err) from err
    if not lifted:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="visitor_not_banned"
        )


async def _async_remote_unlock(call: ServiceCall) -> None:
    """Let someone in from the app, with the owner's reason in the log."""
    entry = _entry(call.hass, call)
    await entry.runtime_data.door.async_unlock(
        seconds=call.data.get("seconds"), by="owner", reason=call.data["reason"] or None
    )


async def _async_announce(call: ServiceCall) -> None:
    """Speak in the shop; returns once played, or raises a translated error."""
    entry = _entry(call.hass, call)
    speaker = entry.runtime_data.speaker
    assert speaker is not None
    data = call.data
    try:
        await speaker.async_announce(
            message=data.get("message"),
            preset=data.get("preset"),
            language=data.get("language"),
            targets=data.get("media_player_entity_id", ()),
            volume=data.get("volume"),
            priority=Priority[data["priority"].upper()] if "priority" in data else None,
            repeat=data["repeat"],
        )
    except AnnouncementError as err:
        raise announcement_error(err) from err


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions (once, for all stores)."""
    register = hass.services.async_register
    register(DOMAIN, "scan", _async_scan, SCAN_SCHEMA, SupportsResponse.OPTIONAL)
    register(DOMAIN, "issue_pass", _async_issue_pass, ISSUE_PASS_SCHEMA, SupportsResponse.ONLY)
    register(DOMAIN, "revoke_pass", _async_revoke_pass, PASS_ID_SCHEMA)
    register(DOMAIN, "list_passes", _async_list_passes, LIST_PASSES_SCHEMA, SupportsResponse.ONLY)
    register(DOMAIN, "get_visits", _async_get_visits, GET_VISITS_SCHEMA, SupportsResponse.ONLY)
    register(DOMAIN, "ban_visitor", _async_ban_visitor, BAN_SCHEMA)
    register(DOMAIN, "unban_visitor", _async_unban_visitor, UNBAN_SCHEMA)
    register(DOMAIN, "remote_unlock", _async_remote_unlock, REMOTE_UNLOCK_SCHEMA)
    register(DOMAIN, "announce", _async_announce, ANNOUNCE_SCHEMA)
