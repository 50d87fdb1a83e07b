"""Start the vision engine in its container and tell Home Assistant where it is.

Two ways to run, one image:
- Home Assistant add-on: the Supervisor writes the owner's options to /data/options.json and
  gives SUPERVISOR_TOKEN. The token for the engine's API is made once and kept in /data; when
  the engine answers, the add-on announces {host, port, token} through the Supervisor's
  discovery API (POST http://supervisor/discovery, service "unmanned_store"), so the
  integration's `hassio` step links it to a store and the owner types nothing.
- Plain container (Home Assistant Container users, compose.yaml): no options file. Settings come
  from environment variables; the token from UNMANNED_STORE_ENGINE_TOKEN, a file named by
  UNMANNED_STORE_ENGINE_TOKEN_FILE, a Docker secret, or one made and kept in the data folder.
  Home Assistant finds the engine by zeroconf (host networking) and asks the owner for the token.

Standard library only: it runs before anything else in the image and must not fail on imports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
import json
import logging
import os
from pathlib import Path
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any, Final
import urllib.error
import urllib.request

_LOGGER = logging.getLogger("unmanned_store_engine.addon")

DISCOVERY_SERVICE: Final = "unmanned_store"
TOKEN_ENV: Final = "UNMANNED_STORE_ENGINE_TOKEN"
MIN_TOKEN: Final = 16
DEFAULT_PORT: Final = 8765
LOG_LEVELS: Final = ("debug", "info", "warning", "error")
_LISTENING: Final = re.compile(r"listening on http://[^\s:]+:(\d+)")
# How long the engine may take to answer /api/info before the add-on gives up announcing it
# (OpenCV and the models load first; a slow SD card on a Raspberry Pi takes tens of seconds).
READY_TIMEOUT: Final = 120.0
# Announcing is retried (0.5, 1, 2, 4 s apart): the Supervisor may be busy right after boot.
ANNOUNCE_ATTEMPTS: Final = 5


class LaunchError(Exception):
    """A problem the owner must fix; the message is printed and the add-on stops."""


@dataclass(frozen=True, slots=True)
class Launch:
    """Everything the launcher decided before starting the engine."""

    supervised: bool
    port: int
    log_level: str
    name: str
    engine_id: str
    zeroconf: bool
    backlog: int
    data_dir: Path
    token: str
    token_source: str
    # A person model of the owner's (a path in the add-on's /config); None: the shipped one.
    person_model: str | None = None


def _env(environ: Mapping[str, str], name: str, default: str) -> str:
    value = environ.get(name, "").strip()
    return value or default


def _int_option(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise LaunchError(f"option {name} must be a whole number, got {value!r}")
    try:
        number = int(value)
    except ValueError:
        raise LaunchError(f"option {name} must be a whole number, got {value!r}") from None
    if not low <= number <= high:
        raise LaunchError(f"option {name} must be between {low} and {high}, got {number}")
    return number


def _bool_option(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {
        "1",
        "true",
        "yes",
        "on",
        "0",
        "false",
        "no",
        "off",
    }:
        return value.lower() in {"1", "true", "yes", "on"}
    raise LaunchError(f"option {name} must be true or false, got {value!r}")


def read_options(path: Path) -> dict[str, Any]:
    """The Supervisor's options.json (already validated by it against config.yaml's schema)."""
    try:
        options = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise LaunchError(f"cannot read {path}: {err.strerror}") from err
    except json.JSONDecodeError as err:
        raise LaunchError(f"{path} is not valid JSON: {err}") from err
    if not isinstance(options, dict):
        raise LaunchError(f"{path} must hold a JSON object")
    return options


def container_options(environ: Mapping[str, str]) -> dict[str, Any]:
    """The same options, from environment variables (compose.yaml's `environment:`/env file)."""
    return {
        "log_level": _env(environ, "UNMANNED_STORE_LOG_LEVEL", "info"),
        "name": _env(environ, "UNMANNED_STORE_ENGINE_NAME", "Unmanned store engine"),
        "zeroconf": _env(environ, "UNMANNED_STORE_ZEROCONF", "true"),
        "backlog": _env(environ, "UNMANNED_STORE_BACKLOG", "1000"),
        "person_model": _env(environ, "UNMANNED_STORE_PERSON_MODEL", ""),
    }


def keep_token(path: Path) -> str:
    """The engine token kept at `path`, made once (owner-only) and reused across restarts."""
    if path.is_file():
        token = path.read_text(encoding="utf-8").strip()
        if len(token) >= MIN_TOKEN:
            return token
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(token + "\n")
    return token


def container_token(environ: Mapping[str, str], data_dir: Path) -> tuple[str, str]:
    """The token outside the Supervisor: env var, token file, Docker secret, or a kept one."""
    if value := environ.get(TOKEN_ENV, "").strip():
        if len(value) < MIN_TOKEN:
            raise LaunchError(f"{TOKEN_ENV} must be at least {MIN_TOKEN} characters")
        return value, f"${TOKEN_ENV}"
    candidates = []
    if named := environ.get(f"{TOKEN_ENV}_FILE", "").strip():
        candidates.append(Path(named))
    secrets_dir = Path(_env(environ, "UNMANNED_STORE_SECRETS_DIR", "/run/secrets"))
    candidates.append(secrets_dir / "unmanned_store_engine_token")
    for path in candidates:
        if path.is_file():
            value = path.read_text(encoding="utf-8").strip()
            if len(value) < MIN_TOKEN:
                raise LaunchError(f"the token in {path} must be at least {MIN_TOKEN} characters")
            return value, str(path)
    kept = data_dir / "engine_token"
    return keep_token(kept), str(kept)


def decide(environ: Mapping[str, str]) -> Launch:
    """Work out how to start the engine from the options file or the environment."""
    options_path = Path(_env(environ, "UNMANNED_STORE_OPTIONS", "/data/options.json"))
    data_dir = Path(_env(environ, "UNMANNED_STORE_DATA", "/data"))
    supervised = options_path.is_file()
    options = read_options(options_path) if supervised else container_options(environ)
    log_level = str(options.get("log_level", "info")).lower()
    if log_level not in LOG_LEVELS:
        raise LaunchError(f"option log_level must be one of {', '.join(LOG_LEVELS)}")
    name = str(options.get("name") or "Unmanned store engine").strip()
    if supervised:
        if not environ.get("SUPERVISOR_TOKEN"):
            raise LaunchError(
                "SUPERVISOR_TOKEN is missing: is this running as a Home Assistant add-on?"
            )
        token, source = keep_token(data_dir / "engine_token"), str(data_dir / "engine_token")
    else:
        token, source = container_token(environ, data_dir)
    return Launch(
        supervised=supervised,
        # The port inside the container is fixed; the owner remaps it on the host (the add-on's
        # Network settings, compose `ports:`). Only tests and odd setups change it.
        port=_int_option(
            _env(environ, "UNMANNED_STORE_PORT", str(DEFAULT_PORT)), "UNMANNED_STORE_PORT", 0, 65535
        ),
        log_level=log_level,
        name=name,
        engine_id=_env(environ, "UNMANNED_STORE_ENGINE_ID", socket.gethostname()),
        zeroconf=_bool_option(options.get("zeroconf", not supervised), "zeroconf"),
        backlog=_int_option(options.get("backlog", 1000), "backlog", 10, 100_000),
        data_dir=data_dir,
        token=token,
        token_source=source,
        # Not checked here: a model the engine cannot find or load is reported in each camera's
        # health and as a repair issue in Home Assistant, which an owner sees; a stopped add-on
        # would only say so in its log.
        person_model=str(options.get("person_model") or "").strip() or None,
    )


def engine_command(launch: Launch, environ: Mapping[str, str]) -> list[str]:
    """The engine's command line; the token goes by environment, never argv (visible in ps)."""
    command = shlex.split(_env(environ, "UNMANNED_STORE_ENGINE_COMMAND", "unmanned-store-engine"))
    command += [
        "serve",
        "--host",
        _env(environ, "UNMANNED_STORE_BIND", "0.0.0.0"),  # noqa: S104 - a container's only job is to serve
        "--port",
        str(launch.port),
        "--id",
        launch.engine_id,
        "--name",
        launch.name,
        "--config",
        str(launch.data_dir / "cameras.json"),
        "--backlog",
        str(launch.backlog),
        "--log-level",
        launch.log_level.upper(),
    ]
    if not launch.zeroconf:
        command.append("--no-zeroconf")
    if launch.person_model:
        command += ["--model", launch.person_model]
    return command


class Supervisor:
    """The few Supervisor endpoints the add-on uses, with the documented {result, data} replies."""

    def __init__(self, url: str, token: str) -> None:
        """Talk to the Supervisor at `url` (http://supervisor inside an add-on)."""
        self.url = url.rstrip("/")
        self._token = token

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 - the Supervisor's own http:// URL
            f"{self.url}{path}",
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {self._token}",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                reply = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as err:
            raise LaunchError(f"Supervisor {method} {path}: HTTP {err.code}") from err
        except (urllib.error.URLError, OSError, json.JSONDecodeError) as err:
            raise LaunchError(f"Supervisor {method} {path}: {err}") from err
        if not isinstance(reply, dict) or reply.get("result") != "ok":
            raise LaunchError(f"Supervisor {method} {path} refused: {reply!r}")
        payload = reply.get("data") or {}
        return payload if isinstance(payload, dict) else {}

    def hostname(self) -> str:
        """The add-on's name on the Supervisor's network (how Home Assistant reaches it)."""
        return str(self._call("GET", "/addons/self/info").get("hostname") or socket.gethostname())

    def announce(self, config: dict[str, Any]) -> str:
        """Send the discovery message; returns its uuid (to withdraw it on stop)."""
        data = self._call("POST", "/discovery", {"service": DISCOVERY_SERVICE, "config": config})
        return str(data["uuid"])

    def withdraw(self, uuid: str) -> None:
        """Remove the discovery message (the add-on is stopping)."""
        self._call("DELETE", f"/discovery/{uuid}")


def wait_until_ready(port: int, token: str, process: subprocess.Popen[str], timeout: float) -> None:
    """Poll the engine's /api/info until it answers with our token (or the engine dies)."""
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/info", headers={"Authorization": f"Bearer {token}"}
    )
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LaunchError(f"the engine exited with code {process.returncode} while starting")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise LaunchError(f"the engine did not answer on port {port} within {timeout:.0f} s")


class _PortWatcher(threading.Thread):
    """Copies the engine's log to ours and picks out the port it listens on."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        super().__init__(daemon=True)
        self._process = process
        self.port: int | None = None
        self.found = threading.Event()

    def run(self) -> None:
        assert self._process.stderr is not None
        for line in self._process.stderr:
            sys.stderr.write(line)
            sys.stderr.flush()
            if self.port is None and (match := _LISTENING.search(line)):
                self.port = int(match.group(1))
                self.found.set()
        self.found.set()


def main(environ: Mapping[str, str] | None = None, argv: Sequence[str] | None = None) -> int:
    """Run the engine until it stops or the container is told to stop; returns the exit code."""
    env = dict(os.environ if environ is None else environ)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    del argv  # no arguments: everything comes from options or the environment
    try:
        launch = decide(env)
    except LaunchError as err:
        _LOGGER.error("%s", err)
        return 2
    _LOGGER.info(
        "starting the engine (%s, port %s); its API token is kept in %s",
        "add-on" if launch.supervised else "container",
        launch.port or "any",
        launch.token_source,
    )
    child_env = {**env, TOKEN_ENV: launch.token}
    process = subprocess.Popen(  # noqa: S603 - our own command line, no shell
        engine_command(launch, env), env=child_env, stderr=subprocess.PIPE, text=True
    )

    def _forward(signum: int, _frame: object) -> None:
        if process.poll() is None:
            process.send_signal(signum)

    signal.signal(signal.SIGTERM, _forward)
    signal.signal(signal.SIGINT, _forward)
    watcher = _PortWatcher(process)
    watcher.start()
    uuid: str | None = None
    supervisor: Supervisor | None = None
    try:
        if not watcher.found.wait(READY_TIMEOUT) or watcher.port is None:
            raise LaunchError("the engine stopped before it was listening")
        port = watcher.port
        wait_until_ready(port, launch.token, process, READY_TIMEOUT)
        if launch.supervised:
            supervisor = Supervisor(
                _env(env, "SUPERVISOR_URL", "http://supervisor"), env["SUPERVISOR_TOKEN"]
            )
            uuid = _announce(supervisor, port, launch.token)
            if uuid is None:
                _LOGGER.error(
                    "Home Assistant was not told about the engine; it keeps running: add it "
                    "by address (this add-on's hostname, port %s) and the token in %s",
                    port,
                    launch.token_source,
                )
        else:
            _LOGGER.info(
                "engine ready on port %s; add it in Home Assistant with the token in %s",
                port,
                launch.token_source,
            )
        code = process.wait()
    except LaunchError as err:
        _LOGGER.error("%s", err)
        if process.poll() is None:
            process.terminate()
        process.wait()
        code = 1
    finally:
        if supervisor is not None and uuid is not None:
            try:
                supervisor.withdraw(uuid)
            except LaunchError as err:
                _LOGGER.warning("could not withdraw the discovery message: %s", err)
        watcher.join(timeout=5)
    # A stop by signal is a normal end for a container; the engine exits 0 on SIGTERM.
    return code if code >= 0 else 0


def _announce(supervisor: Supervisor, port: int, token: str) -> str | None:
    """Announce the engine; None when the Supervisor kept refusing (the engine still serves)."""
    for attempt in range(ANNOUNCE_ATTEMPTS):
        try:
            host = supervisor.hostname()
            uuid = supervisor.announce({"host": host, "port": port, "token": token})
        except LaunchError as err:
            _LOGGER.warning(
                "announcing to Home Assistant failed (attempt %s): %s", attempt + 1, err
            )
            if attempt + 1 < ANNOUNCE_ATTEMPTS:
                time.sleep(0.5 * 2**attempt)
            continue
        _LOGGER.info("announced to Home Assistant as %s:%s", host, port)
        return uuid
    return None


if __name__ == "__main__":
    sys.exit(main())
