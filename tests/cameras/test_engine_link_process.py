"""The engine supervisor with real child processes: port discovery, logs, restarts, stopping.

Small shell scripts stand in for the engine where the case needs a process that misbehaves
(ignores SIGTERM, exits at once); the real engine is exercised by the other camera tests.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
import stat

import pytest

from custom_components.unmanned_store.cameras.engine_process import (
    EngineProcess,
    embedded_engine_possible,
    ensure_token_file,
)

from .conftest import wait_for


def _script(path: Path, body: str) -> str:
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def _process(
    tmp_path: Path, python: str, **kwargs: float
) -> tuple[EngineProcess, list[int], list[int | None]]:
    ready: list[int] = []
    exits: list[int | None] = []
    process = EngineProcess(
        config_path=tmp_path / "cameras.json",
        token_path=tmp_path / "token",
        logger=logging.getLogger("test.engine"),
        on_ready=ready.append,
        on_exit=exits.append,
        python=python,
        **kwargs,
    )
    return process, ready, exits


async def test_port_and_log_levels_then_kill_after_timeout(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The port comes from the log line; a process deaf to SIGTERM is killed after the timeout."""
    python = _script(
        tmp_path / "deaf.sh",
        "trap '' TERM\n"
        'echo "2026 WARNING x: camera door: stream lost"\n'
        'echo "2026 INFO unmanned_store_engine.runner: engine e listening on http://127.0.0.1:4321"\n'
        'echo ""\necho "plain line"\n'
        "while true; do sleep 0.1; done",
    )
    process, ready, exits = _process(tmp_path, python, stop_timeout=0.5)
    assert "--token-file" in process.command()
    assert str(tmp_path / "token") in process.command()
    with caplog.at_level(logging.INFO, logger="test.engine"):
        process.async_start()
        await wait_for(lambda: ready == [4321], 10)
        await wait_for(lambda: any("plain line" in r.message for r in caplog.records), 10)
    assert process.port == 4321
    assert process.pid is not None
    levels = {
        r.message.split(": ", 1)[1]: r.levelno for r in caplog.records if r.name == "test.engine"
    }
    assert levels["2026 WARNING x: camera door: stream lost"] == logging.WARNING
    assert levels["plain line"] == logging.INFO
    await process.async_stop()
    assert "did not stop in 0.5s; killing it" in caplog.text
    assert process.pid is None
    assert exits == []  # a stop that was asked for is not reported as a crash


async def test_dead_engine_restarts_with_backoff(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An engine that exits is started again, each time a little later."""
    python = _script(tmp_path / "crash.sh", "exit 3")
    process, _, exits = _process(tmp_path, python, backoff_min=0.05, backoff_max=0.1)
    process.async_start()
    await wait_for(lambda: len(exits) >= 3, 10)
    await process.async_stop()
    assert exits[:3] == [3, 3, 3]
    assert process.starts >= 3
    assert "engine exited with code 3; restarting in 0.05s" in caplog.text
    assert "restarting in 0.1s" in caplog.text


async def test_engine_that_cannot_start(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A missing interpreter is logged and retried, never raised into the loop."""
    process, _, exits = _process(tmp_path, str(tmp_path / "missing-python"), backoff_min=0.05)
    process.async_start()
    await wait_for(lambda: bool(exits), 10)
    await process.async_stop()
    assert exits[0] is None
    assert "cannot start the engine" in caplog.text
    assert process.starts == 0


async def test_stop_before_anything_ran(tmp_path: Path) -> None:
    """Stopping a supervisor that never started is harmless."""
    process, _, _ = _process(tmp_path, "/bin/true")
    await process.async_stop()
    assert process.pid is None


def test_token_file_is_private_and_kept(tmp_path: Path) -> None:
    """Created once with mode 0600; a too-short token is replaced."""
    path = tmp_path / "token"
    token = ensure_token_file(path)
    assert len(token) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ensure_token_file(path) == token
    path.write_text("short", encoding="utf-8")
    assert ensure_token_file(path) not in (token, "short")


def test_embedded_engine_possible_here() -> None:
    """This venv has OpenCV and the engine package."""
    assert embedded_engine_possible()


async def test_no_leftover_tasks(tmp_path: Path) -> None:
    """Stopping cancels the supervising task even while it waits to restart."""
    python = _script(tmp_path / "crash.sh", "exit 1")
    process, _, exits = _process(tmp_path, python, backoff_min=30)
    process.async_start()
    await wait_for(lambda: bool(exits), 10)
    await asyncio.wait_for(process.async_stop(), 5)
