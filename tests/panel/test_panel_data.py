"""The panel's plain logic: shapes to and from the stored text, CSV, today's summary, texts."""

from __future__ import annotations

import csv
import io

import pytest

from custom_components.unmanned_store.cameras.geometry import GeometryError, parse_line, parse_zones
from custom_components.unmanned_store.panel_data import (
    CSV_COLUMNS,
    SERVER_TEXTS,
    line_from_text,
    line_to_text,
    safe_shapes,
    server_text,
    today_summary,
    visits_csv,
    zones_from_text,
    zones_to_text,
)


def test_line_round_trip() -> None:
    """A drawn line is stored as the text the options flow uses, and read back the same."""
    text = line_to_text({"p1": [0.05, 0.5], "p2": [0.95, 0.5]})
    assert text == "0.05,0.5 0.95,0.5"
    assert parse_line(text) == ((0.05, 0.5), (0.95, 0.5))
    assert line_from_text(text) == {"p1": [0.05, 0.5], "p2": [0.95, 0.5]}
    assert line_to_text(None) == ""
    assert line_from_text("") is None


def test_zones_round_trip() -> None:
    """Named zones keep their names, corners and order."""
    zones = [
        {"name": "shelf", "polygon": [[0.1, 0.1], [0.4, 0.1], [0.4, 0.35]]},
        {"name": "till", "polygon": [[0.5, 0.5], [1, 0.5], [1, 1], [0.5, 1]]},
    ]
    text = zones_to_text(zones)
    assert [zone.id for zone in parse_zones(text)] == ["shelf", "till"]
    assert zones_from_text(text) == [
        {"name": "shelf", "polygon": [[0.1, 0.1], [0.4, 0.1], [0.4, 0.35]]},
        {"name": "till", "polygon": [[0.5, 0.5], [1.0, 0.5], [1.0, 1.0], [0.5, 1.0]]},
    ]
    assert zones_to_text([]) == ""


@pytest.mark.parametrize(
    ("line", "zones", "key"),
    [
        ({"p1": [0.5, 0.5], "p2": [0.5, 0.5]}, [], "line_points_equal"),
        ({"p1": [1.5, 0.5], "p2": [0.5, 0.5]}, [], "point_out_of_range"),
        (None, [{"name": "진열대", "polygon": [[0, 0], [1, 0], [1, 1]]}], "invalid_zone_name"),
        (None, [{"name": "a", "polygon": [[0, 0], [1, 0]]}], "zone_needs_three_points"),
        (
            None,
            [
                {"name": "a", "polygon": [[0, 0], [1, 0], [1, 1]]},
                {"name": "a", "polygon": [[0, 0], [1, 0], [0, 1]]},
            ],
            "duplicate_zone",
        ),
    ],
)
def test_bad_shapes_name_their_error(
    line: dict[str, list[float]] | None, zones: list[dict[str, object]], key: str
) -> None:
    """Whatever the options flow refuses, the panel refuses with the same translation key."""

    def convert() -> None:
        line_to_text(line)
        zones_to_text(zones)  # type: ignore[arg-type]

    with pytest.raises(GeometryError) as caught:
        convert()
    assert caught.value.key == key


def test_safe_shapes_show_nothing_for_text_that_no_longer_parses() -> None:
    """A camera whose stored text is broken still opens in the panel, with nothing drawn."""
    assert safe_shapes("0.1,0.1", "x: 0,0") == (None, [])
    assert safe_shapes("0,0 1,1", "") == ({"p1": [0.0, 0.0], "p2": [1.0, 1.0]}, [])


def test_visits_csv_is_the_log_as_stored() -> None:
    """Columns in order, empty cells for None, booleans in lower case, formulas defused."""
    rows = [
        {
            "time": "2026-12-05T01:00:00+00:00",
            "result": "granted",
            "reason": None,
            "method": "store_pass",
            "provider": None,
            "pass_kind": "member",
            "visitor": "ab" * 16,
            "adult": True,
            "pass_id": "never exported",
        },
        {"time": "2026-12-05T02:00:00+00:00", "result": "denied", "reason": "=cmd", "adult": None},
    ]
    text = visits_csv(rows)
    assert "never exported" not in text
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == list(CSV_COLUMNS)
    assert parsed[1] == [
        "2026-12-05T01:00:00+00:00",
        "granted",
        "",
        "store_pass",
        "",
        "member",
        "ab" * 16,
        "true",
    ]
    assert parsed[2][:3] == ["2026-12-05T02:00:00+00:00", "denied", "'=cmd"]
    assert visits_csv([]) == ",".join(CSV_COLUMNS) + "\r\n"


def test_today_summary() -> None:
    """Entries, distinct visitors and denials grouped by reason, most frequent first."""
    visits = [
        {"result": "granted", "visitor": "a"},
        {"result": "granted", "visitor": "a"},
        {"result": "granted", "visitor": "b"},
        {"result": "granted", "visitor": None},
        {"result": "denied", "reason": "expired"},
        {"result": "denied", "reason": "bad_signature"},
        {"result": "denied", "reason": "expired"},
        {"result": "denied", "reason": None},
        {"result": "forced_entry"},
    ]
    assert today_summary(visits) == {
        "granted": 4,
        "visitors": 2,
        "denied": 4,
        "denials": [
            {"reason": "expired", "count": 2},
            {"reason": "bad_signature", "count": 1},
            {"reason": "unrecognised", "count": 1},
        ],
    }


def test_server_texts_in_both_languages() -> None:
    """Korean for ko and ko-KR, English for anything else; the same keys in both."""
    assert set(SERVER_TEXTS["en"]) == set(SERVER_TEXTS["ko"])
    assert server_text("ko-KR", "sidebar_title") == "매장 관리"
    assert server_text("de", "sidebar_title") == "Store panel"
    assert server_text("ko", "pass_title", store="망원") == "망원: 출입 패스"
