"""A figure that never moves, in Home Assistant: a repair issue, and its fix draws an ignore area.

Real engine subprocess (its still time shortened to 3 s through $UNMANNED_STORE_STILL_MINUTES),
live HTTP MJPEG of one drawn person held still (a cardboard figure), real Repairs API.
"""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

import cv2
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.unmanned_store.cameras.engine_setup import async_start_engine
from custom_components.unmanned_store.cameras.geometry import (
    IGNORE_PREFIX,
    format_zones,
    ignore_area_under,
    parse_zones,
)
from custom_components.unmanned_store.cameras.settings import CameraSettings
from custom_components.unmanned_store.cameras.state import CameraState, StillFigure, parse_still
from custom_components.unmanned_store.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from tests.conftest import STORE_ID
from tests.engine import scenes
from tests.engine.conftest import StartMjpeg

from .conftest import add_camera_subentry, link_of, wait_for

ISSUE = f"camera_still_{STORE_ID}_figure"


def _figure_frames(directory: Path) -> list[bytes]:
    """The loiter scene's lingering person, one frame held for 40 s at 10 fps."""
    clip = scenes.loiter_scene().write(directory / "loiter.avi")
    capture = cv2.VideoCapture(str(clip))
    # 3 s in: the lingerer alone.
    capture.set(cv2.CAP_PROP_POS_FRAMES, 15)
    ok, frame = capture.read()
    capture.release()
    assert ok
    return [cv2.imencode(".jpg", frame)[1].tobytes()] * 400


async def _fix(client: object, issue_id: str) -> dict[str, object]:
    response = await client.post(  # type: ignore[attr-defined]
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    assert response.status == HTTPStatus.OK
    flow: dict[str, object] = await response.json()
    return flow


async def test_a_still_figure_raises_a_fixable_issue_and_the_fix_ignores_its_place(
    hass: HomeAssistant,
    store: MockConfigEntry,
    clip_dir: Path,
    mjpeg_server: StartMjpeg,
    hass_client: ClientSessionGenerator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The figure is a person in view; after 3 s still, a warning the owner can fix. The fix
    adds an ignore area under its feet to the camera's subentry and the engine: the figure is
    no longer a person, and the issue does not come back."""
    monkeypatch.setenv("UNMANNED_STORE_STILL_MINUTES", "0.05")
    assert await async_setup_component(hass, "repairs", {})
    frames = await hass.async_add_executor_job(_figure_frames, clip_dir)
    camera = await mjpeg_server(frames, 10)
    link = link_of(store)
    assert await async_start_engine(hass, link)
    assert await link.async_wait_available(30)
    add_camera_subentry(
        hass,
        store,
        CameraSettings(
            id="figure",
            name="Counter",
            source=camera.url,
            zones="shelf: 0,0 1,0 1,1 0,1",
            tamper=False,
        ),
    )
    await hass.async_block_till_done()
    issues = ir.async_get(hass)
    await wait_for(lambda: issues.async_get_issue(DOMAIN, ISSUE) is not None, 40)
    issue = issues.async_get_issue(DOMAIN, ISSUE)
    assert issue is not None
    assert (issue.is_fixable, issue.severity, issue.translation_key) == (
        True,
        ir.IssueSeverity.WARNING,
        "camera_still_figure",
    )
    placeholders = dict(issue.translation_placeholders or {})
    assert placeholders.pop("camera") == "Counter"
    assert placeholders.pop("minutes") == "1"
    # The figure lingers at 0.75 of the picture's width.
    assert 65 <= int(placeholders.pop("left")) <= 85
    assert 0 <= int(placeholders.pop("top")) <= 100
    assert placeholders == {}
    state = link.states["figure"]
    # Never having stirred, the cardboard figure is reported but is no person in view.
    assert state.people == 0
    figure = state.still[0]

    client = await hass_client()
    flow = await _fix(client, ISSUE)
    assert (flow["type"], flow["step_id"]) == ("form", "confirm")
    assert flow["description_placeholders"] == {"camera": "Counter"}
    response = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    assert response.status == HTTPStatus.OK
    assert (await response.json())["type"] == "create_entry"

    # The owner's zone kept, the ignore area added, in the subentry (what survives a restart).
    zones = parse_zones(link.cameras["figure"].zones)
    assert [z.id for z in zones] == ["shelf", f"{IGNORE_PREFIX}-still"]
    assert zones[1] == ignore_area_under(figure.box, False, zones[:1])
    subentry = next(iter(store.subentries.values()))
    assert subentry.data["zones"] == link.cameras["figure"].zones
    # The engine takes it: the figure's feet are ignored, nothing is still.
    await wait_for(lambda: not link.states["figure"].still)
    assert link.states["figure"].people == 0
    assert issues.async_get_issue(DOMAIN, ISSUE) is None
    await hass.async_block_till_done()
    assert issues.async_get_issue(DOMAIN, ISSUE) is None


async def test_the_fix_says_why_when_there_is_nothing_left_to_ignore(
    hass: HomeAssistant,
    store: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """Opened after the figure moved: abort, nothing changed. For a camera since removed: the
    same, with its own reason."""
    assert await async_setup_component(hass, "repairs", {})
    link = link_of(store)
    settings = CameraSettings(id="moved", name="Moved", source="/clip.mp4", analytics=False)
    await link.async_add_camera(settings)
    client = await hass_client()
    for camera_id, reason in (("moved", "figure_gone"), ("removed", "camera_gone")):
        ir.async_create_issue(
            hass,
            DOMAIN,
            f"camera_still_{STORE_ID}_{camera_id}",
            is_fixable=True,
            severity=ir.IssueSeverity.WARNING,
            translation_key="camera_still_figure",
            translation_placeholders={
                "camera": camera_id,
                "minutes": "15",
                "left": "0",
                "top": "0",
            },
            data={"entry_id": store.entry_id, "camera_id": camera_id},
        )
        flow = await _fix(client, f"camera_still_{STORE_ID}_{camera_id}")
        assert (flow["type"], flow["reason"]) == ("abort", reason)
    assert link.cameras["moved"].zones == ""


def test_the_engines_still_list_is_read_and_anything_else_is_left_out() -> None:
    """What each bad entry gets: left out, the others kept."""
    state = CameraState()
    state.apply_state(
        {
            "people": 2,
            "still": [
                {"box": [0.1, 0.2, 0.1, 0.5], "seconds": 1260},
                {"box": [0.1, 0.2, 0.1], "seconds": 5},  # three numbers
                {"box": [0.1, 0.2, 0.1, 1.5], "seconds": 5},  # off the picture
                {"box": [0.1, 0.2, 0.1, 0.5], "seconds": -1},
                {"box": [0.1, 0.2, 0.1, 0.5]},  # no time
                "figure",
            ],
        }
    )
    assert state.still == (StillFigure((0.1, 0.2, 0.1, 0.5), 1260),)
    assert parse_still({"box": ["a", 0, 0, 0], "seconds": 1}) is None
    state.apply_state({"people": 0})
    assert state.still == ()


def test_an_ignore_area_covers_the_feet_and_not_who_stands_in_front() -> None:
    """Under the feet of a figure seen at an angle, named apart from the owner's areas; round
    its middle seen from above; always inside the picture."""
    box = (0.4, 0.2, 0.1, 0.5)  # feet at 0.45, 0.7
    taken = parse_zones(f"{IGNORE_PREFIX}-still: 0,0 0.1,0 0.1,0.1; shelf: 0,0 1,0 1,1")
    zone = ignore_area_under(box, False, taken)
    assert zone.id == f"{IGNORE_PREFIX}-still2"
    xs, ys = [p[0] for p in zone.polygon], [p[1] for p in zone.polygon]
    assert min(xs) < 0.45 < max(xs)
    assert min(ys) < 0.7 < max(ys)
    # Someone standing a step in front of it (feet 0.1 of the picture lower) is not ignored.
    assert max(ys) < 0.8
    above = ignore_area_under(box, True, ())
    xs, ys = [p[0] for p in above.polygon], [p[1] for p in above.polygon]
    assert min(xs) < 0.45 < max(xs)
    assert min(ys) < 0.45 < max(ys) < 0.7
    # Boxes cut by the picture's edges, or running off it: an area inside the picture that the
    # owner's text form reads back.
    for cut in ((0.95, 0.6, 0.1, 0.45), (-0.02, 0.9, 0.05, 0.2), (0.3, -0.1, 0.1, 0.05)):
        area = ignore_area_under(cut, False, ())
        assert all(0 <= v <= 1 for point in area.polygon for v in point)
        assert parse_zones(format_zones((area,))) == (area,)
        xs, ys = [p[0] for p in area.polygon], [p[1] for p in area.polygon]
        assert max(xs) - min(xs) >= 0.05
        assert max(ys) - min(ys) >= 0.05
