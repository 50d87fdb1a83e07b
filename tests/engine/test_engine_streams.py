"""Live sources: HTTP MJPEG cameras, dropped and dead streams, and isolation between cameras."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from aiohttp import web
import cv2
import pytest

from custom_components.unmanned_store.clients.engine.client import (
    EngineClient,
    EngineEvent,
    EngineResponseError,
)
from unmanned_store_engine.config import parse_camera
from unmanned_store_engine.detector import shared
from unmanned_store_engine.pipeline import CameraPipeline, Timeouts, analyse_file, open_capture
from unmanned_store_engine.runner import EngineServer

from . import scenes
from .conftest import Clips, StartMjpeg, jpeg_frames

LINE = {"id": "door", "p1": [0.02, 0.55], "p2": [0.98, 0.55]}


async def _collect(client: EngineClient, sink: list[EngineEvent]) -> None:
    async for event in client.events():
        sink.append(event)


async def _until(predicate: Callable[[], bool], limit: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


async def test_counts_people_on_a_live_mjpeg_stream(
    client: EngineClient, clips: Clips, mjpeg_server: StartMjpeg
) -> None:
    """A clip served as HTTP multipart MJPEG at 10 fps, read with OpenCV's FFmpeg backend.

    Ground truth: one person in, one out. Tolerance: exact. The stream then ends; the engine
    reports stream_lost and, when the camera serves again, stream_restored.
    """
    scene = scenes.walk_scene()
    assert scene.crossings(0.55) == (1, 1)
    served = await mjpeg_server(jpeg_frames(clips.get(scene)), scene.fps)
    events: list[EngineEvent] = []
    reader = asyncio.create_task(_collect(client, events))
    try:
        await client.add_camera({"id": "live", "source": served.url, "lines": [LINE]})
        await _until(lambda: any(e.type == "stream_lost" for e in events), 15)
        kinds = [e.type for e in events]
        assert kinds.count("crossing_in") == 1
        assert kinds.count("crossing_out") == 1
        health = (await client.health())["cameras"]["live"]
        assert health["frames_analysed"] >= 15
        # The server serves the clip again on reconnect: the engine comes back by itself.
        await _until(lambda: any(e.type == "stream_restored" for e in events), 10)
        assert served.requests >= 2
        state = await client.camera_state("live")
        assert state["health"]["errors"] >= 1
    finally:
        reader.cancel()
        await asyncio.gather(reader, return_exceptions=True)


async def test_dead_stream_does_not_stall_another_camera(
    engine_server: EngineServer,
    client: EngineClient,
    clips: Clips,
    unused_tcp_port_factory: Callable[[], int],
) -> None:
    """One camera points at a server that accepts and never answers, one at a refused port.

    A third, healthy camera keeps being analysed at its rate meanwhile; the dead ones report
    stream_lost and their errors in health, and have no snapshot (503 with a reason).
    """
    hung: list[web.Request] = []
    release = asyncio.Event()

    async def never(request: web.Request) -> web.StreamResponse:
        hung.append(request)
        await release.wait()
        return web.Response()

    app = web.Application()
    app.router.add_get("/video", never)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    stall_port = unused_tcp_port_factory()
    await web.TCPSite(runner, "127.0.0.1", stall_port).start()
    try:
        await client.add_camera({"id": "hung", "source": f"http://127.0.0.1:{stall_port}/video"})
        refused = f"http://127.0.0.1:{unused_tcp_port_factory()}/video"
        await client.add_camera({"id": "refused", "source": refused})
        path = str(clips.get(scenes.counting_scene()))
        await client.add_camera({"id": "good", "source": path, "loop": True})
        frames: list[int] = []

        async def good_frames() -> int:
            return int((await client.health())["cameras"]["good"]["frames_analysed"])

        # Paced in real time, the good camera analyses ~5 frames a second while the hung one
        # sits in its open timeout: 10 frames within 8 s (loose for a loaded CI machine).
        for _ in range(80):
            frames.append(await good_frames())
            if frames[-1] >= 10:
                break
            await asyncio.sleep(0.1)
        assert frames[-1] >= 10
        health = (await client.health())["cameras"]
        assert health["good"]["connected"] is True
        assert health["good"]["fps_analysed"] > 0
        for dead in ("hung", "refused"):
            assert health[dead]["connected"] is False
            assert health[dead]["errors"] >= 1
            assert "cannot open" in health[dead]["last_error"]
        assert (await client.health())["status"] == "degraded"
        recent = engine_server.engine.log.recent()
        assert {e.camera_id for e in recent if e.detection.type == "stream_lost"} == {
            "hung",
            "refused",
        }
        with pytest.raises(EngineResponseError) as err:
            await client.snapshot("refused")
        assert err.value.status == 503
        assert "has not delivered a frame yet" in str(err.value)
        assert hung
    finally:
        release.set()
        await engine_server.engine.stop()
        await runner.cleanup()


async def test_file_source_loops_in_real_time(client: EngineClient, clips: Clips) -> None:
    """A looping file is paced like a camera: about 5 analysed frames per second of wall time."""
    path = str(clips.get(scenes.flame_scene()))
    await client.add_camera({"id": "demo", "source": f"file://{path}", "loop": True})
    await asyncio.sleep(2.0)
    health = (await client.health())["cameras"]["demo"]
    assert 6 <= health["frames_analysed"] <= 13
    assert health["last_frame_age"] < 1.0


async def test_credentials_in_source_are_not_logged(
    client: EngineClient, unused_tcp_port_factory: Callable[[], int], caplog: Any
) -> None:
    """A camera password in the URL stays out of logs and health."""
    port = unused_tcp_port_factory()
    await client.add_camera({"id": "cam", "source": f"rtsp://admin:s3cret@127.0.0.1:{port}/x"})
    await asyncio.sleep(0.5)
    health = (await client.health())["cameras"]["cam"]
    assert "s3cret" not in str(health)
    assert "rtsp://***@127.0.0.1" in health["last_error"]
    assert "s3cret" not in caplog.text


async def test_live_stream_gives_the_next_frame_when_the_flame_stage_asks(
    clips: Clips, mjpeg_server: StartMjpeg
) -> None:
    """A 25 fps live stream with a flame: analysed frames come with their next source frame.

    The stream's newest frame is still what is analysed; the flame is still reported.
    """
    scene = replace(scenes.flame_scene(), name="flame25", fps=25.0)
    served = await mjpeg_server(jpeg_frames(clips.get(scene)), scene.fps)
    found: list[str] = []
    seen: list[bool] = []
    pipeline = CameraPipeline(
        parse_camera({"id": "live", "source": served.url}),
        lambda _c, d: found.append(d.type),
        shared(),
    )
    analyse = pipeline._analyse

    def spy(
        frame: Any, media: float, index: int, grabbed: float, pair: Any = None, hazards: bool = True
    ) -> None:
        seen.append(pair is not None)
        analyse(frame, media, index, grabbed, pair, hazards)

    pipeline._analyse = spy  # type: ignore[method-assign]
    pipeline.start()
    try:
        await _until(lambda: "stream_lost" in found, 30)
    finally:
        await asyncio.to_thread(pipeline.stop)
    assert "flame_started" in found
    assert any(seen)


async def _live_and_file(
    clips: Clips, mjpeg_server: StartMjpeg, scene: scenes.Scene, settings: dict[str, Any]
) -> tuple[CameraPipeline, tuple[int, int], tuple[int, int]]:
    """The scene served live until it ends and analysed as a file, with the same settings:
    the live pipeline, and (in, out) counted each way."""
    path = clips.get(scene)
    served = await mjpeg_server(jpeg_frames(path), scene.fps)
    found: list[str] = []
    pipeline = CameraPipeline(
        parse_camera({"id": "live", "source": served.url, "lines": [LINE], **settings}),
        lambda _c, d: found.append(d.type),
        shared(),
    )
    pipeline.start()
    try:
        await _until(lambda: "stream_lost" in found, 60)
    finally:
        await asyncio.to_thread(pipeline.stop)
    file_camera = parse_camera({"id": "file", "source": str(path), "lines": [LINE], **settings})
    from_file, _ = await asyncio.to_thread(analyse_file, file_camera, path)
    counted = [d.type for d in from_file]
    return (
        pipeline,
        (found.count("crossing_in"), found.count("crossing_out")),
        (counted.count("crossing_in"), counted.count("crossing_out")),
    )


async def test_a_slow_live_stream_gives_the_people_every_frame(
    clips: Clips, mjpeg_server: StartMjpeg
) -> None:
    """A 7 fps live camera (its rate measured as it comes, nothing configured): every frame
    goes to the people, the tracker told the rate they get it at, and the hazard stages still
    get whole frames at about 5 a second. The people count exactly what they count from the
    same clip as a file, where every frame is analysed by construction. With one place for a
    waiting frame, the whole frame was nearly always replaced by the people-only frame right
    after it, and the people got an uneven subset.

    The drawn scene itself is not counted exactly at 7 fps, file or live: the photo person's
    black cut-out edge is found as a second, thin box beside one walker, whose short track
    crosses the line before the walker (5 in, not 4). A drawn artefact: no accuracy figure
    rests on it (docs/accuracy.md)."""
    scene = replace(scenes.counting_scene(), name="counting7live", fps=7.0)
    pipeline, live, from_file = await _live_and_file(clips, mjpeg_server, scene, {})
    analyzer = pipeline.analyzer
    assert analyzer.hazard_frames < analyzer.frames
    assert analyzer.hazard_frames >= 3 * scene.duration  # whole frames kept coming
    assert analyzer.people.tracker.fps > 5.0
    assert live == from_file
    assert from_file[1] == 2
    assert from_file[0] in {4, 5}


async def test_a_stream_slower_than_the_rate_is_tracked_at_its_own_rate(
    clips: Clips, mjpeg_server: StartMjpeg
) -> None:
    """A 7 fps camera analysed at 10 (the automatic rate of a shop with few cameras): every
    frame goes to the people, and the tracker is told 7, file or live, not 10 (told 10, it
    gave up on an unseen person after 0.7 of the time it should: p16's checkout, a 7 fps
    recording, counted a trolley's turn at the lane line that 5 fps did not)."""
    scene = replace(scenes.counting_scene(), name="counting7live", fps=7.0)
    pipeline, live, from_file = await _live_and_file(clips, mjpeg_server, scene, {"fps": 10})
    assert 5 < pipeline.analyzer.people.tracker.fps <= 8  # as measured, whole frames a second
    file_camera = parse_camera({"id": "file", "source": str(clips.get(scene)), "fps": 10})
    _, analyzer = await asyncio.to_thread(analyse_file, file_camera, clips.get(scene))
    assert analyzer.people.tracker.fps == 7
    assert analyzer.people.stats.frames == round(scene.duration * 7)
    assert live == from_file


async def test_a_live_camera_analysed_faster_gives_only_the_people_the_extra_frames(
    clips: Clips, mjpeg_server: StartMjpeg
) -> None:
    """A live camera set to 10 fps (fast counting) on a 10 fps stream: the people get every
    frame, the hazard stages about every second one (pipeline.HAZARD_FPS), the tracker is
    paced for 10, and the counts are the file's at 10 fps."""
    scene = scenes.counting_scene()
    pipeline, live, from_file = await _live_and_file(clips, mjpeg_server, scene, {"fps": 10})
    analyzer = pipeline.analyzer
    assert analyzer.people.tracker.fps == 10
    assert 0.35 < analyzer.hazard_frames / analyzer.frames < 0.65
    assert live == from_file


def test_streams_are_decoded_on_one_thread(clips: Clips) -> None:
    """FFmpeg decodes each camera on one thread (no frame held back per extra thread)."""
    capture = open_capture(f"file://{clips.get(scenes.flame_scene())}", Timeouts())
    try:
        assert capture.isOpened()
        assert capture.get(cv2.CAP_PROP_N_THREADS) == 1
        assert capture.grab()
    finally:
        capture.release()
