"""Write the demo's Home Assistant configuration, then set the shop up through the real UI API.

`write DIR`: configuration.yaml (minimal: no default_config, whose requirements are not
installed under --skip-pip) and, on the first run only, the onboarding file that skips the wizard.
`setup DIR`: wait for Home Assistant, create the owner once, log in through the loopback-only
trusted network, add the store and the demo voice and speaker through their config flows.
`door DIR`: pair the reference door device, found by zeroconf discovery when Home Assistant can
see it, else added by address through the config flow's door-device step.
`shop DIR`: the first time, set the speaker, opening hours and door schedule through the options
flow; every time, write the dashboard with the entity ids Home Assistant gave the shop.
`check-port PORT`, `door-host`: helpers for scripts/demo.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
import re
import socket
import sys
import time
from typing import Any

import aiohttp
from demo_api import DOMAIN, DemoError, HomeAssistantClient
import yaml

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD_TEMPLATE = ROOT / "demo" / "dashboard.yaml"
DASHBOARD_FILE = "shop-dashboard.yaml"
DASHBOARD_PATH = "shop-dashboard"
STORE_NAME = "망원 아이스크림 무인점포"
AUDIO_DOMAIN = "shop_audio_demo"
AUDIO_TITLE = "Demo shop audio"
VOICE = "tts.demo_shop_voice"
SPEAKER = "media_player.demo_shop_speaker"
OWNER = {"name": "Owner", "username": "owner", "password": "demo-owner-password", "language": "ko"}
# Bump when the options the demo sets change, so an existing .demo/ gets them once more.
SHOP_OPTIONS_VERSION = "1"

CONFIGURATION = """\
# Written by scripts/demo_config.py; edits are overwritten on the next run.
homeassistant:
  name: Unmanned Store Demo
  time_zone: Asia/Seoul
  country: KR
  language: ko
  currency: KRW
  unit_system: metric
  latitude: 37.556
  longitude: 126.910
  auth_providers:
    - type: trusted_networks
      trusted_networks:
        - 127.0.0.1/32
        - "::1/128"
      allow_bypass_login: true
    - type: homeassistant
http:
  server_host: 127.0.0.1
  server_port: {port}
frontend:
config:
{zeroconf}
# The logbook keeps the anomaly and visitor history the dashboard shows.
recorder:
  purge_keep_days: 7
logbook:
history:
# Automations made from the integration's blueprints live here (written through the UI's API).
automation: !include automations.yaml
lovelace:
  mode: storage
  dashboards:
    {dashboard_path}:
      mode: yaml
      filename: {dashboard_file}
      title: 무인점포
      icon: mdi:store
      show_in_sidebar: true
logger:
  default: warning
  logs:
    custom_components.unmanned_store: info
"""

ONBOARDING = {
    "version": 4,
    "minor_version": 1,
    "key": "onboarding",
    "data": {"done": ["core_config", "analytics", "integration"]},
}

# A café that closes after midnight; adults only late at night (the usual Korean rule against
# teenage night-time incidents), and shut from 02:00 until opening.
HOURS = {
    **dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "07:00-02:00"),
    "exceptions": "2027-02-06 closed 설날\n2027-02-07 10:00-18:00 설날 연휴",
    "closing_soon_minutes": 10,
}
DOOR_SCHEDULE = {
    "open_mode": "authenticated",
    "closed_mode": "closed",
    "late_night_mode": "adults_only",
    "late_night_start": "23:00:00",
    "late_night_end": "06:00:00",
}
SPEAKER_OPTIONS = {
    "tts_entity": VOICE,
    "media_players": [SPEAKER],
    "default_volume": 60,
    "quiet_start": "23:00:00",
    "quiet_end": "07:00:00",
    "quiet_max_volume": 30,
    "presets": {"welcome_ko": "어서 오세요, 망원 아이스크림입니다. 천천히 둘러보세요."},
}


# Synthetic cameras (demo/camera_feed.py): the entrance counts people across a line and reads
# QR codes; the aisle watches a shelf zone for loitering, a crowd, flames and tampering.
DEMO_CAMERAS: list[dict[str, Any]] = [
    {
        "name": "입구 카메라",
        "path": "entrance.mjpeg",
        "role": "door",
        "rules": {
            "line": "0.02,0.55 0.98,0.55",
            "zones": "",
            "loiter_seconds": 30,
            "crowd_size": 0,
            "flame": False,
            "tamper": True,
        },
    },
    {
        "name": "매대 카메라",
        "path": "aisle.mjpeg",
        "role": "aisle",
        "rules": {
            "line": "",
            "zones": "shelf: 0.55,0.3 0.95,0.3 0.95,0.9 0.55,0.9",
            "loiter_seconds": 5,
            "crowd_size": 3,
            "flame": True,
            "tamper": True,
        },
    },
]


ZEROCONF_ON = "# Discovery of the reference door device (_unmanned-door._tcp.local.).\nzeroconf:"
ZEROCONF_OFF = "# zeroconf: not loaded, the door is on loopback (DEMO_DOOR_HOST=lan loads it)."


def write(config: Path, port: int, zeroconf: bool = False) -> None:
    """Write configuration.yaml, and the onboarding state on the first run."""
    (config / "configuration.yaml").write_text(
        CONFIGURATION.format(
            port=port,
            dashboard_path=DASHBOARD_PATH,
            dashboard_file=DASHBOARD_FILE,
            zeroconf=ZEROCONF_ON if zeroconf else ZEROCONF_OFF,
        ),
        encoding="utf-8",
    )
    onboarding = config / ".storage" / "onboarding"
    if not onboarding.exists():
        onboarding.write_text(json.dumps(ONBOARDING), encoding="utf-8")
    automations = config / "automations.yaml"
    if not automations.exists():
        automations.write_text("[]\n", encoding="utf-8")
    dashboard = config / DASHBOARD_FILE
    if not dashboard.exists():
        # Until the shop exists the dashboard says so, instead of a missing-file error.
        dashboard.write_text(
            "title: 무인점포\nviews:\n  - title: 준비 중\n    cards:\n"
            "      - type: markdown\n        content: The demo shop is being set up…\n",
            encoding="utf-8",
        )


async def _flow(client: HomeAssistantClient, handler: str, *steps: dict[str, Any]) -> Any:
    """Start a config flow and answer its steps in order; return the last result."""
    result = await client.post(
        "/api/config/config_entries/flow", {"handler": handler, "show_advanced_options": False}
    )
    for step in steps:
        result = await client.post(f"/api/config/config_entries/flow/{result['flow_id']}", step)
    return result


async def _connect(session: aiohttp.ClientSession, port: int) -> HomeAssistantClient:
    client = HomeAssistantClient(session, port)
    await client.wait_until_up()
    await client.login()
    return client


async def setup(port: int) -> None:
    """Create the owner (first run), the store and the demo audio (unless they exist)."""
    async with aiohttp.ClientSession() as session:
        client = HomeAssistantClient(session, port)
        await client.wait_until_up()
        async with session.get(f"{client.base}/api/onboarding") as resp:
            # Once onboarding is complete Home Assistant no longer serves this path.
            steps = await resp.json() if resp.status == 200 else []
        if any(step["step"] == "user" and not step["done"] for step in steps):
            async with session.post(
                f"{client.base}/api/onboarding/users",
                json={**OWNER, "client_id": f"{client.base}/"},
            ) as resp:
                resp.raise_for_status()
        await client.login()
        if await client.entry_id(DOMAIN, STORE_NAME) is None:
            result = await _flow(client, DOMAIN, {"store_name": STORE_NAME, "language": "ko"})
            if result.get("type") != "create_entry":
                raise DemoError(f"the config flow did not create the store: {result}")
            print(f"==> store set up through the config flow: {result['title']}")
        else:
            print(f"==> store already set up: {STORE_NAME}")
        if await client.entry_id(AUDIO_DOMAIN, AUDIO_TITLE) is None:
            result = await _flow(client, AUDIO_DOMAIN)
            if result.get("type") != "create_entry":
                raise DemoError(f"the demo voice and speaker were not added: {result}")
            print("==> demo voice and speaker added")


def read_door_line(log: Path, seconds: float = 30) -> dict[str, str]:
    """The reference device's first line: its id, URL and pairing code."""
    deadline = time.monotonic() + seconds
    pattern = re.compile(r"reference door (\S+) serving (\S+) pairing code (\S+)")
    while time.monotonic() < deadline:
        if log.exists() and (match := pattern.search(log.read_text(encoding="utf-8"))):
            return {"device_id": match[1], "url": match[2], "pairing_code": match[3]}
        time.sleep(0.2)
    raise DemoError(f"the reference door device did not start: see {log}")


async def _discovered_flow(client: HomeAssistantClient, device_id: str, seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for flow in await client.websocket({"type": "config_entries/flow/progress"}):
            context = flow.get("context") or {}
            if flow["handler"] == DOMAIN and context.get("unique_id") == device_id:
                return flow
        await asyncio.sleep(0.5)
    return None


async def pair_door(port: int, log: Path, state: Path) -> None:
    """Pair the reference door: through its zeroconf discovery, else by address."""
    door = read_door_line(log)
    async with aiohttp.ClientSession() as session:
        client = await _connect(session, port)
        titles = [entry["title"] for entry in await client.entries(DOMAIN)]
        if any(title.endswith(f"({door['device_id']})") for title in titles):
            print(f"==> door device {door['device_id']} already paired")
            how = json.loads(state.read_text())["paired_by"] if state.exists() else "earlier"
        else:
            flow = await _discovered_flow(client, door["device_id"], 30)
            if flow is not None:
                result = await client.post(f"/api/config/config_entries/flow/{flow['flow_id']}")
                how = "zeroconf discovery"
            else:
                # Home Assistant's zeroconf never listens on loopback: on a machine with no
                # other interface the device cannot be discovered, so add it by address.
                print("==> zeroconf discovery did not see the door; adding it by address")
                host, door_port = door["url"].removeprefix("http://").rsplit(":", 1)
                result = await _flow(
                    client,
                    DOMAIN,
                    {"next_step_id": "door_device"},
                    {"host": host, "port": int(door_port)},
                )
                how = "address (config flow door_device step)"
            result = await client.post(
                f"/api/config/config_entries/flow/{result['flow_id']}",
                {"pairing_code": door["pairing_code"]},
            )
            if result.get("type") != "create_entry":
                raise DemoError(f"pairing the door device failed: {result}")
            print(f"==> door device {door['device_id']} paired after {how}")
        state.write_text(json.dumps({**door, "paired_by": how}), encoding="utf-8")


def dashboard(template: str, entities: dict[str, str]) -> dict[str, Any]:
    """The template with `$domain.key` names resolved.

    A card or row that names an entity the shop does not have (no cameras yet, say) is left
    out whole, so the dashboard shows what exists and nothing broken.
    """
    token = re.compile(r"\$([a-z_]+\.[a-z0-9_]+)")

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            items = {key: resolve(value) for key, value in node.items()}
            # A stack whose cards all went, or a list card whose rows all went, goes too.
            emptied = any(node[key] and items[key] == [] for key in node)
            return _MISSING if emptied or _MISSING in items.values() else items
        if isinstance(node, list):
            return [item for item in map(resolve, node) if item is not _MISSING]
        if isinstance(node, str) and (names := token.findall(node)):
            if any(name not in entities for name in names):
                return _MISSING
            return token.sub(lambda m: entities[m[1]], node)
        return node

    board = resolve(yaml.safe_load(template))
    if board is _MISSING:
        raise DemoError("the dashboard template names no view without missing entities")
    return dict(board)


_MISSING: Any = object()


async def shop(port: int, config: Path, camera_url: str | None = None) -> None:
    """Set the shop's options once, then write the dashboard for its entities."""
    async with aiohttp.ClientSession() as session:
        client = await _connect(session, port)
        entry_id = await client.entry_id(DOMAIN, STORE_NAME)
        if entry_id is None:
            raise DemoError("the store is missing: run `scripts/demo_config.py setup` first")
        marker = config / ".demo-shop-options"
        if not marker.exists() or marker.read_text().strip() != SHOP_OPTIONS_VERSION:
            await _wait_for(client, [VOICE, SPEAKER])
            await client.options(entry_id, "hours", HOURS)
            await client.options(entry_id, "door_schedule", DOOR_SCHEDULE)
            speaker = {k: v for k, v in SPEAKER_OPTIONS.items() if k != "presets"}
            await client.options(
                entry_id, "speaker", {**speaker, "presets": SPEAKER_OPTIONS["presets"]}
            )
            await client.options(entry_id, "privacy", {"retention_days": 30})
            marker.write_text(SHOP_OPTIONS_VERSION, encoding="utf-8")
            print("==> hours 07:00-02:00, adults only 23:00-06:00, speaker set (options flow)")
        if camera_url:
            # Some options saved above reload the store; a camera is added to a running store.
            await _wait_settled(client, entry_id)
            await _add_cameras(client, entry_id, camera_url, config)
        entities = await client.store_entities()
        await _add_automations(client, entry_id, entities, config)
        board = dashboard(DASHBOARD_TEMPLATE.read_text(encoding="utf-8"), entities)
        (config / DASHBOARD_FILE).write_text(
            "# Written by scripts/demo_config.py from demo/dashboard.yaml.\n"
            + yaml.safe_dump(board, allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
        # Some saved options reload the store: let the last reload finish, so the shop is
        # ready when the demo says it is open.
        await _wait_settled(client, entry_id)
        print(f"==> dashboard: {client.base}/{DASHBOARD_PATH}/shop")


async def _add_cameras(client: HomeAssistantClient, entry_id: str, feed: str, config: Path) -> None:
    """Add the demo's entrance and aisle cameras as camera subentries of the store, once.

    The same requests as the integration page's "Add camera" button.
    """
    base = "/api/config/config_entries/subentries/flow"
    entities = await client.store_entities()
    if "camera.camera_live_view" in entities:
        print("==> cameras already set up")
        return
    for camera in DEMO_CAMERAS:
        flow = await client.post(base, {"handler": [entry_id, "camera"]})
        if flow.get("type") == "abort":
            print(f"==> cameras skipped: the vision engine is unavailable ({flow['reason']})")
            return
        path = f"{base}/{flow['flow_id']}"
        source = f"{feed}/{camera['path']}"
        result = await client.post(
            path, {"name": camera["name"], "source": source, "role": camera["role"]}
        )
        if result.get("step_id") != "camera_rules":
            raise DemoError(f"adding the {camera['name']} camera failed: {result}")
        result = await client.post(path, camera["rules"])
        if result.get("type") != "create_entry":
            raise DemoError(f"adding the {camera['name']} camera failed: {result}")
    (config / ".demo-cameras").write_text(feed, encoding="utf-8")
    print("==> entrance and aisle cameras added (camera subentries of the store), engine embedded")


class _BlueprintLoader(yaml.SafeLoader):
    """Reads blueprints, whose `!input` tags plain YAML does not know."""


_BlueprintLoader.add_constructor("!input", lambda loader, node: None)


def _blueprint_inputs(blueprint: Path) -> dict[str, bool]:
    """A blueprint's inputs (sections looked into), each with whether it is required."""
    found: dict[str, bool] = {}

    def walk(inputs: dict[str, Any]) -> None:
        for name, spec in inputs.items():
            if isinstance(spec, dict) and "input" in spec:
                walk(spec["input"])
            else:
                found[name] = not isinstance(spec, dict) or "default" not in spec

    text = blueprint.read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_BlueprintLoader)  # noqa: S506 - a SafeLoader subclass
    walk(data["blueprint"].get("input") or {})
    return found


async def _add_automations(
    client: HomeAssistantClient, entry_id: str, entities: dict[str, str], config: Path
) -> None:
    """One automation from each installed blueprint, through the automation editor's API."""
    marker = config / ".demo-automations"
    folder = config / "blueprints" / "automation" / DOMAIN
    if marker.exists() or not folder.is_dir():
        return
    # What the demo answers for each input a blueprint requires; the phone is Home Assistant's
    # own notification panel, since the demo has no phone app.
    answers: dict[str, Any] = {
        "anomaly_event": entities.get("event.anomaly"),
        "store": entry_id,
        "door_mode": entities.get("select.door_mode"),
        "notify_action": "notify.persistent_notification",
    }
    made = []
    for blueprint in sorted(folder.glob("*.yaml")):
        wanted = _blueprint_inputs(blueprint)
        missing = [n for n, required in wanted.items() if required and answers.get(n) is None]
        if missing:
            print(f"==> no demo automation from {blueprint.name}: it needs {', '.join(missing)}")
            continue
        inputs = {n: answers[n] for n in wanted if answers.get(n) is not None}
        await client.post(
            f"/api/config/automation/config/demo_{blueprint.stem}",
            {
                "alias": f"Demo: {blueprint.stem.replace('_', ' ')}",
                "description": "Made by scripts/demo from the integration's blueprint.",
                "use_blueprint": {"path": f"{DOMAIN}/{blueprint.name}", "input": inputs},
            },
        )
        made.append(blueprint.stem)
    marker.write_text("\n".join(made), encoding="utf-8")
    print(f"==> automations from the blueprints: {', '.join(made)}")


async def _wait_settled(client: HomeAssistantClient, entry_id: str, quiet: float = 3) -> None:
    """Wait until the entry has stayed loaded for `quiet` seconds (its reloads are done)."""
    deadline = time.monotonic() + 90
    since: float | None = None
    while time.monotonic() < deadline:
        states = {e["entry_id"]: e["state"] for e in await client.entries(DOMAIN)}
        if states.get(entry_id) == "loaded":
            since = since or time.monotonic()
            if time.monotonic() - since >= quiet:
                return
        else:
            since = None
        await asyncio.sleep(0.3)
    raise DemoError("the store did not finish reloading after its options changed")


async def _wait_for(client: HomeAssistantClient, entity_ids: list[str]) -> None:
    deadline = time.monotonic() + 30
    for entity_id in entity_ids:
        while True:
            try:
                await client.state(entity_id)
                break
            except DemoError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)


def check_port(port: int) -> None:
    """Exit non-zero with a clear message when something already listens on the port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            sys.exit(
                f"error: port {port} on 127.0.0.1 is already in use (another Home Assistant or "
                "demo?). Stop it, or pick another port: DEMO_PORT=8124 scripts/demo"
            )


def door_host() -> str:
    """The address the door device should serve on so Home Assistant's zeroconf sees it.

    Home Assistant's zeroconf listens on the machine's network interfaces but never on loopback,
    so the device is advertised on the interface of the default route when there is one.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            # No packet is sent: connecting a UDP socket only picks the outgoing interface.
            probe.connect(("192.0.2.1", 9))
            address = str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"
    return address if not address.startswith("127.") else "127.0.0.1"


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "action", choices=["write", "setup", "door", "shop", "check-port", "door-host"]
    )
    parser.add_argument("config", type=Path, nargs="?")
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument(
        "--zeroconf", action="store_true", help="load Home Assistant's zeroconf (door on the LAN)"
    )
    parser.add_argument("--door-log", type=Path)
    parser.add_argument("--camera-url", help="base URL of demo/camera_feed.py, if running")
    args = parser.parse_args()
    try:
        if args.action == "write":
            write(args.config, args.port, zeroconf=args.zeroconf)
        elif args.action == "setup":
            asyncio.run(setup(args.port))
        elif args.action == "door":
            asyncio.run(pair_door(args.port, args.door_log, args.config / "door.json"))
        elif args.action == "shop":
            asyncio.run(shop(args.port, args.config, args.camera_url))
        elif args.action == "check-port":
            check_port(args.port)
        else:
            print(door_host())
    except (DemoError, aiohttp.ClientError) as err:
        sys.exit(f"error: {err}")


if __name__ == "__main__":
    main()
