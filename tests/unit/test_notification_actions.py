"""Notification button ids: made, read back, refused and expired, without Home Assistant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.unmanned_store.notifications.actions import (
    UNLOCK_VALID,
    ButtonError,
    action_id,
    call_uri,
    parse_action,
    render,
)

SENT = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("button", "argument"),
    [
        ("unlock", "forced_entry"),
        ("lock", "loitering"),
        ("announce_again", "p.scan_to_enter"),
        ("evacuate", "fire_check"),
    ],
)
def test_a_button_reads_back_as_made(button: str, argument: str) -> None:
    """Store, button, moment and argument survive the trip through the phone."""
    made = action_id(button, "01JSTOREENTRY", SENT, argument)
    parsed = parse_action(made, SENT)
    assert parsed is not None
    assert (parsed.button, parsed.entry_id, parsed.sent, parsed.argument) == (
        button,
        "01JSTOREENTRY",
        SENT,
        argument,
    )


@pytest.mark.parametrize(
    "action",
    [
        None,
        42,
        "",
        "SOMETHING_ELSE",
        "UNMANNED_STORE_LOCK_automation.theft_warning:loitering",  # the old blueprint's ids
        "UNMANNED_STORE:call:01J:1772427600:",
        "UNMANNED_STORE:unlock::1772427600:x",
        "UNMANNED_STORE:unlock:01J:-5:x",
        "UNMANNED_STORE:unlock:01J:١٢٣:x",  # Arabic-Indic digits are digits to str.isdigit
        "UNMANNED_STORE:unlock:01J:1772427600:x y",
        "UNMANNED_STORE:unlock:01J:1772427600",
    ],
)
def test_what_is_not_ours_is_ignored(action: object) -> None:
    """Other apps' buttons, old formats and garbage are not presses of ours."""
    assert parse_action(action, SENT) is None


@pytest.mark.parametrize("opens", ["unlock", "evacuate"])
def test_buttons_that_open_the_door_expire_and_the_others_do_not(opens: str) -> None:
    """Unlock and evacuate are honoured up to UNLOCK_VALID after sending; lock and speak-again
    always."""
    unlock = parse_action(action_id(opens, "e", SENT, "x"), SENT)
    lock = parse_action(action_id("lock", "e", SENT, "x"), SENT)
    again = parse_action(action_id("announce_again", "e", SENT, "x"), SENT)
    assert unlock is not None
    assert lock is not None
    assert again is not None
    assert not unlock.expired(SENT + UNLOCK_VALID)
    assert unlock.expired(SENT + UNLOCK_VALID + timedelta(seconds=1))
    assert not lock.expired(SENT + timedelta(days=30))
    assert not again.expired(SENT + timedelta(days=30))


@pytest.mark.parametrize(
    ("button", "entry_id", "argument", "key"),
    [
        ("call", "e", "", "unknown_button"),
        ("dismiss", "e", "", "unknown_button"),
        ("unlock", "", "", "invalid_button_argument"),
        ("unlock", "a:b", "", "invalid_button_argument"),
        ("unlock", "e", "two words", "invalid_button_argument"),
    ],
)
def test_buttons_that_cannot_be_made(button: str, entry_id: str, argument: str, key: str) -> None:
    """Only the buttons the store handles, for a plain entry id and argument."""
    with pytest.raises(ButtonError) as err:
        action_id(button, entry_id, SENT, argument)
    assert err.value.key == key


@pytest.mark.parametrize(
    ("number", "uri"),
    [("112", "tel:112"), ("+82 2-123-4567", "tel:+8221234567"), (" 119 ", "tel:119")],
)
def test_call_links(number: str, uri: str) -> None:
    """Digits with an optional +, spaces and dashes dropped."""
    assert call_uri(number) == uri


@pytest.mark.parametrize("number", ["", "+", "abc", "112; rm", "1" * 40, "tel:112"])
def test_call_links_refuse_what_is_not_a_number(number: str) -> None:
    """Nothing but a number goes into a tel: link."""
    with pytest.raises(ButtonError):
        call_uri(number)


def test_render_leaves_missing_placeholders_empty_and_spaces_tidy() -> None:
    """A text naming a placeholder nobody gave still reads (no braces, no double spaces)."""
    assert render("{count} at {place}  now {zone}", {"count": "3", "place": "Door"}) == (
        "3 at Door now"
    )
