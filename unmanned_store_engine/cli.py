"""Command line: `python -m unmanned_store_engine serve [options]`."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Mapping, Sequence
import logging
import os
from pathlib import Path
import signal
import sys

from .config import ConfigError
from .engine import Settings
from .runner import serve
from .still import STILL_SECONDS

TOKEN_ENV = "UNMANNED_STORE_ENGINE_TOKEN"
STILL_ENV = "UNMANNED_STORE_STILL_MINUTES"
# A figure still for a few seconds is anyone waiting; for a day, it is still worth a look.
STILL_RANGE = (0.05, 1440.0)
MIN_TOKEN = 16


class UsageError(Exception):
    """Bad command line; the message is printed for the user."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for --help tests and docs)."""
    parser = argparse.ArgumentParser(prog="python -m unmanned_store_engine")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("serve", help="run the engine's HTTP/WebSocket API")
    run.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    run.add_argument("--port", type=int, default=8765, help="TCP port (default 8765, 0 = any)")
    run.add_argument(
        "--token-file", type=Path, help=f"file holding the API token (else ${TOKEN_ENV})"
    )
    run.add_argument("--config", type=Path, help="JSON file where cameras are kept")
    run.add_argument("--id", default="engine", help="engine id announced over zeroconf")
    run.add_argument("--name", default="Unmanned store engine", help="display name")
    run.add_argument("--no-zeroconf", action="store_true", help="do not advertise the service")
    run.add_argument("--backlog", type=int, default=1000, help="events kept for replay")
    run.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    run.add_argument(
        "--port-file", type=Path, help="write the bound port to this file once listening"
    )
    run.add_argument(
        "--model",
        type=Path,
        help="person model (ONNX, FastestDet or YOLOX; default: $UNMANNED_STORE_PERSON_MODEL, "
        "else the shipped FastestDet)",
    )
    run.add_argument(
        "--still-minutes",
        type=float,
        help=f"minutes a figure stands without moving before the camera state reports it "
        f"(default: ${STILL_ENV}, else {STILL_SECONDS / 60:g})",
    )
    return parser


def settings_from_args(args: argparse.Namespace, environ: Mapping[str, str]) -> Settings:
    """Settings from parsed arguments; the token never comes from argv (visible in ps)."""
    if args.token_file is not None:
        try:
            token = args.token_file.read_text(encoding="utf-8").strip()
        except OSError as err:
            raise UsageError(f"cannot read token file {args.token_file}: {err.strerror}") from err
    else:
        token = environ.get(TOKEN_ENV, "").strip()
    if len(token) < MIN_TOKEN:
        raise UsageError(
            f"an API token of at least {MIN_TOKEN} characters is required: "
            f"set {TOKEN_ENV} or pass --token-file"
        )
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, got {args.port}")
    if not 10 <= args.backlog <= 100_000:
        raise UsageError(f"--backlog must be between 10 and 100000, got {args.backlog}")
    still = args.still_minutes
    if still is None:
        text = environ.get(STILL_ENV, "").strip()
        try:
            still = float(text) if text else STILL_SECONDS / 60
        except ValueError:
            raise UsageError(f"{STILL_ENV} must be a number of minutes, got {text!r}") from None
    low, high = STILL_RANGE
    if not low <= still <= high:
        raise UsageError(f"--still-minutes must be between {low:g} and {high:g}, got {still:g}")
    return Settings(
        token=token,
        host=args.host,
        port=args.port,
        engine_id=args.id,
        name=args.name,
        config_path=args.config,
        zeroconf=not args.no_zeroconf,
        backlog=args.backlog,
        model_path=args.model,
        port_file=args.port_file,
        still_seconds=still * 60,
    )


async def _run(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(settings, stop)


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = settings_from_args(args, os.environ if environ is None else environ)
        asyncio.run(_run(settings))
    except (UsageError, ConfigError) as err:
        print(f"error: {err}", file=sys.stderr)  # noqa: T201 - the CLI's user-facing output
        return 2
    except OSError as err:
        print(f"error: cannot listen on {args.host}:{args.port}: {err.strerror}", file=sys.stderr)  # noqa: T201
        return 1
    return 0
