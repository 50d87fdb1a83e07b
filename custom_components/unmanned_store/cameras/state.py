"""What the integration knows of each camera, kept up to date from the engine's events and state.

Pure: no Home Assistant here, so the rules (which event sets which alarm, daily counters, the
shop's head count) are unit-tested without an engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from ..clients.engine.client import EngineEvent
from .geometry import is_ignore_area

# The anomaly event entity's types, and the engine event that starts each.
ANOMALY_TYPES: Final = ("loitering", "intrusion", "crowding", "tamper", "flame", "smoke")
ANOMALY_OF: Final = {
    "loitering_started": "loitering",
    "intrusion": "intrusion",
    "crowding_started": "crowding",
    "tamper_started": "tamper",
    "flame_started": "flame",
    "smoke_started": "smoke",
}
# What the owner must fix when the engine reports a camera in error (docs/engine-api.md).
ERROR_CODES: Final = ("source_missing", "source_undecodable", "model_missing", "model_corrupt")


@dataclass(frozen=True, slots=True)
class StillFigure:
    """A person in view who has not moved for a long while (docs/engine-api.md, `still`)."""

    box: tuple[float, float, float, float]
    seconds: int


@dataclass(slots=True)
class CameraState:
    """Live figures and alarms of one camera; None while unknown."""

    people: int | None = None
    zones: dict[str, int] = field(default_factory=dict)
    loitering: set[str] = field(default_factory=set)
    crowded: bool | None = None
    tamper: bool | None = None
    tamper_kinds: set[str] = field(default_factory=set)
    resolution: tuple[int, int] | None = None
    flame: bool | None = None
    smoke: bool | None = None
    connected: bool | None = None
    fps: float | None = None
    # The engine's health: "error" with one of ERROR_CODES and its sentence, else None.
    error_code: str | None = None
    error: str | None = None
    lag_seconds: float | None = None
    frames_dropped: int | None = None
    # Most often a mannequin, a poster or a shelf end the detector takes for a person.
    still: tuple[StillFigure, ...] = ()
    day: str = ""
    entries_today: int = 0
    exits_today: int = 0

    def roll_day(self, today: date) -> None:
        """Start the day's counters again when the local date has changed."""
        if self.day != today.isoformat():
            self.day = today.isoformat()
            self.entries_today = 0
            self.exits_today = 0

    def apply_event(self, event: EngineEvent, today: date) -> None:
        """Change what an event changes (the event's own day counts for the counters)."""
        kind = event.type
        if kind in {"crossing_in", "crossing_out"}:
            self.roll_day(today)
            if kind == "crossing_in":
                self.entries_today += 1
            else:
                self.exits_today += 1
        elif kind == "loitering_started" and event.zone and not is_ignore_area(event.zone):
            self.loitering.add(event.zone)
        elif kind == "loitering_ended" and event.zone:
            self.loitering.discard(event.zone)
        elif kind in {"crowding_started", "crowding_ended"}:
            self.crowded = kind == "crowding_started"
        elif kind in {"tamper_started", "tamper_ended"}:
            tamper_kind = event.data.get("kind")
            if isinstance(tamper_kind, str):
                if kind == "tamper_started":
                    self.tamper_kinds.add(tamper_kind)
                else:
                    self.tamper_kinds.discard(tamper_kind)
                # Covered and frozen can overlap; the alarm lasts until the last one ends.
                self.tamper = bool(self.tamper_kinds)
            else:
                self.tamper = kind == "tamper_started"
        elif kind == "resolution_changed":
            self.resolution = parse_size(event.data.get("to"))
        elif kind in {"flame_started", "flame_ended"}:
            self.flame = kind == "flame_started"
        elif kind in {"smoke_started", "smoke_ended"}:
            self.smoke = kind == "smoke_started"
        elif kind in {"stream_lost", "stream_restored"}:
            self.connected = kind == "stream_restored"
        if (
            kind == "person_entered_zone"
            and event.zone
            and not is_ignore_area(event.zone)
            and "occupancy" in event.counts
        ):
            self.zones[event.zone] = int(event.counts["occupancy"])

    def apply_state(self, raw: Mapping[str, Any]) -> None:
        """Take the engine's current state (GET /api/cameras/{id}/state) as the truth."""
        self.people = int(raw.get("people", 0))
        # An ignore area is never a zone the owner sees figures of, even from an engine that
        # still runs the camera as set up before the area was one (a standalone engine that
        # kept its configuration through Home Assistant's update, until it takes the new one).
        self.zones = {
            str(k): int(v)
            for k, v in dict(raw.get("zones") or {}).items()
            if not is_ignore_area(str(k))
        }
        self.loitering = {
            str(zone) for zone in raw.get("loitering") or () if not is_ignore_area(str(zone))
        }
        self.crowded = bool(raw.get("crowded"))
        self.tamper = bool(raw.get("tamper"))
        tamper = raw.get("tamper")
        self.tamper_kinds = {str(k) for k in tamper} if isinstance(tamper, list) else set()
        self.flame = bool(raw.get("flame"))
        self.smoke = bool(raw.get("smoke"))
        health = dict(raw.get("health") or {})
        # A file that has played to its end is not a broken stream.
        self.connected = bool(health.get("connected")) or health.get("status") == "ended"
        self.resolution = parse_size(health.get("resolution"))
        fps = health.get("fps_analysed")
        self.fps = None if fps is None else round(float(fps), 1)
        code = health.get("error_code")
        if health.get("status") == "error" and isinstance(code, str) and code in ERROR_CODES:
            self.error_code = code
            self.error = str(health.get("error") or "") or None
        else:
            # An error code this version does not know is left to the engine's own log.
            self.error_code = self.error = None
        lag = health.get("lag_seconds")
        self.lag_seconds = round(float(lag), 2) if isinstance(lag, int | float) else None
        dropped = health.get("frames_dropped")
        self.frames_dropped = dropped if isinstance(dropped, int) else None
        self.still = tuple(
            figure for raw_figure in raw.get("still") or () if (figure := parse_still(raw_figure))
        )

    def restore(self, raw: Mapping[str, Any]) -> None:
        """Counters saved before a restart."""
        self.day = str(raw.get("day", ""))
        self.entries_today = int(raw.get("entries_today", 0))
        self.exits_today = int(raw.get("exits_today", 0))

    def saved(self) -> dict[str, Any]:
        """What survives a restart: today's counters."""
        return {
            "day": self.day,
            "entries_today": self.entries_today,
            "exits_today": self.exits_today,
        }


def parse_still(raw: object) -> StillFigure | None:
    """One entry of the engine's `still` list, or None when it is not one."""
    if not isinstance(raw, Mapping):
        return None
    box, seconds = raw.get("box"), raw.get("seconds")
    if (
        not isinstance(box, list | tuple)
        or len(box) != 4
        or not all(isinstance(v, int | float) and 0 <= v <= 1 for v in box)
        or not isinstance(seconds, int | float)
        or seconds < 0
    ):
        return None
    x, y, w, h = (float(v) for v in box)
    return StillFigure((x, y, w, h), int(seconds))


def parse_size(raw: object) -> tuple[int, int] | None:
    """A [width, height] pair from the engine, or None when it is not one."""
    if isinstance(raw, list | tuple) and len(raw) == 2:
        width, height = raw
        if isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0:
            return (width, height)
    return None


def size_text(size: tuple[int, int] | None) -> str | None:
    """640x360, or None."""
    return None if size is None else f"{size[0]}x{size[1]}"


def event_count(event: EngineEvent) -> int | None:
    """The one figure an event carries: the line's count, the zone's occupancy, the people."""
    counts = event.counts
    if event.type == "crossing_in":
        return counts.get("in")
    if event.type == "crossing_out":
        return counts.get("out")
    for key in ("occupancy", "people"):
        if key in counts:
            return int(counts[key])
    return None


def people_in_shop(states: Iterable[tuple[str, CameraState]], today: date) -> int | None:
    """Heads in the shop: in minus out at the door cameras; else the most seen inside at once.

    People seen by two inside cameras would be counted twice by a sum, hence the maximum.
    """
    states = list(states)
    doors = [state for role, state in states if role == "door"]
    if doors:
        day = today.isoformat()
        return max(0, sum(s.entries_today - s.exits_today for s in doors if s.day == day))
    inside = [
        state.people for role, state in states if role != "outside" and state.people is not None
    ]
    return max(inside) if inside else None


def entries_today(states: Iterable[tuple[str, CameraState]], today: date) -> int:
    """Entries counted today by the door cameras."""
    return sum(
        state.entries_today
        for role, state in states
        if role == "door" and state.day == today.isoformat()
    )
