"""A networked door device (the reference device on loopback) running a store's door.

Discovery → pairing → the device runs the store's door; scans on the device open the door in
Home Assistant; drops and restarts lose no scan and log none twice; malformed events are
counted and skipped; a refused token starts the reauth flow.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import dataclasses
from ipaddress import ip_address
from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)

from custom_components.unmanned_store.clients.door import SERVICE_TYPE
from custom_components.unmanned_store.const import CONF_TOKEN, DOMAIN
from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    SOURCE_ZEROCONF,
    ConfigEntryState,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from reference_door import DeviceConfig, Faults, RunningDevice, start_device

from .common import add_door_device_by_address, get_visits, issue_pass
from .conftest import STORE_ID

PAIRING_CODE = "135790"
STORE_LOCK = "lock.mangwon_ice_cream_door"
ACCESS = "event.mangwon_ice_cream_door_access"


@pytest.fixture(autouse=True)
def _loopback(socket_enabled: None) -> None:
    """The device is a real server on 127.0.0.1."""


@pytest.fixture
async def device(tmp_path: Path) -> AsyncIterator[RunningDevice]:
    """The reference door device."""
    running = await start_device(
        DeviceConfig(
            state_dir=tmp_path / "door",
            host="127.0.0.1",
            port=0,
            pairing_code=PAIRING_CODE,
            zeroconf=False,
        )
    )
    yield running
    await running.stop()


def _discovery(device: RunningDevice, **properties: str) -> ZeroconfServiceInfo:
    return ZeroconfServiceInfo(
        ip_address=ip_address("127.0.0.1"),
        ip_addresses=[ip_address("127.0.0.1")],
        hostname="door.local.",
        name=f"{device.device_id}.{SERVICE_TYPE}",
        port=device.port,
        type=SERVICE_TYPE,
        properties={"id": device.device_id, "model": "reference", "fw": "1.0", "api": "1"}
        | properties,
    )


async def _wait_for(condition: Callable[[], bool]) -> None:
    """Wait for something the device pushes to arrive (real sockets: no fixed delay)."""
    async with asyncio.timeout(10):
        while not condition():  # noqa: ASYNC110 - the state comes from another server's push
            await asyncio.sleep(0.02)


async def _pair_by_discovery(hass: HomeAssistant, device: RunningDevice) -> MockConfigEntry | Any:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=_discovery(device)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "zeroconf_confirm"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["step_id"] == "pair"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"pairing_code": "000000"}
    )
    assert result["errors"] == {"pairing_code": "invalid_pairing_code"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"pairing_code": PAIRING_CODE}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    return result["result"]


async def test_discovery_pairing_and_scan(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    device: RunningDevice,
    device_registry: dr.DeviceRegistry,
) -> None:
    """Discovered, paired, under the store; a scan on the device opens the door."""
    device_entry = await _pair_by_discovery(hass, device)
    assert device_entry.state is ConfigEntryState.LOADED
    assert device_entry.unique_id == device.device_id
    store_device = device_registry.async_get_device(identifiers={(DOMAIN, STORE_ID)})
    door_device = device_registry.async_get_device(identifiers={(DOMAIN, device.device_id)})
    assert door_device is not None
    assert store_device is not None
    assert door_device.via_device_id == store_device.id
    await _wait_for(lambda: hass.states.get(STORE_LOCK).state == "locked")

    # Opened while locked: the device reports forced entry.
    device.device.set_door(True)
    await _wait_for(lambda: hass.states.get(ACCESS).attributes.get("event_type") == "forced_entry")
    device.device.set_door(False)

    code = (await issue_pass(hass, init_integration))["code"]
    device.device.scan(code)
    await _wait_for(lambda: hass.states.get(STORE_LOCK).state == "unlocked")
    # The visit is recorded right after the device confirms the unlock.
    await _wait_for(lambda: hass.states.get(ACCESS).attributes["event_type"] == "granted")
    assert [v["result"] for v in await get_visits(hass, init_integration)] == [
        "granted",
        "forced_entry",
    ]

    device.device.scan("nonsense")
    await _wait_for(lambda: hass.states.get(ACCESS).attributes["reason"] == "unrecognised")

    # The door mode reaches the device; a contact change and forced entry come back.
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": "select.mangwon_ice_cream_door_door_mode", "option": "closed"},
        blocking=True,
    )
    assert device.device.identity.mode.value == "closed"

    # Discovery of the known device at a new port updates the entry.
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_ZEROCONF},
        data=dataclasses.replace(_discovery(device), port=device.port + 1),
    )
    assert result["reason"] == "already_configured"
    assert device_entry.data["port"] == device.port + 1


@pytest.mark.usefixtures("loop_lag")
async def test_drops_and_restarts_lose_nothing(
    hass: HomeAssistant, init_integration: MockConfigEntry, device: RunningDevice
) -> None:
    """Scans continue through a dropped stream and a device restart: each logged once."""
    await _pair_by_discovery(hass, device)
    code = (await issue_pass(hass, init_integration))["code"]
    scans = 0
    for round_ in range(3):
        for _ in range(4):
            device.device.scan(code)
            scans += 1
        if round_ == 0:
            device.device.drop_streams()
        elif round_ == 1:
            await device.restart(down_seconds=0.3)
        for _ in range(3):
            device.device.scan(code)
            scans += 1
    await _wait_for(lambda: hass.states.get(STORE_LOCK).state in ("locked", "unlocked"))

    async def logged() -> int:
        return len(await get_visits(hass, init_integration))

    async with asyncio.timeout(20):
        while await logged() < scans:  # noqa: ASYNC110 - rows arrive from the device's stream
            await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)
    visits = await get_visits(hass, init_integration)
    assert len(visits) == scans
    assert {v["result"] for v in visits} == {"granted"}


@pytest.mark.usefixtures("loop_lag")
async def test_malformed_events_are_counted(
    hass: HomeAssistant, init_integration: MockConfigEntry, device: RunningDevice
) -> None:
    """Garbage on the stream is rejected and counted; the door keeps working."""
    device_entry = await _pair_by_discovery(hass, device)
    await _wait_for(lambda: device_entry.runtime_data.available)
    device.device.inject_malformed(3)
    code = (await issue_pass(hass, init_integration))["code"]
    device.device.scan(code)
    await _wait_for(lambda: hass.states.get(ACCESS).attributes.get("event_type") == "granted")
    assert device_entry.runtime_data.client.malformed_events == 3


async def test_refused_token_starts_reauth(
    hass: HomeAssistant, init_integration: MockConfigEntry, device: RunningDevice
) -> None:
    """Pairing the device elsewhere revokes our token: reauth asks for a new code."""
    device_entry = await _pair_by_discovery(hass, device)
    device.device.pair(PAIRING_CODE)  # someone pairs it again: our token is void
    device.device.drop_streams()
    await _wait_for(
        lambda: any(
            flow["context"]["source"] == "reauth"
            for flow in hass.config_entries.flow.async_progress()
        )
    )
    assert hass.states.get(STORE_LOCK).state == "unavailable"
    [flow] = [
        f for f in hass.config_entries.flow.async_progress() if f["context"]["source"] == "reauth"
    ]
    old_token = device_entry.data[CONF_TOKEN]
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"pairing_code": PAIRING_CODE}
    )
    await hass.async_block_till_done()
    assert result["reason"] == "reauth_successful"
    assert device_entry.data[CONF_TOKEN] != old_token
    await _wait_for(lambda: hass.states.get(STORE_LOCK).state == "locked")


async def test_manual_flow_and_reconfigure(
    hass: HomeAssistant, init_integration: MockConfigEntry, device: RunningDevice, tmp_path: Path
) -> None:
    """Adding a device by address; a wrong address; moving it with reconfigure."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "door_device"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": 9}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"pairing_code": PAIRING_CODE}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    flow_id = result["flow_id"]
    hass.config_entries.flow.async_abort(flow_id)

    device_entry = await add_door_device_by_address(hass, device.port, PAIRING_CODE)

    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": device_entry.entry_id}
    )
    assert result["step_id"] == "reconfigure_door_device"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": 9}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    # The device comes back on another port (same identity and token, from its state dir).
    await device.stop()
    moved = await start_device(
        DeviceConfig(state_dir=tmp_path / "door", host="127.0.0.1", port=0, zeroconf=False)
    )
    try:
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"host": "127.0.0.1", "port": moved.port}
        )
        await hass.async_block_till_done()
        assert result["reason"] == "reconfigure_successful"
        assert device_entry.data["port"] == moved.port
        assert device_entry.state is ConfigEntryState.LOADED
        await _wait_for(lambda: hass.states.get(STORE_LOCK).state == "locked")
    finally:
        await hass.config_entries.async_unload(device_entry.entry_id)
        await moved.stop()


async def test_discovery_without_a_store_aborts(hass: HomeAssistant, device: RunningDevice) -> None:
    """A door needs a store; an unknown protocol version is refused."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=_discovery(device)
    )
    assert result["reason"] == "no_store"
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=_discovery(device, api="2")
    )
    assert result["reason"] == "unsupported_api"


async def test_door_device_diagnostics(
    hass: HomeAssistant,
    hass_client: Any,
    init_integration: MockConfigEntry,
    device: RunningDevice,
) -> None:
    """A door device's diagnostics show its connection, never its token."""
    device_entry = await _pair_by_discovery(hass, device)
    await _wait_for(lambda: device_entry.runtime_data.available)
    result = await get_diagnostics_for_config_entry(hass, hass_client, device_entry)
    assert result["device"]["connected"] is True
    assert result["entry"]["data"]["token"] == "**REDACTED**"
    assert device_entry.data[CONF_TOKEN] not in str(result)


@pytest.mark.usefixtures("loop_lag")
async def test_scans_while_home_assistant_is_away(
    hass: HomeAssistant, init_integration: MockConfigEntry, device: RunningDevice
) -> None:
    """Scans made while Home Assistant is down are replayed from the saved cursor, once each."""
    device_entry = await _pair_by_discovery(hass, device)
    await _wait_for(lambda: device_entry.runtime_data.available)
    code = (await issue_pass(hass, init_integration))["code"]
    device.device.scan(code)
    await _wait_for(lambda: hass.states.get(ACCESS).attributes.get("event_type") == "granted")

    await hass.config_entries.async_unload(device_entry.entry_id)
    for _ in range(3):
        device.device.scan(code)
    assert await hass.config_entries.async_setup(device_entry.entry_id)
    await hass.async_block_till_done()

    async def logged() -> int:
        return len(await get_visits(hass, init_integration))

    async with asyncio.timeout(10):
        while await logged() < 4:  # noqa: ASYNC110 - rows arrive from the device's stream
            await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)
    assert await logged() == 4
    # A second restart replays nothing.
    assert await hass.config_entries.async_reload(device_entry.entry_id)
    await hass.async_block_till_done()
    await asyncio.sleep(0.3)
    assert await logged() == 4


@pytest.mark.usefixtures("loop_lag")
async def test_unreachable_device_is_a_device_offline_anomaly(
    hass: HomeAssistant, init_integration: MockConfigEntry, device: RunningDevice
) -> None:
    """A door device that drops off the network raises 'device offline'; it clears on return."""
    offline = "binary_sensor.mangwon_ice_cream_device_offline"
    device_entry = await _pair_by_discovery(hass, device)
    await _wait_for(lambda: device_entry.runtime_data.available)
    assert hass.states.get(offline).state == "off"
    await device.restart(down_seconds=1.5)
    await _wait_for(lambda: hass.states.get(offline).state == "on")
    assert hass.states.get(STORE_LOCK).state == "unavailable"
    anomaly = hass.states.get("event.mangwon_ice_cream_anomaly")
    assert anomaly.attributes["event_type"] == "device_offline"
    await _wait_for(lambda: hass.states.get(offline).state == "off")
    assert hass.states.get(STORE_LOCK).state == "locked"


@pytest.mark.usefixtures("loop_lag")
async def test_stalled_device_goes_unavailable_and_recovers(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    device: RunningDevice,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A device that keeps the connection but says nothing is found out, and comes back."""
    # The real keep-alive is 20 s; the same mechanism with a short interval keeps the test fast.
    monkeypatch.setattr("custom_components.unmanned_store.door.device.DEVICE_HEARTBEAT", 0.5)
    device_entry = await _pair_by_discovery(hass, device)
    await _wait_for(lambda: device_entry.runtime_data.available)
    device.device.set_faults(Faults(stall=True))
    await _wait_for(lambda: hass.states.get(STORE_LOCK).state == "unavailable")
    device.device.set_faults(Faults())
    await _wait_for(lambda: hass.states.get(STORE_LOCK).state == "locked")
    code = (await issue_pass(hass, init_integration))["code"]
    device.device.scan(code)
    await _wait_for(lambda: hass.states.get(STORE_LOCK).state == "unlocked")


@pytest.mark.usefixtures("loop_lag")
async def test_slow_device_still_opens_and_logs_once(
    hass: HomeAssistant, init_integration: MockConfigEntry, device: RunningDevice
) -> None:
    """Every answer and frame 0.7 s late: scans still open the door, each logged once, and
    the owner's remote unlock works (slowly); nothing waits on the event loop."""
    device_entry = await _pair_by_discovery(hass, device)
    await _wait_for(lambda: device_entry.runtime_data.available)
    device.device.set_faults(Faults(delay_ms=700))
    code = (await issue_pass(hass, init_integration))["code"]
    for _ in range(3):
        device.device.scan(code)

    async def granted() -> int:
        return len(await get_visits(hass, init_integration, result="granted"))

    async with asyncio.timeout(20):
        while await granted() < 3:  # noqa: ASYNC110 - rows arrive from the slow stream
            await asyncio.sleep(0.1)
    await hass.services.async_call(
        DOMAIN,
        "remote_unlock",
        {"config_entry_id": init_integration.entry_id, "reason": "delivery"},
        blocking=True,
    )
    await asyncio.sleep(1.0)
    assert await granted() == 3
    assert len(await get_visits(hass, init_integration, result="remote_unlock")) == 1


async def test_remote_unlock_of_an_unreachable_device_says_so(
    hass: HomeAssistant, init_integration: MockConfigEntry, device: RunningDevice
) -> None:
    """The device is gone: the owner's unlock raises a translated error and logs no unlock."""
    device_entry = await _pair_by_discovery(hass, device)
    await _wait_for(lambda: device_entry.runtime_data.available)
    await device.stop()
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            DOMAIN,
            "remote_unlock",
            {"config_entry_id": init_integration.entry_id, "reason": "delivery"},
            blocking=True,
        )
    assert err.value.translation_key == "door_did_not_open"
    assert await get_visits(hass, init_integration, result="remote_unlock") == []
