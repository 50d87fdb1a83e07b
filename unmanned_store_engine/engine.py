"""The engine: the cameras, their pipelines, the store-closed flag and the event log."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
import json
import logging
import os
from pathlib import Path
import time
from typing import Any

from . import __version__
from .config import CameraConfig, ConfigError, parse_camera
from .detector import DEFAULT_MODEL, ModelError, PersonDetector
from .events import Detection, EventLog
from .pipeline import CameraPipeline, Timeouts
from .rates import automatic_fps
from .still import STILL_SECONDS

_LOGGER = logging.getLogger(__name__)

MAX_CAMERAS = 16


@dataclass(frozen=True, slots=True)
class Settings:
    """How the engine runs; the CLI builds one from its arguments."""

    token: str
    host: str = "127.0.0.1"
    port: int = 8765
    engine_id: str = "engine"
    name: str = "Unmanned store engine"
    config_path: Path | None = None
    zeroconf: bool = True
    backlog: int = 1000
    timeouts: Timeouts = field(default_factory=Timeouts)
    # The person model (default: the shipped FastestDet).
    model_path: Path | None = None
    port_file: Path | None = None
    # How long a figure stands without moving before the camera state reports it (still.py).
    still_seconds: float = STILL_SECONDS


class CameraExistsError(ConfigError):
    """A camera with that id is already configured."""


class CameraNotFoundError(KeyError):
    """No camera with that id."""

    def __str__(self) -> str:
        """KeyError quotes its argument; the API shows a sentence instead."""
        return f"no camera with id {self.args[0]!r}"


class Engine:
    """Runs on one asyncio loop; camera threads reach it only through call_soon_threadsafe."""

    def __init__(self, settings: Settings) -> None:
        """Create an engine with no cameras; start() loads the saved ones."""
        self.settings = settings
        self.log = EventLog(settings.backlog)
        self.cameras: dict[str, CameraPipeline] = {}
        self.closed = False
        self.started = time.monotonic()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._detector: PersonDetector | None = None
        # The shipped FastestDet for cameras that look straight down, when the chosen model is
        # another network (see _detector_for).
        self._overhead_detector: PersonDetector | None = None
        self._model_error: ModelError | None = None
        self._lock = asyncio.Lock()
        # The engine's own pool, shut down in stop(), so no helper thread outlives it.
        self.executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="engine-io")

    def info(self) -> dict[str, Any]:
        """What a client needs to identify this engine."""
        return {
            "id": self.settings.engine_id,
            "name": self.settings.name,
            "version": __version__,
            "api": 1,
            "boot": self.log.boot,
            # A client that has never followed the stream starts from here, so the events of
            # cameras it adds before its stream is open are replayed, not lost.
            "latest": self.log.latest_cursor,
            "cameras": len(self.cameras),
            "closed": self.closed,
        }

    def health(self) -> dict[str, Any]:
        """Per-camera health and an overall status."""
        cameras = {cid: p.health() for cid, p in self.cameras.items()}
        ok = all(h["connected"] or h["status"] == "ended" for h in cameras.values()) and not any(
            h["error_code"] for h in cameras.values()
        )
        return {
            "status": "ok" if ok else "degraded",
            "uptime": round(time.monotonic() - self.started, 1),
            "cameras": cameras,
        }

    async def start(self) -> None:
        """Load saved cameras and start their pipelines."""
        self._loop = asyncio.get_running_loop()
        # The person model is loaded before the API listens, so adding a camera is quick and a
        # missing or corrupt model is known (and logged) at start.
        await self._load_detector()
        for config in await self._loop.run_in_executor(self.executor, self._load):
            self._make(config)
        # Every saved camera is counted before any starts: a file read as fast as it can keeps
        # the rate it starts with.
        self._balance()
        for pipeline in self.cameras.values():
            pipeline.start()

    async def stop(self) -> None:
        """Stop every pipeline and wait for their threads."""
        pipelines = list(self.cameras.values())
        self.cameras.clear()
        await self._join(pipelines)
        self.executor.shutdown(wait=True)

    async def _join(self, pipelines: Iterable[CameraPipeline]) -> None:
        loop = asyncio.get_running_loop()
        for pipeline in pipelines:
            pipeline.stop(timeout=0)
        for pipeline in pipelines:
            if not await loop.run_in_executor(self.executor, pipeline.stop):
                _LOGGER.warning("camera %s did not stop in time", pipeline.config.label)

    async def _load_detector(self) -> None:
        # Loaded once, off the loop: importing onnxruntime and checking the network take a
        # few hundred milliseconds. A model that is missing or corrupt is not fatal: every
        # camera reports it in its health and runs its other stages.
        loop = asyncio.get_running_loop()
        try:
            self._detector = await loop.run_in_executor(
                self.executor, PersonDetector, self.settings.model_path
            )
        except ModelError as err:
            self._model_error = err
            _LOGGER.error("%s; people will not be analysed", err)
            return
        detector = self._detector
        # Which network a run used, in its log: another one can be chosen by path alone.
        _LOGGER.info(
            "person model %s (%s, input %dx%d)",
            detector.path,
            detector.kind,
            detector.width,
            detector.height,
        )
        if detector.kind != "fastestdet":
            try:
                self._overhead_detector = await loop.run_in_executor(
                    self.executor, PersonDetector, DEFAULT_MODEL
                )
            except ModelError as err:
                _LOGGER.warning("%s; overhead cameras use %s too", err, detector.path)

    def _detector_for(self, config: CameraConfig) -> PersonDetector | None:
        """The network a camera searches for people with.

        Seen from straight above, the shipped FastestDet, whatever model was chosen: YOLOX-nano
        boxes a person seen from above with nearly the whole picture (the overhead door clip:
        1 of 4 crossings against FastestDet's 4 of 4; docs/cameras.md).
        """
        if config.view == "overhead" and self._overhead_detector is not None:
            return self._overhead_detector
        return self._detector

    def _start(self, config: CameraConfig) -> None:
        pipeline = self._make(config)
        self._balance()
        pipeline.start()

    def _make(self, config: CameraConfig) -> CameraPipeline:
        pipeline = CameraPipeline(
            config,
            self._emit,
            self._detector_for(config),
            self.closed,
            self.settings.timeouts,
            self._model_error,
            self.settings.still_seconds,
        )
        self.cameras[config.id] = pipeline
        return pipeline

    def _balance(self) -> None:
        """Give every automatic camera the rate the cameras running now leave it (rates.py)."""
        fps = automatic_fps(p.config.fps for p in self.cameras.values())
        for pipeline in self.cameras.values():
            pipeline.set_people_fps(fps)

    def _emit(self, camera_id: str, detection: Detection) -> None:
        """Called on camera threads: hand the detection to the loop."""
        loop = self._loop
        if loop is None:
            return
        try:
            loop.call_soon_threadsafe(self._publish, camera_id, detection)
        except RuntimeError:
            # The loop is closed: the engine is shutting down and nobody listens any more.
            return

    def _publish(self, camera_id: str, detection: Detection) -> None:
        if camera_id in self.cameras:
            self.log.append(camera_id, detection)

    def camera(self, camera_id: str) -> CameraPipeline:
        """The pipeline of a camera, or CameraNotFoundError."""
        try:
            return self.cameras[camera_id]
        except KeyError:
            raise CameraNotFoundError(camera_id) from None

    async def add_camera(self, config: CameraConfig) -> None:
        """Start a new camera."""
        async with self._lock:
            if config.id in self.cameras:
                raise CameraExistsError(f"camera {config.id!r} already exists")
            if len(self.cameras) >= MAX_CAMERAS:
                raise ConfigError(f"at most {MAX_CAMERAS} cameras are supported")
            self._start(config)
            await self._save()

    async def update_camera(self, config: CameraConfig) -> bool:
        """Apply a new configuration; returns whether the stream had to be reopened."""
        async with self._lock:
            pipeline = self.camera(config.id)
            reopened = not pipeline.config.same_stream(config)
            if reopened:
                del self.cameras[config.id]
                await self._join([pipeline])
                self._start(config)
            else:
                pipeline.analyzer.detector = self._detector_for(config)
                pipeline.reconfigure(config)
            await self._save()
            return reopened

    async def remove_camera(self, camera_id: str) -> None:
        """Stop and forget a camera."""
        async with self._lock:
            pipeline = self.camera(camera_id)
            del self.cameras[camera_id]
            await self._join([pipeline])
            self._balance()
            await self._save()

    def set_closed(self, closed: bool) -> None:
        """The store's after-hours flag, for every camera."""
        self.closed = closed
        for pipeline in self.cameras.values():
            pipeline.set_closed(closed)

    def _load(self) -> list[CameraConfig]:
        path = self.settings.config_path
        if path is None or not path.exists():
            return []
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ConfigError(f"cannot read {path}: {err}") from err
        if not isinstance(data, dict) or not isinstance(data.get("cameras"), list):
            raise ConfigError(f"{path} must hold an object with a 'cameras' list")
        configs: list[CameraConfig] = []
        for index, raw in enumerate(data["cameras"]):
            try:
                configs.append(parse_camera(raw))
            except ConfigError as err:
                raise ConfigError(f"{path}: cameras[{index}]: {err}") from err
        return configs

    async def _save(self) -> None:
        path = self.settings.config_path
        if path is None:
            return
        payload = {"cameras": [p.config.to_dict() for p in self.cameras.values()]}
        await asyncio.get_running_loop().run_in_executor(
            self.executor, _write_atomic, path, payload
        )


def _write_atomic(path: Path, payload: dict[str, Any]) -> None:
    # Write then rename, so a crash mid-write leaves the previous file, never half of one.
    # Owner-only: camera URLs often carry the camera's password.
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=2, ensure_ascii=False)
    os.replace(tmp, path)
