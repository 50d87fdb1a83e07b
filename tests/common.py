"""Helpers shared by the Home Assistant tests: the owner's actions, and real peers on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
import contextlib
from typing import Any

from aiohttp import web

from custom_components.unmanned_store.const import DOMAIN
from homeassistant.config_entries import SOURCE_USER, ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType


async def issue_pass(hass: HomeAssistant, entry: ConfigEntry, **fields: Any) -> dict[str, Any]:
    """Issue a store pass through the action, as the owner does."""
    response = await hass.services.async_call(
        DOMAIN,
        "issue_pass",
        {"config_entry_id": entry.entry_id, "kind": "member", **fields},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return dict(response)


async def get_visits(hass: HomeAssistant, entry: ConfigEntry, **filters: Any) -> list[Any]:
    """The visitor log through the get_visits action, newest first."""
    response = await hass.services.async_call(
        DOMAIN,
        "get_visits",
        {"config_entry_id": entry.entry_id, "limit": 1000, **filters},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return list(response["visits"])


async def scan_action(hass: HomeAssistant, entry: ConfigEntry, code: str) -> dict[str, Any]:
    """Scan a code through the scan action and return the decision."""
    response = await hass.services.async_call(
        DOMAIN,
        "scan",
        {"config_entry_id": entry.entry_id, "code": code},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return dict(response)


async def add_door_device_by_address(
    hass: HomeAssistant, port: int, pairing_code: str
) -> ConfigEntry:
    """Add a networked door through the manual config-flow steps."""
    flow = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    flow = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"next_step_id": "door_device"}
    )
    flow = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"host": "127.0.0.1", "port": port}
    )
    flow = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"pairing_code": pairing_code}
    )
    assert flow["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    entry: ConfigEntry = flow["result"]
    return entry


@contextlib.asynccontextmanager
async def verifier_server(
    answer: Callable[[web.Request, dict[str, Any]], Awaitable[web.Response]],
) -> AsyncIterator[str]:
    """An identity-provider verifier on 127.0.0.1; yields its URL. answer(request, body)."""

    async def verify(request: web.Request) -> web.Response:
        return await answer(request, await request.json())

    app = web.Application()
    app.router.add_post("/verify", verify)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}/verify"
    finally:
        await runner.cleanup()
