"""What a loaded store keeps in its config entry's runtime_data."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry


@dataclass(slots=True)
class StoreRuntime:
    """The live objects of one store."""

    store_id: str
    name: str
    language: str


type UnmannedStoreConfigEntry = ConfigEntry[StoreRuntime]
