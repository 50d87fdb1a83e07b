"""The options form's text format for operating hours (pure, no Home Assistant)."""

from __future__ import annotations

from datetime import date, time

import pytest

from custom_components.unmanned_store.hours.form import (
    form_from_hours,
    hours_from_form,
    parse_exceptions_text,
)
from custom_components.unmanned_store.hours.model import HoursError


def test_exception_lines_in_every_supported_form() -> None:
    """closed/휴무, 24h/24시간, several ranges, dashes and tildes, labels with spaces."""
    items = parse_exceptions_text(
        "2026-02-17 휴무 설날\n"
        "  2026-02-18 10:00~14:00, 15:00\u201318:00 설날 연휴 오후\n"
        "# 추석\n"
        "2026-09-25 24시간\n"
        "2026-09-26 CLOSED\n"
    )
    assert items == [
        {"date": "2026-02-17", "hours": [], "label": "설날"},
        {
            "date": "2026-02-18",
            "hours": [["10:00:00", "14:00:00"], ["15:00:00", "18:00:00"]],
            "label": "설날 연휴 오후",
        },
        {"date": "2026-09-25", "hours": [["00:00:00", "00:00:00"]], "label": ""},
        {"date": "2026-09-26", "hours": [], "label": ""},
    ]


def test_form_round_trip() -> None:
    """What the form shows reads back to the same hours."""
    form = {
        "mon": "07:00-02:00",
        "tue": "",
        "wed": "24h",
        "thu": "09:00-12:00, 13:00-18:30",
        "exceptions": "2026-02-17 closed 설날\n2026-02-19 10:00-18:00",
    }
    hours = hours_from_form(form)
    assert hours.intervals_for(date(2026, 2, 16)) == ((time(7), time(2)),)  # a Monday
    assert hours.intervals_for(date(2026, 2, 17)) == ()
    shown = form_from_hours(hours)
    assert shown["tue"] == "closed"
    assert shown["fri"] == "closed"
    assert shown["thu"] == "09:00-12:00, 13:00-18:30"
    assert shown["exceptions"] == "2026-02-17 closed 설날\n2026-02-19 10:00-18:00"
    assert hours_from_form(shown) == hours


@pytest.mark.parametrize(
    ("form", "key", "field"),
    [
        ({"fri": "9-18"}, "invalid_interval", "fri"),
        ({"exceptions": "2026-02-17"}, "invalid_exception_line", "exceptions"),
        ({"exceptions": "2026-13-01 closed"}, "invalid_date", "exceptions"),
        ({"exceptions": "2026-02-17 07:00-25:00"}, "invalid_time", "exceptions"),
        ({"sat": "22:00-03:00", "sun": "01:00-05:00"}, "overlapping_intervals", "base"),
    ],
)
def test_errors_name_their_field(form: dict[str, str], key: str, field: str) -> None:
    """The flow shows each error on the field that caused it."""
    with pytest.raises(HoursError) as err:
        hours_from_form(form)
    assert err.value.key == key
    assert err.value.placeholders["field"] == field
