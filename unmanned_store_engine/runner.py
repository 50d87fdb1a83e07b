"""Starts and stops the engine, its HTTP server and its zeroconf advertisement together."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from . import __version__
from .discovery import Advertiser
from .engine import Engine, Settings
from .server import create_app

_LOGGER = logging.getLogger(__name__)
_ACCESS = logging.getLogger("unmanned_store_engine.access")


class _AccessLog(AbstractAccessLogger):
    """One DEBUG line per request: the integration polls state often, INFO would drown."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.debug(
            "%s %s %s %s %.1f ms",
            request.remote,
            request.method,
            request.path,
            response.status,
            time * 1000,
        )

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.DEBUG)


def _write_port(path: Path, port: int) -> None:
    # Write then rename: a supervisor polling the file never reads half a number.
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(f"{port}\n", encoding="utf-8")
    os.replace(tmp, path)


class EngineServer:
    """One running engine; port 0 picks a free port (see .port after start)."""

    def __init__(self, settings: Settings) -> None:
        """Prepare; nothing listens until start()."""
        self.settings = settings
        self.engine = Engine(settings)
        self._runner: web.AppRunner | None = None
        self._advertiser: Advertiser | None = None
        self.port = settings.port

    @property
    def url(self) -> str:
        """The base URL clients use."""
        return f"http://{self.settings.host}:{self.port}"

    async def start(self) -> None:
        """Start cameras, then listen, then advertise (so what is found already answers)."""
        try:
            await self._start()
        except BaseException:
            # A half-started engine must not leave camera or helper threads behind.
            await self.stop()
            raise

    async def _start(self) -> None:
        await self.engine.start()
        runner = web.AppRunner(
            create_app(self.engine),
            handle_signals=False,
            access_log_class=_AccessLog,
            access_log=_ACCESS,
        )
        await runner.setup()
        self._runner = runner
        site = web.TCPSite(runner, self.settings.host, self.settings.port)
        await site.start()
        for address in runner.addresses:
            if isinstance(address, tuple):
                self.port = int(address[1])
                break
        if self.settings.zeroconf:
            self._advertiser = Advertiser(
                self.settings.engine_id,
                self.settings.name,
                __version__,
                self.settings.host,
                self.port,
            )
            await self._advertiser.start()
        if self.settings.port_file is not None:
            _write_port(self.settings.port_file, self.port)
        _LOGGER.info("engine %s listening on %s", self.settings.engine_id, self.url)

    async def stop(self) -> None:
        """Withdraw, stop serving (closing streams), then stop the cameras."""
        if self._advertiser is not None:
            await self._advertiser.stop()
            self._advertiser = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self.engine.stop()


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Run an engine until stop is set."""
    server = EngineServer(settings)
    await server.start()
    try:
        await stop.wait()
    finally:
        await server.stop()
