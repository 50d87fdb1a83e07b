"""A standalone engine (another host): discovered by zeroconf or added by address, under a store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from ipaddress import ip_address
from pathlib import Path

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.unmanned_store.cameras.engine_entry import ENGINE_SERVICE_TYPE
from custom_components.unmanned_store.const import DOMAIN, ENTRY_TYPE_ENGINE, SUBENTRY_CAMERA
from homeassistant.config_entries import SOURCE_USER, SOURCE_ZEROCONF, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from tests.conftest import STORE_ID
from unmanned_store_engine.engine import Settings
from unmanned_store_engine.runner import EngineServer

from .conftest import link_of, wait_for

TOKEN = "standalone-token-0123456789"


@pytest.fixture
async def engine(unused_tcp_port: int, tmp_path: Path) -> AsyncIterator[EngineServer]:
    """An engine running beside Home Assistant (in-process here, through its library API)."""
    server = EngineServer(
        Settings(
            token=TOKEN,
            port=unused_tcp_port,
            zeroconf=False,
            engine_id="backroom",
            name="Backroom engine",
            config_path=tmp_path / "engine.json",
        )
    )
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def _discovery(port: int, **properties: str) -> ZeroconfServiceInfo:
    return ZeroconfServiceInfo(
        ip_address=ip_address("127.0.0.1"),
        ip_addresses=[ip_address("127.0.0.1")],
        port=port,
        hostname="backroom.local.",
        type=ENGINE_SERVICE_TYPE,
        name=f"backroom.{ENGINE_SERVICE_TYPE}",
        properties=properties,
    )


async def test_discovered_engine_serves_the_store(
    hass: HomeAssistant, store: MockConfigEntry, engine: EngineServer
) -> None:
    """Zeroconf finds it, the token is checked, and the store's cameras use it."""
    props = {"id": "backroom", "api": "1", "name": "Backroom engine"}
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=_discovery(engine.port, **props)
    )
    assert result["step_id"] == "engine_token"
    assert result["description_placeholders"] == {"name": "Backroom engine", "host": "127.0.0.1"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"token": "wrong-token-0123456789"}
    )
    assert result["errors"] == {"token": "invalid_engine_token"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {"token": TOKEN})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Backroom engine"
    await hass.async_block_till_done()
    engine_entry = result["result"]
    assert engine_entry.data["entry_type"] == ENTRY_TYPE_ENGINE
    assert engine_entry.state is ConfigEntryState.LOADED

    device = dr.async_get(hass).async_get_device({(DOMAIN, "engine_backroom")})
    assert device is not None
    assert device.entry_type is dr.DeviceEntryType.SERVICE
    store_device = dr.async_get(hass).async_get_device({(DOMAIN, STORE_ID)})
    assert store_device is not None
    assert device.via_device_id == store_device.id

    link = link_of(store)
    assert await link.async_wait_available(10)
    assert link.standalone
    assert link.process is None
    diagnostics = link.diagnostics()
    assert diagnostics["engine_url"] == f"http://127.0.0.1:{engine.port}"

    # Adding a camera uses the standalone engine: no embedded one is started.
    result = await hass.config_entries.subentries.async_init(
        (store.entry_id, SUBENTRY_CAMERA), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert link.process is None

    # Found again (after a move): the entry is updated, no second one.
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=_discovery(engine.port, **props)
    )
    assert result["reason"] == "already_configured"

    # A reload of the store re-attaches its engine.
    await hass.config_entries.async_reload(store.entry_id)
    await hass.async_block_till_done()
    assert await link_of(store).async_wait_available(10)
    assert link_of(store).standalone

    assert await hass.config_entries.async_unload(engine_entry.entry_id)
    await hass.async_block_till_done()
    assert not link_of(store).available
    assert link_of(store).client is None


@pytest.mark.parametrize(
    ("properties", "reason"),
    [
        ({"api": "1"}, "not_an_engine"),
        ({"id": "x", "api": "2"}, "unsupported_engine_api"),
    ],
)
async def test_discovery_rejections(
    hass: HomeAssistant, store: MockConfigEntry, properties: dict[str, str], reason: str
) -> None:
    """An announcement that is not a usable engine is dropped with a reason."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=_discovery(9, **properties)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == reason


async def test_door_announcements_still_reach_the_door_flow(
    hass: HomeAssistant, store: MockConfigEntry
) -> None:
    """The engine half hands other service types to the door half."""
    info = _discovery(9)
    info.type = "_unmanned-door._tcp.local."
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=info
    )
    assert result["reason"] == "not_a_door_device"


async def test_engine_by_address(
    hass: HomeAssistant,
    store: MockConfigEntry,
    engine: EngineServer,
    unused_tcp_port_factory: object,
) -> None:
    """By host, port and token; an address where nothing listens is a clear error."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": "engine"})
    assert result["step_id"] == "engine"
    closed_port = engine.port + 1 if engine.port < 65535 else engine.port - 1
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": closed_port, "token": TOKEN}
    )
    assert result["errors"] == {"base": "engine_cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": engine.port, "token": TOKEN}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    link = link_of(store)
    await wait_for(lambda: link.available, 10)


async def test_no_store_no_engine(hass: HomeAssistant) -> None:
    """An engine needs a store to serve."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": "engine"})
    assert result["reason"] == "no_store"
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_ZEROCONF},
        data=_discovery(9, id="x", api="1"),
    )
    assert result["reason"] == "no_store"


@pytest.mark.parametrize(
    ("token", "state"),
    [
        ("wrong-token-0123456789", ConfigEntryState.SETUP_ERROR),
        (TOKEN, ConfigEntryState.SETUP_RETRY),
    ],
)
async def test_engine_entry_that_cannot_attach(
    hass: HomeAssistant,
    store: MockConfigEntry,
    engine: EngineServer,
    token: str,
    state: ConfigEntryState,
) -> None:
    """A refused token asks for the engine to be added again; an unreachable one is retried."""
    port = engine.port if state is ConfigEntryState.SETUP_ERROR else 9
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Backroom engine",
        unique_id="engine_backroom",
        data={
            "entry_type": ENTRY_TYPE_ENGINE,
            "host": "127.0.0.1",
            "port": port,
            "token": token,
            "store_entry_id": store.entry_id,
        },
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is state
    assert not link_of(store).standalone


async def test_engine_entry_without_its_store(hass: HomeAssistant) -> None:
    """The store it served was deleted: the entry says so instead of retrying forever."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        data={
            "entry_type": ENTRY_TYPE_ENGINE,
            "host": "127.0.0.1",
            "port": 9,
            "token": TOKEN,
            "store_entry_id": "gone",
        },
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
