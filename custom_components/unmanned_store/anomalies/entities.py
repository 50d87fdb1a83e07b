"""The store's anomaly entities: one event entity for all kinds, a binary sensor per durable kind.

They live on the store device; event.py and binary_sensor.py add them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.event import EventEntityDescription
from homeassistant.core import callback

from ..entity import LoggedEventEntity, UnmannedStoreEntity
from ..runtime import UnmannedStoreConfigEntry
from .rules import (
    AFTER_HOURS_INTRUSION,
    ANOMALY_TYPES,
    CROWDING,
    DEVICE_OFFLINE,
    FLAME,
    LOITERING,
    SMOKE,
    TAMPER,
    Anomaly,
)
from .state import StoreAnomalies

ANOMALY_EVENT = EventEntityDescription(
    key="anomaly", translation_key="anomaly", event_types=ANOMALY_TYPES
)


@dataclass(frozen=True, kw_only=True)
class AnomalySensorDescription(BinarySensorEntityDescription):
    """A durable anomaly's sensor; ``kind`` is the anomaly type it follows."""

    kind: str


def _sensor(
    kind: str, device_class: BinarySensorDeviceClass | None = None
) -> AnomalySensorDescription:
    # Keys and translation keys are prefixed: the cameras have sensors of the same kinds.
    return AnomalySensorDescription(
        key=f"anomaly_{kind}",
        translation_key=f"anomaly_{kind}",
        device_class=device_class,
        kind=kind,
    )


ANOMALY_SENSORS = [
    _sensor(AFTER_HOURS_INTRUSION, BinarySensorDeviceClass.SAFETY),
    _sensor(LOITERING),
    _sensor(CROWDING),
    _sensor(TAMPER, BinarySensorDeviceClass.TAMPER),
    # Home Assistant has no "fire" class: flame is "unsafe", smoke is smoke.
    _sensor(FLAME, BinarySensorDeviceClass.SAFETY),
    _sensor(SMOKE, BinarySensorDeviceClass.SMOKE),
    _sensor(DEVICE_OFFLINE, BinarySensorDeviceClass.PROBLEM),
]


class AnomalyEntity(UnmannedStoreEntity):
    """An entity of the store's anomalies."""

    def __init__(
        self,
        entry: UnmannedStoreConfigEntry,
        description: EventEntityDescription | BinarySensorEntityDescription,
    ) -> None:
        """Bind the entity to the store's anomaly rules."""
        super().__init__(entry, description)
        assert entry.runtime_data.anomalies is not None
        self.anomalies: StoreAnomalies = entry.runtime_data.anomalies


class AnomalyEvent(AnomalyEntity, LoggedEventEntity):
    """Each anomaly as it happens or starts, with camera, zone, snapshot image and counts."""

    async def async_added_to_hass(self) -> None:
        """Receive the store's anomalies."""
        await super().async_added_to_hass()
        self.async_on_remove(self.anomalies.async_add_anomaly_listener(self._async_on_anomaly))

    @callback
    def _async_on_anomaly(self, anomaly: Anomaly) -> None:
        self._async_trigger_logged(anomaly.type, anomaly.attributes())


class AnomalyBinarySensor(AnomalyEntity, BinarySensorEntity):
    """On while one anomaly of its kind goes on; its attributes describe the oldest."""

    entity_description: AnomalySensorDescription

    def __init__(
        self, entry: UnmannedStoreConfigEntry, description: AnomalySensorDescription
    ) -> None:
        """Follow one kind of anomaly."""
        super().__init__(entry, description)
        self.kind = description.kind

    async def async_added_to_hass(self) -> None:
        """Follow the starts and ends."""
        await super().async_added_to_hass()
        self.async_on_remove(self.anomalies.async_add_listener(self.async_write_ha_state))

    @property
    def is_on(self) -> bool:
        """Whether an anomaly of this kind is going on."""
        return bool(self.anomalies.active(self.kind))

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Where the oldest ongoing one is, and every camera that reports one."""
        active = self.anomalies.active(self.kind)
        if not active:
            return {"cameras": []}
        return {
            **active[0].attributes(),
            "cameras": sorted({a.camera for a in active if a.camera is not None}),
        }
