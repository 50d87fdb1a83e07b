"""Reading, writing and validating operating hours (config entry options and text fields)."""

from __future__ import annotations

from datetime import date, datetime, time
import json
from typing import Any

import pytest

from custom_components.unmanned_store.door.authenticator import DoorMode
from custom_components.unmanned_store.hours.model import (
    DOOR_MODES,
    MAX_EXCEPTIONS,
    MAX_INTERVALS_PER_DAY,
    DoorSchedulePolicy,
    HoursError,
    HoursException,
    OperatingHours,
    format_hours_text,
    parse_hours_text,
)

CAFE: dict[str, Any] = {
    "weekly": {
        "mon": [["07:00", "02:00"]],
        "tue": [["07:00", "12:00"], ["14:00", "24:00"]],
        "wed": [["00:00", "00:00"]],
        "thu": [],
        "fri": [["09:30:15", "18:00"]],
        "sat": [],
        "sun": [["10:00", "07:00"]],
    },
    "exceptions": [
        {"date": "2026-09-25", "hours": [], "label": "추석"},
        {"date": "2026-02-17", "hours": [], "label": "설날"},
        {"date": "2026-12-24", "hours": [["10:00", "15:00"]], "label": "Christmas Eve"},
    ],
}


def test_round_trip_through_json() -> None:
    hours = OperatingHours.from_dict(CAFE)
    stored = json.loads(json.dumps(hours.to_dict()))
    assert OperatingHours.from_dict(stored) == hours
    assert stored["weekly"]["mon"] == [["07:00", "02:00"]]
    # 24:00 is stored as the midnight it means.
    assert stored["weekly"]["tue"] == [["07:00", "12:00"], ["14:00", "00:00"]]
    assert stored["weekly"]["fri"] == [["09:30:15", "18:00"]]
    # Exceptions come back sorted by date.
    assert [item["date"] for item in stored["exceptions"]] == [
        "2026-02-17",
        "2026-09-25",
        "2026-12-24",
    ]
    assert stored["exceptions"][0] == {"date": "2026-02-17", "hours": [], "label": "설날"}


def test_missing_days_are_closed_and_lookups_prefer_exceptions() -> None:
    hours = OperatingHours.from_dict({"weekly": {"mon": [["07:00", "02:00"]]}, **_exc()})
    assert hours.intervals_for(date(2026, 2, 16)) == ((time(7), time(2)),)  # a Monday
    assert hours.intervals_for(date(2026, 2, 18)) == ()  # a Wednesday
    assert hours.intervals_for(date(2026, 2, 23)) == ()  # the exception Monday
    exception = hours.exception_for(date(2026, 2, 23))
    assert exception is not None
    assert exception.label == "임시 휴무"
    assert hours.exception_for(date(2026, 2, 16)) is None
    assert OperatingHours.from_dict({}) == OperatingHours()


def _exc() -> dict[str, Any]:
    return {"exceptions": [{"date": "2026-02-23", "hours": [], "label": " 임시 휴무 "}]}


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ([], "invalid_format"),
        ({"weekly": {}, "extra": 1}, "invalid_format"),
        ({"weekly": []}, "invalid_format"),
        ({"weekly": {"monday": []}}, "invalid_weekday"),
        ({"weekly": {"mon": "07:00-22:00"}}, "invalid_format"),
        ({"weekly": {"mon": [["07:00"]]}}, "invalid_interval"),
        ({"weekly": {"mon": ["07:00-22:00"]}}, "invalid_interval"),
        ({"weekly": {"mon": [["25:00", "22:00"]]}}, "invalid_time"),
        ({"weekly": {"mon": [["07:60", "22:00"]]}}, "invalid_time"),
        ({"weekly": {"mon": [["7", "22:00"]]}}, "invalid_time"),
        ({"weekly": {"mon": [[700, "22:00"]]}}, "invalid_time"),
        ({"weekly": {"mon": [["24:00", "22:00"]]}}, "invalid_time"),
        ({"weekly": {"mon": [["07:00", "24:01"]]}}, "invalid_time"),
        ({"weekly": {"mon": [["07:00", "12:00"], ["11:59", "13:00"]]}}, "overlapping_intervals"),
        ({"weekly": {"mon": [["00:00", "00:00"], ["05:00", "06:00"]]}}, "overlapping_intervals"),
        (
            {"weekly": {"mon": [["22:00", "03:00"]], "tue": [["02:00", "05:00"]]}},
            "overlapping_intervals",
        ),
        # The Sunday night spills into Monday morning: the week wraps around.
        (
            {"weekly": {"sun": [["22:00", "03:00"]], "mon": [["01:00", "05:00"]]}},
            "overlapping_intervals",
        ),
        (
            {
                "weekly": {
                    "mon": [[f"{h:02}:00", f"{h:02}:30"] for h in range(MAX_INTERVALS_PER_DAY + 1)]
                }
            },
            "too_many_intervals",
        ),
        ({"exceptions": {}}, "invalid_format"),
        ({"exceptions": ["2026-02-17"]}, "invalid_format"),
        ({"exceptions": [{"date": "2026-02-17", "note": "x"}]}, "invalid_format"),
        ({"exceptions": [{"date": "2026-02-30", "hours": []}]}, "invalid_date"),
        ({"exceptions": [{"date": "2026-W07-2", "hours": []}]}, "invalid_date"),
        ({"exceptions": [{"date": "20260217", "hours": []}]}, "invalid_date"),
        ({"exceptions": [{"date": 20260217, "hours": []}]}, "invalid_date"),
        ({"exceptions": [{"hours": []}]}, "invalid_date"),
        ({"exceptions": [{"date": "2026-02-17", "label": 3}]}, "invalid_label"),
        ({"exceptions": [{"date": "2026-02-17", "label": "x" * 101}]}, "invalid_label"),
        ({"exceptions": [{"date": "2026-02-17", "hours": [["9:00", "8:00:99"]]}]}, "invalid_time"),
        (
            {
                "exceptions": [
                    {"date": "2026-02-17"},
                    {"date": "2026-02-17", "hours": [["09:00", "10:00"]]},
                ]
            },
            "duplicate_exception",
        ),
        (
            {"exceptions": [{"date": "2026-01-01", "hours": []}] * (MAX_EXCEPTIONS + 1)},
            "too_many_exceptions",
        ),
        # An exception's overnight hours must not run into the next day's weekly hours ...
        (
            {
                "weekly": {"wed": [["06:00", "12:00"]]},
                "exceptions": [{"date": "2026-02-17", "hours": [["20:00", "07:00"]]}],
            },
            "overlapping_intervals",
        ),
        # ... nor may the previous day's overnight hours run into an exception's hours.
        (
            {
                "weekly": {"mon": [["07:00", "02:00"]]},
                "exceptions": [{"date": "2026-02-17", "hours": [["01:00", "05:00"]]}],
            },
            "overlapping_intervals",
        ),
    ],
)
def test_from_dict_rejects_with_a_precise_key(data: Any, key: str) -> None:
    with pytest.raises(HoursError) as caught:
        OperatingHours.from_dict(data)
    assert caught.value.key == key
    assert caught.value.message == str(caught.value)
    assert str(caught.value)


def test_error_placeholders_name_the_bad_value() -> None:
    with pytest.raises(HoursError) as caught:
        OperatingHours.from_dict({"weekly": {"fri": [["07:00", "26:30"]]}})
    assert caught.value.placeholders == {"value": "26:30", "where": "fri"}
    with pytest.raises(HoursError) as caught:
        OperatingHours.from_dict({"exceptions": [{"date": "2026-13-01"}]})
    assert caught.value.placeholders == {"value": "2026-13-01"}


def test_direct_construction_is_validated_too() -> None:
    with pytest.raises(HoursError, match="seven days") as caught:
        OperatingHours(weekly=((),) * 6)
    assert caught.value.key == "invalid_format"
    with pytest.raises(HoursError) as caught:
        OperatingHours(weekly=((("07:00", "22:00"),),) + ((),) * 6)  # type: ignore[arg-type]
    assert caught.value.key == "invalid_time"
    with pytest.raises(HoursError) as caught:
        OperatingHours(weekly=(((time(7, 0, 0, 5), time(22)),),) + ((),) * 6)
    assert caught.value.key == "invalid_time"
    with pytest.raises(HoursError) as caught:
        OperatingHours(weekly=((time(7), time(8)),) + ((),) * 6)  # type: ignore[arg-type]
    assert caught.value.key == "invalid_interval"
    with pytest.raises(HoursError) as caught:
        OperatingHours(weekly=("07:00",) + ((),) * 6)  # type: ignore[arg-type]
    assert caught.value.key == "invalid_format"
    with pytest.raises(HoursError) as caught:
        OperatingHours(exceptions=(HoursException(date(2026, 2, 17)),) * (MAX_EXCEPTIONS + 1))
    assert caught.value.key == "too_many_exceptions"
    with pytest.raises(HoursError) as caught:
        OperatingHours(exceptions=("2026-02-17",))  # type: ignore[arg-type]
    assert caught.value.key == "invalid_format"
    with pytest.raises(HoursError) as caught:
        HoursException(datetime(2026, 2, 17))  # noqa: DTZ001 - the wrong type on purpose
    assert caught.value.key == "invalid_date"
    with pytest.raises(HoursError) as caught:
        HoursException(date(2026, 2, 17), label="x" * 101)
    assert caught.value.key == "invalid_label"


def test_intervals_are_kept_sorted_so_equal_schedules_compare_equal() -> None:
    unsorted = OperatingHours(weekly=(((time(14), time(15)), (time(7), time(12))),) + ((),) * 6)
    ordered = OperatingHours(weekly=(((time(7), time(12)), (time(14), time(15))),) + ((),) * 6)
    assert unsorted == ordered
    assert hash(unsorted) == hash(ordered)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07:00-12:00, 14:00-02:00", [(time(7), time(12)), (time(14), time(2))]),
        ("14:00-15:00; 7:00 ~ 12:00", [(time(7), time(12)), (time(14), time(15))]),
        ("09:00\u201318:00,", [(time(9), time(18))]),
        ("09:00 - 24:00", [(time(9), time(0))]),
        ("closed", []),
        (" Closed ", []),
        ("휴무", []),
        ("", []),
        ("24h", [(time(0), time(0))]),
        ("24시간", [(time(0), time(0))]),
        ("00:00-24:00", [(time(0), time(0))]),
    ],
)
def test_parse_hours_text(text: str, expected: list[tuple[time, time]]) -> None:
    assert parse_hours_text(text) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("7am-10pm", "invalid_interval"),
        ("07:00", "invalid_interval"),
        (",", "invalid_interval"),
        ("07:00-25:00", "invalid_time"),
        ("24:00-07:00", "invalid_time"),
        ("07:00-12:00, 11:00-13:00", "overlapping_intervals"),
        (", ".join(f"{h:02}:00-{h:02}:30" for h in range(7)), "too_many_intervals"),
    ],
)
def test_parse_hours_text_rejects(text: str, key: str) -> None:
    with pytest.raises(HoursError) as caught:
        parse_hours_text(text)
    assert caught.value.key == key


@pytest.mark.parametrize("text", ["closed", "24h", "07:00-12:00, 14:00-02:00"])
def test_format_hours_text_round_trips(text: str) -> None:
    assert format_hours_text(parse_hours_text(text)) == text


def test_door_modes_match_the_authenticator() -> None:
    # The glue hands desired_mode() straight to the door; both must speak the same modes.
    assert set(DOOR_MODES) == {mode.value for mode in DoorMode}


def test_door_policy_round_trip_and_validation() -> None:
    policy = DoorSchedulePolicy("authenticated", "closed", "adults_only", time(22), time(6))
    assert DoorSchedulePolicy.from_dict(policy.to_dict()) == policy
    assert policy.to_dict()["late_night"] == {
        "mode": "adults_only",
        "start": "22:00",
        "end": "06:00",
    }
    plain = DoorSchedulePolicy.from_dict({"open_mode": "free"})
    assert plain == DoorSchedulePolicy(open_mode="free", closed_mode="closed")
    assert plain.to_dict()["late_night"] is None
    for bad, key in [
        ({"open_mode": "party"}, "invalid_mode"),
        ({"late_night": {"mode": "sleepy", "start": "22:00", "end": "06:00"}}, "invalid_mode"),
        ({"late_night": "22:00-06:00"}, "invalid_late_night_window"),
        (
            {"late_night": {"mode": "adults_only", "start": "22:00", "end": "22:00"}},
            "invalid_late_night_window",
        ),
        (
            {"late_night": {"mode": None, "start": "22:00", "end": "06:00"}},
            "invalid_late_night_window",
        ),
        ({"late_night": {"mode": "adults_only", "start": "late", "end": "06:00"}}, "invalid_time"),
        ("free", "invalid_format"),
    ]:
        with pytest.raises(HoursError) as caught:
            DoorSchedulePolicy.from_dict(bad)
        assert caught.value.key == key, bad


def test_from_schedule_helper() -> None:
    config = {
        "name": "Shop hours",
        "icon": "mdi:store",
        "monday": [{"from": "12:00:00", "to": "24:00:00"}, {"from": "07:00:00", "to": "12:00:00"}],
        "tuesday": [{"from": time(0), "to": time(2)}, {"from": time(9), "to": time.max}],
        "saturday": [{"from": "00:00:00", "to": "24:00:00"}],
    }
    holiday = HoursException(date(2026, 2, 17), label="설날")
    hours = OperatingHours.from_schedule_helper(config, [holiday])
    assert hours == OperatingHours(
        weekly=(
            ((time(7), time(0)),),
            ((time(0), time(2)), (time(9), time(0))),
            (),
            (),
            (),
            ((time(0), time(0)),),
            (),
        ),
        exceptions=(holiday,),
    )


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ("monday", "invalid_format"),
        ({"monday": "07:00-22:00"}, "invalid_format"),
        ({"monday": ["07:00-22:00"]}, "invalid_interval"),
        ({"monday": [{"from": "22:00:00", "to": "02:00:00"}]}, "invalid_interval"),
        ({"monday": [{"from": "07:00:00"}]}, "invalid_time"),
        ({"monday": [{"from": time(7, 0, 0, 1), "to": "08:00"}]}, "invalid_time"),
        ({"monday": [{"from": time.max, "to": "08:00"}]}, "invalid_time"),
        (
            {"monday": [{"from": "07:00", "to": "12:00"}, {"from": "11:00", "to": "13:00"}]},
            "overlapping_intervals",
        ),
    ],
)
def test_from_schedule_helper_rejects(config: Any, key: str) -> None:
    with pytest.raises(HoursError) as caught:
        OperatingHours.from_schedule_helper(config)
    assert caught.value.key == key
