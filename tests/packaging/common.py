"""Helpers of the packaging tests: the repository's version, processes that announce ports."""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
import json
import os
from pathlib import Path
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "custom_components" / "unmanned_store" / "manifest.json"
ADDON = ROOT / "addon" / "unmanned_store_engine"
LISTENING = re.compile(rb"listening on http://[^\s:]+:(\d+)")
_NOT_INHERITED = ("PYTHON", "VIRTUAL_ENV", "COV_CORE_", "COVERAGE_")


def manifest_version() -> str:
    """The integration's version: the one every artefact must carry."""
    version = json.loads(MANIFEST.read_text(encoding="utf-8"))["version"]
    assert isinstance(version, str)
    return version


def new_token() -> str:
    """A fresh engine token (the engine wants at least 16 characters)."""
    return secrets.token_urlsafe(24)


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a child that must not see this checkout's packages."""
    # COV_CORE_*/COVERAGE_*: pytest-cov starts coverage in every child that sees them, with this
    # checkout's relative source paths, which a child working in a copy would report as its own.
    env = {k: v for k, v in os.environ.items() if not k.startswith(_NOT_INHERITED)}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.update(extra)
    return env


def wait_for_port(process: subprocess.Popen[bytes], deadline: float = 120.0) -> tuple[int, bytes]:
    """Read the child's stderr until the engine logs its port; fail with what it printed."""
    assert process.stderr is not None
    seen = b""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        line = process.stderr.readline()
        if not line:
            break
        seen += line
        match = LISTENING.search(line)
        if match:
            return int(match.group(1)), seen
    process.kill()
    raise AssertionError(
        f"the engine never said where it listens:\n{seen.decode(errors='replace')}"
    )


def get_json(url: str, token: str) -> dict[str, object]:
    """GET a JSON document with the engine's bearer token."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310 - loopback test URL
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        body = json.loads(response.read())
    assert isinstance(body, dict)
    return body


@contextlib.contextmanager
def running(args: list[str], **kwargs: object) -> Iterator[subprocess.Popen[bytes]]:
    """A child process that is stopped (SIGTERM, then SIGKILL) however the test ends."""
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)  # type: ignore[call-overload]
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stderr is not None:
            process.stderr.close()


def python_versions() -> list[str]:
    """Pythons to install the wheel into: this one, and 3.11 (the oldest supported) if present."""
    found = [sys.executable]
    for candidate in (
        Path.home() / ".pyenv" / "versions" / "3.11.7" / "bin" / "python3.11",
        Path("/usr/bin/python3.11"),
    ):
        if candidate.is_file():
            found.append(str(candidate))
            break
    return found
