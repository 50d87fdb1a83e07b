"""Play a day in the demo shop against the running demo (start it with scripts/demo first).

Everything goes through the same doors a real shop uses: passes are issued with the
`unmanned_store.issue_pass` action over Home Assistant's REST API, customers scan them on the
reference door device (its /sim endpoints stand in for the QR reader and the door contact), and
the owner's actions (door mode, announcements) go through entities and actions.

Usage: .venv/bin/python scripts/demo_scenario.py [--port 8123] [--demo-dir .demo] [--pace 1.0]
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass
import json
from pathlib import Path
import sys
from typing import Any

import aiohttp
from demo_api import DOMAIN, DemoError, HomeAssistantClient
from demo_config import STORE_NAME

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Shop:
    """What the scenario drives: Home Assistant, the store entry, the door device."""

    client: HomeAssistantClient
    entry_id: str
    entities: dict[str, str]
    door_url: str
    held_open_seconds: float
    pace: float
    camera_feed: str | None = None

    async def pause(self, seconds: float) -> None:
        """Let the dashboard catch up; `--pace 0` plays the day as fast as it can."""
        await asyncio.sleep(seconds * self.pace)

    async def door(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """Drive the reference device's simulated reader or contact."""
        async with self.client.session.post(f"{self.door_url}{path}", json=body) as resp:
            if resp.status != 200:
                raise DemoError(f"the door device refused {path}: {await resp.text()}")
            result: dict[str, Any] = await resp.json()
            return result

    async def issue(self, kind: str, label: str) -> str:
        """A pass from the issue_pass action; returns its code."""
        response = await self.client.call(
            DOMAIN,
            "issue_pass",
            {"config_entry_id": self.entry_id, "kind": kind, "label": label, "valid_days": 30},
            response=True,
        )
        return str(response["code"])

    async def visit(self, code: str, who: str) -> str:
        """Scan at the door; walk in (and the door closes) when it opens. Returns the verdict."""
        _, denied_before = await self.counts()
        await self.door("/sim/scan", {"code": code})
        lock = self.entities.get("lock.main")
        for _ in range(40):
            await asyncio.sleep(0.25)
            if lock and (await self.client.state(lock))["state"] == "unlocked":
                await self.door("/sim/door", {"open": True})
                await self.pause(1.5)
                await self.door("/sim/door", {"open": False})
                print(f"    {who}: granted, walked in")
                return "granted"
            if (await self.counts())[1] > denied_before:
                print(f"    {who}: denied")
                return "denied"
        print(f"    {who}: no verdict seen")
        return "unknown"

    async def counts(self) -> tuple[int, int]:
        """Visitors let in and scans denied today."""
        return (
            await self._number("sensor.visitors_today"),
            await self._number("sensor.denied_today"),
        )

    async def _number(self, key: str) -> int:
        state = (await self.client.state(self.entities[key]))["state"]
        return int(float(state)) if state not in {"unknown", "unavailable"} else 0

    async def mode(self, mode: str) -> None:
        """Set the door mode by hand, as the owner would from the dashboard."""
        await self.client.call(
            "select",
            "select_option",
            {"entity_id": self.entities["select.door_mode"], "option": mode},
        )

    async def scene(self, camera: str, scene: str) -> None:
        """Play a scene on a synthetic camera (demo/camera_feed.py) and let it run."""
        assert self.camera_feed is not None
        async with self.client.session.post(f"{self.camera_feed}/play/{camera}/{scene}") as resp:
            if resp.status != 200:
                raise DemoError(f"the camera feed refused {scene}: {await resp.text()}")
            seconds = float((await resp.json())["seconds"])
        await asyncio.sleep(seconds + 1.5)

    async def announce(self, **what: Any) -> None:
        """Speak through the shop speaker."""
        await self.client.call(DOMAIN, "announce", {"config_entry_id": self.entry_id, **what})


async def play(shop: Shop) -> None:
    """The day, scene by scene."""
    print("==> 07:00 the shop opens: the door admits members")
    await shop.mode("authenticated")
    await shop.announce(preset="welcome")
    regulars = [await shop.issue("member", f"단골 손님 {n}") for n in ("A", "B", "C")]
    await shop.pause(2)

    print("==> morning: regulars scan their passes at the door")
    for n, code in enumerate(regulars):
        await shop.visit(code, f"regular {'ABC'[n]}")
        await shop.pause(2)

    print("==> a stranger shows a code that is not a pass")
    await shop.visit("HELLO-I-AM-NOT-A-PASS", "stranger")
    await shop.pause(2)

    print("==> a pass revoked by the owner no longer opens the door")
    lost = await shop.issue("member", "분실 신고된 출입권")
    passes = await shop.client.call(
        DOMAIN, "list_passes", {"config_entry_id": shop.entry_id}, response=True
    )
    lost_id = next(p["pass_id"] for p in passes["passes"] if p["label"] == "분실 신고된 출입권")
    await shop.client.call(
        DOMAIN, "revoke_pass", {"config_entry_id": shop.entry_id, "pass_id": lost_id}
    )
    await shop.visit(lost, "holder of the revoked pass")
    await shop.pause(2)

    print("==> a delivery rider props the door open")
    rider = await shop.issue("delivery", "배달 기사")
    await shop.door("/sim/scan", {"code": rider})
    await asyncio.sleep(1)
    await shop.door("/sim/door", {"open": True})
    print(f"    the door stays open {shop.held_open_seconds:.0f} s: held-open alarm")
    await asyncio.sleep(shop.held_open_seconds + 2)
    await shop.announce(message="출입문을 닫아 주세요. Please close the door.", priority="security")
    await shop.door("/sim/door", {"open": False})
    await shop.pause(2)

    print("==> someone pulls the locked door open: forced entry")
    await shop.door("/sim/door", {"open": True})
    await shop.pause(2)
    await shop.door("/sim/door", {"open": False})
    await shop.announce(preset="recording_notice", priority="security")
    await shop.pause(2)

    print("==> the owner types an announcement on the dashboard and presses Speak")
    await shop.client.call(
        "text",
        "set_value",
        {
            "entity_id": shop.entities["text.announcement_message"],
            "value": "오늘 아이스크림 2+1 행사 중입니다.",
        },
    )
    await shop.client.call("button", "press", {"entity_id": shop.entities["button.speak"]})
    await shop.pause(3)

    print("==> 23:00 late night: adults only")
    await shop.mode("adults_only")
    night_owl = await shop.issue("adult_verified", "성인 인증 손님")
    await shop.visit(regulars[0], "regular A (member, not adult-verified)")
    await shop.visit(night_owl, "adult-verified customer")
    await shop.pause(2)

    if shop.camera_feed is not None and await _feed_running(shop):
        await play_cameras(shop)
    else:
        print("==> (no cameras in this demo: the camera scenes are skipped)")
    print("==> back to the day's door mode")
    await shop.mode("authenticated")
    visitors, denied = await shop.counts()
    print(f"==> the day is over: {visitors} visitors let in, {denied} denied")


async def _feed_running(shop: Shop) -> bool:
    """Whether the synthetic cameras run (a demo started with DEMO_CAMERAS=0 has none)."""
    try:
        async with shop.client.session.get(
            f"{shop.camera_feed}/entrance.mjpeg", timeout=aiohttp.ClientTimeout(total=3)
        ) as resp:
            return resp.status == 200
    except (aiohttp.ClientError, TimeoutError):
        return False


async def play_cameras(shop: Shop) -> None:
    """The camera scenes: the engine sees them, the anomaly blueprints respond."""
    print("==> one member scans in and a group slips in behind: tailgating")
    await shop.mode("authenticated")
    member = await shop.issue("member", "꼬리물기 앞사람")
    await shop.visit(member, "member")
    await shop.scene("entrance", "group")
    print("==> someone lingers at the shelf: loitering")
    await shop.scene("aisle", "loiter")
    print("==> 01:00 a group gathers in the aisle: crowding")
    await shop.scene("aisle", "crowd")
    print("==> a flame at the shelf: fire evacuation (the door is freed, the speaker repeats)")
    await shop.scene("aisle", "flame")
    print("==> someone covers the aisle camera: tampering")
    await shop.scene("aisle", "cover")
    await shop.pause(3)


async def run(port: int, demo_dir: Path, pace: float) -> None:
    """Connect to the running demo and play the day."""
    door_file = demo_dir / "door.json"
    if not door_file.exists():
        raise DemoError(f"{door_file} is missing: start the demo with scripts/demo first")
    door = json.loads(door_file.read_text(encoding="utf-8"))
    async with aiohttp.ClientSession() as session:
        client = HomeAssistantClient(session, port)
        await client.wait_until_up(10)
        await client.login()
        entry_id = await client.entry_id(DOMAIN, STORE_NAME)
        if entry_id is None:
            raise DemoError("the demo store is not set up: start scripts/demo first")
        feed_file = demo_dir / "config" / ".demo-cameras"
        feed = feed_file.read_text(encoding="utf-8").strip() if feed_file.exists() else None
        entities = await client.store_entities()
        shop = Shop(client, entry_id, entities, door["url"], 15, pace, feed)
        await play(shop)


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--demo-dir", type=Path, default=ROOT / ".demo")
    parser.add_argument("--pace", type=float, default=1.0, help="pause multiplier; 0 = no pauses")
    args = parser.parse_args()
    try:
        asyncio.run(run(args.port, args.demo_dir, args.pace))
    except (DemoError, aiohttp.ClientError) as err:
        sys.exit(f"error: {err}")


if __name__ == "__main__":
    main()
