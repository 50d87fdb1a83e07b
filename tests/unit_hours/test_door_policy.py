"""Which door mode the hours ask for, and when that next changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.unmanned_store.hours.model import (
    WEEKDAY_KEYS,
    DoorSchedulePolicy,
    OperatingHours,
    desired_mode,
    next_boundary,
)

SEOUL = ZoneInfo("Asia/Seoul")
BERLIN = ZoneInfo("Europe/Berlin")

LATE_NIGHT = DoorSchedulePolicy("authenticated", "closed", "adults_only", time(22), time(6))
PLAIN = DoorSchedulePolicy("free", "closed")

# Every day 07:00-02:00, closed for 설날 on Tuesday 2026-02-17.
CAFE = OperatingHours.from_dict(
    {
        "weekly": {key: [["07:00", "02:00"]] for key in WEEKDAY_KEYS},
        "exceptions": [{"date": "2026-02-17", "hours": [], "label": "설날"}],
    }
)
ALWAYS = OperatingHours.from_dict({"weekly": {key: [["00:00", "00:00"]] for key in WEEKDAY_KEYS}})


def kst(day: int, hour: int, minute: int = 0, month: int = 2) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("moment", "mode", "boundary"),
    [
        (kst(16, 6), "closed", kst(16, 7)),
        (kst(16, 12), "authenticated", kst(16, 22)),
        (kst(16, 23), "adults_only", kst(17, 2)),
        # Closed for 설날: the late-night end at 06:00 and start at 22:00 change nothing,
        # nor does the usual 07:00 opening that the holiday cancels.
        (kst(17, 2), "closed", kst(18, 7)),
        (kst(18, 7), "authenticated", kst(18, 22)),
        (kst(18, 22), "adults_only", kst(19, 2)),
    ],
)
def test_late_night_window_only_while_open(moment: datetime, mode: str, boundary: datetime) -> None:
    assert desired_mode(CAFE, LATE_NIGHT, moment, SEOUL) == mode
    assert next_boundary(CAFE, LATE_NIGHT, moment, SEOUL) == boundary.astimezone(UTC)


def test_a_late_night_window_ending_while_open_switches_back() -> None:
    early_bird = OperatingHours.from_dict(
        {"weekly": {key: [["05:00", "02:00"]] for key in WEEKDAY_KEYS}}
    )
    assert desired_mode(early_bird, LATE_NIGHT, kst(16, 5, 30), SEOUL) == "adults_only"
    assert next_boundary(early_bird, LATE_NIGHT, kst(16, 5, 30), SEOUL) == kst(16, 6)
    assert desired_mode(early_bird, LATE_NIGHT, kst(16, 6), SEOUL) == "authenticated"


def test_no_change_ever() -> None:
    assert desired_mode(ALWAYS, PLAIN, kst(16, 12), SEOUL) == "free"
    assert next_boundary(ALWAYS, PLAIN, kst(16, 12), SEOUL) is None
    assert desired_mode(OperatingHours(), PLAIN, kst(16, 12), SEOUL) == "closed"
    assert next_boundary(OperatingHours(), PLAIN, kst(16, 12), SEOUL) is None
    # Same mode open and closed: opening and closing are not boundaries.
    same = DoorSchedulePolicy("authenticated", "authenticated")
    assert next_boundary(CAFE, same, kst(16, 12), SEOUL) is None


def test_late_night_window_in_an_always_open_shop() -> None:
    assert desired_mode(ALWAYS, LATE_NIGHT, kst(16, 3), SEOUL) == "adults_only"
    assert next_boundary(ALWAYS, LATE_NIGHT, kst(16, 3), SEOUL) == kst(16, 6)
    assert next_boundary(ALWAYS, LATE_NIGHT, kst(16, 6), SEOUL) == kst(16, 22)
    daytime_window = DoorSchedulePolicy("free", "closed", "authenticated", time(9), time(18))
    assert desired_mode(ALWAYS, daytime_window, kst(16, 12), SEOUL) == "authenticated"
    assert next_boundary(ALWAYS, daytime_window, kst(16, 12), SEOUL) == kst(16, 18)


def test_a_boundary_weeks_away_is_found() -> None:
    pop_up = OperatingHours.from_dict(
        {"exceptions": [{"date": "2026-03-20", "hours": [["10:00", "14:00"]], "label": "팝업"}]}
    )
    assert next_boundary(pop_up, PLAIN, kst(16, 12), SEOUL) == kst(20, 10, month=3)
    assert next_boundary(pop_up, PLAIN, kst(20, 10, month=3), SEOUL) == kst(20, 14, month=3)
    assert next_boundary(pop_up, PLAIN, kst(20, 14, month=3), SEOUL) is None


def test_late_night_window_across_the_berlin_spring_gap() -> None:
    policy = DoorSchedulePolicy("authenticated", "closed", "adults_only", time(22), time(2, 30))
    # 02:30 does not exist on 2026-03-29: the window ends at 03:00 CEST (01:00 UTC).
    now = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    assert desired_mode(ALWAYS, policy, now, BERLIN) == "adults_only"
    assert next_boundary(ALWAYS, policy, now, BERLIN) == datetime(2026, 3, 29, 1, tzinfo=UTC)


def test_boundaries_agree_with_desired_mode_every_quarter_hour() -> None:
    moment = kst(15, 0)
    end = moment + timedelta(days=4)
    while moment < end:
        boundary = next_boundary(CAFE, LATE_NIGHT, moment, SEOUL)
        assert boundary is not None
        mode = desired_mode(CAFE, LATE_NIGHT, moment, SEOUL)
        step = moment
        while step + timedelta(minutes=15) < boundary:
            step += timedelta(minutes=15)
            assert desired_mode(CAFE, LATE_NIGHT, step, SEOUL) == mode
        assert desired_mode(CAFE, LATE_NIGHT, boundary, SEOUL) != mode
        moment = boundary
