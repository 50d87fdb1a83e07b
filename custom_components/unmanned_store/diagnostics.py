"""Diagnostics: what a support request needs, with every secret and identity removed."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .const import CONF_PASS_SECRET, CONF_PSEUDONYM_KEY
from .runtime import UnmannedStoreConfigEntry

TO_REDACT = {
    CONF_PASS_SECRET,
    CONF_PSEUDONYM_KEY,
    "token",
    "verifier_token",
    "unique_id",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: UnmannedStoreConfigEntry
) -> dict[str, Any]:
    """Return the store's configuration and state, redacted."""
    store = entry.runtime_data
    return {
        "entry": async_redact_data(entry.as_dict(), TO_REDACT),
        "store": {"language": store.language},
    }
