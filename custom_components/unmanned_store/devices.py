"""Device registry entries: the store, and the devices that hang under it."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceInfo

from .const import DOMAIN

# A proper name, not the domain: the device page shows it under every device of a store.
MANUFACTURER = "Unmanned Store"


def store_device_info(store_id: str, name: str) -> DeviceInfo:
    """The store itself: one device per config entry."""
    return DeviceInfo(
        identifiers={(DOMAIN, store_id)},
        name=name,
        manufacturer=MANUFACTURER,
        model="Store",
    )


def door_device_identifier(store_id: str) -> str:
    """The store's door device; a paired door authenticator joins this device."""
    return f"{store_id}_door"


def door_device_info(store_id: str, store_name: str) -> DeviceInfo:
    """The store's door (authenticator, lock and contact), under the store."""
    return DeviceInfo(
        identifiers={(DOMAIN, door_device_identifier(store_id))},
        manufacturer=MANUFACTURER,
        model="Door authenticator",
        translation_key="door",
        via_device=(DOMAIN, store_id),
    )


def speaker_device_info(store_id: str, store_name: str) -> DeviceInfo:
    """The shop speaker (a TTS entity speaking through media players), under the store."""
    return DeviceInfo(
        identifiers={(DOMAIN, f"{store_id}_speaker")},
        manufacturer=MANUFACTURER,
        model="Shop speaker",
        translation_key="speaker",
        via_device=(DOMAIN, store_id),
    )


def camera_unique_id(store_id: str, camera_id: str, key: str) -> str:
    """A camera entity's unique id; namespaced so a camera id never collides with a store key."""
    return f"{store_id}_camera_{camera_id}_{key}"
