"""Identity-provider codes (Naver, Kakao, PASS) verified by a real HTTP verifier on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.unmanned_store.const import (
    CONF_VERIFIER_FAIL_OPEN,
    CONF_VERIFIER_TOKEN,
    CONF_VERIFIER_URL,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from .common import scan_action, verifier_server

TOKEN = "verifier-token-123"
ACCESS = "event.door_access"
MODE = "select.door_mode"

# What the fake provider knows: code -> its answer.
ANSWERS: dict[str, dict[str, Any]] = {
    "naver-adult": {"granted": True, "subject": "n-1", "adult": True, "provider": "naver"},
    "kakao-teen": {"granted": True, "subject": "k-2", "adult": False, "provider": "kakao"},
    "pass-refused": {
        "granted": False,
        "subject": "p-3",
        "adult": False,
        "provider": "pass",
        "reason": "identity not confirmed",
    },
}


@pytest.fixture
async def verifier_url(socket_enabled: None) -> AsyncIterator[str]:
    """A provider verifier speaking our contract, bound to 127.0.0.1."""

    async def answer(request: web.Request, body: dict[str, Any]) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"error": "unauthorised"}, status=401)
        if body["code"] == "broken-json":
            return web.Response(text="{not json", content_type="application/json")
        return web.json_response(
            ANSWERS.get(
                body["code"],
                {"granted": False, "subject": None, "adult": False, "provider": "other"},
            )
        )

    async with verifier_server(answer) as url:
        yield url


async def _configure(
    hass: HomeAssistant, entry: MockConfigEntry, user_input: dict[str, Any]
) -> dict[str, Any]:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "identity_provider"}
    )
    assert result["step_id"] == "identity_provider"
    result = await hass.config_entries.options.async_configure(result["flow_id"], user_input)
    await hass.async_block_till_done()
    return dict(result)


async def test_provider_codes(
    hass: HomeAssistant, init_integration: MockConfigEntry, verifier_url: str
) -> None:
    """The provider's answer decides; visitors are pseudonymous; adults-only uses its flag."""
    entry = init_integration
    result = await _configure(
        hass,
        entry,
        {
            CONF_VERIFIER_URL: verifier_url,
            CONF_VERIFIER_TOKEN: TOKEN,
            CONF_VERIFIER_FAIL_OPEN: False,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY

    adult = await scan_action(hass, entry, "naver-adult")
    assert adult["granted"] is True
    assert adult["method"] == "provider"
    assert adult["adult"] is True
    assert adult["visitor"]
    assert "n-1" not in adult["visitor"]
    assert hass.states.get(ACCESS).attributes["provider"] == "naver"

    refused = await scan_action(hass, entry, "pass-refused")
    assert (refused["granted"], refused["reason"]) == (False, "provider_denied")
    broken = await scan_action(hass, entry, "broken-json")
    assert (broken["granted"], broken["reason"]) == (False, "provider_unavailable")

    await hass.services.async_call(
        "select", "select_option", {"entity_id": MODE, "option": "adults_only"}, blocking=True
    )
    teen = await scan_action(hass, entry, "kakao-teen")
    assert (teen["granted"], teen["reason"]) == (False, "not_adult")
    assert (await scan_action(hass, entry, "naver-adult"))["granted"] is True


async def test_unreachable_provider_fails_closed(
    hass: HomeAssistant, init_integration: MockConfigEntry, socket_enabled: None
) -> None:
    """A verifier nobody answers on keeps the door shut, with the reason."""
    result = await _configure(
        hass,
        init_integration,
        {
            CONF_VERIFIER_URL: "http://127.0.0.1:9/verify",
            CONF_VERIFIER_TOKEN: TOKEN,
            CONF_VERIFIER_FAIL_OPEN: False,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    response = await scan_action(hass, init_integration, "naver-adult")
    assert (response["granted"], response["reason"]) == (False, "provider_unavailable")


async def test_without_provider_codes_are_unrecognised(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """With no verifier configured only store passes work."""
    response = await scan_action(hass, init_integration, "naver-adult")
    assert (response["granted"], response["reason"]) == (False, "unrecognised")


@pytest.mark.parametrize(
    ("user_input", "errors"),
    [
        (
            {CONF_VERIFIER_URL: "not a url", CONF_VERIFIER_TOKEN: TOKEN},
            {"verifier_url": "invalid_url"},
        ),
        (
            {CONF_VERIFIER_URL: "http://verifier.example/verify", CONF_VERIFIER_TOKEN: TOKEN},
            {"verifier_url": "https_required"},
        ),
        (
            {CONF_VERIFIER_URL: "https://verifier.example/verify", CONF_VERIFIER_TOKEN: "a b"},
            {"verifier_token": "invalid_verifier_token"},
        ),
        (
            {CONF_VERIFIER_URL: "https://verifier.example/verify"},
            {"verifier_token": "invalid_verifier_token"},
        ),
    ],
)
async def test_provider_options_bad_input(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    user_input: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """Each bad verifier setting gets its own error and changes nothing."""
    result = await _configure(
        hass, init_integration, {**user_input, CONF_VERIFIER_FAIL_OPEN: False}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert CONF_VERIFIER_URL not in init_integration.options


async def test_provider_options_cleared(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """An empty address removes the verifier."""
    await _configure(
        hass,
        init_integration,
        {
            CONF_VERIFIER_URL: "https://verifier.example/verify",
            CONF_VERIFIER_TOKEN: TOKEN,
            CONF_VERIFIER_FAIL_OPEN: True,
        },
    )
    assert init_integration.options[CONF_VERIFIER_URL] == "https://verifier.example/verify"
    await _configure(hass, init_integration, {CONF_VERIFIER_FAIL_OPEN: True})
    assert CONF_VERIFIER_URL not in init_integration.options
    assert CONF_VERIFIER_TOKEN not in init_integration.options
    assert init_integration.options[CONF_VERIFIER_FAIL_OPEN] is False
