"""Packaging tests talk to real processes over real sockets on 127.0.0.1."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _loopback_sockets(socket_enabled: None) -> None:
    """The installed engine, the add-on's run script and the fake Supervisor are real servers."""
