"""The device advertises itself; a second zeroconf instance on loopback finds and resolves it.

Loopback is shared with anything else running on this machine (a demo's door device, another
test run), so the tests look only at the advertisement of the device they started, found by
its own unique name, and never at "the first one seen".
"""

from __future__ import annotations

import asyncio
from pathlib import Path
import uuid

from zeroconf import IPVersion, ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from custom_components.unmanned_store.clients.door import SERVICE_TYPE
from reference_door import RunningDevice

from .conftest import HOST, DeviceFactory


async def _browse_and_resolve(wanted: str) -> tuple[AsyncServiceInfo, list[str]]:
    """Browse until `wanted` is announced, then resolve it; also return every name seen."""
    home_assistant = AsyncZeroconf(interfaces=[HOST], ip_version=IPVersion.V4Only)
    found = asyncio.Event()
    seen: list[str] = []

    def on_change(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Added:
            seen.append(name)
            if name == wanted:
                found.set()

    browser = AsyncServiceBrowser(home_assistant.zeroconf, SERVICE_TYPE, handlers=[on_change])
    try:
        async with asyncio.timeout(5):
            await found.wait()
        info = AsyncServiceInfo(SERVICE_TYPE, wanted)
        assert await info.async_request(home_assistant.zeroconf, 3000)
    finally:
        await browser.async_cancel()
        await home_assistant.async_close()
    return info, seen


def _assert_is(info: AsyncServiceInfo, device: RunningDevice, device_id: str) -> None:
    assert info.port == device.port
    assert info.parsed_addresses() == [HOST]
    assert info.server == f"{device_id}.local."
    assert info.decoded_properties == {
        "id": device_id,
        "model": "reference-door",
        "fw": "1.0.0",
        "api": "1",
    }


async def test_advertisement_is_browsed_and_resolved(make_device: DeviceFactory) -> None:
    device_id = f"door-zc-{uuid.uuid4().hex[:8]}"
    device = await make_device(zeroconf=True, device_id=device_id)
    info, seen = await _browse_and_resolve(f"{device_id}.{SERVICE_TYPE}")
    assert seen.count(f"{device_id}.{SERVICE_TYPE}") == 1
    _assert_is(info, device, device_id)


async def test_another_advertiser_on_loopback_is_ignored(
    make_device: DeviceFactory, tmp_path: Path
) -> None:
    """A device someone else runs (announced first, so browsed first) does not confuse the test."""
    other_id = f"door-other-{uuid.uuid4().hex[:8]}"
    other = await make_device(zeroconf=True, device_id=other_id, state_dir=tmp_path / "other")
    device_id = f"door-zc-{uuid.uuid4().hex[:8]}"
    device = await make_device(zeroconf=True, device_id=device_id)
    # The other device's advertisement is up before ours is browsed for.
    other_info, _ = await _browse_and_resolve(f"{other_id}.{SERVICE_TYPE}")
    assert other_info.port == other.port

    info, _ = await _browse_and_resolve(f"{device_id}.{SERVICE_TYPE}")
    _assert_is(info, device, device_id)
