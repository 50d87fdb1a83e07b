"""Operating hours in a real Home Assistant: options flow, entities, events and the door.

The shop is a Seoul café open 07:00-02:00 every day, closed on 설날 (2026-02-17), adults only
from 23:00 while open. The clock is frozen and moved with freezer, so every timer the store
sets fires exactly when Home Assistant would fire it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.unmanned_store.const import (
    CONF_CLOSING_SOON_MINUTES,
    CONF_DOOR_SCHEDULE,
    CONF_HOURS_SCHEDULE,
    CONF_OPERATING_HOURS,
)
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.setup import async_setup_component

from . import test_door

SEOUL = ZoneInfo("Asia/Seoul")
MODE = "select.door_mode"
OPEN_NOW = "binary_sensor.mangwon_ice_cream_open_now"
NEXT_OPENING = "sensor.mangwon_ice_cream_next_opening"
NEXT_CLOSING = "sensor.mangwon_ice_cream_next_closing"
CALENDAR = "calendar.mangwon_ice_cream_operating_hours"
diy_door = test_door.diy_door
FOLLOW = "switch.mangwon_ice_cream_follow_operating_hours"
HOURS_EVENT = "event.mangwon_ice_cream_hours"
CAFE_DAY = "07:00-02:00"
CAFE_FORM: dict[str, Any] = {
    **dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), CAFE_DAY),
    "exceptions": "2026-02-17 closed 설날\n# comments and blank lines are fine\n\n"
    "2026-02-19 10:00-18:00 설날 연휴",
    CONF_CLOSING_SOON_MINUTES: 10,
}


def _seoul(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SEOUL)


async def _at(hass: HomeAssistant, freezer: FrozenDateTimeFactory, text: str) -> None:
    """Move the clock to a Seoul wall-clock time and let every due timer run."""
    moment = _seoul(text)
    freezer.move_to(moment)
    async_fire_time_changed(hass, moment)
    await hass.async_block_till_done()


async def _options_step(
    hass: HomeAssistant, entry: MockConfigEntry, step: str, user_input: dict[str, Any]
) -> dict[str, Any]:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert step in result["menu_options"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": step}
    )
    assert result["step_id"] == step
    result = await hass.config_entries.options.async_configure(result["flow_id"], user_input)
    await hass.async_block_till_done()
    return dict(result)


@pytest.fixture
async def cafe(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> MockConfigEntry:
    """The café on Monday 2026-02-16 06:00 in Seoul, hours and door policy set by the owner."""
    await hass.config.async_set_time_zone("Asia/Seoul")
    freezer.move_to(_seoul("2026-02-16T06:00"))
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    result = await _options_step(hass, mock_config_entry, "hours", CAFE_FORM)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    result = await _options_step(
        hass,
        mock_config_entry,
        "door_schedule",
        {
            "open_mode": "authenticated",
            "closed_mode": "closed",
            "late_night_mode": "adults_only",
            "late_night_start": "23:00:00",
            "late_night_end": "06:00:00",
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    return mock_config_entry


async def _follow(hass: HomeAssistant, on: bool) -> None:
    await hass.services.async_call(
        "switch", "turn_on" if on else "turn_off", {"entity_id": FOLLOW}, blocking=True
    )


async def _set_mode(hass: HomeAssistant, mode: str) -> None:
    await hass.services.async_call(
        "select", "select_option", {"entity_id": MODE, "option": mode}, blocking=True
    )


def _mode(hass: HomeAssistant) -> str:
    state = hass.states.get(MODE)
    assert state is not None
    return state.state


async def test_options_are_stored_in_the_model_shape(cafe: MockConfigEntry) -> None:
    """The text form becomes the pure model's JSON; the policy its dict."""
    hours = cafe.options[CONF_OPERATING_HOURS]
    assert hours["weekly"]["mon"] == [["07:00", "02:00"]]
    assert hours["exceptions"] == [
        {"date": "2026-02-17", "hours": [], "label": "설날"},
        {"date": "2026-02-19", "hours": [["10:00", "18:00"]], "label": "설날 연휴"},
    ]
    assert cafe.options[CONF_DOOR_SCHEDULE] == {
        "open_mode": "authenticated",
        "closed_mode": "closed",
        "late_night": {"mode": "adults_only", "start": "23:00", "end": "06:00"},
    }
    assert cafe.options[CONF_CLOSING_SOON_MINUTES] == 10
    assert CONF_HOURS_SCHEDULE not in cafe.options


async def test_form_shows_stored_hours_as_text(hass: HomeAssistant, cafe: MockConfigEntry) -> None:
    """Reopening the form shows what was saved, in the same text format."""
    result = await hass.config_entries.options.async_init(cafe.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "hours"}
    )
    suggested = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description and "suggested_value" in key.description
    }
    assert suggested["mon"] == CAFE_DAY
    assert suggested["exceptions"] == ("2026-02-17 closed 설날\n2026-02-19 10:00-18:00 설날 연휴")
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**CAFE_FORM, "sun": "24h"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "overlapping_intervals"}


@pytest.mark.parametrize(
    ("form", "errors"),
    [
        ({"mon": "7am-10pm"}, {"mon": "invalid_interval"}),
        ({"tue": "07:00-25:00"}, {"tue": "invalid_time"}),
        ({"wed": "07:00-12:00, 11:00-13:00"}, {"wed": "overlapping_intervals"}),
        ({"exceptions": "17 Feb closed"}, {"exceptions": "invalid_exception_line"}),
        ({"exceptions": "2026-02-30 closed"}, {"exceptions": "invalid_date"}),
        (
            {"exceptions": "2026-02-17 closed\n2026-02-17 24h"},
            {"exceptions": "duplicate_exception"},
        ),
        ({"exceptions": f"2026-02-17 closed {'x' * 101}"}, {"base": "invalid_label"}),
        ({"mon": "00:00-03:00", "sun": "22:00-04:00"}, {"base": "overlapping_intervals"}),
    ],
)
async def test_hours_form_rejects_bad_input(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    form: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """Each HoursError key is shown on the field it belongs to, and nothing is saved."""
    result = await _options_step(
        hass, init_integration, "hours", {CONF_CLOSING_SOON_MINUTES: 10, **form}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert CONF_OPERATING_HOURS not in init_integration.options


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"late_night_mode": "adults_only"}, "invalid_late_night_window"),
        (
            {
                "late_night_mode": "adults_only",
                "late_night_start": "23:00:00",
                "late_night_end": "23:00:00",
            },
            "invalid_late_night_window",
        ),
        (
            {"late_night_start": "23:00:00", "late_night_end": "05:00:00"},
            "invalid_late_night_window",
        ),
    ],
)
async def test_door_schedule_form_rejects_half_windows(
    hass: HomeAssistant, init_integration: MockConfigEntry, form: dict[str, Any], error: str
) -> None:
    """A late-night window needs a mode, a start and an end that differ."""
    result = await _options_step(
        hass,
        init_integration,
        "door_schedule",
        {"open_mode": "authenticated", "closed_mode": "closed", **form},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}


async def test_entities_show_hours_across_midnight_and_a_holiday(
    hass: HomeAssistant, cafe: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Open now, next opening/closing follow the clock through the night and 설날."""
    assert hass.states.get(OPEN_NOW).state == STATE_OFF
    assert hass.states.get(NEXT_OPENING).state == "2026-02-15T22:00:00+00:00"  # Mon 07:00
    assert hass.states.get(NEXT_CLOSING).state == "2026-02-16T17:00:00+00:00"  # Tue 02:00

    await _at(hass, freezer, "2026-02-16T07:00")
    assert hass.states.get(OPEN_NOW).state == STATE_ON
    await _at(hass, freezer, "2026-02-17T01:30")  # after midnight, still Monday's hours
    assert hass.states.get(OPEN_NOW).state == STATE_ON
    await _at(hass, freezer, "2026-02-17T02:00")
    assert hass.states.get(OPEN_NOW).state == STATE_OFF
    # 설날 is closed all day: the next opening is Wednesday 07:00.
    assert hass.states.get(NEXT_OPENING).state == "2026-02-17T22:00:00+00:00"
    await _at(hass, freezer, "2026-02-17T07:00")
    assert hass.states.get(OPEN_NOW).state == STATE_OFF


async def test_calendar_lists_hours_and_closed_days(
    hass: HomeAssistant, cafe: MockConfigEntry
) -> None:
    """calendar.get_events shows the open intervals, special hours and the closed holiday."""
    response = await hass.services.async_call(
        "calendar",
        "get_events",
        {
            "entity_id": CALENDAR,
            "start_date_time": "2026-02-16T00:00:00+09:00",
            "end_date_time": "2026-02-20T00:00:00+09:00",
        },
        blocking=True,
        return_response=True,
    )
    assert response is not None
    events = [(e["start"], e["end"], e["summary"]) for e in response[CALENDAR]["events"]]
    assert events == [
        ("2026-02-15T07:00:00+09:00", "2026-02-16T02:00:00+09:00", "영업"),
        ("2026-02-16T07:00:00+09:00", "2026-02-17T02:00:00+09:00", "영업"),
        ("2026-02-17", "2026-02-18", "휴무: 설날"),
        ("2026-02-18T07:00:00+09:00", "2026-02-19T02:00:00+09:00", "영업"),
        ("2026-02-19T10:00:00+09:00", "2026-02-19T18:00:00+09:00", "특별 영업: 설날 연휴"),
    ]
    calendar = hass.states.get(CALENDAR)
    assert calendar.state == STATE_OFF  # 06:00 Monday: closed, the next event is 07:00
    assert calendar.attributes["start_time"] == "2026-02-16 07:00:00"


async def test_door_follows_hours_across_midnight_and_a_holiday(
    hass: HomeAssistant, cafe: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Saving the door schedule turned the switch on; it sets the door at each boundary."""
    assert hass.states.get(FOLLOW).state == STATE_ON
    assert _mode(hass) == "closed"
    assert hass.states.get(FOLLOW).attributes["next_change"] == "2026-02-15T22:00:00+00:00"

    await _at(hass, freezer, "2026-02-16T07:00")
    assert _mode(hass) == "authenticated"
    await _at(hass, freezer, "2026-02-16T23:00")
    assert _mode(hass) == "adults_only"
    await _at(hass, freezer, "2026-02-17T02:00")
    assert _mode(hass) == "closed"
    await _at(hass, freezer, "2026-02-17T07:00")  # 설날: stays closed
    assert _mode(hass) == "closed"
    await _at(hass, freezer, "2026-02-18T07:00")
    assert _mode(hass) == "authenticated"
    await _at(hass, freezer, "2026-02-19T02:00")
    assert _mode(hass) == "closed"
    await _at(hass, freezer, "2026-02-19T10:00")  # special hours
    assert _mode(hass) == "authenticated"
    await _at(hass, freezer, "2026-02-19T18:00")
    assert _mode(hass) == "closed"


async def test_saving_the_door_schedule_turns_following_on(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Off before (the door keeps its own default); on, with the closed mode, once saved."""
    await hass.config.async_set_time_zone("Asia/Seoul")
    freezer.move_to(_seoul("2026-02-16T06:00"))
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    await _options_step(hass, mock_config_entry, "hours", CAFE_FORM)
    assert hass.states.get(FOLLOW).state == STATE_OFF
    assert _mode(hass) == "authenticated"
    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "door_schedule"}
    )
    # A form with an error turns nothing on.
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {"open_mode": "authenticated", "closed_mode": "closed", "late_night_mode": "free"},
    )
    assert result["errors"] == {"base": "invalid_late_night_window"}
    await hass.async_block_till_done()
    assert hass.states.get(FOLLOW).state == STATE_OFF
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"open_mode": "free", "closed_mode": "closed"}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert hass.states.get(FOLLOW).state == STATE_ON
    assert _mode(hass) == "closed"
    await _at(hass, freezer, "2026-02-16T07:00")
    assert _mode(hass) == "free"
    # Switched off and the door set by hand; saving the same schedule again turns it back on.
    await _follow(hass, False)
    await _set_mode(hass, "authenticated")
    result = await _options_step(
        hass, mock_config_entry, "door_schedule", {"open_mode": "free", "closed_mode": "closed"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert hass.states.get(FOLLOW).state == STATE_ON
    assert _mode(hass) == "free"


async def test_manual_mode_is_kept_until_the_next_boundary(
    hass: HomeAssistant, cafe: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """The owner opens the door freely at 10:00; the schedule takes over again at 23:00."""
    await _follow(hass, True)
    await _at(hass, freezer, "2026-02-16T07:00")
    await _at(hass, freezer, "2026-02-16T10:00")
    await _set_mode(hass, "free")
    await _at(hass, freezer, "2026-02-16T15:00")
    assert _mode(hass) == "free"
    await _at(hass, freezer, "2026-02-16T22:59")
    assert _mode(hass) == "free"
    await _at(hass, freezer, "2026-02-16T23:00")
    assert _mode(hass) == "adults_only"


async def test_switch_off_leaves_the_door_alone(
    hass: HomeAssistant, cafe: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """With the switch off the door keeps whatever mode it has."""
    await _follow(hass, True)
    await _follow(hass, False)
    assert hass.states.get(FOLLOW).state == STATE_OFF
    assert hass.states.get(FOLLOW).attributes["next_change"] is None
    await _at(hass, freezer, "2026-02-16T07:00")
    assert _mode(hass) == "closed"


async def test_follow_survives_a_restart_and_catches_up(
    hass: HomeAssistant, cafe: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """The switch is stored; a boundary passed while unloaded is applied on the way back."""
    await _follow(hass, True)
    assert await hass.config_entries.async_unload(cafe.entry_id)
    freezer.move_to(_seoul("2026-02-16T08:00"))
    assert await hass.config_entries.async_setup(cafe.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(FOLLOW).state == STATE_ON
    assert _mode(hass) == "authenticated"
    # A manual change made while following survives a reload inside the same period.
    await _set_mode(hass, "free")
    await hass.config_entries.async_reload(cafe.entry_id)
    await hass.async_block_till_done()
    assert _mode(hass) == "free"


async def test_events_fire_closing_soon_then_closed_then_opened(
    hass: HomeAssistant, cafe: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """closing_soon comes N minutes before closing; closed and opened at the boundaries."""
    seen: list[tuple[str, dict[str, Any]]] = []

    def _record(event: Any) -> None:
        new = event.data["new_state"]
        if new is not None and new.entity_id == HOURS_EVENT:
            seen.append((new.attributes["event_type"], dict(new.attributes)))

    unsub = hass.bus.async_listen("state_changed", _record)
    await _at(hass, freezer, "2026-02-16T07:00")
    await _at(hass, freezer, "2026-02-17T01:49")
    assert [kind for kind, _ in seen] == ["opened"]
    await _at(hass, freezer, "2026-02-17T01:50")
    assert seen[-1][0] == "closing_soon"
    assert seen[-1][1]["minutes"] == 10
    assert seen[-1][1]["closes_at"] == "2026-02-17T02:00:00+09:00"
    await _at(hass, freezer, "2026-02-17T02:00")
    assert seen[-1][0] == "closed"
    assert seen[-1][1]["opens_at"] == "2026-02-18T07:00:00+09:00"
    assert [kind for kind, _ in seen] == ["opened", "closing_soon", "closed"]
    unsub()


async def test_closing_soon_minutes_option(
    hass: HomeAssistant, cafe: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """N is an option: with 30 minutes the warning comes at 01:30."""
    result = await _options_step(hass, cafe, "hours", {**CAFE_FORM, CONF_CLOSING_SOON_MINUTES: 30})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await _at(hass, freezer, "2026-02-16T07:00")
    await _at(hass, freezer, "2026-02-17T01:29")
    assert hass.states.get(HOURS_EVENT).attributes["event_type"] == "opened"
    await _at(hass, freezer, "2026-02-17T01:30")
    assert hass.states.get(HOURS_EVENT).attributes["event_type"] == "closing_soon"


async def test_schedule_helper_drives_the_hours(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, init_integration: MockConfigEntry
) -> None:
    """With a schedule helper chosen, its weekly ranges are the hours; exceptions still apply."""
    await hass.config.async_set_time_zone("Asia/Seoul")
    freezer.move_to(_seoul("2026-02-16T06:00"))
    week = [{"from": "09:00:00", "to": "18:00:00"}]
    assert await async_setup_component(
        hass,
        "schedule",
        {
            "schedule": {
                "shop": {
                    "name": "Shop",
                    **dict.fromkeys(("monday", "tuesday", "wednesday", "thursday", "friday"), week),
                }
            }
        },
    )
    await hass.async_block_till_done()
    result = await _options_step(
        hass,
        init_integration,
        "hours",
        {
            CONF_HOURS_SCHEDULE: "schedule.shop",
            "exceptions": "2026-02-17 closed 설날",
            CONF_CLOSING_SOON_MINUTES: 10,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert init_integration.options[CONF_HOURS_SCHEDULE] == "schedule.shop"
    assert hass.states.get(OPEN_NOW).state == STATE_OFF
    assert hass.states.get(NEXT_OPENING).state == "2026-02-16T00:00:00+00:00"  # Mon 09:00
    await _at(hass, freezer, "2026-02-16T09:00")
    assert hass.states.get("schedule.shop").state == STATE_ON
    assert hass.states.get(OPEN_NOW).state == STATE_ON
    assert hass.states.get(NEXT_CLOSING).state == "2026-02-16T09:00:00+00:00"  # Mon 18:00
    await _at(hass, freezer, "2026-02-16T18:00")
    assert hass.states.get(OPEN_NOW).state == STATE_OFF
    # 설날 (Tuesday) is our exception on top of the helper: next opening is Wednesday.
    assert hass.states.get(NEXT_OPENING).state == "2026-02-18T00:00:00+00:00"

    # The owner deletes the helper: the store counts as closed, with no opening planned.
    Path(hass.config.path("configuration.yaml")).write_text("schedule: {}\n", encoding="utf-8")
    await hass.services.async_call("schedule", "reload", blocking=True)
    await hass.async_block_till_done()
    assert hass.states.get("schedule.shop") is None
    assert hass.states.get(NEXT_OPENING).state == "unknown"


async def test_missing_schedule_helper_counts_as_closed(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A helper that does not exist (yet) leaves the store closed, not broken."""
    result = await _options_step(
        hass,
        init_integration,
        "hours",
        {CONF_HOURS_SCHEDULE: "schedule.gone", **CAFE_FORM},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert hass.states.get(OPEN_NOW).state == STATE_OFF
    assert hass.states.get(NEXT_OPENING).state == "unknown"


@pytest.mark.parametrize(
    "entry_options",
    [{CONF_OPERATING_HOURS: {"weekly": {"mon": [["07:00", "31:00"]]}}}],
)
async def test_broken_stored_hours_fail_setup_with_a_reason(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Hand-edited nonsense in the options stops setup with a translated error."""
    mock_config_entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(mock_config_entry.entry_id)
    assert mock_config_entry.reason is not None
    assert "31:00" in mock_config_entry.reason


async def test_no_hours_means_closed_and_no_timer(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A store without hours is closed; nothing opens or closes."""
    assert hass.states.get(OPEN_NOW).state == STATE_OFF
    assert hass.states.get(NEXT_OPENING).state == "unknown"
    assert hass.states.get(NEXT_CLOSING).state == "unknown"
    assert hass.states.get(CALENDAR).state == STATE_OFF
    await _follow(hass, True)
    assert _mode(hass) == "closed"
    assert hass.states.get(FOLLOW).attributes["next_change"] is None


async def test_always_open_store_never_closes(
    hass: HomeAssistant, cafe: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """24h every day: open now, no next closing, door authenticated."""
    form = {**dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "24h")}
    result = await _options_step(hass, cafe, "hours", {**form, CONF_CLOSING_SOON_MINUTES: 10})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert hass.states.get(OPEN_NOW).state == STATE_ON
    assert hass.states.get(NEXT_CLOSING).state == "unknown"
    await _follow(hass, True)
    await _at(hass, freezer, "2026-02-16T12:00")
    assert _mode(hass) == "authenticated"
    await _at(hass, freezer, "2026-02-16T23:30")
    assert _mode(hass) == "adults_only"


async def test_door_timers_follow_a_dst_change(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, init_integration: MockConfigEntry
) -> None:
    """Berlin springs forward at 02:00 on 2026-03-29: a 02:00 closing happens at 03:00 CEST.

    The hours say 07:00-02:00; 02:00 that night does not exist, so the shop closes at the
    first instant after the gap, 01:00 UTC, and the door timer fires then, not an hour off.
    """
    await hass.config.async_set_time_zone("Europe/Berlin")
    freezer.move_to("2026-03-28T12:00:00+00:00")
    week = dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), CAFE_DAY)
    result = await _options_step(
        hass, init_integration, "hours", {**week, CONF_CLOSING_SOON_MINUTES: 10}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await _follow(hass, True)
    assert _mode(hass) == "authenticated"
    assert hass.states.get(NEXT_CLOSING).state == "2026-03-29T01:00:00+00:00"
    for moment, mode in (
        ("2026-03-29T00:59:59+00:00", "authenticated"),  # 01:59:59 CET
        ("2026-03-29T01:00:00+00:00", "closed"),  # 03:00 CEST
        ("2026-03-29T04:59:59+00:00", "closed"),
        ("2026-03-29T05:00:00+00:00", "authenticated"),  # 07:00 CEST
    ):
        instant = datetime.fromisoformat(moment)
        freezer.move_to(instant)
        async_fire_time_changed(hass, instant)
        await hass.async_block_till_done()
        assert _mode(hass) == mode, moment


async def test_public_holidays_chosen_once_close_the_shop_every_year(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A Korean shop: the form offers 설날 and 추석 closed; saved once, 추석 2026 and 설날 2027
    (with its substitute day) are closed without typing a date, and a typed date still wins."""
    await hass.config.async_update(country="KR")
    await hass.config.async_set_time_zone("Asia/Seoul")
    freezer.move_to(_seoul("2026-09-20T06:00"))
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "hours"}
    )
    schema = result["data_schema"].schema
    suggested = {
        str(key): key.description["suggested_value"]
        for key in schema
        if key.description and "suggested_value" in key.description
    }
    assert suggested["holidays_closed"] == ["chuseok", "korean_new_year"]
    labels = {
        option["value"]: option["label"]
        for key in schema
        if str(key) == "holidays_closed"
        for option in schema[key].config["options"]
    }
    assert labels["korean_new_year"] == "설날"
    assert labels["chuseok"] == "추석"
    form = {
        **CAFE_FORM,
        "exceptions": "2026-09-26 10:00-18:00 추석 다음날 오후만",
        "holidays_closed": suggested["holidays_closed"],
        "holidays_special": ["hangul_day"],
        "holiday_hours": "",
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], form)
    assert result["errors"] == {"holiday_hours": "holiday_hours_required"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**form, "holidays_special": ["chuseok"], "holiday_hours": "10:00-16:00"}
    )
    assert result["errors"] == {"holidays_special": "holiday_in_both"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**form, "holiday_hours": "10:00-16:00"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert mock_config_entry.options["holidays"] == {
        "meanings": {"chuseok": "closed", "hangul_day": "special", "korean_new_year": "closed"},
        "special_hours": "10:00-16:00",
    }
    hours = mock_config_entry.runtime_data.hours
    assert hours is not None
    for moment, is_open in (
        ("2026-09-23T12:00", True),
        ("2026-09-24T12:00", False),  # 추석 전날
        ("2026-09-25T12:00", False),  # 추석
        ("2026-09-26T12:00", True),  # the owner's own date wins: 10:00-18:00
        ("2026-10-09T17:00", False),  # 한글날: special hours 10:00-16:00
        ("2026-10-09T12:00", True),
        ("2027-02-09T12:00", False),  # 설날 대체 휴일
        ("2027-02-10T12:00", True),
    ):
        assert hours.hours.is_open(_seoul(moment), SEOUL) is is_open, moment
    events = await hass.services.async_call(
        "calendar",
        "get_events",
        {
            "entity_id": CALENDAR,
            "start_date_time": "2026-09-24T00:00:00+09:00",
            "duration": {"days": 1},
        },
        blocking=True,
        return_response=True,
    )
    assert events is not None
    # The night before's opening runs to 02:00; then the holiday, closed, named.
    assert [e["summary"].split(": ")[-1] for e in events[CALENDAR]["events"]] == [
        "영업",
        "추석 전날",
    ]


async def test_a_door_that_cannot_follow_says_so(
    hass: HomeAssistant,
    diy_door: None,
    cafe: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A lock that fails: the owner's switch raises, a timer logs it; the mode shown stays."""
    await test_door.configure_door(hass, cafe, test_door.JAMMED)
    # Saving the door schedule turned following on; the owner turns it off and sets the mode.
    await _follow(hass, False)
    await _set_mode(hass, "authenticated")
    with pytest.raises(HomeAssistantError) as err:
        await _follow(hass, True)  # 06:00: closed, and closing needs the lock
    assert err.value.translation_key == "door_mode_not_changed"
    assert hass.states.get(FOLLOW).state == STATE_ON
    assert _mode(hass) == "authenticated"
    await _at(hass, freezer, "2026-02-16T23:00")
    assert _mode(hass) == "adults_only"  # needs nothing of the lock
    await _at(hass, freezer, "2026-02-17T02:00")
    assert _mode(hass) == "adults_only"
    assert "The operating hours could not set the door to closed" in caplog.text
