"""The embedded vision engine: a subprocess of Home Assistant's own Python, supervised.

Started only when OpenCV is importable here (probed with find_spec, never imported: the
integration itself must load on installs without OpenCV). The engine binds 127.0.0.1 on a port
the OS picks; its log line "listening on http://127.0.0.1:PORT" tells us which. Its log is
forwarded into Home Assistant's; when it dies it is started again with exponential backoff.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
import contextlib
import importlib.util
import logging
import os
from pathlib import Path
import re
import secrets
import signal
import sys
import time
from typing import Final

ENGINE_MODULE: Final = "unmanned_store_engine"
_LISTENING = re.compile(r"listening on http://[^\s:]+:(\d+)")
_LEVEL = re.compile(r"\b(DEBUG|INFO|WARNING|ERROR|CRITICAL)\b")
_LEVELS: Final = {
    "DEBUG": logging.DEBUG,
    "INFO": logging.INFO,
    "WARNING": logging.WARNING,
    "ERROR": logging.ERROR,
    "CRITICAL": logging.CRITICAL,
}
# A run this long resets the backoff: the engine was healthy, the next crash is a new problem.
_HEALTHY_RUN = 60.0


def embedded_engine_possible() -> bool:
    """Whether this Python can run the engine (OpenCV and the engine package are importable)."""
    return (
        importlib.util.find_spec("cv2") is not None
        and importlib.util.find_spec(ENGINE_MODULE) is not None
    )


def ensure_token_file(path: Path) -> str:
    """The engine's token, created once with owner-only permissions (blocking: run in executor)."""
    if path.exists():
        token = path.read_text(encoding="utf-8").strip()
        if len(token) >= 16:
            return token
    token = secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(token)
    os.chmod(path, 0o600)
    return token


class EngineProcess:
    """Runs `python -m unmanned_store_engine serve` until stopped, restarting it when it dies."""

    def __init__(
        self,
        *,
        config_path: Path,
        token_path: Path,
        logger: logging.Logger,
        on_ready: Callable[[int], None],
        on_exit: Callable[[int | None], None],
        backoff_min: float = 1.0,
        backoff_max: float = 60.0,
        stop_timeout: float = 10.0,
        python: str = sys.executable,
    ) -> None:
        """Prepare; nothing runs until async_start()."""
        self._config_path = config_path
        self._token_path = token_path
        self._logger = logger
        self._on_ready = on_ready
        self._on_exit = on_exit
        self._backoff_min = backoff_min
        self._backoff_max = backoff_max
        self._stop_timeout = stop_timeout
        self._python = python
        self._process: asyncio.subprocess.Process | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self.port: int | None = None
        self.starts = 0

    @property
    def stopping(self) -> bool:
        """Whether a stop was asked for (then an exit is expected, not restarted)."""
        return self._stopping

    @property
    def pid(self) -> int | None:
        """The running engine's process id."""
        return None if self._process is None else self._process.pid

    def command(self) -> Sequence[str]:
        """The engine's command line; the token travels in a file, never in argv (ps shows it)."""
        return (
            self._python,
            "-m",
            ENGINE_MODULE,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-zeroconf",
            "--token-file",
            str(self._token_path),
            "--config",
            str(self._config_path),
        )

    def async_start(self) -> None:
        """Start supervising (call from the event loop)."""
        self._stopping = False
        self._task = asyncio.get_running_loop().create_task(self._supervise())

    async def async_stop(self) -> None:
        """SIGTERM, then SIGKILL after the timeout; returns once the process is gone."""
        self._stopping = True
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), self._stop_timeout)
            except TimeoutError:
                self._logger.warning("engine did not stop in %ss; killing it", self._stop_timeout)
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _supervise(self) -> None:
        delay = self._backoff_min
        while not self._stopping:
            started = time.monotonic()
            code = await self._run_once()
            self.port = None
            if self.stopping:
                return
            self._on_exit(code)
            if time.monotonic() - started > _HEALTHY_RUN:
                delay = self._backoff_min
            self._logger.warning("engine exited with code %s; restarting in %ss", code, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, self._backoff_max)

    async def _run_once(self) -> int | None:
        try:
            process = await asyncio.create_subprocess_exec(
                *self.command(),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
                # Its own session: a Ctrl-C meant for Home Assistant must not reach it first.
                start_new_session=True,
            )
        except OSError as err:
            self._logger.error("cannot start the engine (%s): %s", self._python, err)
            return None
        self._process = process
        self.starts += 1
        assert process.stdout is not None
        try:
            async for raw in process.stdout:
                self._forward(raw.decode("utf-8", "replace").rstrip())
        finally:
            code = await process.wait()
            self._process = None
        return code

    def _forward(self, line: str) -> None:
        if not line:
            return
        if self.port is None and (match := _LISTENING.search(line)):
            self.port = int(match.group(1))
            self._on_ready(self.port)
        level = _LEVEL.search(line)
        self._logger.log(_LEVELS[level.group(1)] if level else logging.INFO, "engine: %s", line)
