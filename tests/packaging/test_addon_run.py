"""The add-on's run script as a real process: options, token, engine, Supervisor discovery."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
import stat
import sys
from types import ModuleType

from aiohttp import ClientSession
import pytest
import yaml

from .addon_process import RUN_SCRIPT, addon_env, run_addon, wait_for, write_options
from .common import ADDON
from .supervisor import FakeSupervisor

SUPERVISOR_TOKEN = "supervisor-token-for-this-add-on"
SLUG = "local_unmanned_store_engine"
OPTIONS = {"log_level": "info", "name": "Shop engine", "backlog": 500, "zeroconf": False}


def _run_module() -> ModuleType:
    """run.py loaded as a module (it is a script in the image, not a package)."""
    if (loaded := sys.modules.get("addon_run")) is not None:
        return loaded
    spec = importlib.util.spec_from_file_location("addon_run", RUN_SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered first: its dataclasses look their module up while being defined.
    sys.modules["addon_run"] = module
    spec.loader.exec_module(module)
    return module


def _supervisor() -> FakeSupervisor:
    config = yaml.safe_load((ADDON / "config.yaml").read_text(encoding="utf-8"))
    # Home Assistant Core reaches the add-on by the hostname the Supervisor reports; here the
    # stand-in reports loopback, where the engine really listens.
    return FakeSupervisor(
        token=SUPERVISOR_TOKEN,
        slug=SLUG,
        discovery_services=config["discovery"],
        hostname="127.0.0.1",
    )


async def _engine_info(port: int, token: str) -> dict[str, object]:
    async with (
        ClientSession() as session,
        session.get(
            f"http://127.0.0.1:{port}/api/info", headers={"Authorization": f"Bearer {token}"}
        ) as response,
    ):
        assert response.status == 200
        info = await response.json()
    assert isinstance(info, dict)
    return info


async def test_addon_announces_the_engine_and_withdraws_on_stop(tmp_path: Path) -> None:
    """Options in, engine up, {host, port, token} posted to /discovery; DELETE on SIGTERM."""
    write_options(tmp_path, OPTIONS)
    env = addon_env(tmp_path, supervisor_url=None, supervisor_token=SUPERVISOR_TOKEN)
    supervisor = _supervisor()
    async with supervisor.serve():
        env["SUPERVISOR_URL"] = supervisor.url
        async with run_addon(env) as addon:
            await wait_for(lambda: bool(supervisor.messages), addon, "the discovery message")
            token = (addon.data_dir / "engine_token").read_text(encoding="utf-8").strip()
            (message,) = supervisor.messages.values()
            port = message["config"]["port"]
            info = await _engine_info(port, token)
        assert addon.process.returncode == 0, addon.log_text()

    token_mode = stat.S_IMODE((addon.data_dir / "engine_token").stat().st_mode)
    assert token_mode == 0o600
    assert len(token) >= 32
    assert info["id"] == "addon-test"
    assert info["name"] == "Shop engine"
    posts = [r for r in supervisor.received if r.method == "POST"]
    assert len(posts) == 1
    (post,) = posts
    assert post.path == "/discovery"
    assert post.authorization == f"Bearer {SUPERVISOR_TOKEN}"
    assert post.content_type == "application/json"
    assert post.body == {
        "service": "unmanned_store",
        "config": {"host": "127.0.0.1", "port": port, "token": token},
    }
    assert isinstance(port, int)
    assert port > 0
    assert [r.path for r in supervisor.received if r.method == "GET"] == ["/addons/self/info"]
    deletes = [r for r in supervisor.received if r.method == "DELETE"]
    assert [(r.path, r.authorization) for r in deletes] == [
        (f"/discovery/{message['uuid']}", f"Bearer {SUPERVISOR_TOKEN}")
    ]
    assert supervisor.messages == {}
    # The token is never written to the log (the add-on log is shown in the UI, and shared).
    assert token not in addon.log_text()
    assert (addon.data_dir / "cameras.json").parent == addon.data_dir

    # A restart (update, reboot) keeps the token: linked integrations keep working.
    supervisor = _supervisor()
    async with supervisor.serve():
        env["SUPERVISOR_URL"] = supervisor.url
        async with run_addon(env) as addon:
            await wait_for(lambda: bool(supervisor.messages), addon, "the second announcement")
            (again,) = supervisor.messages.values()
    assert again["config"]["token"] == token


async def test_addon_keeps_serving_when_the_supervisor_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong Supervisor token: announcing fails, the engine keeps serving for manual setup."""
    write_options(tmp_path, OPTIONS)
    supervisor = _supervisor()
    async with supervisor.serve():
        env = addon_env(tmp_path, supervisor_url=supervisor.url, supervisor_token="wrong-token")
        async with run_addon(env) as addon:
            await wait_for(
                lambda: "was not told about the engine" in addon.log_text(),
                addon,
                "giving up on the announcement",
            )
            assert addon.process.returncode is None
    assert supervisor.messages == {}
    assert len([r for r in supervisor.received if r.path == "/addons/self/info"]) == 5
    assert "HTTP 401" in addon.log_text()


@pytest.mark.parametrize(
    ("options", "supervisor_token", "message"),
    [
        ({**OPTIONS, "log_level": "loud"}, SUPERVISOR_TOKEN, "log_level must be one of"),
        ({**OPTIONS, "backlog": 5}, SUPERVISOR_TOKEN, "backlog must be between 10 and 100000"),
        ({**OPTIONS, "zeroconf": "maybe"}, SUPERVISOR_TOKEN, "zeroconf must be true or false"),
        (OPTIONS, None, "SUPERVISOR_TOKEN is missing"),
    ],
)
async def test_addon_refuses_bad_settings(
    tmp_path: Path, options: dict[str, object], supervisor_token: str | None, message: str
) -> None:
    """A setting the engine cannot use stops the add-on with a message naming it."""
    write_options(tmp_path, options)
    env = addon_env(
        tmp_path, supervisor_url="http://127.0.0.1:9", supervisor_token=supervisor_token
    )
    async with run_addon(env) as addon:
        await addon.process.wait()
    assert addon.process.returncode == 2
    assert message in addon.log_text()


def test_options_file_must_be_a_json_object(tmp_path: Path) -> None:
    """A damaged options.json is named in the error, not a traceback."""
    run = _run_module()
    broken = tmp_path / "options.json"
    broken.write_text("{not json")
    with pytest.raises(run.LaunchError, match="not valid JSON"):
        run.read_options(broken)
    broken.write_text("[1, 2]")
    with pytest.raises(run.LaunchError, match="JSON object"):
        run.read_options(broken)


async def test_container_mode_uses_the_env_token_and_no_supervisor(tmp_path: Path) -> None:
    """Without options.json (plain Docker) settings and token come from the environment."""
    supervisor = _supervisor()
    token = "a-token-from-the-env-file-0123456789"
    async with supervisor.serve():
        env = addon_env(
            tmp_path,
            supervisor_url=supervisor.url,
            supervisor_token=None,
            UNMANNED_STORE_ENGINE_TOKEN=token,
            UNMANNED_STORE_ENGINE_NAME="Container engine",
            UNMANNED_STORE_ZEROCONF="false",
        )
        async with run_addon(env) as addon:
            await wait_for(lambda: "engine ready on port" in addon.log_text(), addon, "readiness")
            port = int(addon.log_text().split("engine ready on port ")[1].split(";")[0])
            info = await _engine_info(port, token)
    assert info["name"] == "Container engine"
    assert supervisor.received == []
    assert addon.process.returncode == 0
    assert token not in addon.log_text()
    assert "$UNMANNED_STORE_ENGINE_TOKEN" in addon.log_text()


def test_container_token_sources(tmp_path: Path) -> None:
    """Env var, then a named token file, then a Docker secret, then one kept in the data folder."""
    run = _run_module()
    data = tmp_path / "data"
    secrets_dir = tmp_path / "secrets"
    base = {"UNMANNED_STORE_SECRETS_DIR": str(secrets_dir)}

    kept, source = run.container_token(base, data)
    assert source == str(data / "engine_token")
    assert run.container_token(base, data)[0] == kept

    secrets_dir.mkdir()
    (secrets_dir / "unmanned_store_engine_token").write_text("secret-token-0123456789\n")
    assert run.container_token(base, data) == (
        "secret-token-0123456789",
        str(secrets_dir / "unmanned_store_engine_token"),
    )
    named = tmp_path / "token.txt"
    named.write_text("named-token-0123456789")
    with_file = {**base, "UNMANNED_STORE_ENGINE_TOKEN_FILE": str(named)}
    assert run.container_token(with_file, data) == ("named-token-0123456789", str(named))
    with_env = {**with_file, "UNMANNED_STORE_ENGINE_TOKEN": "env-token-0123456789"}
    assert run.container_token(with_env, data) == (
        "env-token-0123456789",
        "$UNMANNED_STORE_ENGINE_TOKEN",
    )
    with pytest.raises(run.LaunchError, match="at least 16"):
        run.container_token({**base, "UNMANNED_STORE_ENGINE_TOKEN": "short"}, data)
    named.write_text("short")
    with pytest.raises(run.LaunchError, match="at least 16"):
        run.container_token(with_file, data)


def test_engine_command_passes_no_token(tmp_path: Path) -> None:
    """The token travels by environment: argv is visible to every user in `ps`."""
    run = _run_module()
    env = {"UNMANNED_STORE_DATA": str(tmp_path), "UNMANNED_STORE_ENGINE_TOKEN": "t" * 20}
    launch = run.decide({**env, "UNMANNED_STORE_OPTIONS": str(tmp_path / "none.json")})
    command = run.engine_command(launch, {})
    assert command[0] == "unmanned-store-engine"
    assert command[1] == "serve"
    assert "t" * 20 not in " ".join(command)
    assert command[command.index("--port") + 1] == "8765"
    assert command[command.index("--config") + 1] == str(tmp_path / "cameras.json")
    assert "--no-zeroconf" not in command  # plain containers are found by zeroconf
    assert json.loads(json.dumps(launch.zeroconf)) is True


def test_person_model_option_reaches_the_engine(tmp_path: Path) -> None:
    """The owner's model path becomes --model; left empty, the engine keeps its shipped model.

    A path with no file is passed on as it is: the engine reports `model_missing` in each
    camera's health, which Home Assistant shows as a repair issue.
    """
    run = _run_module()
    env = {"UNMANNED_STORE_DATA": str(tmp_path), "SUPERVISOR_TOKEN": "s" * 20}
    for given, expected in (
        ("/config/yolox_nano.onnx", "/config/yolox_nano.onnx"),
        ("  /config/none.onnx ", "/config/none.onnx"),
    ):
        write_options(tmp_path, {**OPTIONS, "person_model": given})
        launch = run.decide({**env, "UNMANNED_STORE_OPTIONS": str(tmp_path / "options.json")})
        command = run.engine_command(launch, {})
        assert command[command.index("--model") + 1] == expected
    for options in ({**OPTIONS, "person_model": "  "}, OPTIONS):
        write_options(tmp_path, options)
        launch = run.decide({**env, "UNMANNED_STORE_OPTIONS": str(tmp_path / "options.json")})
        assert "--model" not in run.engine_command(launch, {})
    # A plain container takes it from the environment, like every other setting.
    container = {
        "UNMANNED_STORE_DATA": str(tmp_path),
        "UNMANNED_STORE_ENGINE_TOKEN": "t" * 20,
        "UNMANNED_STORE_OPTIONS": str(tmp_path / "none.json"),
        "UNMANNED_STORE_PERSON_MODEL": "/models/yolox_nano.onnx",
    }
    command = run.engine_command(run.decide(container), {})
    assert command[command.index("--model") + 1] == "/models/yolox_nano.onnx"
