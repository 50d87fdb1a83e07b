"""Cameras as config subentries of the store, their settings entities, diagnostics, repair issue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.unmanned_store.cameras import engine_setup
from custom_components.unmanned_store.cameras.engine_help import engine_fix
from custom_components.unmanned_store.cameras.engine_setup import async_start_engine
from custom_components.unmanned_store.cameras.settings import CameraSettings
from custom_components.unmanned_store.const import DOMAIN, SUBENTRY_CAMERA
from homeassistant.components.camera import Camera
from homeassistant.components.camera.const import DATA_COMPONENT
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, SubentryFlowResult
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE, EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, entity_registry as er, issue_registry as ir
from homeassistant.helpers.system_info import async_get_system_info
from tests.conftest import STORE_ID
from tests.engine import scenes

from .conftest import entity_id, link_of, wait_for

RULES = {
    "line": "0,0.55 1,0.55",
    "zones": "",
    "loiter_seconds": 30,
    "crowd_size": 0,
    "flame": True,
    "tamper": True,
}


@pytest.fixture
def clip(clip_dir: Path) -> Path:
    """A short looping walk."""
    path = clip_dir / "walk.avi"
    if not path.exists():
        scenes.walk_scene().write(path)
    return path


async def _add(hass: HomeAssistant, entry: MockConfigEntry) -> SubentryFlowResult:
    """Start the store's "Add camera" subentry flow, as the integration page does."""
    return await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_CAMERA), context={"source": SOURCE_USER}
    )


def camera_subentry_id(entry: MockConfigEntry, camera_id: str) -> str:
    """The subentry that holds a camera."""
    (found,) = [sid for sid, sub in entry.subentries.items() if sub.unique_id == camera_id]
    return found


async def _reconfigure(
    hass: HomeAssistant, entry: MockConfigEntry, camera_id: str
) -> SubentryFlowResult:
    return await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_CAMERA),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": camera_subentry_id(entry, camera_id)},
    )


async def _configure(
    hass: HomeAssistant, result: SubentryFlowResult, data: dict[str, Any]
) -> SubentryFlowResult:
    return await hass.config_entries.subentries.async_configure(result["flow_id"], data)


class FileCamera(Camera):
    """A Home Assistant camera whose stream is a local file (as a generic camera's URL)."""

    _attr_name = "Front"
    _attr_unique_id = "test_front_camera"

    def __init__(self, source: str | None) -> None:
        """Remember the source."""
        super().__init__()
        self._source = source

    async def stream_source(self) -> str | None:
        """The stream URL handed to the engine."""
        return self._source


async def test_add_edit_remove_with_reasons(
    hass: HomeAssistant, store: MockConfigEntry, clip: Path
) -> None:
    """Every mistake has a reason; the engine applies edits live; removal removes the device."""
    result = await _add(hass, store)
    assert result["step_id"] == "user"
    for data, errors in (
        ({"name": "Door", "role": "door"}, {"base": "camera_source_one"}),
        (
            {"name": "Door", "role": "door", "source": "/x.avi", "entity_id": "camera.x"},
            {"base": "camera_source_one"},
        ),
        ({"name": "  ", "role": "door", "source": "/x.avi"}, {"name": "camera_name_required"}),
        (
            {"name": "Door", "role": "door", "source": "ftp://cam/x"},
            {"source": "camera_source_invalid"},
        ),
    ):
        result = await _configure(hass, result, data)
        assert result["errors"] == errors

    # The engine has the last word: "file:clip" is not a file:// URL it can open.
    result = await _configure(hass, result, {"name": "Door", "role": "door", "source": "file:clip"})
    assert result["step_id"] == "camera_rules"
    result = await _configure(hass, result, RULES | {"line": "0,0.5", "zones": "a: 0,0 1,0"})
    assert result["errors"] == {"line": "line_needs_two_points", "zones": "zone_needs_three_points"}
    result = await _configure(hass, result, RULES)
    assert result["errors"] == {"base": "engine_refused"}
    assert "camera.source must be" in result["description_placeholders"]["detail"]

    # A Home Assistant camera entity without a stream cannot be analysed.
    component = hass.data[DATA_COMPONENT]
    await component.async_add_entities([FileCamera(None)])
    result = await _add(hass, store)
    result = await _configure(
        hass, result, {"name": "Front", "role": "aisle", "entity_id": "camera.front"}
    )
    result = await _configure(hass, result, RULES)
    assert result["errors"] == {"base": "no_stream_source"}

    result = await _add(hass, store)
    result = await _configure(hass, result, {"name": "Door", "role": "door", "source": str(clip)})
    result = await _configure(hass, result, RULES)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Door"
    await hass.async_block_till_done()
    link = link_of(store)
    assert link.client is not None
    assert (await link.client.camera("door"))["lines"][0]["p1"] == [0.0, 0.55]
    live_view = entity_id(hass, "camera", "door", "live_view")
    subentry_id = camera_subentry_id(store, "door")
    assert store.subentries[subentry_id].data["line"] == "0,0.55 1,0.55"
    # A form without the smoke choice (an older client) leaves smoke detection on.
    assert store.subentries[subentry_id].data["smoke"] is True
    # The camera's entities belong to its subentry: the integration page lists them under it.
    registered = er.async_get(hass).async_get(live_view)
    assert registered is not None
    assert registered.config_subentry_id == subentry_id

    result = await _reconfigure(hass, store, "door")
    assert result["step_id"] == "camera_rules"
    assert result["description_placeholders"]["snapshot"].startswith(
        f"![snapshot](/api/camera_proxy/{live_view}?token="
    )
    result = await _configure(
        hass,
        result,
        RULES
        | {
            "line": "1,0.5 0,0.5",
            "zones": "till: 0,0 1,0 1,1; ignore-tv: 0.7,0 1,0 1,0.3",
            "smoke": False,
            "view": "overhead",
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    engine_view = await link.client.camera("door")
    assert engine_view["lines"][0]["p1"] == [1.0, 0.5]
    # A zone typed with a name starting "ignore" is an ignore area: a mask, not a zone.
    assert [zone["id"] for zone in engine_view["zones"]] == ["till"]
    assert engine_view["masks"] == [
        {"id": "ignore-tv", "polygon": [[0.7, 0.0], [1.0, 0.0], [1.0, 0.3]]}
    ]
    assert store.subentries[subentry_id].data["zones"] == (
        "till: 0,0 1,0 1,1; ignore-tv: 0.7,0 1,0 1,0.3"
    )
    assert store.subentries[subentry_id].data["smoke"] is False
    # A camera looking straight down: the engine searches people turned, centre as feet.
    assert engine_view["view"] == "overhead"
    assert store.subentries[subentry_id].data["view"] == "overhead"
    assert engine_view["thresholds"]["smoke"] is False
    assert link_of(store) is link  # applied live: the store was not reloaded
    assert link.running

    device = dr.async_get(hass).async_get_device({(DOMAIN, f"{STORE_ID}_camera_door")})
    assert device is not None
    assert hass.config_entries.async_remove_subentry(store, subentry_id)
    await hass.async_block_till_done()
    assert link_of(store) is link
    assert dr.async_get(hass).async_get_device({(DOMAIN, f"{STORE_ID}_camera_door")}) is None
    assert er.async_get(hass).async_get(live_view) is None
    assert hass.states.get(live_view) is None
    assert await link.client.cameras() == []


async def test_camera_entity_source_and_live_view(
    hass: HomeAssistant, store: MockConfigEntry, clip: Path, hass_client: ClientSessionGenerator
) -> None:
    """A Home Assistant camera's stream goes to the engine; the live view comes back annotated."""
    await hass.data[DATA_COMPONENT].async_add_entities([FileCamera(str(clip))])
    result = await _add(hass, store)
    result = await _configure(
        hass, result, {"name": "Front", "role": "aisle", "entity_id": "camera.front"}
    )
    result = await _configure(hass, result, RULES)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    link = link_of(store)
    assert link.client is not None
    assert (await link.client.camera("front"))["source"] == str(clip)
    await wait_for(lambda: link.states["front"].fps is not None)

    live_view = entity_id(hass, "camera", "front", "live_view")
    client = await hass_client()
    response = await client.get(f"/api/camera_proxy/{live_view}")
    assert response.status == 200
    assert (await response.read())[:2] == b"\xff\xd8"
    response = await client.get(f"/api/camera_proxy_stream/{live_view}")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("multipart/x-mixed-replace")
    chunk = await response.content.readuntil(b"\xff\xd9")
    assert b"\xff\xd8" in chunk
    response.close()

    # The engine no longer has the camera: no stream to relay, and Home Assistant says so.
    await link.client.remove_camera("front")
    response = await client.get(f"/api/camera_proxy_stream/{live_view}")
    assert response.status >= 400


async def test_settings_entities_change_the_engine(
    hass: HomeAssistant, store: MockConfigEntry, clip: Path
) -> None:
    """Numbers and switches apply live; analytics off takes the camera out of the engine."""
    link = link_of(store)
    assert await async_start_engine(hass, link)
    assert await link.async_wait_available(30)
    await link.async_add_camera(
        CameraSettings(id="aisle", name="Aisle", source=str(clip), zones="shelf: 0,0 1,0 1,1")
    )
    await hass.async_block_till_done()
    assert link.client is not None
    await hass.services.async_call(
        "number",
        "set_value",
        {"entity_id": entity_id(hass, "number", "aisle", "loiter_seconds"), "value": 7},
        blocking=True,
    )
    await hass.services.async_call(
        "number",
        "set_value",
        {"entity_id": entity_id(hass, "number", "aisle", "crowd_size"), "value": 4},
        blocking=True,
    )
    await hass.services.async_call(
        "switch",
        "turn_off",
        {"entity_id": entity_id(hass, "switch", "aisle", "flame_detection")},
        blocking=True,
    )
    config = await link.client.camera("aisle")
    assert config["zones"][0]["loiter_seconds"] == 7
    assert config["thresholds"]["crowding_people"] == 4
    assert config["thresholds"]["flame"] is False
    # Whole numbers read as such ("4", "7 s"), never "4.0".
    assert hass.states.get(entity_id(hass, "number", "aisle", "crowd_size")).state == "4"
    assert hass.states.get(entity_id(hass, "number", "aisle", "loiter_seconds")).state == "7"
    # A camera without a counting line has no entry and exit figures (not a stuck 0), and no
    # anomaly picture until its first anomaly (not a broken image).
    for key in ("entries_today", "exits_today"):
        assert hass.states.get(entity_id(hass, "sensor", "aisle", key)).state == STATE_UNAVAILABLE
    assert hass.states.get(entity_id(hass, "image", "aisle", "last_anomaly")).state == (
        STATE_UNAVAILABLE
    )
    registry = er.async_get(hass)
    for domain, key in (("number", "crowd_size"), ("switch", "analytics")):
        entry = registry.async_get(entity_id(hass, domain, "aisle", key))
        assert entry is not None
        assert entry.entity_category is EntityCategory.CONFIG

    analytics = entity_id(hass, "switch", "aisle", "analytics")
    person = entity_id(hass, "binary_sensor", "aisle", "person")
    await wait_for(lambda: hass.states.get(person).state in (STATE_ON, STATE_OFF))
    await hass.services.async_call("switch", "turn_off", {"entity_id": analytics}, blocking=True)
    assert await link.client.cameras() == []
    assert hass.states.get(person).state == STATE_UNAVAILABLE
    assert hass.states.get(analytics).state == STATE_OFF
    await hass.services.async_call("switch", "turn_on", {"entity_id": analytics}, blocking=True)
    assert [c["id"] for c in await link.client.cameras()] == ["aisle"]
    await wait_for(lambda: hass.states.get(person).state != STATE_UNAVAILABLE)

    # The engine lost the camera (edited behind our back): the change fails with its reason.
    await link.client.remove_camera("aisle")
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            "number",
            "set_value",
            {"entity_id": entity_id(hass, "number", "aisle", "crowd_size"), "value": 2},
            blocking=True,
        )
    assert err.value.translation_key == "camera_change_failed"
    assert "no camera with id 'aisle'" in str(err.value.translation_placeholders)


async def test_diagnostics_redact_stream_credentials(
    hass: HomeAssistant, store: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    """The camera's URL keeps its host for support, never its user name and password."""
    link = link_of(store)
    assert await async_start_engine(hass, link)
    assert await link.async_wait_available(30)
    await link.async_add_camera(
        CameraSettings(id="cam", name="Cam", source="rtsp://admin:hunter2@127.0.0.1:9/stream1")
    )
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, store)
    text = str(diagnostics)
    assert "hunter2" not in text
    assert "admin" not in text
    engine = diagnostics["engine"]
    assert engine["cameras"]["cam"]["source"] == "rtsp://**REDACTED**@127.0.0.1:9/stream1"
    assert engine["embedded"] is True
    assert engine["available"] is True

    # The stream cannot be reached: the camera's entities say so, the stream sensor says why.
    stream = entity_id(hass, "binary_sensor", "cam", "stream_connected")
    await wait_for(lambda: hass.states.get(stream).state == STATE_OFF)
    assert (
        hass.states.get(entity_id(hass, "binary_sensor", "cam", "person")).state
        == STATE_UNAVAILABLE
    )
    assert hass.states.get(entity_id(hass, "sensor", "cam", "people")).state == STATE_UNAVAILABLE


async def test_repair_issue_without_opencv(
    hass: HomeAssistant, store: MockConfigEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without OpenCV in Home Assistant's Python the flow explains, and a repair issue stays."""
    # OpenCV is installed in this venv; its absence is what a Home Assistant OS install has.
    monkeypatch.setattr(engine_setup, "embedded_engine_possible", lambda: False)
    result = await _add(hass, store)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "engine_unavailable"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"no_engine_{STORE_ID}")
    assert issue is not None
    # The text names the fix for how this machine runs Home Assistant (tests/cameras/
    # test_engine_repair.py covers every installation type).
    system = await async_get_system_info(hass)
    assert issue.translation_key == engine_fix(system["installation_type"]).translation_key
    monkeypatch.undo()
    result = await _add(hass, store)
    assert result["step_id"] == "user"
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"no_engine_{STORE_ID}") is None
