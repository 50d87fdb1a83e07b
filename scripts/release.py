"""Build a release: the integration's zip (HACS), the engine's wheel (and its Core requirements),
the add-on's version.

One version for all three, so an owner never pairs an integration with an engine of another
release. `--bump X.Y.Z` writes the version everywhere it lives; without it the script checks
that every place agrees and stops on the first disagreement.
Usage: scripts/release [--bump X.Y.Z] [--out dist]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
import hashlib
from importlib.metadata import PackageNotFoundError, requires
import json
import os
from pathlib import Path
import re
import shutil
import subprocess
import sys
import zipfile

ROOT = Path(__file__).resolve().parent.parent
INTEGRATION = Path("custom_components/unmanned_store")
ADDON = Path("addon/unmanned_store_engine")
ZIP_NAME = "unmanned_store.zip"  # hacs.json's `filename`
VERSION = re.compile(r"^\d+\.\d+\.\d+$")
# Fixed timestamp in the zip: the same sources give the same bytes.
ZIP_DATE = (2020, 2, 2, 0, 0, 0)


@dataclass(frozen=True)
class Place:
    """A file that carries the version, and the pattern around it (group 1 is the version)."""

    path: Path
    pattern: str

    def read(self, root: Path) -> list[str]:
        """Every version written in the file."""
        return re.findall(self.pattern, (root / self.path).read_text(encoding="utf-8"), re.M)

    def write(self, root: Path, version: str) -> None:
        """Replace every version in the file."""
        file = root / self.path
        text = file.read_text(encoding="utf-8")

        def swap(match: re.Match[str]) -> str:
            start, end = match.span(1)
            whole = match.group(0)
            offset = match.start(0)
            return whole[: start - offset] + version + whole[end - offset :]

        new, count = re.subn(self.pattern, swap, text, flags=re.M)
        if count == 0:
            raise SystemExit(f"error: no version found in {self.path}")
        file.write_text(new, encoding="utf-8")


PLACES = (
    Place(INTEGRATION / "manifest.json", r'^  "version": "([^"]+)"'),
    Place(Path("unmanned_store_engine/__init__.py"), r'^__version__ = "([^"]+)"'),
    Place(Path("pyproject.toml"), r'^version = "([^"]+)"'),
    Place(ADDON / "config.yaml", r'^version: "([^"]+)"'),
    Place(ADDON / "Dockerfile", r"^ARG BUILD_VERSION=(\S+)$"),
    Place(Path("container/compose.yaml"), r'BUILD_VERSION: "([^"]+)"'),
    Place(Path("container/compose.yaml"), r"image: unmanned-store-engine:(\S+)$"),
)


def versions(root: Path) -> dict[str, list[str]]:
    """Each place's versions (a place may hold it more than once)."""
    found: dict[str, list[str]] = {}
    for place in PLACES:
        found.setdefault(str(place.path), []).extend(place.read(root))
    return found


def check(root: Path) -> str:
    """The one version every place agrees on, or SystemExit naming the disagreement."""
    found = versions(root)
    distinct = {v for values in found.values() for v in values}
    missing = [path for path, values in found.items() if not values]
    if missing or len(distinct) != 1:
        lines = [f"  {path}: {', '.join(values) or 'no version'}" for path, values in found.items()]
        raise SystemExit("error: the versions disagree:\n" + "\n".join(lines))
    (version,) = distinct
    changelog = (root / ADDON / "CHANGELOG.md").read_text(encoding="utf-8")
    if f"## {version}\n" not in changelog:
        raise SystemExit(f"error: {ADDON / 'CHANGELOG.md'} has no '## {version}' section")
    return version


def bump(root: Path, version: str) -> None:
    """Write `version` everywhere and open its changelog section."""
    if not VERSION.match(version):
        raise SystemExit(f"error: {version!r} is not X.Y.Z")
    for place in PLACES:
        place.write(root, version)
    changelog = root / ADDON / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    if f"## {version}\n" not in text:
        head, _, rest = text.partition("\n\n")
        changelog.write_text(
            f"{head}\n\n## {version}\n\n- Released with the integration {version}.\n\n{rest}",
            encoding="utf-8",
        )


def build_zip(root: Path, out: Path) -> Path:
    """The integration folder's contents at the zip's root (what HACS unpacks with zip_release)."""
    target = out / ZIP_NAME
    source = root / INTEGRATION
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(source.rglob("*")):
            relative = path.relative_to(source)
            if not path.is_file() or "__pycache__" in relative.parts or path.suffix == ".pyc":
                continue
            info = zipfile.ZipInfo(relative.as_posix(), ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return target


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def core_requirements(root: Path) -> list[str]:
    """requirements_engine.txt's pins that Home Assistant does not require itself.

    Home Assistant Core installs the wheel with --no-deps (its pins of numpy, aiohttp, zeroconf
    are Home Assistant's own and must not move) and then these, with their dependencies.
    """
    try:
        home_assistant = {_name(r) for r in requires("homeassistant") or []}
    except PackageNotFoundError:
        raise SystemExit(
            "error: Home Assistant must be installed in this Python (scripts/bootstrap) to "
            "tell its packages from the engine's"
        ) from None
    pins = [
        line.split("#", 1)[0].strip()
        for line in (root / "requirements_engine.txt").read_text(encoding="utf-8").splitlines()
    ]
    return [pin for pin in pins if pin and _name(pin) not in home_assistant]


def write_core_requirements(root: Path, out: Path, version: str) -> Path:
    """The release asset the repair issue's Core command installs with `pip install -r`."""
    target = out / f"unmanned_store_engine-{version}-core-requirements.txt"
    lines = [
        f"# unmanned-store-engine {version}: what it needs beyond Home Assistant's own packages.",
        "# Install the wheel with --no-deps first; see docs/installation.md.",
        *core_requirements(root),
    ]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def build_wheel(root: Path, out: Path, version: str, run: Callable[..., object]) -> Path:
    """The engine's wheel (scripts/build_engine), also staged for the add-on's image build."""
    for old in out.glob("unmanned_store_engine-*.whl"):
        old.unlink()
    env = {**os.environ, "PYTHON": os.environ.get("PYTHON", sys.executable)}
    run([str(root / "scripts" / "build_engine"), str(out)], check=True, env=env, cwd=root)
    wheel = out / f"unmanned_store_engine-{version}-py3-none-any.whl"
    if not wheel.is_file():
        raise SystemExit(f"error: the build made no {wheel.name}")
    staged = root / ADDON / "wheels"
    for old in staged.glob("*.whl"):
        old.unlink()
    shutil.copy2(wheel, staged / wheel.name)
    return wheel


def main(argv: Sequence[str] | None = None, root: Path = ROOT) -> int:
    """Check (or bump) the version, then build the three artefacts."""
    parser = argparse.ArgumentParser(prog="scripts/release")
    parser.add_argument("--bump", metavar="X.Y.Z", help="write this version everywhere first")
    parser.add_argument("--out", type=Path, default=root / "dist", help="output folder")
    args = parser.parse_args(argv)
    if args.bump:
        bump(root, args.bump)
    version = check(root)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((root / INTEGRATION / "manifest.json").read_text(encoding="utf-8"))
    artefacts = [
        build_zip(root, out),
        build_wheel(root, out, version, subprocess.run),
        write_core_requirements(root, out, version),
    ]
    print(f"release {version} ({manifest['domain']})")
    for artefact in artefacts:
        digest = hashlib.sha256(artefact.read_bytes()).hexdigest()
        print(f"  {artefact}  sha256 {digest}")
    print(f"  add-on {ADDON} version {version} (wheel staged in {ADDON / 'wheels'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
