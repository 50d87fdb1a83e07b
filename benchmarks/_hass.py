"""A real Home Assistant for benchmarks, outside pytest: the test helper's instance, our store."""

from __future__ import annotations

from collections.abc import AsyncIterator
import contextlib
from pathlib import Path
from typing import Any

from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

import custom_components.unmanned_store  # noqa: F401  (ours, not the test plugin's)
from custom_components.unmanned_store.const import (
    CONF_LANGUAGE,
    CONF_PASS_SECRET,
    CONF_PSEUDONYM_KEY,
    CONF_STORE_ID,
    CONF_STORE_NAME,
    DOMAIN,
)
from homeassistant import loader
from homeassistant.core import HomeAssistant

STORE_ID = "b" * 32


@contextlib.asynccontextmanager
async def running_hass(config_dir: Path) -> AsyncIterator[HomeAssistant]:
    """Home Assistant with custom integrations enabled, writing into config_dir."""
    async with async_test_home_assistant(config_dir=str(config_dir)) as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
        yield hass
        await hass.async_stop(force=True)


async def add_store(hass: HomeAssistant, options: dict[str, Any]) -> MockConfigEntry:
    """Set up one store with the given options."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=STORE_ID,
        data={
            CONF_STORE_ID: STORE_ID,
            CONF_STORE_NAME: "Bench",
            CONF_LANGUAGE: "ko",
            CONF_PASS_SECRET: "33" * 32,
            CONF_PSEUDONYM_KEY: "44" * 32,
        },
        options=options,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def issue_code(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """Issue a 30-day member pass through the action and return its code."""
    issued = await hass.services.async_call(
        DOMAIN,
        "issue_pass",
        {"config_entry_id": entry.entry_id, "kind": "member", "valid_days": 30},
        blocking=True,
        return_response=True,
    )
    assert issued is not None
    return str(issued["code"])


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95 and max of samples (in the unit given)."""
    ordered = sorted(samples)
    return (
        ordered[len(ordered) // 2],
        ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))],
        ordered[-1],
    )
