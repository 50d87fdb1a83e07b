"""A camera's settings as entities (thresholds, analyses on/off) and its last anomaly picture."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.image import ImageEntity, ImageEntityDescription
from homeassistant.components.number import (
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity import Entity

from ..const import DOMAIN
from ..runtime import UnmannedStoreConfigEntry
from .engine_link import CameraSetupError, EngineLink
from .entities import CameraEntity, last_anomaly_time
from .settings import CameraSettings


class CameraSettingEntity(CameraEntity):
    """Changes one of the camera's settings; applied by the engine without a restart."""

    @property
    def settings(self) -> CameraSettings:
        """The camera's settings now."""
        return self.link.cameras[self.camera_id]

    @property
    def available(self) -> bool:
        """Settings can change whenever the engine answers (even with analyses off)."""
        return self.link.available and self.camera_id in self.link.cameras

    async def _async_change(self, **changes: Any) -> None:
        try:
            await self.link.async_update_camera(self.settings.with_changes(**changes))
        except CameraSetupError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="camera_change_failed",
                translation_placeholders={"error": err.detail or err.key},
            ) from err


@dataclass(frozen=True, kw_only=True)
class CameraNumberDescription(NumberEntityDescription):
    """A numeric camera setting."""

    field: str


CAMERA_NUMBERS: tuple[CameraNumberDescription, ...] = (
    CameraNumberDescription(
        key="loiter_seconds",
        translation_key="camera_loiter_seconds",
        field="loiter_seconds",
        entity_category=EntityCategory.CONFIG,
        native_min_value=1,
        native_max_value=3600,
        native_step=1,
        mode=NumberMode.BOX,
        native_unit_of_measurement=UnitOfTime.SECONDS,
    ),
    CameraNumberDescription(
        key="crowd_size",
        translation_key="camera_crowd_size",
        field="crowd_size",
        entity_category=EntityCategory.CONFIG,
        native_min_value=0,
        native_max_value=50,
        native_step=1,
        mode=NumberMode.BOX,
    ),
    *(
        CameraNumberDescription(
            key=f"{kind}_sensitivity",
            translation_key=f"camera_{kind}_sensitivity",
            field=f"{kind}_sensitivity",
            entity_category=EntityCategory.CONFIG,
            native_min_value=0,
            native_max_value=100,
            native_step=1,
            mode=NumberMode.SLIDER,
        )
        for kind in ("flame", "smoke", "tamper")
    ),
)


class CameraNumber(CameraSettingEntity, NumberEntity):
    """Loitering seconds, the crowd size (0 switches crowding off), or a hazard sensitivity."""

    entity_description: CameraNumberDescription

    @property
    def native_value(self) -> int | float:
        """The setting; a whole number stays one, so it reads "5 s", not "5.0 s"."""
        value = float(getattr(self.settings, self.entity_description.field))
        return int(value) if value.is_integer() else value

    async def async_set_native_value(self, value: float) -> None:
        """Change it."""
        field = self.entity_description.field
        await self._async_change(**{field: int(value) if field == "crowd_size" else value})


def numbers(entry: UnmannedStoreConfigEntry, link: EngineLink, camera_id: str) -> list[Entity]:
    """A camera's numeric settings."""
    return [CameraNumber(entry, link, camera_id, d) for d in CAMERA_NUMBERS]


@dataclass(frozen=True, kw_only=True)
class CameraSwitchDescription(SwitchEntityDescription):
    """An on/off camera setting."""

    field: str


CAMERA_SWITCHES: tuple[CameraSwitchDescription, ...] = (
    CameraSwitchDescription(
        key="analytics",
        translation_key="camera_analytics",
        field="analytics",
        entity_category=EntityCategory.CONFIG,
    ),
    CameraSwitchDescription(
        key="flame_detection",
        translation_key="camera_flame_detection",
        field="flame",
        entity_category=EntityCategory.CONFIG,
    ),
    CameraSwitchDescription(
        key="smoke_detection",
        translation_key="camera_smoke_detection",
        field="smoke",
        entity_category=EntityCategory.CONFIG,
    ),
    CameraSwitchDescription(
        key="tamper_detection",
        translation_key="camera_tamper_detection",
        field="tamper",
        entity_category=EntityCategory.CONFIG,
    ),
    CameraSwitchDescription(
        key="fast_counting",
        translation_key="camera_fast_counting",
        field="fast_counting",
        entity_category=EntityCategory.CONFIG,
    ),
)


class CameraSwitch(CameraSettingEntity, SwitchEntity):
    """Analytics (the engine stops reading the camera when off), flame, smoke, tamper, or
    always counting fast (settings.FAST_FPS; off, the engine chooses the rate)."""

    entity_description: CameraSwitchDescription

    @property
    def is_on(self) -> bool:
        """The setting."""
        return bool(getattr(self.settings, self.entity_description.field))

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch on."""
        await self._async_change(**{self.entity_description.field: True})

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch off."""
        await self._async_change(**{self.entity_description.field: False})


def switches(entry: UnmannedStoreConfigEntry, link: EngineLink, camera_id: str) -> list[Entity]:
    """A camera's on/off settings."""
    return [CameraSwitch(entry, link, camera_id, d) for d in CAMERA_SWITCHES]


LAST_ANOMALY = ImageEntityDescription(key="last_anomaly", translation_key="camera_last_anomaly")


class LastAnomalyImage(CameraEntity, ImageEntity):
    """The annotated frame the engine had when the camera's last anomaly began (memory only)."""

    _attr_content_type = "image/jpeg"

    def __init__(
        self, hass: HomeAssistant, entry: UnmannedStoreConfigEntry, link: EngineLink, camera_id: str
    ) -> None:
        """Start empty until an anomaly."""
        CameraEntity.__init__(self, entry, link, camera_id, LAST_ANOMALY)
        ImageEntity.__init__(self, hass)

    @property
    def available(self) -> bool:
        """The last picture stays viewable while the engine or stream is down; before the
        first anomaly there is none, and an empty image would be a broken picture."""
        return self.camera_id in self.link.cameras and self.camera_id in self.link.snapshots

    @property
    def image_last_updated(self) -> datetime | None:
        """When the picture was taken."""
        return last_anomaly_time(self.link, self.camera_id)

    async def async_image(self) -> bytes | None:
        """The JPEG."""
        kept = self.link.snapshots.get(self.camera_id)
        return None if kept is None else kept[1]


def image_factory(
    hass: HomeAssistant,
) -> Callable[[UnmannedStoreConfigEntry, EngineLink, str], list[Entity]]:
    """Builds a camera's image entity (it needs hass at construction)."""
    return lambda entry, link, camera_id: [LastAnomalyImage(hass, entry, link, camera_id)]
