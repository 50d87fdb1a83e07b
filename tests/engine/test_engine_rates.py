"""The automatic analysis rate: which rate a camera without `fps` gets, and that it is used."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from aiohttp import ClientSession
import numpy as np
import pytest

from unmanned_store_engine.config import parse_camera
from unmanned_store_engine.detector import PersonDetector
from unmanned_store_engine.events import Detection
from unmanned_store_engine.pipeline import CameraPipeline
from unmanned_store_engine.rates import FAST_FPS, NORMAL_FPS, automatic_fps
from unmanned_store_engine.runner import EngineServer

from . import scenes
from .conftest import Clips


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ([0], FAST_FPS),  # one camera alone: 10
        ([0, 0, 0], FAST_FPS),  # three at 10 cost what six at 5 do
        ([0, 0, 0, 0], NORMAL_FPS),  # a fourth: every automatic camera at 5
        ([5, 5, 0, 0], FAST_FPS),  # two at 5 of their own leave room for two at 10
        ([5, 5, 5, 0, 0], NORMAL_FPS),
        ([20, 0], FAST_FPS),  # a camera asking for 20 costs four at 5
        ([30, 0], NORMAL_FPS),  # one asking for 30 is over the budget alone
        ([10, 10, 10], FAST_FPS),  # no automatic camera: the answer is not used
    ],
)
def test_automatic_rate(requested: list[float], expected: float) -> None:
    """Automatic cameras share what the others leave of six cameras at 5 a second."""
    assert automatic_fps(requested) == expected


def _media_times(pipeline: CameraPipeline, change_after: int | None = None) -> list[float]:
    """The media time of every analysed frame, with the rate set to 5 after some frames."""
    seen: list[float] = []
    process = pipeline.analyzer.process

    def spy(frame: Any, now: float, *args: Any) -> list[Detection]:
        seen.append(round(now, 3))
        if change_after is not None and len(seen) == change_after:
            pipeline.set_people_fps(NORMAL_FPS)
        return process(frame, now, *args)

    pipeline.analyzer.process = spy  # type: ignore[method-assign]
    pipeline.run_inline()
    return seen


def _pipeline(path: Path, **extra: Any) -> CameraPipeline:
    config = parse_camera({"id": "c", "source": str(path), **extra})
    return CameraPipeline(
        replace(config, realtime=False), lambda _c, _d: None, PersonDetector(threshold=0.99)
    )


def test_rate_applies_from_the_next_frame(clips: Clips) -> None:
    """A 10 fps clip: every frame at 10, every second one once the engine says 5."""
    path = clips.get(scenes.counting_scene())  # 13 s at 10 fps
    pipeline = _pipeline(path)
    assert pipeline.people_fps == NORMAL_FPS  # automatic, without an engine: 5
    pipeline.set_people_fps(FAST_FPS)
    times = _media_times(pipeline, change_after=20)
    steps = np.round(np.diff(times), 3)
    assert set(steps[:19]) == {0.1}
    assert set(steps[20:]) == {0.2}
    assert times[-1] >= 12.7  # to the end of the file
    assert pipeline.health()["fps_people"] == NORMAL_FPS


def test_a_rate_of_its_own_is_kept(clips: Clips) -> None:
    """A camera that asks for a rate is never given another."""
    pipeline = _pipeline(clips.get(scenes.counting_scene()), fps=2)
    pipeline.set_people_fps(FAST_FPS)
    times = _media_times(pipeline)
    assert set(np.round(np.diff(times), 3)) == {0.5}


async def _people_rates(session: ClientSession, url: str, auth: dict[str, str]) -> dict[str, Any]:
    async with session.get(f"{url}/api/health", headers=auth) as response:
        cameras = (await response.json())["cameras"]
    return {camera: health["fps_people"] for camera, health in cameras.items()}


async def test_engine_balances_automatic_cameras(
    engine_server: EngineServer, session: ClientSession, auth: dict[str, str], clips: Clips
) -> None:
    """Automatic cameras at 10 while all fit in six cameras at 5, else at 5; one fewer, 10
    again. The file read as fast as the machine can keeps the rate it started with."""
    url = engine_server.url
    path = str(clips.get(scenes.counting_scene()))

    async def add(camera_id: str, **extra: Any) -> None:
        body = {"id": camera_id, "source": path, "loop": True, **extra}
        async with session.post(f"{url}/api/cameras", json=body, headers=auth) as response:
            assert response.status == 201, await response.text()

    await add("offline", realtime=False)
    await add("a")
    assert await _people_rates(session, url, auth) == {"offline": 10, "a": 10}
    await add("own", fps=5)  # costs one camera at 5: two automatic at 10 still fit in six
    assert await _people_rates(session, url, auth) == {"offline": 10, "a": 10, "own": 5}
    await add("b")
    assert await _people_rates(session, url, auth) == {"offline": 10, "a": 5, "b": 5, "own": 5}
    async with session.delete(f"{url}/api/cameras/own", headers=auth) as response:
        assert response.status == 204
    assert await _people_rates(session, url, auth) == {"offline": 10, "a": 10, "b": 10}
    # Given a rate of its own, a camera leaves the automatic ones less.
    body = {"id": "a", "source": path, "loop": True, "fps": 15}
    async with session.put(f"{url}/api/cameras/a", json=body, headers=auth) as response:
        assert response.status == 200
        assert (await response.json())["reopened"] is True
    assert await _people_rates(session, url, auth) == {"offline": 10, "a": 15, "b": 5}
