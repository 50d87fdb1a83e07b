"""scripts/release on a copy of the repository: three artefacts, one version."""

from __future__ import annotations

from importlib.metadata import requires
import json
from pathlib import Path
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
import yaml

from .common import ROOT, clean_env


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """This repository's tracked and new files, copied (the release edits files in place)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    copy = tmp_path / "repo"
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return copy


def _release(checkout: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(checkout / "scripts" / "release"), *args],
        cwd=checkout,
        env=clean_env(PYTHON=sys.executable),
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_release_bumps_and_builds_three_matching_artefacts(checkout: Path) -> None:
    """--bump writes one version everywhere; the zip, wheel and add-on all carry it."""
    out = checkout / "dist"
    result = _release(checkout, "--bump", "0.2.0", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "release 0.2.0" in result.stdout

    with zipfile.ZipFile(out / "unmanned_store.zip") as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["version"] == "0.2.0"
    assert {"__init__.py", "config_flow.py", "brand/icon.png", "translations/ko.json"} <= names
    assert not [n for n in names if "__pycache__" in n or n.startswith("custom_components/")]

    wheel = out / "unmanned_store_engine-0.2.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read("unmanned_store_engine-0.2.0.dist-info/METADATA").decode()
        init = archive.read("unmanned_store_engine/__init__.py").decode()
    assert "\nVersion: 0.2.0\n" in metadata
    assert '__version__ = "0.2.0"' in init

    core = (out / "unmanned_store_engine-0.2.0-core-requirements.txt").read_text("utf-8")
    core_pins = [line for line in core.splitlines() if not line.startswith("#")]
    home_assistant = {_name(r) for r in requires("homeassistant") or []}
    engine_pins = [
        line.split("#", 1)[0].strip()
        for line in (ROOT / "requirements_engine.txt").read_text("utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    ]
    assert "opencv-python-headless==4.14.0.94" in core_pins
    assert core_pins == [pin for pin in engine_pins if _name(pin) not in home_assistant]
    assert not [pin for pin in core_pins if _name(pin) in {"numpy", "aiohttp", "zeroconf"}]

    addon = checkout / "addon" / "unmanned_store_engine"
    config = yaml.safe_load((addon / "config.yaml").read_text(encoding="utf-8"))
    assert config["version"] == "0.2.0"
    assert (addon / "wheels" / wheel.name).read_bytes() == wheel.read_bytes()
    assert "ARG BUILD_VERSION=0.2.0\n" in (addon / "Dockerfile").read_text(encoding="utf-8")
    compose = yaml.safe_load((checkout / "container" / "compose.yaml").read_text("utf-8"))
    engine = compose["services"]["unmanned-store-engine"]
    assert engine["build"]["args"]["BUILD_VERSION"] == "0.2.0"
    assert engine["image"] == "unmanned-store-engine:0.2.0"
    assert "## 0.2.0\n" in (addon / "CHANGELOG.md").read_text(encoding="utf-8")

    # Run again without --bump: it checks, agrees and rebuilds the same zip byte for byte.
    first = (out / "unmanned_store.zip").read_bytes()
    again = _release(checkout, "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert (out / "unmanned_store.zip").read_bytes() == first


def test_release_stops_when_versions_disagree(checkout: Path) -> None:
    """An add-on left at another version is named, and nothing is built."""
    config = checkout / "addon" / "unmanned_store_engine" / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('version: "', 'version: "9.9.9-was-'),
        encoding="utf-8",
    )
    result = _release(checkout, "--out", str(checkout / "dist"))
    assert result.returncode == 1
    assert "the versions disagree" in result.stderr
    assert "addon/unmanned_store_engine/config.yaml: 9.9.9-was-" in result.stderr
    assert not (checkout / "dist").exists()


def test_release_refuses_a_malformed_version(checkout: Path) -> None:
    """--bump takes X.Y.Z only (the add-on store and pip both compare these)."""
    result = _release(checkout, "--bump", "v1", "--out", str(checkout / "dist"))
    assert result.returncode == 1
    assert "is not X.Y.Z" in result.stderr
