"""What the HACS action checks in the repository (hacs/integration's validators), from here.

Checks that need GitHub (description, topics, issues enabled, licence detection by GitHub) are
repository settings, not files; the files they rest on are checked here.
"""

from __future__ import annotations

import json
import re
from typing import Any

from PIL import Image
import pytest
import yaml

from .common import ADDON, ROOT

BRAND = ROOT / "custom_components" / "unmanned_store" / "brand"
HACS_KEYS: dict[str, type] = {
    "name": str,
    "content_in_root": bool,
    "country": str,
    "filename": str,
    "hacs": str,
    "hide_default_branch": bool,
    "homeassistant": str,
    "persistent_directory": str,
    "render_readme": bool,
    "zip_release": bool,
}


def hacs_json_problems(data: dict[str, Any]) -> list[str]:
    """hacs.json against the keys and types HACS accepts (it refuses unknown keys)."""
    problems = [f"{key}: unknown key" for key in data if key not in HACS_KEYS]
    problems += [
        f"{key}: must be {HACS_KEYS[key].__name__}"
        for key, value in data.items()
        if key in HACS_KEYS and not isinstance(value, HACS_KEYS[key])
    ]
    if "name" not in data:
        problems.append("name: required")
    if data.get("zip_release") and not data.get("filename"):
        problems.append("zip_release is True, but filename is not set")
    return problems


def test_hacs_json() -> None:
    """Valid keys; the zip it names is the one scripts/release builds."""
    data = json.loads((ROOT / "hacs.json").read_text(encoding="utf-8"))
    assert hacs_json_problems(data) == []
    assert data["filename"] == "unmanned_store.zip"
    manifest = json.loads(
        (ROOT / "custom_components" / "unmanned_store" / "manifest.json").read_text("utf-8")
    )
    assert data["name"] == manifest["name"]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"render_readme": True}, "name: required"),
        ({"name": "x", "zip_release": True}, "zip_release is True, but filename is not set"),
        ({"name": "x", "domains": ["sensor"]}, "domains: unknown key"),
        ({"name": "x", "render_readme": "yes"}, "render_readme: must be bool"),
    ],
)
def test_hacs_json_check_catches_mistakes(data: dict[str, Any], problem: str) -> None:
    """The check is not vacuous."""
    assert problem in hacs_json_problems(data)


def test_manifest_has_what_hacs_requires() -> None:
    """codeowners, documentation and issue_tracker URLs, domain, name, version."""
    manifest = json.loads(
        (ROOT / "custom_components" / "unmanned_store" / "manifest.json").read_text("utf-8")
    )
    assert isinstance(manifest["codeowners"], list)
    for key in ("documentation", "issue_tracker"):
        assert manifest[key].startswith("https://")
    assert manifest["domain"] == "unmanned_store"
    assert manifest["name"]
    assert [int(part) for part in manifest["version"].split(".")]


def test_readme_and_licence() -> None:
    """An information file, and a licence GitHub can identify (the Apache-2.0 text, verbatim)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# ")
    assert "docs/installation.md" in readme
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence.splitlines()[1]
    assert "Version 2.0, January 2004" in licence
    assert licence.rstrip().endswith("limitations under the License.")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "Apache-2.0"' in pyproject
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    assert "FastestDet" in notice
    assert "BSD 3-Clause" in notice


@pytest.mark.parametrize("dark", ["", "dark_"])
def test_brand_images(dark: str) -> None:
    """Home Assistant's brand rules: square 256 px icon (512 @2x), logo 128-256 px tall, PNG."""
    with Image.open(BRAND / f"{dark}icon.png") as icon:
        assert (icon.format, icon.size, icon.mode) == ("PNG", (256, 256), "RGBA")
    with Image.open(BRAND / f"{dark}icon@2x.png") as icon:
        assert icon.size == (512, 512)
    with Image.open(BRAND / f"{dark}logo.png") as logo:
        assert logo.format == "PNG"
        assert 128 <= min(logo.size) <= 256
        assert logo.width > logo.height
        # Transparent around the drawing, as the guidelines ask.
        assert logo.getpixel((0, 0))[3] == 0
    with Image.open(BRAND / f"{dark}logo@2x.png") as logo:
        assert 256 <= min(logo.size) <= 512


def test_compose_example_matches_the_run_script() -> None:
    """Host networking for zeroconf, the secret name run.py reads, the add-on's Dockerfile."""
    compose = yaml.safe_load((ROOT / "container" / "compose.yaml").read_text("utf-8"))
    home_assistant = compose["services"]["homeassistant"]
    engine = compose["services"]["unmanned-store-engine"]
    assert home_assistant["network_mode"] == "host"
    assert engine["network_mode"] == "host"
    assert engine["init"] is True
    assert engine["secrets"] == ["unmanned_store_engine_token"]
    run_script = (ADDON / "run.py").read_text(encoding="utf-8")
    assert '"unmanned_store_engine_token"' in run_script
    context = (ROOT / "container" / engine["build"]["context"]).resolve()
    assert context == ADDON.resolve()
    assert (context / "Dockerfile").is_file()
    assert set(engine["environment"]) <= set(re.findall(r'"(UNMANNED_STORE_[A-Z_]+)"', run_script))
