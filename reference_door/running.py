"""Starting and stopping a reference device in the current event loop."""

from __future__ import annotations

import asyncio
from dataclasses import replace
import logging

from aiohttp import web

from .advertise import Advertisement
from .device import Device, DeviceConfig
from .server import DeviceServer

_LOGGER = logging.getLogger(__name__)


class RunningDevice:
    """A device serving HTTP (and, if configured, advertised by zeroconf)."""

    def __init__(self, config: DeviceConfig) -> None:
        self.config = config
        self.port = config.port
        self._runner: web.AppRunner | None = None
        self._device: Device | None = None
        self._advertisement: Advertisement | None = None
        self._restarts: set[asyncio.Task[None]] = set()

    @property
    def device(self) -> Device:
        """The simulated door, to drive it without HTTP."""
        assert self._device is not None, "the device is not running"
        return self._device

    @property
    def host(self) -> str:
        """The address the server is bound to."""
        return self.config.host

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:8480."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def device_id(self) -> str:
        """The persisted device id."""
        return self.device.identity.device_id

    @property
    def pairing_code(self) -> str:
        """The code a user would read off the device."""
        return self.device.identity.pairing_code

    async def _serve(self) -> None:
        # The device reloads everything from the state directory, like a rebooted one.
        self._device = Device(replace(self.config, port=self.port))
        runner = web.AppRunner(
            DeviceServer(self._device, self.request_restart).app(),
            access_log=None,
            shutdown_timeout=2.0,
        )
        await runner.setup()
        site = web.TCPSite(runner, self.config.host, self.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            self._device.close()
            raise
        self._runner = runner
        self.port = runner.addresses[0][1]

    async def start(self) -> None:
        """Serve, then advertise if configured."""
        await self._serve()
        if self.config.zeroconf:
            try:
                self._advertisement = await Advertisement.start(
                    self.device.info, self.config.host, self.port, self.config.advertise_address
                )
            except BaseException:
                await self._shutdown_server()
                raise

    async def _shutdown_server(self) -> None:
        if self._runner is None:
            return
        for site in self._runner.sites:
            await site.stop()
        # Closing the device ends every stream and long poll, so the runner need not wait.
        self.device.close()
        await self._runner.cleanup()
        self._runner = None

    async def restart(self, down_seconds: float = 0.0) -> None:
        """Power-cycle: drop every connection, stay down a while, come back from disk."""
        await self._shutdown_server()
        await asyncio.sleep(down_seconds)
        await self._serve()
        _LOGGER.info("Reference door restarted on %s", self.url)

    def request_restart(self, down_seconds: float) -> None:
        """Restart in the background (a request handler cannot wait for its own server)."""
        task = asyncio.create_task(self.restart(down_seconds))
        self._restarts.add(task)
        task.add_done_callback(self._restarts.discard)

    async def stop(self) -> None:
        """Stop serving and advertising."""
        if self._restarts:
            await asyncio.gather(*self._restarts, return_exceptions=True)
        if self._advertisement is not None:
            await self._advertisement.close()
            self._advertisement = None
        await self._shutdown_server()


async def start_device(config: DeviceConfig) -> RunningDevice:
    """Start a reference device; `await running.stop()` when done."""
    running = RunningDevice(config)
    await running.start()
    return running
