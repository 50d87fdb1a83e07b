"""The command line, the process as users run it, and the zeroconf advertisement."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
import signal
import subprocess
import sys

from aiohttp import ClientSession
import pytest
from zeroconf import IPVersion
from zeroconf.asyncio import AsyncServiceInfo, AsyncZeroconf

from unmanned_store_engine import __version__
from unmanned_store_engine.cli import (
    STILL_ENV,
    TOKEN_ENV,
    UsageError,
    build_parser,
    main,
    settings_from_args,
)
from unmanned_store_engine.discovery import SERVICE_TYPE, advertised_addresses
from unmanned_store_engine.engine import Settings
from unmanned_store_engine.runner import EngineServer, serve

from .conftest import TOKEN

ROOT = Path(__file__).resolve().parents[2]


def _settings(*argv: str, env: dict[str, str] | None = None) -> Settings:
    args = build_parser().parse_args(["serve", *argv])
    return settings_from_args(args, {TOKEN_ENV: TOKEN} if env is None else env)


def test_settings_from_arguments(tmp_path: Path) -> None:
    """Flags map onto settings; the token comes from the environment or a file."""
    settings = _settings("--port", "9000", "--no-zeroconf", "--id", "shop", "--backlog", "50")
    assert (settings.port, settings.zeroconf, settings.engine_id, settings.backlog) == (
        9000,
        False,
        "shop",
        50,
    )
    token_file = tmp_path / "token"
    token_file.write_text(f"{TOKEN}\n")
    assert _settings("--token-file", str(token_file), env={}).token == TOKEN
    # How long a figure stands still before it is reported: 15 minutes, else as told.
    assert settings.still_seconds == 900
    assert _settings("--still-minutes", "60").still_seconds == 3600
    assert _settings(env={TOKEN_ENV: TOKEN, STILL_ENV: " 0.5 "}).still_seconds == 30
    assert (
        _settings("--still-minutes", "2", env={TOKEN_ENV: TOKEN, STILL_ENV: "9"}).still_seconds
        == 120
    )


@pytest.mark.parametrize(
    ("argv", "env", "reason"),
    [
        ((), {}, f"set {TOKEN_ENV} or pass --token-file"),
        ((), {TOKEN_ENV: "short"}, "at least 16 characters"),
        (("--token-file", "/nonexistent/token"), {}, "cannot read token file"),
        (("--port", "70000"), None, "--port must be between 0 and 65535"),
        (("--backlog", "1"), None, "--backlog must be between 10 and 100000"),
        (("--still-minutes", "0"), None, "--still-minutes must be between 0.05 and 1440, got 0"),
        (("--still-minutes", "nan"), None, "--still-minutes must be between 0.05 and 1440"),
        (("--still-minutes", "2000"), None, "--still-minutes must be between 0.05 and 1440"),
        ((), {TOKEN_ENV: TOKEN, STILL_ENV: "soon"}, f"{STILL_ENV} must be a number of minutes"),
        ((), {TOKEN_ENV: TOKEN, STILL_ENV: "-1"}, "--still-minutes must be between"),
    ],
)
def test_usage_errors(argv: tuple[str, ...], env: dict[str, str] | None, reason: str) -> None:
    """Each bad command line is refused with its reason."""
    with pytest.raises(UsageError) as err:
        _settings(*argv, env=env)
    assert reason in str(err.value)


def test_main_reports_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """main() prints the reason and returns a non-zero code instead of a traceback."""
    assert main(["serve"], environ={}) == 2
    assert TOKEN_ENV in capsys.readouterr().err
    broken = tmp_path / "cameras.json"
    broken.write_text('{"cameras": [{"id": "x"}]}')
    env = {TOKEN_ENV: TOKEN}
    assert main(["serve", "--no-zeroconf", "--port", "0", "--config", str(broken)], env) == 2
    assert "cameras[0]: camera.source is required" in capsys.readouterr().err


async def test_serve_until_stopped_and_port_in_use(settings: Settings) -> None:
    """serve() runs until its event is set; a taken port is an OSError for main() to report."""
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, stop))
    await asyncio.sleep(0.3)
    stop.set()
    await asyncio.wait_for(task, 5)
    holder = EngineServer(settings)
    await holder.start()
    try:
        from dataclasses import replace

        clash = EngineServer(replace(settings, port=holder.port))
        with pytest.raises(OSError):  # noqa: PT011 - the OS's own error for a busy port
            await clash.start()
    finally:
        await holder.stop()


def test_bad_config_file_shapes(tmp_path: Path) -> None:
    """Unreadable or wrongly shaped config files are refused with the file named."""
    for text, reason in (("{nope", "cannot read"), ("[]", "must hold an object")):
        path = tmp_path / "c.json"
        path.write_text(text)
        code = main(
            ["serve", "--no-zeroconf", "--port", "0", "--config", str(path)], {TOKEN_ENV: TOKEN}
        )
        assert code == 2, reason


async def test_process_serves_and_stops_on_sigterm(unused_tcp_port: int, tmp_path: Path) -> None:
    """`python -m unmanned_store_engine serve` answers on loopback and exits 0 on SIGTERM."""
    env = {**os.environ, TOKEN_ENV: TOKEN, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(  # noqa: ASYNC220 - Popen returns at once; wait() is off-loop
        [
            sys.executable,
            "-m",
            "unmanned_store_engine",
            "serve",
            "--port",
            str(unused_tcp_port),
            "--no-zeroconf",
            "--config",
            str(tmp_path / "cams.json"),
        ],
        env=env,
        cwd=tmp_path,
        stderr=subprocess.PIPE,
    )
    try:
        info = None
        async with ClientSession() as session:
            for _ in range(100):
                try:
                    async with session.get(
                        f"http://127.0.0.1:{unused_tcp_port}/api/info",
                        headers={"Authorization": f"Bearer {TOKEN}"},
                    ) as response:
                        info = await response.json()
                        break
                except OSError:
                    await asyncio.sleep(0.1)
        assert info is not None
        assert info["version"] == __version__
    finally:
        process.send_signal(signal.SIGTERM)
        code = await asyncio.get_running_loop().run_in_executor(None, process.wait, 20)
        assert process.stderr is not None
        log = process.stderr.read().decode()
        process.stderr.close()
    assert code == 0
    # Supervisors started with --port 0 learn the port from this line.
    assert f"listening on http://127.0.0.1:{unused_tcp_port}" in log


async def test_zeroconf_advertisement(settings: Settings) -> None:
    """The engine is announced as _unmanned-store-engine._tcp with id, version and api."""
    from dataclasses import replace

    server = EngineServer(replace(settings, zeroconf=True, engine_id="shop-engine"))
    await server.start()
    browser = AsyncZeroconf(interfaces=["127.0.0.1"], ip_version=IPVersion.V4Only)
    try:
        info = AsyncServiceInfo(SERVICE_TYPE, f"shop-engine.{SERVICE_TYPE}")
        assert await info.async_request(browser.zeroconf, 3000)
        assert info.port == server.port
        assert info.properties[b"id"] == b"shop-engine"
        assert info.properties[b"api"] == b"1"
        assert info.properties[b"version"] == __version__.encode()
        assert info.parsed_addresses() == ["127.0.0.1"]
    finally:
        await browser.async_close()
        await server.stop()


def test_advertised_addresses() -> None:
    """Loopback binds announce loopback; the wildcard announces real interfaces."""
    assert advertised_addresses("localhost") == ["127.0.0.1"]
    assert advertised_addresses("10.1.2.3") == ["10.1.2.3"]
    wildcard = advertised_addresses("0.0.0.0")  # noqa: S104 - naming it, not binding
    assert wildcard
    assert all(address.count(".") == 3 for address in wildcard)
