"""Open/closed queries in Seoul: overnight hours, holidays, joined days, calendars."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.unmanned_store.hours.model import (
    SUMMARY_CLOSED,
    SUMMARY_OPEN,
    SUMMARY_SPECIAL_HOURS,
    WEEKDAY_KEYS,
    HoursEvent,
    OperatingHours,
)

SEOUL = ZoneInfo("Asia/Seoul")

# February 2026: Monday the 16th, 설날 on Tuesday the 17th, short hours on Wednesday the 18th.
CAFE = OperatingHours.from_dict(
    {
        "weekly": {
            **{key: [["07:00", "02:00"]] for key in ("mon", "tue", "wed", "thu", "fri")},
            "sat": [["10:00", "22:00"]],
        },
        "exceptions": [
            {"date": "2026-02-17", "hours": [], "label": "설날"},
            {"date": "2026-02-18", "hours": [["12:00", "18:00"]], "label": "설날 연휴"},
        ],
    }
)


def kst(day: int, hour: int, minute: int = 0, month: int = 2) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (kst(16, 6, 59), False),
        (kst(16, 7), True),
        (kst(16, 23), True),
        # Monday's overnight hours run into 설날 and end as scheduled ...
        (kst(17, 1, 59), True),
        (kst(17, 2), False),
        # ... and 설날 itself stays closed.
        (kst(17, 12), False),
        (kst(18, 11, 59), False),
        (kst(18, 12), True),
        (kst(18, 17, 59), True),
        # The special hours replace Wednesday's overnight hours entirely.
        (kst(18, 23), False),
        (kst(19, 1), False),
        (kst(19, 7), True),
        (kst(22, 12), False),  # Sunday
    ],
)
def test_is_open(moment: datetime, expected: bool) -> None:
    assert CAFE.is_open(moment, SEOUL) is expected
    # Any time zone for ``now`` gives the same answer: only the instant counts.
    assert CAFE.is_open(moment.astimezone(UTC), SEOUL) is expected


def test_next_opening_and_closing() -> None:
    assert CAFE.next_closing(kst(16, 23), SEOUL) == kst(17, 2).astimezone(UTC)
    assert CAFE.next_opening(kst(16, 23), SEOUL) == kst(18, 12)
    assert CAFE.next_opening(kst(17, 3), SEOUL) == kst(18, 12)
    assert CAFE.next_closing(kst(17, 3), SEOUL) == kst(18, 18)
    # Strictly after now: at the very opening instant the next opening is the following one.
    assert CAFE.next_opening(kst(18, 12), SEOUL) == kst(19, 7)
    assert CAFE.next_closing(kst(18, 18), SEOUL) == kst(20, 2)
    result = CAFE.next_opening(kst(17, 3), SEOUL)
    assert result is not None
    assert result.tzinfo is UTC


def test_transitions_are_half_open_and_ordered() -> None:
    changes = CAFE.transitions(kst(16, 0), kst(20, 0), SEOUL)
    assert changes == [
        (kst(16, 7), True),
        (kst(17, 2), False),
        (kst(18, 12), True),
        (kst(18, 18), False),
        (kst(19, 7), True),
    ]
    assert all(moment.tzinfo is UTC for moment, _ in changes)
    # The start itself is excluded, the end included.
    assert CAFE.transitions(kst(16, 7), kst(17, 2), SEOUL) == [(kst(17, 2), False)]
    assert CAFE.transitions(kst(16, 8), kst(16, 9), SEOUL) == []
    with pytest.raises(ValueError, match="before start"):
        CAFE.transitions(kst(16, 9), kst(16, 8), SEOUL)


def test_back_to_back_intervals_join_into_one_open_period() -> None:
    hours = OperatingHours.from_dict(
        {"weekly": {"fri": [["18:00", "24:00"]], "sat": [["00:00", "03:00"], ["03:00", "05:00"]]}}
    )
    friday_evening = kst(20, 20)
    assert hours.next_closing(friday_evening, SEOUL) == kst(21, 5)
    assert hours.transitions(kst(20, 0), kst(22, 0), SEOUL) == [
        (kst(20, 18), True),
        (kst(21, 5), False),
    ]
    assert hours.is_open(kst(21, 0), SEOUL)
    assert hours.is_open(kst(21, 3), SEOUL)


def test_always_open_never_closes_until_a_holiday() -> None:
    always = OperatingHours.from_dict(
        {"weekly": {key: [["00:00", "00:00"]] for key in WEEKDAY_KEYS}}
    )
    assert always.is_open(kst(16, 3), SEOUL)
    assert always.next_closing(kst(16, 3), SEOUL) is None
    assert always.next_opening(kst(16, 3), SEOUL) is None
    assert always.transitions(kst(1, 0), kst(28, 0), SEOUL) == []

    with_holiday = OperatingHours.from_dict(
        {
            "weekly": {key: [["00:00", "00:00"]] for key in WEEKDAY_KEYS},
            "exceptions": [{"date": "2026-02-17", "hours": [], "label": "설날"}],
        }
    )
    assert with_holiday.next_closing(kst(1, 0), SEOUL) == kst(17, 0)
    assert with_holiday.next_opening(kst(1, 0), SEOUL) == kst(18, 0)
    assert with_holiday.next_closing(kst(18, 0), SEOUL) is None


def test_never_open_and_far_future_exceptions() -> None:
    closed = OperatingHours()
    assert not closed.is_open(kst(16, 12), SEOUL)
    assert closed.next_opening(kst(16, 12), SEOUL) is None
    assert closed.next_closing(kst(16, 12), SEOUL) is None
    assert closed.current_interval(kst(16, 12), SEOUL) is None

    pop_up = OperatingHours.from_dict(
        {"exceptions": [{"date": "2027-02-06", "hours": [["10:00", "14:00"]], "label": "팝업"}]}
    )
    now = kst(1, 0, month=3)
    assert pop_up.next_opening(now, SEOUL) == datetime(2027, 2, 6, 10, tzinfo=SEOUL)
    assert pop_up.next_closing(now, SEOUL) == datetime(2027, 2, 6, 14, tzinfo=SEOUL)
    assert pop_up.next_opening(datetime(2027, 2, 6, 11, tzinfo=SEOUL), SEOUL) is None


def test_current_interval() -> None:
    overnight = CAFE.current_interval(kst(17, 1), SEOUL)
    assert overnight is not None
    assert (overnight.start, overnight.end) == (kst(16, 7), kst(17, 2))
    assert overnight.day == date(2026, 2, 16)
    assert overnight.label is None
    special = CAFE.current_interval(kst(18, 13), SEOUL)
    assert special is not None
    assert (special.start, special.end, special.label) == (kst(18, 12), kst(18, 18), "설날 연휴")
    assert CAFE.current_interval(kst(17, 12), SEOUL) is None
    assert CAFE.current_interval(kst(18, 18), SEOUL) is None


def test_calendar_events_show_hours_and_exceptions() -> None:
    events = CAFE.calendar_events(kst(16, 0), kst(19, 0), SEOUL)
    assert events == [
        HoursEvent(kst(16, 7), kst(17, 2), SUMMARY_OPEN, None),
        HoursEvent(date(2026, 2, 17), date(2026, 2, 18), SUMMARY_CLOSED, "설날"),
        HoursEvent(kst(18, 12), kst(18, 18), SUMMARY_SPECIAL_HOURS, "설날 연휴"),
    ]
    # A window in the small hours still shows the overnight interval it falls into,
    # and a window touching only the closed day shows just that day.
    late = CAFE.calendar_events(kst(17, 1), kst(17, 1, 30), SEOUL)
    assert [event.summary_key for event in late] == [SUMMARY_OPEN, SUMMARY_CLOSED]
    assert CAFE.calendar_events(kst(17, 12), kst(17, 13), SEOUL) == [
        HoursEvent(date(2026, 2, 17), date(2026, 2, 18), SUMMARY_CLOSED, "설날")
    ]
    assert CAFE.calendar_events(kst(22, 0), kst(22, 23), SEOUL) == []
    with pytest.raises(ValueError, match="before start"):
        CAFE.calendar_events(kst(17, 13), kst(17, 12), SEOUL)


def test_a_month_of_calendar_events_matches_the_transitions() -> None:
    start, end = kst(1, 0), kst(1, 0, month=3)
    events = [e for e in CAFE.calendar_events(start, end, SEOUL) if isinstance(e.start, datetime)]
    openings = [moment for moment, opened in CAFE.transitions(start, end, SEOUL) if opened]
    # No intervals run back to back here, so each timed event is one opening; 20 weekdays
    # and 4 Saturdays, less 설날 (closed) and the 18th (special hours).
    assert [event.start for event in events if event.start > start] == openings
    assert sum(1 for event in events if event.summary_key == SUMMARY_OPEN) == 20 + 4 - 2


@pytest.mark.parametrize("method", ["is_open", "next_opening", "next_closing", "current_interval"])
def test_naive_now_is_refused(method: str) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        getattr(CAFE, method)(datetime(2026, 2, 16, 12), SEOUL)  # noqa: DTZ001 - on purpose


def test_every_minute_of_a_week_agrees_with_transitions() -> None:
    start = kst(14, 0)
    state = CAFE.is_open(start, SEOUL)
    changes = dict(CAFE.transitions(start, start + timedelta(days=7), SEOUL))
    moment = start
    while moment < start + timedelta(days=7):
        moment += timedelta(minutes=1)
        state = changes.get(moment.astimezone(UTC), state)
        assert CAFE.is_open(moment, SEOUL) is state, moment
