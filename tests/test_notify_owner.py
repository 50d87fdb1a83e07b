"""The notify_owner action and the phone buttons, in a real Home Assistant.

The phone is a mobile_app device registered as the mobile app integration registers one, with
its notify action recorded (see test_blueprints.register_phone). The door is the DIY door of
test_door: an unlock pressed on the phone really drives its lock and is logged.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiohttp import web
from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.unmanned_store.notifications.actions import BUTTONS
from custom_components.unmanned_store.notifications.owner import (
    NOTIFICATION_KINDS,
    async_texts,
)
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component

from . import test_door
from .common import get_visits
from .test_blueprints import register_phone, store_device
from .test_door import BOLT

diy_door = test_door.diy_door
door = test_door.door


async def notify(hass: HomeAssistant, entry: MockConfigEntry, **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        "unmanned_store",
        "notify_owner",
        {"config_entry_id": entry.entry_id, **data},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return dict(response)


async def press(hass: HomeAssistant, action: str) -> None:
    hass.bus.async_fire("mobile_app_notification_action", {"action": action})
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_unlock_from_the_phone_goes_through_the_door_and_is_logged(
    hass: HomeAssistant, door: MockConfigEntry
) -> None:
    """The unlock button opens the real lock and the visitor log says it was the phone."""
    device, calls = register_phone(hass, "Owner phone")
    response = await notify(hass, door, devices=[device], kind="forced_entry", buttons=["unlock"])
    assert response["sent"] == ["notify.mobile_app_owner_phone"]
    [call] = calls
    [unlock] = call.data["data"]["actions"]
    assert unlock["title"] == "문 열기"
    assert hass.states.get(BOLT).state == STATE_ON
    await press(hass, unlock["action"])
    assert hass.states.get(BOLT).state == STATE_OFF
    [visit] = await get_visits(hass, door)
    assert visit["result"] == "remote_unlock"
    assert visit["reason"] == "휴대폰 알림에서 문을 열었습니다(출입문 강제 열림)"


async def test_an_old_unlock_button_does_nothing(
    hass: HomeAssistant,
    door: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Pressed 31 minutes after sending: the door stays locked and the log says why."""
    device, calls = register_phone(hass, "Owner phone")
    await notify(hass, door, devices=[device], kind="forced_entry", buttons=["unlock"])
    [unlock] = calls[0].data["data"]["actions"]
    freezer.tick(timedelta(minutes=31))
    await press(hass, unlock["action"])
    assert hass.states.get(BOLT).state == STATE_ON
    assert await get_visits(hass, door) == []
    assert "pressed too long after the notification" in caplog.text


async def test_a_lock_button_the_door_cannot_do_is_logged_not_raised(
    hass: HomeAssistant,
    diy_door: None,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A jammed lock: the press is reported in the log, nothing breaks."""
    store = await test_door.configure_door(hass, init_integration, test_door.JAMMED)
    device, calls = register_phone(hass, "Owner phone")
    await notify(hass, store, devices=[device], kind="loitering", buttons=["lock"])
    [lock] = calls[0].data["data"]["actions"]
    await press(hass, lock["action"])
    assert "lock button could not be done" in caplog.text


async def test_buttons_of_a_store_that_is_gone_are_ignored(
    hass: HomeAssistant, door: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    """The store was unloaded since: the press does nothing."""
    device, calls = register_phone(hass, "Owner phone")
    await notify(hass, door, devices=[device], kind="forced_entry", buttons=["unlock"])
    [unlock] = calls[0].data["data"]["actions"]
    assert await hass.config_entries.async_unload(door.entry_id)
    await press(hass, unlock["action"])
    assert hass.states.get(BOLT).state == STATE_ON
    assert "store that is not loaded" in caplog.text


async def test_what_is_not_a_phone_is_refused(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The store's own device is no phone; an unknown id neither."""
    with pytest.raises(ServiceValidationError) as err:
        await notify(
            hass, init_integration, devices=[store_device(hass, init_integration)], kind="fire"
        )
    assert err.value.translation_key == "not_a_phone"
    with pytest.raises(ServiceValidationError):
        await notify(hass, init_integration, devices=["nope"], kind="fire")


async def test_a_phone_whose_app_is_not_set_up_is_reported(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A mobile_app device without its notify action (app never opened): a clear error."""
    entry = MockConfigEntry(domain="mobile_app", data={"device_name": "Old phone"})
    entry.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={("mobile_app", "old")}, name="Old phone"
    )
    ok, calls = register_phone(hass, "Owner phone")
    with pytest.raises(HomeAssistantError) as err:
        await notify(hass, init_integration, devices=[ok, device.id], kind="crowding", count=5)
    assert err.value.translation_key == "phone_not_reached"
    assert err.value.translation_placeholders == {"phones": "notify.mobile_app_old_phone"}
    assert len(calls) == 1  # the phone that works still got it


async def test_bad_numbers_and_unknown_stores_are_refused(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A call button needs a phone number; the store must be a loaded store."""
    device, _ = register_phone(hass, "Owner phone")
    with pytest.raises(ServiceValidationError) as err:
        await notify(
            hass,
            init_integration,
            devices=[device],
            kind="fire",
            buttons=["call"],
            call_number="call 119 now",
        )
    assert err.value.translation_key == "invalid_phone_number"
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            "unmanned_store",
            "notify_owner",
            {"config_entry_id": "nope", "devices": [device], "kind": "fire"},
            blocking=True,
        )
    assert err.value.translation_key == "store_not_found"


@pytest.mark.parametrize("language", ["ko", "en"])
async def test_every_notification_has_its_texts(
    hass: HomeAssistant, init_integration: MockConfigEntry, language: str
) -> None:
    """Each kind and button has a title, a message and labels in both languages."""
    texts = await async_texts(hass, language)
    for kind in NOTIFICATION_KINDS:
        assert texts[f"notification_kind.{kind}"]
        assert texts[f"notification_message.{kind}"]
    for button in BUTTONS:
        assert texts[f"notification_button.{button}"]
    assert {"place_door", "place_shop", "unlocked_from_phone"} <= {
        key.split(".", 1)[1] for key in texts if key.startswith("notification_text.")
    }


async def test_an_english_store_notifies_in_english(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The store's language, not Home Assistant's, decides."""
    hass.config_entries.async_update_entry(
        init_integration, data={**init_integration.data, "language": "en"}
    )
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    device, calls = register_phone(hass, "Owner phone")
    await notify(
        hass,
        init_integration,
        devices=[device],
        kind="tailgating",
        camera="Door cam",
        count=3,
        grants=1,
        minutes=10,
        buttons=["announce_again", "call"],
        call_number="+82 2-123-4567",
    )
    [call] = calls
    assert call.data["data"]["tag"] == (
        f"unmanned_store_{init_integration.entry_id}_tailgating_door_cam"
    )
    assert call.data["title"] == "Mangwon Ice Cream · Tailgating"
    assert call.data["message"] == (
        "3 came in on 1 scan(s) at Door cam, the second time within 10 minutes."
    )
    again, dial = call.data["data"]["actions"]
    assert again["title"] == "Speak again"
    assert again["action"].endswith(":p.scan_to_enter")
    assert dial == {"action": "URI", "title": "Call", "uri": "tel:+8221234567"}


async def test_a_phone_registered_with_the_real_mobile_app_gets_korean_push(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    door: MockConfigEntry,
) -> None:
    """The real mobile_app integration: the Companion app registers the phone through its API,
    its push goes to a push server on 127.0.0.1; the button press comes back as the app's event
    through the phone's webhook and unlocks the real door."""
    pushed: list[dict[str, Any]] = []

    async def push(request: web.Request) -> web.Response:
        pushed.append(await request.json())
        return web.json_response({}, status=201)

    app = web.Application()
    app.router.add_post("/push", push)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        assert await async_setup_component(hass, "mobile_app", {})
        await hass.async_block_till_done()
        client = await hass_client()
        response = await client.post(
            "/api/mobile_app/registrations",
            json={
                "app_id": "io.robbinsgroup.hass",
                "app_name": "Home Assistant",
                "app_version": "2025.4",
                "device_name": "사장님 폰",
                "manufacturer": "Samsung",
                "model": "Galaxy",
                "os_name": "Android",
                "os_version": "14",
                "supports_encryption": False,
                "app_data": {
                    "push_token": "token",
                    "push_url": f"http://127.0.0.1:{port}/push",
                },
            },
        )
        assert response.status == 201
        webhook_id = (await response.json())["webhook_id"]
        await hass.async_block_till_done()
        [phone] = [
            device
            for device in dr.async_get(hass).devices.values()
            if any(domain == "mobile_app" for domain, _ in device.identifiers)
        ]
        await notify(hass, door, devices=[phone.id], kind="forced_entry", buttons=["unlock"])
        [sent] = pushed
        assert sent["title"] == "Mangwon Ice Cream · 출입문 강제 열림"
        assert sent["message"] == (
            "QR 인증이나 원격 열기 없이 출입문이 열렸습니다(매장). 매장에 경고 안내를 했습니다."
        )
        [unlock] = sent["data"]["actions"]
        assert unlock["title"] == "문 열기"
        # The owner presses it: the app fires the event through its webhook.
        response = await client.post(
            f"/api/webhook/{webhook_id}",
            json={
                "type": "fire_event",
                "data": {
                    "event_type": "mobile_app_notification_action",
                    "event_data": {"action": unlock["action"]},
                },
            },
        )
        assert response.status == 200
        await hass.async_block_till_done(wait_background_tasks=True)
        assert hass.states.get(BOLT).state == STATE_OFF
        [visit] = await get_visits(hass, door)
        assert visit["result"] == "remote_unlock"
    finally:
        await runner.cleanup()
