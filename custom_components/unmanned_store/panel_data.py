"""What the store panel sends and receives, as plain data: shapes, CSV, today's summary, texts.

No Home Assistant import: the websocket API (panel_api.py) is the glue, this is the logic, and
it is unit-tested on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
import csv
import io
from typing import Any, Final

from .cameras.geometry import (
    GeometryError,
    Zone,
    format_points,
    format_zones,
    parse_line,
    parse_zones,
)

Point = tuple[float, float]

# Where the sidebar panel lives.
PANEL_URL: Final = "/unmanned-store"

# Columns of the CSV export: the log as stored (pseudonymous visitor keys, no pass ids).
CSV_COLUMNS: Final = (
    "time",
    "result",
    "reason",
    "method",
    "provider",
    "pass_kind",
    "visitor",
    "adult",
)

# Texts the server itself writes for people (a pass sent to a phone); the panel's own texts
# live in frontend/src/strings.json.
SERVER_TEXTS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "pass_title": "{store}: your pass",
        "pass_message": (
            'Pass "{label}" ({kind}), valid until {until}. Show the QR code at the door.'
        ),
        "kind_member": "member",
        "kind_staff": "staff",
        "kind_delivery": "delivery",
        "kind_adult_verified": "adult verified",
        "sidebar_title": "Store panel",
        "no_store": "No store is set up yet: add the Unmanned Store integration.",
    },
    "ko": {
        "pass_title": "{store}: 출입 패스",
        "pass_message": (
            '패스 "{label}" ({kind}), {until}까지 유효합니다. 문 앞에서 QR 코드를 보여 주세요.'
        ),
        "kind_member": "회원",
        "kind_staff": "직원",
        "kind_delivery": "배송",
        "kind_adult_verified": "성인 인증",
        "sidebar_title": "매장 관리",
        "no_store": "아직 설정된 매장이 없습니다. 무인점포 통합 구성요소를 추가하세요.",
    },
}


def server_text(language: str, key: str, **placeholders: str) -> str:
    """A server-written text in the language (Korean for ko*, English otherwise)."""
    texts = SERVER_TEXTS["ko" if language.lower().startswith("ko") else "en"]
    return texts[key].format(**placeholders)


def line_to_text(line: Mapping[str, Sequence[float]] | None) -> str:
    """The panel's {"p1": [x, y], "p2": [x, y]} as the stored line text; checked."""
    if line is None:
        return ""
    text = format_points([list(line["p1"]), list(line["p2"])])
    parse_line(text)
    return text


def zones_to_text(zones: Iterable[Mapping[str, Any]]) -> str:
    """The panel's [{"name", "polygon": [[x, y], ...]}] as the stored zones text; checked."""
    parsed: list[Zone] = []
    for zone in zones:
        name = str(zone["name"]).strip()
        polygon = tuple((float(x), float(y)) for x, y in zone["polygon"])
        parsed.append(Zone(name, polygon))
    text = format_zones(tuple(parsed))
    # Parsing again applies every rule the text form has (names, ranges, duplicates).
    parse_zones(text)
    return text


def line_from_text(text: str) -> dict[str, list[float]] | None:
    """The stored line text as the panel's shape (None when there is no line)."""
    line = parse_line(text)
    return None if line is None else {"p1": list(line[0]), "p2": list(line[1])}


def zones_from_text(text: str) -> list[dict[str, Any]]:
    """The stored zones text as the panel's shapes."""
    return [
        {"name": zone.id, "polygon": [list(point) for point in zone.polygon]}
        for zone in parse_zones(text)
    ]


def safe_shapes(line: str, zones: str) -> tuple[dict[str, list[float]] | None, list[Any]]:
    """Stored shapes for display; text that no longer parses shows as nothing to draw."""
    try:
        shown_line = line_from_text(line)
    except GeometryError:
        shown_line = None
    try:
        shown_zones = zones_from_text(zones)
    except GeometryError:
        shown_zones = []
    return shown_line, shown_zones


def visits_csv(visits: Iterable[Mapping[str, Any]]) -> str:
    """The visitor log as CSV (UTF-8 text; the panel adds a BOM so spreadsheets read Hangul)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for visit in visits:
        row = []
        for column in CSV_COLUMNS:
            value = visit.get(column)
            row.append("" if value is None else _csv_cell(value))
        writer.writerow(row)
    return out.getvalue()


def _csv_cell(value: object) -> str:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    # A cell starting with = + - @ is a formula to a spreadsheet; the log holds none of ours.
    return f"'{text}" if text[:1] in {"=", "+", "-", "@"} else text


def today_summary(visits: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Today's door figures from today's visits: entries, distinct visitors, denials by reason."""
    granted = 0
    visitors: set[str] = set()
    denials: Counter[str] = Counter()
    for visit in visits:
        result = visit.get("result")
        if result == "granted":
            granted += 1
            if visit.get("visitor"):
                visitors.add(str(visit["visitor"]))
        elif result == "denied":
            denials[str(visit.get("reason") or "unrecognised")] += 1
    return {
        "granted": granted,
        "visitors": len(visitors),
        "denied": sum(denials.values()),
        "denials": [
            {"reason": reason, "count": count}
            for reason, count in sorted(denials.items(), key=lambda item: (-item[1], item[0]))
        ],
    }
