"""Weekly operating hours with dated exceptions, evaluated in the store's wall-clock time.

This module knows nothing of Home Assistant: the glue passes the time zone in and turns the
results into entities, timers and calendar events.

Rules the model follows (each one is tested):

* Each interval belongs to the *business day* it opens on. ``(open, close)`` with
  ``close <= open`` crosses midnight and closes on the next calendar day, so a café open
  ``07:00-02:00`` on Monday is open until 02:00 on Tuesday; ``00:00-00:00`` is a full 24-hour
  day. Intervals are half-open: open at ``open``, closed again at ``close``.
* A dated exception replaces the intervals that *open* on that date; it does not cut short an
  interval that opened the evening before and crosses midnight into it. So with Monday
  ``07:00-02:00`` and 설날 on Tuesday marked closed, the shop still closes at 02:00 on Tuesday
  and stays closed for the rest of the day. To close at midnight before a holiday, add an
  exception for the day before with ``07:00-00:00``: the exception for that day "says
  otherwise". Overlaps between one day's overnight interval and the next day's intervals are
  rejected, for weekly days and exception dates alike, so the rule never has to pick a winner.
* Back-to-back intervals (Monday ``00:00-00:00`` and Tuesday ``00:00-00:00``, or Monday
  ``07:00-02:00`` and Tuesday ``02:00-...``) join into one open period: no closing and
  re-opening is reported at the seam.
* Wall-clock times are mapped to instants like this: a time that does not exist on that date
  (inside a spring-forward gap) means the first instant after the gap; an ambiguous time (a
  fall-back hour that happens twice) means its first occurrence. An interval that lies entirely
  inside a gap is empty and ignored.
* Query results are aware UTC datetimes. ``next_opening`` / ``next_closing`` look strictly after
  ``now`` and return ``None`` when no such change ever comes (a shop that is always open has no
  next closing; one with no hours and no future exception has no next opening).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import pairwise
import re
from typing import Any, Final

type Interval = tuple[time, time]

WEEKDAY_KEYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SCHEDULE_DAYS: Final = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
MAX_INTERVALS_PER_DAY: Final = 6
MAX_EXCEPTIONS: Final = 400
MAX_LABEL_LENGTH: Final = 100
DOOR_MODES: Final = ("authenticated", "free", "closed", "adults_only")

SUMMARY_OPEN: Final = "open"
SUMMARY_SPECIAL_HOURS: Final = "special_hours"
SUMMARY_CLOSED: Final = "closed"

_DAY: Final = timedelta(days=1)
_DAY_SECONDS: Final = 86_400
# Past the last dated exception the schedule repeats weekly; two weeks is enough to meet
# every weekly transition even when a DST change swallows one occurrence of it.
_SEARCH_DAYS_AFTER_EXCEPTIONS: Final = 15
_DOOR_SEARCH_CHUNK_DAYS: Final = 7

_TIME_RE: Final = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_DATE_RE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_TEXT_INTERVAL_RE: Final = re.compile(r"(\d{1,2}:\d{2})\s*[-\u2013\u2014~]\s*(\d{1,2}:\d{2})")
_TEXT_CLOSED: Final = frozenset({"", "closed", "off", "휴무", "휴업", "쉬는 날"})
_TEXT_ALL_DAY: Final = frozenset({"24h", "24/7", "all day", "24시간"})


class HoursError(ValueError):
    """Bad operating-hours input; ``key`` names a translation, ``placeholders`` fill it."""

    def __init__(
        self, key: str, message: str, placeholders: Mapping[str, str] | None = None
    ) -> None:
        """Store the translation key beside the English message."""
        super().__init__(message)
        self.key = key
        self.message = message
        self.placeholders: dict[str, str] = dict(placeholders or {})


@dataclass(frozen=True, slots=True)
class HoursException:
    """Hours for one date that replace the weekly hours; no intervals means closed."""

    day: date
    intervals: tuple[Interval, ...] = ()
    label: str = ""

    def __post_init__(self) -> None:
        """Validate and sort the intervals so equal exceptions compare equal."""
        if not isinstance(self.day, date) or isinstance(self.day, datetime):
            raise HoursError("invalid_date", f"Not a date: {self.day!r}", {"value": str(self.day)})
        if not isinstance(self.label, str) or len(self.label) > MAX_LABEL_LENGTH:
            raise HoursError(
                "invalid_label",
                f"The label must be text of at most {MAX_LABEL_LENGTH} characters",
                {"max": str(MAX_LABEL_LENGTH)},
            )
        where = self.day.isoformat()
        object.__setattr__(self, "intervals", _validate_day(self.intervals, where))


@dataclass(frozen=True, slots=True)
class OpenInterval:
    """One configured interval as instants, with the business day it belongs to."""

    start: datetime
    end: datetime
    day: date
    label: str | None


@dataclass(frozen=True, slots=True)
class HoursEvent:
    """A calendar entry: timed for open intervals, all-day (dates) for closed exceptions."""

    start: datetime | date
    end: datetime | date
    summary_key: str
    label: str | None


def _empty_week() -> tuple[tuple[Interval, ...], ...]:
    return ((),) * 7


@dataclass(frozen=True, slots=True)
class OperatingHours:
    """Weekly hours (index 0 is Monday) plus dated exceptions; see the module docstring."""

    weekly: tuple[tuple[Interval, ...], ...] = field(default_factory=_empty_week)
    exceptions: tuple[HoursException, ...] = ()
    _by_day: dict[date, HoursException] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Validate the whole schedule, including overnight spill into the next day."""
        if not isinstance(self.weekly, Sequence) or len(self.weekly) != 7:
            raise HoursError("invalid_format", "Weekly hours need exactly seven days")
        weekly = tuple(
            _validate_day(day, WEEKDAY_KEYS[index]) for index, day in enumerate(self.weekly)
        )
        for index in range(7):
            following = (index + 1) % 7
            _validate_spill(
                weekly[index],
                weekly[following],
                f"{WEEKDAY_KEYS[index]}/{WEEKDAY_KEYS[following]}",
            )
        if len(self.exceptions) > MAX_EXCEPTIONS:
            raise HoursError(
                "too_many_exceptions",
                f"At most {MAX_EXCEPTIONS} dated exceptions are allowed",
                {"max": str(MAX_EXCEPTIONS)},
            )
        by_day: dict[date, HoursException] = {}
        for exception in self.exceptions:
            if not isinstance(exception, HoursException):
                raise HoursError("invalid_format", f"Not an exception: {exception!r}")
            if exception.day in by_day:
                raise HoursError(
                    "duplicate_exception",
                    f"Two exceptions for {exception.day.isoformat()}",
                    {"date": exception.day.isoformat()},
                )
            by_day[exception.day] = exception
        object.__setattr__(self, "weekly", weekly)
        object.__setattr__(self, "exceptions", tuple(sorted(by_day.values(), key=_exc_day)))
        object.__setattr__(self, "_by_day", by_day)
        for day in by_day:
            for first in (day - _DAY, day):
                second = first + _DAY
                _validate_spill(
                    self.intervals_for(first),
                    self.intervals_for(second),
                    f"{first.isoformat()}/{second.isoformat()}",
                )

    # -- serialisation --------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Any) -> OperatingHours:
        """Build from the JSON shape used in config entry options; strict, raises HoursError."""
        if not isinstance(data, Mapping):
            raise HoursError("invalid_format", "Operating hours must be a mapping")
        unknown = set(data) - {"weekly", "exceptions"}
        if unknown:
            raise HoursError(
                "invalid_format",
                f"Unknown operating-hours keys: {', '.join(sorted(map(str, unknown)))}",
                {"value": ", ".join(sorted(map(str, unknown)))},
            )
        weekly_data = data.get("weekly", {})
        if not isinstance(weekly_data, Mapping):
            raise HoursError("invalid_format", "'weekly' must map weekday keys to intervals")
        for key in weekly_data:
            if key not in WEEKDAY_KEYS:
                raise HoursError(
                    "invalid_weekday",
                    f"Unknown weekday {key!r}; use one of {', '.join(WEEKDAY_KEYS)}",
                    {"value": str(key)},
                )
        weekly = tuple(_intervals_from_json(weekly_data.get(key, []), key) for key in WEEKDAY_KEYS)
        exceptions_data = data.get("exceptions", [])
        if not isinstance(exceptions_data, list):
            raise HoursError("invalid_format", "'exceptions' must be a list")
        if len(exceptions_data) > MAX_EXCEPTIONS:
            raise HoursError(
                "too_many_exceptions",
                f"At most {MAX_EXCEPTIONS} dated exceptions are allowed",
                {"max": str(MAX_EXCEPTIONS)},
            )
        exceptions = tuple(_exception_from_json(item) for item in exceptions_data)
        return cls(weekly=weekly, exceptions=exceptions)

    @classmethod
    def from_schedule_helper(
        cls, config: Mapping[str, Any], exceptions: Sequence[HoursException] = ()
    ) -> OperatingHours:
        """Build weekly hours from a Home Assistant ``schedule`` helper's configuration.

        ``monday`` ... ``sunday`` map to lists of ``{"from": ..., "to": ...}`` given as times
        or ``"HH:MM[:SS]"`` text; a ``to`` of ``24:00:00`` (``time.max`` once loaded) is
        midnight. Other keys (name, icon, id) are ignored. Ranges that touch are joined first,
        and ranges ending at midnight join the next day's ranges starting at 00:00 when
        queried, so a helper's Friday 18:00-24:00 plus Saturday 00:00-03:00 is one period.
        ``exceptions`` (dated holidays) still apply on top.
        """
        if not isinstance(config, Mapping):
            raise HoursError("invalid_format", "The schedule configuration must be a mapping")
        weekly: list[tuple[Interval, ...]] = []
        for key, day in zip(_SCHEDULE_DAYS, WEEKDAY_KEYS, strict=True):
            ranges = config.get(key, [])
            if not isinstance(ranges, Sequence) or isinstance(ranges, str):
                raise HoursError(
                    "invalid_format", f"{day}: schedule ranges must be a list", {"where": day}
                )
            parsed: list[Interval] = []
            for item in ranges:
                if not isinstance(item, Mapping):
                    raise HoursError(
                        "invalid_interval",
                        f"{day}: {item!r} is not a from/to range",
                        {"value": str(item), "where": day},
                    )
                parsed.append(
                    (
                        _schedule_time(item.get("from"), day, allow_24=False),
                        _schedule_time(item.get("to"), day, allow_24=True),
                    )
                )
            for opening, closing in parsed:
                if closing != time() and closing <= opening:
                    raise HoursError(
                        "invalid_interval",
                        f"{day}: a schedule range must end after it starts",
                        {"value": _format_interval((opening, closing)), "where": day},
                    )
            intervals: list[Interval] = []
            for opening, closing in sorted(parsed, key=_occupied):
                if intervals and intervals[-1][1] == opening:
                    intervals[-1] = (intervals[-1][0], closing)
                else:
                    intervals.append((opening, closing))
            weekly.append(tuple(intervals))
        return cls(weekly=tuple(weekly), exceptions=tuple(exceptions))

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe shape that ``from_dict`` reads back to an equal object."""
        return {
            "weekly": {
                key: [_interval_to_json(interval) for interval in self.weekly[index]]
                for index, key in enumerate(WEEKDAY_KEYS)
            },
            "exceptions": [
                {
                    "date": exception.day.isoformat(),
                    "hours": [_interval_to_json(interval) for interval in exception.intervals],
                    "label": exception.label,
                }
                for exception in self.exceptions
            ],
        }

    # -- lookups --------------------------------------------------------------------------

    def exception_for(self, day: date) -> HoursException | None:
        """Return the dated exception for ``day``, if any."""
        return self._by_day.get(day)

    def intervals_for(self, day: date) -> tuple[Interval, ...]:
        """Return the intervals that open on ``day`` (exception first, then weekly)."""
        exception = self._by_day.get(day)
        if exception is not None:
            return exception.intervals
        return self.weekly[day.weekday()]

    # -- queries --------------------------------------------------------------------------

    def is_open(self, now: datetime, tz: tzinfo) -> bool:
        """Return whether the shop is open at ``now``."""
        instant = _as_utc(now)
        day = instant.astimezone(tz).date()
        for start, end in self._open_periods(day - _DAY, day + _DAY, tz):
            if start > instant:
                return False
            if end is None or instant < end:
                return True
        return False

    def next_opening(self, now: datetime, tz: tzinfo) -> datetime | None:
        """Return the first opening strictly after ``now`` (UTC), or None if it never opens."""
        instant = _as_utc(now)
        day = instant.astimezone(tz).date()
        for start, _ in self._open_periods(day - _DAY, _search_end(self, day), tz):
            if start > instant:
                return start
        return None

    def next_closing(self, now: datetime, tz: tzinfo) -> datetime | None:
        """Return the first closing strictly after ``now`` (UTC), or None if it never closes."""
        instant = _as_utc(now)
        day = instant.astimezone(tz).date()
        for _, end in self._open_periods(day - _DAY, _search_end(self, day), tz):
            if end is None:
                return None
            if end > instant:
                return end
        return None

    def transitions(
        self, start: datetime, end: datetime, tz: tzinfo
    ) -> list[tuple[datetime, bool]]:
        """Return ``(instant, open_after)`` for every change in ``(start, end]``, in order.

        Together with ``is_open(start)`` this describes the whole window.
        """
        first, last = _as_utc(start), _as_utc(end)
        if last < first:
            raise ValueError("end must not be before start")
        first_day = first.astimezone(tz).date() - _DAY
        last_day = last.astimezone(tz).date() + _DAY
        changes: list[tuple[datetime, bool]] = []
        for opened, closed in self._open_periods(first_day, last_day, tz):
            if opened > last:
                break
            if opened > first:
                changes.append((opened, True))
            if closed is not None and first < closed <= last:
                changes.append((closed, False))
        return changes

    def current_interval(self, now: datetime, tz: tzinfo) -> OpenInterval | None:
        """Return the configured interval containing ``now``, or None when closed.

        This is the interval as configured (Monday 07:00 to Tuesday 02:00), not the joined
        open period; ``next_closing`` gives the real end when intervals run back to back.
        """
        instant = _as_utc(now)
        day = instant.astimezone(tz).date()
        for business_day in (day - _DAY, day):
            exception = self._by_day.get(business_day)
            for opened, closed in self._day_instants(business_day, tz):
                if opened <= instant < closed:
                    label = exception.label if exception is not None else None
                    return OpenInterval(opened, closed, business_day, label)
        return None

    def calendar_events(self, start: datetime, end: datetime, tz: tzinfo) -> list[HoursEvent]:
        """Return the configured intervals and closed exception dates overlapping the window.

        Open intervals are timed events (``open``, or ``special_hours`` on an exception date);
        a closed exception date is an all-day event (``closed``) spanning that date.
        """
        first, last = _as_utc(start), _as_utc(end)
        if last < first:
            raise ValueError("end must not be before start")
        events: list[HoursEvent] = []
        day = first.astimezone(tz).date() - _DAY
        last_day = last.astimezone(tz).date()
        while day <= last_day:
            exception = self._by_day.get(day)
            if exception is not None and not exception.intervals:
                day_start = local_to_utc(datetime.combine(day, time()), tz)
                day_end = local_to_utc(datetime.combine(day + _DAY, time()), tz)
                if day_start < last and day_end > first:
                    events.append(HoursEvent(day, day + _DAY, SUMMARY_CLOSED, exception.label))
            else:
                summary = SUMMARY_OPEN if exception is None else SUMMARY_SPECIAL_HOURS
                label = None if exception is None else exception.label
                events.extend(
                    HoursEvent(opened, closed, summary, label)
                    for opened, closed in self._day_instants(day, tz)
                    if opened < last and closed > first
                )
            day += _DAY
        return events

    # -- internals ------------------------------------------------------------------------

    def _day_instants(self, day: date, tz: tzinfo) -> Iterator[tuple[datetime, datetime]]:
        """Yield the non-empty intervals opening on ``day`` as UTC instants."""
        for opening, closing in self.intervals_for(day):
            yield from _wall_interval(day, opening, closing, tz)

    def _open_periods(
        self, first_day: date, last_day: date, tz: tzinfo
    ) -> Iterator[tuple[datetime, datetime | None]]:
        """Yield joined open periods from intervals opening on first_day..last_day.

        The end is None when the last period runs into days not generated, so its end is
        unknown here (it would join an interval opening at midnight after ``last_day``).
        The first period's start may be later than the real opening when it joins intervals
        from before ``first_day``; callers only look at starts after ``first_day``'s midnight.
        """
        horizon = local_to_utc(datetime.combine(last_day + _DAY, time()), tz)
        current: tuple[datetime, datetime] | None = None
        day = first_day
        while day <= last_day:
            for opened, closed in self._day_instants(day, tz):
                if current is None:
                    current = (opened, closed)
                elif opened <= current[1]:
                    current = (current[0], max(current[1], closed))
                else:
                    yield current
                    current = (opened, closed)
            day += _DAY
        if current is not None:
            yield current[0], current[1] if current[1] < horizon else None


def _exc_day(exception: HoursException) -> date:
    return exception.day


def _search_end(hours: OperatingHours, day: date) -> date:
    last = max(day, hours.exceptions[-1].day) if hours.exceptions else day
    return last + timedelta(days=_SEARCH_DAYS_AFTER_EXCEPTIONS)


# -- wall-clock to instants -------------------------------------------------------------


def local_to_utc(local: datetime, tz: tzinfo) -> datetime:
    """Map a naive wall-clock time in ``tz`` to a UTC instant.

    A time in a spring-forward gap maps to the first instant after the gap; an ambiguous
    fall-back time maps to its first occurrence.
    """
    naive = local.replace(tzinfo=None, fold=0)
    instant = naive.replace(tzinfo=tz).astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) == naive:
        return instant
    # fold=0 reads a gap time with the offset before the change, fold=1 with the one after:
    # the change itself lies between the two readings, found by bisection on whole seconds
    # (tz database transitions fall on whole seconds).
    other = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    low = int(min(instant, other).timestamp())
    high = int(max(instant, other).timestamp())
    after_offset = datetime.fromtimestamp(high, tz).utcoffset()
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == after_offset:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def _wall_interval(
    day: date, opening: time, closing: time, tz: tzinfo
) -> Iterator[tuple[datetime, datetime]]:
    end_day = day if closing > opening else day + _DAY
    start = local_to_utc(datetime.combine(day, opening), tz)
    end = local_to_utc(datetime.combine(end_day, closing), tz)
    if start < end:
        yield start, end


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("A timezone-aware datetime is required")
    return moment.astimezone(UTC)


# -- validation -------------------------------------------------------------------------


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def _occupied(interval: Interval) -> tuple[int, int]:
    """Seconds from the business day's midnight; the end may pass 24 h (overnight)."""
    opening, closing = _seconds(interval[0]), _seconds(interval[1])
    return opening, closing if closing > opening else closing + _DAY_SECONDS


def _check_time(value: object, where: str) -> time:
    if not isinstance(value, time) or value.tzinfo is not None or value.microsecond or value.fold:
        raise HoursError(
            "invalid_time",
            f"{where}: {value!r} is not a wall-clock time",
            {"value": str(value), "where": where},
        )
    return value


def _validate_day(intervals: object, where: str) -> tuple[Interval, ...]:
    if not isinstance(intervals, Sequence) or isinstance(intervals, str):
        raise HoursError("invalid_format", f"{where}: intervals must be a list", {"where": where})
    if len(intervals) > MAX_INTERVALS_PER_DAY:
        raise HoursError(
            "too_many_intervals",
            f"{where}: at most {MAX_INTERVALS_PER_DAY} intervals per day",
            {"where": where, "max": str(MAX_INTERVALS_PER_DAY)},
        )
    checked: list[Interval] = []
    for interval in intervals:
        if not isinstance(interval, Sequence) or len(interval) != 2:
            raise HoursError(
                "invalid_interval",
                f"{where}: {interval!r} is not an (open, close) pair",
                {"value": str(interval), "where": where},
            )
        checked.append((_check_time(interval[0], where), _check_time(interval[1], where)))
    checked.sort(key=_occupied)
    for earlier, later in pairwise(checked):
        if _occupied(later)[0] < _occupied(earlier)[1]:
            raise HoursError(
                "overlapping_intervals",
                f"{where}: {_format_interval(earlier)} overlaps {_format_interval(later)}",
                {"where": where},
            )
    return tuple(checked)


def _validate_spill(day: tuple[Interval, ...], following: tuple[Interval, ...], where: str) -> None:
    spill = max((_occupied(interval)[1] - _DAY_SECONDS for interval in day), default=0)
    for interval in following:
        if _occupied(interval)[0] < spill:
            raise HoursError(
                "overlapping_intervals",
                f"{where}: the overnight hours run into {_format_interval(interval)}",
                {"where": where},
            )


def _parse_time(text: object, where: str, *, allow_24: bool) -> time:
    match = _TIME_RE.fullmatch(text) if isinstance(text, str) else None
    if match is not None:
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if allow_24 and (hour, minute, second) == (24, 0, 0):
            return time()
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
    raise HoursError(
        "invalid_time",
        f"{where}: {text!r} is not a time like 07:30",
        {"value": str(text), "where": where},
    )


def _schedule_time(value: object, where: str, *, allow_24: bool) -> time:
    if isinstance(value, time) and value.tzinfo is None:
        if value == time.max and allow_24:
            return time()
        if not value.microsecond:
            return value
    return _parse_time(value, where, allow_24=allow_24)


def _format_time(moment: time) -> str:
    return moment.strftime("%H:%M:%S" if moment.second else "%H:%M")


def _format_interval(interval: Interval) -> str:
    return f"{_format_time(interval[0])}-{_format_time(interval[1])}"


def _interval_to_json(interval: Interval) -> list[str]:
    return [_format_time(interval[0]), _format_time(interval[1])]


def _intervals_from_json(data: object, where: str) -> tuple[Interval, ...]:
    if not isinstance(data, list):
        raise HoursError("invalid_format", f"{where}: intervals must be a list", {"where": where})
    if len(data) > MAX_INTERVALS_PER_DAY:
        raise HoursError(
            "too_many_intervals",
            f"{where}: at most {MAX_INTERVALS_PER_DAY} intervals per day",
            {"where": where, "max": str(MAX_INTERVALS_PER_DAY)},
        )
    intervals: list[Interval] = []
    for item in data:
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise HoursError(
                "invalid_interval",
                f"{where}: {item!r} is not an [open, close] pair",
                {"value": str(item), "where": where},
            )
        intervals.append(
            (
                _parse_time(item[0], where, allow_24=False),
                _parse_time(item[1], where, allow_24=True),
            )
        )
    return _validate_day(intervals, where)


def _exception_from_json(item: object) -> HoursException:
    if not isinstance(item, Mapping):
        raise HoursError("invalid_format", f"An exception must be a mapping, not {item!r}")
    unknown = set(item) - {"date", "hours", "label"}
    if unknown:
        raise HoursError(
            "invalid_format",
            f"Unknown exception keys: {', '.join(sorted(map(str, unknown)))}",
            {"value": ", ".join(sorted(map(str, unknown)))},
        )
    raw_date = item.get("date")
    day: date | None = None
    if isinstance(raw_date, str) and _DATE_RE.fullmatch(raw_date):
        try:
            day = date.fromisoformat(raw_date)
        except ValueError:
            day = None
    if day is None or not isinstance(raw_date, str):
        raise HoursError(
            "invalid_date",
            f"{raw_date!r} is not a date like 2026-02-17",
            {"value": str(raw_date)},
        )
    label = item.get("label", "")
    if not isinstance(label, str) or len(label) > MAX_LABEL_LENGTH:
        raise HoursError(
            "invalid_label",
            f"{raw_date}: the label must be text of at most {MAX_LABEL_LENGTH} characters",
            {"where": raw_date, "max": str(MAX_LABEL_LENGTH)},
        )
    intervals = _intervals_from_json(item.get("hours", []), raw_date)
    return HoursException(day, intervals, label.strip())


# -- the options-flow text field ---------------------------------------------------------


def parse_hours_text(text: str) -> list[Interval]:
    """Parse ``"07:00-02:00, 14:00-15:00"``, ``"closed"`` or ``"24h"`` into intervals.

    ``~`` and dashes separate open from close, commas/semicolons/new lines separate
    intervals; ``24:00`` is accepted as a closing time (midnight). Korean 휴무 and 24시간 work too.
    """
    cleaned = text.strip().lower()
    if cleaned in _TEXT_CLOSED:
        return []
    if cleaned in _TEXT_ALL_DAY:
        return [(time(), time())]
    intervals: list[Interval] = []
    for part in re.split(r"[,;\n]+", cleaned):
        stripped = part.strip()
        if not stripped:
            continue
        match = _TEXT_INTERVAL_RE.fullmatch(stripped)
        if match is None:
            raise HoursError(
                "invalid_interval",
                f"{stripped!r} is not a range like 07:00-22:00",
                {"value": stripped, "where": "text"},
            )
        intervals.append(
            (
                _parse_time(match[1], stripped, allow_24=False),
                _parse_time(match[2], stripped, allow_24=True),
            )
        )
    if not intervals:
        raise HoursError(
            "invalid_interval", f"{text!r} holds no time range", {"value": text, "where": "text"}
        )
    return list(_validate_day(intervals, "text"))


def format_hours_text(intervals: Sequence[Interval]) -> str:
    """Return the text ``parse_hours_text`` reads back to the same intervals."""
    if not intervals:
        return "closed"
    if list(intervals) == [(time(), time())]:
        return "24h"
    return ", ".join(_format_interval(interval) for interval in intervals)


# -- door mode policy --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DoorSchedulePolicy:
    """Which door mode the hours ask for; the late-night window applies only while open.

    The window uses the same wall-clock rules as the hours: ``end <= start`` crosses
    midnight, and DST gaps and repeats resolve as described in the module docstring.
    """

    open_mode: str = "authenticated"
    closed_mode: str = "closed"
    late_night_mode: str | None = None
    late_night_start: time | None = None
    late_night_end: time | None = None

    def __post_init__(self) -> None:
        """Reject unknown modes and half-configured late-night windows."""
        for mode in (self.open_mode, self.closed_mode, self.late_night_mode):
            if mode is not None and mode not in DOOR_MODES:
                raise HoursError(
                    "invalid_mode",
                    f"Unknown door mode {mode!r}; use one of {', '.join(DOOR_MODES)}",
                    {"value": str(mode)},
                )
        parts = (self.late_night_mode, self.late_night_start, self.late_night_end)
        if any(part is None for part in parts) and any(part is not None for part in parts):
            raise HoursError(
                "invalid_late_night_window",
                "A late-night window needs a mode, a start and an end",
            )
        if self.late_night_start is not None and self.late_night_end is not None:
            _check_time(self.late_night_start, "late_night")
            _check_time(self.late_night_end, "late_night")
            if self.late_night_start == self.late_night_end:
                raise HoursError(
                    "invalid_late_night_window",
                    "The late-night window must not start and end at the same time",
                )

    @classmethod
    def from_dict(cls, data: Any) -> DoorSchedulePolicy:
        """Read ``{"open_mode", "closed_mode", "late_night": {"mode", "start", "end"}}``."""
        if not isinstance(data, Mapping):
            raise HoursError("invalid_format", "The door policy must be a mapping")
        late_night = data.get("late_night")
        if late_night is None:
            return cls(
                open_mode=data.get("open_mode", "authenticated"),
                closed_mode=data.get("closed_mode", "closed"),
            )
        if not isinstance(late_night, Mapping):
            raise HoursError("invalid_late_night_window", "'late_night' must be a mapping")
        return cls(
            open_mode=data.get("open_mode", "authenticated"),
            closed_mode=data.get("closed_mode", "closed"),
            late_night_mode=late_night.get("mode"),
            late_night_start=_parse_time(late_night.get("start"), "late_night", allow_24=False),
            late_night_end=_parse_time(late_night.get("end"), "late_night", allow_24=True),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe shape ``from_dict`` reads."""
        late_night: dict[str, str] | None = None
        if (
            self.late_night_mode is not None
            and self.late_night_start is not None
            and self.late_night_end is not None
        ):
            late_night = {
                "mode": self.late_night_mode,
                "start": _format_time(self.late_night_start),
                "end": _format_time(self.late_night_end),
            }
        return {
            "open_mode": self.open_mode,
            "closed_mode": self.closed_mode,
            "late_night": late_night,
        }


def _late_night_spans(
    policy: DoorSchedulePolicy, first_day: date, last_day: date, tz: tzinfo
) -> Iterator[tuple[datetime, datetime]]:
    if policy.late_night_start is None or policy.late_night_end is None:
        return
    day = first_day
    while day <= last_day:
        yield from _wall_interval(day, policy.late_night_start, policy.late_night_end, tz)
        day += _DAY


def _in_late_night(policy: DoorSchedulePolicy, instant: datetime, tz: tzinfo) -> bool:
    day = instant.astimezone(tz).date()
    return any(
        start <= instant < end for start, end in _late_night_spans(policy, day - _DAY, day, tz)
    )


def desired_mode(
    hours: OperatingHours, policy: DoorSchedulePolicy, now: datetime, tz: tzinfo
) -> str:
    """Return the door mode the hours ask for at ``now``."""
    instant = _as_utc(now)
    if not hours.is_open(instant, tz):
        return policy.closed_mode
    if policy.late_night_mode is not None and _in_late_night(policy, instant, tz):
        return policy.late_night_mode
    return policy.open_mode


def next_boundary(
    hours: OperatingHours, policy: DoorSchedulePolicy, now: datetime, tz: tzinfo
) -> datetime | None:
    """Return the first instant after ``now`` at which ``desired_mode`` changes, or None.

    Opening, closing and late-night edges that leave the desired mode as it is are skipped,
    so a manual mode change is kept until the schedule really asks for something else.
    """
    instant = _as_utc(now)
    current = desired_mode(hours, policy, instant, tz)
    day = instant.astimezone(tz).date()
    last_day = _search_end(hours, day)
    chunk_start = instant
    while day <= last_day:
        chunk_last_day = min(day + timedelta(days=_DOOR_SEARCH_CHUNK_DAYS), last_day)
        chunk_end = local_to_utc(datetime.combine(chunk_last_day + _DAY, time()), tz)
        candidates = {moment for moment, _ in hours.transitions(chunk_start, chunk_end, tz)}
        for start, end in _late_night_spans(policy, day - _DAY, chunk_last_day, tz):
            candidates.update(
                moment for moment in (start, end) if chunk_start < moment <= chunk_end
            )
        for moment in sorted(candidates):
            if desired_mode(hours, policy, moment, tz) != current:
                return moment
        chunk_start = chunk_end
        day = chunk_last_day + _DAY
    return None
