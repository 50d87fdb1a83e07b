"""Entities of the store's cameras (one device each, under the store) and the shop's head count.

The shared platform modules call the setup helpers here; every entity follows the store's
EngineLink and is unavailable while the engine or its camera's stream is down.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.event import EventEntityDescription
from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory, UnitOfTime
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..clients.engine.client import EngineEvent
from ..const import DOMAIN
from ..devices import MANUFACTURER, camera_unique_id
from ..entity import LoggedEventEntity, UnmannedStoreEntity
from ..runtime import UnmannedStoreConfigEntry
from .engine_link import EngineLink, device_identifier, signal_camera_added
from .geometry import parse_line
from .state import ANOMALY_OF, ANOMALY_TYPES, CameraState, size_text

EntityFactory = Callable[[UnmannedStoreConfigEntry, EngineLink, str], Iterable[Entity]]


def camera_device_info(link: EngineLink, camera_id: str) -> DeviceInfo:
    """A camera's device, under the store."""
    settings = link.cameras[camera_id]
    return DeviceInfo(
        identifiers={(DOMAIN, device_identifier(link.store_id, camera_id))},
        name=settings.name,
        manufacturer=MANUFACTURER,
        model=f"Camera ({settings.role})",
        via_device=(DOMAIN, link.store_id),
    )


@callback
def async_setup_camera_entities(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    factory: EntityFactory,
) -> None:
    """Add a platform's entities for every camera now, and for each camera added later."""
    link = entry.runtime_data.engine
    if link is None:
        return

    @callback
    def _add(camera_id: str) -> None:
        if camera_id in link.cameras:
            # A camera subentry owns its device and entities: deleting it removes them.
            async_add_entities(
                factory(entry, link, camera_id),
                config_subentry_id=link.subentry_ids.get(camera_id),
            )

    for camera_id in list(link.cameras):
        _add(camera_id)
    entry.async_on_unload(async_dispatcher_connect(hass, signal_camera_added(entry.entry_id), _add))


class CameraEntity(UnmannedStoreEntity):
    """An entity of one camera device."""

    def __init__(
        self,
        entry: UnmannedStoreConfigEntry,
        link: EngineLink,
        camera_id: str,
        description: EntityDescription,
    ) -> None:
        """Bind the entity to its camera."""
        super().__init__(entry, description, camera_device_info(link, camera_id))
        self._attr_unique_id = camera_unique_id(link.store_id, camera_id, description.key)
        self.link = link
        self.camera_id = camera_id

    @property
    def camera_state(self) -> CameraState:
        """What is known of the camera now."""
        return self.link.states.get(self.camera_id) or CameraState()

    @property
    def available(self) -> bool:
        """Unavailable while the engine or this camera's stream is down."""
        return self.link.camera_available(self.camera_id)

    async def async_added_to_hass(self) -> None:
        """Follow the engine link."""
        await super().async_added_to_hass()
        self.async_on_remove(self.link.async_add_listener(self._async_changed))

    @callback
    def _async_changed(self) -> None:
        # A removed camera's entities are on their way out with its device.
        if self.camera_id in self.link.cameras:
            self.async_write_ha_state()


# ----- binary sensors -----


@dataclass(frozen=True, kw_only=True)
class CameraBinaryDescription(BinarySensorEntityDescription):
    """A camera alarm read from the camera's state."""

    value_fn: Callable[[CameraState], bool | None]
    attributes_fn: Callable[[CameraState], dict[str, Any]] | None = None


CAMERA_BINARY_SENSORS: tuple[CameraBinaryDescription, ...] = (
    CameraBinaryDescription(
        key="person",
        translation_key="camera_person",
        device_class=BinarySensorDeviceClass.OCCUPANCY,
        value_fn=lambda s: None if s.people is None else s.people > 0,
    ),
    CameraBinaryDescription(
        key="loitering",
        translation_key="camera_loitering",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda s: bool(s.loitering),
    ),
    CameraBinaryDescription(
        key="crowding",
        translation_key="camera_crowding",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda s: s.crowded,
    ),
    CameraBinaryDescription(
        key="tamper",
        translation_key="camera_tamper",
        device_class=BinarySensorDeviceClass.TAMPER,
        value_fn=lambda s: s.tamper,
        attributes_fn=lambda s: {"kinds": sorted(s.tamper_kinds)},
    ),
    # Home Assistant has no "fire" class. Smoke would make a flame read "Smoke detected" (and
    # heat means a temperature): a flame is "Unsafe", smoke is smoke.
    CameraBinaryDescription(
        key="flame",
        translation_key="camera_flame",
        device_class=BinarySensorDeviceClass.SAFETY,
        value_fn=lambda s: s.flame,
    ),
    CameraBinaryDescription(
        key="smoke",
        translation_key="camera_smoke",
        device_class=BinarySensorDeviceClass.SMOKE,
        value_fn=lambda s: s.smoke,
    ),
)
STREAM_CONNECTED = BinarySensorEntityDescription(
    key="stream_connected",
    translation_key="camera_stream_connected",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
    entity_category=EntityCategory.DIAGNOSTIC,
)


class CameraBinarySensor(CameraEntity, BinarySensorEntity):
    """person, loitering, crowding, tamper, flame or smoke."""

    entity_description: CameraBinaryDescription

    @property
    def is_on(self) -> bool | None:
        """The alarm."""
        return self.entity_description.value_fn(self.camera_state)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """What kind of tampering, for the tamper sensor."""
        if (attributes_fn := self.entity_description.attributes_fn) is None:
            return None
        return attributes_fn(self.camera_state)


class StreamConnected(CameraEntity, BinarySensorEntity):
    """Whether the engine receives the camera's stream; available whenever the engine is."""

    @property
    def available(self) -> bool:
        """Known while the engine answers."""
        return self.link.available and self.camera_id in self.link.cameras

    @property
    def is_on(self) -> bool | None:
        """Connected."""
        return self.camera_state.connected

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The picture size the camera sends (a change makes the engine learn the view anew),
        and what the owner must fix when the engine reports the camera in error."""
        state = self.camera_state
        return {
            "resolution": size_text(state.resolution),
            "error_code": state.error_code,
            "error": state.error,
        }


def binary_sensors(
    entry: UnmannedStoreConfigEntry, link: EngineLink, camera_id: str
) -> list[Entity]:
    """A camera's binary sensors."""
    entities: list[Entity] = [
        CameraBinarySensor(entry, link, camera_id, description)
        for description in CAMERA_BINARY_SENSORS
    ]
    entities.append(StreamConnected(entry, link, camera_id, STREAM_CONNECTED))
    return entities


# ----- sensors -----


@dataclass(frozen=True, kw_only=True)
class CameraSensorDescription(SensorEntityDescription):
    """A camera figure; ``needs_line`` ones only mean something with a counting line."""

    value_fn: Callable[[EngineLink, str], int | float | None]
    needs_line: bool = False


CAMERA_SENSORS: tuple[CameraSensorDescription, ...] = (
    CameraSensorDescription(
        key="people",
        translation_key="camera_people",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda link, cid: link.states[cid].people,
    ),
    # Reset at local midnight: total_increasing reads the drop as a new cycle.
    CameraSensorDescription(
        key="entries_today",
        translation_key="camera_entries_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=0,
        needs_line=True,
        value_fn=lambda link, cid: link.counters_today(cid)[0],
    ),
    CameraSensorDescription(
        key="exits_today",
        translation_key="camera_exits_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=0,
        needs_line=True,
        value_fn=lambda link, cid: link.counters_today(cid)[1],
    ),
    CameraSensorDescription(
        key="analysis_fps",
        translation_key="camera_analysis_fps",
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement="fps",
        suggested_display_precision=1,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda link, cid: link.states[cid].fps,
    ),
    # From reading a frame to the end of its analysis; the engine drops stale frames instead
    # of falling behind, so a slow machine shows as dropped frames, not a growing lag.
    CameraSensorDescription(
        key="analysis_lag",
        translation_key="camera_analysis_lag",
        device_class=SensorDeviceClass.DURATION,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        suggested_display_precision=2,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda link, cid: link.states[cid].lag_seconds,
    ),
)


class CameraSensor(CameraEntity, SensorEntity):
    """People in view (with per-zone occupancy), entries and exits today, analysis rate."""

    entity_description: CameraSensorDescription

    @property
    def available(self) -> bool:
        """Entries and exits are unavailable on a camera without a counting line (not 0)."""
        if self.entity_description.needs_line:
            settings = self.link.cameras.get(self.camera_id)
            if settings is None or parse_line(settings.line) is None:
                return False
        return super().available

    @property
    def native_value(self) -> int | float | None:
        """The figure."""
        if self.camera_id not in self.link.states:
            return None
        return self.entity_description.value_fn(self.link, self.camera_id)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """People per zone on the people sensor; frames dropped on the lag sensor."""
        if self.entity_description.key == "people":
            return {"zones": dict(self.camera_state.zones)}
        if self.entity_description.key == "analysis_lag":
            return {"frames_dropped": self.camera_state.frames_dropped}
        return None


def sensors(entry: UnmannedStoreConfigEntry, link: EngineLink, camera_id: str) -> list[Entity]:
    """A camera's sensors."""
    return [CameraSensor(entry, link, camera_id, d) for d in CAMERA_SENSORS]


@dataclass(frozen=True, kw_only=True)
class ShopSensorDescription(SensorEntityDescription):
    """A figure of the whole shop, from all its cameras."""

    value_fn: Callable[[EngineLink], int | None]


SHOP_SENSORS: tuple[ShopSensorDescription, ...] = (
    ShopSensorDescription(
        key="people_in_shop",
        translation_key="people_in_shop",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda link: link.people_in_shop(),
    ),
    ShopSensorDescription(
        key="camera_entries_today",
        translation_key="camera_entries_today_total",
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=0,
        value_fn=lambda link: link.entries_today(),
    ),
)


class ShopSensor(UnmannedStoreEntity, SensorEntity):
    """People in the shop now; entries today through the door cameras."""

    entity_description: ShopSensorDescription

    def __init__(
        self, entry: UnmannedStoreConfigEntry, link: EngineLink, description: ShopSensorDescription
    ) -> None:
        """Bind the sensor to the store and its engine link."""
        super().__init__(entry, description)
        self.link = link

    async def async_added_to_hass(self) -> None:
        """Follow the engine link."""
        await super().async_added_to_hass()
        self.async_on_remove(self.link.async_add_listener(self.async_write_ha_state))

    @property
    def available(self) -> bool:
        """Known while the engine answers."""
        return self.link.available

    @property
    def native_value(self) -> int | None:
        """The figure."""
        return self.entity_description.value_fn(self.link)


def shop_sensors(entry: UnmannedStoreConfigEntry) -> list[ShopSensor]:
    """The shop-wide sensors, when the store has an engine link."""
    link = entry.runtime_data.engine
    if link is None:
        return []
    return [ShopSensor(entry, link, description) for description in SHOP_SENSORS]


# ----- event -----

ANOMALY = EventEntityDescription(
    key="anomaly", translation_key="camera_anomaly", event_types=list(ANOMALY_TYPES)
)


class CameraAnomalyEvent(CameraEntity, LoggedEventEntity):
    """loitering, intrusion, crowding, tamper, flame or smoke, with zone, counts and details."""

    async def async_added_to_hass(self) -> None:
        """Receive the camera's events."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.link.async_add_event_listener(self.camera_id, self._async_on_event)
        )

    @callback
    def _async_on_event(self, event: EngineEvent) -> None:
        if (anomaly := ANOMALY_OF.get(event.type)) is None:
            return
        self._async_trigger_logged(
            anomaly,
            {
                "zone": event.zone,
                "counts": event.counts,
                "track_id": event.track_id,
                "data": event.data,
                "time": event.time.isoformat(),
            },
        )


def events(entry: UnmannedStoreConfigEntry, link: EngineLink, camera_id: str) -> list[Entity]:
    """A camera's anomaly event entity."""
    return [CameraAnomalyEvent(entry, link, camera_id, ANOMALY)]


def last_anomaly_time(link: EngineLink, camera_id: str) -> datetime | None:
    """When the last anomaly snapshot of a camera was taken."""
    kept = link.snapshots.get(camera_id)
    return None if kept is None else kept[0]
