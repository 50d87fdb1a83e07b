"""People analytics on real footage: the engine's counts and alarms against hand labels.

Run: .venv/bin/python benchmarks/real_footage.py [--clips p02,p09] [--json out.json]

The clips and their labels are listed in benchmarks/footage/people.json (how they were made and
labelled: benchmarks/footage/README.md). The clips themselves are not in the repository: they are
looked for in $UNMANNED_STORE_FOOTAGE (default <repo>/../shared/footage); a missing clip is
reported as missing, never silently skipped.

Per clip the engine runs as its own process (`python -m unmanned_store_engine serve --port 0`,
whatever `unmanned_store_engine` is importable: set PYTHONPATH to measure another checkout), and
the clip is added as a camera twice:

1. `realtime: false` (played once as fast as the engine can): every event is read from the
   WebSocket; counted crossings are matched to labelled ones of the same direction within 1 s of
   media time (each used once); unmatched labels are missed, unmatched counts are false. The
   alarms seen (`crowding_started`, `loitering_started`, `intrusion`) are compared with the
   labelled expectations. CPU = the engine process's CPU seconds (user + system, from /proc)
   from adding the camera to the end of the file, per second of video.
2. `realtime: true`: the camera state is polled every 0.1 s and its `people` is compared with the
   labelled people-in-view samples (mean absolute error). The state's `media_time` says which
   moment it describes; an engine without it is timed by the wall clock since its first analysed
   frame (good to about one analysed frame, 0.2 s at 5 fps; the report says which was used).

Clips marked `"heldout": true` (added after the engine was tuned, never tuned on) are totalled
apart: the `all` totals stay those of the clips the engine was developed on, so they remain
comparable from run to run, and the `held out` totals (`heldout_summary` in --json) are the
figure for footage the engine has never been fitted to.

The end of a file is the `source_ended` event or, for an engine without it, the camera's health
status `ended`. The port comes from `--port-file` when the engine has it, else from its
`listening on` log line.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
import hashlib
import json
import os
from pathlib import Path
import re
import secrets
import subprocess
import sys
import tempfile
import time
from typing import Any

from aiohttp import ClientSession, ClientTimeout, WSMsgType

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "benchmarks" / "footage" / "people.json"
MATCH_SECONDS = 1.0
ALARM_EVENTS = {
    "crowding": "crowding_started",
    "loitering": "loitering_started",
    "intrusion": "intrusion",
}
DIRECTIONS = ("in", "out")
LISTENING = re.compile(r"listening on http://[^:\s]+:(\d+)")
CLK_TCK = os.sysconf("SC_CLK_TCK")


def footage_root() -> Path:
    """Where the clips are: $UNMANNED_STORE_FOOTAGE, else <repo>/../shared/footage."""
    env = os.environ.get("UNMANNED_STORE_FOOTAGE")
    return Path(env) if env else ROOT.parent / "shared" / "footage"


def load_manifest(path: Path = MANIFEST) -> dict[str, Any]:
    """The labels file as JSON."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def clip_usable(path: Path, clip: dict[str, Any], copy: bool = False) -> bool:
    """Whether the file is the labelled clip: byte for byte, or (copy) as long, within 0.5 s.

    copy: a re-encoded copy (benchmarks/footage/make_copies.py); the labels are media times,
    so a copy serves as long as it lasts as long as the clip.
    """
    if not path.is_file():
        return False
    if not copy:
        return sha256(path) == clip["sha256"]
    import cv2

    capture = cv2.VideoCapture(str(path))
    try:
        fps = capture.get(cv2.CAP_PROP_FPS)
        frames = capture.get(cv2.CAP_PROP_FRAME_COUNT)
    finally:
        capture.release()
    return bool(fps > 0 and abs(frames / fps - clip["frames"] / clip["fps"]) <= 0.5)


def _normalised_point(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and 0.0 <= v <= 1.0 for v in value)
    )


def validate_clip(clip: dict[str, Any]) -> list[str]:
    """Every inconsistency in one clip's entry (empty when it is sound)."""
    name = clip.get("name", "?")
    problems: list[str] = []

    def bad(message: str) -> None:
        problems.append(f"{name}: {message}")

    for key in ("name", "file", "sha256", "fps", "frames", "source", "processing", "people"):
        if key not in clip:
            bad(f"missing {key}")
    if problems:
        return problems
    if not re.fullmatch(r"[0-9a-f]{64}", clip["sha256"]):
        bad("sha256 is not 64 hex digits")
    fps, frames = clip["fps"], clip["frames"]
    if not (isinstance(fps, int | float) and fps > 0 and isinstance(frames, int) and frames > 0):
        bad("fps and frames must be positive")
        return problems
    duration = frames / fps
    source = clip["source"]
    for key in ("repository", "path", "commit", "licence", "licence_file"):
        if not source.get(key):
            bad(f"source.{key} missing")
    if not re.fullmatch(r"[0-9a-f]{40}", str(source.get("commit", ""))):
        bad("source.commit is not a 40-digit commit hash")

    def check_moment(item: dict[str, Any], what: str) -> None:
        frame, at = item.get("frame"), item.get("time")
        if not isinstance(frame, int) or not 0 <= frame < frames:
            bad(f"{what}: frame {frame} outside 0..{frames - 1}")
        elif not isinstance(at, int | float) or abs(at - frame / fps) > 0.5 / fps + 1e-6:
            bad(f"{what}: time {at} does not match frame {frame} at {fps} fps")

    lines = clip.get("lines", [])
    ids = [line.get("id") for line in lines]
    if len(set(ids)) != len(ids) or not all(isinstance(i, str) and i for i in ids):
        bad("line ids must be unique, non-empty strings")
    for line in lines:
        lid = line.get("id")
        if not (_normalised_point(line.get("p1")) and _normalised_point(line.get("p2"))):
            bad(f"line {lid}: points must be normalised [x, y] pairs")
        elif line["p1"] == line["p2"]:
            bad(f"line {lid}: zero length")
        last = -1.0
        for i, crossing in enumerate(line.get("crossings", [])):
            if crossing.get("direction") not in DIRECTIONS:
                bad(f"line {lid} crossing {i}: direction must be in or out")
            if not isinstance(crossing.get("optional", False), bool):
                bad(f"line {lid} crossing {i}: optional must be true or false")
            check_moment(crossing, f"line {lid} crossing {i}")
            at = crossing.get("time", -1.0)
            if isinstance(at, int | float):
                if at < last:
                    bad(f"line {lid} crossing {i}: crossings must be in time order")
                last = at
    previous = -1
    for i, sample in enumerate(clip["people"]):
        check_moment(sample, f"people sample {i}")
        count = sample.get("count")
        if not isinstance(count, int) or count < 0:
            bad(f"people sample {i}: count must be a whole number >= 0")
        frame = sample.get("frame", -1)
        if isinstance(frame, int):
            if frame <= previous:
                bad(f"people sample {i}: samples must be in frame order")
            previous = frame
    for kind, shape in [("zone", z) for z in clip.get("zones", [])] + [
        ("mask", m) for m in clip.get("masks", [])
    ]:
        polygon = shape.get("polygon", [])
        if len(polygon) < 3 or not all(_normalised_point(p) for p in polygon):
            bad(f"{kind} {shape.get('id')}: polygon needs >= 3 normalised points")
        if kind == "mask" and not shape.get("why"):
            bad(f"mask {shape.get('id')}: say why the owner would draw it (why)")
    if clip.get("view", "angled") not in ("angled", "overhead"):
        bad("view must be angled or overhead")
    if not isinstance(clip.get("heldout", False), bool):
        bad("heldout must be true or false")
    alarms = clip.get("alarms", {})
    for kind, expected in alarms.get("expected", {}).items():
        if kind not in ALARM_EVENTS or not isinstance(expected, bool):
            bad(f"alarm {kind}: unknown kind or expectation not true/false")
    if alarms.get("expected", {}).get("loitering") and not clip.get("zones"):
        bad("loitering expected without a zone")
    if duration <= 0:
        bad("empty clip")
    return problems


def validate_manifest(manifest: dict[str, Any]) -> list[str]:
    """Every inconsistency in the labels file."""
    problems: list[str] = []
    names = [clip.get("name") for clip in manifest.get("clips", [])]
    if len(set(names)) != len(names):
        problems.append("clip names repeat")
    for clip in manifest.get("clips", []):
        problems.extend(validate_clip(clip))
    return problems


@dataclass
class CrossingScore:
    """Labelled crossings against counted ones."""

    labelled: int = 0
    matched: int = 0
    missed: int = 0
    false: int = 0
    per_direction: dict[str, dict[str, int]] = field(default_factory=dict)
    missed_at: list[tuple[str, float]] = field(default_factory=list)
    false_at: list[tuple[str, float]] = field(default_factory=list)


def _take_earliest(free: list[float], at: float, window: float) -> bool:
    """Remove the earliest count within `window` of `at` from sorted `free`; whether there was one.

    Taking the earliest usable count while labels are visited in time order gives the largest
    number of matched pairs (taking the nearest can strand a later label).
    """
    for count in free:
        if count >= at - window:
            if count <= at + window:
                free.remove(count)
                return True
            return False
    return False


def match_crossings(
    labelled: Iterable[tuple[str, float]],
    counted: Iterable[tuple[str, float]],
    window: float = MATCH_SECONDS,
    optional: Iterable[tuple[str, float]] = (),
) -> CrossingScore:
    """Match (direction, media time) pairs: same direction, within `window` s, each used once.

    Labels are taken in time order and each takes the earliest free count in its window, so one
    count can never satisfy two people and the number of pairs is the largest possible.
    Optional labels (a crossing the labeller could not call, e.g. feet still on the line when
    the clip ends) then absorb leftover counts without being required: they are neither missed
    nor false.
    """
    score = CrossingScore()
    for direction in DIRECTIONS:
        truth = sorted(t for d, t in labelled if d == direction)
        free = sorted(t for d, t in counted if d == direction)
        missed = [at for at in truth if not _take_earliest(free, at, window)]
        matched = len(truth) - len(missed)
        for at in sorted(t for d, t in optional if d == direction):
            _take_earliest(free, at, window)
        score.missed_at += [(direction, at) for at in missed]
        score.false_at += [(direction, at) for at in free]
        score.per_direction[direction] = {
            "labelled": len(truth),
            "matched": matched,
            "missed": len(truth) - matched,
            "false": len(free),
        }
        score.labelled += len(truth)
        score.matched += matched
        score.missed += len(truth) - matched
        score.false += len(free)
    return score


def score_line(
    line: dict[str, Any], counted: Iterable[tuple[str, float]], window: float = MATCH_SECONDS
) -> CrossingScore:
    """A labelled line's crossings (the manifest's `lines[]` entry) against counts (direction,
    media time), its optional labels absorbing counts as match_crossings says."""
    labels = line.get("crossings", [])
    return match_crossings(
        [(c["direction"], float(c["time"])) for c in labels if not c.get("optional")],
        counted,
        window=window,
        optional=[(c["direction"], float(c["time"])) for c in labels if c.get("optional")],
    )


def people_error(
    samples: Sequence[dict[str, Any]], observed: Sequence[tuple[float, int]], tolerance: float
) -> tuple[float | None, int]:
    """Mean |observed - labelled| people over labelled samples that have an observation near them.

    observed: (media time, people) from the state; each sample takes the nearest observation
    within `tolerance` seconds. Returns (MAE or None, samples used).
    """
    errors: list[int] = []
    for sample in samples:
        near = min(observed, key=lambda o: abs(o[0] - sample["time"]), default=None)
        if near is not None and abs(near[0] - sample["time"]) <= tolerance:
            errors.append(abs(near[1] - sample["count"]))
    return (sum(errors) / len(errors) if errors else None), len(errors)


# --------------------------------------------------------------------------- engine process


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (and its reaped threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


class Engine:
    """One engine process on 127.0.0.1 with a random token."""

    def __init__(self, python: str, workdir: Path) -> None:
        self.python = python
        self.workdir = workdir
        self.token = secrets.token_urlsafe(24)
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.port_source = ""

    def _supports_port_file(self) -> bool:
        out = subprocess.run(
            [self.python, "-m", "unmanned_store_engine", "serve", "--help"],
            capture_output=True,
            text=True,
            check=False,
            env=self._env(),
            # `python -m` looks in the working directory first: ask the engine that will run.
            cwd=self.workdir,
        )
        return "--port-file" in out.stdout

    def _env(self) -> dict[str, str]:
        # A PYTHONPATH given by the caller comes first: that is how another checkout is measured.
        paths = [p for p in (os.environ.get("PYTHONPATH", ""), str(ROOT)) if p]
        return {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(paths),
            "UNMANNED_STORE_ENGINE_TOKEN": self.token,
        }

    def start(self) -> None:
        port_file = self.workdir / "port"
        log = self.workdir / "engine.log"
        command = [
            self.python,
            "-m",
            "unmanned_store_engine",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-zeroconf",
            "--log-level",
            "INFO",
        ]
        use_port_file = self._supports_port_file()
        if use_port_file:
            command += ["--port-file", str(port_file)]
        with log.open("wb") as handle:
            self.process = subprocess.Popen(
                command, stdout=handle, stderr=subprocess.STDOUT, env=self._env(), cwd=self.workdir
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"engine exited: {log.read_text(errors='replace')[-2000:]}")
            if use_port_file and port_file.is_file() and port_file.read_text().strip():
                self.port = int(port_file.read_text().strip())
                self.port_source = "--port-file"
                return
            found = LISTENING.search(log.read_text(errors="replace"))
            if not use_port_file and found:
                self.port = int(found.group(1))
                self.port_source = "log line"
                return
            time.sleep(0.05)
        raise RuntimeError("engine did not start listening within 30 s")

    def cpu(self) -> float:
        assert self.process is not None
        return _cpu_seconds(self.process.pid)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def camera_body(
    clip: dict[str, Any], path: Path, realtime: bool, fps: float, masks: bool = True
) -> dict[str, Any]:
    """The camera configuration for a clip: its line, zones, ignore areas and thresholds.

    masks False: without the clip's ignore areas (what the engine does before an owner has
    drawn any, and the only form an engine older than masks accepts).
    """
    body: dict[str, Any] = {
        "id": "clip",
        "name": clip["name"],
        "source": str(path),
        "role": "aisle",
        "realtime": realtime,
        "loop": False,
        "lines": [],
        "zones": [
            {k: z[k] for k in ("id", "polygon", "loiter_seconds") if k in z}
            for z in clip.get("zones", [])
        ],
    }
    if fps:
        # 0: the engine's automatic rate, as an owner's camera gets it (one camera: 10).
        body["fps"] = fps
    body["lines"] = [
        {"id": line["id"], "p1": line["p1"], "p2": line["p2"]} for line in clip.get("lines", [])
    ]
    # Sent only when not the default: an engine older than the field refuses it.
    if clip.get("view", "angled") != "angled":
        body["view"] = clip["view"]
    if masks and clip.get("masks"):
        body["masks"] = [{"id": m["id"], "polygon": m["polygon"]} for m in clip["masks"]]
    thresholds = dict(clip.get("alarms", {}).get("thresholds", {}))
    # Flame, tamper and QR are other benchmarks' business; they only cost time here.
    thresholds.update({"flame": False, "tamper": False, "qr": False})
    body["thresholds"] = thresholds
    return body


@dataclass
class Pass:
    """What one play of a clip gave."""

    events: list[dict[str, Any]] = field(default_factory=list)
    states: list[tuple[float, int]] = field(default_factory=list)
    final_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0
    end_signal: str = ""
    state_time: str = ""


async def play(
    engine: Engine, body: dict[str, Any], closed: bool, poll_state: bool, limit: float
) -> Pass:
    """Add the clip as a camera, read events (and states) until the file has ended."""
    result = Pass()
    async with ClientSession(
        engine.url, headers=engine.headers, timeout=ClientTimeout(total=30)
    ) as session:
        async with session.put("/api/store", json={"closed": closed}) as response:
            response.raise_for_status()
        ws = await session.ws_connect("/api/events/stream", heartbeat=None)
        ended = asyncio.Event()

        async def read_events() -> None:
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    break
                data = json.loads(message.data)
                if data.get("type") == "event":
                    event = data["event"]
                    result.events.append(event)
                    if event.get("type") == "source_ended":
                        result.end_signal = "source_ended event"
                        ended.set()
                elif data.get("type") == "source_ended":
                    result.events.append(data)
                    result.end_signal = "source_ended event"
                    ended.set()

        reader = asyncio.create_task(read_events())
        cpu_before = engine.cpu()
        started = time.monotonic()
        async with session.post("/api/cameras", json=body) as response:
            if response.status != 201:
                raise RuntimeError(f"camera refused: {response.status} {await response.text()}")
        first_frame_at: float | None = None
        deadline = started + limit
        while not ended.is_set() and time.monotonic() < deadline:
            async with session.get("/api/health") as response:
                health = (await response.json())["cameras"].get("clip", {})
            if health.get("status") == "ended":
                if not result.end_signal:
                    result.end_signal = "health status ended"
                # The last events may still be on their way over the WebSocket.
                await asyncio.sleep(0.5)
                ended.set()
                break
            if poll_state:
                async with session.get("/api/cameras/clip/state") as response:
                    state = await response.json() if response.status == 200 else {}
                if state.get("health", health).get("frames_analysed", 0) > 0:
                    now = time.monotonic()
                    if "media_time" in state:
                        at = float(state["media_time"])
                        result.state_time = "state media_time"
                    else:
                        first_frame_at = first_frame_at or now
                        at = now - first_frame_at
                        result.state_time = "wall clock since first analysed frame"
                    people = state.get("people", len(state.get("tracks", [])))
                    result.states.append((at, int(people)))
            await asyncio.sleep(0.1 if poll_state else 0.05)
        result.wall_seconds = time.monotonic() - started
        result.cpu_seconds = engine.cpu() - cpu_before
        if not ended.is_set():
            raise RuntimeError(f"the clip did not end within {limit:.0f} s")
        await asyncio.sleep(0.3)
        async with session.get("/api/cameras/clip/state") as response:
            state = await response.json()
        result.final_counts = {k: dict(v) for k, v in state.get("lines", {}).items()}
        async with session.delete("/api/cameras/clip") as response:
            response.raise_for_status()
        await ws.close()
        reader.cancel()
    return result


def event_time(event: dict[str, Any], fps: float) -> float:
    """Media time of an event; from its frame index when the engine gives one."""
    frame = event.get("frame")
    if isinstance(frame, int):
        return frame / fps
    return float(event.get("media_time", 0.0))


def score_clip(clip: dict[str, Any], fast: Pass, live: Pass | None) -> dict[str, Any]:
    """The figures for one clip from its two plays."""
    fps = float(clip["fps"])
    duration = clip["frames"] / fps
    per_line: dict[str, Any] = {}
    total = CrossingScore()
    counted_total = 0
    loose_total = 0
    for line in clip.get("lines", []):
        counted = [
            (str(e["type"]).removeprefix("crossing_"), event_time(e, fps))
            for e in fast.events
            if e.get("type") in ("crossing_in", "crossing_out") and e.get("line") == line["id"]
        ]
        optional = [c for c in line.get("crossings", []) if c.get("optional")]
        score = score_line(line, counted)
        # For diagnosis only: a count 1-2 s after the feet cross is late, not missing.
        loose = score_line(line, counted, window=2 * MATCH_SECONDS)
        per_line[line["id"]] = {
            "labelled": score.labelled,
            "optional": len(optional),
            "counted": len(counted),
            "matched": score.matched,
            "matched_within_2s": loose.matched,
            "missed": score.missed,
            "false": score.false,
            "per_direction": score.per_direction,
            "counted_at": [(d, round(t, 2)) for d, t in counted],
            "missed_at": [(d, round(t, 2)) for d, t in sorted(score.missed_at, key=lambda x: x[1])],
            "false_at": [(d, round(t, 2)) for d, t in sorted(score.false_at, key=lambda x: x[1])],
        }
        counted_total += len(counted)
        total.labelled += score.labelled
        total.matched += score.matched
        loose_total += loose.matched
        total.missed += score.missed
        total.false += score.false
    alarms: dict[str, dict[str, Any]] = {}
    for kind, expected in clip.get("alarms", {}).get("expected", {}).items():
        seen = [
            round(event_time(e, fps), 2) for e in fast.events if e.get("type") == ALARM_EVENTS[kind]
        ]
        alarms[kind] = {
            "expected": expected,
            "seen": len(seen),
            "at": seen[:5],
            "ok": bool(seen) == expected,
        }
    result: dict[str, Any] = {
        "clip": clip["name"],
        "heldout": bool(clip.get("heldout", False)),
        "duration": round(duration, 3),
        "crossings": {
            "labelled": total.labelled,
            "counted": counted_total,
            "matched": total.matched,
            "matched_within_2s": loose_total,
            "missed": total.missed,
            "false": total.false,
            "lines": per_line,
        },
        "final_counts": fast.final_counts,
        "alarms": alarms,
        "cpu_per_video_second": round(fast.cpu_seconds / duration, 3),
        "fast_wall_seconds": round(fast.wall_seconds, 2),
        "end_signal": fast.end_signal,
    }
    if live is not None:
        # An automatic rate (0) is at least 5 a second.
        tolerance = 0.5 / float(clip.get("analysis_fps") or 5) + 0.05
        mae, used = people_error(clip["people"], live.states, tolerance)
        result["people"] = {
            "mae": None if mae is None else round(mae, 2),
            "samples": used,
            "of": len(clip["people"]),
            "state_time": live.state_time,
            "live_cpu_share": round(live.cpu_seconds / max(live.wall_seconds, 1e-6), 3),
        }
    return result


def run_clip(
    clip: dict[str, Any], path: Path, python: str, fps: float, people: bool, masks: bool = True
) -> dict[str, Any]:
    """Both plays of one clip, each in a fresh engine."""
    closed = bool(clip.get("alarms", {}).get("closed", False))
    timeout = 60 + 10 * clip["frames"] / clip["fps"]
    with tempfile.TemporaryDirectory(prefix="real-footage-") as tmp:
        engine = Engine(python, Path(tmp))
        engine.start()
        try:
            fast = asyncio.run(
                play(engine, camera_body(clip, path, False, fps, masks), closed, False, timeout)
            )
            live = None
            if people:
                live = asyncio.run(
                    play(engine, camera_body(clip, path, True, fps, masks), closed, True, timeout)
                )
        finally:
            engine.stop()
    result = score_clip({**clip, "analysis_fps": fps}, fast, live)
    result["port_from"] = engine.port_source
    return result


def totals(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Sums over the clips that ran."""
    labelled = sum(r["crossings"]["labelled"] for r in results)
    matched = sum(r["crossings"]["matched"] for r in results)
    false = sum(r["crossings"]["false"] for r in results)
    alarms = [a for r in results for a in r["alarms"].values()]
    maes = [r["people"]["mae"] for r in results if r.get("people", {}).get("mae") is not None]
    # Pooled over every sample, so a clip with more samples weighs more.
    pooled = [(r["people"]["mae"], r["people"]["samples"]) for r in results if "people" in r]
    pooled = [(m, n) for m, n in pooled if m is not None]
    samples = sum(n for _, n in pooled)
    duration = sum(r["duration"] for r in results)
    cpu = sum(r["cpu_per_video_second"] * r["duration"] for r in results)
    return {
        "clips": len(results),
        "crossings_labelled": labelled,
        "crossings_matched": matched,
        "crossings_matched_within_2s": sum(r["crossings"]["matched_within_2s"] for r in results),
        "crossings_missed": labelled - matched,
        "crossings_false": false,
        "matched_share": round(matched / labelled, 3) if labelled else None,
        "false_share": round(false / labelled, 3) if labelled else None,
        "alarms_right": sum(1 for a in alarms if a["ok"]),
        "alarms_checked": len(alarms),
        "people_mae_mean_over_clips": round(sum(maes) / len(maes), 2) if maes else None,
        "people_mae_pooled": round(sum(m * n for m, n in pooled) / samples, 2) if samples else None,
        "people_samples": samples,
        "cpu_per_video_second": round(cpu / duration, 3) if duration else None,
    }


def split_heldout(
    results: Sequence[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(clips the engine was tuned on, held-out clips), each in the given order: manifest
    entries or results, whatever carries "heldout": true."""
    tuned = [r for r in results if not r.get("heldout")]
    heldout = [r for r in results if r.get("heldout")]
    return tuned, heldout


def _totals_row(label: str, results: Sequence[dict[str, Any]]) -> str:
    t = totals(results)
    share = "" if t["matched_share"] is None else f" ({t['matched_share']:.0%})"
    false_share = "" if t["false_share"] is None else f" ({t['false_share']:.0%})"
    mae = t["people_mae_pooled"]
    cpu = "-" if t["cpu_per_video_second"] is None else f"{t['cpu_per_video_second']:.3f}"
    return (
        f"| **{label}** | {sum(r['duration'] for r in results):.1f} "
        f"| **{t['crossings_labelled']}** | **{t['crossings_matched']}{share}** "
        f"| {t['crossings_missed']} | **{t['crossings_false']}{false_share}** "
        f"| **{'-' if mae is None else f'{mae:.2f}'} ({t['people_samples']})** "
        f"| **{t['alarms_right']}/{t['alarms_checked']}** | {cpu} |"
    )


def table(results: Sequence[dict[str, Any]]) -> str:
    """A Markdown table of the per-clip figures, with the totals of the clips the engine was
    tuned on (`all`) and, apart, of the held-out clips (`held out`)."""
    rows = [
        "| clip | s | crossings (labelled) | matched | missed | false | people MAE (samples) "
        "| alarms right | CPU s / video s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        c = r["crossings"]
        people = r.get("people", {})
        mae = people.get("mae")
        alarms = r["alarms"].values()
        wrong = ", ".join(
            f"{k} {'missed' if v['expected'] else 'false'}"
            for k, v in r["alarms"].items()
            if not v["ok"]
        )
        name = f"{r['clip']} (held out)" if r.get("heldout") else r["clip"]
        rows.append(
            f"| {name} | {r['duration']:.1f} | {c['labelled']} | {c['matched']} "
            f"| {c['missed']} | {c['false']} "
            f"| {'-' if mae is None else f'{mae:.2f}'} ({people.get('samples', 0)}) "
            f"| {sum(1 for a in alarms if a['ok'])}/{len(r['alarms'])}"
            f"{f' ({wrong})' if wrong else ''} | {r['cpu_per_video_second']:.3f} |"
        )
    tuned, heldout = split_heldout(results)
    if tuned:
        rows.append(_totals_row("all", tuned))
    if heldout:
        rows.append(_totals_row("held out", heldout))
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clips", help="comma-separated clip names or name prefixes")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument(
        "--fps",
        type=float,
        default=0.0,
        help="analysis rate; 0 (default): the engine's automatic rate, 10 for a camera alone",
    )
    parser.add_argument("--python", default=sys.executable, help="interpreter for the engine")
    parser.add_argument(
        "--no-people", action="store_true", help="skip the real-time pass (people in view)"
    )
    parser.add_argument(
        "--no-masks",
        action="store_true",
        help="leave out the clips' ignore areas (as before an owner draws them)",
    )
    parser.add_argument(
        "--set",
        choices=("people", "hazards", "all"),
        default="all",
        help="people analytics, fire/smoke/tamper (benchmarks/hazard_footage.py), or both",
    )
    args = parser.parse_args(argv)
    hazards_failed = 0
    if args.set in ("hazards", "all"):
        # In-process on the Analyzer, as a camera thread runs it: see hazard_footage's docstring.
        from benchmarks import hazard_footage

        hazard_json = args.json.with_suffix(".hazards.json") if args.json else None
        hazard_args = ["--json", str(hazard_json)] if hazard_json else []
        hazards_failed = hazard_footage.main(hazard_args)
        if args.set == "hazards":
            return hazards_failed
    manifest = load_manifest()
    problems = validate_manifest(manifest)
    if problems:
        print("labels file is inconsistent:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2
    wanted = [w for w in (args.clips or "").split(",") if w]
    clips = [
        c for c in manifest["clips"] if not wanted or any(c["name"].startswith(w) for w in wanted)
    ]
    root = footage_root()
    results: list[dict[str, Any]] = []
    missing: list[str] = []
    for clip in clips:
        path = root / clip["file"]
        if not path.is_file():
            missing.append(f"{clip['name']} (no {path})")
            continue
        if sha256(path) != clip["sha256"]:
            missing.append(f"{clip['name']} ({path} differs from the manifest's sha256)")
            continue
        print(f"… {clip['name']}", file=sys.stderr)
        results.append(
            run_clip(clip, path, args.python, args.fps, not args.no_people, not args.no_masks)
        )
    print(table(results))
    tuned, heldout = split_heldout(results)
    summary = totals(tuned)
    heldout_summary = totals(heldout)
    print()
    print(json.dumps({"all": summary, "held_out": heldout_summary}, indent=1))
    if missing:
        print("\nMISSING clips (not measured):\n  " + "\n  ".join(missing))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "footage": str(root),
                    "summary": summary,
                    "heldout_summary": heldout_summary,
                    "clips": results,
                    "missing": missing,
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0 if results and not missing and not hazards_failed else 1


if __name__ == "__main__":
    sys.exit(main())
