"""Preset texts, message resolution, request validation and quiet-hours volume."""

from __future__ import annotations

from datetime import time
import re

import pytest

from custom_components.unmanned_store.speaker.announcements import (
    LANGUAGES,
    MAX_MESSAGE_LENGTH,
    PRESETS,
    Announcement,
    AnnouncementError,
    Priority,
    effective_volume,
    preset_priority,
    resolve_message,
)

PRESET_KEYS = {
    "welcome",
    "recording_notice",
    "scan_to_enter",
    "unpaid_goods",
    "loitering",
    "crowding",
    "closing_soon",
    "closed",
    "fire_evacuation",
}
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_every_preset_exists_in_both_languages() -> None:
    assert set(PRESETS) == PRESET_KEYS
    for key, preset in PRESETS.items():
        assert preset.key == key
        korean, english = preset.text("ko"), preset.text("en")
        assert HANGUL.search(korean), key
        assert not HANGUL.search(english), key
        assert english.isascii(), key
        # Polite Korean shop announcements end in a formal or polite sentence ending.
        assert korean.endswith(("니다.", "세요.", "십시오.")), key
        assert len(korean) <= MAX_MESSAGE_LENGTH
        assert len(english) <= MAX_MESSAGE_LENGTH
    assert PRESETS["recording_notice"].text("ko") == "이 매장은 CCTV로 녹화되고 있습니다."


def test_default_priorities() -> None:
    assert PRESETS["fire_evacuation"].priority is Priority.FIRE
    assert PRESETS["unpaid_goods"].priority is Priority.SECURITY
    assert PRESETS["loitering"].priority is Priority.SECURITY
    others = PRESET_KEYS - {"fire_evacuation", "unpaid_goods", "loitering"}
    assert {PRESETS[key].priority for key in others} == {Priority.INFORMATION}
    assert preset_priority("fire_evacuation") is Priority.FIRE
    assert preset_priority(None) is Priority.INFORMATION
    assert preset_priority("no_such_preset") is Priority.INFORMATION
    assert Priority.FIRE > Priority.SECURITY > Priority.INFORMATION


def test_resolve_message() -> None:
    assert resolve_message("closed", None, "en", {}) == PRESETS["closed"].en
    assert resolve_message("closed", None, "ko", None) == PRESETS["closed"].ko
    overrides = {"welcome": {"ko": " 반갑습니다! 우리 가게입니다. ", "en": "  "}}
    assert resolve_message("welcome", None, "ko", overrides) == "반갑습니다! 우리 가게입니다."
    # A blank override falls back to the built-in text.
    assert resolve_message("welcome", None, "en", overrides) == PRESETS["welcome"].en
    assert resolve_message(None, "  잠시 후 문을 닫습니다.  ", "ko", overrides) == (
        "잠시 후 문을 닫습니다."
    )


@pytest.mark.parametrize(
    ("preset", "message", "language", "overrides", "key"),
    [
        ("party", None, "ko", {}, "unknown_preset"),
        (None, "   ", "ko", {}, "empty_message"),
        (None, "가" * (MAX_MESSAGE_LENGTH + 1), "ko", {}, "message_too_long"),
        ("welcome", None, "ko", {"welcome": {"ko": "가" * 501}}, "message_too_long"),
        (None, None, "ko", {}, "missing_message"),
        ("welcome", "hello", "en", {}, "message_and_preset"),
        ("welcome", None, "ja", {}, "invalid_language"),
    ],
)
def test_resolve_message_rejects(
    preset: str | None,
    message: str | None,
    language: str,
    overrides: dict[str, dict[str, str]],
    key: str,
) -> None:
    with pytest.raises(AnnouncementError) as caught:
        resolve_message(preset, message, language, overrides)
    assert caught.value.key == key
    assert str(caught.value)
    assert caught.value.message == str(caught.value)


def test_error_details() -> None:
    with pytest.raises(AnnouncementError) as caught:
        resolve_message("party", None, "ko", {})
    assert caught.value.placeholders == {"value": "party"}
    assert "party" in str(caught.value)
    with pytest.raises(AnnouncementError) as caught:
        resolve_message(None, "x" * 600, "en", {})
    assert caught.value.placeholders == {"max": "500", "length": "600"}
    assert AnnouncementError("something_new").message == "something_new"


def test_every_language_is_checked() -> None:
    for language in LANGUAGES:
        assert resolve_message("welcome", None, language, {})
    with pytest.raises(AnnouncementError, match="ko or en"):
        PRESETS["welcome"].text("fr")


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"message": ""}, "empty_message"),
        ({"message": "hi", "language": "de"}, "invalid_language"),
        ({"message": "hi", "repeat": 0}, "invalid_repeat"),
        ({"message": "hi", "repeat": 11}, "invalid_repeat"),
        ({"message": "hi", "repeat": 1.5}, "invalid_repeat"),
        ({"message": "hi", "volume": 1.2}, "invalid_volume"),
        ({"message": "hi", "volume": -0.1}, "invalid_volume"),
    ],
)
def test_announcement_validation(kwargs: dict[str, object], key: str) -> None:
    with pytest.raises(AnnouncementError) as caught:
        Announcement(**kwargs)  # type: ignore[arg-type]
    assert caught.value.key == key


def test_announcement_priority_is_normalised() -> None:
    assert Announcement("hi", priority=2).priority is Priority.FIRE  # type: ignore[arg-type]


QUIET = (time(22), time(7))


@pytest.mark.parametrize(
    ("requested", "priority", "now", "expected"),
    [
        (None, Priority.INFORMATION, time(12), 0.6),
        (0.9, Priority.INFORMATION, time(12), 0.9),
        (0.9, Priority.INFORMATION, time(22), 0.2),
        (0.9, Priority.SECURITY, time(3), 0.2),
        (None, Priority.INFORMATION, time(6, 59), 0.2),
        (0.1, Priority.INFORMATION, time(23), 0.1),
        (None, Priority.INFORMATION, time(7), 0.6),
        (0.9, Priority.FIRE, time(3), 0.9),
        (None, Priority.FIRE, time(3), 0.6),
    ],
)
def test_quiet_hours_cap_the_volume_except_for_fire(
    requested: float | None, priority: Priority, now: time, expected: float
) -> None:
    assert effective_volume(requested, 0.6, QUIET, 0.2, priority, now) == pytest.approx(expected)


def test_quiet_hours_shapes() -> None:
    assert effective_volume(None, 0.6, None, 0.2, Priority.INFORMATION, time(3)) == 0.6
    daytime = (time(13), time(15))
    assert effective_volume(None, 0.6, daytime, 0.2, Priority.INFORMATION, time(14)) == 0.2
    assert effective_volume(None, 0.6, daytime, 0.2, Priority.INFORMATION, time(15)) == 0.6
    all_day = (time(0), time(0))
    assert effective_volume(None, 0.6, all_day, 0.2, Priority.INFORMATION, time(15)) == 0.2
    # Out-of-range inputs are clamped rather than sent to a speaker.
    assert effective_volume(None, 1.7, None, 0.2, Priority.FIRE, time(3)) == 1.0
    assert effective_volume(None, 0.5, QUIET, -1.0, Priority.INFORMATION, time(3)) == 0.0
