"""The QR code of the last pass the owner issued, ready to send to a customer's phone."""

from __future__ import annotations

from homeassistant.components.image import ImageEntity, ImageEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .cameras.controls import image_factory
from .cameras.entities import async_setup_camera_entities
from .door.passes import pass_qr_png
from .entity import UnmannedStoreEntity
from .runtime import UnmannedStoreConfigEntry

PARALLEL_UPDATES = 0

LAST_PASS = ImageEntityDescription(
    key="last_pass", translation_key="last_pass", entity_category=EntityCategory.DIAGNOSTIC
)


def signal_pass_issued(entry_id: str) -> str:
    """Dispatcher signal sent when a store issues a pass."""
    return f"unmanned_store_{entry_id}_pass_issued"


async def async_setup_entry(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the last-pass image."""
    async_add_entities([LastPassImage(hass, entry)])
    async_setup_camera_entities(hass, entry, async_add_entities, image_factory(hass))


class LastPassImage(UnmannedStoreEntity, ImageEntity):
    """Kept in memory only: the code is never written to disk."""

    _attr_content_type = "image/png"

    def __init__(self, hass: HomeAssistant, entry: UnmannedStoreConfigEntry) -> None:
        """Start empty until a pass is issued."""
        UnmannedStoreEntity.__init__(self, entry, LAST_PASS)
        ImageEntity.__init__(self, hass)
        self._entry = entry

    async def async_added_to_hass(self) -> None:
        """Follow issued passes."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, signal_pass_issued(self._entry.entry_id), self._async_on_issued
            )
        )

    @callback
    def _async_on_issued(self) -> None:
        self._attr_image_last_updated = dt_util.utcnow()
        self.async_write_ha_state()

    async def async_image(self) -> bytes | None:
        """The PNG of the last issued pass's QR code."""
        if (issued := self._entry.runtime_data.last_issued) is None:
            return None
        return await self.hass.async_add_executor_job(pass_qr_png, issued[1])
