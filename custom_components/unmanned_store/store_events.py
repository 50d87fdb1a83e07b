"""What the store's parts tell each other: camera anomalies and counts, for fusion and responses.

The camera side (engine client glue) sends CameraEvents on the store's dispatcher signal, and so
does a networked door device when its connection drops or returns (role "door_device",
stream_lost / stream_restored); the store-level anomaly logic listens. Keeping the shape here lets
each side be built and tested without the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

# Camera event types, as the engine names them (docs/engine-api.md).
CROSSING_IN: Final = "crossing_in"
CROSSING_OUT: Final = "crossing_out"
LOITERING_STARTED: Final = "loitering_started"
LOITERING_ENDED: Final = "loitering_ended"
CROWDING_STARTED: Final = "crowding_started"
CROWDING_ENDED: Final = "crowding_ended"
INTRUSION: Final = "intrusion"
TAMPER_STARTED: Final = "tamper_started"
TAMPER_ENDED: Final = "tamper_ended"
FLAME_STARTED: Final = "flame_started"
FLAME_ENDED: Final = "flame_ended"
STREAM_LOST: Final = "stream_lost"
STREAM_RESTORED: Final = "stream_restored"


@dataclass(frozen=True, slots=True)
class CameraEvent:
    """One event of one camera, as the integration received it from the engine."""

    camera_id: str
    camera_name: str
    role: str  # door | aisle | counter | outside
    type: str
    time: datetime
    zone: str | None = None
    count: int | None = None
    snapshot_entity: str | None = None  # an image entity showing the moment, when there is one
    data: dict[str, Any] = field(default_factory=dict)


def signal_camera_event(entry_id: str) -> str:
    """Dispatcher signal on which a store's camera events are sent (payload: CameraEvent)."""
    return f"unmanned_store_{entry_id}_camera_event"
