"""Public holidays as dated exceptions, across 2025-2028, substitute days included."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from custom_components.unmanned_store.hours.holidays import (
    CHUSEOK,
    CLOSED,
    KOREAN_NEW_YEAR,
    NORMAL,
    SPECIAL,
    HolidayPolicy,
    group_of,
    holiday_exceptions,
    holiday_groups,
    public_holidays,
    supported,
    with_holidays,
)
from custom_components.unmanned_store.hours.model import (
    HoursError,
    HoursException,
    OperatingHours,
)

SEOUL = ZoneInfo("Asia/Seoul")
YEARS = range(2025, 2029)
EVERY_DAY = tuple(((time(9), time(21)),) for _ in range(7))


def closed_days(policy: HolidayPolicy, years: range = YEARS) -> dict[date, str]:
    return {
        e.day: e.label for e in holiday_exceptions(policy, "KR", years, "ko") if not e.intervals
    }


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("Korean New Year", KOREAN_NEW_YEAR),
        ("The day preceding Korean New Year", KOREAN_NEW_YEAR),
        ("The second day of Korean New Year", KOREAN_NEW_YEAR),
        ("Alternative holiday for Korean New Year", KOREAN_NEW_YEAR),
        ("Alternative holiday for Chuseok", CHUSEOK),
        ("Christmas Day (observed)", "christmas_day"),
        ("Buddha's Birthday", "buddha_s_birthday"),
    ],
)
def test_groups_come_from_the_english_name(name: str, group: str) -> None:
    """The days around a holiday and its substitute are one group."""
    assert group_of(name) == group


def test_a_korean_store_closes_on_seollal_and_chuseok_by_default_across_years() -> None:
    """Lunar dates move every year; substitute holidays (2025, 2027, 2028) are closed too."""
    days = closed_days(HolidayPolicy.default_for("KR"))
    assert days == {
        date(2025, 1, 28): "설날 전날",
        date(2025, 1, 29): "설날",
        date(2025, 1, 30): "설날 다음날",
        date(2025, 10, 5): "추석 전날",
        date(2025, 10, 6): "추석",
        date(2025, 10, 7): "추석 다음날",
        date(2025, 10, 8): "추석 대체 휴일",
        date(2026, 2, 16): "설날 전날",
        date(2026, 2, 17): "설날",
        date(2026, 2, 18): "설날 다음날",
        date(2026, 9, 24): "추석 전날",
        date(2026, 9, 25): "추석",
        date(2026, 9, 26): "추석 다음날",
        date(2027, 2, 6): "설날 전날",
        date(2027, 2, 7): "설날",
        date(2027, 2, 8): "설날 다음날",
        date(2027, 2, 9): "설날 대체 휴일",
        date(2027, 9, 14): "추석 전날",
        date(2027, 9, 15): "추석",
        date(2027, 9, 16): "추석 다음날",
        date(2028, 1, 26): "설날 전날",
        date(2028, 1, 27): "설날",
        date(2028, 1, 28): "설날 다음날",
        date(2028, 10, 2): "추석 전날",
        date(2028, 10, 3): "개천절 · 추석",
        date(2028, 10, 4): "추석 다음날",
        date(2028, 10, 5): "추석 대체 휴일",
    }


def test_other_countries_assume_nothing() -> None:
    """Outside Korea the owner chooses: no holiday closes the shop by default."""
    assert HolidayPolicy.default_for("DE").meanings == {}
    assert HolidayPolicy.default_for(None).meanings == {}
    # Nothing applies before the owner has chosen.
    assert HolidayPolicy.from_dict(None) == HolidayPolicy()
    with pytest.raises(HoursError):
        HolidayPolicy.from_dict("closed")


def test_special_hours_and_the_stricter_meaning_on_a_shared_date() -> None:
    """개천절 special hours, 추석 closed: 2028-10-03 (both) is closed, 2027-10-04 (substitute for
    개천절) has the special hours."""
    policy = HolidayPolicy(
        {CHUSEOK: CLOSED, "national_foundation_day": SPECIAL},
        ((time(10), time(16)),),
    )
    by_day = {e.day: e for e in holiday_exceptions(policy, "KR", YEARS, "ko")}
    assert by_day[date(2028, 10, 3)].intervals == ()
    assert by_day[date(2027, 10, 3)].intervals == ((time(10), time(16)),)
    assert by_day[date(2027, 10, 4)].intervals == ((time(10), time(16)),)
    assert by_day[date(2027, 10, 4)].label == "개천절 대체 휴일"


def test_names_follow_the_store_language() -> None:
    """An English store sees English names."""
    [holiday] = [h for h in public_holidays("KR", [2026], "en") if h.day == date(2026, 2, 17)]
    assert holiday.names == ("Korean New Year",)
    assert holiday.groups == (KOREAN_NEW_YEAR,)


def test_the_groups_offered_are_named_after_the_main_day() -> None:
    """설날 rather than 설날 전날; elections and substitute-only names are offered too."""
    groups = holiday_groups("KR", 2026, "ko")
    assert groups[KOREAN_NEW_YEAR] == "설날"
    assert groups[CHUSEOK] == "추석"
    assert groups["christmas_day"] == "기독탄신일"
    assert "local_election_day" in groups
    assert next(iter(groups)) == "new_year_s_day"
    assert holiday_groups("KR", 2026, "en")[CHUSEOK] == "Chuseok"


def test_the_owners_own_date_wins_and_a_normal_policy_changes_nothing() -> None:
    """A one-off exception on 설날 (open 12-18) stays; everything normal adds nothing."""
    own = HoursException(date(2026, 2, 17), ((time(12), time(18)),), "설날 오후 영업")
    hours = OperatingHours(EVERY_DAY, (own,))
    merged = with_holidays(hours, HolidayPolicy.default_for("KR"), "KR", [2026], "ko")
    assert merged.exception_for(date(2026, 2, 17)) == own
    assert merged.exception_for(date(2026, 2, 16)) == HoursException(
        date(2026, 2, 16), (), "설날 전날"
    )
    assert not merged.is_open(datetime(2026, 2, 16, 12, tzinfo=SEOUL), SEOUL)
    assert merged.is_open(datetime(2026, 2, 17, 13, tzinfo=SEOUL), SEOUL)
    assert (
        with_holidays(hours, HolidayPolicy({KOREAN_NEW_YEAR: NORMAL}), "KR", [2026], "ko") == hours
    )
    assert with_holidays(hours, HolidayPolicy.default_for("KR"), None, [2026], "ko") == hours
    assert not supported("XX")


def test_special_hours_that_clash_with_the_night_before_are_left_out() -> None:
    """A shop open until 02:00 with 01:00-05:00 special hours on 추석: that date is skipped."""
    late = tuple(((time(18), time(2)),) for _ in range(7))
    policy = HolidayPolicy({CHUSEOK: SPECIAL}, ((time(1), time(5)),))
    merged = with_holidays(OperatingHours(late), policy, "KR", [2026], "ko")
    assert merged.exceptions == ()


def test_bad_policies_are_refused() -> None:
    """Unknown meanings, special hours without hours, and bad shapes."""
    with pytest.raises(HoursError) as err:
        HolidayPolicy({CHUSEOK: "maybe"})
    assert err.value.key == "invalid_holiday_meaning"
    with pytest.raises(HoursError) as err:
        HolidayPolicy({CHUSEOK: SPECIAL})
    assert err.value.key == "holiday_hours_required"
    with pytest.raises(HoursError):
        HolidayPolicy.from_dict({"meanings": ["chuseok"]})


def test_round_trip_through_the_options() -> None:
    """to_dict / from_dict keep the meanings and the hours text; normal is not stored."""
    policy = HolidayPolicy.from_dict(
        {
            "meanings": {CHUSEOK: CLOSED, "hangul_day": SPECIAL, "christmas_day": NORMAL},
            "special_hours": "10:00-16:00",
        },
    )
    assert policy.to_dict() == {
        "meanings": {CHUSEOK: CLOSED, "hangul_day": SPECIAL},
        "special_hours": "10:00-16:00",
    }
    assert HolidayPolicy.from_dict(policy.to_dict()) == policy
