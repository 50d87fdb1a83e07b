"""Logs and diagnostics never carry pass codes, tokens, provider subjects or secrets.

A whole door session runs with every logger at DEBUG: a store pass, garbage, a provider code
through a real verifier, a paired networked door (with a stream drop); then the captured log
and the diagnostics of both entries are searched for every secret involved.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
import json
import logging
from pathlib import Path
from typing import Any

from aiohttp import web
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.unmanned_store.const import (
    CONF_PASS_SECRET,
    CONF_PSEUDONYM_KEY,
    CONF_TOKEN,
    DOMAIN,
)
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from reference_door import DeviceConfig, start_device

VERIFIER_TOKEN = "verifier-secret-token-42"
SUBJECT = "naver-subject-0102345678"
PROVIDER_CODE = "NAVER-QR-7f3a9c1e"
PAIRING_CODE = "864201"


@pytest.fixture
async def verifier_url(socket_enabled: None) -> AsyncIterator[str]:
    """A provider verifier that grants one code."""

    async def verify(request: web.Request) -> web.Response:
        body = await request.json()
        granted = body["code"] == PROVIDER_CODE
        return web.json_response(
            {"granted": granted, "subject": SUBJECT, "adult": True, "provider": "naver"}
        )

    app = web.Application()
    app.router.add_post("/verify", verify)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/verify"
    await runner.cleanup()


async def test_no_secret_reaches_logs_or_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
    verifier_url: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Search every captured log line and both diagnostics for each secret."""
    caplog.set_level(logging.DEBUG)
    entry = init_integration
    hass.config_entries.async_update_entry(
        entry,
        options={"verifier_url": verifier_url, "verifier_token": VERIFIER_TOKEN},
    )
    await hass.async_block_till_done()

    async def scan(code: str) -> dict[str, Any]:
        response = await hass.services.async_call(
            DOMAIN,
            "scan",
            {"config_entry_id": entry.entry_id, "code": code},
            blocking=True,
            return_response=True,
        )
        assert response is not None
        return dict(response)

    issued = await hass.services.async_call(
        DOMAIN,
        "issue_pass",
        {"config_entry_id": entry.entry_id, "kind": "member", "max_uses": 1},
        blocking=True,
        return_response=True,
    )
    assert issued is not None
    code = str(issued["code"])
    assert (await scan(code))["granted"] is True
    assert (await scan(code))["reason"] == "used_up"
    assert (await scan(code[:-3] + "AAA"))["reason"] == "bad_signature"
    assert (await scan(PROVIDER_CODE))["granted"] is True
    assert (await scan("NAVER-QR-unknown"))["reason"] == "provider_denied"

    device = await start_device(
        DeviceConfig(
            state_dir=tmp_path / "door",
            host="127.0.0.1",
            port=0,
            pairing_code=PAIRING_CODE,
            zeroconf=False,
        )
    )
    try:
        flow = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
        flow = await hass.config_entries.flow.async_configure(
            flow["flow_id"], {"next_step_id": "door_device"}
        )
        flow = await hass.config_entries.flow.async_configure(
            flow["flow_id"], {"host": "127.0.0.1", "port": device.port}
        )
        flow = await hass.config_entries.flow.async_configure(
            flow["flow_id"], {"pairing_code": PAIRING_CODE}
        )
        await hass.async_block_till_done()
        device_entry = flow["result"]
        device.device.drop_streams()
        device.device.scan(code)
        await hass.async_block_till_done()
        diagnostics = [
            await get_diagnostics_for_config_entry(hass, hass_client, entry),
            await get_diagnostics_for_config_entry(hass, hass_client, device_entry),
        ]
        secrets = {
            "pass code": code,
            "pass secret": entry.data[CONF_PASS_SECRET],
            "pseudonym key": entry.data[CONF_PSEUDONYM_KEY],
            "verifier token": VERIFIER_TOKEN,
            "provider subject": SUBJECT,
            "provider code": PROVIDER_CODE,
            "device token": device_entry.data[CONF_TOKEN],
            "pairing code": PAIRING_CODE,
        }
        await hass.config_entries.async_unload(device_entry.entry_id)
    finally:
        await device.stop()

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Door device" in logged  # the session did log (the check below is not vacuous)
    # Home Assistant's own detector reports blocking I/O done inside the event loop.
    assert "Detected blocking call" not in logged
    dumped = json.dumps(diagnostics, default=str)
    for name, secret in secrets.items():
        assert secret not in logged, f"{name} appears in the log"
        assert secret not in dumped, f"{name} appears in the diagnostics"
