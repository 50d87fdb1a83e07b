"""Each camera's annotated live view, streamed from the vision engine."""

from __future__ import annotations

from aiohttp import web

from homeassistant.components.camera import Camera
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_aiohttp_proxy_stream
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .cameras.engine_link import EngineLink
from .cameras.entities import CameraEntity, async_setup_camera_entities
from .clients.engine.client import EngineError
from .runtime import UnmannedStoreConfigEntry

PARALLEL_UPDATES = 0

LIVE_VIEW = EntityDescription(key="live_view", translation_key="camera_live_view")


class EngineCamera(CameraEntity, Camera):
    """MJPEG with lines, zones, tracks and alarms drawn by the engine."""

    def __init__(self, entry: UnmannedStoreConfigEntry, link: EngineLink, camera_id: str) -> None:
        """Bind the view to its camera."""
        CameraEntity.__init__(self, entry, link, camera_id, LIVE_VIEW)
        Camera.__init__(self)

    async def async_camera_image(
        self, width: int | None = None, height: int | None = None
    ) -> bytes | None:
        """The newest annotated frame."""
        return await self.link.async_snapshot(self.camera_id, annotated=True)

    async def handle_async_mjpeg_stream(self, request: web.Request) -> web.StreamResponse | None:
        """Relay the engine's annotated MJPEG stream."""
        if self.link.client is None:
            return None
        try:
            response = await self.link.client.mjpeg(self.camera_id, annotated=True)
        except EngineError:
            return None
        try:
            return await async_aiohttp_proxy_stream(
                self.hass, request, response.content, response.headers["Content-Type"]
            )
        finally:
            response.release()


def views(entry: UnmannedStoreConfigEntry, link: EngineLink, camera_id: str) -> list[Entity]:
    """A camera's live view."""
    return [EngineCamera(entry, link, camera_id)]


async def async_setup_entry(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each camera's live view, now and when cameras are added."""
    async_setup_camera_entities(hass, entry, async_add_entities, views)
