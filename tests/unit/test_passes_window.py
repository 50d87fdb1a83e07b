"""When a pass opens the door: validity, weekdays and hours in the store's own time zone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.unmanned_store.door.passes import (
    DenyReason,
    PassKind,
    StorePass,
    check_pass_window,
)

SEOUL = ZoneInfo("Asia/Seoul")
BERLIN = ZoneInfo("Europe/Berlin")
FRIDAY = 4
SATURDAY = 5


def make_pass(
    *,
    valid_from: datetime = datetime(1980, 1, 1, tzinfo=UTC),
    valid_until: datetime = datetime(2100, 1, 1, tzinfo=UTC),
    weekdays: frozenset[int] | None = None,
    hours: tuple[time, time] | None = None,
) -> StorePass:
    return StorePass(
        pass_id="window",
        kind=PassKind.MEMBER,
        valid_from=valid_from,
        valid_until=valid_until,
        weekdays=weekdays,
        hours=hours,
    )


def local(
    tz: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int, fold: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz, fold=fold)


def test_validity_boundaries() -> None:
    start = datetime(2026, 11, 1, 9, tzinfo=UTC)
    p = make_pass(valid_from=start, valid_until=start + timedelta(days=1))
    assert check_pass_window(p, start - timedelta(seconds=1), SEOUL) is DenyReason.NOT_YET_VALID
    assert check_pass_window(p, start, SEOUL) is None
    assert check_pass_window(p, start + timedelta(hours=23, minutes=59), SEOUL) is None
    assert check_pass_window(p, start + timedelta(days=1), SEOUL) is DenyReason.EXPIRED
    assert check_pass_window(p, start + timedelta(days=400), SEOUL) is DenyReason.EXPIRED


def test_validity_is_checked_before_hours_and_weekdays() -> None:
    start = datetime(2026, 11, 2, tzinfo=UTC)
    p = make_pass(
        valid_from=start,
        valid_until=start + timedelta(days=1),
        weekdays=frozenset({0}),
        hours=(time(9), time(10)),
    )
    assert check_pass_window(p, start - timedelta(days=3), UTC) is DenyReason.NOT_YET_VALID
    assert check_pass_window(p, start + timedelta(days=3), UTC) is DenyReason.EXPIRED


def test_validity_compares_instants_not_wall_clocks() -> None:
    start = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)  # 09:00 in Seoul
    p = make_pass(valid_from=start, valid_until=start + timedelta(hours=1))
    assert check_pass_window(p, local(SEOUL, 2026, 11, 1, 8, 59), SEOUL) is DenyReason.NOT_YET_VALID
    assert check_pass_window(p, local(SEOUL, 2026, 11, 1, 9, 30), SEOUL) is None
    assert check_pass_window(p, local(SEOUL, 2026, 11, 1, 10, 0), SEOUL) is DenyReason.EXPIRED


@pytest.mark.parametrize(
    ("wall", "expected"),
    [
        ((8, 59), DenyReason.OUTSIDE_HOURS),
        ((9, 0), None),
        ((13, 30), None),
        ((17, 59), None),
        ((18, 0), DenyReason.OUTSIDE_HOURS),
        ((23, 0), DenyReason.OUTSIDE_HOURS),
    ],
)
def test_daytime_hours(wall: tuple[int, int], expected: DenyReason | None) -> None:
    p = make_pass(hours=(time(9), time(18)))
    assert check_pass_window(p, local(SEOUL, 2026, 11, 20, *wall), SEOUL) is expected


@pytest.mark.parametrize(
    ("day", "wall", "expected"),
    [
        # Friday 2026-11-20, the night window 22:00-02:00 on Fridays only.
        (20, (21, 59), DenyReason.OUTSIDE_HOURS),
        (20, (22, 0), None),
        (20, (23, 59), None),
        (21, (0, 0), None),  # Saturday after midnight still belongs to Friday night
        (21, (1, 59), None),
        (21, (2, 0), DenyReason.OUTSIDE_HOURS),
        (21, (22, 30), DenyReason.WRONG_WEEKDAY),  # Saturday night is not Friday night
        (20, (1, 0), DenyReason.WRONG_WEEKDAY),  # Friday 01:00 belongs to Thursday night
        (20, (12, 0), DenyReason.OUTSIDE_HOURS),
    ],
)
def test_night_window_crossing_midnight(
    day: int, wall: tuple[int, int], expected: DenyReason | None
) -> None:
    p = make_pass(weekdays=frozenset({FRIDAY}), hours=(time(22), time(2)))
    assert check_pass_window(p, local(SEOUL, 2026, 11, day, *wall), SEOUL) is expected


def test_weekdays_without_hours_follow_the_local_calendar() -> None:
    p = make_pass(weekdays=frozenset({SATURDAY}))
    # 16:00 UTC on Friday is already 01:00 on Saturday in Seoul.
    friday_utc = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
    assert check_pass_window(p, friday_utc, SEOUL) is None
    assert check_pass_window(p, friday_utc, UTC) is DenyReason.WRONG_WEEKDAY
    assert check_pass_window(p, friday_utc - timedelta(hours=2), SEOUL) is (
        DenyReason.WRONG_WEEKDAY
    )


def test_hours_follow_the_store_time_zone() -> None:
    p = make_pass(hours=(time(9), time(18)))
    now = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)  # 10:00 in Seoul, 02:00 in Berlin
    assert check_pass_window(p, now, SEOUL) is None
    assert check_pass_window(p, now, BERLIN) is DenyReason.OUTSIDE_HOURS


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        check_pass_window(make_pass(), datetime(2026, 11, 20, 12), SEOUL)  # noqa: DTZ001


# DST days. Korea last observed DST in 1988: 02:00 -> 03:00 on 8 May, back on 9 October.


def test_seoul_spring_forward_1988() -> None:
    before = datetime(1988, 5, 7, 16, 59, 59, tzinfo=UTC)  # 01:59:59 KST
    after = datetime(1988, 5, 7, 17, 0, tzinfo=UTC)  # 03:00 KDT
    assert before.astimezone(SEOUL).hour == 1
    assert after.astimezone(SEOUL).hour == 3
    skipped = make_pass(hours=(time(2), time(2, 30)))
    assert check_pass_window(skipped, before, SEOUL) is DenyReason.OUTSIDE_HOURS
    assert check_pass_window(skipped, after, SEOUL) is DenyReason.OUTSIDE_HOURS
    early = make_pass(hours=(time(3), time(4)), weekdays=frozenset({6}))  # Sunday
    assert check_pass_window(early, after, SEOUL) is None
    assert check_pass_window(early, before, SEOUL) is DenyReason.OUTSIDE_HOURS


def test_seoul_fall_back_1988() -> None:
    first = datetime(1988, 10, 8, 16, 30, tzinfo=UTC)  # 02:30 KDT
    second = datetime(1988, 10, 8, 17, 30, tzinfo=UTC)  # 02:30 KST, an hour later
    assert first.astimezone(SEOUL).time() == second.astimezone(SEOUL).time() == time(2, 30)
    p = make_pass(hours=(time(2), time(3)))
    assert check_pass_window(p, first, SEOUL) is None
    assert check_pass_window(p, second, SEOUL) is None
    assert check_pass_window(p, second + timedelta(minutes=30), SEOUL) is DenyReason.OUTSIDE_HOURS


def test_berlin_spring_forward() -> None:
    p = make_pass(hours=(time(9), time(18)))
    # 07:30 UTC is 08:30 the day before the change and 09:30 on the day itself.
    assert check_pass_window(p, datetime(2026, 3, 28, 7, 30, tzinfo=UTC), BERLIN) is (
        DenyReason.OUTSIDE_HOURS
    )
    assert check_pass_window(p, datetime(2026, 3, 29, 7, 30, tzinfo=UTC), BERLIN) is None
    skipped = make_pass(hours=(time(2), time(3)))
    for minute in range(0, 120, 5):
        now = datetime(2026, 3, 29, 0, 0, tzinfo=UTC) + timedelta(minutes=minute)
        assert check_pass_window(skipped, now, BERLIN) is DenyReason.OUTSIDE_HOURS, now


def test_berlin_fall_back_night_window() -> None:
    # 22:00-03:00 on Saturdays; on 25 October 2026 the hour 02:00-03:00 happens twice.
    p = make_pass(hours=(time(22), time(3)), weekdays=frozenset({SATURDAY}))
    first_0230 = local(BERLIN, 2026, 10, 25, 2, 30, fold=0)
    second_0230 = local(BERLIN, 2026, 10, 25, 2, 30, fold=1)
    assert second_0230.astimezone(UTC) - first_0230.astimezone(UTC) == timedelta(hours=1)
    assert check_pass_window(p, first_0230.astimezone(UTC), BERLIN) is None
    assert check_pass_window(p, second_0230.astimezone(UTC), BERLIN) is None
    three_cet = datetime(2026, 10, 25, 2, 0, tzinfo=UTC)
    assert three_cet.astimezone(BERLIN).time() == time(3)
    assert check_pass_window(p, three_cet, BERLIN) is DenyReason.OUTSIDE_HOURS
