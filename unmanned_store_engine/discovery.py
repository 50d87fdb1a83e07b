"""Zeroconf advertisement, so the integration's config flow finds the engine on the network."""

from __future__ import annotations

import ipaddress
from typing import Final

import ifaddr
from zeroconf import IPVersion, ServiceInfo
from zeroconf.asyncio import AsyncZeroconf

SERVICE_TYPE: Final = "_unmanned-store-engine._tcp.local."
API_VERSION: Final = "1"


def advertised_addresses(host: str) -> list[str]:
    """The IPv4 addresses to announce for a bind address (all local ones for 0.0.0.0)."""
    if host in {"", "0.0.0.0"}:  # noqa: S104 - naming the wildcard, not binding to it
        found = [
            str(ip.ip)
            for adapter in ifaddr.get_adapters()
            for ip in adapter.ips
            if isinstance(ip.ip, str) and not ipaddress.ip_address(ip.ip).is_loopback
        ]
        return found or ["127.0.0.1"]
    if host == "localhost":
        return ["127.0.0.1"]
    return [str(ipaddress.ip_address(host))]


class Advertiser:
    """Registers the engine's service while it runs."""

    def __init__(self, engine_id: str, name: str, version: str, host: str, port: int) -> None:
        """Describe the service; nothing is sent until start()."""
        self._addresses = advertised_addresses(host)
        # Only the interfaces the engine listens on: announcing a loopback-only engine on the
        # LAN would send clients to an address they cannot reach.
        self._interfaces = self._addresses
        self.info = ServiceInfo(
            SERVICE_TYPE,
            f"{engine_id}.{SERVICE_TYPE}",
            port=port,
            parsed_addresses=self._addresses,
            properties={"id": engine_id, "version": version, "api": API_VERSION, "name": name},
            server=f"{engine_id}.local.",
        )
        self._zeroconf: AsyncZeroconf | None = None

    async def start(self) -> None:
        """Announce the service."""
        self._zeroconf = AsyncZeroconf(interfaces=self._interfaces, ip_version=IPVersion.V4Only)
        # strict=False: the service name is 21 bytes, over RFC 6335's 15; browsers (Home
        # Assistant's included) accept it, python-zeroconf's strict registration does not.
        announced = await self._zeroconf.async_register_service(self.info, strict=False)
        await announced

    async def stop(self) -> None:
        """Withdraw the announcement and close the sockets."""
        if self._zeroconf is None:
            return
        goodbye = await self._zeroconf.async_unregister_service(self.info)
        await goodbye
        await self._zeroconf.async_close()
        self._zeroconf = None
