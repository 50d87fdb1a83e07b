"""Synthetic shop cameras for the demo, served as live HTTP MJPEG streams like IP cameras.

`python demo/camera_feed.py --port 8481` serves `/entrance.mjpeg` and `/aisle.mjpeg`. Both show
an empty shop until a scene is played on them: `POST /play/<camera>/<scene>` (JSON body
`{"text": ...}` for the `qr` scene) queues one of the engine's deterministic test scenes
(tests/engine/scenes.py: drawn people, a flickering flame, a covered lens, a QR code held up).
Every viewer of a camera sees the same live picture, paced at the scene's frame rate.

With `--footage DIR` (the project's real development footage, see benchmarks/footage/README.md)
the aisle's `crowd` and `flame` scenes play real clips instead: a crowded hall seen from above
(Pexels licence) and a room fire (Apache-2.0 repository), each named in the manifests there.
Without the footage, or for a clip that is missing, the drawn scene plays.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import deque
import contextlib
from pathlib import Path
import signal
import sys

from aiohttp import web
import cv2

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.engine import scenes

IDLE = scenes.Scene("idle", duration=4.0, fps=5.0)
SCENES = {
    "entrance": {
        "walk_in": scenes.walk_scene,
        "group": scenes.counting_scene,
    },
    "aisle": {
        "loiter": scenes.loiter_scene,
        "crowd": scenes.crowding_scene,
        "flame": scenes.flame_scene,
        "cover": lambda: scenes.tamper_scene("covered"),
    },
}


# Real clips that replace drawn scenes when the footage is there: geometry-free scenes only
# (crowding counts people anywhere, a flame is a flame anywhere), since the demo's counting
# line and zones are drawn for the drawn shop.
REAL_CLIPS = {
    ("aisle", "crowd"): "people/p10_plaza_crowd.mp4",
    ("aisle", "flame"): "hazards/fire_room_flash.mp4",
}


def _jpegs(scene: scenes.Scene) -> tuple[list[bytes], float]:
    frames = [cv2.imencode(".jpg", frame)[1].tobytes() for _, frame in scene.frames()]
    return frames, scene.fps


def _clip_jpegs(path: Path) -> tuple[list[bytes], float]:
    """A real clip as JPEG frames of the feed's size (a camera keeps one picture size)."""
    capture = cv2.VideoCapture(str(path))
    fps = capture.get(cv2.CAP_PROP_FPS) or 10.0
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frame = cv2.resize(frame, (scenes.WIDTH, scenes.HEIGHT), interpolation=cv2.INTER_AREA)
        frames.append(cv2.imencode(".jpg", frame)[1].tobytes())
    capture.release()
    if not frames:
        raise ValueError(f"{path} has no frames OpenCV can decode")
    return frames, fps


class Camera:
    """One live picture: plays queued clips, else the empty shop, and wakes every viewer."""

    def __init__(self, idle: tuple[list[bytes], float]) -> None:
        """Start on the idle loop."""
        self.idle = idle
        self.queue: deque[tuple[list[bytes], float]] = deque()
        self.frame = idle[0][0]
        self.changed = asyncio.Condition()

    async def run(self) -> None:
        """Advance frame by frame forever."""
        while True:
            frames, fps = self.queue.popleft() if self.queue else self.idle
            for data in frames:
                async with self.changed:
                    self.frame = data
                    self.changed.notify_all()
                await asyncio.sleep(1 / fps)

    async def next_frame(self) -> bytes:
        """Wait for the next frame."""
        async with self.changed:
            await self.changed.wait()
            return self.frame


async def _stream(request: web.Request) -> web.StreamResponse:
    camera: Camera = request.app["cameras"][request.match_info["camera"]]
    response = web.StreamResponse(
        headers={"Content-Type": "multipart/x-mixed-replace; boundary=frame"}
    )
    await response.prepare(request)
    while True:
        data = await camera.next_frame()
        head = f"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: {len(data)}\r\n\r\n"
        try:
            await response.write(head.encode() + data + b"\r\n")
        except ConnectionResetError:
            return response


async def _play(request: web.Request) -> web.Response:
    name, scene = request.match_info["camera"], request.match_info["scene"]
    camera: Camera | None = request.app["cameras"].get(name)
    if camera is None:
        raise web.HTTPNotFound(text=f"no camera {name!r}: entrance or aisle")
    if scene == "qr" and name == "entrance":
        body = await request.json()
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str) or not text:
            raise web.HTTPBadRequest(text='the qr scene needs {"text": "<code>"}')
        clip = scenes.qr_scene(text)
    elif scene in SCENES[name]:
        clip = SCENES[name][scene]()
    else:
        choices = ", ".join([*SCENES[name], *(["qr"] if name == "entrance" else [])])
        raise web.HTTPNotFound(text=f"no scene {scene!r} on {name}: {choices}")
    loop = asyncio.get_running_loop()
    footage: Path | None = request.app["footage"]
    real = footage / REAL_CLIPS[name, scene] if (name, scene) in REAL_CLIPS and footage else None
    if real is not None and real.is_file():
        rendered = await loop.run_in_executor(None, _clip_jpegs, real)
        seconds = len(rendered[0]) / rendered[1]
    else:
        real = None
        rendered = await loop.run_in_executor(None, _jpegs, clip)
        seconds = clip.duration
    camera.queue.append(rendered)
    return web.json_response(
        {
            "camera": name,
            "scene": scene,
            "seconds": round(seconds, 2),
            "footage": real.relative_to(footage).as_posix() if real and footage else None,
        }
    )


async def serve(host: str, port: int, footage: Path | None = None) -> None:
    """Serve until SIGINT or SIGTERM."""
    idle = _jpegs(IDLE)
    cameras = {name: Camera(idle) for name in SCENES}
    app = web.Application()
    app["cameras"] = cameras
    app["footage"] = footage if footage and footage.is_dir() else None
    app.router.add_get("/{camera:entrance|aisle}.mjpeg", _stream)
    app.router.add_post("/play/{camera}/{scene}", _play)
    runner = web.AppRunner(app, shutdown_timeout=1.0)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    tasks = [asyncio.create_task(camera.run()) for camera in cameras.values()]
    sys.stdout.write(f"camera feed serving http://{host}:{port}/entrance.mjpeg and /aisle.mjpeg\n")
    sys.stdout.flush()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        for task in tasks:
            task.cancel()
        await runner.cleanup()


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8481)
    parser.add_argument("--footage", type=Path, help="real footage folder (people/, hazards/)")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port, args.footage))


if __name__ == "__main__":
    main()
