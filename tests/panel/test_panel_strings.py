"""The panel's texts: English and Korean alike, every key the code uses, a fresh build."""

from __future__ import annotations

import ast
import json
from pathlib import Path
import re

from custom_components.unmanned_store.cameras.geometry import IGNORE_PREFIX
from custom_components.unmanned_store.door.passes import DenyReason, PassKind
from custom_components.unmanned_store.door.visitor_db import VISIT_METHODS, VISIT_RESULTS
from custom_components.unmanned_store.panel_api import WEEKDAYS
from tests.panel_sources import BUILT, ROOT, SOURCES, sources_sha256

STRINGS = json.loads((SOURCES / "strings.json").read_text(encoding="utf-8"))
INTEGRATION = ROOT / "custom_components" / "unmanned_store"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_english_and_korean_have_the_same_keys_and_placeholders() -> None:
    """Parity: no text missing in one language, no placeholder lost in translation."""
    assert set(STRINGS) == {"en", "ko"}
    assert set(STRINGS["en"]) == set(STRINGS["ko"])
    for key, english in STRINGS["en"].items():
        korean = STRINGS["ko"][key]
        assert set(PLACEHOLDER.findall(english)) == set(PLACEHOLDER.findall(korean)), key
        assert english.strip(), key
        assert korean.strip(), key


def test_korean_is_korean() -> None:
    """Korean texts are written in Hangul (not left in English), except codes and labels."""
    untranslated = {
        key
        for key, text in STRINGS["ko"].items()
        if not HANGUL.search(text) and text == STRINGS["en"][key] and key not in {"pass.show_qr"}
    }
    assert not untranslated


def test_every_value_shown_has_a_text() -> None:
    """Every denial reason, result, method, pass kind and weekday the log can hold."""
    needed = (
        {f"reason.{reason.value}" for reason in DenyReason}
        | {f"result.{result}" for result in VISIT_RESULTS}
        | {f"method.{method}" for method in VISIT_METHODS}
        | {f"kind.{kind.value}" for kind in PassKind}
        | {f"weekday.{day}" for day in WEEKDAYS}
    )
    assert needed <= set(STRINGS["en"])


def _keys_used_in_js() -> set[str]:
    used: set[str] = set()
    for path in SOURCES.glob("*.js"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""(?:\bt|\bthis\.L|\bL)\((?:this\.lang, )?"([a-z_.]+)\"""", text))
    return used


def test_every_text_the_panel_asks_for_exists() -> None:
    """Static keys in the sources are all in strings.json."""
    used = _keys_used_in_js()
    assert len(used) > 60
    assert used <= set(STRINGS["en"]), sorted(used - set(STRINGS["en"]))


def _error_keys_raised() -> set[str]:
    """Translation keys of the errors the websocket API and the code it calls can send."""
    keys: set[str] = set()
    tree = ast.parse((INTEGRATION / "panel_api.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "PanelError"
            and isinstance(node.args[0], ast.Constant)
        ):
            keys.add(str(node.args[0].value))
    geometry = (INTEGRATION / "cameras" / "geometry.py").read_text(encoding="utf-8")
    keys |= set(re.findall(r'GeometryError\("(\w+)"', geometry))
    link = (INTEGRATION / "cameras" / "engine_link.py").read_text(encoding="utf-8")
    keys |= set(re.findall(r'CameraSetupError\("(\w+)"', link))
    services = (INTEGRATION / "services.py").read_text(encoding="utf-8")
    # The announce and ban actions are not the panel's.
    keys |= set(re.findall(r'translation_key="(\w+)"', services)) - set(
        re.findall(r'translation_key="(announce\w*|visitor_not_banned)"', services)
    )
    return keys


def test_every_error_the_api_sends_has_a_text() -> None:
    """An error reaches the owner in their language, whatever layer refused."""
    keys = _error_keys_raised()
    assert {"engine_unavailable", "line_points_equal", "clip_not_allowed", "invalid_hours"} <= keys
    missing = {key for key in keys if f"error.{key}" not in STRINGS["en"]}
    assert not missing, sorted(missing)


def test_built_module_is_fresh() -> None:
    """The committed build comes from these sources (scripts/build_frontend writes the hash)."""
    first_line = BUILT.read_text(encoding="utf-8").split("\n", 1)[0]
    assert f"sources-sha256: {sources_sha256()}" in first_line, "run scripts/build_frontend"
    # Both languages are in the module the browser loads.
    built = BUILT.read_text(encoding="utf-8")
    assert STRINGS["ko"]["camera.draw_line"] in built
    assert STRINGS["en"]["camera.draw_line"] in built


def test_toolchain_is_pinned() -> None:
    """esbuild at an exact version, locked with its integrity hash."""
    package = json.loads((ROOT / "frontend" / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "frontend" / "package-lock.json").read_text(encoding="utf-8"))
    version = package["devDependencies"]["esbuild"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    locked = lock["packages"]["node_modules/esbuild"]
    assert locked["version"] == version
    assert locked["integrity"].startswith("sha512-")
    assert Path(ROOT / "scripts" / "build_frontend").stat().st_mode & 0o111


def test_panel_and_server_agree_on_ignore_areas() -> None:
    """The panel greys out the same zones the server sends to the engine as masks."""
    camera = (SOURCES / "camera.js").read_text(encoding="utf-8")
    [prefix] = re.findall(r'export const IGNORE_PREFIX = "([^"]*)";', camera)
    assert prefix == IGNORE_PREFIX
    # The owner can pick the ignore area by name, in both languages.
    assert '"ignore"' in re.findall(r"const ZONE_PRESETS = \[([^\]]*)\]", camera)[0]
    assert {"zone.ignore", "camera.ignore_hint"} <= set(STRINGS["en"]) & set(STRINGS["ko"])
