"""The options form's text fields for operating hours, to and from the stored JSON shape.

Pure: no Home Assistant. Weekday fields hold ``parse_hours_text`` text ("07:00-02:00",
"closed", "24h"); dated exceptions are one multiline field, a line per date::

    2026-02-17 closed 설날
    2026-02-18 10:00-18:00 설날 연휴
    2026-09-25 24h Chuseok sale

that is: the date, the hours (``closed``/``휴무``, ``24h``/``24시간``, or ranges separated by
commas), then an optional label. Blank lines and lines starting with ``#`` are ignored.
Every problem raises ``HoursError`` whose key the options flow shows as a translated error.
"""

from __future__ import annotations

from collections.abc import Mapping
import re
from typing import Any, Final

from .model import (
    WEEKDAY_KEYS,
    HoursError,
    OperatingHours,
    format_hours_text,
    parse_hours_text,
)

_RANGE: Final = r"\d{1,2}:\d{2}\s*[-\u2013\u2014~]\s*\d{1,2}:\d{2}"
_EXCEPTION_LINE_RE: Final = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})\s+"
    rf"(?P<hours>closed|off|휴무|휴업|24h|24/7|24시간|{_RANGE}(?:\s*[,;]\s*{_RANGE})*)"
    r"(?:\s+(?P<label>.*))?",
    re.IGNORECASE,
)


def _interval_json(text: str) -> list[list[str]]:
    """Parse one hours text and return it in the JSON shape of ``OperatingHours.to_dict``."""
    return [
        [opening.strftime("%H:%M:%S"), closing.strftime("%H:%M:%S")]
        for opening, closing in parse_hours_text(text)
    ]


def parse_exceptions_text(text: str) -> list[dict[str, Any]]:
    """Parse the exceptions field into ``OperatingHours.from_dict`` exception items."""
    items: list[dict[str, Any]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _EXCEPTION_LINE_RE.fullmatch(line)
        if match is None:
            raise HoursError(
                "invalid_exception_line",
                f"Line {number} is not like '2026-02-17 closed 설날': {line!r}",
                {"line": str(number), "value": line},
            )
        items.append(
            {
                "date": match["date"],
                "hours": _interval_json(match["hours"]),
                "label": (match["label"] or "").strip(),
            }
        )
    return items


def format_exceptions_text(hours: OperatingHours) -> str:
    """Return the exceptions field text that ``parse_exceptions_text`` reads back."""
    lines = []
    for exception in hours.exceptions:
        parts = [exception.day.isoformat(), format_hours_text(exception.intervals)]
        if exception.label:
            parts.append(exception.label)
        lines.append(" ".join(parts))
    return "\n".join(lines)


def hours_from_form(form: Mapping[str, Any]) -> OperatingHours:
    """Build and validate hours from the form.

    Raises ``HoursError`` with its ``field`` placeholder set to the weekday key, ``exceptions``
    or ``base`` (a rule spanning fields, such as an overnight overlap).
    """
    weekly: dict[str, list[list[str]]] = {}
    for key in WEEKDAY_KEYS:
        try:
            weekly[key] = _interval_json(str(form.get(key) or "closed"))
        except HoursError as err:
            err.placeholders["field"] = key
            raise
    try:
        exceptions = parse_exceptions_text(str(form.get("exceptions") or ""))
    except HoursError as err:
        err.placeholders["field"] = "exceptions"
        raise
    try:
        return OperatingHours.from_dict({"weekly": weekly, "exceptions": exceptions})
    except HoursError as err:
        # Exception-only problems (bad date, duplicate, label) point at the exceptions field.
        if err.key in {"invalid_date", "duplicate_exception", "too_many_exceptions"}:
            err.placeholders["field"] = "exceptions"
        else:
            err.placeholders.setdefault("field", "base")
        raise


def form_from_hours(hours: OperatingHours) -> dict[str, str]:
    """Return the form's text fields for stored hours."""
    form = {key: format_hours_text(hours.weekly[index]) for index, key in enumerate(WEEKDAY_KEYS)}
    form["exceptions"] = format_exceptions_text(hours)
    return form
