"""The "no vision engine" repair issue names the fix for each way Home Assistant is installed."""

from __future__ import annotations

import json
from pathlib import Path
import re
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.unmanned_store.cameras import engine_setup
from custom_components.unmanned_store.cameras.engine_help import (
    ANCHORS,
    INSTALL_DOC,
    core_command,
    core_requirements_url,
    engine_fix,
    wheel_url,
)
from custom_components.unmanned_store.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from tests.conftest import STORE_ID

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "custom_components" / "unmanned_store" / "translations"
MANIFEST = ROOT / "custom_components" / "unmanned_store" / "manifest.json"

# Each installation type Home Assistant's system info reports, the fix it must get, and words
# that text must contain in English and Korean (the fix itself, not just a heading).
CASES = [
    ("Home Assistant OS", "addon", ["add-on", "Unmanned Store Engine"], ["애드온"]),
    ("Home Assistant Supervised", "addon", ["add-on", "Repositories"], ["애드온", "저장소"]),
    ("Home Assistant Container", "container", ["compose.yaml", "host networking"], ["compose"]),
    ("Unsupported Third Party Container", "container", ["docker compose up"], ["컨테이너"]),
    ("Home Assistant Core", "core", ["`{command}`", "Python 3.11"], ["`{command}`"]),
    ("Unknown", "other", ["add-on", "compose.yaml", "{command}", "by address"], ["주소로"]),
]


def _issues(language: str) -> dict[str, dict[str, str]]:
    data = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
    issues: dict[str, dict[str, str]] = data["issues"]
    return issues


@pytest.mark.parametrize(("install", "kind", "english", "korean"), CASES)
async def test_issue_names_the_fix_for_the_install_type(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
    install: str,
    kind: str,
    english: list[str],
    korean: list[str],
) -> None:
    """Add-on on OS/Supervised, compose for Container, pip for Core, all options otherwise."""
    # This machine is one installation type; Home Assistant's answer is replaced by each.
    real = engine_setup.async_get_system_info

    async def _system_info(hass: HomeAssistant) -> dict[str, Any]:
        info = await real(hass)
        return {**info, "installation_type": install}

    monkeypatch.setattr(engine_setup, "async_get_system_info", _system_info)
    mock_config_entry.add_to_hass(hass)
    await engine_setup.async_create_no_engine_issue(hass, STORE_ID)

    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"no_engine_{STORE_ID}")
    assert issue is not None
    fix = engine_fix(install)
    assert fix.kind == kind
    assert issue.translation_key == fix.translation_key
    assert issue.learn_more_url == f"{INSTALL_DOC}#{ANCHORS[kind]}"
    version = json.loads(MANIFEST.read_text(encoding="utf-8"))["version"]
    assert issue.translation_placeholders == {
        "command": core_command(version),
        "docs": issue.learn_more_url,
    }
    for language, words in (("en", english), ("ko", korean)):
        text = _issues(language)[fix.translation_key]
        assert text["title"].strip()
        for word in words:
            assert word in text["description"], (language, word)
        # Every text also offers the engine on another machine, and links the instructions.
        assert "{docs}" in text["description"]
    other_kinds = {"addon", "container", "core"} - {kind}
    if kind != "other":
        description = _issues("en")[fix.translation_key]["description"]
        assert "by address" in description
        wrong = {"addon": "Add-on store", "container": "docker compose", "core": "{command}"}
        assert not [k for k in other_kinds if wrong[k] in description]


def test_wheel_url_is_the_release_asset_scripts_release_builds() -> None:
    """The Core fix installs the very wheel a release publishes."""
    url = wheel_url("1.2.3")
    assert url.endswith("/v1.2.3/unmanned_store_engine-1.2.3-py3-none-any.whl")
    assert url.startswith("https://github.com/unmanned-store/unmanned_store/releases/download/")


def _github_anchor(heading: str) -> str:
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_linked_sections_exist_in_the_installation_doc() -> None:
    """Each anchor the issue links is a heading of docs/installation.md."""
    doc = (ROOT / "docs" / "installation.md").read_text(encoding="utf-8")
    anchors = {
        _github_anchor(line.lstrip("#")) for line in doc.splitlines() if line.startswith("#")
    }
    assert set(ANCHORS.values()) <= anchors, set(ANCHORS.values()) - anchors


def test_core_command_installs_the_release_assets() -> None:
    """The wheel without its exact pins, then the release's list of what Core lacks."""
    wheel, rest = core_command("1.2.3").split(" && ")
    assert wheel == f"pip install --no-deps {wheel_url('1.2.3')}"
    assert rest == f"pip install -r {core_requirements_url('1.2.3')}"
    assert core_requirements_url("1.2.3").endswith(
        "/v1.2.3/unmanned_store_engine-1.2.3-core-requirements.txt"
    )
