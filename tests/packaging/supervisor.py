"""A stand-in for the Supervisor's discovery endpoints, on a real aiohttp server on 127.0.0.1.

It answers the way the Supervisor's API documents (developers.home-assistant.io, Supervisor
endpoints: `POST /discovery` with {service, config} -> {"result": "ok", "data": {"uuid"}},
`DELETE /discovery/<uuid>`, `GET /addons/self/info`), checks the bearer token and, like the
Supervisor, refuses a service the add-on's config.yaml does not list under `discovery`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
import contextlib
from dataclasses import dataclass, field
from typing import Any
import uuid

from aiohttp import web


@dataclass
class Received:
    """One request as the Supervisor saw it."""

    method: str
    path: str
    authorization: str | None
    content_type: str | None
    body: Any


@dataclass
class FakeSupervisor:
    """Records requests; `messages` holds the live discovery messages by uuid."""

    token: str
    slug: str
    discovery_services: list[str]
    hostname: str
    received: list[Received] = field(default_factory=list)
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)
    url: str = ""

    @staticmethod
    def _ok(data: dict[str, Any] | None = None) -> web.Response:
        return web.json_response({"result": "ok", "data": data or {}})

    @staticmethod
    def _error(message: str, status: int) -> web.Response:
        return web.json_response({"result": "error", "message": message}, status=status)

    async def _record(self, request: web.Request) -> Received:
        body = await request.json() if request.can_read_body else None
        seen = Received(
            request.method,
            request.path,
            request.headers.get("Authorization"),
            request.headers.get("Content-Type"),
            body,
        )
        self.received.append(seen)
        return seen

    def _authorised(self, seen: Received) -> bool:
        return seen.authorization == f"Bearer {self.token}"

    async def _self_info(self, request: web.Request) -> web.Response:
        seen = await self._record(request)
        if not self._authorised(seen):
            return self._error("Unauthorized", 401)
        return self._ok({"slug": self.slug, "hostname": self.hostname, "state": "started"})

    async def _post_discovery(self, request: web.Request) -> web.Response:
        seen = await self._record(request)
        if not self._authorised(seen):
            return self._error("Unauthorized", 401)
        body = seen.body
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("service"), str)
            or not isinstance(body.get("config"), dict)
        ):
            return self._error("Invalid discovery payload", 400)
        if body["service"] not in self.discovery_services:
            return self._error(
                "Apps must list services they provide via discovery in their config!", 403
            )
        message_id = uuid.uuid4().hex
        self.messages[message_id] = {
            "app": self.slug,
            "service": body["service"],
            "uuid": message_id,
            "config": body["config"],
        }
        return self._ok({"uuid": message_id})

    async def _delete_discovery(self, request: web.Request) -> web.Response:
        seen = await self._record(request)
        if not self._authorised(seen):
            return self._error("Unauthorized", 401)
        if self.messages.pop(request.match_info["uuid"], None) is None:
            return self._error("Discovery message not found", 404)
        return self._ok()

    @contextlib.asynccontextmanager
    async def serve(self) -> AsyncIterator[FakeSupervisor]:
        """Listen on 127.0.0.1 (any free port) until the block ends."""
        app = web.Application()
        app.router.add_get("/addons/self/info", self._self_info)
        app.router.add_post("/discovery", self._post_discovery)
        app.router.add_delete("/discovery/{uuid}", self._delete_discovery)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{port}"
        try:
            yield self
        finally:
            await runner.cleanup()
