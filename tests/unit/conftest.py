"""Fixtures of the unit tests: these tests need no Home Assistant instance."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Replace the parent autouse fixture, which starts Home Assistant these tests never use."""


@pytest.fixture
async def client_session() -> AsyncIterator[aiohttp.ClientSession]:
    """A real client session, closed after the test so no connector is left behind."""
    session = aiohttp.ClientSession()
    try:
        yield session
    finally:
        await session.close()
