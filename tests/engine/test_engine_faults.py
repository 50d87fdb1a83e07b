"""Camera faults: a picture frozen on one frame, a stream that changes resolution.

A live sensor's noise makes every frame differ; a frozen picture (a still photo fed to the
camera's recorder, or a hung encoder) is tamper of kind "frozen". A resolution change must not
stop the camera: it is reported, and counting carries on.
"""

from __future__ import annotations

import asyncio

import cv2
import numpy as np
import pytest

from custom_components.unmanned_store.clients.engine.client import EngineClient, EngineEvent
from unmanned_store_engine.analyzer import Analyzer
from unmanned_store_engine.config import parse_camera
from unmanned_store_engine.detector import shared
from unmanned_store_engine.events import Detection
from unmanned_store_engine.tamper import TamperDetector, TamperParams

from . import scenes
from .conftest import Clips, StartMjpeg, jpeg_frames

LINE = {"id": "door", "p1": [0.02, 0.55], "p2": [0.98, 0.55]}


def _grey_frames(count: int, seed: int = 3) -> list[np.ndarray]:
    """The counting scene's frames, grey and at analysis size, as the tamper detector sees them."""
    out = []
    for _, frame in scenes.counting_scene().frames():
        out.append(cv2.cvtColor(cv2.resize(frame, (320, 180)), cv2.COLOR_BGR2GRAY))
        if len(out) == count:
            break
    return out


def test_frozen_picture_is_tamper_after_its_persistence() -> None:
    """60 identical frames (12 s at 5 fps) start it; a live picture again ends it."""
    params = TamperParams()
    detector = TamperDetector(params)
    live = _grey_frames(45)
    for frame in live[:30]:
        assert detector.update(frame) == []
    still = live[30]
    changes: list[tuple[str, bool]] = []
    repeats = 0
    while not changes:
        changes = detector.update(still.copy())
        repeats += 1
        assert repeats <= params.frozen_frames + 1
    # The first still frame is not yet a repeat; then frozen_frames repeats are needed.
    assert repeats == params.frozen_frames + 1
    assert changes == [("frozen", True)]
    assert detector.measures["repeated_frames"] == params.frozen_frames
    ended: list[tuple[str, bool]] = []
    for frame in live[31:]:
        ended += detector.update(frame)
    assert ended == [("frozen", False)]


def test_a_covered_lens_is_covered_not_frozen() -> None:
    """A black, noiseless picture repeats exactly too; it is reported once, as covered."""
    detector = TamperDetector()
    for frame in _grey_frames(20):
        detector.update(frame)
    black = np.zeros((180, 320), np.uint8)
    changes = [change for _ in range(80) for change in detector.update(black)]
    assert changes == [("covered", True)]


def test_short_repeats_are_not_frozen() -> None:
    """An encoder repeating frames until its next key frame (2 s here) is not tamper."""
    detector = TamperDetector()
    live = _grey_frames(60)
    changes = []
    for index, frame in enumerate(live):
        changes += detector.update(frame)
        for _ in range(10 if index % 12 == 0 else 0):
            changes += detector.update(frame)
    assert changes == []


def _analyse(switch_at: float | None, size: tuple[int, int]) -> list[Detection]:
    config = parse_camera({"id": "c", "source": "/clip.avi", "lines": [LINE]})
    analyzer = Analyzer(config, shared())
    found: list[Detection] = []
    for t, frame in scenes.counting_scene().frames():
        if round(t * 10) % 2:
            continue  # 10 fps clip, analysed at 5 fps
        if switch_at is not None and t >= switch_at:
            frame = cv2.resize(frame, size)
        found += analyzer.process(frame, t)
    return found


@pytest.mark.parametrize("switch_at", [2.0, 6.5, 8.0])
def test_resolution_change_keeping_the_shape_loses_no_crossing(switch_at: float) -> None:
    """640x360 → 960x540 mid-walk: reported once, and counting goes on.

    The detector sees the bigger frame at native resolution, so people are found anew; the
    tolerance is one crossing of the six (a person's track restarting on the new frame).
    """
    found = _analyse(switch_at, (960, 540))
    changed = [d for d in found if d.type == "resolution_changed"]
    assert [d.data for d in changed] == [
        {"from": [640, 360], "to": [960, 540], "aspect_changed": False}
    ]
    kinds = [d.type for d in found]
    assert kinds.count("crossing_in") + kinds.count("crossing_out") >= 5
    assert kinds.count("crossing_in") <= 4
    assert kinds.count("crossing_out") <= 2
    assert not any(kind.startswith("tamper") for kind in kinds)


def test_resolution_change_to_another_shape_relearns_and_goes_on() -> None:
    """640x360 → 640x480: the models start again on the new shape; no error, counting goes on."""
    found = _analyse(2.0, (640, 480))
    changed = [d for d in found if d.type == "resolution_changed"]
    assert [d.data for d in changed] == [
        {"from": [640, 360], "to": [640, 480], "aspect_changed": True}
    ]
    crossings = [d for d in found if d.type.startswith("crossing")]
    assert crossings
    assert all(d.media_time > 2.0 for d in crossings)


def test_changing_the_analysis_width_live_keeps_analysing() -> None:
    """A reconfigured analysis width gives the models frames of another shape: no error."""
    config = parse_camera({"id": "c", "source": "/clip.avi", "lines": [LINE]})
    analyzer = Analyzer(config, shared())
    frames = list(scenes.counting_scene().frames())[::2]
    for t, frame in frames[:20]:
        analyzer.process(frame, t)
    analyzer.reconfigure(parse_camera({**config.to_dict(), "analysis_width": 240}))
    for t, frame in frames[20:]:
        analyzer.process(frame, t)
    assert analyzer.frames == len(frames)
    assert analyzer.people.stats.inferred > 20


async def _collect(client: EngineClient, sink: list[EngineEvent]) -> None:
    async for event in client.events():
        sink.append(event)


def resized(frames: list[bytes], size: tuple[int, int]) -> list[bytes]:
    """The same JPEG frames at another resolution."""
    return [
        cv2.imencode(".jpg", cv2.resize(cv2.imdecode(np.frombuffer(data, np.uint8), 1), size))[
            1
        ].tobytes()
        for data in frames
    ]


async def test_frozen_and_resized_streams_beside_a_healthy_one(
    client: EngineClient, clips: Clips, mjpeg_server: StartMjpeg
) -> None:
    """Three live HTTP MJPEG cameras on one engine.

    "frozen" shows the shop for 3 s, then the same JPEG for 16 s: tamper_started, kind frozen.
    "resized" is reconfigured between two connections (FFmpeg scales frames within one
    connection to the size it opened with, so a camera's new resolution arrives with the
    reconnection): 640x360 then 960x540; one resolution_changed, health shows the new size,
    and both passes' crossings are counted. "steady" counts its walk meanwhile.
    """
    walk = jpeg_frames(clips.get(scenes.walk_scene()))
    counting = jpeg_frames(clips.get(scenes.counting_scene()))
    servers = {
        "frozen": await mjpeg_server(counting[:30] + [counting[29]] * 160, 10),
        "resized": await mjpeg_server([walk, resized(walk, (960, 540))], 10),
        "steady": await mjpeg_server(walk, 10),
    }
    events: list[EngineEvent] = []
    reader = asyncio.create_task(_collect(client, events))
    try:
        for camera_id, served in servers.items():
            await client.add_camera({"id": camera_id, "source": served.url, "lines": [LINE]})

        def of(camera_id: str, passes: int = 1) -> list[EngineEvent]:
            """The camera's events during its first passes (the server ends each pass)."""
            mine = [e for e in events if e.camera_id == camera_id]
            ends = [i for i, e in enumerate(mine) if e.type == "stream_lost"]
            return mine[: ends[passes - 1]] if len(ends) >= passes else mine

        async with asyncio.timeout(45):
            while not (  # noqa: ASYNC110 - the events come from the engine
                any(e.type == "tamper_started" for e in of("frozen"))
                and len([e for e in events if e.camera_id == "resized" and e.type == "stream_lost"])
                >= 2
            ):
                await asyncio.sleep(0.1)
        tamper = next(e for e in of("frozen") if e.type == "tamper_started")
        assert tamper.data["kind"] == "frozen"
        assert (await client.camera_state("frozen"))["tamper"] == ["frozen"]
        for camera_id, passes in (("resized", 2), ("steady", 1)):
            kinds = [e.type for e in of(camera_id, passes) if e.type.startswith("crossing")]
            assert sorted(kinds) == sorted(["crossing_in", "crossing_out"] * passes), camera_id
            assert not any(e.type.startswith("tamper") for e in of(camera_id, passes))
        changed = [e for e in of("resized", 2) if e.type == "resolution_changed"]
        assert [e.data for e in changed] == [
            {"from": [640, 360], "to": [960, 540], "aspect_changed": False}
        ]
        health = (await client.health())["cameras"]
        assert health["steady"]["resolution"] == [640, 360]
        assert health["resized"]["resolution"] == [960, 540]
        for camera in health.values():
            assert "analysis failed" not in (camera["last_error"] or "")
    finally:
        reader.cancel()
        await asyncio.gather(reader, return_exceptions=True)
