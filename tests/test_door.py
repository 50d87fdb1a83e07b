"""The door authenticator end to end, in a real Home Assistant.

The DIY door: a sensor carries the QR reader's text (as an ESPHome UART reader's text sensor
does), a template lock over an input_boolean is the electric strike, and a binary sensor is the
door contact. They are chosen in the options flow, as an owner does.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
import sys
from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.unmanned_store.const import (
    CONF_CONTACT_ENTITY,
    CONF_HELD_OPEN_SECONDS,
    CONF_LOCK_ENTITY,
    CONF_SCAN_ENTITY,
    CONF_UNLOCK_SECONDS,
    DOMAIN,
    EVENT_ACCESS,
)
from custom_components.unmanned_store.door.passes import PassKind, StorePass, encode_pass
from custom_components.unmanned_store.logbook import async_describe_events, describe_access
from homeassistant.const import STATE_LOCKED, STATE_OFF, STATE_ON, STATE_UNLOCKED
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util

from .common import get_visits, issue_pass

READER = "sensor.qr_reader"
CONTACT = "binary_sensor.door_contact"
BOLT = "input_boolean.bolt"
LOCK = "lock.door_bolt"
STORE_LOCK = "lock.mangwon_ice_cream_door"
MODE = "select.mangwon_ice_cream_door_door_mode"
ACCESS = "event.mangwon_ice_cream_door_access"
VISITORS = "sensor.mangwon_ice_cream_door_visitors_today"
DENIED = "sensor.mangwon_ice_cream_door_denied_today"
LAST = "sensor.mangwon_ice_cream_door_last_visitor"
DOOR_OPEN = "binary_sensor.mangwon_ice_cream_door_contact"


@pytest.fixture
async def diy_door(hass: HomeAssistant) -> None:
    """The hardware an owner already has in Home Assistant."""
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"bolt": {"initial": True}}}
    )
    assert await async_setup_component(
        hass,
        "lock",
        {
            "lock": [
                {
                    "platform": "template",
                    "name": "Door bolt",
                    "value_template": "{{ is_state('input_boolean.bolt', 'on') }}",
                    "lock": {"action": "input_boolean.turn_on", "target": {"entity_id": BOLT}},
                    "unlock": {"action": "input_boolean.turn_off", "target": {"entity_id": BOLT}},
                }
            ]
        },
    )
    hass.states.async_set(READER, "")
    hass.states.async_set(CONTACT, STATE_OFF)
    await hass.async_block_till_done()


@pytest.fixture
async def door(
    hass: HomeAssistant, diy_door: None, init_integration: MockConfigEntry
) -> MockConfigEntry:
    """The store with its DIY door configured through the options flow."""
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    assert result["type"] is FlowResultType.MENU
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "door"}
    )
    assert result["step_id"] == "door"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_SCAN_ENTITY: READER,
            CONF_LOCK_ENTITY: LOCK,
            CONF_CONTACT_ENTITY: CONTACT,
            CONF_UNLOCK_SECONDS: 5,
            CONF_HELD_OPEN_SECONDS: 30,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    return init_integration


async def _scan(hass: HomeAssistant, code: str) -> None:
    """The reader publishes a code, as a text sensor does."""
    hass.states.async_set(READER, code)
    await hass.async_block_till_done()


async def test_valid_pass_opens_then_relocks(
    hass: HomeAssistant, door: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A valid pass unlocks the strike, is logged and counted, and the door relocks."""
    assert hass.states.get(LOCK).state == STATE_LOCKED
    assert hass.states.get(STORE_LOCK).state == STATE_LOCKED
    assert hass.states.get(MODE).state == "authenticated"
    issued = await issue_pass(hass, door)
    assert issued["code"].startswith("USP1.")
    assert issued["qr_svg"].startswith("<svg")
    bus_events = async_capture_events(hass, EVENT_ACCESS)

    await _scan(hass, issued["code"])

    assert hass.states.get(LOCK).state == STATE_UNLOCKED
    assert hass.states.get(STORE_LOCK).state == STATE_UNLOCKED
    access = hass.states.get(ACCESS)
    assert access.attributes["event_type"] == "granted"
    assert access.attributes["method"] == "store_pass"
    assert access.attributes["pass_kind"] == "member"
    visitor = access.attributes["visitor"]
    assert len(visitor) >= 16
    assert hass.states.get(VISITORS).state == "1"
    assert hass.states.get(DENIED).state == "0"
    assert hass.states.get(LAST).state != "unknown"
    [row] = await get_visits(hass, door)
    assert row["result"] == "granted"
    assert row["visitor"] == visitor
    assert issued["code"] not in str(row)
    assert [e.data["type"] for e in bus_events] == ["granted"]

    freezer.tick(timedelta(seconds=6))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get(LOCK).state == STATE_LOCKED


async def test_same_code_scanned_twice_counts_twice(
    hass: HomeAssistant, door: MockConfigEntry
) -> None:
    """A reader that sends the same text again reports an unchanged state: still a scan."""
    issued = await issue_pass(hass, door, max_uses=1)
    await _scan(hass, issued["code"])
    await _scan(hass, issued["code"])
    assert hass.states.get(ACCESS).attributes["event_type"] == "denied"
    assert hass.states.get(ACCESS).attributes["reason"] == "used_up"
    assert [v["result"] for v in await get_visits(hass, door)] == ["denied", "granted"]


def _foreign_code() -> str:
    now = dt_util.utcnow()
    store_pass = StorePass(
        pass_id="foreign", kind=PassKind.MEMBER, valid_from=now, valid_until=now + timedelta(1)
    )
    return encode_pass(store_pass, b"another store's secret!!")


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("hello world", "unrecognised"),
        ("x" * 2000, "too_long"),
        ("USP1.garbage", "malformed"),
        ("USP9.AAAA.BBBB", "unsupported_version"),
        ("   ", "empty"),
        ("bad\x07bell", "malformed"),
        (None, "bad_signature"),
    ],
    ids=["garbage", "oversized", "truncated", "unknown_version", "blank", "control", "foreign"],
)
async def test_bad_scans_keep_the_door_shut(
    hass: HomeAssistant, door: MockConfigEntry, code: str | None, reason: str
) -> None:
    """Each kind of bad scan is denied with its precise reason and logged.

    They go through the scan action: a reader entity's state cannot exceed 255 characters.
    """
    response = await hass.services.async_call(
        DOMAIN,
        "scan",
        {"config_entry_id": door.entry_id, "code": code if code is not None else _foreign_code()},
        blocking=True,
        return_response=True,
    )
    assert response == {
        "granted": False,
        "reason": reason,
        "method": response["method"] if response else None,
        "pass_kind": None,
        "visitor": None,
        "adult": None,
    }
    assert hass.states.get(LOCK).state == STATE_LOCKED
    access = hass.states.get(ACCESS)
    assert access.attributes["event_type"] == "denied"
    assert access.attributes["reason"] == reason
    assert hass.states.get(DENIED).state == "1"
    [row] = await get_visits(hass, door, result="denied")
    assert row["reason"] == reason


async def test_expired_revoked_and_banned(hass: HomeAssistant, door: MockConfigEntry) -> None:
    """Expired, revoked and banned credentials stay outside."""
    expired = await issue_pass(
        hass, door, valid_from=dt_util.now() - timedelta(days=40), valid_days=30
    )
    await _scan(hass, expired["code"])
    assert hass.states.get(ACCESS).attributes["reason"] == "expired"

    revoked = await issue_pass(hass, door)
    await hass.services.async_call(
        DOMAIN,
        "revoke_pass",
        {"config_entry_id": door.entry_id, "pass_id": revoked["pass_id"]},
        blocking=True,
    )
    await _scan(hass, revoked["code"])
    assert hass.states.get(ACCESS).attributes["reason"] == "revoked"

    banned = await issue_pass(hass, door)
    await _scan(hass, banned["code"])
    visitor = hass.states.get(ACCESS).attributes["visitor"]
    await hass.services.async_call(
        DOMAIN,
        "ban_visitor",
        {"config_entry_id": door.entry_id, "visitor": visitor, "reason": "shoplifting"},
        blocking=True,
    )
    await _scan(hass, "")  # the reader clears between scans
    await _scan(hass, banned["code"])
    assert hass.states.get(ACCESS).attributes["reason"] == "banned"
    await hass.services.async_call(
        DOMAIN,
        "unban_visitor",
        {"config_entry_id": door.entry_id, "visitor": visitor},
        blocking=True,
    )
    await _scan(hass, "")
    await _scan(hass, banned["code"])
    assert hass.states.get(ACCESS).attributes["event_type"] == "granted"


async def test_modes(hass: HomeAssistant, door: MockConfigEntry) -> None:
    """Closed keeps everyone out, adults-only admits adult passes, free holds the door open."""
    member = await issue_pass(hass, door)
    adult = await issue_pass(hass, door, kind="adult_verified")

    await hass.services.async_call(
        "select", "select_option", {"entity_id": MODE, "option": "closed"}, blocking=True
    )
    await _scan(hass, member["code"])
    assert hass.states.get(ACCESS).attributes["reason"] == "door_closed"

    await hass.services.async_call(
        "select", "select_option", {"entity_id": MODE, "option": "adults_only"}, blocking=True
    )
    await _scan(hass, "")
    await _scan(hass, member["code"])
    assert hass.states.get(ACCESS).attributes["reason"] == "not_adult"
    await _scan(hass, adult["code"])
    assert hass.states.get(ACCESS).attributes["event_type"] == "granted"
    assert hass.states.get(ACCESS).attributes["adult"] is True

    await hass.services.async_call(
        "select", "select_option", {"entity_id": MODE, "option": "free"}, blocking=True
    )
    await hass.async_block_till_done()
    assert hass.states.get(LOCK).state == STATE_UNLOCKED
    # Opening the door in free mode is no forced entry.
    hass.states.async_set(CONTACT, STATE_ON)
    await hass.async_block_till_done()
    assert hass.states.get(ACCESS).attributes["event_type"] == "granted"
    hass.states.async_set(CONTACT, STATE_OFF)

    await hass.services.async_call(
        "select", "select_option", {"entity_id": MODE, "option": "authenticated"}, blocking=True
    )
    await hass.async_block_till_done()
    assert hass.states.get(LOCK).state == STATE_LOCKED


async def test_rate_limit_blocks_a_reader(hass: HomeAssistant, door: MockConfigEntry) -> None:
    """After repeated denials a reader is blocked for a while, even for a valid pass."""
    for attempt in range(5):
        await _scan(hass, f"guess {attempt}")
    issued = await issue_pass(hass, door)
    await _scan(hass, issued["code"])
    assert hass.states.get(ACCESS).attributes["reason"] == "rate_limited"
    assert hass.states.get(LOCK).state == STATE_LOCKED


async def test_forced_entry_and_held_open(
    hass: HomeAssistant, door: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A contact that opens with no grant is forced entry; one left open is held open."""
    assert hass.states.get(DOOR_OPEN).state == STATE_OFF
    hass.states.async_set(CONTACT, STATE_ON)
    await hass.async_block_till_done()
    assert hass.states.get(DOOR_OPEN).state == STATE_ON
    assert hass.states.get(ACCESS).attributes["event_type"] == "forced_entry"

    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get(ACCESS).attributes["event_type"] == "door_held_open"
    results = [v["result"] for v in await get_visits(hass, door)]
    assert results == ["door_held_open", "forced_entry"]


async def test_opening_after_a_grant_is_no_forced_entry(
    hass: HomeAssistant, door: MockConfigEntry
) -> None:
    """The visitor who was let in opens the door: no alarm."""
    issued = await issue_pass(hass, door)
    await _scan(hass, issued["code"])
    hass.states.async_set(CONTACT, STATE_ON)
    await hass.async_block_till_done()
    hass.states.async_set(CONTACT, STATE_OFF)
    await hass.async_block_till_done()
    assert hass.states.get(ACCESS).attributes["event_type"] == "granted"


async def test_remote_unlock_from_the_app(
    hass: HomeAssistant, door: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """The store's lock entity and the remote_unlock action let someone in, logged as owner's."""
    await hass.services.async_call("lock", "unlock", {"entity_id": STORE_LOCK}, blocking=True)
    await hass.async_block_till_done()
    assert hass.states.get(LOCK).state == STATE_UNLOCKED
    assert hass.states.get(ACCESS).attributes["event_type"] == "remote_unlock"
    await hass.services.async_call("lock", "lock", {"entity_id": STORE_LOCK}, blocking=True)
    await hass.async_block_till_done()
    assert hass.states.get(LOCK).state == STATE_LOCKED

    await hass.services.async_call(
        DOMAIN,
        "remote_unlock",
        {"config_entry_id": door.entry_id, "reason": "delivery", "seconds": 10},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert hass.states.get(LOCK).state == STATE_UNLOCKED
    [latest, first] = await get_visits(hass, door, result="remote_unlock")
    assert latest["reason"] == "delivery"
    assert latest["method"] == "owner"
    assert first["reason"] == "app"
    freezer.tick(timedelta(seconds=11))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get(LOCK).state == STATE_LOCKED


@pytest.mark.usefixtures("loop_lag")
async def test_restart_keeps_passes_revocations_log_and_mode(
    hass: HomeAssistant, door: MockConfigEntry
) -> None:
    """A reload (as on a restart) keeps use counts, revocations, the log and the door mode."""
    one_use = await issue_pass(hass, door, max_uses=1)
    revoked = await issue_pass(hass, door)
    await _scan(hass, one_use["code"])
    await hass.services.async_call(
        DOMAIN,
        "revoke_pass",
        {"config_entry_id": door.entry_id, "pass_id": revoked["pass_id"]},
        blocking=True,
    )
    await hass.services.async_call(
        "select", "select_option", {"entity_id": MODE, "option": "adults_only"}, blocking=True
    )

    assert await hass.config_entries.async_reload(door.entry_id)
    await hass.async_block_till_done()

    assert hass.states.get(MODE).state == "adults_only"
    assert hass.states.get(VISITORS).state == "1"
    await hass.services.async_call(
        "select", "select_option", {"entity_id": MODE, "option": "authenticated"}, blocking=True
    )
    await _scan(hass, "")
    await _scan(hass, one_use["code"])
    assert hass.states.get(ACCESS).attributes["reason"] == "used_up"
    await _scan(hass, revoked["code"])
    assert hass.states.get(ACCESS).attributes["reason"] == "revoked"
    listed = await hass.services.async_call(
        DOMAIN,
        "list_passes",
        {"config_entry_id": door.entry_id, "include_revoked": True},
        blocking=True,
        return_response=True,
    )
    assert listed is not None
    by_id = {p["pass_id"]: p for p in listed["passes"]}
    assert by_id[one_use["pass_id"]]["uses"] == 1
    assert by_id[revoked["pass_id"]]["revoked"] is True
    assert len(await get_visits(hass, door)) == 3


async def test_purge_removes_rows_past_retention(
    hass: HomeAssistant, door: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Rows older than the retention period are destroyed by the hourly purge."""
    issued = await issue_pass(hass, door, valid_days=60)
    await _scan(hass, issued["code"])
    freezer.tick(timedelta(days=29))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert len(await get_visits(hass, door)) == 1
    freezer.tick(timedelta(days=1, hours=1))
    async_fire_time_changed(hass)
    # The hourly purge runs as a background task.
    await hass.async_block_till_done(wait_background_tasks=True)
    assert await get_visits(hass, door) == []
    assert hass.states.get(VISITORS).state == "0"


async def test_door_options_refuse_reader_as_lock(
    hass: HomeAssistant, diy_door: None, init_integration: MockConfigEntry
) -> None:
    """A reader must be a text-carrying entity; emptying an entity removes it."""
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "door"}
    )
    with pytest.raises(InvalidData):
        await hass.config_entries.options.async_configure(
            result["flow_id"],
            {CONF_SCAN_ENTITY: CONTACT, CONF_UNLOCK_SECONDS: 5, CONF_HELD_OPEN_SECONDS: 30},
        )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {CONF_SCAN_ENTITY: READER, CONF_UNLOCK_SECONDS: 3, CONF_HELD_OPEN_SECONDS: 30},
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert init_integration.options == {
        CONF_SCAN_ENTITY: READER,
        CONF_UNLOCK_SECONDS: 3,
        CONF_HELD_OPEN_SECONDS: 30,
    }
    # Without a lock entity the door is virtual: a grant still shows on the store's lock.
    issued = await issue_pass(hass, init_integration)
    await _scan(hass, issued["code"])
    assert hass.states.get(STORE_LOCK).state == STATE_UNLOCKED
    assert hass.states.get(DOOR_OPEN) is None


async def test_event_entity_reader(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """An event entity reader carries the code in an attribute; each event is a scan."""
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "door"}
    )
    await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_SCAN_ENTITY: "event.qr_reader",
            CONF_UNLOCK_SECONDS: 5,
            CONF_HELD_OPEN_SECONDS: 30,
        },
    )
    await hass.async_block_till_done()
    issued = await issue_pass(hass, init_integration, max_uses=1)
    for stamp in ("2026-01-01T10:00:00+00:00", "2026-01-01T10:00:05+00:00"):
        hass.states.async_set("event.qr_reader", stamp, {"code": issued["code"]})
        await hass.async_block_till_done()
    hass.states.async_set("event.qr_reader", "2026-01-01T10:00:09+00:00", {"other": 1})
    await hass.async_block_till_done()
    results = [(v["result"], v["reason"]) for v in await get_visits(hass, init_integration)]
    assert results == [("denied", "used_up"), ("granted", None)]


async def test_logbook_describes_door_events(hass: HomeAssistant, door: MockConfigEntry) -> None:
    """Door events read as words in the logbook, in the configured language."""
    assert describe_access({"type": "denied", "reason": "expired"}, "en") == {
        "name": "Door",
        "message": "kept the door shut: expired",
    }
    assert describe_access({"type": "forced_entry"}, "ko")["message"].startswith("유효한")
    assert describe_access({"type": "granted", "method": "store_pass"}, "fr")["message"] == (
        "let a visitor in (store_pass)"
    )
    described: dict[str, Any] = {}

    def collect(domain: str, event_type: str, describe: Any) -> None:
        described[event_type] = describe

    async_describe_events(hass, collect)
    events = async_capture_events(hass, EVENT_ACCESS)
    await _scan(hass, "nonsense")
    hass.config.language = "ko"
    assert described[EVENT_ACCESS](events[0]) == {
        "name": "출입문",
        "message": "출입 거부: unrecognised",
    }


@pytest.mark.usefixtures("loop_lag")
async def test_corrupt_database_degrades_safely(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, issue_registry: Any
) -> None:
    """A corrupt log: a repair issue, a temporary log, store passes refused, the door works."""
    db_path = Path(hass.config.path(f"{DOMAIN}_{mock_config_entry.data['store_id']}.db"))
    db_path.write_bytes(b"this is not a database" * 100)
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    store_id = mock_config_entry.data["store_id"]
    assert issue_registry.async_get_issue(DOMAIN, f"database_unavailable_{store_id}")
    issued = await issue_pass(hass, mock_config_entry)
    response = await hass.services.async_call(
        DOMAIN,
        "scan",
        {"config_entry_id": mock_config_entry.entry_id, "code": issued["code"]},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    assert response["reason"] == "storage_unavailable"
    await hass.services.async_call(
        DOMAIN,
        "remote_unlock",
        {"config_entry_id": mock_config_entry.entry_id, "reason": "owner"},
        blocking=True,
    )
    assert hass.states.get(STORE_LOCK).state == STATE_UNLOCKED
    assert db_path.read_bytes().startswith(b"this is not")  # the damaged file is left as it was


@pytest.mark.usefixtures("loop_lag")
async def test_failing_database_at_runtime(
    hass: HomeAssistant, door: MockConfigEntry, issue_registry: Any
) -> None:
    """The log fails while running: a repair issue, passes refused, nothing raised."""
    issued = await issue_pass(hass, door)
    db = door.runtime_data.door.log._db
    await hass.async_add_executor_job(db.close)
    await _scan(hass, issued["code"])
    access = hass.states.get(ACCESS)
    assert access.attributes["event_type"] == "denied"
    assert access.attributes["reason"] == "storage_unavailable"
    assert hass.states.get(LOCK).state == STATE_LOCKED
    store_id = door.data["store_id"]
    assert issue_registry.async_get_issue(DOMAIN, f"database_error_{store_id}")


LOCKER = """
import sqlite3, sys
other = sqlite3.connect(sys.argv[1], isolation_level=None)
other.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
other.execute("ROLLBACK")
"""


async def _remote_unlock(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    await hass.services.async_call(
        DOMAIN,
        "remote_unlock",
        {"config_entry_id": entry.entry_id, "reason": "delivery"},
        blocking=True,
    )
    await hass.async_block_till_done()


@pytest.mark.usefixtures("loop_lag")
async def test_database_locked_by_another_program(
    hass: HomeAssistant, door: MockConfigEntry, issue_registry: Any
) -> None:
    """Another process holds the log's write lock (a backup tool, the sqlite3 shell).

    A store pass is refused (storage_unavailable: its use count cannot be written) after the
    busy timeout, off the event loop; the owner's remote unlock still opens the door; a repair
    issue says "locked"; the two visits are kept and written, in order, once the lock is gone.
    """
    issued = await issue_pass(hass, door)
    log = door.runtime_data.door.log
    holder = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        LOCKER,
        str(log._db.path),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert holder.stdin is not None
    assert holder.stdout is not None
    try:
        assert (await holder.stdout.readline()).strip() == b"locked"
        await _scan(hass, issued["code"])
        access = hass.states.get(ACCESS)
        assert access.attributes["event_type"] == "denied"
        assert access.attributes["reason"] == "storage_unavailable"
        assert hass.states.get(LOCK).state == STATE_LOCKED
        await _remote_unlock(hass, door)
        assert hass.states.get(LOCK).state == STATE_UNLOCKED
        issue = issue_registry.async_get_issue(DOMAIN, f"database_error_{door.data['store_id']}")
        assert issue is not None
        assert issue.translation_placeholders == {"kind": "locked"}
        assert [v.result for v in log.unwritten] == ["denied", "remote_unlock"]
    finally:
        holder.stdin.close()
        await holder.wait()

    await _scan(hass, "nonsense")  # denied, and the first write after the lock
    await _scan(hass, issued["code"])
    assert hass.states.get(ACCESS).attributes["event_type"] == "granted"
    assert log.unwritten == []
    assert issue_registry.async_get_issue(DOMAIN, f"database_error_{door.data['store_id']}") is None
    visits = await get_visits(hass, door)
    assert [(v["result"], v["reason"]) for v in reversed(visits)][-4:] == [
        ("denied", "storage_unavailable"),
        ("remote_unlock", "delivery"),
        ("denied", "unrecognised"),
        ("granted", None),
    ]


@pytest.mark.usefixtures("loop_lag")
async def test_full_database_keeps_visits_across_a_restart(
    hass: HomeAssistant, door: MockConfigEntry, issue_registry: Any
) -> None:
    """The disk fills up (SQLite's page limit gives the same SQLITE_FULL): visits that cannot be
    written are kept, saved when Home Assistant stops, and written when it starts again.
    """
    log = door.runtime_data.door.log

    def fill_to_the_last_page() -> None:
        pages = log._db._conn.execute("PRAGMA page_count").fetchone()[0]
        log._db._conn.execute(f"PRAGMA max_page_count = {pages}")

    await hass.async_add_executor_job(fill_to_the_last_page)
    unlocks = 0
    while not log.unwritten:
        await _remote_unlock(hass, door)
        unlocks += 1
        assert unlocks < 500, "the page limit never filled"
    issue = issue_registry.async_get_issue(DOMAIN, f"database_error_{door.data['store_id']}")
    assert issue.translation_placeholders == {"kind": "full"}
    for _ in range(3):
        await _remote_unlock(hass, door)
    unlocks += 3
    assert len(log.unwritten) == 4

    assert await hass.config_entries.async_unload(door.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(door.entry_id)
    await hass.async_block_till_done()
    assert door.runtime_data.door.log.unwritten == []
    visits = await get_visits(hass, door, result="remote_unlock")
    assert len(visits) == unlocks
    assert len({v["id"] for v in visits}) == unlocks


async def test_unwritten_visits_wait_for_the_real_log(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """Visits kept from before a restart are not poured into a temporary log (it is lost on
    restart): they wait until the real log opens again, then are written once.
    """
    store_id = mock_config_entry.data["store_id"]
    key = f"{DOMAIN}.{store_id}.unwritten_visits"
    kept = {"time": "2026-11-22T03:00:00+00:00", "door": f"{store_id}_door", "result": "granted"}
    unreadable = {"time": "yesterday", "door": "x", "result": "granted"}  # skipped, logged
    hass_storage[key] = {"version": 1, "key": key, "data": [kept, unreadable]}
    db_path = Path(hass.config.path(f"{DOMAIN}_{store_id}.db"))
    db_path.write_bytes(b"this is not a database" * 100)
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    log = mock_config_entry.runtime_data.door.log
    assert log.degraded
    assert len(log.unwritten) == 1
    assert await get_visits(hass, mock_config_entry) == []
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    assert hass_storage[key]["data"][0]["time"] == kept["time"]

    db_path.unlink()  # the owner moved the damaged file aside, as the repair issue says
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.runtime_data.door.log.unwritten == []
    visits = await get_visits(hass, mock_config_entry)
    assert [(v["time"], v["result"]) for v in visits] == [(kept["time"], "granted")]
    assert key not in hass_storage


@pytest.mark.usefixtures("loop_lag")
async def test_device_scans_replayed_late_or_twice(
    hass: HomeAssistant, door: MockConfigEntry
) -> None:
    """A networked reader's scan that arrives late never opens; one seen twice is ignored."""
    controller = door.runtime_data.door
    issued = await issue_pass(hass, door)
    late = await controller.async_handle_device_scan(
        issued["code"],
        reader="door-1",
        source_id="door-1:7",
        scanned_at=dt_util.utcnow() - timedelta(minutes=5),
    )
    assert late is not None
    assert late.reason is not None
    assert late.reason.value == "stale_scan"
    assert hass.states.get(LOCK).state == STATE_LOCKED
    again = await controller.async_handle_device_scan(
        issued["code"], reader="door-1", source_id="door-1:7", scanned_at=dt_util.utcnow()
    )
    assert again is None
    fresh = await controller.async_handle_device_scan(
        issued["code"], reader="door-1", source_id="door-1:8", scanned_at=dt_util.utcnow()
    )
    assert fresh is not None
    assert fresh.granted
    assert [(v["result"], v["reason"]) for v in await get_visits(hass, door)] == [
        ("granted", None),
        ("denied", "stale_scan"),
    ]
