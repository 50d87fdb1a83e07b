"""The response blueprints, run by Home Assistant's own blueprint and automation machinery.

The store installs its blueprints into the config dir at setup; each test makes an automation
from one of them and triggers it from the integration's real events: a forced entry and a door
held open through the DIY door's contact, granted passes through its reader, and camera events
on the store's dispatcher signal. The speaker is the recording peer of test_speaker; the
owner's phone is a mobile_app device registered as the mobile app integration registers one
(its config entry names the device, the device hangs off that entry) with its
notify.mobile_app_<name> action recorded (no phone can be here). The store is Korean: every
notification must come in Korean.
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

from custom_components.unmanned_store.anomalies.rules import GROUP_GAP
from custom_components.unmanned_store.const import CONF_OPERATING_HOURS, CONF_STORE_ID, DOMAIN
from custom_components.unmanned_store.speaker.announcements import PRESETS
from homeassistant.components.lock.const import LockState
from homeassistant.const import EVENT_CALL_SERVICE, STATE_OFF, STATE_ON
from homeassistant.core import Event, HomeAssistant, ServiceCall
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from homeassistant.util import slugify
from homeassistant.util.yaml import load_yaml_dict

from . import test_door, test_speaker
from .test_anomalies import send
from .test_door import CONTACT, JAMMED, LOCK, MODE, READER, STORE_LOCK
from .test_speaker import SPEAKER_FORM, _speaker_options
from .test_speaker_peer import Peer

# The DIY door and the speaker peer, as their own tests set them up.
diy_door = test_door.diy_door
door = test_door.door
peer = test_speaker.peer

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


def register_phone(hass: HomeAssistant, name: str) -> tuple[str, list[ServiceCall]]:
    """A phone as the mobile app registers it: (its device id, its recorded notify calls)."""
    entry = MockConfigEntry(
        domain="mobile_app",
        title=name,
        data={"device_name": name, "device_id": f"{name}-id", "app_data": {}},
    )
    entry.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={("mobile_app", f"{name}-id")},
        manufacturer="Apple",
        model="iPhone",
        name=name,
    )
    # The mobile app's notify action is named after the device as it registered.
    service = slugify(f"mobile_app_{name}")
    return device.id, async_mock_service(hass, "notify", service)


@pytest.fixture
def phone_device(hass: HomeAssistant) -> tuple[str, list[ServiceCall]]:
    """The owner's phone."""
    return register_phone(hass, "Owner phone")


@pytest.fixture
def phone(phone_device: tuple[str, list[ServiceCall]]) -> list[ServiceCall]:
    """What the owner's phone received."""
    return phone_device[1]


@pytest.fixture
def phones(phone_device: tuple[str, list[ServiceCall]]) -> list[str]:
    """The phones input of a blueprint."""
    return [phone_device[0]]


def store_device(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """The store's device: what the blueprints' store picker offers."""
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, entry.data[CONF_STORE_ID])})
    assert device is not None
    return device.id


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


TITLE = "Mangwon Ice Cream · "


async def press(hass: HomeAssistant, button: dict[str, str]) -> None:
    """The owner presses a notification button; the mobile app fires its event."""
    hass.bus.async_fire("mobile_app_notification_action", {"action": button["action"]})
    await settle(hass)


async def test_theft_warning_speaks_notifies_and_handles_the_buttons(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
) -> None:
    """Loitering: speak, the phone gets Korean text, snapshot and buttons the store acts on."""
    await automation(
        hass,
        "theft_warning.yaml",
        {"anomaly_event": ANOMALY, "store": store_device(hass, store), "phones": phones},
    )
    send(hass, store, "loitering_started", camera="Aisle", role="aisle", zone="ice cream")
    await settle(hass)
    assert spoken(peer) == [KO["loitering"]]
    [call] = phone
    assert call.data["title"] == TITLE + "장시간 머무름"
    assert call.data["message"] == (
        "Aisle, ice cream에 오래 머무는 사람이 있습니다. 매장 스피커로 정중히 안내했습니다."
    )
    data = call.data["data"]
    assert data["image"] == "/api/image_proxy/image.aisle_snapshot"
    lock, again = data["actions"]
    assert [lock["title"], again["title"]] == ["문 잠그기", "다시 안내"]
    # Another app's button, or garbage, does nothing.
    hass.bus.async_fire("mobile_app_notification_action", {"action": "SOMETHING_ELSE"})
    hass.bus.async_fire("mobile_app_notification_action", {"action": None})
    await settle(hass)
    assert spoken(peer) == [KO["loitering"]]
    await press(hass, again)
    assert spoken(peer) == [KO["loitering"]] * 2
    # Someone unlocked the door from the app; the owner's "lock" button locks it at once.
    await hass.services.async_call("lock", "unlock", {"entity_id": STORE_LOCK}, blocking=True)
    assert hass.states.get(LOCK).state == LockState.UNLOCKED
    await press(hass, lock)
    # The template lock follows its input_boolean a few loop turns later.
    for _ in range(20):
        if hass.states.get(LOCK).state == LockState.LOCKED:
            break
        await hass.async_block_till_done()
    assert hass.states.get(LOCK).state == LockState.LOCKED


async def test_theft_warning_for_an_unpaid_exit(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
) -> None:
    """An unpaid exit asks to pay; without the lock button only "speak again", which repeats it."""
    hass.config_entries.async_update_entry(
        store, options={**store.options, "anomalies": {"payment_entity": "sensor.kiosk"}}
    )
    await settle(hass)
    await automation(
        hass,
        "theft_warning.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store_device(hass, store),
            "phones": phones,
            "lock_button": False,
        },
    )
    await hass.services.async_call(
        "unmanned_store", "remote_unlock", {"config_entry_id": store.entry_id}, blocking=True
    )
    send(hass, store, "crossing_in")
    send(hass, store, "crossing_out")
    await settle(hass)
    assert spoken(peer) == [KO["unpaid_goods"]]
    [call] = phone
    assert call.data["message"] == (
        "Door cam에서 결제하지 않고 나간 사람이 있습니다. 매장 스피커로 결제를 안내했습니다."
    )
    [again] = call.data["data"]["actions"]
    await press(hass, again)
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
    phones: list[str],
) -> None:
    """The door forced while the shop is closed: warning, alarm, door mode closed, phone told."""
    assert not store.runtime_data.hours.is_open
    await automation(
        hass,
        "after_hours_intrusion.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store_device(hass, store),
            "door_mode": MODE,
            "alarm_entities": [alarm],
            "phones": phones,
            "call_number": "112",
        },
    )
    hass.states.async_set(CONTACT, STATE_ON)
    await settle(hass)
    assert hass.states.get(MODE).state == "closed"
    assert hass.states.get(alarm).state == STATE_ON
    warning = (
        "영업시간이 아닙니다. 출입이 기록되었고 관리자에게 알렸습니다. The store is closed. "
        "This entry has been recorded and the owner has been told."
    )
    assert spoken(peer) == [warning]
    [call] = phone
    assert call.data["title"] == TITLE + "영업시간 외 출입"
    assert call.data["message"] == (
        "영업시간이 아닌데 출입문에서 1명이 보였습니다. 출입 모드를 출입 차단으로 바꿨습니다."
    )
    assert "image" not in call.data["data"]
    again, dial = call.data["data"]["actions"]
    assert dial == {"action": "URI", "title": "전화 걸기", "uri": "tel:112"}
    await press(hass, again)
    assert spoken(peer) == [warning] * 2


async def test_after_hours_intrusion_from_a_camera_with_snapshot(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
) -> None:
    """Door mode closed by the owner: a person on camera is an intrusion, with the snapshot."""
    await automation(
        hass,
        "after_hours_intrusion.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store_device(hass, store),
            "door_mode": MODE,
            "phones": phones,
        },
    )
    await hass.services.async_call(
        "select", "select_option", {"entity_id": MODE, "option": "closed"}, blocking=True
    )
    send(hass, store, "intrusion", camera="Aisle", role="aisle", count=2)
    await settle(hass)
    [call] = phone
    assert call.data["message"].startswith("영업시간이 아닌데 Aisle에서 2명이 보였습니다.")
    assert call.data["data"]["image"] == "/api/image_proxy/image.aisle_snapshot"
    assert [a["title"] for a in call.data["data"]["actions"]] == ["다시 안내"]


async def fire_automation(
    hass: HomeAssistant,
    store: MockConfigEntry,
    phones: list[str],
    call_number: str = "119",
    **inputs: Any,
) -> None:
    """The fire evacuation automation as an owner makes it (saying the notice once)."""
    await automation(
        hass,
        "fire_evacuation.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store_device(hass, store),
            "door_mode": MODE,
            "repeat_notice": 1,
            "phones": phones,
            "call_number": call_number,
            **inputs,
        },
    )


async def close_the_shop(hass: HomeAssistant) -> None:
    """The owner sets the door mode to closed: nobody should be inside."""
    await hass.services.async_call(
        "select", "select_option", {"entity_id": MODE, "option": "closed"}, blocking=True
    )
    await settle(hass)


async def test_fire_opens_the_door_speaks_both_languages_and_alerts(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
) -> None:
    """Flame on camera: door mode free, ko then en at fire priority, critical push to both."""
    partner_device, partner = register_phone(hass, "Partner's phone")
    await fire_automation(hass, store, [*phones, partner_device])
    send(hass, store, "flame_started", camera="Counter", role="counter")
    await settle(hass)
    assert hass.states.get(MODE).state == "free"
    assert hass.states.get(STORE_LOCK).state == LockState.UNLOCKED
    assert spoken(peer) == [KO["fire_evacuation"], EN["fire_evacuation"]]
    [call] = phone
    assert call.data["title"] == TITLE + "화재"
    assert call.data["message"] == (
        "Counter에서 화재가 감지되었습니다. 출입문을 열어 두었고 대피 안내가 나오고 있습니다."
    )
    push = call.data["data"]
    assert push["push"]["interruption-level"] == "critical"
    assert push["push"]["sound"]["critical"] == 1
    assert push["channel"] == "alarm_stream"
    assert push["image"] == "/api/image_proxy/image.counter_snapshot"
    assert push["actions"] == [{"action": "URI", "title": "전화 걸기", "uri": "tel:119"}]
    [extra] = partner
    assert extra.data == call.data


async def test_fire_from_smoke_on_a_camera(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
) -> None:
    """Smoke seen by a camera starts the evacuation as flame does; the push says smoke."""
    await fire_automation(hass, store, phones, call_number="")
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
    assert call.data["title"] == TITLE + "연기"
    assert call.data["message"] == (
        "Aisle에서 연기가 감지되었습니다. 출입문을 열어 두었고 대피 안내가 나오고 있습니다."
    )
    assert call.data["data"]["push"]["interruption-level"] == "critical"
    assert call.data["data"]["image"] == "/api/image_proxy/image.aisle_snapshot"


@pytest.mark.parametrize("closed", [False, True])
async def test_fire_from_a_smoke_detector(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
    closed: bool,
) -> None:
    """A smoke detector the owner chose starts the same evacuation; it is not a camera, so it
    does not ask first when the shop is closed."""
    hass.states.async_set("binary_sensor.smoke", STATE_OFF, {"device_class": "smoke"})
    await fire_automation(
        hass, store, phones, call_number="", smoke_sensors=["binary_sensor.smoke"]
    )
    if closed:
        await close_the_shop(hass)
    hass.states.async_set("binary_sensor.smoke", STATE_ON, {"friendly_name": "Kitchen smoke"})
    await settle(hass)
    assert hass.states.get(MODE).state == "free"
    assert spoken(peer) == [KO["fire_evacuation"], EN["fire_evacuation"]]
    [call] = phone
    assert call.data["title"] == TITLE + "화재"
    assert call.data["message"].startswith("Kitchen smoke에서 화재가 감지되었습니다.")
    assert "image" not in call.data["data"]
    assert "actions" not in call.data["data"]


async def test_fire_seen_by_a_camera_in_a_closed_shop_waits_for_the_owner(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
) -> None:
    """Closed shop, a camera alone: the door stays shut and the speaker quiet; the phone gets
    the picture and Evacuate, which starts the whole evacuation (the extra locks too)."""
    unlocks: list[Event] = []
    hass.bus.async_listen(
        EVENT_CALL_SERVICE,
        lambda event: unlocks.append(event)
        if (event.data["domain"], event.data["service"]) == ("lock", "unlock")
        else None,
    )
    await fire_automation(hass, store, phones, extra_locks=[JAMMED])
    await close_the_shop(hass)
    send(hass, store, "flame_started", camera="Counter", role="counter")
    await settle(hass)
    assert hass.states.get(ANOMALY).attributes["closed"] is True
    assert hass.states.get(MODE).state == "closed"
    assert hass.states.get(STORE_LOCK).state == LockState.LOCKED
    assert spoken(peer) == []
    assert unlocks == []
    [asked] = phone
    assert asked.data["title"] == TITLE + "카메라 화재 감지"
    assert asked.data["message"] == (
        "Counter 카메라가 화재를 감지했습니다. 아직 매장에서는 아무 조치도 하지 않았습니다. "
        "사진을 확인하고 화재라면 대피 시작을 누르세요."
    )
    push = asked.data["data"]
    assert push["image"] == "/api/image_proxy/image.counter_snapshot"
    assert push["push"]["interruption-level"] == "critical"
    evacuate, dial = push["actions"]
    assert evacuate["title"] == "대피 시작"
    assert dial == {"action": "URI", "title": "전화 걸기", "uri": "tel:119"}

    await press(hass, evacuate)
    assert hass.states.get(MODE).state == "free"
    assert hass.states.get(STORE_LOCK).state == LockState.UNLOCKED
    assert spoken(peer) == [KO["fire_evacuation"], EN["fire_evacuation"]]
    # The extra locks as well as the door's own bolt.
    assert [JAMMED] in [e.data["service_data"]["entity_id"] for e in unlocks]
    asked_first, told = phone
    assert told.data["title"] == TITLE + "화재"
    assert told.data["message"] == (
        "매장에서 화재가 감지되었습니다. 출입문을 열어 두었고 대피 안내가 나오고 있습니다."
    )


async def test_smoke_seen_by_a_camera_in_a_closed_shop_asks_about_smoke(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
) -> None:
    """Smoke asks as smoke, and Evacuate then reports smoke; without a number, no call button."""
    await fire_automation(hass, store, phones, call_number="")
    await close_the_shop(hass)
    send(hass, store, "smoke_started", camera="Aisle", role="aisle")
    await settle(hass)
    [asked] = phone
    assert asked.data["title"] == TITLE + "카메라 연기 감지"
    [evacuate] = asked.data["data"]["actions"]
    await press(hass, evacuate)
    assert hass.states.get(MODE).state == "free"
    assert phone[1].data["title"] == TITLE + "연기"


async def test_evacuate_too_late_or_for_another_store_does_nothing(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
    freezer: FrozenDateTimeFactory,
) -> None:
    """An Evacuate pressed over 30 minutes after the notification, or another store's, is
    ignored: an old notification on the lock screen must not open the door hours later."""
    await fire_automation(hass, store, phones)
    await close_the_shop(hass)
    hass.bus.async_fire(DOMAIN + "_evacuate", {"config_entry_id": "another", "kind": "fire_check"})
    await settle(hass)
    assert hass.states.get(MODE).state == "closed"
    send(hass, store, "flame_started", camera="Counter", role="counter")
    await settle(hass)
    [asked] = phone
    evacuate, _ = asked.data["data"]["actions"]
    freezer.tick(timedelta(minutes=31))
    await press(hass, evacuate)
    assert hass.states.get(MODE).state == "closed"
    assert spoken(peer) == []
    assert len(phone) == 1


@pytest.mark.parametrize(
    ("choice", "closed", "asks"),
    [
        ("ask", False, True),
        ("always", True, False),
        ("when_open", False, False),
    ],
)
async def test_what_a_camera_alone_does_is_the_owners_choice(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
    choice: str,
    closed: bool,
    asks: bool,
) -> None:
    """Always ask (a shop open day and night), always evacuate, or ask only while closed."""
    await fire_automation(hass, store, phones, camera_alone=choice)
    if closed:
        await close_the_shop(hass)
    send(hass, store, "flame_started", camera="Counter", role="counter")
    await settle(hass)
    [call] = phone
    assert call.data["title"] == TITLE + ("카메라 화재 감지" if asks else "화재")
    assert (hass.states.get(MODE).state == "free") is not asks
    assert spoken(peer) == ([] if asks else [KO["fire_evacuation"], EN["fire_evacuation"]])


async def test_a_camera_alone_whose_phone_cannot_be_reached_evacuates_at_once(
    hass: HomeAssistant, store: MockConfigEntry, peer: Peer
) -> None:
    """The ask must reach a phone: a phone whose app is gone (no notify action) cannot be
    asked, so a closed shop's camera fire then starts the evacuation at once."""
    entry = MockConfigEntry(domain="mobile_app", data={"device_name": "Old phone"})
    entry.add_to_hass(hass)
    old_phone = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={("mobile_app", "old")}, name="Old phone"
    )
    await fire_automation(hass, store, [old_phone.id])
    await close_the_shop(hass)
    send(hass, store, "flame_started", camera="Counter", role="counter")
    await settle(hass)
    assert hass.states.get(MODE).state == "free"
    assert spoken(peer) == [KO["fire_evacuation"], EN["fire_evacuation"]]


async def test_a_camera_alone_with_no_phone_to_ask_evacuates_at_once(
    hass: HomeAssistant, store: MockConfigEntry, peer: Peer
) -> None:
    """Nobody can be asked: a closed shop's camera fire then starts the evacuation at once."""
    await fire_automation(hass, store, [])
    await close_the_shop(hass)
    send(hass, store, "flame_started", camera="Counter", role="counter")
    await settle(hass)
    assert hass.states.get(MODE).state == "free"
    assert spoken(peer) == [KO["fire_evacuation"], EN["fire_evacuation"]]


async def test_tailgating_asks_to_scan_and_notifies_when_it_repeats(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
    freezer: FrozenDateTimeFactory,
) -> None:
    """Real grant, two people: scan please; again within 10 min: phone; after 10 min: not."""
    await automation(
        hass,
        "tailgating.yaml",
        {"anomaly_event": ANOMALY, "store": store_device(hass, store), "phones": phones},
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
        # The group is reported once nobody else follows it through the door.
        freezer.tick(GROUP_GAP + timedelta(seconds=1))
        async_fire_time_changed(hass)
        await settle(hass)

    await walk_in_behind(store)
    assert spoken(peer) == [KO["scan_to_enter"]]
    assert phone == []
    freezer.tick(timedelta(minutes=3))
    await walk_in_behind(store)
    assert spoken(peer) == [KO["scan_to_enter"]] * 2
    [call] = phone
    assert call.data["title"] == TITLE + "꼬리물기 입장"
    assert call.data["message"] == (
        "Door cam에서 인증 1번에 2명이 들어왔습니다. 10분 안에 두 번째입니다."
    )
    [again] = call.data["data"]["actions"]
    await press(hass, again)
    assert spoken(peer) == [KO["scan_to_enter"]] * 3
    freezer.tick(timedelta(minutes=11))
    await walk_in_behind(store)
    assert len(phone) == 1


async def test_crowding_notice(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
) -> None:
    """Crowding: the notice in the chosen language; the owner's phone in the store's."""
    await automation(
        hass,
        "crowding_notice.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store_device(hass, store),
            "language": "en",
            "phones": phones,
        },
    )
    send(hass, store, "crowding_started", camera="Aisle", role="aisle", count=6)
    await settle(hass)
    assert spoken(peer) == [EN["crowding"]]
    assert phone[0].data["message"] == "Aisle에 6명이 있습니다. 혼잡 안내를 했습니다."


async def test_crowding_notice_in_the_store_language(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
) -> None:
    """By default the store's language (Korean here) and no phone."""
    await automation(
        hass, "crowding_notice.yaml", {"anomaly_event": ANOMALY, "store": store_device(hass, store)}
    )
    send(hass, store, "crowding_started", camera="Aisle", role="aisle", count=6)
    await settle(hass)
    assert spoken(peer) == [KO["crowding"]]
    assert phone == []


async def test_an_automation_made_with_the_store_entry_still_works(
    hass: HomeAssistant, store: MockConfigEntry, peer: Peer
) -> None:
    """Before the store was a device picker the input held the config entry id."""
    await automation(
        hass, "crowding_notice.yaml", {"anomaly_event": ANOMALY, "store": store.entry_id}
    )
    send(hass, store, "crowding_started", camera="Aisle", role="aisle", count=6)
    await settle(hass)
    assert spoken(peer) == [KO["crowding"]]


async def test_tamper_and_offline_notify(
    hass: HomeAssistant, store: MockConfigEntry, phone: list[ServiceCall], phones: list[str]
) -> None:
    """A covered camera and a lost stream each reach the phone, naming the camera."""
    await automation(hass, "device_problem.yaml", {"anomaly_event": ANOMALY, "phones": phones})
    send(hass, store, "tamper_started", camera="Counter", role="counter")
    await settle(hass)
    send(hass, store, "stream_lost", camera="Aisle", role="aisle")
    await settle(hass)
    send(hass, store, "loitering_started", camera="Aisle", role="aisle")
    await settle(hass)
    assert [(c.data["title"], c.data["message"]) for c in phone] == [
        (
            TITLE + "카메라 훼손",
            "Counter 카메라가 가려지거나 움직였습니다. 카메라를 확인해 주세요.",
        ),
        (TITLE + "장치 연결 끊김", "Aisle 연결이 끊겼습니다. 전원과 네트워크를 확인해 주세요."),
    ]
    assert phone[0].data["data"]["image"] == "/api/image_proxy/image.counter_snapshot"
    assert phone[0].data["data"]["tag"] != phone[1].data["data"]["tag"]


@pytest.mark.parametrize("with_contact", [True, False])
async def test_door_held_open_speaks_then_notifies(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
    freezer: FrozenDateTimeFactory,
    with_contact: bool,
) -> None:
    """The real contact left open: spoken request, then the phone unless it was closed."""
    await automation(
        hass,
        "door_held_open.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store_device(hass, store),
            "phones": phones,
            **({"door_contact": CONTACT} if with_contact else {}),
        },
    )
    hass.states.async_set(CONTACT, STATE_ON)
    await settle(hass)
    freezer.tick(timedelta(seconds=31))  # the door's held-open time is 30 s
    async_fire_time_changed(hass)
    await settle(hass)
    assert hass.states.get(ANOMALY).attributes["event_type"] == "door_held_open"
    close = "출입문이 열려 있습니다. 문을 닫아 주세요. The door is open, please close it."
    assert spoken(peer) == [close]
    [call] = phone
    assert call.data["message"] == (
        "출입문이 너무 오래 열려 있고 아직 열려 있습니다."
        if with_contact
        else "출입문이 너무 오래 열려 있었습니다."
    )
    [again] = call.data["data"]["actions"]
    await press(hass, again)
    assert spoken(peer) == [close] * 2


async def test_door_held_open_closed_while_speaking_is_not_notified(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
) -> None:
    """With the contact chosen, a door closed by the time the request is spoken is left alone."""
    await automation(
        hass,
        "door_held_open.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store_device(hass, store),
            "phones": phones,
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


async def test_forced_entry_warns_sounds_the_alarm_and_notifies(
    hass: HomeAssistant,
    alarm: str,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
) -> None:
    """The door opened with no scan while open for business: warning, siren, Korean push."""
    await automation(
        hass,
        "forced_entry.yaml",
        {
            "anomaly_event": ANOMALY,
            "store": store_device(hass, store),
            "alarm_entities": [alarm],
            "phones": phones,
            "call_number": "112",
        },
    )
    hass.states.async_set(CONTACT, STATE_ON)
    await settle(hass)
    assert hass.states.get(ANOMALY).attributes["event_type"] == "forced_entry"
    assert hass.states.get(alarm).state == STATE_ON
    warning = (
        "출입문이 인증 없이 열렸습니다. 이 출입은 기록되었고 관리자에게 알렸습니다. "
        "The door was opened without a scan. This entry has been recorded and the owner has "
        "been told."
    )
    assert spoken(peer) == [warning]
    [call] = phone
    assert call.data["title"] == TITLE + "출입문 강제 열림"
    assert call.data["message"] == (
        "QR 인증이나 원격 열기 없이 출입문이 열렸습니다(출입문). 매장에 경고 안내를 했습니다."
    )
    again, dial = call.data["data"]["actions"]
    assert dial["uri"] == "tel:112"
    await press(hass, again)
    assert spoken(peer) == [warning] * 2


async def test_a_reload_does_not_replay_the_last_anomaly(
    hass: HomeAssistant, store: MockConfigEntry, peer: Peer
) -> None:
    """The event entity coming back after a reload is not a new anomaly: nothing is spoken."""
    await automation(
        hass,
        "crowding_notice.yaml",
        {"anomaly_event": ANOMALY, "store": store_device(hass, store)},
    )
    send(hass, store, "crowding_started", camera="Aisle", role="aisle", count=6)
    await settle(hass)
    assert len(spoken(peer)) == 1
    assert await hass.config_entries.async_reload(store.entry_id)
    await settle(hass)
    assert hass.states.get(ANOMALY).attributes["event_type"] == "crowding"
    assert len(spoken(peer)) == 1


async def test_door_held_open_request_waits_behind_a_warning_and_is_not_an_error(
    hass: HomeAssistant,
    store: MockConfigEntry,
    peer: Peer,
    phone: list[ServiceCall],
    phones: list[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The request is cut by a loitering warning: it plays after it, the phone is told, and
    no automation logs an error (the blueprint no longer hides one with continue_on_error)."""
    device = store_device(hass, store)
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": [
                {
                    "id": file,
                    "alias": file.removesuffix(".yaml"),
                    "use_blueprint": {
                        "path": f"unmanned_store/{file}",
                        "input": {"anomaly_event": ANOMALY, "store": device, **extra},
                    },
                }
                for file, extra in (
                    ("door_held_open.yaml", {"phones": phones}),
                    ("theft_warning.yaml", {}),
                )
            ]
        },
    )
    await settle(hass)
    peer.hall.hold = True
    store.runtime_data.door._fire(
        "door_held_open", reason=None, method="device", decision=None, reader="test"
    )
    close = "출입문이 열려 있습니다. 문을 닫아 주세요. The door is open, please close it."
    await test_speaker._until(lambda: spoken(peer) == [close])
    send(hass, store, "loitering_started", camera="Aisle", role="aisle")
    await test_speaker._until(lambda: spoken(peer) == [close, KO["loitering"]])
    assert phone == []
    peer.hall.finish()
    await test_speaker._until(lambda: spoken(peer) == [close, KO["loitering"], close])
    peer.hall.finish()
    await test_speaker._until(lambda: len(phone) == 1)
    await settle(hass)
    assert phone[0].data["message"] == "출입문이 너무 오래 열려 있었습니다."
    assert "Error executing script" not in caplog.text
    assert "Error while executing automation" not in caplog.text


def _inputs(data: dict[str, Any]) -> dict[str, Any]:
    """A blueprint's inputs, sections looked into."""
    found: dict[str, Any] = {}
    for name, spec in data.items():
        if isinstance(spec, dict) and "input" in spec:
            found.update(_inputs(spec["input"]))
        else:
            found[name] = spec
    return found


async def test_the_store_picker_offers_stores_only_and_phones_are_companion_apps(
    hass: HomeAssistant, store: MockConfigEntry
) -> None:
    """Every blueprint's store input is a device picker the store device alone matches (not
    the door or the speaker under it), and its phones input picks mobile_app devices."""

    folder = Path(hass.config.path("blueprints", "automation", "unmanned_store"))
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), store.entry_id)
    assert len(devices) > 1  # the store, its door, its speaker
    for path in sorted(folder.glob("*.yaml")):
        data = await hass.async_add_executor_job(load_yaml_dict, path)
        inputs = _inputs(data["blueprint"]["input"])
        phones = inputs["phones"]["selector"]["device"]
        assert phones["multiple"] is True
        assert phones["filter"] == [{"integration": "mobile_app"}], path.name
        if "store" not in inputs:
            assert path.name == "device_problem.yaml"  # takes the store from the event
            continue
        [wanted] = inputs["store"]["selector"]["device"]["filter"]
        assert wanted["integration"] == DOMAIN
        matching = [
            d
            for d in devices
            if d.model == wanted["model"]
            and all(
                value == getattr(d, key) for key, value in wanted.items() if key != "integration"
            )
        ]
        assert [d.id for d in matching] == [store_device(hass, store)], path.name
