"""The engine's wheel: built by scripts/build_engine, installed into a fresh venv, served."""

from __future__ import annotations

from importlib.metadata import requires
import importlib.util
import json
from pathlib import Path
import re
import subprocess
import sys
from types import ModuleType
import zipfile

import pytest

from custom_components.unmanned_store.cameras.engine_help import (
    core_command,
    core_requirements_url,
    wheel_url,
)

from .common import (
    ROOT,
    clean_env,
    get_json,
    manifest_version,
    new_token,
    python_versions,
    running,
    wait_for_port,
)


def _hatch_build() -> ModuleType:
    """engine_wheel/hatch_build.py, the build hooks (hatchling is a test requirement)."""
    spec = importlib.util.spec_from_file_location(
        "hatch_build", ROOT / "engine_wheel" / "hatch_build.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_MODEL_CHECK = """
import importlib.resources, importlib.util, json, sys
import onnxruntime
import unmanned_store_engine
models = importlib.resources.files("unmanned_store_engine") / "models"
loaded = []
# The runtime the engine runs its models on; the manifest and README beside the folders are
# not models.
for folder in (entry for entry in models.iterdir() if entry.is_dir()):
    for item in folder.iterdir():
        if item.name.endswith(".onnx"):
            with importlib.resources.as_file(item) as path:
                session = onnxruntime.InferenceSession(str(path))
                assert session.get_inputs(), path
                loaded.append(str(path))
# The integration's embedded-mode probe (cameras/engine_process.embedded_engine_possible).
embedded = all(importlib.util.find_spec(m) is not None for m in ("cv2", "unmanned_store_engine"))
print(json.dumps({"package": unmanned_store_engine.__file__, "models": loaded,
                  "python": list(sys.version_info[:2]), "embedded": embedded}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built once for this module the way a release builds it."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [str(ROOT / "scripts" / "build_engine"), str(out)],
        check=True,
        env=clean_env(PYTHON=sys.executable),
        capture_output=True,
    )
    (built,) = out.glob("unmanned_store_engine-*.whl")
    return built


def test_wheel_metadata(wheel: Path) -> None:
    """Version in step with the integration, pinned dependencies, console script, models."""
    version = manifest_version()
    assert wheel.name == f"unmanned_store_engine-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"unmanned_store_engine-{version}.dist-info"
        metadata = archive.read(f"{info}/METADATA").decode()
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    assert "unmanned_store_engine/models/fastestdet/FastestDet.onnx" in names
    assert "unmanned_store_engine/models/fastestdet/LICENSE.md" in names
    assert f"{info}/licenses/LICENSE" in names
    assert f"{info}/licenses/NOTICE" in names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]
    requires = sorted(
        line.removeprefix("Requires-Dist: ")
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist: ")
    )
    pinned = sorted(
        line.split("#", 1)[0].strip()
        for line in (ROOT / "requirements_engine.txt").read_text(encoding="utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    )
    assert requires == pinned
    assert "Requires-Python: >=3.11" in metadata
    assert "unmanned-store-engine = unmanned_store_engine.cli:main" in entry_points


def test_engine_version_is_the_integration_version() -> None:
    """The engine reports the integration's version, so the add-on and wheel match it."""
    import unmanned_store_engine

    assert unmanned_store_engine.__version__ == manifest_version()


def test_requirements_reader_refuses_loose_pins(tmp_path: Path) -> None:
    """A requirement without == or a pip option would ship an unpinned engine: the build stops."""
    hatch_build = _hatch_build()
    good = tmp_path / "good.txt"
    good.write_text("# why\nnumpy==2.2.2  # pinned\n\naiohttp==3.11.16\n")
    assert hatch_build.pinned_requirements(good) == ["numpy==2.2.2", "aiohttp==3.11.16"]
    loose = tmp_path / "loose.txt"
    loose.write_text("numpy>=2\n")
    with pytest.raises(ValueError, match="not pinned"):
        hatch_build.pinned_requirements(loose)
    option = tmp_path / "option.txt"
    option.write_text("-r other.txt\n")
    with pytest.raises(ValueError, match="pip options"):
        hatch_build.pinned_requirements(option)


@pytest.mark.slow
@pytest.mark.parametrize("python", python_versions(), ids=lambda p: Path(p).name)
def test_wheel_installs_and_serves(wheel: Path, tmp_path: Path, python: str) -> None:
    """A fresh venv gets the wheel from pip; the console script serves /api/info; models load."""
    venv = tmp_path / "venv"
    subprocess.run([python, "-m", "venv", str(venv)], check=True, env=clean_env())
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        env=clean_env(),
        cwd=tmp_path,
    )
    # The package and its models come from the venv, not from this checkout.
    check = subprocess.run(
        [str(venv / "bin" / "python"), "-c", _MODEL_CHECK],
        check=True,
        env=clean_env(),
        cwd=tmp_path,
        capture_output=True,
    )
    found = json.loads(check.stdout)
    assert found["package"].startswith(str(venv))
    assert found["models"]
    assert all(path.startswith(str(venv)) for path in found["models"])
    assert found["embedded"] is True

    token = new_token()
    script = venv / "bin" / "unmanned-store-engine"
    with running(
        [str(script), "serve", "--port", "0", "--no-zeroconf", "--id", "wheel-test"],
        env=clean_env(UNMANNED_STORE_ENGINE_TOKEN=token),
        cwd=tmp_path,
    ) as process:
        port, _ = wait_for_port(process)
        info = get_json(f"http://127.0.0.1:{port}/api/info", token)
    assert info["id"] == "wheel-test"
    assert info["version"] == manifest_version()
    assert process.returncode == 0


def test_console_script_is_the_module_cli() -> None:
    """`unmanned-store-engine` and `python -m unmanned_store_engine` run the same main()."""
    text = (ROOT / "engine_wheel" / "pyproject.toml").read_text(encoding="utf-8")
    assert 'unmanned-store-engine = "unmanned_store_engine.cli:main"' in text
    main_module = (ROOT / "unmanned_store_engine" / "__main__.py").read_text(encoding="utf-8")
    assert "from .cli import main" in main_module


def test_package_files_leave_caches_out(tmp_path: Path) -> None:
    """Bytecode caches of the checkout never reach the wheel; model files do."""
    package = tmp_path / "unmanned_store_engine"
    (package / "__pycache__").mkdir(parents=True)
    (package / "models" / "m").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "__pycache__" / "x.cpython-313.pyc").write_bytes(b"")
    (package / "stray.pyc").write_bytes(b"")
    (package / "models" / "m" / "net.onnx").write_bytes(b"0")
    files = _hatch_build().package_files(package)
    assert sorted(files.values()) == [
        "unmanned_store_engine/__init__.py",
        "unmanned_store_engine/models/m/net.onnx",
    ]


def _release_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("release", ROOT / "scripts" / "release.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["release"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_core_install_moves_nothing_of_home_assistant(wheel: Path, tmp_path: Path) -> None:
    """The Core commands (repair issue, docs) with the release's requirements file, dry-run in
    this venv, which is Home Assistant 2025.4.4's: pip plans the engine and what it adds only,
    none of Home Assistant's own requirements."""
    home_assistant = {
        re.split(r"[<>=!~;\[ ]", requirement)[0].lower()
        for requirement in requires("homeassistant") or []
    }
    core_file = _release_module().write_core_requirements(ROOT, tmp_path, "0.0.0")
    command = (
        core_command("0.0.0")
        .replace(wheel_url("0.0.0"), str(wheel))
        .replace(core_requirements_url("0.0.0"), str(core_file))
    )
    planned: set[str] = set()
    for part in command.split(" && "):
        report = tmp_path / "report.json"
        args = part.split()[2:]
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--report",
             str(report), *args],
            check=True,
            env=clean_env(),
            capture_output=True,
        )  # fmt: skip
        planned |= {
            i["metadata"]["name"].lower() for i in json.loads(report.read_text())["install"]
        }
    assert "unmanned-store-engine" in planned
    assert not planned & home_assistant, planned & home_assistant
