"""Write the demo's Home Assistant configuration, then set the shop up through the real UI API.

`write CONFIG`: configuration.yaml (minimal: no default_config, whose requirements are not
installed under --skip-pip) and, on the first run only, the onboarding file that skips the wizard.
`setup CONFIG`: wait for Home Assistant, create the owner once, log in through the loopback-only
trusted network, and add the store through the integration's config flow unless it exists.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
import sys
import time
from typing import Any

import aiohttp

STORE_NAME = "망원 아이스크림 무인점포"
OWNER = {"name": "Owner", "username": "owner", "password": "demo-owner-password", "language": "ko"}

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


def write(config: Path, port: int) -> None:
    """Write configuration.yaml, and the onboarding state on the first run."""
    (config / "configuration.yaml").write_text(CONFIGURATION.format(port=port), encoding="utf-8")
    onboarding = config / ".storage" / "onboarding"
    if not onboarding.exists():
        onboarding.write_text(json.dumps(ONBOARDING), encoding="utf-8")


async def _wait_until_up(session: aiohttp.ClientSession, base: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            async with session.get(f"{base}/manifest.json") as resp:
                if resp.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.5)
    raise SystemExit("Home Assistant did not come up in time: see its log above")


async def _access_token(session: aiohttp.ClientSession, base: str) -> str:
    """Log in as the owner through the trusted-network provider (loopback only)."""
    client_id = f"{base}/"
    async with session.post(
        f"{base}/auth/login_flow",
        json={
            "client_id": client_id,
            "handler": ["trusted_networks", None],
            "redirect_uri": f"{base}/?auth_callback=1",
        },
    ) as resp:
        flow = await resp.json()
    if flow.get("type") == "form":
        users = flow["data_schema"][0]["options"]
        user_id = users[0][0] if isinstance(users, list) else next(iter(users))
        async with session.post(
            f"{base}/auth/login_flow/{flow['flow_id']}",
            json={"client_id": client_id, "user": user_id},
        ) as resp:
            flow = await resp.json()
    if flow.get("type") != "create_entry":
        raise SystemExit(f"login through the trusted network failed: {flow}")
    async with session.post(
        f"{base}/auth/token",
        data={"grant_type": "authorization_code", "code": flow["result"], "client_id": client_id},
    ) as resp:
        tokens: dict[str, Any] = await resp.json()
    return str(tokens["access_token"])


async def setup(config: Path, port: int) -> None:
    """Create the owner (first run) and the store (unless it exists) through the API."""
    base = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as session:
        await _wait_until_up(session, base, time.monotonic() + 180)
        async with session.get(f"{base}/api/onboarding") as resp:
            steps = await resp.json()
        if any(step["step"] == "user" and not step["done"] for step in steps):
            async with session.post(
                f"{base}/api/onboarding/users", json={**OWNER, "client_id": f"{base}/"}
            ) as resp:
                resp.raise_for_status()
        headers = {"Authorization": f"Bearer {await _access_token(session, base)}"}
        async with session.get(
            f"{base}/api/config/config_entries/entry?domain=unmanned_store", headers=headers
        ) as resp:
            entries = await resp.json()
        if entries:
            print(f"==> store already set up: {entries[0]['title']}")
            return
        async with session.post(
            f"{base}/api/config/config_entries/flow",
            json={"handler": "unmanned_store", "show_advanced_options": False},
            headers=headers,
        ) as resp:
            flow = await resp.json()
        async with session.post(
            f"{base}/api/config/config_entries/flow/{flow['flow_id']}",
            json={"store_name": STORE_NAME, "language": "ko"},
            headers=headers,
        ) as resp:
            result = await resp.json()
        if result.get("type") != "create_entry":
            raise SystemExit(f"the config flow did not create the store: {result}")
        print(f"==> store set up through the config flow: {result['title']}")


def main() -> None:
    """Command line: write | setup."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", choices=["write", "setup"])
    parser.add_argument("config", type=Path)
    parser.add_argument("--port", type=int, default=8123)
    args = parser.parse_args()
    if args.action == "write":
        write(args.config, args.port)
    else:
        asyncio.run(setup(args.config, args.port))
    sys.exit(0)


if __name__ == "__main__":
    main()
