"""The logbook words of every event entity, from the shipped translations (no raw keys)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from custom_components.unmanned_store.anomalies.rules import ANOMALY_TYPES
from custom_components.unmanned_store.cameras.state import ANOMALY_TYPES as CAMERA_ANOMALY_TYPES
from custom_components.unmanned_store.door.controller import ACCESS_EVENT_TYPES
from custom_components.unmanned_store.hours.schedule import HOURS_EVENT_TYPES
from custom_components.unmanned_store.logbook import describe_logged

TRANSLATIONS = (
    Path(__file__).parent.parent / "custom_components" / "unmanned_store" / "translations"
)
EVENT_ENTITIES = {
    "access": ACCESS_EVENT_TYPES,
    "hours": HOURS_EVENT_TYPES,
    "anomaly": ANOMALY_TYPES,
    "camera_anomaly": list(CAMERA_ANOMALY_TYPES),
}


def _flat(language: str) -> dict[str, str]:
    """The translations keyed as Home Assistant caches them."""
    out: dict[str, str] = {}

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{prefix}.{key}")
        else:
            out[prefix] = node

    data = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
    walk(data["entity"], "component.unmanned_store.entity")
    return out


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_event_of_every_event_entity_has_words(language: str) -> None:
    strings, english = _flat(language), _flat("en")
    for translation_key, event_types in EVENT_ENTITIES.items():
        for event_type in event_types:
            data = {"translation_key": translation_key, "event_type": event_type}
            message = describe_logged(data, strings, {})
            assert message != event_type, (language, translation_key, event_type)
            assert describe_logged(data, strings, english) == message


def test_details_in_words_and_names_as_given() -> None:
    english, korean = _flat("en"), _flat("ko")
    hours = {"translation_key": "hours", "event_type": "closing_soon"}
    assert describe_logged(hours, english, english) == "Closing soon"
    intrusion = {"translation_key": "camera_anomaly", "event_type": "intrusion", "zone": "till"}
    assert describe_logged(intrusion, english, english) == "Intrusion (till)"
    unlock = {
        "translation_key": "access",
        "event_type": "remote_unlock",
        "reason": "delivery at the back",
        "method": "owner",
    }
    # The owner's own reason is shown as written; the owner is not named as a method.
    assert describe_logged(unlock, korean, english).endswith(": delivery at the back")
    # A key only English has still reads as words in another language.
    assert describe_logged({"translation_key": "hours", "event_type": "opened"}, {}, english) == (
        "Opened"
    )
