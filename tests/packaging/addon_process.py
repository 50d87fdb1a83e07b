"""Runs the add-on's run script as a real process, the way the container starts it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import contextlib
from dataclasses import dataclass, field
import json
from pathlib import Path
import shlex
import signal
import sys
from typing import Any

from .common import ADDON, ROOT, clean_env

RUN_SCRIPT = ADDON / "run.py"
# The engine from this checkout, started by the run script exactly as the image's console
# script would be (the wheel test proves the two are the same entry point).
ENGINE_COMMAND = f"{shlex.quote(sys.executable)} -m unmanned_store_engine"


@dataclass
class AddonProcess:
    """The running script, its log so far, and where its state lives."""

    process: asyncio.subprocess.Process
    data_dir: Path
    log: list[str] = field(default_factory=list)

    def log_text(self) -> str:
        """Everything the script and the engine printed."""
        return "".join(self.log)


def addon_env(
    tmp_path: Path, *, supervisor_url: str | None, supervisor_token: str | None, **extra: str
) -> dict[str, str]:
    """The environment the Supervisor (or compose) would give, with test paths."""
    inherited = clean_env()
    env = {k: v for k, v in inherited.items() if not k.startswith(("SUPERVISOR", "UNMANNED"))}
    env.update(
        PYTHONPATH=str(ROOT),
        UNMANNED_STORE_OPTIONS=str(tmp_path / "options.json"),
        UNMANNED_STORE_DATA=str(tmp_path / "data"),
        UNMANNED_STORE_SECRETS_DIR=str(tmp_path / "secrets"),
        UNMANNED_STORE_ENGINE_COMMAND=ENGINE_COMMAND,
        UNMANNED_STORE_BIND="127.0.0.1",
        UNMANNED_STORE_PORT="0",
        UNMANNED_STORE_ENGINE_ID="addon-test",
    )
    if supervisor_url is not None:
        env["SUPERVISOR_URL"] = supervisor_url
    if supervisor_token is not None:
        env["SUPERVISOR_TOKEN"] = supervisor_token
    env.update(extra)
    return env


def write_options(tmp_path: Path, options: dict[str, Any]) -> None:
    """/data/options.json as the Supervisor writes it (the schema's values, already validated)."""
    (tmp_path / "options.json").write_text(json.dumps(options), encoding="utf-8")


@contextlib.asynccontextmanager
async def run_addon(env: dict[str, str]) -> AsyncIterator[AddonProcess]:
    """Start run.py; on leaving, stop it with SIGTERM like `docker stop` and wait for it."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(RUN_SCRIPT),
        env=env,
        cwd=env["UNMANNED_STORE_DATA"].rsplit("/", 1)[0],
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    running = AddonProcess(process, Path(env["UNMANNED_STORE_DATA"]))

    async def _pump() -> None:
        assert process.stderr is not None
        async for line in process.stderr:
            running.log.append(line.decode(errors="replace"))

    pump = asyncio.create_task(_pump())
    try:
        yield running
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()
        await pump


async def wait_for(condition: Callable[[], bool], addon: AddonProcess, what: str) -> None:
    """Wait until `condition` holds; fail with the add-on's log if it exits or never does."""
    for _ in range(1200):
        if condition():
            return
        if addon.process.returncode is not None:
            await asyncio.sleep(0.2)
            break
        await asyncio.sleep(0.1)
    raise AssertionError(f"{what} never happened; add-on log:\n{addon.log_text()}")
