"""Hatchling hooks: the engine package and its pinned requirements live one folder up.

Build-time only (hatchling imports this file); it is not part of the wheel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.metadata.plugin.interface import MetadataHookInterface

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "unmanned_store_engine"
REQUIREMENTS = ROOT / "requirements_engine.txt"
_SKIPPED_DIRS = {"__pycache__"}
_SKIPPED_SUFFIXES = {".pyc", ".pyo"}


def pinned_requirements(path: Path = REQUIREMENTS) -> list[str]:
    """The requirement lines of a pip requirements file, comments dropped; all must be pinned."""
    requirements = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-"):
            raise ValueError(f"{path.name}: pip options are not package requirements: {line!r}")
        if "==" not in line:
            raise ValueError(f"{path.name}: {line!r} is not pinned with ==")
        requirements.append(line)
    return requirements


def package_files(root: Path = ROOT / PACKAGE) -> dict[str, str]:
    """Source path -> path in the wheel for every file of the package (caches left out)."""
    files = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or _SKIPPED_DIRS.intersection(relative.parts):
            continue
        if path.suffix in _SKIPPED_SUFFIXES:
            continue
        files[str(path)] = f"{PACKAGE}/{relative.as_posix()}"
    return files


class CustomMetadataHook(MetadataHookInterface):
    """Dependencies from requirements_engine.txt: the one list the engine is tested with."""

    def update(self, metadata: dict[str, Any]) -> None:
        metadata["dependencies"] = pinned_requirements()


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Puts ../unmanned_store_engine (code and model files) into the wheel."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        build_data["force_include"].update(package_files())
        build_data["pure_python"] = True
