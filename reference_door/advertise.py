"""Zeroconf advertisement of a door device (`_unmanned-door._tcp.local.`)."""

from __future__ import annotations

import ipaddress
import socket

from zeroconf import InterfaceChoice, IPVersion, ServiceInfo
from zeroconf.asyncio import AsyncZeroconf

from custom_components.unmanned_store.clients.door import (
    SERVICE_TYPE,
    TXT_API,
    TXT_DEVICE_ID,
    TXT_FIRMWARE,
    TXT_MODEL,
    DeviceInfo,
)


def service_info(info: DeviceInfo, address: str, port: int) -> ServiceInfo:
    """The DNS-SD record: instance named after the device id, TXT as in the protocol."""
    return ServiceInfo(
        SERVICE_TYPE,
        f"{info.device_id}.{SERVICE_TYPE}",
        addresses=[ipaddress.ip_address(address).packed],
        port=port,
        properties={
            TXT_DEVICE_ID: info.device_id,
            TXT_MODEL: info.model,
            TXT_FIRMWARE: info.firmware,
            TXT_API: info.api_version,
        },
        server=f"{info.device_id}.local.",
    )


class Advertisement:
    """A registered service; `close()` says goodbye and releases the sockets."""

    def __init__(self, zeroconf: AsyncZeroconf, record: ServiceInfo) -> None:
        self._zeroconf = zeroconf
        self.record = record

    @classmethod
    async def start(
        cls, info: DeviceInfo, host: str, port: int, address: str | None
    ) -> Advertisement:
        """Register the device; `host` is what the server binds, `address` what to announce."""
        wildcard = host in {"", "0.0.0.0", "::"}  # noqa: S104
        if address is None:
            address = socket.gethostbyname(socket.gethostname()) if wildcard else host
        version = ipaddress.ip_address(address).version
        zeroconf = AsyncZeroconf(
            # Binding to the served interface keeps a loopback test device off the LAN.
            interfaces=InterfaceChoice.All if wildcard else [host],
            ip_version=IPVersion.V4Only if version == 4 else IPVersion.V6Only,
        )
        record = service_info(info, address, port)
        try:
            await (await zeroconf.async_register_service(record))
        except BaseException:
            await zeroconf.async_close()
            raise
        return cls(zeroconf, record)

    async def close(self) -> None:
        """Unregister and close."""
        await self._zeroconf.async_unregister_all_services()
        await self._zeroconf.async_close()
