"""What each kind of config entry keeps in its runtime_data, typed per kind.

A store, a networked door device and a standalone engine are all entries of this domain. Each
kind has its own runtime type; an entry of another kind is reached only through
`loaded_store`, which checks the kind and that the entry is loaded before its runtime is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeGuard

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import issue_registry as ir

from .const import (
    CONF_ENTRY_TYPE,
    CONF_STORE_ENTRY_ID,
    DOMAIN,
    ENTRY_TYPE_DOOR_DEVICE,
    ENTRY_TYPE_ENGINE,
    ENTRY_TYPE_STORE,
)

ISSUE_ORPHANED = "orphaned_entry"

if TYPE_CHECKING:
    from .anomalies.state import StoreAnomalies
    from .cameras.engine_link import EngineLink
    from .clients.engine.client import EngineInfo
    from .door.controller import DoorController
    from .door.device import NetworkDoor
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
    # The options the store was built from (the update listener compares against them).
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class StandaloneEngine:
    """A standalone engine entry: what it said about itself and the store it serves."""

    info: EngineInfo
    store_entry_id: str
    link: EngineLink


type StoreConfigEntry = ConfigEntry[StoreRuntime]
# The store's type under its historical name: the platforms only ever see stores.
type UnmannedStoreConfigEntry = StoreConfigEntry
type DoorDeviceConfigEntry = ConfigEntry[NetworkDoor]
type EngineConfigEntry = ConfigEntry[StandaloneEngine]
# Any entry of this domain; narrowed to its kind by is_store / is_door_device / is_engine.
type DomainConfigEntry = StoreConfigEntry | DoorDeviceConfigEntry | EngineConfigEntry


def entry_kind(entry: ConfigEntry[Any]) -> str:
    """store, door_device or engine (entries made before the kinds existed are stores)."""
    kind: str = entry.data.get(CONF_ENTRY_TYPE, ENTRY_TYPE_STORE)
    return kind


def is_store(entry: ConfigEntry[Any]) -> TypeGuard[StoreConfigEntry]:
    """Whether the entry is a store."""
    return entry_kind(entry) == ENTRY_TYPE_STORE


def is_door_device(entry: ConfigEntry[Any]) -> TypeGuard[DoorDeviceConfigEntry]:
    """Whether the entry is a networked door device."""
    return entry_kind(entry) == ENTRY_TYPE_DOOR_DEVICE


def is_engine(entry: ConfigEntry[Any]) -> TypeGuard[EngineConfigEntry]:
    """Whether the entry is a standalone engine."""
    return entry_kind(entry) == ENTRY_TYPE_ENGINE


def loaded_store(hass: HomeAssistant, entry_id: str | None) -> StoreConfigEntry | None:
    """The store entry with this id when it is a loaded store of ours, else None."""
    if entry_id is None:
        return None
    entry = hass.config_entries.async_get_entry(entry_id)
    if (
        entry is None
        or entry.domain != DOMAIN
        or not is_store(entry)
        or entry.state is not ConfigEntryState.LOADED
    ):
        return None
    return entry


def raise_if_store_missing(hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
    """An entry whose store was deleted: a repair issue says what to do, setup fails for good."""
    store_entry_id = entry.data.get(CONF_STORE_ENTRY_ID)
    if store_entry_id is not None and hass.config_entries.async_get_entry(store_entry_id):
        ir.async_delete_issue(hass, DOMAIN, f"{ISSUE_ORPHANED}_{entry.entry_id}")
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"{ISSUE_ORPHANED}_{entry.entry_id}",
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=ISSUE_ORPHANED,
        translation_placeholders={"name": entry.title},
    )
    raise ConfigEntryError(translation_domain=DOMAIN, translation_key="store_missing")
