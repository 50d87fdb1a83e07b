"""Counting lines and zones typed as text in the options flow, parsed into normalised points.

The owner writes points as "x,y" pairs separated by spaces, each coordinate a fraction of the
picture (0 left/top, 1 right/bottom): a line is "0.05,0.6 0.95,0.6"; zones are separated by
";" and may be named: "shelf: 0.5,0.3 0.95,0.3 0.95,0.9 0.5,0.9; till: ...". A zone whose name
starts with "ignore" is an ignore area (see is_ignore_area).
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from typing import Final

Point = tuple[float, float]

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
# The panel has the same prefix (frontend/src/camera.js IGNORE_PREFIX; a test compares them).
IGNORE_PREFIX: Final = "ignore"


class GeometryError(ValueError):
    """Bad geometry text; key is the translation key, placeholders fill its message."""

    def __init__(self, key: str, **placeholders: str) -> None:
        """Keep the translation key and its placeholders for the flow's error message."""
        super().__init__(f"{key}: {placeholders}")
        self.key = key
        self.placeholders = placeholders


@dataclass(frozen=True, slots=True)
class Zone:
    """A named polygon of at least three normalised points."""

    id: str
    polygon: tuple[Point, ...]


def is_ignore_area(zone_id: str) -> bool:
    """Whether a zone is an ignore area: the engine gets it as a mask, where people are not seen.

    A name rather than a separate field keeps the owner's one text form (and older stored
    settings) as it is: "ignore", "ignore2", "ignore-tv" are ignore areas.
    """
    return zone_id.startswith(IGNORE_PREFIX)


def parse_point(text: str) -> Point:
    """One "x,y" pair of fractions between 0 and 1."""
    parts = text.split(",")
    if len(parts) != 2:
        raise GeometryError("invalid_point", point=text)
    try:
        x, y = float(parts[0]), float(parts[1])
    except ValueError as err:
        raise GeometryError("invalid_point", point=text) from err
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
        raise GeometryError("point_out_of_range", point=text)
    return (x, y)


def parse_points(text: str) -> tuple[Point, ...]:
    """Points separated by spaces."""
    return tuple(parse_point(token) for token in text.split())


def parse_line(text: str) -> tuple[Point, Point] | None:
    """A counting line of exactly two distinct points; None when the text is empty."""
    points = parse_points(text)
    if not points:
        return None
    if len(points) != 2:
        raise GeometryError("line_needs_two_points", count=str(len(points)))
    if points[0] == points[1]:
        raise GeometryError("line_points_equal")
    return points[0], points[1]


def parse_zones(text: str) -> tuple[Zone, ...]:
    """Zones separated by ";"; an unnamed zone is called zone1, zone2... by its position."""
    zones: list[Zone] = []
    for index, chunk in enumerate(part for part in text.split(";") if part.strip()):
        name, sep, coords = chunk.partition(":")
        if not sep:
            name, coords = f"zone{index + 1}", chunk
        name = name.strip()
        if not _NAME.match(name):
            raise GeometryError("invalid_zone_name", zone=name)
        if any(zone.id == name for zone in zones):
            raise GeometryError("duplicate_zone", zone=name)
        polygon = parse_points(coords)
        if len(polygon) < 3:
            raise GeometryError("zone_needs_three_points", zone=name)
        zones.append(Zone(name, polygon))
    return tuple(zones)


def format_points(points: tuple[Point, ...] | list[list[float]]) -> str:
    """The text form of points, as the owner types them; parsed again, the same points."""
    return " ".join(f"{_number(x)},{_number(y)}" for x, y in points)


def _number(value: float) -> str:
    # repr is the shortest text that reads back as the same float; "1.0" reads better as "1".
    return repr(float(value)).removesuffix(".0")


def format_zones(zones: tuple[Zone, ...]) -> str:
    """The text form of named zones."""
    return "; ".join(f"{zone.id}: {format_points(zone.polygon)}" for zone in zones)


def ignore_area_under(
    box: tuple[float, float, float, float], overhead: bool, taken: tuple[Zone, ...]
) -> Zone:
    """An ignore area where a figure that never moves stands, named apart from `taken`.

    The engine drops a box whose foot point lies in an ignore area (the middle of the box
    seen from straight above), so the area covers that point with room for the detector's
    jitter, and no more: a customer standing in front of a mannequin keeps being seen.
    """
    x, y, w, h = box
    if overhead:
        x0, x1, y0, y1 = x + 0.2 * w, x + 0.8 * w, y + 0.2 * h, y + 0.8 * h
    else:
        x0, x1, y0, y1 = x - 0.15 * w, x + 1.15 * w, y + 0.7 * h, y + 1.1 * h
    # The detector's boxes may run off the picture; an area's points may not. At least a
    # twentieth of the picture each way, so a box cut by the edge still leaves an area.
    x0, x1 = _span(x0, x1)
    y0, y1 = _span(y0, y1)
    names = {zone.id for zone in taken}
    name = f"{IGNORE_PREFIX}-still"
    number = 1
    while name in names:
        number += 1
        name = f"{IGNORE_PREFIX}-still{number}"
    return Zone(name, ((x0, y0), (x1, y0), (x1, y1), (x0, y1)))


def _span(low: float, high: float, least: float = 0.05) -> tuple[float, float]:
    """[low, high] inside [0, 1], rounded, at least `least` long."""
    low, high = min(max(low, 0.0), 1.0 - least), min(max(high, least), 1.0)
    high = max(high, low + least)
    return round(low, 3), round(high, 3)
