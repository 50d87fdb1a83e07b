"""The door as a lock: locked, unlocked for a visitor, or opened from the app."""

from __future__ import annotations

from typing import Any

from homeassistant.components.lock import LockEntity, LockEntityDescription, LockEntityFeature
from homeassistant.components.lock.const import LockState
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .entity import DoorEntity
from .runtime import UnmannedStoreConfigEntry

PARALLEL_UPDATES = 1

# The lock is the door device's main feature, so it carries the device's name.
DOOR_LOCK = LockEntityDescription(key="door_lock", name=None)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: UnmannedStoreConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the door lock."""
    async_add_entities([DoorLock(entry, DOOR_LOCK)])


class DoorLock(DoorEntity, LockEntity):
    """Unlocking from here is a remote unlock: it relocks by itself and is logged."""

    _attr_supported_features = LockEntityFeature.OPEN

    @property
    def available(self) -> bool:
        """Unavailable when the configured lock cannot say whether it is locked."""
        return self.door.lock_state is not None

    @property
    def is_locked(self) -> bool | None:
        """Whether the door is locked (a jammed or half-turned lock is not)."""
        return self.door.is_locked

    @property
    def is_jammed(self) -> bool:
        """The lock reports itself jammed."""
        return self.door.lock_state is LockState.JAMMED

    @property
    def is_locking(self) -> bool:
        """The lock is turning to locked."""
        return self.door.lock_state is LockState.LOCKING

    @property
    def is_unlocking(self) -> bool:
        """The lock is turning to unlocked."""
        return self.door.lock_state is LockState.UNLOCKING

    @property
    def is_open(self) -> bool:
        """The lock reports its latch open."""
        return self.door.lock_state is LockState.OPEN

    @property
    def is_opening(self) -> bool:
        """The lock is opening its latch."""
        return self.door.lock_state is LockState.OPENING

    async def async_lock(self, **kwargs: Any) -> None:
        """Lock the door now."""
        await self.door.async_lock()

    async def async_unlock(self, **kwargs: Any) -> None:
        """Let someone in from the app: unlock for the configured time, then relock."""
        await self.door.async_unlock(by="owner", reason="app")

    async def async_open(self, **kwargs: Any) -> None:
        """Open the door from the app (same as a remote unlock)."""
        await self.door.async_unlock(by="owner", reason="app")
