"""The add-on's files against the documented app configuration (developers.home-assistant.io,
docs/apps/configuration.md, repository.md, presentation.md), checked the way the docs state it."""

from __future__ import annotations

from pathlib import Path
import re
from typing import Any

import pytest
import yaml

from custom_components.unmanned_store.const import DOMAIN

from .common import ADDON, ROOT, manifest_version

REQUIRED: dict[str, type] = {
    "name": str,
    "version": str,
    "slug": str,
    "description": str,
    "arch": list,
}
ARCHES = {"aarch64", "amd64"}
BOOL_KEYS = {
    "host_network", "host_ipc", "host_dbus", "host_pid", "host_uts", "hassio_api",
    "homeassistant_api", "docker_api", "full_access", "audio", "video", "gpio", "usb", "uart",
    "udev", "devicetree", "kernel_modules", "stdin", "legacy", "tmpfs", "auth_api", "ingress",
    "ingress_stream", "panel_admin", "init", "realtime", "journald",
}  # fmt: skip
STR_KEYS = {
    "url", "startup", "webui", "boot", "homeassistant", "hassio_role", "image", "ingress_entry",
    "panel_icon", "panel_title", "backup", "backup_pre", "backup_post", "stage", "watchdog",
}  # fmt: skip
LIST_KEYS = {"machine", "devices", "privileged", "map", "discovery", "services", "backup_exclude",
             "breaking_versions"}  # fmt: skip
DICT_KEYS = {"ports", "ports_description", "environment", "options", "ulimits"}
INT_KEYS = {"timeout", "ingress_port"}
ENUMS = {
    "startup": {"initialize", "system", "services", "application", "once"},
    "boot": {"auto", "manual", "manual_only"},
    "hassio_role": {"default", "homeassistant", "backup", "manager", "admin"},
    "stage": {"stable", "experimental", "deprecated"},
    "backup": {"hot", "cold"},
}
# The option types the docs list, with an optional `?`.
_RANGE = r"(\(\d*(\.\d+)?,\d*(\.\d+)?\))?"
SCHEMA_TYPE = re.compile(
    rf"^(str{_RANGE}|bool|int{_RANGE}|float{_RANGE}|email|url|password|port|match\(.+\)"
    r"|list\([^|()]+(\|[^|()]+)*\)|device(\(subsystem=\w+\))?)\??$"
)
SLUG = re.compile(r"^[a-z0-9_]+$")  # unique in the repository and URI friendly
PORT_KEY = re.compile(r"^\d{1,5}/(tcp|udp)$")


def documented_problems(config: dict[str, Any]) -> list[str]:
    """Everything in `config` that the documented app configuration does not allow."""
    problems = [
        f"{key}: required, must be {kind.__name__}"
        for key, kind in REQUIRED.items()
        if not isinstance(config.get(key), kind)
    ]
    known = set(REQUIRED) | BOOL_KEYS | STR_KEYS | LIST_KEYS | DICT_KEYS | INT_KEYS | {"schema"}
    known |= {"apparmor"}
    problems += [f"{key}: not a documented key" for key in config if key not in known]
    problems += [
        f"{key}: must be {kind}"
        for keys, kind, check in (
            (BOOL_KEYS, "bool", lambda v: isinstance(v, bool)),
            (STR_KEYS, "str", lambda v: isinstance(v, str)),
            (LIST_KEYS, "list", lambda v: isinstance(v, list)),
            (DICT_KEYS, "dict", lambda v: isinstance(v, dict)),
            (INT_KEYS, "int", lambda v: isinstance(v, int) and not isinstance(v, bool)),
        )
        for key in keys
        if key in config and not check(config[key])
    ]
    if isinstance(config.get("arch"), list):
        problems += [
            f"arch: {a!r} is not one of {sorted(ARCHES)}" for a in config["arch"] if a not in ARCHES
        ]
        if not config["arch"]:
            problems.append("arch: empty")
    if isinstance(config.get("slug"), str) and not SLUG.match(config["slug"]):
        problems.append("slug: not URI friendly")
    problems += [
        f"{key}: {config[key]!r} not in {sorted(allowed)}"
        for key, allowed in ENUMS.items()
        if key in config and config[key] not in allowed
    ]
    for key in ("ports", "ports_description"):
        problems += [
            f"{key}: {port!r} is not port/type"
            for port in config.get(key) or {}
            if not PORT_KEY.match(port)
        ]
    problems += _options_problems(config.get("options"), config.get("schema"))
    return problems


def _options_problems(options: Any, schema: Any) -> list[str]:
    if schema is False or (options is None and schema is None):
        return []
    if not isinstance(options, dict) or not isinstance(schema, dict):
        return ["options/schema: both must be dictionaries"]
    problems = [f"schema.{key}: {kind!r} is not a documented type" for key, kind in schema.items()
                if not isinstance(kind, str) or not SCHEMA_TYPE.match(kind)]  # fmt: skip
    problems += [f"options.{key}: has no schema" for key in options if key not in schema]
    for key, value in options.items():
        kind = schema.get(key)
        if isinstance(kind, str) and not value_fits(value, kind):
            problems.append(f"options.{key}: default {value!r} does not fit {kind!r}")
    return problems


def value_fits(value: Any, kind: str) -> bool:
    """Whether a default value satisfies a schema type string."""
    kind = kind.removesuffix("?")
    base, _, args = kind.partition("(")
    args = args.removesuffix(")")
    if base == "bool":
        return isinstance(value, bool)
    if base in {"int", "float"}:
        number_ok = isinstance(value, int | float) and not isinstance(value, bool)
        if base == "int":
            number_ok = number_ok and isinstance(value, int)
        low, _, high = args.partition(",")
        return number_ok and (not low or value >= float(low)) and (not high or value <= float(high))
    if base == "str":
        low, _, high = args.partition(",")
        return (
            isinstance(value, str)
            and (not low or len(value) >= int(low))
            and (not high or len(value) <= int(high))
        )
    if base == "list":
        return value in args.split("|")
    if base == "port":
        return isinstance(value, int) and 1 <= value <= 65535
    if base == "match":
        return isinstance(value, str) and re.fullmatch(args, value) is not None
    return isinstance(value, str)


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    """The add-on's config.yaml."""
    loaded = yaml.safe_load((ADDON / "config.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_config_follows_the_documented_schema(config: dict[str, Any]) -> None:
    """Required keys, types, architectures, options against their schema."""
    assert documented_problems(config) == []


def test_config_announces_the_integrations_service(config: dict[str, Any]) -> None:
    """The Supervisor refuses a discovery the config does not list; it must be our domain."""
    assert config["discovery"] == [DOMAIN]
    # Least privilege: /discovery and /addons/self/info need no Supervisor API access.
    assert not {"hassio_api", "homeassistant_api", "host_network", "full_access"} & set(config)
    assert config["version"] == manifest_version()
    assert config["slug"] == ADDON.name
    # Options the run script reads, nothing more (a stray option would be silently ignored).
    assert set(config["options"]) == {"log_level", "name", "backlog", "zeroconf"}


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        ({"arch": ["armv7"]}, "arch: 'armv7' is not one of"),
        ({"version": 1}, "version: required"),
        ({"slug": "Unmanned Store"}, "slug: not URI friendly"),
        ({"hassio_api": "yes"}, "hassio_api: must be bool"),
        ({"startup": "later"}, "startup: 'later' not in"),
        ({"ports": {"8765": None}}, "ports: '8765' is not port/type"),
        (
            {
                "schema": {
                    "log_level": "list(debug|info)",
                    "name": "text",
                    "backlog": "int",
                    "zeroconf": "bool",
                }
            },
            "schema.name: 'text' is not",
        ),  # fmt: skip
        (
            {"options": {"log_level": "loud", "name": "x", "backlog": 1000, "zeroconf": False}},
            "options.log_level: default 'loud' does not fit",
        ),  # fmt: skip
        (
            {"options": {"log_level": "info", "name": "x", "backlog": 5, "zeroconf": False}},
            "options.backlog: default 5 does not fit",
        ),  # fmt: skip
        ({"colour": "red"}, "colour: not a documented key"),
    ],
)
def test_schema_check_catches_mistakes(
    config: dict[str, Any], broken: dict[str, Any], problem: str
) -> None:
    """The check above is not vacuous: each documented rule rejects a broken config."""
    problems = documented_problems({**config, **broken})
    assert any(p.startswith(problem) for p in problems), problems


@pytest.mark.parametrize("language", ["en", "ko"])
def test_translations_cover_every_option_and_port(config: dict[str, Any], language: str) -> None:
    """translations/<lang>.yaml: configuration keys match the schema, network keys the ports."""
    text = yaml.safe_load((ADDON / "translations" / f"{language}.yaml").read_text("utf-8"))
    assert set(text) <= {"configuration", "network"}
    assert set(text["configuration"]) == set(config["schema"])
    for entry in text["configuration"].values():
        assert entry["name"].strip()
        assert entry["description"].strip()
    assert {k.lower() for k in text["network"]} == {k.lower() for k in config["ports"]}


def test_repository_and_presentation_files() -> None:
    """repository.yaml at the root; DOCS.md, a square icon.png and a logo.png in the add-on."""
    from PIL import Image

    repository = yaml.safe_load((ROOT / "repository.yaml").read_text(encoding="utf-8"))
    assert isinstance(repository["name"], str)
    assert set(repository) <= {"name", "url", "maintainer"}
    assert (ADDON / "DOCS.md").read_text(encoding="utf-8").startswith("# ")
    with Image.open(ADDON / "icon.png") as icon:
        assert icon.format == "PNG"
        assert icon.width == icon.height
    with Image.open(ADDON / "logo.png") as logo:
        assert logo.format == "PNG"
    # The Supervisor searches the repository for files named config.yaml: only ours may exist.
    found = sorted(
        p.relative_to(ROOT).as_posix()
        for p in ROOT.rglob("config.yaml")
        if not {".venv", "node_modules", ".git"} & set(p.relative_to(ROOT).parts)
    )
    assert found == ["addon/unmanned_store_engine/config.yaml"]


def test_dockerfile_names_the_debian_base_and_the_run_script() -> None:
    """glibc base image (OpenCV has no musl wheel), the run script as the command."""
    dockerfile = (ADDON / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM ghcr\.io/home-assistant/base-debian:\w+$", dockerfile, re.M)
    assert "COPY run.py /usr/local/bin/unmanned-store-engine-run" in dockerfile
    entry = 'ENTRYPOINT ["/opt/engine/bin/python", "/usr/local/bin/unmanned-store-engine-run"]'
    assert entry in dockerfile
    # The base image's s6 /init is replaced, so Docker's init must stay on (the default).
    config = yaml.safe_load((ADDON / "config.yaml").read_text(encoding="utf-8"))
    assert config.get("init", True) is True
    assert "unmanned_store_engine-${BUILD_VERSION}-py3-none-any.whl" in dockerfile
    assert Path(ADDON / "wheels").is_dir()
