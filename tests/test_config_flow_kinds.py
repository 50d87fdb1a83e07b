"""The config flow's paths per entry kind that the main flow tests do not walk.

Door device pairing and reauth errors (rate limit, unreachable, wrong code, another device at
the address), the store chosen when there are several, a store's reauth (nothing to sign in to),
what each kind offers (options, subentries), an engine that answers with something that is not
the engine API, and the camera subentry flow on a store that is not loaded.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from ipaddress import ip_address
from pathlib import Path
from typing import Any

from aiohttp import web
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.unmanned_store.clients.door import SERVICE_TYPE
from custom_components.unmanned_store.config_flow import UnmannedStoreConfigFlow
from custom_components.unmanned_store.const import (
    CONF_STORE_ENTRY_ID,
    CONF_STORE_ID,
    CONF_STORE_NAME,
    CONF_TOKEN,
    DOMAIN,
    SUBENTRY_CAMERA,
)
from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    SOURCE_ZEROCONF,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from reference_door import DeviceConfig, RunningDevice, start_device

PAIRING_CODE = "112358"


@pytest.fixture(autouse=True)
def _loopback(socket_enabled: None) -> None:
    """Devices and servers are real, on 127.0.0.1."""


@pytest.fixture
async def device(tmp_path: Path) -> AsyncIterator[RunningDevice]:
    """The reference door device, locking pairing after two wrong codes."""
    running = await start_device(
        DeviceConfig(
            state_dir=tmp_path / "door",
            host="127.0.0.1",
            port=0,
            pairing_code=PAIRING_CODE,
            zeroconf=False,
            pair_max_failures=2,
        )
    )
    yield running
    await running.stop()


@pytest.fixture
def second_store(mock_config_entry: MockConfigEntry) -> MockConfigEntry:
    """Another store beside the one under test (not set up: only its entry is needed)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Hapjeong",
        unique_id="store_hapjeong",
        version=2,
        data={**mock_config_entry.data, CONF_STORE_ID: "f" * 32, CONF_STORE_NAME: "Hapjeong"},
    )


async def _manual_pair_form(hass: HomeAssistant, port: int) -> dict[str, Any]:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "door_device"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": port}
    )
    assert result["step_id"] == "pair"
    return dict(result)


async def test_pairing_errors_and_the_chosen_store(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    second_store: MockConfigEntry,
    device: RunningDevice,
) -> None:
    """Wrong codes, then the device's lockout; with two stores the owner picks one."""
    second_store.add_to_hass(hass)
    result = await _manual_pair_form(hass, device.port)
    assert [str(key) for key in result["data_schema"].schema] == ["pairing_code", "store"]
    for _ in range(2):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"pairing_code": "000000", "store": second_store.entry_id}
        )
        assert result["errors"] == {"pairing_code": "invalid_pairing_code"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"pairing_code": PAIRING_CODE, "store": second_store.entry_id}
    )
    assert result["errors"] == {"base": "rate_limited"}
    hass.config_entries.flow.async_abort(result["flow_id"])


async def test_pair_with_the_second_store(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    second_store: MockConfigEntry,
    device: RunningDevice,
) -> None:
    """The door device is linked to the store the owner chose."""
    second_store.add_to_hass(hass)
    result = await _manual_pair_form(hass, device.port)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"pairing_code": PAIRING_CODE, "store": init_integration.entry_id}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_STORE_ENTRY_ID] == init_integration.entry_id
    await hass.async_block_till_done()


async def test_discovered_id_must_match_the_paired_device(
    hass: HomeAssistant, init_integration: MockConfigEntry, device: RunningDevice
) -> None:
    """An announcement naming another device than the one that answers is not paired."""
    discovery = ZeroconfServiceInfo(
        ip_address=ip_address("127.0.0.1"),
        ip_addresses=[ip_address("127.0.0.1")],
        hostname="door.local.",
        name=f"other.{SERVICE_TYPE}",
        port=device.port,
        type=SERVICE_TYPE,
        properties={"id": "door-somebody-else", "model": "reference", "api": "1"},
    )
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=discovery
    )
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"pairing_code": PAIRING_CODE}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unique_id_mismatch"


async def test_door_reauth_and_reconfigure_errors(
    hass: HomeAssistant, init_integration: MockConfigEntry, device: RunningDevice
) -> None:
    """Reauth: wrong code, lockout, unreachable; reconfigure: a refused token."""
    result = await _manual_pair_form(hass, device.port)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"pairing_code": PAIRING_CODE}
    )
    door_entry = result["result"]
    await hass.async_block_till_done()

    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_REAUTH, "entry_id": door_entry.entry_id},
        data=dict(door_entry.data),
    )
    assert result["step_id"] == "reauth_confirm"
    for expected in (
        {"pairing_code": "invalid_pairing_code"},
        {"pairing_code": "invalid_pairing_code"},
        {"base": "rate_limited"},
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"pairing_code": "999999"}
        )
        assert result["errors"] == expected

    # The device's token is refused (paired again elsewhere): reconfigure says so.
    hass.config_entries.async_update_entry(
        door_entry, data={**door_entry.data, CONF_TOKEN: "not-a-token-0123456789"}
    )
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": door_entry.entry_id}
    )
    assert result["step_id"] == "reconfigure_door_device"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": device.port}
    )
    assert result["errors"] == {"base": "invalid_auth"}

    await device.stop()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": device.port}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    hass.config_entries.flow.async_abort(result["flow_id"])
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_REAUTH, "entry_id": door_entry.entry_id},
        data=dict(door_entry.data),
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"pairing_code": PAIRING_CODE}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    hass.config_entries.flow.async_abort(result["flow_id"])
    await hass.config_entries.async_unload(door_entry.entry_id)


async def test_a_store_has_no_reauth(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A store holds no remote credential: its reauth ends at once, with a reason."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_REAUTH, "entry_id": init_integration.entry_id},
        data=dict(init_integration.data),
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_not_supported"


def test_what_each_kind_offers(mock_config_entry: MockConfigEntry) -> None:
    """Options and camera subentries belong to stores; door devices and engines have neither."""
    door = MockConfigEntry(domain=DOMAIN, data={"entry_type": "door_device"})
    engine = MockConfigEntry(domain=DOMAIN, data={"entry_type": "engine"})
    assert UnmannedStoreConfigFlow.async_supports_options_flow(mock_config_entry)
    assert list(UnmannedStoreConfigFlow.async_get_supported_subentry_types(mock_config_entry)) == [
        SUBENTRY_CAMERA
    ]
    for other in (door, engine):
        assert not UnmannedStoreConfigFlow.async_supports_options_flow(other)
        assert UnmannedStoreConfigFlow.async_get_supported_subentry_types(other) == {}


async def test_engine_address_that_is_not_an_engine(
    hass: HomeAssistant, init_integration: MockConfigEntry, unused_tcp_port: int
) -> None:
    """Something answers at the address, but not the engine API: said, not crashed."""

    async def not_json(_request: web.Request) -> web.Response:
        return web.Response(text="<html>router login</html>", content_type="text/html")

    app = web.Application()
    app.router.add_get("/{tail:.*}", not_json)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", unused_tcp_port)
    await site.start()
    try:
        result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "engine"}
        )
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"],
            {"host": "127.0.0.1", "port": unused_tcp_port, "token": "t" * 24},
        )
        assert result["errors"] == {"base": "engine_unsupported"}
    finally:
        await runner.cleanup()


async def test_camera_flow_on_a_store_that_is_not_loaded(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A store that is not running (restarting, failed) cannot take a camera: the flow says why."""
    mock_config_entry.add_to_hass(hass)
    result = await hass.config_entries.subentries.async_init(
        (mock_config_entry.entry_id, SUBENTRY_CAMERA), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "store_not_loaded"


async def test_store_deleted_while_the_menu_is_open(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """The owner opened the menu, then the store went: a door device has no store to join."""
    mock_config_entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.MENU
    await hass.config_entries.async_remove(mock_config_entry.entry_id)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "door_device"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_store"


async def test_camera_reconfigure_on_a_store_that_is_not_loaded(hass: HomeAssistant) -> None:
    """A camera of a stopped store cannot be checked with an engine: the flow says why."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Hapjeong",
        unique_id="store_hapjeong",
        version=2,
        data={CONF_STORE_ID: "e" * 32, CONF_STORE_NAME: "Hapjeong"},
        subentries_data=[
            {
                "data": {"id": "door", "name": "Door", "source": "rtsp://127.0.0.1:9/x"},
                "subentry_type": SUBENTRY_CAMERA,
                "title": "Door",
                "unique_id": "door",
            }
        ],
    )
    entry.add_to_hass(hass)
    (subentry_id,) = entry.subentries
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_CAMERA),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": subentry_id},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "store_not_loaded"
