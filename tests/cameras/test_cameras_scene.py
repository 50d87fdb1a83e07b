"""End to end: a camera added in the options flow, analysed by the real engine subprocess.

The scripted scene: two people walk in over the counting line, one of them stays in the shelf
zone (loitering), a flame appears on the floor, then the lens is covered.
"""

from __future__ import annotations

from pathlib import Path

from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.unmanned_store.const import SUBENTRY_CAMERA
from custom_components.unmanned_store.store_events import CameraEvent
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, entity_registry as er
from tests.conftest import STORE_ID
from tests.engine import scenes

from .conftest import entity_id, link_of, wait_for


def shop_scene() -> scenes.Scene:
    """Two people enter (one leaves at the top), one loiters, a flame, then a covered lens."""
    return scenes.Scene(
        "shop",
        duration=14.5,
        actors=(
            scenes.Actor(((0.3, 0.2, 1.05), (3.0, 0.2, 0.05))),
            scenes.Actor(
                # Stops with the feet (not the middle) past the line: counts are on feet.
                ((0.8, 0.75, 1.05), (2.8, 0.75, 0.3), (14.5, 0.75, 0.3)),
                shirt=(60, 140, 60),
                sway=0.04,
            ),
        ),
        flame=(6.5, 14.5, 0.25, 0.85),
        cover=(10.5, 14.5),
    )


async def _add_camera(hass: HomeAssistant, entry: MockConfigEntry, source: str) -> None:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_CAMERA), context={"source": SOURCE_USER}
    )
    assert result["step_id"] == "user"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "Shop floor", "source": source, "role": "door"}
    )
    assert result["step_id"] == "camera_rules"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            "line": "0,0.55 1,0.55",
            "zones": "shelf: 0.55,0.1 0.95,0.1 0.95,0.7 0.55,0.7",
            "loiter_seconds": 3,
            "crowd_size": 0,
            "flame": True,
            "tamper": True,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    await hass.async_block_till_done()


async def test_scene_states_and_events_in_order(
    hass: HomeAssistant,
    store: MockConfigEntry,
    camera_events: list[CameraEvent],
    clip_dir: Path,
    hass_client: ClientSessionGenerator,
) -> None:
    """Adding the camera creates its entities; the scene's alarms arrive in the scene's order."""
    clip = shop_scene().write(clip_dir / "shop.avi")
    changes: list[tuple[str, str]] = []

    @callback
    def _record(event: Event[EventStateChangedData]) -> None:
        if (new := event.data["new_state"]) is not None:
            changes.append((new.entity_id, new.state))

    hass.bus.async_listen("state_changed", _record)
    await _add_camera(hass, store, str(clip))
    await hass.async_block_till_done()

    registry = er.async_get(hass)
    device = dr.async_get(hass).async_get_device(
        {("unmanned_store", f"{STORE_ID}_camera_shop_floor")}
    )
    assert device is not None
    keys = {
        entry.unique_id.removeprefix(f"{STORE_ID}_camera_shop_floor_")
        for entry in er.async_entries_for_device(
            registry, device.id, include_disabled_entities=True
        )
    }
    assert keys == {
        "person",
        "loitering",
        "crowding",
        "tamper",
        "flame",
        "smoke",
        "stream_connected",
        "people",
        "entries_today",
        "exits_today",
        "analysis_fps",
        "analysis_lag",
        "anomaly",
        "last_anomaly",
        "live_view",
        "loiter_seconds",
        "crowd_size",
        "flame_sensitivity",
        "smoke_sensitivity",
        "tamper_sensitivity",
        "analytics",
        "flame_detection",
        "smoke_detection",
        "tamper_detection",
        "fast_counting",
    }

    await wait_for(lambda: any(e.type == "tamper_started" for e in camera_events), 40)
    await hass.async_block_till_done()

    kinds = [e.type for e in camera_events if not e.type.endswith("_ended")]
    firsts = [
        kinds.index(kind)
        for kind in ("crossing_in", "loitering_started", "flame_started", "tamper_started")
    ]
    assert firsts == sorted(firsts), kinds
    assert kinds.count("crossing_in") == 2, kinds
    assert "crossing_out" not in kinds
    shelf = next(e for e in camera_events if e.type == "loitering_started")
    assert shelf.zone == "shelf"
    assert shelf.camera_name == "Shop floor"
    assert shelf.role == "door"
    assert shelf.snapshot_entity == entity_id(hass, "image", "shop_floor", "last_anomaly")
    crossing = [e for e in camera_events if e.type == "crossing_in"]
    assert [e.count for e in crossing] == [1, 2]

    entries = entity_id(hass, "sensor", "shop_floor", "entries_today")
    assert hass.states.get(entries).state == "2"
    assert hass.states.get(entity_id(hass, "sensor", "shop_floor", "exits_today")).state == "0"
    assert hass.states.get("sensor.mangwon_ice_cream_people_in_the_shop").state == "2"

    def first_on(key: str) -> int:
        target = entity_id(hass, "binary_sensor", "shop_floor", key)
        return changes.index((target, STATE_ON))

    assert first_on("person") < first_on("loitering") < first_on("flame") < first_on("tamper")
    anomaly = hass.states.get(entity_id(hass, "event", "shop_floor", "anomaly"))
    assert anomaly.attributes["event_type"] == "tamper"
    anomaly_types = [
        state for eid, state in changes if eid == entity_id(hass, "event", "shop_floor", "anomaly")
    ]
    assert len(anomaly_types) >= 3
    assert (
        hass.states.get(entity_id(hass, "binary_sensor", "shop_floor", "crowding")).state
        == STATE_OFF
    )

    # The anomaly snapshot is the engine's annotated JPEG.
    link = link_of(store)
    await wait_for(lambda: "shop_floor" in link.snapshots)
    assert link.snapshots["shop_floor"][1][:2] == b"\xff\xd8"
    await hass.async_block_till_done()
    image = entity_id(hass, "image", "shop_floor", "last_anomaly")
    client = await hass_client()
    response = await client.get(f"/api/image_proxy/{image}")
    assert response.status == 200
    assert await response.read() == link.snapshots["shop_floor"][1]
