"""`python -m reference_door`: serve in a subprocess, drive it from the command line."""

from __future__ import annotations

from collections.abc import Iterator
import json
from pathlib import Path
import select
import signal
import subprocess
import sys
import urllib.request

import pytest

from reference_door.cli import main

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """A device process on a free loopback port, advertised by zeroconf as by default."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reference_door",
            "--port",
            "0",
            "--state-dir",
            str(tmp_path),
            "--pairing-code",
            "135790",
            "--held-open-after",
            "60",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    try:
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, "the device printed nothing within 30 s"
        line = process.stdout.readline()
        assert "pairing code 135790" in line, line
        url = line.split(" serving ")[1].split()[0]
        yield url, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=10)
        process.stdout.close()
        assert process.stderr is not None
        process.stderr.close()


def _poll(url: str, token: str) -> list[dict[str, object]]:
    request = urllib.request.Request(  # noqa: S310
        f"{url}/api/v1/events/poll?since=0&timeout=0", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        events: list[dict[str, object]] = json.load(response)["events"]
    return events


def _pair(url: str) -> str:
    request = urllib.request.Request(  # noqa: S310
        f"{url}/api/v1/pair",
        data=b'{"code": "135790"}',
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        token: str = json.load(response)["token"]
    return token


def test_cli_drives_a_served_device(
    served: tuple[str, subprocess.Popen[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, process = served
    scan = subprocess.run(
        [sys.executable, "-m", "reference_door", "scan", "--url", url, "PASS:한글-1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert (scan.returncode, scan.stdout) == (0, "cursor 1\n")
    assert main(["door", "--url", url, "open"]) == 0
    assert json.loads(capsys.readouterr().out)["door"] == "open"
    assert main(["tamper", "--url", url + "/", "--detail", "lid"]) == 0
    assert capsys.readouterr().out == "cursor 4\n"
    assert main(["scan", "--url", url, ""]) == 1
    assert "HTTP 400" in capsys.readouterr().err
    events = _poll(url, _pair(url))
    assert [(event["type"], event["data"]) for event in events] == [
        ("scan", {"code": "PASS:한글-1"}),
        ("door_opened", {}),
        ("forced", {}),
        ("tamper", {"detail": "lid"}),
    ]
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0


def test_cli_reports_an_unreachable_device(
    unused_tcp_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", "--url", f"http://127.0.0.1:{unused_tcp_port}", "x"]) == 2
    assert "cannot reach the device at http://127.0.0.1:" in capsys.readouterr().err
