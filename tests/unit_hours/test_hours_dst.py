"""Daylight saving time: gaps open/close after the gap, repeated hours use the first one."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from custom_components.unmanned_store.hours.model import (
    WEEKDAY_KEYS,
    OperatingHours,
    local_to_utc,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def wall(year: int, month: int, day: int, hour: int, minute: int, fold: int = 0) -> datetime:
    """A naive wall-clock reading, as the schedule stores it."""
    return datetime.combine(date(year, month, day), time(hour, minute, fold=fold))


def weekly(**days: list[list[str]]) -> OperatingHours:
    return OperatingHours.from_dict({"weekly": days})


@pytest.mark.parametrize(
    ("local", "zone", "expected"),
    [
        # Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
        (wall(2026, 3, 29, 1, 59), "Europe/Berlin", utc(3, 29, 0, 59)),
        (wall(2026, 3, 29, 2, 0), "Europe/Berlin", utc(3, 29, 1)),
        (wall(2026, 3, 29, 2, 30), "Europe/Berlin", utc(3, 29, 1)),
        (wall(2026, 3, 29, 3, 0), "Europe/Berlin", utc(3, 29, 1)),
        # Berlin, 2026-10-25: 02:00-03:00 happens twice; the first (CEST) one counts.
        (wall(2026, 10, 25, 2, 30), "Europe/Berlin", utc(10, 25, 0, 30)),
        (wall(2026, 10, 25, 2, 30, fold=1), "Europe/Berlin", utc(10, 25, 0, 30)),
        (wall(2026, 10, 25, 3, 0), "Europe/Berlin", utc(10, 25, 2)),
        # New York, 2026-03-08 and 2026-11-01.
        (wall(2026, 3, 8, 2, 0), "America/New_York", utc(3, 8, 7)),
        (wall(2026, 11, 1, 1, 30), "America/New_York", utc(11, 1, 5, 30)),
        # Lord Howe Island moves by half an hour: the gap is 02:00-02:30.
        (wall(2026, 10, 4, 2, 15), "Australia/Lord_Howe", utc(10, 3, 15, 30)),
        (wall(2026, 10, 4, 1, 59), "Australia/Lord_Howe", utc(10, 3, 15, 29)),
        (wall(2026, 2, 17, 9, 0), "Asia/Seoul", utc(2, 17, 0)),
    ],
)
def test_local_to_utc(local: datetime, zone: str, expected: datetime) -> None:
    assert local_to_utc(local, ZoneInfo(zone)) == expected


def test_local_to_utc_with_a_fixed_offset() -> None:
    assert local_to_utc(wall(2026, 3, 29, 2, 30), timezone(timedelta(hours=9))) == utc(
        3, 28, 17, 30
    )


def test_berlin_closing_inside_the_spring_gap_happens_after_the_gap() -> None:
    hours = weekly(sat=[["20:00", "02:30"]])
    assert hours.next_closing(utc(3, 28, 22), BERLIN) == utc(3, 29, 1)
    assert hours.is_open(utc(3, 29, 0, 59), BERLIN)
    assert not hours.is_open(utc(3, 29, 1), BERLIN)


def test_berlin_opening_inside_the_spring_gap_happens_after_the_gap() -> None:
    hours = weekly(sun=[["02:15", "04:00"]])
    assert hours.next_opening(utc(3, 28, 12), BERLIN) == utc(3, 29, 1)
    assert hours.transitions(utc(3, 28, 12), utc(3, 29, 12), BERLIN) == [
        (utc(3, 29, 1), True),
        (utc(3, 29, 2), False),
    ]


def test_an_interval_swallowed_by_the_gap_is_skipped() -> None:
    hours = weekly(sun=[["02:10", "02:50"]])
    # The next Sunday (CEST, 02:10 = 00:10 UTC) is the first real opening.
    assert hours.next_opening(utc(3, 28, 12), BERLIN) == utc(4, 5, 0, 10)
    assert hours.calendar_events(utc(3, 28, 12), utc(3, 30, 0), BERLIN) == []
    assert not hours.is_open(utc(3, 29, 1), BERLIN)


def test_berlin_days_are_23_and_25_hours_long() -> None:
    hours = weekly(sun=[["00:00", "00:00"]])
    spring = hours.current_interval(utc(3, 29, 12), BERLIN)
    autumn = hours.current_interval(utc(10, 25, 12), BERLIN)
    assert spring is not None
    assert autumn is not None
    assert (spring.start, spring.end) == (utc(3, 28, 23), utc(3, 29, 22))
    assert spring.end - spring.start == timedelta(hours=23)
    assert (autumn.start, autumn.end) == (utc(10, 24, 22), utc(10, 25, 23))
    assert autumn.end - autumn.start == timedelta(hours=25)


def test_berlin_ambiguous_closing_uses_the_first_occurrence() -> None:
    hours = weekly(sat=[["22:00", "02:30"]], sun=[["02:30", "06:00"]])
    # Saturday closes at the first 02:30 (CEST) and Sunday opens at that same instant,
    # so the two join; the second 02:15 (CET) is inside the joined period.
    assert hours.next_closing(utc(10, 24, 21), BERLIN) == utc(10, 25, 5)
    assert hours.is_open(utc(10, 25, 1, 15), BERLIN)

    only_saturday = weekly(sat=[["22:00", "02:30"]])
    assert only_saturday.next_closing(utc(10, 24, 21), BERLIN) == utc(10, 25, 0, 30)
    # At the second 02:15 the wall clock reads before 02:30, but the shop closed already.
    assert not only_saturday.is_open(utc(10, 25, 1, 15), BERLIN)


def test_new_york_cafe_across_both_changes() -> None:
    cafe = OperatingHours.from_dict({"weekly": {key: [["07:00", "02:00"]] for key in WEEKDAY_KEYS}})
    # Saturday 2026-03-07 07:00 EST until the 02:00 that never comes: 03:00 EDT.
    assert cafe.transitions(utc(3, 7, 11), utc(3, 8, 13), NEW_YORK) == [
        (utc(3, 7, 12), True),
        (utc(3, 8, 7), False),
        (utc(3, 8, 11), True),
    ]
    # Saturday 2026-10-31 07:00 EDT until Sunday 02:00 EST (after the repeated hour).
    assert cafe.transitions(utc(10, 31, 10), utc(11, 1, 13), NEW_YORK) == [
        (utc(10, 31, 11), True),
        (utc(11, 1, 7), False),
        (utc(11, 1, 12), True),
    ]
    assert cafe.is_open(utc(11, 1, 6, 30), NEW_YORK)  # the second 01:30 (EST)


def test_new_york_close_at_the_repeated_hour() -> None:
    hours = weekly(sat=[["07:00", "01:30"]])
    assert hours.next_closing(utc(10, 31, 20), NEW_YORK) == utc(11, 1, 5, 30)
    events = hours.calendar_events(utc(10, 31, 0), utc(11, 2, 0), NEW_YORK)
    assert [(event.start, event.end) for event in events] == [(utc(10, 31, 11), utc(11, 1, 5, 30))]


def test_every_minute_around_the_berlin_changes_agrees_with_transitions() -> None:
    hours = OperatingHours.from_dict(
        {
            "weekly": {
                "sat": [["01:30", "02:30"], ["22:00", "02:15"]],
                "sun": [["02:45", "03:15"], ["23:30", "02:30"]],
            }
        }
    )
    for start in (utc(3, 27, 22), utc(10, 23, 22)):
        state = hours.is_open(start, BERLIN)
        changes = dict(hours.transitions(start, start + timedelta(days=3), BERLIN))
        assert changes
        moment = start
        while moment < start + timedelta(days=3):
            moment += timedelta(minutes=5)
            state = changes.get(moment, state)
            assert hours.is_open(moment, BERLIN) is state, moment
