"""What hassfest and the HACS action would check, run on our own files.

Neither tool can run here (no network, no Home Assistant core checkout), so these tests check
the same rules on the manifest, hacs.json, translations, icons, imports and blueprints.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
import json
from pathlib import Path
import re
import shutil
import subprocess
import sys
from typing import Any

from awesomeversion import AwesomeVersion
import pytest
import voluptuous as vol
import yaml

from homeassistant.components.blueprint.models import Blueprint
from homeassistant.const import Platform
from homeassistant.exceptions import HomeAssistantError

ROOT = Path(__file__).parent.parent
INTEGRATION = ROOT / "custom_components" / "unmanned_store"
BLUEPRINTS = ROOT / "blueprints"

# hassfest's list of integrations any integration may import without declaring them.
ALLOWED_USED_COMPONENTS = {
    *{platform.value for platform in Platform},
    "alert", "automation", "conversation", "default_config", "device_automation", "frontend",
    "group", "homeassistant", "input_boolean", "input_button", "input_datetime", "input_number",
    "input_select", "input_text", "media_source", "onboarding", "panel_custom",
    "persistent_notification", "person", "script", "shopping_list", "sun", "system_health",
    "system_log", "timer", "webhook", "websocket_api", "zone", "mjpeg", "stream",
}  # fmt: skip
HACS_KEYS = {
    "name", "content_in_root", "zip_release", "filename", "hide_default_branch", "country",
    "homeassistant", "persistent_directory", "render_readme", "hacs",
}  # fmt: skip
IOT_CLASSES = {
    "assumed_state", "cloud_polling", "cloud_push", "local_polling", "local_push", "calculated",
}  # fmt: skip
INTEGRATION_TYPES = {"device", "entity", "hardware", "helper", "hub", "service", "system"}


def _load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _python_files() -> Iterator[Path]:
    yield from sorted(INTEGRATION.rglob("*.py"))


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out |= _flatten(value, f"{prefix}{key}.")
    else:
        out[prefix.rstrip(".")] = data
    return out


def test_manifest_keys_order_and_formats() -> None:
    """domain and name first, then sorted keys, each of the right form."""
    manifest = _load_json(INTEGRATION / "manifest.json")
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    assert manifest["domain"] == INTEGRATION.name
    for required in ("codeowners", "documentation", "iot_class", "issue_tracker", "version"):
        assert required in manifest, required
    assert manifest["config_flow"] is True
    assert manifest["documentation"].startswith("https://")
    assert manifest["issue_tracker"].startswith("https://")
    assert manifest["iot_class"] in IOT_CLASSES
    assert manifest.get("integration_type", "hub") in INTEGRATION_TYPES
    assert all(owner.startswith("@") for owner in manifest["codeowners"])
    assert AwesomeVersion(manifest["version"]).strategy != "unknown"
    for requirement in manifest.get("requirements", []):
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][A-Za-z0-9.]*", requirement), requirement
    assert "quality_scale" not in manifest, "custom integrations cannot claim a quality scale"


def test_manifest_requirements_are_pinned_in_requirements_txt() -> None:
    """The integration's own requirements are what the dev environment installs."""
    manifest = _load_json(INTEGRATION / "manifest.json")
    pinned = (ROOT / "requirements.txt").read_text(encoding="utf-8").split()
    for requirement in manifest.get("requirements", []):
        assert requirement in pinned


def test_manifest_dependencies_exist() -> None:
    """Every declared dependency is a Home Assistant integration."""
    manifest = _load_json(INTEGRATION / "manifest.json")
    components = Path(__import__("homeassistant.components").components.__path__[0])
    for dep in [*manifest.get("dependencies", []), *manifest.get("after_dependencies", [])]:
        assert (components / dep / "manifest.json").is_file(), dep


def test_hacs_json() -> None:
    """hacs.json has a name, the minimum Home Assistant version, and no unknown key."""
    hacs = _load_json(ROOT / "hacs.json")
    assert set(hacs) <= HACS_KEYS, set(hacs) - HACS_KEYS
    assert hacs["name"]
    assert AwesomeVersion(hacs["homeassistant"]) >= AwesomeVersion("2025.4.0")


def _imported_components(path: Path) -> set[str]:
    """Integrations a module imports from, outside TYPE_CHECKING blocks (as hassfest does)."""
    found: set[str] = set()

    class Collector(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:  # noqa: N802
            if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
                return
            self.generic_visit(node)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:  # noqa: N802
            if node.module and node.module.startswith("homeassistant.components."):
                found.add(node.module.split(".")[2])
            elif node.module == "homeassistant.components":
                found.update(alias.name for alias in node.names)

        def visit_Import(self, node: ast.Import) -> None:  # noqa: N802
            for alias in node.names:
                if alias.name.startswith("homeassistant.components."):
                    found.add(alias.name.split(".")[2])

    Collector().visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_used_components_are_declared() -> None:
    """Every homeassistant.components.X import is declared in (after_)dependencies."""
    manifest = _load_json(INTEGRATION / "manifest.json")
    allowed = (
        ALLOWED_USED_COMPONENTS
        | set(manifest.get("dependencies", []))
        | set(manifest.get("after_dependencies", []))
        | {"diagnostics"}  # hassfest allows a platform of ours named after the integration
    )
    undeclared = {
        (path.name, component)
        for path in _python_files()
        for component in _imported_components(path)
        if component not in allowed and not (INTEGRATION / f"{component}.py").is_file()
    }
    assert not undeclared


def test_integration_imports_no_heavy_vision_libraries() -> None:
    """The integration must set up on Home Assistant OS, where OpenCV cannot be installed."""
    banned = {"cv2", "numpy", "zxingcpp", "av", "unmanned_store_engine"}
    offenders = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [(path.name, n) for n in names if n.split(".")[0] in banned]
    assert not offenders


def test_icons() -> None:
    """Every icon in icons.json is a Material Design Icon name."""
    icons = _flatten(_load_json(INTEGRATION / "icons.json"))
    assert icons, "icons.json is empty"
    for key, icon in icons.items():
        assert isinstance(icon, str), key
        assert re.fullmatch(r"mdi:[a-z0-9-]+", icon), (key, icon)


def test_strings_json_is_english_translation() -> None:
    """translations/en.json is strings.json (custom integrations ship the built file)."""
    assert _load_json(INTEGRATION / "strings.json") == _load_json(
        INTEGRATION / "translations" / "en.json"
    )


@pytest.mark.parametrize("language", ["en", "ko"])
def test_translation_strings_are_clean(language: str) -> None:
    """No leading/trailing spaces, no empty strings and no [%key:...] references."""
    strings = _flatten(_load_json(INTEGRATION / "translations" / f"{language}.json"))
    for key, value in strings.items():
        assert isinstance(value, str), key
        assert value, key
        assert value == value.strip(), key
        assert "[%key:" not in value, f"{key}: references do not work in custom integrations"


def test_translation_parity() -> None:
    """Korean and English have the same keys, and the same placeholders in each string."""
    en = _flatten(_load_json(INTEGRATION / "translations" / "en.json"))
    ko = _flatten(_load_json(INTEGRATION / "translations" / "ko.json"))
    assert set(en) == set(ko), set(en) ^ set(ko)
    placeholder = re.compile(r"\{(\w+)\}")
    for key, text in en.items():
        assert set(placeholder.findall(text)) == set(placeholder.findall(ko[key])), key


def _translation_keys_in_code() -> set[str]:
    """Translation paths (e.g. entity.sensor.visitors_today) that the code refers to."""
    paths: set[str] = set()
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        platform = path.stem if path.stem in {p.value for p in Platform} else None
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = ast.unparse(node.func)
                for kw in node.keywords:
                    if kw.arg != "translation_key" or not isinstance(kw.value, ast.Constant):
                        continue
                    key = kw.value.value
                    if func.endswith(("Error", "Exception")):
                        paths.add(f"exceptions.{key}.message")
                    elif "issue" in func:
                        paths.add(f"issues.{key}.title")
                    elif platform:
                        paths.add(f"entity.{platform}.{key}")
            elif isinstance(node, ast.Assign) and platform:
                for target in node.targets:
                    if (
                        isinstance(target, ast.Name)
                        and target.id == "_attr_translation_key"
                        and isinstance(node.value, ast.Constant)
                    ):
                        paths.add(f"entity.{platform}.{node.value.value}")
    return paths


def test_translation_keys_used_in_code_exist() -> None:
    """Every translation_key in the code has its strings."""
    strings = _flatten(_load_json(INTEGRATION / "strings.json"))
    missing = {
        path
        for path in _translation_keys_in_code()
        if not any(key == path or key.startswith(f"{path}.") for key in strings)
    }
    assert not missing


def _blueprint_files() -> list[Path]:
    return sorted(BLUEPRINTS.rglob("*.yaml"))


def _validate_blueprint(path: Path) -> Blueprint:
    """Validate a blueprint file with Home Assistant's own blueprint schema."""
    # Blueprints use !input tags; Home Assistant's YAML loader knows them.
    from homeassistant.util.yaml import load_yaml_dict

    data = load_yaml_dict(path)
    return Blueprint(data, expected_domain="automation", schema=_automation_blueprint_schema())


def _automation_blueprint_schema() -> vol.Schema:
    from homeassistant.components.automation.config import (
        AUTOMATION_BLUEPRINT_SCHEMA,
    )

    schema: vol.Schema = AUTOMATION_BLUEPRINT_SCHEMA
    return schema


@pytest.mark.parametrize("path", _blueprint_files(), ids=lambda p: p.name)
def test_blueprints_validate(path: Path) -> None:
    """Every shipped blueprint passes Home Assistant's blueprint schema."""
    blueprint = _validate_blueprint(path)
    metadata = blueprint.metadata
    assert metadata["source_url"].startswith("https://")
    assert metadata["homeassistant"]["min_version"]
    assert metadata.get("description")


def test_blueprint_validator_rejects_a_broken_blueprint(tmp_path: Path) -> None:
    """The check above is real: a blueprint without a name or with a bad input fails."""
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        yaml.safe_dump({"blueprint": {"domain": "automation", "input": {"x": {"selector": 5}}}}),
        encoding="utf-8",
    )
    with pytest.raises((HomeAssistantError, vol.Invalid)):
        _validate_blueprint(broken)


CLIENTS = INTEGRATION / "clients"


def test_protocol_clients_import_nothing_from_home_assistant() -> None:
    """clients/ must stay publishable on PyPI: no homeassistant, no import of the integration."""
    offenders = []
    for path in sorted(CLIENTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                # A relative import may only stay inside its own client package.
                if node.level > 1:
                    offenders.append((path.name, "." * node.level + (node.module or "")))
                names = [node.module] if node.module and node.level == 0 else []
            else:
                continue
            offenders += [
                (path.name, n)
                for n in names
                if n.split(".")[0] in {"homeassistant", "custom_components"}
            ]
    assert sorted(p.name for p in CLIENTS.iterdir() if p.is_dir() and p.name != "__pycache__") == [
        "door",
        "engine",
    ]
    assert not offenders


def test_protocol_clients_run_where_home_assistant_cannot_be_imported(tmp_path: Path) -> None:
    """Copied out alone (as a PyPI package would be), both clients import without Home Assistant."""
    shutil.copytree(CLIENTS, tmp_path / "clients", ignore=shutil.ignore_patterns("__pycache__"))
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('homeassistant', 'custom_components'):\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "import clients.door, clients.engine\n"
        "assert clients.door.DoorClient and clients.engine.EngineClient\n"
        "print(sorted(m for m in sys.modules if m.startswith('clients')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "clients.door.client" in result.stdout
    assert "clients.engine.client" in result.stdout


def _calls_and_keywords(tree: ast.AST) -> tuple[set[str], set[str]]:
    calls: set[str] = set()
    keywords: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            calls.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
            keywords.update(kw.arg for kw in node.keywords if kw.arg)
    return calls, keywords


def test_no_patterns_home_assistant_deprecated() -> None:
    """Issue 16 item 9: what Home Assistant 2026.x warns about or schedules for removal.

    - `async_update_device(remove_config_entry_id=...)`: a camera device is now removed with its
      subentry (or with async_remove_device);
    - the automation integration's private helpers for installing blueprints;
    - `async_update_reload_and_abort` in a step of an entry with an update listener (the store's
      reconfigure): a double reload, refused for subentry flows from 2026.
    """
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        _calls, keywords = _calls_and_keywords(tree)
        assert "remove_config_entry_id" not in keywords, path.name
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("homeassistant.components.automation"), path.name
    flow = ast.parse((INTEGRATION / "config_flow.py").read_text(encoding="utf-8"))
    (reconfigure,) = [
        node
        for node in ast.walk(flow)
        if isinstance(node, ast.AsyncFunctionDef) and node.name == "async_step_reconfigure"
    ]
    calls, _keywords = _calls_and_keywords(reconfigure)
    assert "async_update_reload_and_abort" not in calls
    subentries = ast.parse((INTEGRATION / "subentry_flow.py").read_text(encoding="utf-8"))
    assert "async_update_reload_and_abort" not in _calls_and_keywords(subentries)[0]
