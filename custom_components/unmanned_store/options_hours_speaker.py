"""Options flow steps for the operating hours, the door schedule and the shop speaker."""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.data_entry_flow import section
from homeassistant.helpers.selector import (
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TimeSelector,
)

from .const import (
    CONF_CLOSING_SOON_MINUTES,
    CONF_DOOR_SCHEDULE,
    CONF_HOURS_SCHEDULE,
    CONF_OPERATING_HOURS,
    CONF_SPEAKER,
    DEFAULT_CLOSING_SOON_MINUTES,
)
from .hours.form import form_from_hours, hours_from_form
from .hours.model import (
    DOOR_MODES,
    WEEKDAY_KEYS,
    DoorSchedulePolicy,
    HoursError,
    OperatingHours,
)
from .speaker.announcements import LANGUAGES, MAX_MESSAGE_LENGTH, PRESETS
from .speaker.speaker import DEFAULT_QUIET_MAX_VOLUME, DEFAULT_VOLUME

HOURS_STEPS = ["hours", "door_schedule", "speaker"]
EXCEPTIONS = "exceptions"
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


def _hours_schema() -> vol.Schema:
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
    return vol.Schema(fields)


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
        """Weekly hours and dated exceptions, or a schedule helper to follow."""
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                hours = hours_from_form(user_input)
            except HoursError as err:
                errors[err.placeholders.get("field", "base")] = err.key
            else:
                schedule = user_input.get(CONF_HOURS_SCHEDULE)
                return self._save_section(
                    {
                        CONF_OPERATING_HOURS: hours.to_dict(),
                        CONF_CLOSING_SOON_MINUTES: int(user_input[CONF_CLOSING_SOON_MINUTES]),
                        **({CONF_HOURS_SCHEDULE: schedule} if schedule else {}),
                    },
                    cleared=(CONF_HOURS_SCHEDULE,),
                )
        options = self.config_entry.options
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
            **(user_input or {}),
        }
        return self.async_show_form(
            step_id="hours",
            data_schema=self.add_suggested_values_to_schema(_hours_schema(), defaults),
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
