"""Shared time zones for the operating-hours tests."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest


@pytest.fixture
def seoul() -> ZoneInfo:
    """Korea: no DST, the shop's home."""
    return ZoneInfo("Asia/Seoul")


@pytest.fixture
def berlin() -> ZoneInfo:
    """Spring forward 02:00->03:00 on 2026-03-29, fall back 03:00->02:00 on 2026-10-25."""
    return ZoneInfo("Europe/Berlin")


@pytest.fixture
def new_york() -> ZoneInfo:
    """Spring forward 02:00->03:00 on 2026-03-08, fall back 02:00->01:00 on 2026-11-01."""
    return ZoneInfo("America/New_York")
