"""The panel's websocket API in a real Home Assistant: passes, today's log, errors, the panel."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.unmanned_store import panel_api
from custom_components.unmanned_store.cameras.settings import CameraSettings
from custom_components.unmanned_store.const import SUBENTRY_CAMERA
from custom_components.unmanned_store.frontend import (
    ELEMENT,
    MODULE,
    PANEL_PATH,
    async_register_panel,
)
from custom_components.unmanned_store.panel_api import PREFIX, qr_png_path
from homeassistant.components import frontend
from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.setup import async_setup_component
from tests.common import scan_action


class Ws:
    """One websocket client: send a command, get its result or its error."""

    def __init__(self, client: Any) -> None:
        """Wrap hass_ws_client's client."""
        self.client = client

    async def send(self, command: str, **data: Any) -> dict[str, Any]:
        """The whole answer."""
        await self.client.send_json_auto_id({"type": f"{PREFIX}/{command}", **data})
        answer: dict[str, Any] = await self.client.receive_json()
        return answer

    async def ok(self, command: str, **data: Any) -> Any:
        """The result; fails on an error."""
        answer = await self.send(command, **data)
        assert answer["success"], answer
        return answer["result"]

    async def error(self, command: str, **data: Any) -> dict[str, Any]:
        """The error; fails on a result."""
        answer = await self.send(command, **data)
        assert not answer["success"], answer
        error: dict[str, Any] = answer["error"]
        return error


@pytest.fixture
async def ws(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, init_integration: MockConfigEntry
) -> Ws:
    """An admin's websocket to a loaded store."""
    return Ws(await hass_ws_client(hass))


@pytest.fixture
def phone(hass: HomeAssistant) -> list[ServiceCall]:
    """A phone's notify action, as the companion app registers it (notify.mobile_app_<name>)."""
    calls: list[ServiceCall] = []

    @callback
    def _receive(call: ServiceCall) -> None:
        calls.append(call)

    hass.services.async_register("notify", "mobile_app_owner_phone", _receive)
    return calls


async def test_stores(ws: Ws, init_integration: MockConfigEntry) -> None:
    """The loaded store, its language and (no) cameras."""
    result = await ws.ok("stores")
    [store] = result["stores"]
    assert store["entry_id"] == init_integration.entry_id
    assert store["name"] == "Mangwon Ice Cream"
    assert store["language"] == "ko"
    assert store["cameras"] == []


async def test_only_owners(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
    init_integration: MockConfigEntry,
) -> None:
    """A user who is not an administrator gets nothing, not even the store list."""
    reader = Ws(await hass_ws_client(hass, hass_read_only_access_token))
    for command, data in (
        ("stores", {}),
        ("today", {"entry_id": init_integration.entry_id}),
        ("pass/issue", {"entry_id": init_integration.entry_id, "kind": "member"}),
    ):
        assert (await reader.error(command, **data))["code"] == "unauthorized"


async def test_pass_life(
    hass: HomeAssistant,
    ws: Ws,
    init_integration: MockConfigEntry,
    phone: list[ServiceCall],
    hass_client: ClientSessionGenerator,
) -> None:
    """Issue, list, show again, send to a phone, scan, revoke: one pass through the panel."""
    entry_id = init_integration.entry_id
    issued = await ws.ok(
        "pass/issue",
        entry_id=entry_id,
        kind="delivery",
        label="화요일 배송",
        valid_days=7,
        weekdays=["tue", "fri"],
        start_time="09:00",
        end_time="18:00",
        max_uses=10,
    )
    assert issued["code"].startswith("USP1.")
    assert issued["qr_svg"].startswith("<svg")
    [listed] = (await ws.ok("pass/list", entry_id=entry_id))["passes"]
    assert listed["pass_id"] == issued["pass_id"]
    assert listed["label"] == "화요일 배송"
    assert listed["weekdays"] == ["tue", "fri"]
    assert listed["hours"] == ["09:00", "18:00"]
    assert listed["max_uses"] == 10
    # Shown again later, the same code (signed again from the stored terms).
    again = await ws.ok("pass/qr", entry_id=entry_id, pass_id=issued["pass_id"])
    assert again["code"] == issued["code"]
    assert again["qr_svg"] == issued["qr_svg"]

    assert "mobile_app_owner_phone" in (await ws.ok("notify_targets"))["targets"]
    await ws.ok(
        "pass/send", entry_id=entry_id, pass_id=issued["pass_id"], target="mobile_app_owner_phone"
    )
    [sent] = phone
    # The store is Korean: so is the message.
    assert sent.data["title"] == "Mangwon Ice Cream: 출입 패스"
    assert "화요일 배송" in sent.data["message"]
    assert "배송" in sent.data["message"]
    assert "유효합니다" in sent.data["message"]
    image = sent.data["data"]["image"]
    assert image == qr_png_path(entry_id, issued["pass_id"])
    client = await hass_client()
    response = await client.get(image)
    assert response.status == 200
    assert response.content_type == "image/png"
    assert (await response.read()).startswith(b"\x89PNG")
    assert (await client.get(qr_png_path(entry_id, "nope"))).status == 404

    error = await ws.error("pass/send", entry_id=entry_id, pass_id=issued["pass_id"], target="tv")
    assert error["code"] == "target_not_found"
    assert error["translation_placeholders"] == {"target": "tv"}

    await ws.ok("pass/revoke", entry_id=entry_id, pass_id=issued["pass_id"])
    assert (await ws.ok("pass/list", entry_id=entry_id))["passes"] == []
    [revoked] = (await ws.ok("pass/list", entry_id=entry_id, include_revoked=True))["passes"]
    assert revoked["revoked"] is True
    assert (await ws.error("pass/qr", entry_id=entry_id, pass_id=issued["pass_id"]))[
        "code"
    ] == "pass_revoked"
    assert (await client.get(image)).status == 404
    assert not (await scan_action(hass, init_integration, issued["code"]))["granted"]
    # The action's own refusal reaches the panel with the action's translation key.
    error = await ws.error("pass/revoke", entry_id=entry_id, pass_id="missing")
    assert error["code"] == "pass_not_found"
    assert error["translation_placeholders"] == {"pass_id": "missing"}


async def test_pass_errors(ws: Ws, init_integration: MockConfigEntry) -> None:
    """Half a time window, bad values and unknown stores are refused with their keys."""
    entry_id = init_integration.entry_id
    error = await ws.error("pass/issue", entry_id=entry_id, kind="member", start_time="09:00")
    assert error["code"] == "invalid_hours"
    error = await ws.error(
        "pass/issue", entry_id=entry_id, kind="member", start_time="09:00", end_time="09:00"
    )
    assert error["code"] == "invalid_hours"
    error = await ws.error("pass/issue", entry_id=entry_id, kind="member", start_time="25:00")
    assert error["code"] == "invalid_format"
    error = await ws.error("pass/issue", entry_id=entry_id, kind="vip")
    assert error["code"] == "invalid_format"
    error = await ws.error("pass/issue", entry_id="nope", kind="member")
    assert error["code"] == "store_not_found"
    assert error["translation_placeholders"] == {"entry_id": "nope"}
    assert (await ws.error("pass/qr", entry_id=entry_id, pass_id="nope"))["code"] == (
        "pass_not_found"
    )


async def test_today_visits_and_csv(
    hass: HomeAssistant, ws: Ws, init_integration: MockConfigEntry
) -> None:
    """Today's figures, denials by reason, the filtered log and its CSV, from real scans."""
    entry_id = init_integration.entry_id
    empty = await ws.ok("today", entry_id=entry_id)
    assert (empty["granted"], empty["visitors"], empty["denied"]) == (0, 0, 0)
    assert empty["denials"] == []

    member = await ws.ok("pass/issue", entry_id=entry_id, kind="member", label="단골")
    staff = await ws.ok("pass/issue", entry_id=entry_id, kind="staff", label="직원")
    used_once = await ws.ok("pass/issue", entry_id=entry_id, kind="member", max_uses=1)
    for code in (member["code"], member["code"], staff["code"], used_once["code"]):
        assert (await scan_action(hass, init_integration, code))["granted"]
    for code in ("garbage", used_once["code"], used_once["code"]):
        assert not (await scan_action(hass, init_integration, code))["granted"]

    today = await ws.ok("today", entry_id=entry_id)
    assert today["granted"] == 4
    assert today["visitors"] == 3
    assert today["denied"] == 3
    assert today["denials"][0] == {"reason": "used_up", "count": 2}
    assert len(today["denials"]) == 2
    assert today["camera_entries"] in (0, None)

    visits = (await ws.ok("visits", entry_id=entry_id))["visits"]
    assert len(visits) == 7
    assert visits[0]["time"] >= visits[-1]["time"]
    denied = (await ws.ok("visits", entry_id=entry_id, result="denied"))["visits"]
    assert {visit["reason"] for visit in denied} == {"used_up", denied[-1]["reason"]}
    assert len(denied) == 3
    visitor = visits[-1]["visitor"]
    mine = (await ws.ok("visits", entry_id=entry_id, visitor=visitor))["visits"]
    assert mine
    assert all(visit["visitor"] == visitor for visit in mine)
    page = (await ws.ok("visits", entry_id=entry_id, limit=2, offset=1))["visits"]
    assert page == visits[1:3]
    future = await ws.ok("visits", entry_id=entry_id, start="2999-01-01T00:00:00+09:00")
    assert future["visits"] == []
    error = await ws.error(
        "visits", entry_id=entry_id, start="2026-01-02T00:00:00", end="2026-01-01T00:00:00"
    )
    assert error["code"] == "invalid_range"

    exported = await ws.ok("visits/csv", entry_id=entry_id, result="granted")
    assert exported["rows"] == 4
    rows = list(csv.DictReader(io.StringIO(exported["csv"])))
    assert len(rows) == 4
    assert {row["result"] for row in rows} == {"granted"}
    assert {row["pass_kind"] for row in rows} == {"member", "staff"}
    # Pseudonymous as stored: keys, never the codes.
    assert member["code"] not in exported["csv"]
    assert all(len(row["visitor"]) >= 16 for row in rows)


async def test_camera_commands_without_an_engine(ws: Ws, init_integration: MockConfigEntry) -> None:
    """A store with no camera: the camera commands say so in words the panel translates."""
    entry_id = init_integration.entry_id
    for command, data in (
        ("camera/snapshot", {}),
        ("camera/subscribe", {}),
        ("camera/save", {"line": None, "zones": []}),
        ("camera/replay", {"clip": "/media/x.mp4", "line": None, "zones": []}),
    ):
        error = await ws.error(command, entry_id=entry_id, camera_id="door", **data)
        assert error["code"] in {"camera_not_found", "engine_unavailable"}, (command, error)
    clips = await ws.ok("camera/clips")
    assert clips == {"clips": []}


async def test_panel_is_registered_for_owners(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, mock_config_entry: MockConfigEntry
) -> None:
    """With Home Assistant's frontend loaded, the sidebar panel and its module are there."""
    hass.config.language = "ko"
    assert await async_setup_component(hass, "frontend", {})
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    panel = hass.data[frontend.DATA_PANELS][PANEL_PATH]
    assert panel.require_admin is True
    assert panel.sidebar_title == "매장 관리"
    custom = panel.config["_panel_custom"]
    assert custom["name"] == ELEMENT
    assert await async_register_panel(hass)  # a second time changes nothing
    client = await hass_client()
    response = await client.get(custom["module_url"])
    assert response.status == 200
    body = await response.text()
    assert f'customElements.define("{ELEMENT}"' in body
    assert body == MODULE.read_text(encoding="utf-8")
    # The module is also loaded on every page, for the dashboard strategy.
    assert custom["module_url"] in hass.data[frontend.DATA_EXTRA_MODULE_URL].urls
    assert "ll-strategy-dashboard-unmanned-store" in body


async def test_dashboard_for_any_user(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
    init_integration: MockConfigEntry,
) -> None:
    """The owner dashboard's view is generated from the store's own entities, for everyone."""
    reader = Ws(await hass_ws_client(hass, hass_read_only_access_token))
    [view] = (await reader.ok("dashboard"))["views"]
    assert view["title"] == "매장"
    cards = view["cards"]
    assert cards[0] == {"type": "heading", "heading": "Mangwon Ice Cream"}
    tiles = {tile["entity"]: tile["name"] for tile in cards[1]["cards"]}
    assert tiles["sensor.door_visitors_today"] == "오늘 방문"
    for entity_id in tiles:
        assert hass.states.get(entity_id) is not None, entity_id
    [english] = (await reader.ok("dashboard", language="en-US"))["views"]
    assert english["title"] == "Shop"
    await hass.config_entries.async_unload(init_integration.entry_id)
    hass.config.language = "en"
    [empty] = (await reader.ok("dashboard"))["views"]
    assert empty["cards"][0]["content"].startswith("No store is set up yet")


async def test_no_panel_without_a_frontend(hass: HomeAssistant) -> None:
    """Home Assistant without its frontend (a headless install) gets no panel, and no error."""
    assert not await async_register_panel(hass)


async def test_camera_while_the_engine_is_down(
    hass: HomeAssistant,
    ws: Ws,
    init_integration: MockConfigEntry,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A camera whose engine is not running: no picture, nothing saved, no replay, and why."""
    monkeypatch.setattr(panel_api, "ENGINE_WAIT_SECONDS", 0.05)
    settings = CameraSettings(id="door", name="Door", role="door", source="/nowhere.mp4")
    hass.config_entries.async_add_subentry(
        init_integration,
        ConfigSubentry(
            data=settings.as_dict(), subentry_type=SUBENTRY_CAMERA, title="Door", unique_id="door"
        ),
    )
    await hass.async_block_till_done()
    entry_id = init_integration.entry_id
    [camera] = (await ws.ok("stores"))["stores"][0]["cameras"]
    assert (camera["id"], camera["line"], camera["zones"]) == ("door", None, [])

    error = await ws.error("camera/snapshot", entry_id=entry_id, camera_id="door")
    assert error["code"] == "no_snapshot"
    line = {"p1": [0, 0.5], "p2": [1, 0.5]}
    error = await ws.error("camera/save", entry_id=entry_id, camera_id="door", line=line, zones=[])
    assert error["code"] == "engine_unavailable"
    [subentry] = init_integration.subentries.values()
    assert subentry.data["line"] == ""

    media = tmp_path / "media"
    media.mkdir()
    (media / "clip.mp4").write_bytes(b"not really a video")
    hass.config.allowlist_external_dirs = {str(media)}
    error = await ws.error(
        "camera/replay",
        entry_id=entry_id,
        camera_id="door",
        clip=str(media / "clip.mp4"),
        line=line,
        zones=[],
    )
    assert error["code"] == "engine_unavailable"

    subscribed = await ws.send("camera/subscribe", entry_id=entry_id, camera_id="door")
    assert subscribed["success"]
    figures = await ws.client.receive_json()
    assert figures["event"] == {
        "available": False,
        "people": None,
        "entries_today": 0,
        "exits_today": 0,
        "zones": {},
    }
