"""Store-level anomalies, fused from the door, the cameras, the hours and a payment signal.

A small state machine without Home Assistant: the glue feeds it timestamped inputs and
publishes what it returns. Instant anomalies (tailgating, forced entry, unpaid exit, ...) come
out once; durable ones (loitering, crowding, tamper, flame, smoke, intrusion, device offline)
come out when they start, stay in ``active`` and come out again, with ``ended`` set, when they
end.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import Final

TAILGATING: Final = "tailgating"
AFTER_HOURS_INTRUSION: Final = "after_hours_intrusion"
FORCED_ENTRY: Final = "forced_entry"
DOOR_HELD_OPEN: Final = "door_held_open"
LOITERING: Final = "loitering"
CROWDING: Final = "crowding"
TAMPER: Final = "tamper"
FLAME: Final = "flame"
SMOKE: Final = "smoke"
DEVICE_OFFLINE: Final = "device_offline"
UNPAID_EXIT: Final = "unpaid_exit"
ANOMALY_TYPES: Final = [
    TAILGATING,
    AFTER_HOURS_INTRUSION,
    FORCED_ENTRY,
    DOOR_HELD_OPEN,
    LOITERING,
    CROWDING,
    TAMPER,
    FLAME,
    SMOKE,
    DEVICE_OFFLINE,
    UNPAID_EXIT,
]
# Anomalies that last: each has a binary sensor.
DURABLE_TYPES: Final = [
    AFTER_HOURS_INTRUSION,
    LOITERING,
    CROWDING,
    TAMPER,
    FLAME,
    SMOKE,
    DEVICE_OFFLINE,
]

DEFAULT_TAILGATING_WINDOW: Final = timedelta(seconds=10)
DEFAULT_INTRUSION_CLEAR: Final = timedelta(minutes=5)
# Door grants and payments older than this can no longer explain anything.
_HISTORY: Final = timedelta(hours=12)
_MAX_HISTORY: Final = 1000

# Camera events that start or end a durable anomaly: event type -> (anomaly, starts).
_CAMERA_DURABLE: Final[dict[str, tuple[str, bool]]] = {
    "loitering_started": (LOITERING, True),
    "loitering_ended": (LOITERING, False),
    "crowding_started": (CROWDING, True),
    "crowding_ended": (CROWDING, False),
    "tamper_started": (TAMPER, True),
    "tamper_ended": (TAMPER, False),
    "flame_started": (FLAME, True),
    "flame_ended": (FLAME, False),
    "smoke_started": (SMOKE, True),
    "smoke_ended": (SMOKE, False),
    "stream_lost": (DEVICE_OFFLINE, True),
    "stream_restored": (DEVICE_OFFLINE, False),
}
_DOOR_EVENTS: Final = {"forced_entry": FORCED_ENTRY, "door_held_open": DOOR_HELD_OPEN}
_PERSON_EVENTS: Final = {"intrusion", "crossing_in", "loitering_started"}


@dataclass(frozen=True, slots=True)
class Anomaly:
    """One anomaly: where, what the camera saw, and for durable ones when it started and ended."""

    type: str
    time: datetime
    camera: str | None = None
    zone: str | None = None
    snapshot: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    started: datetime | None = None
    ended: datetime | None = None

    @property
    def durable(self) -> bool:
        """Whether this anomaly lasts (and has a binary sensor)."""
        return self.type in DURABLE_TYPES

    def attributes(self) -> dict[str, object]:
        """The attributes an event or binary sensor shows."""
        return {
            "camera": self.camera,
            "zone": self.zone,
            "snapshot": self.snapshot,
            "counts": dict(self.counts),
            "started": None if self.started is None else self.started.isoformat(),
            "ended": None if self.ended is None else self.ended.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class CameraInput:
    """What the rules need of a camera event (the glue copies it from a CameraEvent)."""

    camera: str
    role: str
    type: str
    time: datetime
    zone: str | None = None
    count: int | None = None
    snapshot: str | None = None


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """The owner's choices (options, "anomalies" step)."""

    tailgating_window: timedelta = DEFAULT_TAILGATING_WINDOW
    # Local start and end of the night; crowding is reported only then when set.
    crowding_night: tuple[time, time] | None = None
    track_payments: bool = False
    intrusion_clear_after: timedelta = DEFAULT_INTRUSION_CLEAR

    def __post_init__(self) -> None:
        """Reject settings the rules cannot work with."""
        if self.tailgating_window <= timedelta(0):
            raise ValueError("the tailgating window must be positive")
        if self.intrusion_clear_after <= timedelta(0):
            raise ValueError("the intrusion clearing time must be positive")
        if self.crowding_night is not None and self.crowding_night[0] == self.crowding_night[1]:
            raise ValueError("the late-night window must not be empty")


def in_window(moment: time, window: tuple[time, time]) -> bool:
    """Whether a local time of day falls in [start, end), the window may wrap midnight."""
    start, end = window
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


class AnomalyRules:
    """Fuses a store's inputs; every ``on_*`` returns the anomalies it produced, in order."""

    def __init__(
        self, settings: RuleSettings, *, shop_open: bool = True, door_closed: bool = False
    ) -> None:
        """Start with nothing active; ``shop_open`` and ``door_closed`` are the current state."""
        self.settings = settings
        self.shop_open = shop_open
        self.door_closed = door_closed
        self.door_free = False
        self.active: dict[tuple[str, str], Anomaly] = {}
        self._grants: deque[datetime] = deque(maxlen=_MAX_HISTORY)
        self._inside: deque[datetime] = deque(maxlen=_MAX_HISTORY)
        self._payments: deque[datetime] = deque(maxlen=_MAX_HISTORY)
        self._intrusion_seen: datetime | None = None

    # -- the store's state --------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """Nobody should be inside: the shop is closed or the door is set to closed."""
        return not self.shop_open or self.door_closed

    def set_shop_open(self, is_open: bool, now: datetime) -> list[Anomaly]:
        """The hours opened or closed the shop; opening ends an intrusion."""
        self.shop_open = is_open
        return [] if self.closed else self._end_intrusion(now)

    def set_door_mode(self, mode: str, now: datetime) -> list[Anomaly]:
        """The door mode changed (closed counts as shut, free lets people in without grants)."""
        self.door_closed = mode == "closed"
        self.door_free = mode == "free"
        return [] if self.closed else self._end_intrusion(now)

    # -- inputs -------------------------------------------------------------------------

    def on_door_event(self, event_type: str, now: datetime) -> list[Anomaly]:
        """A door event: grants let people in; forced entry, held open and tamper are anomalies."""
        if event_type in ("granted", "remote_unlock"):
            self._grants.append(now)
            self._prune(now)
            return []
        if event_type == "tamper":
            return [Anomaly(TAMPER, now, camera="door")]
        if (anomaly := _DOOR_EVENTS.get(event_type)) is None:
            return []
        out = [Anomaly(anomaly, now, camera="door")]
        if anomaly == FORCED_ENTRY and self.closed:
            out += self._intrusion(now, "door", None, None, 1)
        return out

    def on_payment(self, now: datetime) -> None:
        """The kiosk or payment terminal reported a payment."""
        self._payments.append(now)

    def on_camera(self, event: CameraInput) -> list[Anomaly]:
        """A camera event: crossings, person events, and the starts and ends of durable ones."""
        out: list[Anomaly] = []
        if event.type == "crossing_in" and event.role == "door":
            out += self._entries(event)
        elif event.type == "crossing_out" and event.role == "door":
            out += self._exits(event)
        if event.type in _PERSON_EVENTS and self.closed:
            out += self._intrusion(
                event.time, event.camera, event.zone, event.snapshot, event.count or 1
            )
        if (durable := _CAMERA_DURABLE.get(event.type)) is not None:
            kind, starts = durable
            if kind == CROWDING and starts and not self._crowding_counts(event.time):
                return out
            if starts:
                out += self._start(kind, event)
            else:
                out += self._end(kind, event.camera, event.time)
        return out

    def next_expiry(self) -> datetime | None:
        """When ``expire`` has something to do: an intrusion nobody has been seen in for a while."""
        if self._intrusion_seen is None:
            return None
        return self._intrusion_seen + self.settings.intrusion_clear_after

    def expire(self, now: datetime) -> list[Anomaly]:
        """End an intrusion once nobody has been seen for the clearing time."""
        if (due := self.next_expiry()) is None or now < due:
            return []
        return self._end_intrusion(now)

    # -- rules ----------------------------------------------------------------------------

    def _entries(self, event: CameraInput) -> list[Anomaly]:
        """Each person in needs a grant within the window before; the rest tailgated."""
        now = event.time
        self._prune(now)
        people = max(event.count or 1, 1)
        if self.settings.track_payments:
            self._inside.extend([now] * people)
        if self.door_free or self.closed:
            return []  # nobody needs a grant; a closed shop is an intrusion instead
        earliest = now - self.settings.tailgating_window
        unexplained = 0
        for _ in range(people):
            while self._grants and self._grants[0] < earliest:
                self._grants.popleft()
            if self._grants and self._grants[0] <= now:
                self._grants.popleft()
            else:
                unexplained += 1
        if not unexplained:
            return []
        return [
            Anomaly(
                TAILGATING,
                now,
                camera=event.camera,
                zone=event.zone,
                snapshot=event.snapshot,
                counts={"entries": people, "grants": people - unexplained},
            )
        ]

    def _exits(self, event: CameraInput) -> list[Anomaly]:
        """Each person out who came in must have paid after coming in (when payments count)."""
        if not self.settings.track_payments:
            return []
        unpaid = 0
        for _ in range(max(event.count or 1, 1)):
            if not self._inside:
                break  # entered before we were watching: nothing to hold against them
            entered = self._inside.popleft()
            paid = next((p for p in self._payments if entered <= p <= event.time), None)
            if paid is None:
                unpaid += 1
            else:
                self._payments.remove(paid)
        if not unpaid:
            return []
        return [
            Anomaly(
                UNPAID_EXIT,
                event.time,
                camera=event.camera,
                zone=event.zone,
                snapshot=event.snapshot,
                counts={"unpaid": unpaid},
            )
        ]

    def _crowding_counts(self, now: datetime) -> bool:
        night = self.settings.crowding_night
        return night is None or in_window(now.timetz().replace(tzinfo=None), night)

    def _intrusion(
        self, now: datetime, camera: str, zone: str | None, snapshot: str | None, people: int
    ) -> list[Anomaly]:
        self._intrusion_seen = now
        key = (AFTER_HOURS_INTRUSION, "store")
        if (current := self.active.get(key)) is not None:
            people = max(people, current.counts.get("people", 0))
            self.active[key] = replace(current, counts={"people": people})
            return []
        anomaly = Anomaly(
            AFTER_HOURS_INTRUSION,
            now,
            camera=camera,
            zone=zone,
            snapshot=snapshot,
            counts={"people": people},
            started=now,
        )
        self.active[key] = anomaly
        return [anomaly]

    def _end_intrusion(self, now: datetime) -> list[Anomaly]:
        self._intrusion_seen = None
        return self._end(AFTER_HOURS_INTRUSION, "store", now)

    def _start(self, kind: str, event: CameraInput) -> list[Anomaly]:
        key = (kind, event.camera)
        counts = {} if event.count is None else {"people": event.count}
        if (current := self.active.get(key)) is not None:
            # A repeated start (a replay, or a new count) updates; it is not a new anomaly.
            self.active[key] = replace(current, counts=counts or current.counts)
            return []
        anomaly = Anomaly(
            kind,
            event.time,
            camera=event.camera,
            zone=event.zone,
            snapshot=event.snapshot,
            counts=counts,
            started=event.time,
        )
        self.active[key] = anomaly
        return [anomaly]

    def _end(self, kind: str, camera: str, now: datetime) -> list[Anomaly]:
        if (current := self.active.pop((kind, camera), None)) is None:
            return []
        return [replace(current, time=now, ended=now)]

    def _prune(self, now: datetime) -> None:
        horizon = now - _HISTORY
        for history in (self._grants, self._payments, self._inside):
            while history and history[0] < horizon:
                history.popleft()
