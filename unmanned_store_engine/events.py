"""Events and the bounded, cursor-addressed backlog that the WebSocket stream replays from."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
import secrets
from typing import Any, Final, Literal

EVENT_TYPES: Final = frozenset(
    {
        "crossing_in",
        "crossing_out",
        "person_entered_zone",
        "loitering_started",
        "loitering_ended",
        "crowding_started",
        "crowding_ended",
        "intrusion",
        "tamper_started",
        "tamper_ended",
        "flame_started",
        "flame_ended",
        "smoke_started",
        "smoke_ended",
        "scan",
        "stream_lost",
        "stream_restored",
        "resolution_changed",
    }
)


@dataclass(frozen=True, slots=True)
class Detection:
    """What an analyser found, before the engine gives it a cursor and a camera."""

    type: str
    media_time: float
    zone: str | None = None
    line: str | None = None
    track_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Event:
    """A detection with its place in the stream."""

    seq: int
    boot: str
    camera_id: str
    time: datetime
    detection: Detection

    @property
    def cursor(self) -> str:
        """Opaque to clients; the boot part makes a restarted engine's cursors distinct."""
        return f"{self.boot}:{self.seq}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON payload on the stream."""
        d = self.detection
        return {
            "cursor": self.cursor,
            "camera_id": self.camera_id,
            "type": d.type,
            "time": self.time.isoformat(),
            "media_time": round(d.media_time, 3),
            "zone": d.zone,
            "line": d.line,
            "track_id": d.track_id,
            "counts": d.counts,
            "data": d.data,
        }


@dataclass(slots=True, eq=False)
class Subscription:
    """A live reader of the log; overflowed means it fell a whole backlog behind."""

    queue: asyncio.Queue[Event]
    overflowed: bool = False


CursorStatus = Literal["ok", "too_old", "unknown"]


class EventLog:
    """Keeps the newest `capacity` events and fans each new one out to subscriber queues."""

    def __init__(self, capacity: int = 1000, boot: str | None = None) -> None:
        """Start an empty log; boot defaults to a fresh random id per engine run."""
        self.boot: Final = boot or secrets.token_hex(4)
        self._events: deque[Event] = deque(maxlen=capacity)
        self._seq = 0
        self._capacity = capacity
        self._subscribers: set[Subscription] = set()

    @property
    def latest_cursor(self) -> str:
        """The cursor of the newest event, or of the empty start."""
        return f"{self.boot}:{self._seq}"

    @property
    def oldest_seq(self) -> int:
        """The sequence number of the oldest event kept (next one when empty)."""
        return self._events[0].seq if self._events else self._seq + 1

    def append(self, camera_id: str, detection: Detection) -> Event:
        """Give a detection its cursor and publish it; must run on the event loop."""
        self._seq += 1
        event = Event(self._seq, self.boot, camera_id, datetime.now(UTC), detection)
        self._events.append(event)
        for sub in list(self._subscribers):
            try:
                sub.queue.put_nowait(event)
            except asyncio.QueueFull:
                # A reader that far behind reconnects and replays from its cursor instead of
                # letting its queue grow without bound.
                sub.overflowed = True
                self._subscribers.discard(sub)
        return event

    def since(self, cursor: str | None) -> tuple[CursorStatus, list[Event]]:
        """Events after cursor, and whether the cursor could be honoured exactly."""
        if cursor is None or cursor == "":
            return "ok", []
        boot, _, raw_seq = cursor.partition(":")
        if (
            boot != self.boot
            or not (raw_seq.isascii() and raw_seq.isdigit())
            or int(raw_seq) > self._seq
        ):
            return "unknown", list(self._events)
        seq = int(raw_seq)
        if seq + 1 < self.oldest_seq:
            return "too_old", list(self._events)
        return "ok", [e for e in self._events if e.seq > seq]

    def recent(self, camera_id: str | None = None, limit: int = 100) -> list[Event]:
        """The newest events, optionally for one camera (newest last)."""
        chosen = [e for e in self._events if camera_id is None or e.camera_id == camera_id]
        return chosen[-limit:]

    def subscribe(self) -> Subscription:
        """A bounded queue that receives every event appended from now on."""
        sub = Subscription(asyncio.Queue(maxsize=self._capacity))
        self._subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        """Stop feeding a subscription."""
        self._subscribers.discard(sub)

    def __iter__(self) -> Iterator[Event]:
        """The kept events, oldest first."""
        return iter(list(self._events))

    def __len__(self) -> int:
        """How many events are kept."""
        return len(self._events)
