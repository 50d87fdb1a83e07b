"""The engine add-on, end to end on loopback: the real run script and engine process announce
themselves to a stand-in Supervisor, and the integration's hassio step links the engine to a
store with the token from the announcement (the owner types nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import yaml

from custom_components.unmanned_store.cameras.engine_entry import ENTRY_TYPE_ENGINE
from custom_components.unmanned_store.const import DOMAIN
from homeassistant.config_entries import SOURCE_HASSIO, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.service_info.hassio import HassioServiceInfo
from tests.conftest import STORE_ID
from tests.packaging.addon_process import addon_env, run_addon, wait_for, write_options
from tests.packaging.common import ADDON
from tests.packaging.supervisor import FakeSupervisor
from unmanned_store_engine.engine import Settings
from unmanned_store_engine.runner import EngineServer

from .conftest import link_of

SUPERVISOR_TOKEN = "supervisor-token-for-this-add-on"
ADDON_NAME = "Unmanned Store Engine"


def _service_info(message: dict[str, Any]) -> HassioServiceInfo:
    """What Home Assistant's hassio component hands the flow for a discovery message: the
    message's config, the add-on's name (from the add-on info) and slug, the message uuid."""
    return HassioServiceInfo(
        config=message["config"], name=ADDON_NAME, slug=message["app"], uuid=message["uuid"]
    )


async def test_addon_discovery_links_the_engine_to_the_store(
    hass: HomeAssistant, store: MockConfigEntry, tmp_path: Path
) -> None:
    """Run script + engine announce; confirm picks the store; the engine entry loads."""
    config = yaml.safe_load((ADDON / "config.yaml").read_text(encoding="utf-8"))
    supervisor = FakeSupervisor(
        token=SUPERVISOR_TOKEN,
        slug=f"local_{config['slug']}",
        discovery_services=config["discovery"],
        hostname="127.0.0.1",  # how Home Assistant reaches the add-on; loopback here
    )
    write_options(tmp_path, dict(config["options"]) | {"name": "Backroom add-on"})
    async with supervisor.serve():
        env = addon_env(tmp_path, supervisor_url=supervisor.url, supervisor_token=SUPERVISOR_TOKEN)
        async with run_addon(env) as addon:
            await wait_for(lambda: bool(supervisor.messages), addon, "the discovery message")
            (message,) = supervisor.messages.values()
            assert message["service"] == DOMAIN

            result = await hass.config_entries.flow.async_init(
                DOMAIN, context={"source": SOURCE_HASSIO}, data=_service_info(message)
            )
            assert result["type"] is FlowResultType.FORM
            assert result["step_id"] == "hassio_confirm"
            assert result["description_placeholders"] == {
                "addon": ADDON_NAME,
                "name": "Backroom add-on",
            }
            # Nothing to type: the only field is the store, already chosen.
            fields = {str(key): key for key in result["data_schema"].schema}
            assert set(fields) == {"store"}
            assert fields["store"].default() == store.entry_id

            result = await hass.config_entries.flow.async_configure(
                result["flow_id"], {"store": store.entry_id}
            )
            assert result["type"] is FlowResultType.CREATE_ENTRY
            assert result["title"] == "Backroom add-on"
            await hass.async_block_till_done()
            engine_entry = result["result"]
            token = (addon.data_dir / "engine_token").read_text(encoding="utf-8").strip()
            assert engine_entry.data == {
                "entry_type": ENTRY_TYPE_ENGINE,
                "host": "127.0.0.1",
                "port": message["config"]["port"],
                "token": token,
                "store_entry_id": store.entry_id,
            }
            assert engine_entry.unique_id == "engine_addon-test"
            assert engine_entry.state is ConfigEntryState.LOADED
            link = link_of(store)
            assert await link.async_wait_available(10)
            assert link.standalone
            assert link.process is None
            device = dr.async_get(hass).async_get_device({(DOMAIN, "engine_addon-test")})
            store_device = dr.async_get(hass).async_get_device({(DOMAIN, STORE_ID)})
            assert device is not None
            assert store_device is not None
            assert device.via_device_id == store_device.id

            # Announced again (Home Assistant restarted, add-on updated): no second entry.
            result = await hass.config_entries.flow.async_init(
                DOMAIN, context={"source": SOURCE_HASSIO}, data=_service_info(message)
            )
            assert result["type"] is FlowResultType.ABORT
            assert result["reason"] == "already_configured"
            assert len(hass.config_entries.async_entries(DOMAIN)) == 2

            assert await hass.config_entries.async_unload(engine_entry.entry_id)
            await hass.async_block_till_done()
    assert addon.process.returncode == 0
    assert supervisor.messages == {}


async def test_a_moved_addon_updates_the_entry(
    hass: HomeAssistant, store: MockConfigEntry, tmp_path: Path
) -> None:
    """A second announcement of a known engine at a new address rewrites host, port, token."""
    write_options(
        tmp_path, {"log_level": "info", "name": "Moved", "backlog": 1000, "zeroconf": False}
    )
    supervisor = FakeSupervisor(SUPERVISOR_TOKEN, "local_x", [DOMAIN], "127.0.0.1")
    old = MockConfigEntry(
        domain=DOMAIN,
        version=2,
        minor_version=1,
        unique_id="engine_addon-test",
        data={
            "entry_type": ENTRY_TYPE_ENGINE,
            "host": "192.0.2.1",
            "port": 1,
            "token": "old-token-0123456789",
            "store_entry_id": store.entry_id,
        },
    )
    old.add_to_hass(hass)
    async with supervisor.serve():
        env = addon_env(tmp_path, supervisor_url=supervisor.url, supervisor_token=SUPERVISOR_TOKEN)
        async with run_addon(env) as addon:
            await wait_for(lambda: bool(supervisor.messages), addon, "the discovery message")
            (message,) = supervisor.messages.values()
            result = await hass.config_entries.flow.async_init(
                DOMAIN, context={"source": SOURCE_HASSIO}, data=_service_info(message)
            )
            assert result["reason"] == "already_configured"
            assert old.data["host"] == "127.0.0.1"
            assert old.data["port"] == message["config"]["port"]
            assert old.data["token"] == message["config"]["token"]
            await hass.config_entries.async_unload(old.entry_id)
            await hass.async_block_till_done()


@pytest.mark.parametrize(
    ("config", "reason"),
    [
        ({"host": "127.0.0.1", "port": 8765}, "invalid_discovery_info"),
        ({"host": "", "port": 8765, "token": "t" * 20}, "invalid_discovery_info"),
        ({"host": "127.0.0.1", "port": "8765", "token": "t" * 20}, "invalid_discovery_info"),
        ({"host": "127.0.0.1", "port": 8765, "token": "short"}, "invalid_discovery_info"),
        ({"host": "127.0.0.1", "port": 9, "token": "t" * 20}, "engine_not_answering"),
    ],
)
async def test_unusable_announcements_are_dropped(
    hass: HomeAssistant, store: MockConfigEntry, config: dict[str, Any], reason: str
) -> None:
    """A broken announcement, or an engine that does not answer, aborts with a reason."""
    info = HassioServiceInfo(config=config, name=ADDON_NAME, slug="local_x", uuid="u" * 32)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_HASSIO}, data=info
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == reason


async def test_addon_without_a_store_waits(hass: HomeAssistant, tmp_path: Path) -> None:
    """Before any store exists the announcement is dropped (the Supervisor keeps the message:
    Home Assistant offers it again when it next starts)."""
    write_options(tmp_path, {"log_level": "info", "name": "E", "backlog": 1000, "zeroconf": False})
    supervisor = FakeSupervisor(SUPERVISOR_TOKEN, "local_x", [DOMAIN], "127.0.0.1")
    async with supervisor.serve():
        env = addon_env(tmp_path, supervisor_url=supervisor.url, supervisor_token=SUPERVISOR_TOKEN)
        async with run_addon(env) as addon:
            await wait_for(lambda: bool(supervisor.messages), addon, "the discovery message")
            (message,) = supervisor.messages.values()
            result = await hass.config_entries.flow.async_init(
                DOMAIN, context={"source": SOURCE_HASSIO}, data=_service_info(message)
            )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_store"


async def test_store_removed_before_confirming(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, unused_tcp_port: int, tmp_path: Path
) -> None:
    """The store is deleted while the confirmation is open: the flow ends, nothing is made."""
    store = mock_config_entry
    store.add_to_hass(hass)
    assert await hass.config_entries.async_setup(store.entry_id)
    await hass.async_block_till_done()
    server = EngineServer(
        Settings(
            token="t" * 20,
            port=unused_tcp_port,
            zeroconf=False,
            engine_id="inline",
            name="Inline engine",
            config_path=tmp_path / "engine.json",
        )
    )
    await server.start()
    try:
        info = HassioServiceInfo(
            config={"host": "127.0.0.1", "port": unused_tcp_port, "token": "t" * 20},
            name=ADDON_NAME,
            slug="local_x",
            uuid="u" * 32,
        )
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_HASSIO}, data=info
        )
        assert result["step_id"] == "hassio_confirm"
        assert await hass.config_entries.async_remove(store.entry_id)
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"store": store.entry_id}
        )
    finally:
        await server.stop()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_store"
    assert hass.config_entries.async_entries(DOMAIN) == []
