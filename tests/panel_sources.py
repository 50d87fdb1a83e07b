"""The store panel's sources and their fingerprint (shared by scripts/build_frontend and tests)."""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "frontend" / "src"
BUILT = ROOT / "custom_components" / "unmanned_store" / "frontend" / "unmanned-store-panel.js"


def sources_sha256() -> str:
    """sha256 over every source file's relative path and bytes, in path order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in SOURCES.rglob("*") if p.is_file()):
        digest.update(path.relative_to(SOURCES).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    for name in ("package.json", "package-lock.json"):
        digest.update((ROOT / "frontend" / name).read_bytes())
    return digest.hexdigest()
