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
)
from homeassistant.core import HomeAssistant
from reference_door import DeviceConfig, start_device

from .common import add_door_device_by_address, issue_pass, scan_action, verifier_server

VERIFIER_TOKEN = "verifier-secret-token-42"
SUBJECT = "naver-subject-0102345678"
PROVIDER_CODE = "NAVER-QR-7f3a9c1e"
PAIRING_CODE = "864201"


@pytest.fixture
async def verifier_url(socket_enabled: None) -> AsyncIterator[str]:
    """A provider verifier that grants one code."""

    async def answer(request: web.Request, body: dict[str, Any]) -> web.Response:
        return web.json_response(
            {
                "granted": body["code"] == PROVIDER_CODE,
                "subject": SUBJECT,
                "adult": True,
                "provider": "naver",
            }
        )

    async with verifier_server(answer) as url:
        yield url


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

    code = str((await issue_pass(hass, entry, max_uses=1))["code"])
    assert (await scan_action(hass, entry, code))["granted"] is True
    assert (await scan_action(hass, entry, code))["reason"] == "used_up"
    assert (await scan_action(hass, entry, code[:-3] + "AAA"))["reason"] == "bad_signature"
    assert (await scan_action(hass, entry, PROVIDER_CODE))["granted"] is True
    assert (await scan_action(hass, entry, "NAVER-QR-unknown"))["reason"] == "provider_denied"

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
        device_entry = await add_door_device_by_address(hass, device.port, PAIRING_CODE)
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
