"""What a loaded store keeps in its config entry's runtime_data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

if TYPE_CHECKING:
    from .anomalies.state import StoreAnomalies
    from .cameras.engine_link import EngineLink
    from .door.controller import DoorController
    from .door.passes import StorePass
    from .hours.schedule import StoreHours
    from .speaker.speaker import ShopSpeaker


@dataclass(slots=True)
class StoreRuntime:
    """The live objects of one store."""

    store_id: str
    name: str
    language: str
    pass_secret: bytes
    door: DoorController
    last_issued: tuple[StorePass, str] | None = field(default=None)
    hours: StoreHours | None = field(default=None)
    speaker: ShopSpeaker | None = field(default=None)
    engine: EngineLink | None = field(default=None)
    anomalies: StoreAnomalies | None = field(default=None)


type UnmannedStoreConfigEntry = ConfigEntry[StoreRuntime]
