"""The ``notify_owner`` action and the store's handling of the buttons pressed on a phone.

Texts come from the integration's translations in the store's language (Korean or English),
so a Korean shop's owner gets Korean notifications whatever language Home Assistant speaks.
The texts live in the ``selector`` category (``notification_kind`` titles the kind select of
the action; ``notification_message``, ``notification_button`` and ``notification_text`` hold
the rest) because that is a category Home Assistant loads for custom integrations.

Phones are mobile_app devices: the device's mobile_app config entry names its notify action
(``notify.mobile_app_<device name>``), as the mobile app integration registers it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
import secrets
from typing import Any, Final

import voluptuous as vol

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import (
    Event,
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util, slugify

from ..const import CONF_STORE_ID, DOMAIN, EVENT_EVACUATE, LOGGER
from ..runtime import UnmannedStoreConfigEntry
from ..speaker.announcements import PRESETS, AnnouncementError
from .actions import (
    ANNOUNCE_AGAIN,
    BUTTONS,
    CALL,
    EVACUATE,
    LOCK,
    UNLOCK,
    Button,
    ButtonError,
    action_id,
    call_uri,
    parse_action,
    render,
)

MOBILE_APP: Final = "mobile_app"
EVENT_ACTION: Final = "mobile_app_notification_action"
NOTIFICATION_KINDS: Final = (
    "loitering",
    "unpaid_exit",
    "after_hours_intrusion",
    "forced_entry",
    "fire",
    "smoke",
    # A fire or smoke that a camera alone saw while the shop was closed: nothing was done in
    # the shop yet; the owner looks at the picture and may start the evacuation (EVACUATE).
    "fire_check",
    "smoke_check",
    "tailgating",
    "crowding",
    "tamper",
    "device_offline",
    "door_held_open",
    "door_still_open",
)
# What "announce again" says when the caller named no preset or text of its own.
KIND_PRESETS: Final = {
    "loitering": "loitering",
    "unpaid_exit": "unpaid_goods",
    "fire": "fire_evacuation",
    "smoke": "fire_evacuation",
    "fire_check": "fire_evacuation",
    "smoke_check": "fire_evacuation",
    "tailgating": "scan_to_enter",
    "crowding": "crowding",
    "after_hours_intrusion": "closed",
}
# Custom spoken texts for "announce again", by token; the newest are kept.
_MAX_MESSAGES: Final = 200
_MESSAGES: Final = f"{DOMAIN}_notification_messages"
_PREFIX: Final = f"component.{DOMAIN}.selector."

NOTIFY_OWNER_SCHEMA: Final = vol.Schema(
    {
        vol.Required("config_entry_id"): cv.string,
        vol.Required("devices"): vol.All(cv.ensure_list, [cv.string], vol.Length(min=1)),
        vol.Required("kind"): vol.In(NOTIFICATION_KINDS),
        vol.Optional("camera"): vol.All(cv.string, vol.Length(max=100)),
        vol.Optional("zone"): vol.All(cv.string, vol.Length(max=100)),
        vol.Optional("count"): vol.All(vol.Coerce(int), vol.Range(min=0, max=10000)),
        vol.Optional("grants"): vol.All(vol.Coerce(int), vol.Range(min=0, max=10000)),
        vol.Optional("minutes"): vol.All(vol.Coerce(int), vol.Range(min=0, max=10000)),
        vol.Optional("snapshot"): vol.Any(None, "", cv.entity_domain("image")),
        vol.Optional("buttons", default=list): vol.All(cv.ensure_list, [vol.In(BUTTONS)]),
        vol.Optional("announce_preset"): vol.In(list(PRESETS)),
        vol.Optional("announce_message"): vol.All(cv.string, vol.Length(max=500)),
        vol.Optional("call_number"): cv.string,
        vol.Optional("critical", default=False): cv.boolean,
    }
)


def _store(hass: HomeAssistant, entry_id: str) -> UnmannedStoreConfigEntry | None:
    entry: UnmannedStoreConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
    if (
        entry is None
        or entry.domain != DOMAIN
        or CONF_STORE_ID not in entry.data
        or entry.state is not ConfigEntryState.LOADED
    ):
        return None
    return entry


def notify_action_of(hass: HomeAssistant, device_id: str) -> str:
    """The mobile app's notify action (service name) of a phone; raises when not a phone."""
    device = dr.async_get(hass).async_get(device_id)
    if device is not None:
        for config_entry_id in device.config_entries:
            entry = hass.config_entries.async_get_entry(config_entry_id)
            if entry is not None and entry.domain == MOBILE_APP and entry.data.get("device_name"):
                return slugify(f"{MOBILE_APP}_{entry.data['device_name']}")
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="not_a_phone",
        translation_placeholders={"device": device.name or device_id if device else device_id},
    )


async def async_texts(hass: HomeAssistant, language: str) -> dict[str, str]:
    """The notification texts in ``language``, keyed ``<group>.<key>`` (group without prefix)."""
    strings = await async_get_translations(hass, language, "selector", {DOMAIN})
    return {
        key.removeprefix(_PREFIX).replace(".options.", "."): value
        for key, value in strings.items()
        if key.startswith(_PREFIX + "notification_")
    }


def _remember_message(hass: HomeAssistant, message: str) -> str:
    messages: OrderedDict[str, str] = hass.data.setdefault(_MESSAGES, OrderedDict())
    token = secrets.token_hex(6)
    messages[token] = message
    while len(messages) > _MAX_MESSAGES:
        messages.popitem(last=False)
    return token


def _place(texts: Mapping[str, str], camera: str | None, zone: str | None) -> str:
    if not camera or camera == "door":
        where = texts["notification_text.place_door" if camera else "notification_text.place_shop"]
    else:
        where = camera
    return f"{where}, {zone}" if zone else where


def build_notification(
    texts: Mapping[str, str],
    *,
    store: str,
    entry_id: str,
    data: Mapping[str, Any],
    message_token: str | None,
) -> dict[str, Any]:
    """The notify action's data: title, message and the mobile app's push data."""
    kind: str = data["kind"]
    now = dt_util.utcnow()
    values = {
        "store": store,
        "place": _place(texts, data.get("camera"), data.get("zone")),
        "count": str(data.get("count", 1)),
        "grants": str(data.get("grants", 0)),
        "minutes": str(data.get("minutes", "")),
    }
    # One notification per store, kind and camera: a newer one replaces it on the phone, one
    # camera's does not replace another's.
    tag = f"{DOMAIN}_{entry_id}_{kind}"
    if camera := data.get("camera"):
        tag += f"_{slugify(camera)}"
    push: dict[str, Any] = {"tag": tag, "group": f"{DOMAIN}_{entry_id}"}
    if snapshot := data.get("snapshot"):
        push["image"] = f"/api/image_proxy/{snapshot}"
    buttons: list[dict[str, str]] = []
    for button in dict.fromkeys(data["buttons"]):
        title = texts[f"notification_button.{button}"]
        if button == CALL:
            if number := data.get("call_number"):
                buttons.append({"action": "URI", "title": title, "uri": call_uri(number)})
            continue
        if button == ANNOUNCE_AGAIN:
            preset = data.get("announce_preset") or KIND_PRESETS.get(kind)
            if message_token is not None:
                argument = f"m.{message_token}"
            elif preset is not None:
                argument = f"p.{preset}"
            else:
                continue  # nothing to say again
        else:
            argument = kind
        buttons.append({"action": action_id(button, entry_id, now, argument), "title": title})
    if buttons:
        push["actions"] = buttons
    if data["critical"]:
        push["push"] = {
            "interruption-level": "critical",
            "sound": {"name": "default", "critical": 1, "volume": 1.0},
        }
        push["ttl"] = 0
        push["priority"] = "high"
        push["channel"] = "alarm_stream"
    return {
        "title": f"{store} · {texts[f'notification_kind.{kind}']}",
        "message": render(texts[f"notification_message.{kind}"], values),
        "data": push,
    }


async def async_notify_owner(call: ServiceCall) -> ServiceResponse:
    """Send the owner's phones a notification in the store's language."""
    hass = call.hass
    data = call.data
    entry = _store(hass, data["config_entry_id"])
    if entry is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="store_not_found",
            translation_placeholders={"entry_id": data["config_entry_id"]},
        )
    services = [notify_action_of(hass, device_id) for device_id in data["devices"]]
    texts = await async_texts(hass, entry.runtime_data.language)
    token = (
        _remember_message(hass, data["announce_message"])
        if data.get("announce_message") and ANNOUNCE_AGAIN in data["buttons"]
        else None
    )
    try:
        notification = build_notification(
            texts,
            store=entry.runtime_data.name,
            entry_id=entry.entry_id,
            data=data,
            message_token=token,
        )
    except ButtonError as err:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key=err.key) from err
    failed: list[str] = []
    for service in services:
        if not hass.services.has_service("notify", service):
            failed.append(service)
            continue
        try:
            await hass.services.async_call("notify", service, notification, blocking=True)
        except HomeAssistantError as err:
            LOGGER.warning("Could not notify %s: %s", service, err)
            failed.append(service)
    if failed:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="phone_not_reached",
            translation_placeholders={"phones": ", ".join(f"notify.{s}" for s in failed)},
        )
    return {"sent": [f"notify.{service}" for service in services], **notification}


async def _async_press(hass: HomeAssistant, button: Button) -> None:
    entry = _store(hass, button.entry_id)
    if entry is None:
        LOGGER.info("A phone button for a store that is not loaded was ignored")
        return
    runtime = entry.runtime_data
    try:
        if button.button == UNLOCK:
            texts = await async_texts(hass, runtime.language)
            kind = texts.get(f"notification_kind.{button.argument}", button.argument)
            reason = render(texts["notification_text.unlocked_from_phone"], {"kind": kind})
            await runtime.door.async_unlock(by="owner", reason=reason)
        elif button.button == LOCK:
            await runtime.door.async_lock()
        elif button.button == EVACUATE:
            LOGGER.info("The owner started the evacuation from a phone (%s)", button.argument)
            hass.bus.async_fire(
                EVENT_EVACUATE, {"config_entry_id": entry.entry_id, "kind": button.argument}
            )
        else:
            await _async_announce_again(hass, entry, button.argument)
    except HomeAssistantError as err:
        LOGGER.warning("The phone's %s button could not be done: %s", button.button, err)


async def _async_announce_again(
    hass: HomeAssistant, entry: UnmannedStoreConfigEntry, argument: str
) -> None:
    speaker = entry.runtime_data.speaker
    assert speaker is not None
    kind, _, value = argument.partition(".")
    try:
        if kind == "p" and value in PRESETS:
            await speaker.async_announce(preset=value)
        elif kind == "m" and (message := hass.data.get(_MESSAGES, {}).get(value)):
            await speaker.async_announce(message=message)
        else:
            LOGGER.info("The text to speak again is no longer known (Home Assistant restarted)")
    except AnnouncementError as err:
        LOGGER.warning("The phone's speak-again button could not be done: %s", err.message)


@callback
def async_setup_buttons(hass: HomeAssistant) -> None:
    """Act on the buttons of our notifications, whichever automation sent them."""

    @callback
    def _on_action(event: Event) -> None:
        button = parse_action(event.data.get("action"), dt_util.utcnow())
        if button is None:
            return
        if button.expired(dt_util.utcnow()):
            LOGGER.warning(
                "A phone's %s button was pressed too long after the notification; ignored",
                button.button,
            )
            return
        hass.async_create_task(_async_press(hass, button), eager_start=True)

    hass.bus.async_listen(EVENT_ACTION, _on_action)
