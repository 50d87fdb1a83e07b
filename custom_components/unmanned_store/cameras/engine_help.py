"""Which fix the "no vision engine" repair issue names, by how Home Assistant is installed.

The embedded engine needs OpenCV in Home Assistant's own Python, which only a Core install on
glibc Linux can have. Everyone else runs the engine beside Home Assistant: the add-on on Home
Assistant OS and Supervised, a container next to Home Assistant Container, or any glibc host
reached by address. Pure: the installation type comes from Home Assistant's system info.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

INSTALL_DOC: Final = (
    "https://github.com/unmanned-store/unmanned_store/blob/main/docs/installation.md"
)
RELEASES: Final = "https://github.com/unmanned-store/unmanned_store/releases/download"

# homeassistant.helpers.system_info's installation_type values -> the fix that fits.
_FIX_BY_INSTALL: Final = {
    "Home Assistant OS": "addon",
    "Home Assistant Supervised": "addon",
    "Home Assistant Container": "container",
    "Unsupported Third Party Container": "container",
    "Home Assistant Core": "core",
}
# Section anchors of docs/installation.md (a test checks that the headings exist).
ANCHORS: Final = {
    "addon": "home-assistant-os-and-supervised-the-add-on",
    "container": "home-assistant-container-the-engine-container",
    "core": "home-assistant-core-the-engine-package",
    "other": "the-engine-on-another-host",
}


@dataclass(frozen=True, slots=True)
class EngineFix:
    """The repair issue's translation key and the documentation section it links."""

    kind: str
    translation_key: str
    learn_more_url: str


def engine_fix(installation_type: str | None) -> EngineFix:
    """The fix for an installation type; unknown types get every option."""
    kind = _FIX_BY_INSTALL.get(installation_type or "", "other")
    key = "no_engine" if kind == "other" else f"no_engine_{kind}"
    return EngineFix(kind, key, f"{INSTALL_DOC}#{ANCHORS[kind]}")


def wheel_url(version: str) -> str:
    """The engine wheel of this integration's release (what pip installs into Core's venv)."""
    return f"{RELEASES}/v{version}/unmanned_store_engine-{version}-py3-none-any.whl"


def core_requirements_url(version: str) -> str:
    """What the engine needs beyond Home Assistant's own packages, pinned (a release asset that
    scripts/release writes from requirements_engine.txt, so no list here can drift)."""
    return f"{RELEASES}/v{version}/unmanned_store_engine-{version}-core-requirements.txt"


def core_command(version: str) -> str:
    """The pip commands for Home Assistant Core's virtual environment.

    The wheel goes in with --no-deps: its exact pins of numpy, aiohttp and zeroconf are Home
    Assistant 2025.4's, and pip must never move Home Assistant's own packages. The engine's
    other requirements then come with their dependencies.
    """
    wheel = f"pip install --no-deps {wheel_url(version)}"
    return f"{wheel} && pip install -r {core_requirements_url(version)}"
