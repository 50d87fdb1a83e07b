"""Store-level anomalies, fused from the door, the cameras, the hours and a payment signal.

A small state machine without Home Assistant: the glue feeds it timestamped inputs and
publishes what it returns. Instant anomalies (tailgating, forced entry, unpaid exit, ...) come
out once; durable ones (loitering, crowding, tamper, flame, smoke, intrusion, device offline)
come out when they start, stay in ``active`` and come out again, with ``ended`` set, when they
end.

Tailgating (each rule is tested):

* Door grants are matched to door-camera crossings in time order: each crossing takes the
  oldest grant given at most ``tailgating_window`` before it (the boundary included), so the
  visitor who scanned is never the one counted, however the group walks in.
* People who come through one after another, each within ``GROUP_GAP`` of the one before, are
  one group and one event: it comes out once nobody has followed for ``GROUP_GAP`` (through
  ``expire``), counting every entry of the group and the grants it used.
* The default window (30 s) is long enough for a real door: in the demo the member's own
  crossing comes about 5 s after the grant and the last of the group about 13 s after (see
  docs/reference.md); a slow visitor with bags needs more than the 10 s the first version had.
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

DEFAULT_TAILGATING_WINDOW: Final = timedelta(seconds=30)
# Crossings closer together than this are one group walking in (the demo's are 2.5-3 s apart).
GROUP_GAP: Final = timedelta(seconds=5)
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
    # Whether the shop was closed (nobody should be inside) when it happened: what a response
    # may do on a camera's word alone depends on it (the fire blueprint frees the door of a
    # closed shop only once the owner or a detector confirms; docs/reference.md).
    closed: bool = False

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
            "closed": self.closed,
        }


@dataclass(slots=True)
class _Group:
    """People coming through the door one after another, not yet reported."""

    first: datetime
    last: datetime
    camera: str
    zone: str | None
    snapshot: str | None
    entries: int = 0
    grants: int = 0

    def anomaly(self) -> Anomaly | None:
        if self.entries <= self.grants:
            return None
        return Anomaly(
            TAILGATING,
            self.first,
            camera=self.camera,
            zone=self.zone,
            snapshot=self.snapshot,
            counts={"entries": self.entries, "grants": self.grants},
        )


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
        self._group: _Group | None = None

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
            return [Anomaly(TAMPER, now, camera="door", closed=self.closed)]
        if (anomaly := _DOOR_EVENTS.get(event_type)) is None:
            return []
        out = [Anomaly(anomaly, now, camera="door", closed=self.closed)]
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
        """When ``expire`` has something to do: a group through the door to report, or an
        intrusion nobody has been seen in for a while."""
        due = [
            moment
            for moment in (
                None if self._group is None else self._group.last + GROUP_GAP,
                None
                if self._intrusion_seen is None
                else self._intrusion_seen + self.settings.intrusion_clear_after,
            )
            if moment is not None
        ]
        return min(due, default=None)

    def expire(self, now: datetime) -> list[Anomaly]:
        """Report a group nobody followed; end an intrusion nobody was seen in for a while."""
        out: list[Anomaly] = []
        if self._group is not None and now >= self._group.last + GROUP_GAP:
            out += self._close_group()
        if (
            self._intrusion_seen is not None
            and now >= self._intrusion_seen + self.settings.intrusion_clear_after
        ):
            out += self._end_intrusion(now)
        return out

    # -- rules ----------------------------------------------------------------------------

    def _entries(self, event: CameraInput) -> list[Anomaly]:
        """Each person in takes the oldest grant in the window before; the group is reported
        once it has passed (see the module docstring)."""
        now = event.time
        self._prune(now)
        people = max(event.count or 1, 1)
        if self.settings.track_payments:
            self._inside.extend([now] * people)
        if self.door_free or self.closed:
            return []  # nobody needs a grant; a closed shop is an intrusion instead
        earliest = now - self.settings.tailgating_window
        explained = 0
        for _ in range(people):
            while self._grants and self._grants[0] < earliest:
                self._grants.popleft()
            if self._grants and self._grants[0] <= now:
                self._grants.popleft()
                explained += 1
        out: list[Anomaly] = []
        group = self._group
        if group is None or now - group.last > GROUP_GAP:
            out += self._close_group()
            group = self._group = _Group(now, now, event.camera, event.zone, event.snapshot)
        group.last = max(group.last, now)
        group.entries += people
        group.grants += explained
        if group.entries > group.grants and group.snapshot is None:
            group.snapshot = event.snapshot
        return out

    def _close_group(self) -> list[Anomaly]:
        group, self._group = self._group, None
        if group is None or (anomaly := group.anomaly()) is None:
            return []
        return [anomaly]

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
                closed=self.closed,
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
            closed=True,
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
            closed=self.closed,
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
