"""Notification buttons: what each one carries in its action id, and what the store may do.

This module knows nothing of Home Assistant. A button's action id names the store, the
button, when the notification was sent and what it concerns, so a press is understood after
a restart of Home Assistant too; only a spoken custom text (too long for an id) is kept in
memory by the glue and named here by a token.

Rules (each one is tested):

* Ids look like ``UNMANNED_STORE:<button>:<entry id>:<unix seconds>:<argument>``; anything
  else (another integration's buttons, an old format, garbage) is not ours and is ignored.
* ``unlock`` and ``evacuate`` only work within ``UNLOCK_VALID`` of sending: an old notification
  still on the lock screen must not open the door hours later. ``lock``, ``announce_again`` do
  not expire.
* ``evacuate`` is the owner confirming a fire that a camera alone saw in a closed shop: the
  store only announces the press (``EVENT_EVACUATE``), and the fire blueprint that sent the
  button starts the evacuation it held back, with the owner's own door, locks and repeats.
* ``call`` never comes back to Home Assistant: the phone dials the number itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
import re
from typing import Final

PREFIX: Final = "UNMANNED_STORE"
UNLOCK: Final = "unlock"
LOCK: Final = "lock"
ANNOUNCE_AGAIN: Final = "announce_again"
CALL: Final = "call"
EVACUATE: Final = "evacuate"
BUTTONS: Final = (UNLOCK, LOCK, ANNOUNCE_AGAIN, CALL, EVACUATE)
# Buttons the store acts on when pressed (call is the phone's own).
HANDLED: Final = frozenset({UNLOCK, LOCK, ANNOUNCE_AGAIN, EVACUATE})
# Buttons that open the door: too late, they are ignored.
_EXPIRING: Final = frozenset({UNLOCK, EVACUATE})
UNLOCK_VALID: Final = timedelta(minutes=30)
# A phone number for a tel: link: digits, an optional leading +, spaces and dashes between.
_PHONE: Final = re.compile(r"^\+?[0-9][0-9 \-]{1,30}$")
_ARGUMENT: Final = re.compile(r"^[A-Za-z0-9_.\-]{0,80}$")


class ButtonError(ValueError):
    """A button could not be made: ``key`` names the translation."""

    def __init__(self, key: str) -> None:
        """Keep the translation key."""
        self.key = key
        super().__init__(key)


@dataclass(frozen=True, slots=True)
class Button:
    """One press as the store understands it."""

    button: str
    entry_id: str
    sent: datetime
    argument: str

    def expired(self, now: datetime) -> bool:
        """Whether this press comes too late to be honoured."""
        return self.button in _EXPIRING and now - self.sent > UNLOCK_VALID


def action_id(button: str, entry_id: str, sent: datetime, argument: str = "") -> str:
    """The action id a button of a notification sent at ``sent`` carries."""
    if button not in HANDLED:
        raise ButtonError("unknown_button")
    if ":" in entry_id or not entry_id or not _ARGUMENT.match(argument):
        raise ButtonError("invalid_button_argument")
    return f"{PREFIX}:{button}:{entry_id}:{int(sent.timestamp())}:{argument}"


def parse_action(action: object, tz_now: datetime) -> Button | None:
    """The press an action id describes, or None when it is not one of ours."""
    if not isinstance(action, str):
        return None
    parts = action.split(":")
    if len(parts) != 5 or parts[0] != PREFIX or parts[1] not in HANDLED or not parts[2]:
        return None
    stamp = parts[3]
    if not stamp.isascii() or not stamp.isdigit() or len(stamp) > 12:
        return None
    if not _ARGUMENT.match(parts[4]):
        return None
    sent = datetime.fromtimestamp(int(stamp), tz_now.tzinfo)
    return Button(parts[1], parts[2], sent, parts[4])


def call_uri(number: str) -> str:
    """The tel: link of the call button; raises ButtonError for something not a number."""
    cleaned = number.strip()
    if not _PHONE.match(cleaned):
        raise ButtonError("invalid_phone_number")
    return "tel:" + re.sub(r"[ \-]", "", cleaned)


class Placeholders(dict[str, str]):
    """Placeholders for a notification text; one the text names but nobody gave is empty."""

    def __missing__(self, key: str) -> str:
        return ""


def render(template: str, values: dict[str, str]) -> str:
    """A translated text with its placeholders filled in (missing ones empty), trimmed."""
    return " ".join(template.format_map(Placeholders(values)).split())
