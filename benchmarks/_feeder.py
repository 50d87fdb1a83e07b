"""Live HTTP MJPEG cameras for benchmarks, served by a separate process.

`/cam/<n>` streams one of three synthetic scenes (counting, crowding, loitering) at 640x360,
10 fps, looping. It is its own process so that what it costs is not counted as the engine's or
Home Assistant's.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import contextlib
import os
from pathlib import Path
import subprocess
import sys

ROOT = Path(__file__).resolve().parents[1]
FPS = 10


@contextlib.asynccontextmanager
async def mjpeg_feeder(directory: Path) -> AsyncIterator[str]:
    """Start the feeder; yield the base URL (append the camera number)."""
    port = 18700 + os.getpid() % 500
    feeder = subprocess.Popen(  # noqa: ASYNC220 - returns at once; output read off-loop
        [sys.executable, "-m", "benchmarks._feeder", str(directory), str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert feeder.stdout is not None
        line = await asyncio.get_running_loop().run_in_executor(None, feeder.stdout.readline)
        assert line.strip() == "ready", line
        yield f"http://127.0.0.1:{port}/cam/"
    finally:
        feeder.terminate()
        feeder.wait()


async def _serve(directory: Path, port: int) -> None:
    from aiohttp import web

    from tests.engine import scenes
    from tests.engine.conftest import jpeg_frames

    clips = [scenes.counting_scene(), scenes.crowding_scene(), scenes.loiter_scene()]
    frames = [jpeg_frames(s.write(directory / f"{s.name}.avi")) for s in clips]

    async def video(request: web.Request) -> web.StreamResponse:
        chosen = frames[int(request.match_info["n"]) % len(frames)]
        kind = "multipart/x-mixed-replace; boundary=f"
        response = web.StreamResponse(headers={"Content-Type": kind})
        await response.prepare(request)
        loop = asyncio.get_running_loop()
        start = loop.time()
        index = 0
        while True:
            data = chosen[index % len(chosen)]
            head = b"--f\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n" % len(data)
            try:
                await response.write(head + data + b"\r\n")
            except ConnectionError:
                return response
            index += 1
            await asyncio.sleep(max(0.0, start + index / FPS - loop.time()))

    app = web.Application()
    app.router.add_get("/cam/{n}", video)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print("ready", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    asyncio.run(_serve(Path(sys.argv[1]), int(sys.argv[2])))
