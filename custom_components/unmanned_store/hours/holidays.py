"""Public holidays as dated exceptions: the owner says once what each holiday means.

This module knows nothing of Home Assistant. The ``holidays`` library (the version Home
Assistant's workday and holiday integrations pin) knows each country's holidays, including
lunar ones and substitute days, in English and, for Korea, Korean. The owner picks, per holiday
group, whether the shop is closed, keeps special hours, or opens as usual; this module turns
that into ``HoursException`` dates for a span of years. Dated exceptions the owner typed for
one-off days win over a holiday on the same date.

Rules (each one is tested):

* A holiday's *group* comes from its English name without "The day preceding ", "The second
  day of " and "Alternative holiday for " (and " (observed)"), so 설날 전날, 설날, 설날 다음날
  and a 설날 substitute holiday are all the group ``korean_new_year``; a substitute holiday
  follows the meaning of the holiday it replaces.
* Two holidays on one date (개천절 and 추석 on 2028-10-03): the stricter meaning wins (closed,
  then special hours, then normal).
* Nothing applies until the owner has saved a choice (an owner who set hours before holidays
  existed finds no day closed behind their back). The form offers, for a Korean store, 설날 and
  추석 closed and the rest normal; for other countries everything normal.
* The label of an exception is the holiday's name in the store's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
import re
from typing import Any, Final

import holidays as holidays_lib

from .model import HoursError, HoursException, Interval, OperatingHours, parse_hours_text

CLOSED: Final = "closed"
SPECIAL: Final = "special"
NORMAL: Final = "normal"
MEANINGS: Final = (CLOSED, SPECIAL, NORMAL)
_STRICTNESS: Final = {CLOSED: 0, SPECIAL: 1, NORMAL: 2}
KOREAN_NEW_YEAR: Final = "korean_new_year"
CHUSEOK: Final = "chuseok"
_PREFIXES: Final = ("The day preceding ", "The second day of ", "Alternative holiday for ")
_SUFFIX: Final = re.compile(r"\s*\((observed|estimated)\)$", re.IGNORECASE)
_LANGUAGES: Final = {"ko": "ko", "en": "en_US"}


def group_of(english_name: str) -> str:
    """The group key of one holiday name (English, as the library gives it)."""
    name = _SUFFIX.sub("", english_name.strip())
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            name = name.removeprefix(prefix)
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def supported(country: str | None) -> bool:
    """Whether the library knows the country's holidays."""
    return country is not None and country in holidays_lib.list_supported_countries()


def _calendar(country: str, years: Iterable[int], language: str) -> Mapping[date, str]:
    known = holidays_lib.country_holidays(country, years=list(years))
    lang = _LANGUAGES.get(language, "en_US")
    if lang not in known.supported_languages:
        lang = known.default_language or "en_US"
    return holidays_lib.country_holidays(country, years=list(years), language=lang)


@dataclass(frozen=True, slots=True)
class PublicHoliday:
    """One date's holidays: groups and names in order, names in the store's language."""

    day: date
    groups: tuple[str, ...]
    names: tuple[str, ...]


def public_holidays(country: str, years: Iterable[int], language: str) -> list[PublicHoliday]:
    """The country's holidays in ``years``, grouped, named in ``language`` (ko or en)."""
    years = list(years)
    english = holidays_lib.country_holidays(country, years=years, language="en_US")
    if "en_US" not in english.supported_languages:
        english = holidays_lib.country_holidays(country, years=years)
    localized = _calendar(country, years, language)
    out: list[PublicHoliday] = []
    for day in sorted(english):
        groups = tuple(group_of(name) for name in english[day].split("; "))
        names = tuple(localized.get(day, english[day]).split("; "))
        # Names of two holidays on a date come in the same order in every language.
        if len(names) != len(groups):
            names = (localized.get(day, english[day]),) * len(groups)
        out.append(PublicHoliday(day, groups, names))
    return out


def holiday_groups(country: str, year: int, language: str) -> dict[str, str]:
    """Each group the owner can choose a meaning for, with its name in ``language``.

    The name is the main day's (설날 rather than 설날 전날); groups in calendar order over a
    two-year span, so holidays that fall in one year only (an election) are offered too.
    """
    english = holidays_lib.country_holidays(country, years=[year, year + 1], language="en_US")
    if "en_US" not in english.supported_languages:
        english = holidays_lib.country_holidays(country, years=[year, year + 1])
    groups: dict[str, str] = {}
    main_names: dict[str, str] = {}
    for holiday in public_holidays(country, [year, year + 1], language):
        english_names = english[holiday.day].split("; ")
        for index, (group, name) in enumerate(zip(holiday.groups, holiday.names, strict=True)):
            groups.setdefault(group, name)
            base = english_names[index] if index < len(english_names) else ""
            if (
                group_of(base) == group
                and _SUFFIX.sub("", base) == base
                and not any(base.startswith(prefix) for prefix in _PREFIXES)
            ):
                main_names.setdefault(group, name)
    return {group: main_names.get(group, name) for group, name in groups.items()}


@dataclass(frozen=True, slots=True)
class HolidayPolicy:
    """What each holiday group means for the shop; groups not named are normal days."""

    meanings: Mapping[str, str] = field(default_factory=dict)
    special_hours: tuple[Interval, ...] = ()

    def __post_init__(self) -> None:
        """Reject meanings the schedule cannot follow."""
        for group, meaning in self.meanings.items():
            if meaning not in MEANINGS:
                raise HoursError(
                    "invalid_holiday_meaning",
                    f"Unknown meaning {meaning!r} for {group}",
                    {"value": str(meaning)},
                )
        if SPECIAL in self.meanings.values() and not self.special_hours:
            raise HoursError("holiday_hours_required", "Special holiday hours need the hours")
        object.__setattr__(self, "meanings", dict(self.meanings))

    @classmethod
    def default_for(cls, country: str | None) -> HolidayPolicy:
        """What the form offers first: a Korean shop closes on 설날 and 추석."""
        if country == "KR":
            return cls({KOREAN_NEW_YEAR: CLOSED, CHUSEOK: CLOSED})
        return cls()

    @classmethod
    def from_dict(cls, data: Any) -> HolidayPolicy:
        """From the options; no holidays at all when the owner never chose."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise HoursError("invalid_format", "Holiday options are not in the expected shape")
        meanings = data.get("meanings") or {}
        hours_text = data.get("special_hours") or ""
        if not isinstance(meanings, Mapping) or not isinstance(hours_text, str):
            raise HoursError("invalid_format", "Holiday options are not in the expected shape")
        return cls(
            {str(k): str(v) for k, v in meanings.items() if v != NORMAL},
            tuple(parse_hours_text(hours_text)),
        )

    def to_dict(self) -> dict[str, Any]:
        """The options shape (hours as the text the form shows)."""
        return {
            "meanings": dict(sorted(self.meanings.items())),
            "special_hours": ", ".join(
                f"{start.strftime('%H:%M')}-{end.strftime('%H:%M')}"
                for start, end in self.special_hours
            ),
        }

    def meaning(self, groups: Iterable[str]) -> str:
        """The strictest meaning of the groups a date has."""
        return min(
            (self.meanings.get(group, NORMAL) for group in groups),
            key=_STRICTNESS.__getitem__,
            default=NORMAL,
        )


def holiday_exceptions(
    policy: HolidayPolicy, country: str, years: Iterable[int], language: str
) -> list[HoursException]:
    """One exception per holiday date that is not a normal day."""
    out: list[HoursException] = []
    for holiday in public_holidays(country, years, language):
        meaning = policy.meaning(holiday.groups)
        if meaning == NORMAL:
            continue
        intervals = policy.special_hours if meaning == SPECIAL else ()
        label = " · ".join(dict.fromkeys(holiday.names))[:100]
        out.append(HoursException(holiday.day, intervals, label))
    return out


def with_holidays(
    hours: OperatingHours,
    policy: HolidayPolicy,
    country: str | None,
    years: Iterable[int],
    language: str,
) -> OperatingHours:
    """The hours with the holidays added; the owner's dated exceptions win on their dates.

    A holiday whose special hours would overlap the night before's hours is left out rather
    than making the whole schedule invalid.
    """
    if not supported(country) or not policy.meanings:
        return hours
    assert country is not None
    owned = {exception.day for exception in hours.exceptions}
    merged = list(hours.exceptions)
    for exception in holiday_exceptions(policy, country, years, language):
        if exception.day in owned:
            continue
        try:
            OperatingHours(hours.weekly, (*merged, exception))
        except HoursError:
            continue
        merged.append(exception)
    return OperatingHours(hours.weekly, tuple(merged))
