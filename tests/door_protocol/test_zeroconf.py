"""The device advertises itself; a second zeroconf instance on loopback finds and resolves it."""

from __future__ import annotations

import asyncio

from zeroconf import IPVersion, ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from custom_components.unmanned_store.clients.door import SERVICE_TYPE

from .conftest import HOST, DeviceFactory


async def test_advertisement_is_browsed_and_resolved(make_device: DeviceFactory) -> None:
    device = await make_device(zeroconf=True, device_id="door-zc-1")
    home_assistant = AsyncZeroconf(interfaces=[HOST], ip_version=IPVersion.V4Only)
    found = asyncio.Event()
    names: list[str] = []

    def on_change(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Added:
            names.append(name)
            found.set()

    browser = AsyncServiceBrowser(home_assistant.zeroconf, SERVICE_TYPE, handlers=[on_change])
    try:
        async with asyncio.timeout(5):
            await found.wait()
        info = AsyncServiceInfo(SERVICE_TYPE, names[0])
        assert await info.async_request(home_assistant.zeroconf, 3000)
    finally:
        await browser.async_cancel()
        await home_assistant.async_close()
    assert names == [f"door-zc-1.{SERVICE_TYPE}"]
    assert info.port == device.port
    assert info.parsed_addresses() == [HOST]
    assert info.server == "door-zc-1.local."
    assert info.decoded_properties == {
        "id": "door-zc-1",
        "model": "reference-door",
        "fw": "1.0.0",
        "api": "1",
    }
