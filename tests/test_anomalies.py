"""Store-level anomalies in a real Home Assistant: the event entity and the binary sensors.

The door is the DIY door of test_door (a real forced entry through its contact); camera
events are sent on the store's dispatcher signal exactly as the camera side sends them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
import json
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.unmanned_store.anomalies.rules import GROUP_GAP
from custom_components.unmanned_store.anomalies.state import (
    CONF_ANOMALIES,
    CONF_CROWDING_NIGHT_END,
    CONF_CROWDING_NIGHT_START,
    CONF_PAYMENT_ENTITY,
    CONF_TAILGATING_WINDOW,
)
from custom_components.unmanned_store.const import CONF_OPERATING_HOURS, DOMAIN
from custom_components.unmanned_store.store_events import CameraEvent, signal_camera_event
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.translation import async_get_translations
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util

from . import test_door
from .test_door import CONTACT, MODE, READER

# The DIY door, as its own tests set it up.
diy_door = test_door.diy_door
door = test_door.door

ANOMALY = "event.mangwon_ice_cream_anomaly"
LOITERING = "binary_sensor.mangwon_ice_cream_loitering"
CROWDING = "binary_sensor.mangwon_ice_cream_crowding"
INTRUSION = "binary_sensor.mangwon_ice_cream_after_hours_intrusion"
TAMPER = "binary_sensor.mangwon_ice_cream_tampering"
FLAME = "binary_sensor.mangwon_ice_cream_flame"
SMOKE = "binary_sensor.mangwon_ice_cream_smoke"
OFFLINE = "binary_sensor.mangwon_ice_cream_device_offline"
KIOSK = "sensor.kiosk_last_payment"


def send(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    kind: str,
    *,
    camera: str = "Door cam",
    role: str = "door",
    count: int | None = None,
    zone: str | None = None,
    when: datetime | None = None,
) -> None:
    """A camera event, as the camera side sends it."""
    async_dispatcher_send(
        hass,
        signal_camera_event(entry.entry_id),
        CameraEvent(
            camera_id=camera.lower().replace(" ", "_"),
            camera_name=camera,
            role=role,
            type=kind,
            time=when or dt_util.utcnow(),
            zone=zone,
            count=count,
            snapshot_entity=f"image.{camera.lower().replace(' ', '_')}_snapshot",
        ),
    )


async def _options(hass: HomeAssistant, entry: MockConfigEntry, form: dict[str, Any]) -> Any:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert "anomalies" in result["menu_options"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "anomalies"}
    )
    assert result["step_id"] == "anomalies"
    result = await hass.config_entries.options.async_configure(result["flow_id"], form)
    await hass.async_block_till_done()
    return result


async def test_entities_on_the_store_device(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """One anomaly event entity and six durable sensors, all off, named by translation."""
    event = hass.states.get(ANOMALY)
    assert event is not None
    assert event.state == STATE_UNKNOWN
    assert "unpaid_exit" in event.attributes["event_types"]
    for entity_id in (LOITERING, CROWDING, INTRUSION, TAMPER, FLAME, OFFLINE):
        state = hass.states.get(entity_id)
        assert state is not None, entity_id
        assert state.state == STATE_OFF
        assert state.attributes["cameras"] == []


async def test_forced_entry_from_the_real_door(hass: HomeAssistant, door: MockConfigEntry) -> None:
    """The contact opening with no grant: the door's forced entry is a store anomaly."""
    hass.states.async_set(CONTACT, STATE_ON)
    await hass.async_block_till_done()
    state = hass.states.get(ANOMALY)
    assert state.attributes["event_type"] == "forced_entry"
    assert state.attributes["camera"] == "door"


async def test_loitering_from_a_camera_starts_and_ends(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A camera's loitering start: event plus sensor on with where and who; its end: off."""
    send(hass, init_integration, "loitering_started", camera="Aisle", role="aisle", zone="ice")
    await hass.async_block_till_done()
    event = hass.states.get(ANOMALY)
    assert event.attributes["event_type"] == "loitering"
    assert event.attributes["snapshot"] == "image.aisle_snapshot"
    assert event.attributes["zone"] == "ice"
    sensor = hass.states.get(LOITERING)
    assert sensor.state == STATE_ON
    assert sensor.attributes["cameras"] == ["Aisle"]
    assert sensor.attributes["started"] is not None
    send(hass, init_integration, "loitering_ended", camera="Aisle", role="aisle")
    await hass.async_block_till_done()
    assert hass.states.get(LOITERING).state == STATE_OFF
    # The end is not a new event.
    assert hass.states.get(ANOMALY).state == event.state


@pytest.mark.parametrize(
    ("start", "end", "sensor", "kind"),
    [
        ("tamper_started", "tamper_ended", TAMPER, "tamper"),
        ("flame_started", "flame_ended", FLAME, "flame"),
        ("smoke_started", "smoke_ended", SMOKE, "smoke"),
        ("stream_lost", "stream_restored", OFFLINE, "device_offline"),
        ("crowding_started", "crowding_ended", CROWDING, "crowding"),
    ],
)
async def test_durable_camera_anomalies(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    start: str,
    end: str,
    sensor: str,
    kind: str,
) -> None:
    """Each durable kind has its sensor."""
    send(hass, init_integration, start, camera="Counter", role="counter", count=4)
    await hass.async_block_till_done()
    assert hass.states.get(ANOMALY).attributes["event_type"] == kind
    assert hass.states.get(sensor).state == STATE_ON
    send(hass, init_integration, end, camera="Counter", role="counter")
    await hass.async_block_till_done()
    assert hass.states.get(sensor).state == STATE_OFF


async def _grant(hass: HomeAssistant, door: MockConfigEntry) -> None:
    """A member's pass scanned at the real reader: the door grants."""
    response = await hass.services.async_call(
        "unmanned_store",
        "issue_pass",
        {"config_entry_id": door.entry_id, "kind": "member"},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    hass.states.async_set(READER, response["code"])
    await hass.async_block_till_done()


async def _walk(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    """Let ``seconds`` pass, with every timer due in them fired."""
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


@pytest.mark.parametrize("entry_options", [{"anomalies": {CONF_TAILGATING_WINDOW: 10}}])
async def test_tailgating_a_group_of_three_in_6s_is_one_event(
    hass: HomeAssistant, door: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """The issue's timings: one grant, the member crosses 10 s later (window 10 s) with two
    people 3 s and 6 s behind: one tailgating event, 3 in on 1 scan, after the group passed."""
    events: list[dict[str, Any]] = []
    hass.bus.async_listen(
        "state_changed",
        lambda event: events.append(event.data["new_state"].attributes)
        if event.data["entity_id"] == ANOMALY
        else None,
    )
    await _grant(hass, door)
    await _walk(hass, freezer, 10)
    for gap in (0, 3, 3):
        await _walk(hass, freezer, gap)
        send(hass, door, "crossing_in")
        await hass.async_block_till_done()
    assert hass.states.get(ANOMALY).state == STATE_UNKNOWN
    await _walk(hass, freezer, GROUP_GAP.total_seconds())
    state = hass.states.get(ANOMALY)
    assert state.attributes["event_type"] == "tailgating"
    assert state.attributes["counts"] == {"entries": 3, "grants": 1}
    await _walk(hass, freezer, 60)
    assert [e["event_type"] for e in events] == ["tailgating"]


@pytest.mark.parametrize("entry_options", [{"anomalies": {CONF_TAILGATING_WINDOW: 10}}])
async def test_the_member_crossing_10s_after_the_grant_is_no_tailgater(
    hass: HomeAssistant, door: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Alone, 10 s after the grant, with a 10 s window: nothing to report."""
    await _grant(hass, door)
    await _walk(hass, freezer, 10)
    send(hass, door, "crossing_in")
    await hass.async_block_till_done()
    await _walk(hass, freezer, 60)
    assert hass.states.get(ANOMALY).state == STATE_UNKNOWN


async def test_intrusion_when_the_door_mode_is_closed_clears_when_quiet(
    hass: HomeAssistant, door: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Door set to closed: a person is an intrusion; five quiet minutes end it."""
    await hass.services.async_call(
        "select", "select_option", {"entity_id": MODE, "option": "closed"}, blocking=True
    )
    send(hass, door, "intrusion", camera="Aisle", role="aisle", count=2)
    await hass.async_block_till_done()
    assert hass.states.get(ANOMALY).attributes["event_type"] == "after_hours_intrusion"
    assert hass.states.get(INTRUSION).attributes["counts"] == {"people": 2}
    freezer.tick(timedelta(minutes=5, seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get(INTRUSION).state == STATE_OFF


async def test_options_tailgating_window_night_crowding_and_payments(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The options step stores the settings, and the reloaded store uses them."""
    result = await _options(
        hass,
        init_integration,
        {
            CONF_TAILGATING_WINDOW: 20,
            CONF_CROWDING_NIGHT_START: "23:00:00",
            CONF_CROWDING_NIGHT_END: "05:00:00",
            CONF_PAYMENT_ENTITY: KIOSK,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert init_integration.options[CONF_ANOMALIES] == {
        CONF_TAILGATING_WINDOW: 20,
        CONF_CROWDING_NIGHT_START: "23:00:00",
        CONF_CROWDING_NIGHT_END: "05:00:00",
        CONF_PAYMENT_ENTITY: KIOSK,
    }
    rules = init_integration.runtime_data.anomalies
    assert rules is not None
    assert rules.settings.rules.tailgating_window == timedelta(seconds=20)
    # Crowding by day is not reported; at 01:00 local it is.
    noon = dt_util.as_utc(dt_util.now().replace(hour=12, minute=0))
    send(hass, init_integration, "crowding_started", role="aisle", count=5, when=noon)
    await hass.async_block_till_done()
    assert hass.states.get(CROWDING).state == STATE_OFF
    night = dt_util.as_utc(dt_util.now().replace(hour=1, minute=0))
    send(hass, init_integration, "crowding_started", role="aisle", count=5, when=night)
    await hass.async_block_till_done()
    assert hass.states.get(CROWDING).state == STATE_ON
    # Payments: in, pay at the kiosk, out is fine; in and out without paying is not.
    await hass.services.async_call(
        "unmanned_store",
        "remote_unlock",
        {"config_entry_id": init_integration.entry_id},
        blocking=True,
    )
    send(hass, init_integration, "crossing_in")
    hass.states.async_set(KIOSK, "1")
    hass.states.async_set(KIOSK, "1", {"amount": 3000})  # attributes only: no second payment
    hass.states.async_set(KIOSK, "unavailable")  # the kiosk rebooting is no payment
    await hass.async_block_till_done()
    send(hass, init_integration, "crossing_out")
    await hass.async_block_till_done()
    assert hass.states.get(ANOMALY).attributes["event_type"] == "crowding"
    await hass.services.async_call(
        "unmanned_store",
        "remote_unlock",
        {"config_entry_id": init_integration.entry_id},
        blocking=True,
    )
    send(hass, init_integration, "crossing_in")
    send(hass, init_integration, "crossing_out")
    await hass.async_block_till_done()
    state = hass.states.get(ANOMALY)
    assert state.attributes["event_type"] == "unpaid_exit"
    assert state.attributes["counts"] == {"unpaid": 1}


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({CONF_CROWDING_NIGHT_START: "23:00:00"}, "night_incomplete"),
        (
            {CONF_CROWDING_NIGHT_START: "23:00:00", CONF_CROWDING_NIGHT_END: "23:00:00"},
            "night_empty",
        ),
    ],
)
async def test_options_reject_a_half_night(
    hass: HomeAssistant, init_integration: MockConfigEntry, form: dict[str, Any], error: str
) -> None:
    """The late-night window needs both ends, and different ones."""
    result = await _options(hass, init_integration, {CONF_TAILGATING_WINDOW: 10, **form})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}


@pytest.mark.parametrize(
    "entry_options",
    [{CONF_ANOMALIES: {CONF_CROWDING_NIGHT_START: "25:99", CONF_CROWDING_NIGHT_END: "01:00"}}],
)
async def test_broken_stored_options_fail_setup_clearly(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Options edited by hand into nonsense stop the store with a translated reason."""
    mock_config_entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(mock_config_entry.entry_id)
    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    assert "25:99" in (mock_config_entry.reason or "")


@pytest.mark.parametrize(
    "entry_options",
    [
        {
            CONF_OPERATING_HOURS: {
                "weekly": {
                    day: [["09:00", "18:00"]]
                    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
                }
            }
        }
    ],
)
async def test_closing_and_opening_follow_the_hours(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A person after closing is an intrusion; the next opening ends it."""
    freezer.move_to(dt_util.now().replace(hour=17, minute=59, second=0) + timedelta(days=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    send(hass, init_integration, "intrusion", role="aisle")
    await hass.async_block_till_done()
    assert hass.states.get(INTRUSION).state == STATE_OFF
    freezer.tick(timedelta(minutes=1, seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    send(hass, init_integration, "intrusion", role="aisle")
    await hass.async_block_till_done()
    assert hass.states.get(INTRUSION).state == STATE_ON
    # Someone is still moving at 08:57; the opening at 09:00 ends it before the quiet timer.
    freezer.move_to(dt_util.now().replace(hour=8, minute=57, second=0) + timedelta(days=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    send(hass, init_integration, "intrusion", role="aisle")
    await hass.async_block_till_done()
    assert hass.states.get(INTRUSION).state == STATE_ON
    freezer.tick(timedelta(minutes=3, seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert init_integration.runtime_data.hours.is_open
    assert hass.states.get(INTRUSION).state == STATE_OFF


async def test_anomaly_logbook_lines_say_the_kind(
    recorder_mock: Any,
    hass: HomeAssistant,
    door: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Each anomaly reads as its kind and where, in the user's language, in the logbook."""
    assert await async_setup_component(hass, "logbook", {})
    since = dt_util.utcnow()
    send(hass, door, "loitering_started", camera="Aisle", role="aisle", zone="ice")
    hass.states.async_set(CONTACT, STATE_ON)
    await hass.async_block_till_done()
    send(hass, door, "smoke_started", camera="Kitchen", role="counter")
    await hass.async_block_till_done()
    await async_wait_recording_done(hass)
    name = hass.states.get(ANOMALY).attributes["friendly_name"]

    async def lines() -> list[tuple[str, str]]:
        client = await hass_ws_client(hass)
        await client.send_json_auto_id(
            {"type": "logbook/get_events", "start_time": since.isoformat(), "entity_ids": [ANOMALY]}
        )
        response = await client.receive_json()
        return [(row["name"], row["message"]) for row in response["result"] if "message" in row]

    assert await lines() == [
        (name, "Loitering (Aisle, ice)"),
        (name, "Forced entry (Door)"),
        (name, "Smoke (Kitchen)"),
    ]
    await hass.config.async_update(language="ko")
    await async_get_translations(hass, "ko", "entity", [DOMAIN])
    assert await lines() == [
        (name, "배회 (Aisle, ice)"),
        (name, "강제 출입 (출입문)"),
        (name, "연기 (Kitchen)"),
    ]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_anomaly_events_have_distinct_names(language: str) -> None:
    """The store's event and the cameras' events are told apart in the entity pickers."""
    path = Path(__file__).parent.parent / "custom_components" / "unmanned_store" / "translations"
    events = json.loads((path / f"{language}.json").read_text(encoding="utf-8"))["entity"]["event"]
    assert events["anomaly"]["name"] != events["camera_anomaly"]["name"]
    assert "이상 상황" not in {events["anomaly"]["name"], events["camera_anomaly"]["name"]}
