"""Command line: `serve` (the default) runs a device; `scan`, `door`, `tamper` drive one."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
import contextlib
import json
import logging
from pathlib import Path
import signal
import sys
from typing import TextIO

import aiohttp

from .device import DeviceConfig
from .faults import Faults
from .running import start_device

DRIVE_COMMANDS = ("scan", "door", "tamper")


def _say(line: str, stream: TextIO | None = None) -> None:
    """A line for the person (or script) at the terminal, flushed at once."""
    # Looked up per call, so a redirected sys.stdout is honoured.
    out = sys.stdout if stream is None else stream
    out.write(line + "\n")
    out.flush()


def _serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m reference_door",
        description="Run a reference door device. Drive it with: "
        "python -m reference_door scan|door|tamper --url URL ...",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8480, help="TCP port; 0 picks a free one")
    parser.add_argument("--state-dir", type=Path, required=True, help="where token and events live")
    parser.add_argument("--pairing-code", help="pairing code (default: random, kept in state dir)")
    parser.add_argument("--device-id", help="device id (default: random, kept in state dir)")
    parser.add_argument("--no-zeroconf", action="store_true", help="do not advertise")
    parser.add_argument("--advertise-address", help="address to announce (default: --host)")
    parser.add_argument("--backlog-limit", type=int, default=10_000, help="events kept")
    parser.add_argument("--held-open-after", type=float, default=30.0, help="seconds")
    parser.add_argument("--delay-ms", type=int, default=0, help="fault: delay every response")
    parser.add_argument("--drop-every", type=int, default=0, help="fault: cut streams every N")
    parser.add_argument(
        "--malformed-every", type=int, default=0, help="fault: malformed frame every N events"
    )
    parser.add_argument("--stall", action="store_true", help="fault: accept, answer nothing")
    return parser


def _drive_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reference_door")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("scan", "the reader reads CODE"),
        ("door", "the door opens or closes"),
        ("tamper", "the tamper switch trips"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--url", required=True, help="device base URL, e.g. http://h:8480")
    commands.choices["scan"].add_argument("code")
    commands.choices["door"].add_argument("position", choices=["open", "close"])
    commands.choices["tamper"].add_argument("--detail", default="")
    return parser


async def _serve(config: DeviceConfig) -> None:
    running = await start_device(config)
    info = running.device.info
    # Tests and scripts read this first line to learn the port; the code is what a user reads.
    _say(
        f"reference door {info.device_id} serving {running.url} pairing code {running.pairing_code}"
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await running.stop()


async def _drive(args: argparse.Namespace) -> int:
    body: dict[str, object]
    if args.command == "scan":
        path, body = "/sim/scan", {"code": args.code}
    elif args.command == "door":
        path, body = "/sim/door", {"open": args.position == "open"}
    else:
        path, body = "/sim/tamper", {"detail": args.detail}
    url = args.url.rstrip("/") + path
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session,
            session.post(url, json=body) as response,
        ):
            text = await response.text()
    except (aiohttp.ClientError, TimeoutError) as err:
        _say(f"cannot reach the device at {args.url}: {err or type(err).__name__}", sys.stderr)
        return 2
    if response.status != 200:
        _say(f"the device refused: HTTP {response.status} {text}", sys.stderr)
        return 1
    result = json.loads(text)
    _say(f"cursor {result['cursor']}" if args.command != "door" else text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m reference_door`."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in DRIVE_COMMANDS:
        return asyncio.run(_drive(_drive_parser().parse_args(args_list)))
    args = _serve_parser().parse_args(args_list)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    config = DeviceConfig(
        state_dir=args.state_dir,
        host=args.host,
        port=args.port,
        pairing_code=args.pairing_code,
        device_id=args.device_id,
        zeroconf=not args.no_zeroconf,
        advertise_address=args.advertise_address,
        backlog_limit=args.backlog_limit,
        held_open_after=args.held_open_after,
        faults=Faults(
            delay_ms=args.delay_ms,
            drop_every=args.drop_every,
            malformed_every=args.malformed_every,
            stall=args.stall,
        ),
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(config))
    return 0
