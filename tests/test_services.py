"""The actions: what each bad call gets, and that services.yaml matches what is registered."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
import yaml

from custom_components.unmanned_store.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError

SERVICES_YAML = (
    Path(__file__).parent.parent / "custom_components" / "unmanned_store" / "services.yaml"
)


async def test_services_yaml_matches_registered(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Every registered action is described in services.yaml, and nothing else is."""
    described = yaml.safe_load(SERVICES_YAML.read_text(encoding="utf-8"))
    assert set(hass.services.async_services_for_domain(DOMAIN)) == set(described)


@pytest.mark.parametrize(
    ("service", "data", "key"),
    [
        ("revoke_pass", {"pass_id": "nope"}, "pass_not_found"),
        ("unban_visitor", {"visitor": "nobody"}, "visitor_not_banned"),
        ("issue_pass", {"kind": "member", "start_time": "10:00"}, "invalid_hours"),
        (
            "issue_pass",
            {"kind": "member", "start_time": "10:00", "end_time": "10:00"},
            "invalid_hours",
        ),
        (
            "get_visits",
            {"start": "2026-01-02T00:00:00", "end": "2026-01-01T00:00:00"},
            "invalid_range",
        ),
    ],
)
async def test_bad_calls_get_translated_errors(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    service: str,
    data: dict[str, str],
    key: str,
) -> None:
    """Each bad call is refused with its own translated error."""
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            service,
            {"config_entry_id": init_integration.entry_id, **data},
            blocking=True,
            return_response=service in {"issue_pass", "get_visits"},
        )
    assert err.value.translation_key == key


async def test_unknown_and_unloaded_store(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A call naming no store, or an unloaded one, says so."""
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "remote_unlock", {"config_entry_id": "missing"}, blocking=True
        )
    assert err.value.translation_key == "store_not_found"
    await hass.config_entries.async_unload(init_integration.entry_id)
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "remote_unlock",
            {"config_entry_id": init_integration.entry_id},
            blocking=True,
        )
    assert err.value.translation_key == "store_not_loaded"


async def test_pass_qr_image(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """The last issued pass is shown as a PNG QR code the owner can forward."""
    image = "image.mangwon_ice_cream_last_issued_pass"
    client = await hass_client()
    # Nothing issued yet: unavailable, so no dashboard shows a broken picture.
    assert hass.states.get(image).state == "unavailable"
    await hass.services.async_call(
        DOMAIN,
        "issue_pass",
        {"config_entry_id": init_integration.entry_id, "kind": "delivery", "weekdays": ["tue"]},
        blocking=True,
        return_response=True,
    )
    await hass.async_block_till_done()
    assert hass.states.get(image).state != "unknown"
    resp = await client.get(f"/api/image_proxy/{image}")
    assert resp.status == 200
    body = await resp.read()
    assert body.startswith(b"\x89PNG")
    listed = await hass.services.async_call(
        DOMAIN,
        "list_passes",
        {"config_entry_id": init_integration.entry_id},
        blocking=True,
        return_response=True,
    )
    assert listed is not None
    [issued] = listed["passes"]
    assert issued["kind"] == "delivery"
    assert issued["weekdays"] == ["tue"]
    assert issued["uses"] == 0
