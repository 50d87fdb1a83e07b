"""Coverage-guided fuzzing of every parser that touches the outside world (atheris/libFuzzer).

Run: scripts/fuzz [seconds]  (installs atheris into .venv from requirements_fuzz.txt).
An input's first byte chooses the parser and the rest is what the parser reads. Each parser
may return a value or reject with its documented error (the error carries the reason shown
to the owner or logged); any other exception is a crash that libFuzzer keeps and reports.
The same `test_one_input` is replayed over fuzz/corpus/ by tests/unit/test_fuzz_target.py,
so the harness is checked on every test run without atheris.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
import contextlib
import json
from pathlib import Path
import sys
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SECRET = bytes(range(32))


def _json(data: bytes) -> Any:
    """The input as JSON, or None when it is not (the parsers below get JSON values)."""
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def _say_why(reason: object) -> None:
    """Every rejection carries its reason (a translation key, a deny reason, a message)."""
    if not reason:
        raise AssertionError("rejected without a reason")


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _scanned_code(data: bytes) -> None:
    from custom_components.unmanned_store.door.passes import (
        PassError,
        decode_pass,
        is_store_pass,
        normalise_scan,
    )

    try:
        code = normalise_scan(data)
        if is_store_pass(code):
            decode_pass(code, SECRET)
    except PassError as err:
        _say_why(err.reason)


def _signed_payload(data: bytes) -> None:
    """A payload signed with the store's secret: what a correctly signed but odd pass holds."""
    from custom_components.unmanned_store.door.passes import (
        PASS_PREFIX,
        PassError,
        _mac,
        decode_pass,
    )

    body = data + _mac(SECRET, PASS_PREFIX, data)
    code = PASS_PREFIX + base64.urlsafe_b64encode(body).rstrip(b"=").decode("ascii")
    try:
        decode_pass(code, SECRET)
    except PassError as err:
        _say_why(err.reason)


def _verifier_response(data: bytes) -> None:
    from custom_components.unmanned_store.door.verifier import verdict_from_response

    verdict_from_response(data)


def _engine_message(data: bytes) -> None:
    from custom_components.unmanned_store.clients.engine.client import EngineClient

    event = EngineClient._read_message(_text(data), "boot:1", None)
    if event is not None:
        hash((event.zone, event.line, event.track_id))  # ends up in sets and attributes
        event.position  # noqa: B018


def _door_frame(data: bytes) -> None:
    from custom_components.unmanned_store.clients.door import MalformedMessageError, parse_frame

    try:
        parse_frame(_text(data))
    except MalformedMessageError as err:
        _say_why(err.reason)


def _door_info_and_state(data: bytes) -> None:
    from custom_components.unmanned_store.clients.door import (
        MalformedMessageError,
        parse_device_info,
        parse_door_state,
    )

    value = _json(data)
    for parse in (parse_device_info, parse_door_state):
        try:
            parse(value)
        except MalformedMessageError as err:
            _say_why(err.reason)


def _engine_camera_config(data: bytes) -> None:
    from unmanned_store_engine.config import ConfigError, parse_camera

    try:
        config = parse_camera(_json(data))
    except ConfigError:
        return
    assert parse_camera(config.to_dict()) == config


def _engine_cursor(data: bytes) -> None:
    from unmanned_store_engine.events import Detection, EventLog

    log = EventLog(capacity=2, boot="b")
    log.append("cam", Detection("crossing_in", 0.0))
    log.since(_text(data))


def _geometry(data: bytes) -> None:
    from custom_components.unmanned_store.cameras.geometry import (
        GeometryError,
        parse_line,
        parse_zones,
    )

    for parse in (parse_line, parse_zones):
        try:
            parse(_text(data))
        except GeometryError as err:
            _say_why(err.key)


def _hours(data: bytes) -> None:
    from custom_components.unmanned_store.hours.form import parse_exceptions_text
    from custom_components.unmanned_store.hours.model import HoursError, parse_hours_text

    for parse in (parse_hours_text, parse_exceptions_text):
        try:
            parse(_text(data))
        except HoursError as err:
            _say_why(err.key)


def _urls(data: bytes) -> None:
    from custom_components.unmanned_store.cameras.settings import redact_url, valid_source
    from custom_components.unmanned_store.door.verifier import verifier_url_error

    text = _text(data)
    valid_source(text)
    redact_url(text)
    verifier_url_error(text)


TARGETS: list[Callable[[bytes], None]] = [
    _scanned_code,
    _signed_payload,
    _verifier_response,
    _engine_message,
    _door_frame,
    _door_info_and_state,
    _engine_camera_config,
    _engine_cursor,
    _geometry,
    _hours,
    _urls,
]


def test_one_input(data: bytes) -> None:
    """libFuzzer's entry point: the first byte picks the parser."""
    if data:
        TARGETS[data[0] % len(TARGETS)](data[1:])


def main() -> None:
    """Instrument our packages (not Home Assistant's) and fuzz."""
    import atheris

    import homeassistant.core  # noqa: F401 - loaded uninstrumented: it is not under test

    with atheris.instrument_imports(include=["custom_components", "unmanned_store_engine"]):
        for target in TARGETS:
            with contextlib.suppress(Exception):  # only loading the modules, instrumented
                target(b"")
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
