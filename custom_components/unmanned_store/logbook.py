"""Door events in the logbook, in words, in the store's announcement language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.components.logbook.const import LOGBOOK_ENTRY_MESSAGE, LOGBOOK_ENTRY_NAME
from homeassistant.core import Event, HomeAssistant, callback

from .const import DOMAIN, EVENT_ACCESS

# The logbook shows plain text (it has no translation lookup for integration messages), so the
# two languages live here, keyed by the store's announcement language.
MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "granted": "let a visitor in ({method})",
        "denied": "kept the door shut: {reason}",
        "forced_entry": "was opened without a valid scan (forced entry)",
        "door_held_open": "has been held open too long",
        "remote_unlock": "was unlocked from the app: {reason}",
    },
    "ko": {
        "granted": "방문자 출입 허용 ({method})",
        "denied": "출입 거부: {reason}",
        "forced_entry": "유효한 인증 없이 문이 열렸습니다 (강제 출입)",
        "door_held_open": "문이 너무 오래 열려 있습니다",
        "remote_unlock": "앱에서 원격으로 잠금 해제: {reason}",
    },
}
NAMES = {"en": "Door", "ko": "출입문"}


def describe_access(data: Mapping[str, Any], language: str) -> dict[str, str]:
    """The logbook line of one door event."""
    language = language if language in MESSAGES else "en"
    template = MESSAGES[language].get(str(data.get("type")), "{type}")
    return {
        LOGBOOK_ENTRY_NAME: NAMES[language],
        LOGBOOK_ENTRY_MESSAGE: template.format_map(
            {
                "type": data.get("type") or "?",
                "method": data.get("method") or "-",
                "reason": data.get("reason") or "-",
            }
        ),
    }


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, str]]], None],
) -> None:
    """Describe door events."""

    @callback
    def async_describe(event: Event) -> dict[str, str]:
        return describe_access(event.data, hass.config.language)

    async_describe_event(DOMAIN, EVENT_ACCESS, async_describe)
