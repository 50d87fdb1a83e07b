"""Deprecated uses of Home Assistant cannot creep back in unnoticed.

Home Assistant reports a deprecated use by a custom integration in its log (and pytest turns
its DeprecationWarnings into errors, see pyproject.toml); conftest fails every Home Assistant
test whose log holds such a report. This proves that guard sees a real report.
"""

from __future__ import annotations

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.unmanned_store.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers.frame import report_usage

from .conftest import deprecation_reports


async def test_a_deprecation_report_is_caught(
    hass: HomeAssistant, init_integration: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    """Home Assistant's own report of a deprecated use by this integration is recognised."""
    assert deprecation_reports(caplog.records) == []
    report_usage(
        "calls a deprecated helper", breaks_in_ha_version="2099.1.0", integration_domain=DOMAIN
    )
    reports = deprecation_reports(caplog.records)
    assert len(reports) == 1
    assert "2099.1" in reports[0]
    # The guard itself would fail this test at teardown: the report was only a probe.
    caplog.clear()


def test_pytest_turns_home_assistant_deprecation_warnings_into_errors(
    pytestconfig: pytest.Config,
) -> None:
    """The filter is configured (pytest applies it to every test)."""
    assert "error::DeprecationWarning:homeassistant" in pytestconfig.getini("filterwarnings")
