"""Options flow steps for the operating hours, the door schedule and the shop speaker."""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.config_entries import ConfigEntryState, ConfigFlowResult, OptionsFlow
from homeassistant.data_entry_flow import section
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.selector import (
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TimeSelector,
)
from homeassistant.util import dt as dt_util

from .const import (
    CONF_CLOSING_SOON_MINUTES,
    CONF_DOOR_SCHEDULE,
    CONF_HOLIDAYS,
    CONF_HOURS_SCHEDULE,
    CONF_LANGUAGE,
    CONF_OPERATING_HOURS,
    CONF_SPEAKER,
    CONF_STORE_ID,
    DEFAULT_CLOSING_SOON_MINUTES,
    LOGGER,
)
from .hours.form import form_from_hours, hours_from_form
from .hours.holidays import (
    CLOSED as HOLIDAY_CLOSED,
    SPECIAL as HOLIDAY_SPECIAL,
    HolidayPolicy,
    holiday_groups,
    supported as supported_country,
)
from .hours.model import (
    DOOR_MODES,
    WEEKDAY_KEYS,
    DoorSchedulePolicy,
    HoursError,
    OperatingHours,
)
from .hours.schedule import async_follow_from_next_start, store_country
from .speaker.announcements import LANGUAGES, MAX_MESSAGE_LENGTH, PRESETS
from .speaker.speaker import DEFAULT_QUIET_MAX_VOLUME, DEFAULT_VOLUME

HOURS_STEPS = ["hours", "door_schedule", "speaker"]
EXCEPTIONS = "exceptions"
HOLIDAYS_CLOSED = "holidays_closed"
HOLIDAYS_SPECIAL = "holidays_special"
HOLIDAY_HOURS = "holiday_hours"
LATE_NIGHT_FIELDS = ("late_night_mode", "late_night_start", "late_night_end")
PRESETS_SECTION = "presets"


def _percent() -> NumberSelector:
    return NumberSelector(
        NumberSelectorConfig(
            min=0, max=100, step=5, mode=NumberSelectorMode.SLIDER, unit_of_measurement="%"
        )
    )


def _mode_selector() -> SelectSelector:
    return SelectSelector(
        SelectSelectorConfig(
            options=list(DOOR_MODES), translation_key="door_mode", mode=SelectSelectorMode.DROPDOWN
        )
    )


def _hours_schema(holiday_groups: dict[str, str]) -> vol.Schema:
    fields: dict[vol.Marker, Any] = {
        vol.Optional(CONF_HOURS_SCHEDULE): EntitySelector(EntitySelectorConfig(domain="schedule")),
    }
    fields.update({vol.Optional(key): TextSelector() for key in WEEKDAY_KEYS})
    fields[vol.Optional(EXCEPTIONS)] = TextSelector(TextSelectorConfig(multiline=True))
    fields[vol.Required(CONF_CLOSING_SOON_MINUTES)] = NumberSelector(
        NumberSelectorConfig(
            min=1, max=120, step=1, mode=NumberSelectorMode.BOX, unit_of_measurement="min"
        )
    )
    if holiday_groups:
        # The holidays' own names (설날, 추석...) in the store's language, from the library.
        options = [SelectOptionDict(value=key, label=name) for key, name in holiday_groups.items()]
        for field in (HOLIDAYS_CLOSED, HOLIDAYS_SPECIAL):
            fields[vol.Optional(field)] = SelectSelector(
                SelectSelectorConfig(options=options, multiple=True, mode=SelectSelectorMode.LIST)
            )
        fields[vol.Optional(HOLIDAY_HOURS)] = TextSelector()
    return vol.Schema(fields)


def _holiday_form(policy: HolidayPolicy) -> dict[str, Any]:
    return {
        HOLIDAYS_CLOSED: sorted(g for g, m in policy.meanings.items() if m == HOLIDAY_CLOSED),
        HOLIDAYS_SPECIAL: sorted(g for g, m in policy.meanings.items() if m == HOLIDAY_SPECIAL),
        HOLIDAY_HOURS: policy.to_dict()["special_hours"],
    }


def _holiday_policy(user_input: dict[str, Any], errors: dict[str, str]) -> HolidayPolicy | None:
    """The owner's holiday choices, or None with ``errors`` filled in."""
    closed = set(user_input.get(HOLIDAYS_CLOSED) or ())
    special = set(user_input.get(HOLIDAYS_SPECIAL) or ())
    if closed & special:
        errors[HOLIDAYS_SPECIAL] = "holiday_in_both"
        return None
    try:
        return HolidayPolicy.from_dict(
            {
                "meanings": {
                    **dict.fromkeys(closed, HOLIDAY_CLOSED),
                    **dict.fromkeys(special, HOLIDAY_SPECIAL),
                },
                "special_hours": str(user_input.get(HOLIDAY_HOURS) or ""),
            }
        )
    except HoursError as err:
        errors[HOLIDAY_HOURS] = err.key
        return None


def _door_schedule_schema() -> vol.Schema:
    return vol.Schema(
        {
            vol.Required("open_mode"): _mode_selector(),
            vol.Required("closed_mode"): _mode_selector(),
            vol.Optional("late_night_mode"): _mode_selector(),
            vol.Optional("late_night_start"): TimeSelector(),
            vol.Optional("late_night_end"): TimeSelector(),
        }
    )


def _preset_field(key: str, language: str) -> str:
    return f"{key}_{language}"


def _speaker_schema() -> vol.Schema:
    # Built per form: add_suggested_values_to_schema writes into a section's schema.
    presets = {
        vol.Optional(_preset_field(key, language)): TextSelector(TextSelectorConfig(multiline=True))
        for key in PRESETS
        for language in LANGUAGES
    }
    return vol.Schema(
        {
            vol.Optional("tts_entity"): EntitySelector(EntitySelectorConfig(domain="tts")),
            vol.Optional("media_players"): EntitySelector(
                EntitySelectorConfig(domain="media_player", multiple=True)
            ),
            vol.Required("default_volume"): _percent(),
            vol.Optional("quiet_start"): TimeSelector(),
            vol.Optional("quiet_end"): TimeSelector(),
            vol.Required("quiet_max_volume"): _percent(),
            vol.Required(PRESETS_SECTION): section(vol.Schema(presets), {"collapsed": True}),
        }
    )


class HoursSpeakerOptionsFlow(OptionsFlow):
    """The hours, door schedule and speaker steps of the store's options."""

    def _save_section(self, changes: dict[str, Any], cleared: tuple[str, ...]) -> ConfigFlowResult:
        options = {k: v for k, v in self.config_entry.options.items() if k not in cleared}
        return self.async_create_entry(data=options | changes)

    async def async_step_hours(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Weekly hours, public holidays and dated exceptions, or a schedule helper to follow."""
        errors: dict[str, str] = {}
        language = self.config_entry.data[CONF_LANGUAGE]
        country = store_country(self.hass, language)
        groups: dict[str, str] = {}
        if supported_country(country):
            assert country is not None
            groups = await self.hass.async_add_executor_job(
                holiday_groups, country, dt_util.now().year, language
            )
        if user_input is not None:
            try:
                hours = hours_from_form(user_input)
            except HoursError as err:
                errors[err.placeholders.get("field", "base")] = err.key
            holidays = _holiday_policy(user_input, errors) if groups else None
            if not errors:
                schedule = user_input.get(CONF_HOURS_SCHEDULE)
                return self._save_section(
                    {
                        CONF_OPERATING_HOURS: hours.to_dict(),
                        CONF_CLOSING_SOON_MINUTES: int(user_input[CONF_CLOSING_SOON_MINUTES]),
                        **({CONF_HOURS_SCHEDULE: schedule} if schedule else {}),
                        **({CONF_HOLIDAYS: holidays.to_dict()} if holidays is not None else {}),
                    },
                    cleared=(CONF_HOURS_SCHEDULE,),
                )
        options = self.config_entry.options
        stored_holidays = options.get(CONF_HOLIDAYS)
        defaults: dict[str, Any] = {
            **form_from_hours(OperatingHours.from_dict(options.get(CONF_OPERATING_HOURS) or {})),
            CONF_CLOSING_SOON_MINUTES: options.get(
                CONF_CLOSING_SOON_MINUTES, DEFAULT_CLOSING_SOON_MINUTES
            ),
            **(
                {CONF_HOURS_SCHEDULE: options[CONF_HOURS_SCHEDULE]}
                if options.get(CONF_HOURS_SCHEDULE)
                else {}
            ),
            # Until the owner has chosen, a Korean store is offered 설날 and 추석 closed.
            **(
                _holiday_form(
                    HolidayPolicy.default_for(country)
                    if stored_holidays is None
                    else HolidayPolicy.from_dict(stored_holidays)
                )
                if groups
                else {}
            ),
            **(user_input or {}),
        }
        return self.async_show_form(
            step_id="hours",
            data_schema=self.add_suggested_values_to_schema(_hours_schema(groups), defaults),
            errors=errors,
        )

    async def async_step_door_schedule(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Which door mode the hours set when open, when closed, and late at night."""
        errors: dict[str, str] = {}
        if user_input is not None:
            late = {field: user_input.get(field) for field in LATE_NIGHT_FIELDS}
            data = {
                "open_mode": user_input["open_mode"],
                "closed_mode": user_input["closed_mode"],
                "late_night": None
                if not any(late.values())
                else {
                    "mode": late["late_night_mode"],
                    "start": late["late_night_start"],
                    "end": late["late_night_end"],
                },
            }
            try:
                policy = DoorSchedulePolicy.from_dict(data)
            except HoursError as err:
                # A missing start or end reads as an unparsable time: same advice either way.
                errors["base"] = (
                    "invalid_late_night_window" if err.key == "invalid_time" else err.key
                )
            else:
                # Saving the policy is the owner asking for it: the switch that makes the door
                # follow it is turned on (the form says so), else nothing would change.
                await self._async_follow(policy.to_dict())
                return self._save_section({CONF_DOOR_SCHEDULE: policy.to_dict()}, ())
        policy_data = DoorSchedulePolicy.from_dict(
            self.config_entry.options.get(CONF_DOOR_SCHEDULE) or {}
        ).to_dict()
        late_night = policy_data.pop("late_night") or {}
        defaults = {
            **policy_data,
            **{f"late_night_{key}": value for key, value in late_night.items()},
            **(user_input or {}),
        }
        return self.async_show_form(
            step_id="door_schedule",
            data_schema=self.add_suggested_values_to_schema(_door_schedule_schema(), defaults),
            errors=errors,
        )

    async def _async_follow(self, policy: dict[str, Any]) -> None:
        """Turn following on: a new policy through the reload that applies it, the same one
        (saved again, the switch was off) on the running store at once."""
        entry = self.config_entry
        hours = entry.runtime_data.hours if entry.state is ConfigEntryState.LOADED else None
        if hours is None or entry.options.get(CONF_DOOR_SCHEDULE) != policy:
            await async_follow_from_next_start(self.hass, entry.data[CONF_STORE_ID])
            return
        try:
            await hours.async_set_follow(True)
        except HomeAssistantError as err:
            # The switch is on; the door keeps its mode until it can take the next one.
            LOGGER.warning("The door could not take the scheduled mode now: %s", err)

    async def async_step_speaker(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The TTS entity, the shop's players, volumes, quiet hours and preset texts."""
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = _speaker_errors(user_input)
            if not errors:
                return self._save_section({CONF_SPEAKER: _speaker_options(user_input)}, ())
        stored: dict[str, Any] = self.config_entry.options.get(CONF_SPEAKER) or {}
        defaults: dict[str, Any] = {
            **{k: stored[k] for k in ("tts_entity", "media_players") if stored.get(k)},
            **{k: stored[k] for k in ("quiet_start", "quiet_end") if stored.get(k)},
            "default_volume": round(stored.get("default_volume", DEFAULT_VOLUME) * 100),
            "quiet_max_volume": round(
                stored.get("quiet_max_volume", DEFAULT_QUIET_MAX_VOLUME) * 100
            ),
            PRESETS_SECTION: {
                _preset_field(key, language): text
                for key, texts in (stored.get("presets") or {}).items()
                for language, text in texts.items()
            },
            **(user_input or {}),
        }
        return self.async_show_form(
            step_id="speaker",
            data_schema=self.add_suggested_values_to_schema(_speaker_schema(), defaults),
            errors=errors,
        )


def _speaker_errors(user_input: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if user_input.get("media_players") and not user_input.get("tts_entity"):
        errors["tts_entity"] = "tts_required"
    start, end = user_input.get("quiet_start"), user_input.get("quiet_end")
    if bool(start) != bool(end):
        errors["base"] = "quiet_hours_incomplete"
    elif start and start == end:
        errors["base"] = "quiet_hours_empty"
    texts = user_input.get(PRESETS_SECTION) or {}
    if any(len(str(text).strip()) > MAX_MESSAGE_LENGTH for text in texts.values()):
        errors[PRESETS_SECTION] = "preset_too_long"
    return errors


def _speaker_options(user_input: dict[str, Any]) -> dict[str, Any]:
    texts = user_input.get(PRESETS_SECTION) or {}
    presets: dict[str, dict[str, str]] = {}
    for key in PRESETS:
        for language in LANGUAGES:
            text = str(texts.get(_preset_field(key, language)) or "").strip()
            if text:
                presets.setdefault(key, {})[language] = text
    return {
        "tts_entity": user_input.get("tts_entity") or None,
        "media_players": list(user_input.get("media_players") or []),
        "default_volume": float(user_input["default_volume"]) / 100,
        "quiet_start": user_input.get("quiet_start") or None,
        "quiet_end": user_input.get("quiet_end") or None,
        "quiet_max_volume": float(user_input["quiet_max_volume"]) / 100,
        "presets": presets,
    }
