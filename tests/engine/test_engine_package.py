"""Boundaries of the engine package and of the integration's client."""

from __future__ import annotations

import ast
from pathlib import Path
import sys

import unmanned_store_engine

ROOT = Path(__file__).resolve().parents[2]
ENGINE = Path(unmanned_store_engine.__file__).parent
CLIENT = ROOT / "custom_components" / "unmanned_store" / "clients" / "engine" / "client.py"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_engine_never_imports_home_assistant() -> None:
    """The engine runs where Home Assistant is absent; no module of it may import it."""
    modules = sorted(ENGINE.rglob("*.py"))
    assert len(modules) >= 15
    offenders = {
        str(path.relative_to(ROOT)): name
        for path in modules
        for name in _imports(path)
        if name == "homeassistant" or name.startswith(("homeassistant.", "custom_components"))
    }
    assert offenders == {}


def test_walker_sees_imports(tmp_path: Path) -> None:
    """The check above would catch both import forms."""
    sample = tmp_path / "m.py"
    sample.write_text("import homeassistant.core\nfrom homeassistant import const\n")
    assert _imports(sample) == {"homeassistant.core", "homeassistant"}


def test_client_imports_only_aiohttp_and_stdlib() -> None:
    """The client must load on Home Assistant OS: no OpenCV, numpy or Home Assistant."""
    allowed = set(sys.stdlib_module_names) | {"aiohttp", "__future__"}
    tops = {name.split(".")[0] for name in _imports(CLIENT)}
    assert "aiohttp" in tops
    assert tops <= allowed, tops - allowed


def test_model_ships_with_its_licence() -> None:
    """FastestDet is BSD-3-Clause: the licence travels with the weights."""
    folder = ENGINE / "models" / "fastestdet"
    assert (folder / "FastestDet.onnx").stat().st_size > 900_000
    assert "BSD 3-Clause" in (folder / "LICENSE.md").read_text(encoding="utf-8")
    assert (folder / "coco.names").read_text(encoding="utf-8").splitlines()[0] == "person"
