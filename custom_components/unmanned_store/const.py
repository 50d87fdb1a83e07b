"""Constants of the unmanned_store integration."""

from __future__ import annotations

import logging
from typing import Final

DOMAIN: Final = "unmanned_store"
LOGGER = logging.getLogger(__package__)

CONF_STORE_NAME: Final = "store_name"
CONF_LANGUAGE: Final = "language"
CONF_STORE_ID: Final = "store_id"
CONF_PASS_SECRET: Final = "pass_secret"
CONF_PSEUDONYM_KEY: Final = "pseudonym_key"

LANGUAGES: Final = ("ko", "en")
DEFAULT_LANGUAGE: Final = "ko"

# Visitor log retention. Korean PIPA Art. 21 wants records destroyed once their purpose ends;
# the COVID entry-log precedent was four weeks, hence 30 days unless the owner decides otherwise.
CONF_RETENTION_DAYS: Final = "retention_days"
DEFAULT_RETENTION_DAYS: Final = 30
MIN_RETENTION_DAYS: Final = 1
MAX_RETENTION_DAYS: Final = 365

# The door (options, "door" step).
CONF_SCAN_ENTITY: Final = "scan_entity"
CONF_LOCK_ENTITY: Final = "lock_entity"
CONF_CONTACT_ENTITY: Final = "contact_entity"
CONF_UNLOCK_SECONDS: Final = "unlock_seconds"
CONF_HELD_OPEN_SECONDS: Final = "held_open_seconds"
DEFAULT_UNLOCK_SECONDS: Final = 5
DEFAULT_HELD_OPEN_SECONDS: Final = 60

# The identity provider (options, "identity_provider" step).
CONF_VERIFIER_URL: Final = "verifier_url"
CONF_VERIFIER_TOKEN: Final = "verifier_token"
CONF_VERIFIER_FAIL_OPEN: Final = "verifier_fail_open"

# Fired on the bus for every door event, so the logbook can describe it in words.
EVENT_ACCESS: Final = f"{DOMAIN}_access"
# Fired with each event entity's event so the logbook can show it in words (logbook.py).
EVENT_LOGGED: Final = f"{DOMAIN}_event"
# The owner pressed "evacuate" on a fire notification (notifications/actions.py); data:
# config_entry_id and kind. The fire blueprint triggers on it.
EVENT_EVACUATE: Final = f"{DOMAIN}_evacuate"

# Operating hours (options, "hours" and "door_schedule" steps).
CONF_OPERATING_HOURS: Final = "operating_hours"
# What each public holiday means for the shop (hours.holidays.HolidayPolicy.to_dict()).
CONF_HOLIDAYS: Final = "holidays"
CONF_HOURS_SCHEDULE: Final = "hours_schedule_entity"
CONF_CLOSING_SOON_MINUTES: Final = "closing_soon_minutes"
DEFAULT_CLOSING_SOON_MINUTES: Final = 10
CONF_DOOR_SCHEDULE: Final = "door_schedule"

# The shop speaker (options, "speaker" step).
CONF_SPEAKER: Final = "speaker"

# A config entry is a store, or a networked door device or standalone engine linked to one.
CONF_ENTRY_TYPE: Final = "entry_type"
ENTRY_TYPE_STORE: Final = "store"
ENTRY_TYPE_DOOR_DEVICE: Final = "door_device"
ENTRY_TYPE_ENGINE: Final = "engine"
# What an owner adds to a store by hand is a config subentry of the store.
SUBENTRY_CAMERA: Final = "camera"
CONF_DEVICE_ID: Final = "device_id"
CONF_STORE_ENTRY_ID: Final = "store_entry_id"
CONF_TOKEN: Final = "token"
CONF_PAIRING_CODE: Final = "pairing_code"
