"""Event latency: from the frame where a thing happens to the event on the WebSocket stream.

Run: .venv/bin/python benchmarks/engine_latency.py [seconds] [--clip NAME]
Two live cameras read HTTP MJPEG (640x360, 10 fps) served in this process in real time: one
loops the counting clip (6 line crossings per 13 s), one loops the flame clip (flame from 3 s
to 7 s of each 10.5 s pass). The integration's client (engine_client.py) reads the event
stream. Latency = arrival time of the event minus the wall time at which the frame showing the
ground-truth moment was sent (the person's feet crossing the line; the flame appearing).
Targets: p95 under 1 s for crossings; flame under 3 s.

--clip NAME: the counting camera loops a real clip of benchmarks/footage/people.json instead
(at its own frame rate, each frame as a JPEG, with its lines, ignore areas and view), and the
ground truth is its hand-labelled crossings: the figure to quote, since the drawn clip's people
are easier to find than real ones. A label is paired with the first count of the same line and
direction from 1 s before it to 2 s after it (labels are read by eye; the engine counts on the
foot point); labels without such a count are listed as unmatched, not as latencies.

--fps F: the counting camera analysed at F frames a second (default: the engine's automatic
rate, 10 with the two cameras here; docs/engine-api.md).

--copies DIR (with --clip): the clip is taken from DIR, laid out as $UNMANNED_STORE_FOOTAGE (a
copy made by benchmarks/footage/make_copies.py, e.g. OUT/fps7), and served at the copy's own
frame rate; the labels are media times, so they hold for it.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
import statistics
import sys
import tempfile
import time
from typing import Any

from aiohttp import ClientSession, web
import cv2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.real_footage import (  # noqa: E402
    camera_body,
    footage_root,
    load_manifest,
    validate_clip,
)
from custom_components.unmanned_store.clients.engine.client import EngineClient  # noqa: E402
from tests.engine import scenes  # noqa: E402
from tests.engine.conftest import jpeg_frames  # noqa: E402
from unmanned_store_engine.engine import Settings  # noqa: E402
from unmanned_store_engine.runner import EngineServer  # noqa: E402

LINE_Y = 0.55
TOKEN = "x" * 32


def crossing_times(scene: scenes.Scene) -> list[tuple[float, str]]:
    """(time, "in"/"out") of every foot crossing of y = LINE_Y, in order.

    The engine counts on feet (issue 14): the photo person's feet are half their 120-px height
    below the centre the scene moves.
    """
    found = []
    for actor in scene.actors:
        previous = None
        t = 0.0
        while t <= scene.duration:
            position = actor.position(t)
            if position is not None:
                side = position[1] + scenes.PHOTO_HEIGHT / 2 / scenes.HEIGHT - LINE_Y
                if previous is not None and previous > 0 >= side:
                    found.append((t, "in"))
                elif previous is not None and previous <= 0 < side:
                    found.append((t, "out"))
                previous = side
            t += 0.01
    return sorted(found)


class Feed:
    """Serves a clip in a loop and remembers when each pass started (wall clock)."""

    def __init__(self, frames: list[bytes], fps: float) -> None:
        self.frames = frames
        self.fps = fps
        self.pass_starts: list[float] = []

    async def handler(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "multipart/x-mixed-replace; boundary=f"}
        )
        await response.prepare(request)
        loop = asyncio.get_running_loop()
        start = loop.time()
        index = 0
        while True:
            position = index % len(self.frames)
            if position == 0:
                self.pass_starts.append(time.time())
            data = self.frames[position]
            head = f"--f\r\nContent-Type: image/jpeg\r\nContent-Length: {len(data)}\r\n\r\n"
            try:
                await response.write(head.encode() + data + b"\r\n")
            except ConnectionError:
                return response
            index += 1
            await asyncio.sleep(max(0.0, start + index / self.fps - loop.time()))


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def real_clip(name: str, copies: Path | None = None) -> tuple[dict[str, object], Path]:
    """The labelled clip called `name` and its file (from `copies` when given, with the copy's
    frame rate); SystemExit saying why when it cannot be had."""
    clips = {clip["name"]: clip for clip in load_manifest()["clips"]}
    clip = clips.get(name) or next((c for n, c in clips.items() if n.startswith(name)), None)
    if clip is None:
        raise SystemExit(f"no clip {name!r} in benchmarks/footage/people.json")
    if problems := validate_clip(clip):
        raise SystemExit(f"clip {clip['name']}: " + "; ".join(problems))
    path = (copies or footage_root()) / clip["file"]
    if not path.is_file():
        raise SystemExit(f"clip {clip['name']} is missing: {path} (set UNMANNED_STORE_FOOTAGE)")
    if copies is not None:
        capture = cv2.VideoCapture(str(path))
        rate = capture.get(cv2.CAP_PROP_FPS)
        capture.release()
        if not rate > 0:
            raise SystemExit(f"{path}: no frame rate")
        clip = {**clip, "fps": rate}
    return clip, path


def labelled_crossings(clip: dict[str, object]) -> list[tuple[float, str, str]]:
    """(media time, line id, "in"/"out") of every required labelled crossing, in order."""
    lines = clip.get("lines", [])
    assert isinstance(lines, list)
    return sorted(
        (float(c["time"]), line["id"], c["direction"])
        for line in lines
        for c in line.get("crossings", [])
        if not c.get("optional")
    )


def pair_real(
    truth: list[tuple[float, str, str]],
    pass_starts: list[float],
    received: list[tuple[float, str, str, str | None]],
    horizon: float,
) -> tuple[list[float], int]:
    """Latencies of labels paired with counts (see the module docstring), and how many were not."""
    used: set[int] = set()
    latencies: list[float] = []
    unmatched = 0
    for start in pass_starts:
        for at, line, direction in truth:
            due = start + at
            if due > horizon:
                continue
            pick = next(
                (
                    i
                    for i, (arrival, camera, kind, event_line) in enumerate(received)
                    if i not in used
                    and camera == "counting"
                    and kind == f"crossing_{direction}"
                    and event_line == line
                    and due - 1 <= arrival <= due + 2
                ),
                None,
            )
            if pick is None:
                unmatched += 1
            else:
                used.add(pick)
                latencies.append(received[pick][0] - due)
    return latencies, unmatched


async def run(
    seconds: float, clip_name: str | None, copies: Path | None = None, fps: float = 0.0
) -> None:
    """Serve, analyse, listen, and match events to ground truth."""
    counting, flame = scenes.counting_scene(), scenes.flame_scene()
    clip: dict[str, object] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        if clip_name is None:
            counting_feed = Feed(jpeg_frames(counting.write(Path(tmp) / "c.avi")), counting.fps)
        else:
            clip, path = real_clip(clip_name, copies)
            counting_feed = Feed(jpeg_frames(path), float(clip["fps"]))  # type: ignore[arg-type]
        feeds = {
            "counting": counting_feed,
            "flame": Feed(jpeg_frames(flame.write(Path(tmp) / "f.avi")), flame.fps),
        }
    app = web.Application()
    for name, feed in feeds.items():
        app.router.add_get(f"/{name}", feed.handler)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    server = EngineServer(Settings(token=TOKEN, port=0, zeroconf=False))
    await server.start()
    received: list[tuple[float, str, str, str | None]] = []
    async with ClientSession() as session:
        client = EngineClient(session, "127.0.0.1", server.port, TOKEN)

        async def listen() -> None:
            async for event in client.events():
                # The arrival time is what is measured, so each is stamped as it comes.
                received.append((time.time(), event.camera_id, event.type, event.line))  # noqa: PERF401

        listener = asyncio.create_task(listen())
        source = f"http://127.0.0.1:{port}/counting"
        if clip is None:
            line = {"id": "door", "p1": [0.02, LINE_Y], "p2": [0.98, LINE_Y]}
            counting: dict[str, Any] = {"id": "counting", "source": source, "lines": [line]}
            if fps:
                counting["fps"] = fps
            await client.add_camera(counting)
        else:
            # The clip's own lines, ignore areas and view, as the accuracy benchmark sends them.
            body = camera_body(clip, Path(source), realtime=True, fps=fps)
            body.update({"id": "counting", "source": source})
            for key in ("realtime", "loop"):
                body.pop(key)
            await client.add_camera(body)
        await client.add_camera({"id": "flame", "source": f"http://127.0.0.1:{port}/flame"})
        await asyncio.sleep(seconds)
        listener.cancel()
        await asyncio.gather(listener, return_exceptions=True)
    await server.stop()
    await runner.cleanup()

    latencies: list[float] = []
    missed = 0
    # Crossings due at least 2 s before the end, so late ones are not counted as missed.
    horizon = time.time() - 2
    truth = crossing_times(counting)
    if clip is not None:
        latencies, missed = pair_real(
            labelled_crossings(clip), feeds["counting"].pass_starts, received, horizon
        )
        truth = []
        # Counts a label could have been paired with (up to 2 s after the last label due):
        # those left unpaired are false counts, or counts of labels marked optional.
        counted = sum(
            1
            for arrival, camera, kind, _line in received
            if camera == "counting" and kind.startswith("crossing_") and arrival <= horizon + 2
        )
        print(f"counts: {counted} on the stream, {counted - len(latencies)} not paired")
    for direction in ("in", "out"):
        expected = [
            start + t
            for start in feeds["counting"].pass_starts
            for t, d in truth
            if d == direction and start + t < horizon
        ]
        got = [r[0] for r in received if r[1] == "counting" and r[2] == f"crossing_{direction}"]
        for wall, arrival in zip(expected, got, strict=False):
            latencies.append(arrival - wall)
        missed += max(0, len(expected) - len(got))
    flame_delays = []
    flame_got = [r[0] for r in received if r[1] == "flame" and r[2] == "flame_started"]
    assert flame.flame is not None
    for start in feeds["flame"].pass_starts:
        due = start + flame.flame[0]
        after = [t for t in flame_got if due <= t <= due + 6]
        if after:
            flame_delays.append(after[0] - due)
    what = f"real clip {clip['name']}" if clip is not None else "the drawn counting scene"
    print(f"ran {seconds:.0f} s on {what}; {len(received)} events on the stream")
    if latencies:
        print(
            f"crossings: n={len(latencies)} p50={pct(latencies, 0.5):.2f} s "
            f"p95={pct(latencies, 0.95):.2f} s max={max(latencies):.2f} s "
            f"mean={statistics.fmean(latencies):.2f} s (unmatched {missed})"
        )
    if flame_delays:
        print(
            f"flame: n={len(flame_delays)} delays "
            + ", ".join(f"{d:.2f}" for d in flame_delays)
            + f" s (max {max(flame_delays):.2f} s)"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seconds", nargs="?", type=float, default=40.0)
    parser.add_argument("--clip", help="a labelled real clip (name or prefix) for the crossings")
    parser.add_argument("--copies", type=Path, help="take the clip from this copy (see above)")
    parser.add_argument(
        "--fps",
        type=float,
        default=0.0,
        help="analysis rate of the counting camera; 0 (default): the engine's automatic rate",
    )
    args = parser.parse_args()
    if args.copies and not args.clip:
        parser.error("--copies needs --clip")
    asyncio.run(run(args.seconds, args.clip, args.copies, args.fps))
