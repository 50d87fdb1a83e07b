"""Fixtures shared by the Home Assistant tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Generator
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

# Import our package before Home Assistant looks for custom integrations, or it finds the
# test plugin's own custom_components package and reports the integration missing.
import custom_components.unmanned_store  # noqa: F401
from custom_components.unmanned_store.const import (
    CONF_LANGUAGE,
    CONF_PASS_SECRET,
    CONF_PSEUDONYM_KEY,
    CONF_STORE_ID,
    CONF_STORE_NAME,
    DOMAIN,
)
from homeassistant.core import HomeAssistant

STORE_ID = "0123456789abcdef0123456789abcdef"
LAG_PROBE = 0.02
# Event-loop lag measured in the fault tests (test id -> seconds late per probe), summarised
# at the end of the run. Reported, not asserted: durations are benchmarks' business; blocking
# calls themselves are caught by Home Assistant's detector, which raises in tests.
LOOP_LAG: dict[str, list[float]] = {}


@pytest.fixture(autouse=True)
def _hass_in_tmp_config_dir(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Give each Home Assistant test its own config dir, where the visitor log is written.

    Only tests that use hass get one; plain unit tests stay free of Home Assistant.
    """
    if "hass" in request.fixturenames:
        request.getfixturevalue("enable_custom_integrations")
        hass: HomeAssistant = request.getfixturevalue("hass")
        hass.config.config_dir = str(tmp_path)


@pytest.fixture
async def loop_lag(request: pytest.FixtureRequest) -> AsyncIterator[list[float]]:
    """Measure how late the event loop wakes a 20 ms sleeper while the test runs.

    Home Assistant is started first: its own start-up is not what is measured.
    """
    if "hass" in request.fixturenames:
        request.getfixturevalue("hass")
    samples: list[float] = []

    async def probe() -> None:
        loop = asyncio.get_running_loop()
        while True:
            asked = loop.time()
            await asyncio.sleep(LAG_PROBE)
            samples.append(loop.time() - asked - LAG_PROBE)

    task = asyncio.get_running_loop().create_task(probe())
    yield samples
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    LOOP_LAG[request.node.nodeid] = samples


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the event-loop lag of the fault tests."""
    if not LOOP_LAG:
        return
    terminalreporter.section("event-loop lag in fault tests (probe every 20 ms)")
    everything: list[float] = []
    for nodeid, samples in sorted(LOOP_LAG.items()):
        if not samples:
            continue
        ordered = sorted(samples)
        everything += ordered
        terminalreporter.write_line(
            f"{nodeid}: {len(ordered)} probes, p99 {ordered[int(len(ordered) * 0.99)] * 1000:.1f}"
            f" ms, max {ordered[-1] * 1000:.1f} ms"
        )
    everything.sort()
    if everything:
        terminalreporter.write_line(
            f"all: {len(everything)} probes, p50 {everything[len(everything) // 2] * 1000:.1f} ms,"
            f" p99 {everything[int(len(everything) * 0.99)] * 1000:.1f} ms,"
            f" max {everything[-1] * 1000:.1f} ms"
        )


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots through Home Assistant's extension, so timestamps and ids do not break reruns."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Create entities that are disabled by default as enabled (phcc lacks this fixture)."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
    ):
        yield


@pytest.fixture
def entry_options() -> dict[str, Any]:
    """Options of the store under test; tests override this fixture to configure the door."""
    return {}


@pytest.fixture
def mock_config_entry(entry_options: dict[str, Any]) -> MockConfigEntry:
    """A store config entry as the config flow creates it."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Mangwon Ice Cream",
        unique_id="store_mangwon_ice_cream",
        version=2,
        minor_version=1,
        data={
            CONF_STORE_ID: STORE_ID,
            CONF_STORE_NAME: "Mangwon Ice Cream",
            CONF_LANGUAGE: "ko",
            CONF_PASS_SECRET: "11" * 32,
            CONF_PSEUDONYM_KEY: "22" * 32,
        },
        options=entry_options,
        entry_id="01JSTOREENTRY000000000000",
    )


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> MockConfigEntry:
    """Set up the store and return its entry."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry
