"""The store's events in the logbook, in words, in the user's language.

Each event entity fires EVENT_LOGGED with its event (entity.LoggedEventEntity); the line is
written from the integration's translations when the logbook is read, so it follows the
language Home Assistant is set to, with English as the fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.const import ATTR_ENTITY_ID, ATTR_FRIENDLY_NAME
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers.translation import async_get_cached_translations

from .const import DOMAIN, EVENT_LOGGED

_PREFIX = f"component.{DOMAIN}.entity.event."


def describe_logged(
    data: Mapping[str, Any], strings: Mapping[str, str], fallback: Mapping[str, str]
) -> str:
    """The logbook message of one event, from translations keyed as the entity's attributes.

    A value without a translation (the owner's own reason for a remote unlock, a camera's or
    zone's name) is shown as it is.
    """
    key = f"{_PREFIX}{data.get('translation_key')}.state_attributes."

    def word(attribute: str, value: str) -> str:
        path = f"{key}{attribute}.state.{value}"
        return strings.get(path) or fallback.get(path) or value

    message = word("event_type", str(data.get("event_type") or "?"))
    if reason := data.get("reason"):
        message = f"{message}: {word('reason', str(reason))}"
    where = [word(part, str(data[part])) for part in ("camera", "zone") if data.get(part)]
    if (method := data.get("method")) and method not in ("owner", "unknown"):
        where.insert(0, word("method", str(method)))
    if where:
        message = f"{message} ({', '.join(where)})"
    return message


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, str]]], None],
) -> None:
    """Describe the events of the store's event entities."""

    @callback
    def async_describe(event: Event) -> dict[str, str]:
        strings = async_get_cached_translations(hass, hass.config.language, "entity", DOMAIN)
        fallback = async_get_cached_translations(hass, "en", "entity", DOMAIN)
        entity_id = str(event.data.get(ATTR_ENTITY_ID, ""))
        state = hass.states.get(entity_id)
        return {
            LOGBOOK_ENTRY_NAME: str(
                state.attributes.get(ATTR_FRIENDLY_NAME, entity_id) if state else entity_id
            ),
            LOGBOOK_ENTRY_MESSAGE: describe_logged(event.data, strings, fallback),
            LOGBOOK_ENTRY_ENTITY_ID: entity_id,
        }

    async_describe_event(DOMAIN, EVENT_LOGGED, async_describe)
