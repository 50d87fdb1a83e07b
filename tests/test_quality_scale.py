"""quality_scale.yaml checked as hassfest checks it, and each claim checked against the code.

hassfest (Home Assistant core's script/hassfest/quality_scale.py) needs a core checkout, so its
rules are applied here: the file lists every rule of the scale with a valid status, todo and
exempt rules say why, and the rules hassfest validates from the code (config-flow, runtime-data,
reauthentication-flow, reconfiguration-flow, discovery, unique-config-entry, test-before-setup,
strict-typing) are validated here the same way, plus the claims hassfest cannot see: diagnostics
per entry kind, config-flow test coverage (measured), and every file a comment names exists.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
import re
import subprocess
import sys
from typing import Any

import pytest
import yaml

from homeassistant.const import Platform

ROOT = Path(__file__).parent.parent
INTEGRATION = ROOT / "custom_components" / "unmanned_store"

# The rules of the Integration Quality Scale, by tier (as hassfest lists them, 2025).
RULES = {
    "bronze": [
        "action-setup", "appropriate-polling", "brands", "common-modules", "config-flow",
        "config-flow-test-coverage", "dependency-transparency", "docs-actions",
        "docs-conditions", "docs-high-level-description", "docs-installation-instructions",
        "docs-removal-instructions", "docs-triggers", "entity-event-setup", "entity-unique-id",
        "has-entity-name", "runtime-data", "test-before-configure", "test-before-setup",
        "unique-config-entry",
    ],
    "silver": [
        "action-exceptions", "config-entry-unloading", "docs-configuration-parameters",
        "docs-installation-parameters", "entity-unavailable", "integration-owner",
        "log-when-unavailable", "parallel-updates", "reauthentication-flow", "test-coverage",
    ],
    "gold": [
        "devices", "diagnostics", "discovery", "discovery-update-info", "docs-data-update",
        "docs-examples", "docs-known-limitations", "docs-supported-devices",
        "docs-supported-functions", "docs-troubleshooting", "docs-use-cases", "dynamic-devices",
        "entity-category", "entity-device-class", "entity-disabled-by-default",
        "entity-translations", "exception-translations", "icon-translations",
        "reconfiguration-flow", "repair-issues", "stale-devices",
    ],
    "platinum": ["async-dependency", "inject-websession", "strict-typing"],
}  # fmt: skip
ALL_RULES = {rule for rules in RULES.values() for rule in rules}
TYPED_ENTRY = re.compile(r"^[A-Za-z]+ConfigEntry$")
# The test modules that exercise the flows; config-flow-test-coverage is measured over them.
FLOW_TESTS = [
    "tests/test_config_flow.py",
    "tests/test_config_flow_kinds.py",
    "tests/test_door_device.py",
    "tests/cameras/test_entry_kinds.py",
    "tests/cameras/test_cameras_flow.py",
    "tests/cameras/test_engine_link_standalone.py",
]


def _scale() -> dict[str, dict[str, Any]]:
    raw = yaml.safe_load((INTEGRATION / "quality_scale.yaml").read_text(encoding="utf-8"))
    rules: dict[str, Any] = raw["rules"]
    return {
        name: value if isinstance(value, dict) else {"status": value}
        for name, value in rules.items()
    }


def _done() -> set[str]:
    return {name for name, rule in _scale().items() if rule["status"] == "done"}


def _module(name: str) -> ast.Module:
    return ast.parse((INTEGRATION / name).read_text(encoding="utf-8"))


def _functions(tree: ast.AST) -> dict[str, ast.AsyncFunctionDef | ast.FunctionDef]:
    return {
        node.name: node
        for node in ast.walk(tree)
        if isinstance(node, ast.AsyncFunctionDef | ast.FunctionDef)
    }


def _step_ids(tree: ast.AST) -> set[str]:
    """step_id="..." given to async_show_form / async_show_menu."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "step_id" and isinstance(keyword.value, ast.Constant):
                    found.add(keyword.value.value)
    return found


def _calls(node: ast.AST) -> set[str]:
    return {
        call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        for call in ast.walk(node)
        if isinstance(call, ast.Call)
    }


def _strings() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((INTEGRATION / "strings.json").read_text(encoding="utf-8"))
    return data


def test_every_rule_once_with_a_valid_status() -> None:
    """hassfest: all rules present, no unknown one, status done/todo/exempt, reasons given."""
    scale = _scale()
    assert set(scale) == ALL_RULES, set(scale) ^ ALL_RULES
    for name, rule in scale.items():
        assert set(rule) <= {"status", "comment"}, name
        assert rule["status"] in {"done", "todo", "exempt"}, name
        if rule["status"] != "done":
            assert rule.get("comment"), f"{name}: a todo or exempt rule says why"


def test_named_files_exist() -> None:
    """A claim that names a test or a doc is backed by that file."""
    for name, rule in _scale().items():
        for path in re.findall(r"(?:tests|docs)/[\w/.-]+\.(?:py|md)", rule.get("comment", "")):
            assert (ROOT / path).is_file(), (name, path)
        for path in re.findall(r"\b[\w/]+\.(?:py|json|yaml)\b", rule.get("comment", "")):
            if not path.startswith(("tests/", "docs/")) and "/" not in path.rstrip("/"):
                assert any(INTEGRATION.rglob(path)) or (ROOT / path).exists(), (name, path)


def test_config_flow_rule() -> None:
    """config-flow: manifest says so, config_flow.py exists, every form step is translated."""
    assert "config-flow" in _done()
    manifest = json.loads((INTEGRATION / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["config_flow"] is True
    strings = _strings()
    for step in _step_ids(_module("config_flow.py")):
        assert step in strings["config"]["step"], step
    for step in _step_ids(_module("subentry_flow.py")):
        assert step in strings["config_subentries"]["camera"]["step"], step
    assert strings["config_subentries"]["camera"]["initiate_flow"]["user"]
    # No mixin files: every step of the config flow is in the one class hassfest reads.
    assert not list(INTEGRATION.glob("config_flow_*.py"))


def test_runtime_data_rule() -> None:
    """runtime-data (+ strict-typing): set in async_setup_entry, typed entries everywhere."""
    assert {"runtime-data", "strict-typing"} <= _done()
    init = _functions(_module("__init__.py"))
    setup = init["async_setup_entry"]
    entry_arg = setup.args.args[1].arg
    assert any(
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == entry_arg
        and node.attr == "runtime_data"
        and isinstance(node.ctx, ast.Store)
        for node in ast.walk(setup)
    )
    typed = {
        "__init__.py": [
            "async_setup_entry",
            "async_unload_entry",
            "async_remove_entry",
            "async_migrate_entry",
        ],
        "diagnostics.py": ["async_get_config_entry_diagnostics"],
    }
    for platform in Platform:
        if (INTEGRATION / f"{platform.value}.py").is_file():
            typed[f"{platform.value}.py"] = ["async_setup_entry"]
    for module, names in typed.items():
        functions = _functions(_module(module))
        for name in names:
            annotation = functions[name].args.args[1].annotation
            assert isinstance(annotation, ast.Name), (module, name)
            assert TYPED_ENTRY.match(annotation.id), (module, name, annotation.id)
    # No entry type cast into another kind, no raw string keys in hass.data.
    for path in INTEGRATION.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert "cast" not in _calls(tree), path.name
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "data"
                and isinstance(node.value.value, ast.Name)
                and node.value.value.id == "hass"
            ):
                assert not isinstance(node.slice, ast.Constant), path.name


def test_reauth_and_reconfigure_per_entry_kind() -> None:
    """reauthentication-flow and reconfiguration-flow, for every kind of entry."""
    assert {"reauthentication-flow", "reconfiguration-flow"} <= _done()
    flow = _module("config_flow.py")
    functions = _functions(flow)
    for step in ("reauth", "reauth_confirm", "reauth_engine", "reconfigure"):
        assert f"async_step_{step}" in functions, step
    for step in ("reconfigure_door_device", "reconfigure_engine"):
        assert f"async_step_{step}" in functions, step
    steps = _step_ids(flow)
    assert {"reauth_confirm", "reauth_engine", "reconfigure_door_device", "reconfigure_engine"} <= (
        steps
    )
    # The dispatchers branch on the kind, so no kind falls into another's form.
    for name in ("async_step_reauth", "async_step_reconfigure"):
        source = ast.unparse(functions[name])
        assert "ENTRY_TYPE_DOOR_DEVICE" in source, name
        assert "ENTRY_TYPE_ENGINE" in source, name
    assert "async_step_reconfigure" in _functions(_module("subentry_flow.py"))


def test_diagnostics_per_entry_kind() -> None:
    """diagnostics: one report per kind, and one for an entry that is not loaded."""
    assert "diagnostics" in _done()
    function = _functions(_module("diagnostics.py"))["async_get_config_entry_diagnostics"]
    calls = _calls(function)
    assert {"is_door_device", "is_engine", "is_store"} <= calls
    assert "ConfigEntryState.LOADED" in ast.unparse(function)


def test_discovery_and_unique_entries() -> None:
    """discovery and unique-config-entry: zeroconf steps set a unique id; stores refuse twins."""
    assert {"discovery", "unique-config-entry", "discovery-update-info"} <= _done()
    manifest = json.loads((INTEGRATION / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["zeroconf"]
    functions = _functions(_module("config_flow.py"))
    assert "async_step_zeroconf" in functions
    for name in ("_async_door_discovered", "_async_engine_discovered"):
        calls = _calls(functions[name])
        assert "async_set_unique_id" in calls, name
        assert "_abort_if_unique_id_configured" in calls, name
        # A known device at a new address updates its entry (discovery-update-info).
        assert "updates=" in ast.unparse(functions[name]), name
    store = _calls(functions["async_step_store"])
    assert {"async_set_unique_id", "_abort_if_unique_id_configured"} <= store


def test_test_before_setup() -> None:
    """test-before-setup: linked entries check their device or engine before they load."""
    assert "test-before-setup" in _done()
    for module in ("door/device.py", "cameras/engine_entry.py"):
        source = (INTEGRATION / module).read_text(encoding="utf-8")
        assert "raise ConfigEntryNotReady" in source, module
        assert "raise ConfigEntryAuthFailed" in source, module


def test_strict_typing_is_what_scripts_test_runs() -> None:
    """strict-typing: mypy --strict over the integration, in the project's own test script."""
    assert "strict-typing" in _done()
    script = (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    assert "mypy --strict" in script
    assert "custom_components/unmanned_store" in script


def test_parallel_updates_in_every_platform() -> None:
    """parallel-updates: every platform module says how many updates run at once."""
    assert "parallel-updates" in _done()
    for platform in Platform:
        path = INTEGRATION / f"{platform.value}.py"
        if path.is_file():
            assert "PARALLEL_UPDATES" in path.read_text(encoding="utf-8"), path.name


@pytest.mark.slow
def test_config_flow_test_coverage_is_complete(tmp_path: Path) -> None:
    """config-flow-test-coverage: the flow modules are fully covered by their tests (measured)."""
    if "config-flow-test-coverage" not in _done():
        pytest.skip("not claimed")
    report = tmp_path / "coverage.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--no-cov-on-fail",
            "--cov=custom_components.unmanned_store",
            f"--cov-report=json:{report}",
            "--cov-fail-under=0",
            *FLOW_TESTS,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    files = json.loads(report.read_text(encoding="utf-8"))["files"]
    for module in ("config_flow.py", "subentry_flow.py"):
        (summary,) = [
            data["summary"]
            for name, data in files.items()
            if name.endswith(f"unmanned_store/{module}")
        ]
        missing = [
            line
            for name, data in files.items()
            if name.endswith(f"unmanned_store/{module}")
            for line in data["missing_lines"]
        ]
        assert summary["percent_covered"] == 100, (module, missing)
