"""The response blueprints, run by Home Assistant's own blueprint and automation machinery.

The store installs its blueprints into the config dir at setup; each test makes an automation
from one of them and triggers it from the integration's real events: a forced entry and a door
held open through the DIY door's contact, granted passes through its reader, and camera events
on the store's dispatcher signal. The speaker is the recording peer of test_speaker; the
owner's phone is a mocked notify.mobile_app_* action (no phone can be here).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.unmanned_store.const import CONF_OPERATING_HOURS
from custom_components.unmanned_store.speaker.announcements import PRESETS
from homeassistant.components.lock.const import LockState
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component

from . import test_door, test_speaker
from .test_anomalies import send
from .test_door import CONTACT, LOCK, MODE, READER, STORE_LOCK
from .test_speaker import SPEAKER_FORM, _speaker_options
from .test_speaker_peer import Peer

# The DIY door and the speaker peer, as their own tests set them up.
diy_door = test_door.diy_door
door = test_door.door
peer = test_speaker.peer

PHONE = "notify.mobile_app_owner"
ANOMALY = "event.mangwon_ice_cream_anomaly"
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
KO = {key: preset.ko for key, preset in PRESETS.items()}
EN = {key: preset.en for key, preset in PRESETS.items()}


@pytest.fixture
async def store(
    hass: HomeAssistant,
    peer: Peer,
    door: MockConfigEntry,
) -> MockConfigEntry:
    """The store with its DIY door and its speaker, configured as an owner does."""
    result = await _speaker_options(hass, door, SPEAKER_FORM)
    assert result["type"] == "create_entry"
    return door


@pytest.fixture
async def alarm(hass: HomeAssistant) -> str:
    """A siren the owner has, set up before the door (which shares input_boolean with it)."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(
        hass,
        "input_boolean",
        {"input_boolean": {"bolt": {"initial": True}, "siren": {"initial": False}}},
    )
    return "input_boolean.siren"


@pytest.fixture
def phone(hass: HomeAssistant) -> list[ServiceCall]:
    """The owner's phone: the mobile app's notify action, recorded."""
    return async_mock_service(hass, "notify", "mobile_app_owner")


async def automation(hass: HomeAssistant, file: str, inputs: dict[str, Any]) -> str:
    """Make an automation from an installed blueprint; returns its entity id."""
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": [
                {
                    "id": file,
                    "alias": file.removesuffix(".yaml"),
                    "use_blueprint": {"path": f"unmanned_store/{file}", "input": inputs},
                }
            ]
        },
    )
    await settle(hass)
    entity_id = f"automation.{file.removesuffix('.yaml')}"
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == STATE_ON, f"{file} did not load"
    return entity_id


async def settle(hass: HomeAssistant) -> None:
    """Let every automation run finish: runs are background tasks of Home Assistant."""
    await hass.async_block_till_done(wait_background_tasks=True)


def spoken(peer: Peer) -> list[str]:
    """What the counter player said, in order (the hall player says the same)."""
    return [message for player, message, _ in peer.calls.plays() if player.endswith("counter")]


async def test_setup_installs_every_blueprint(hass: HomeAssistant, store: MockConfigEntry) -> None:
    """Every shipped blueprint is in the owner's blueprints folder after setup, unchanged in use."""
    shipped = Path(__file__).parent.parent / "blueprints" / "automation" / "unmanned_store"
    installed = Path(hass.config.path("blueprints", "automation", "unmanned_store"))
    assert sorted(p.name for p in installed.glob("*.yaml")) == sorted(
        p.name for p in shipped.glob("*.yaml")
    )


async def test_theft_warning_speaks_notifies_and_handles_the_buttons(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
) -> None:
    """Loitering: speak, phone gets the snapshot and buttons; speak again, then lock the door."""
    await automation(
        hass,
        "theft_warning.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store.entry_id,
            "notify_action": PHONE,
            "door_lock": STORE_LOCK,
        },
    )
    send(hass, store, "loitering_started", camera="Aisle", role="aisle", zone="ice cream")
    await settle(hass)
    assert spoken(peer) == [KO["loitering"]]
    [call] = phone
    assert call.data["message"] == "Someone is loitering (Aisle, ice cream)."
    data = call.data["data"]
    assert data["image"] == "/api/image_proxy/image.aisle_snapshot"
    lock, again, dismiss = data["actions"]
    assert [lock["title"], again["title"], dismiss["title"]] == [
        "Lock the door",
        "Speak again",
        "Dismiss",
    ]
    # Another phone's action, or an old notification's, does nothing.
    hass.bus.async_fire("mobile_app_notification_action", {"action": "SOMETHING_ELSE"})
    await settle(hass)
    assert spoken(peer) == [KO["loitering"]]
    hass.bus.async_fire("mobile_app_notification_action", {"action": again["action"]})
    await settle(hass)
    assert spoken(peer) == [KO["loitering"]] * 2
    # Someone unlocked the door from the app; the owner's "lock" button locks it at once.
    await hass.services.async_call("lock", "unlock", {"entity_id": STORE_LOCK}, blocking=True)
    assert hass.states.get(LOCK).state == LockState.UNLOCKED
    hass.bus.async_fire("mobile_app_notification_action", {"action": lock["action"]})
    await settle(hass)
    # The template lock follows its input_boolean a few loop turns later.
    for _ in range(20):
        if hass.states.get(LOCK).state == LockState.LOCKED:
            break
        await hass.async_block_till_done()
    assert hass.states.get(LOCK).state == LockState.LOCKED
    assert lock["action"] == "UNMANNED_STORE_LOCK_automation.theft_warning:loitering"


async def test_theft_warning_for_an_unpaid_exit_and_dismiss(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
) -> None:
    """An unpaid exit asks to pay; no door lock, no lock button; dismiss does nothing more."""
    hass.config_entries.async_update_entry(
        store, options={**store.options, "anomalies": {"payment_entity": "sensor.kiosk"}}
    )
    await settle(hass)
    await automation(
        hass,
        "theft_warning.yaml",
        {"anomaly_event": ANOMALY, "store": store.entry_id, "notify_action": PHONE},
    )
    await hass.services.async_call(
        "unmanned_store", "remote_unlock", {"config_entry_id": store.entry_id}, blocking=True
    )
    send(hass, store, "crossing_in")
    send(hass, store, "crossing_out")
    await settle(hass)
    assert spoken(peer) == [KO["unpaid_goods"]]
    [call] = phone
    assert call.data["message"] == "Someone left without paying (Door cam)."
    again, dismiss = call.data["data"]["actions"]
    hass.bus.async_fire("mobile_app_notification_action", {"action": dismiss["action"]})
    await settle(hass)
    assert spoken(peer) == [KO["unpaid_goods"]]
    # "Speak again" repeats the unpaid-goods request, not the loitering one.
    hass.bus.async_fire("mobile_app_notification_action", {"action": again["action"]})
    await settle(hass)
    assert spoken(peer) == [KO["unpaid_goods"]] * 2
    assert len(phone) == 1


@pytest.mark.parametrize(
    "entry_options",
    # Open 09:00-18:00 every day; the tests run at 04:00 local (US/Pacific), when it is closed.
    [{CONF_OPERATING_HOURS: {"weekly": {day: [["09:00", "18:00"]] for day in WEEK}}}],
)
@pytest.mark.freeze_time("2026-03-03 12:00:00+00:00")
async def test_after_hours_intrusion_from_a_forced_door(
    hass: HomeAssistant,
    alarm: str,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
) -> None:
    """The door forced while the shop is closed: warning, alarm, door mode closed, phone told."""
    assert not store.runtime_data.hours.is_open
    await automation(
        hass,
        "after_hours_intrusion.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store.entry_id,
            "door_mode": MODE,
            "alarm_entities": [alarm],
            "notify_action": PHONE,
        },
    )
    hass.states.async_set(CONTACT, STATE_ON)
    await settle(hass)
    assert hass.states.get(MODE).state == "closed"
    assert hass.states.get(alarm).state == STATE_ON
    assert spoken(peer) == [
        "영업시간이 아닙니다. 출입이 기록되었고 관리자에게 알렸습니다. The store is closed. "
        "This entry has been recorded and the owner has been told."
    ]
    [call] = phone
    assert call.data["message"] == (
        "1 person(s) seen at door while the store is closed. The door mode is now closed."
    )
    assert "image" not in call.data["data"]


async def test_after_hours_intrusion_from_a_camera_with_snapshot(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
) -> None:
    """Door mode closed by the owner: a person on camera is an intrusion, with the snapshot."""
    await automation(
        hass,
        "after_hours_intrusion.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store.entry_id,
            "door_mode": MODE,
            "notify_action": PHONE,
        },
    )
    await hass.services.async_call(
        "select", "select_option", {"entity_id": MODE, "option": "closed"}, blocking=True
    )
    send(hass, store, "intrusion", camera="Aisle", role="aisle", count=2)
    await settle(hass)
    [call] = phone
    assert call.data["message"].startswith("2 person(s) seen at Aisle")
    assert call.data["data"]["image"] == "/api/image_proxy/image.aisle_snapshot"


async def test_fire_opens_the_door_speaks_both_languages_and_alerts(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
) -> None:
    """Flame on camera: door mode free (unlocked), ko then en at fire priority, critical push."""
    partner = async_mock_service(hass, "notify", "mobile_app_partner")
    await automation(
        hass,
        "fire_evacuation.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store.entry_id,
            "door_mode": MODE,
            "repeat_notice": 1,
            "notify_action": PHONE,
            "extra_notify_action": "notify.mobile_app_partner",
        },
    )
    send(hass, store, "flame_started", camera="Counter", role="counter")
    await settle(hass)
    assert hass.states.get(MODE).state == "free"
    assert hass.states.get(STORE_LOCK).state == LockState.UNLOCKED
    assert spoken(peer) == [KO["fire_evacuation"], EN["fire_evacuation"]]
    [call] = phone
    push = call.data["data"]
    assert push["push"]["interruption-level"] == "critical"
    assert push["push"]["sound"]["critical"] == 1
    assert push["channel"] == "alarm_stream"
    assert push["image"] == "/api/image_proxy/image.counter_snapshot"
    [extra] = partner
    assert extra.data["message"].startswith("Fire detected by Counter")


async def test_fire_from_smoke_on_a_camera(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
) -> None:
    """Smoke seen by a camera starts the evacuation as flame does; the push says smoke."""
    await automation(
        hass,
        "fire_evacuation.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store.entry_id,
            "door_mode": MODE,
            "repeat_notice": 1,
            "notify_action": PHONE,
        },
    )
    # Other anomalies of the same event entity are not a fire.
    send(hass, store, "tamper_started", camera="Aisle", role="aisle")
    await settle(hass)
    assert hass.states.get(MODE).state != "free"
    assert phone == []
    assert spoken(peer) == []

    send(hass, store, "smoke_started", camera="Aisle", role="aisle")
    await settle(hass)
    assert hass.states.get(ANOMALY).attributes["event_type"] == "smoke"
    assert hass.states.get(MODE).state == "free"
    assert hass.states.get(STORE_LOCK).state == LockState.UNLOCKED
    assert spoken(peer) == [KO["fire_evacuation"], EN["fire_evacuation"]]
    [call] = phone
    assert call.data["message"].startswith("Smoke detected by Aisle")
    assert call.data["data"]["push"]["interruption-level"] == "critical"
    assert call.data["data"]["image"] == "/api/image_proxy/image.aisle_snapshot"


async def test_fire_from_a_smoke_detector(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
) -> None:
    """A smoke detector the owner chose starts the same evacuation."""
    hass.states.async_set("binary_sensor.smoke", STATE_OFF, {"device_class": "smoke"})
    await automation(
        hass,
        "fire_evacuation.yaml",
        {
            "anomaly_event": ANOMALY,
            "smoke_sensors": ["binary_sensor.smoke"],
            "store": store.entry_id,
            "door_mode": MODE,
            "repeat_notice": 1,
            "notify_action": PHONE,
        },
    )
    hass.states.async_set("binary_sensor.smoke", STATE_ON, {"friendly_name": "Kitchen smoke"})
    await settle(hass)
    assert hass.states.get(MODE).state == "free"
    [call] = phone
    assert call.data["message"].startswith("Fire detected by Kitchen smoke")
    assert "image" not in call.data["data"]


async def test_tailgating_asks_to_scan_and_notifies_when_it_repeats(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    freezer: FrozenDateTimeFactory,
) -> None:
    """Real grant, two people: scan please; again within 10 min: phone; after 10 min: not."""
    await automation(
        hass,
        "tailgating.yaml",
        {"anomaly_event": ANOMALY, "store": store.entry_id, "notify_action": PHONE},
    )

    async def walk_in_behind(entry: MockConfigEntry) -> None:
        response = await hass.services.async_call(
            "unmanned_store",
            "issue_pass",
            {"config_entry_id": entry.entry_id, "kind": "member"},
            blocking=True,
            return_response=True,
        )
        assert response is not None
        hass.states.async_set(READER, response["code"])
        await settle(hass)
        send(hass, entry, "crossing_in", count=2)
        await settle(hass)

    await walk_in_behind(store)
    assert spoken(peer) == [KO["scan_to_enter"]]
    assert phone == []
    freezer.tick(timedelta(minutes=3))
    await walk_in_behind(store)
    assert spoken(peer) == [KO["scan_to_enter"]] * 2
    [call] = phone
    assert call.data["message"].startswith("2 came in on 1 scan(s)")
    freezer.tick(timedelta(minutes=11))
    await walk_in_behind(store)
    assert len(phone) == 1


async def test_crowding_notice(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
) -> None:
    """Crowding: the notice in the chosen language, and the phone when asked."""
    await automation(
        hass,
        "crowding_notice.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store.entry_id,
            "language": "en",
            "notify_action": PHONE,
        },
    )
    send(hass, store, "crowding_started", camera="Aisle", role="aisle", count=6)
    await settle(hass)
    assert spoken(peer) == [EN["crowding"]]
    assert phone[0].data["message"] == "6 people at Aisle."


async def test_crowding_notice_in_the_store_language(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
) -> None:
    """By default the store's language (Korean here) and no phone."""
    await automation(
        hass, "crowding_notice.yaml", {"anomaly_event": ANOMALY, "store": store.entry_id}
    )
    send(hass, store, "crowding_started", camera="Aisle", role="aisle", count=6)
    await settle(hass)
    assert spoken(peer) == [KO["crowding"]]


async def test_tamper_and_offline_notify(
    hass: HomeAssistant, store: MockConfigEntry, phone: list[ServiceCall]
) -> None:
    """A covered camera and a lost stream each reach the phone, naming the camera."""
    await automation(
        hass, "device_problem.yaml", {"anomaly_event": ANOMALY, "notify_action": PHONE}
    )
    send(hass, store, "tamper_started", camera="Counter", role="counter")
    await settle(hass)
    send(hass, store, "stream_lost", camera="Aisle", role="aisle")
    await settle(hass)
    send(hass, store, "loitering_started", camera="Aisle", role="aisle")
    await settle(hass)
    assert [c.data["message"] for c in phone] == [
        "Tampering reported by Counter.",
        "Aisle went offline.",
    ]
    assert phone[0].data["data"]["image"] == "/api/image_proxy/image.counter_snapshot"
    assert phone[1].data["title"] == "Unmanned store - check Aisle"


@pytest.mark.parametrize("with_contact", [True, False])
async def test_door_held_open_speaks_then_notifies(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    freezer: FrozenDateTimeFactory,
    with_contact: bool,
) -> None:
    """The real contact left open: spoken request, then the phone unless it was closed."""
    await automation(
        hass,
        "door_held_open.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store.entry_id,
            "notify_action": PHONE,
            **({"door_contact": CONTACT} if with_contact else {}),
        },
    )
    hass.states.async_set(CONTACT, STATE_ON)
    await settle(hass)
    freezer.tick(timedelta(seconds=31))  # the door's held-open time is 30 s
    async_fire_time_changed(hass)
    await settle(hass)
    assert hass.states.get(ANOMALY).attributes["event_type"] == "door_held_open"
    assert spoken(peer) == [
        "출입문이 열려 있습니다. 문을 닫아 주세요. The door is open, please close it."
    ]
    [call] = phone
    assert call.data["message"] == (
        "The door has been open too long and is still open."
        if with_contact
        else "The door has been open too long."
    )


async def test_door_held_open_closed_while_speaking_is_not_notified(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
) -> None:
    """With the contact chosen, a door closed by the time the request is spoken is left alone."""
    await automation(
        hass,
        "door_held_open.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store.entry_id,
            "notify_action": PHONE,
            "door_contact": CONTACT,
        },
    )
    hass.states.async_set(CONTACT, STATE_OFF)
    await settle(hass)
    store.runtime_data.door._fire(
        "door_held_open", reason=None, method="device", decision=None, reader="test"
    )
    await settle(hass)
    assert len(spoken(peer)) == 1
    assert phone == []


async def test_a_reload_does_not_replay_the_last_anomaly(
    hass: HomeAssistant, store: MockConfigEntry, peer: Peer
) -> None:
    """The event entity coming back after a reload is not a new anomaly: nothing is spoken."""
    await automation(
        hass, "crowding_notice.yaml", {"anomaly_event": ANOMALY, "store": store.entry_id}
    )
    send(hass, store, "crowding_started", camera="Aisle", role="aisle", count=6)
    await settle(hass)
    assert len(spoken(peer)) == 1
    assert await hass.config_entries.async_reload(store.entry_id)
    await settle(hass)
    assert hass.states.get(ANOMALY).attributes["event_type"] == "crowding"
    assert len(spoken(peer)) == 1
