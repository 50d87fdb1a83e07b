"""The demo's camera feed: real clips replace the crowd and flame scenes when the footage is there.

The clip written here is drawn (a stand-in file at the path the manifest names): this checks the
feed's plumbing, never what the engine makes of the picture.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
import socket
import sys

import aiohttp
import cv2
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _loopback(socket_enabled: None) -> None:
    """The feed is a real server on 127.0.0.1."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _write_clip(path: Path, frames: int, size: tuple[int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10.0, size)
    for i in range(frames):
        writer.write(np.full((size[1], size[0], 3), i * 10 % 255, np.uint8))
    writer.release()


async def _feed(footage: Path) -> AsyncIterator[str]:
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "demo/camera_feed.py",
        "--port",
        str(port),
        "--footage",
        str(footage),
        cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(200):
                try:
                    async with session.get(f"{url}/nothing") as resp:
                        if resp.status == 404:
                            break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
        yield url
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 10)


@pytest.fixture
async def feed_with_footage(tmp_path: Path) -> AsyncIterator[str]:
    _write_clip(tmp_path / "hazards" / "fire_room_flash.mp4", 25, (320, 240))
    async for url in _feed(tmp_path):
        yield url


@pytest.fixture
async def feed_without_footage(tmp_path: Path) -> AsyncIterator[str]:
    async for url in _feed(tmp_path / "absent"):
        yield url


async def test_flame_plays_the_real_clip_when_it_is_there(feed_with_footage: str) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{feed_with_footage}/play/aisle/flame") as resp,
    ):
        body = await resp.json()
    assert body == {
        "camera": "aisle",
        "scene": "flame",
        "seconds": 2.5,
        "footage": "hazards/fire_room_flash.mp4",
    }


async def test_a_missing_clip_or_folder_plays_the_drawn_scene(
    feed_with_footage: str, feed_without_footage: str
) -> None:
    async with aiohttp.ClientSession() as session:
        # The crowd clip is not in this footage folder; there is no footage at all in the other.
        for url, scene in ((feed_with_footage, "crowd"), (feed_without_footage, "flame")):
            async with session.post(f"{url}/play/aisle/{scene}") as resp:
                body = await resp.json()
            assert body["footage"] is None
            assert body["seconds"] > 0


async def test_an_undecodable_clip_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "people" / "p10_plaza_crowd.mp4"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"not a video")
    async for url in _feed(tmp_path):
        async with (
            aiohttp.ClientSession() as session,
            session.post(f"{url}/play/aisle/crowd") as resp,
        ):
            assert resp.status == 500
