"""A small client of the running demo's Home Assistant: login, REST, flows and websocket.

Used by demo_config.py (setting the shop up) and demo_scenario.py (playing a day in it). It talks
to Home Assistant only through the APIs its own UI uses, so the demo goes the way a user would.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

import aiohttp

DOMAIN = "unmanned_store"


class DemoError(Exception):
    """Something the person running the demo must read."""


class HomeAssistantClient:
    """An owner's session with Home Assistant on 127.0.0.1."""

    def __init__(self, session: aiohttp.ClientSession, port: int) -> None:
        """Not logged in yet: call `login()`."""
        self.session = session
        self.base = f"http://127.0.0.1:{port}"
        self.token = ""
        self._ids = itertools.count(1)

    @property
    def headers(self) -> dict[str, str]:
        """The bearer header of the owner's access token."""
        return {"Authorization": f"Bearer {self.token}"}

    async def wait_until_up(self, seconds: float = 180) -> None:
        """Wait until the frontend answers."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                async with self.session.get(f"{self.base}/manifest.json") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.5)
        raise DemoError("Home Assistant did not come up in time: see its log above")

    async def login(self) -> None:
        """Log in as the owner through the trusted-network provider (loopback only)."""
        client_id = f"{self.base}/"
        async with self.session.post(
            f"{self.base}/auth/login_flow",
            json={
                "client_id": client_id,
                "handler": ["trusted_networks", None],
                "redirect_uri": f"{self.base}/?auth_callback=1",
            },
        ) as resp:
            flow = await resp.json()
        if flow.get("type") == "form":
            users = flow["data_schema"][0]["options"]
            user_id = users[0][0] if isinstance(users, list) else next(iter(users))
            async with self.session.post(
                f"{self.base}/auth/login_flow/{flow['flow_id']}",
                json={"client_id": client_id, "user": user_id},
            ) as resp:
                flow = await resp.json()
        if flow.get("type") != "create_entry":
            raise DemoError(f"login through the trusted network failed: {flow}")
        async with self.session.post(
            f"{self.base}/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": flow["result"],
                "client_id": client_id,
            },
        ) as resp:
            tokens: dict[str, Any] = await resp.json()
        self.token = str(tokens["access_token"])

    async def get(self, path: str) -> Any:
        """GET a JSON API path."""
        async with self.session.get(f"{self.base}{path}", headers=self.headers) as resp:
            if resp.status >= 400:
                raise DemoError(f"GET {path}: HTTP {resp.status} {await resp.text()}")
            return await resp.json()

    async def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        """POST JSON to an API path."""
        async with self.session.post(
            f"{self.base}{path}", json=body or {}, headers=self.headers
        ) as resp:
            if resp.status >= 400:
                raise DemoError(f"POST {path}: HTTP {resp.status} {await resp.text()}")
            return await resp.json()

    async def delete(self, path: str) -> None:
        """DELETE an API path (abort a flow)."""
        async with self.session.delete(f"{self.base}{path}", headers=self.headers) as resp:
            if resp.status >= 400:
                raise DemoError(f"DELETE {path}: HTTP {resp.status} {await resp.text()}")

    async def call(
        self, domain: str, service: str, data: dict[str, Any], *, response: bool = False
    ) -> Any:
        """Call an action; with `response`, return what it answered."""
        suffix = "?return_response" if response else ""
        result = await self.post(f"/api/services/{domain}/{service}{suffix}", data)
        return result.get("service_response") if response else result

    async def state(self, entity_id: str) -> dict[str, Any]:
        """One entity's state object."""
        result: dict[str, Any] = await self.get(f"/api/states/{entity_id}")
        return result

    async def entries(self, domain: str) -> list[dict[str, Any]]:
        """The config entries of an integration."""
        result: list[dict[str, Any]] = await self.get(
            f"/api/config/config_entries/entry?domain={domain}"
        )
        return result

    async def entry_id(self, domain: str, title: str) -> str | None:
        """The id of the config entry with this title, if there is one."""
        for entry in await self.entries(domain):
            if entry["title"] == title:
                return str(entry["entry_id"])
        return None

    async def options(self, entry_id: str, step: str, user_input: dict[str, Any]) -> None:
        """Fill one step of an entry's options flow, as the UI does."""
        flow = await self.post("/api/config/config_entries/options/flow", {"handler": entry_id})
        flow = await self.post(
            f"/api/config/config_entries/options/flow/{flow['flow_id']}", {"next_step_id": step}
        )
        result = await self.post(
            f"/api/config/config_entries/options/flow/{flow['flow_id']}", user_input
        )
        if result.get("type") != "create_entry":
            raise DemoError(f"the options step {step!r} refused the demo's input: {result}")

    async def websocket(self, message: dict[str, Any]) -> Any:
        """Send one websocket command and return its result."""
        async with self.session.ws_connect(f"{self.base}/api/websocket") as ws:
            await ws.receive_json()
            await ws.send_json({"type": "auth", "access_token": self.token})
            auth = await ws.receive_json()
            if auth.get("type") != "auth_ok":
                raise DemoError(f"websocket login failed: {auth}")
            await ws.send_json({"id": next(self._ids), **message})
            reply = await ws.receive_json()
        if not reply.get("success"):
            raise DemoError(f"websocket {message['type']} failed: {reply.get('error')}")
        return reply["result"]

    async def store_entities(self) -> dict[str, str]:
        """The integration's entities as `domain.key` → entity id (key: unique id's tail)."""
        found: dict[str, str] = {}
        for entry in await self.websocket({"type": "config/entity_registry/list"}):
            if entry["platform"] != DOMAIN or entry.get("disabled_by"):
                continue
            domain = entry["entity_id"].split(".", 1)[0]
            # An entity without a translation key is its device's main feature (name None).
            key = entry.get("translation_key") or "main"
            # Several cameras share keys: the first keeps the plain name, then `_2`, `_3`...
            name, n = f"{domain}.{key}", 1
            while name in found:
                n += 1
                name = f"{domain}.{key}_{n}"
            found[name] = entry["entity_id"]
        return found
