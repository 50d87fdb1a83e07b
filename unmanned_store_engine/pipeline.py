"""A camera's pipeline: its own thread reads the stream, keeps the analysis rate, and reconnects.

OpenCV releases the GIL while it decodes and analyses, so one thread per camera uses both cores
without a process per camera; a stream that blocks only blocks its own thread.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
import logging
from pathlib import Path
import threading
import time
from typing import Any

import cv2
from cv2.typing import MatLike

from .analyzer import Analyzer
from .config import CameraConfig
from .detector import PersonDetector
from .events import Detection

_LOGGER = logging.getLogger(__name__)

BgrFrame = MatLike
Emit = Callable[[str, Detection], None]


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds; FFmpeg's own open/read timeouts keep a dead stream from blocking forever."""

    open: float = 10.0
    read: float = 10.0
    backoff_min: float = 1.0
    backoff_max: float = 30.0


def open_capture(source: str, timeouts: Timeouts) -> cv2.VideoCapture:
    """Open a file or URL with OpenCV's FFmpeg backend (RTSP, HTTP MJPEG, HLS, files)."""
    if source.startswith("file://"):
        source = source[len("file://") :]
    params = [
        cv2.CAP_PROP_OPEN_TIMEOUT_MSEC,
        int(timeouts.open * 1000),
        cv2.CAP_PROP_READ_TIMEOUT_MSEC,
        int(timeouts.read * 1000),
    ]
    return cv2.VideoCapture(source, cv2.CAP_FFMPEG, params)


class _Rate:
    """Events per second over the last few seconds."""

    def __init__(self, window: float = 5.0) -> None:
        self._times: deque[float] = deque()
        self._window = window

    def tick(self, now: float) -> None:
        self._times.append(now)
        while self._times and now - self._times[0] > self._window:
            self._times.popleft()

    def rate(self, now: float) -> float:
        while self._times and now - self._times[0] > self._window:
            self._times.popleft()
        if len(self._times) < 2:
            return 0.0
        return (len(self._times) - 1) / max(now - self._times[0], 1e-6)


class CameraPipeline:
    """Owns one camera's thread; every public method is safe to call from the event loop."""

    def __init__(
        self,
        config: CameraConfig,
        emit: Emit,
        detector: PersonDetector | None = None,
        closed: bool = False,
        timeouts: Timeouts | None = None,
    ) -> None:
        """Prepare (not start) the pipeline; emit is called from the camera thread."""
        self.config = config
        self._emit = emit
        self._timeouts = timeouts or Timeouts()
        self.analyzer = Analyzer(config, detector)
        self.analyzer.set_closed(closed)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._pending: CameraConfig | None = None
        self._closed = closed
        self._thread: threading.Thread | None = None
        self._frame: BgrFrame | None = None
        self._state: dict[str, Any] = self.analyzer.state()
        self.frame_seq = 0
        self._rate_in = _Rate()
        self._rate_analysed = _Rate()
        self._last_frame: float | None = None
        self.status = "starting"
        self.connected = False
        self.errors = 0
        self.reconnects = 0
        self.last_error: str | None = None
        self._lost = False

    def start(self) -> None:
        """Start the camera thread."""
        self._thread = threading.Thread(
            target=self._run, name=f"camera-{self.config.id}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> bool:
        """Ask the thread to end and wait for it; False if it is still blocked in a read."""
        self._stop.set()
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def run_inline(self) -> None:
        """Run the thread's body in the caller's thread (a file source ends by itself)."""
        self._run()

    def reconfigure(self, config: CameraConfig) -> None:
        """Rules, zones and thresholds change at the next frame; the stream stays open."""
        with self._lock:
            self._pending = config
            self.config = config

    def set_closed(self, closed: bool) -> None:
        """The after-hours flag, applied at the next frame."""
        with self._lock:
            self._closed = closed

    def latest(self) -> tuple[BgrFrame | None, dict[str, Any], int]:
        """The newest analysed frame (not copied: the thread replaces, never mutates it)."""
        with self._lock:
            return self._frame, self._state, self.frame_seq

    def health(self) -> dict[str, Any]:
        """Figures for the health endpoint."""
        now = time.monotonic()
        return {
            "status": self.status,
            "connected": self.connected,
            "fps_in": round(self._rate_in.rate(now), 2),
            "fps_analysed": round(self._rate_analysed.rate(now), 2),
            "last_frame_age": None
            if self._last_frame is None
            else round(now - self._last_frame, 2),
            "frames_analysed": self.analyzer.frames,
            "resolution": None
            if self.analyzer.frame_size is None
            else list(self.analyzer.frame_size),
            "errors": self.errors,
            "reconnects": self.reconnects,
            "last_error": self.last_error,
        }

    def _fail(self, message: str, media_time: float) -> None:
        self.errors += 1
        self.last_error = message
        self.connected = False
        self.status = "reconnecting"
        # Once when the stream goes, not at every retry; the retries are there for debugging.
        _LOGGER.log(
            logging.DEBUG if self._lost else logging.WARNING,
            "camera %s: %s",
            self.config.label,
            message,
        )
        if not self._lost:
            self._lost = True
            self._emit(
                self.config.id, Detection("stream_lost", media_time, data={"error": message})
            )

    def _run(self) -> None:
        backoff = self._timeouts.backoff_min
        offset = 0.0
        while not self._stop.is_set():
            capture = open_capture(self.config.source, self._timeouts)
            if not capture.isOpened():
                capture.release()
                self._fail(f"cannot open {self._describe()}", offset)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self._timeouts.backoff_max)
                continue
            self.reconnects += 1 if self.status == "reconnecting" else 0
            self.connected = True
            self.status = "connected"
            if self._lost:
                self._lost = False
                _LOGGER.info("camera %s: the stream is back", self.config.label)
                self._emit(self.config.id, Detection("stream_restored", offset))
            try:
                ended, offset, analysed = self._read(capture, offset)
            finally:
                capture.release()
            if analysed:
                backoff = self._timeouts.backoff_min
            if ended:
                self.connected = False
                self.status = "ended"
                return
            if not self._stop.is_set():
                self._fail(f"stream from {self._describe()} stopped", offset)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self._timeouts.backoff_max)
        self.connected = False
        self.status = "stopped"

    def _describe(self) -> str:
        source = self.config.source
        # Credentials in an RTSP URL must not reach logs or the API.
        if "@" in source and "://" in source:
            scheme, rest = source.split("://", 1)
            source = f"{scheme}://***@{rest.split('@', 1)[1]}"
        return source

    def _read(self, capture: cv2.VideoCapture, offset: float) -> tuple[bool, float, bool]:
        """Read until the stream fails or ends; returns (ended, media time offset, analysed)."""
        is_file = self.config.is_file
        started = time.monotonic()
        due = offset
        media = offset
        analysed = False
        while not self._stop.is_set():
            if not capture.grab():
                if is_file and self.config.loop and analysed:
                    # Looping a file continues its timeline so time-based rules stay monotonic.
                    return False, media + 1.0 / max(self.config.fps, 1.0), True
                return is_file, media, analysed
            now = time.monotonic()
            self._rate_in.tick(now)
            if is_file:
                media = offset + capture.get(cv2.CAP_PROP_POS_MSEC) / 1000.0
                if self.config.realtime:
                    lag = (media - offset) - (now - started)
                    if lag > 0 and self._stop.wait(lag):
                        break
            else:
                media = offset + now - started
            if media + 1e-6 < due:
                continue
            ok, frame = capture.retrieve()
            if not ok or frame is None:
                continue
            due = max(due + 1.0 / self.config.fps, media - 0.5 / self.config.fps)
            self._analyse(frame, media)
            analysed = True
        return False, media, analysed

    def _analyse(self, frame: BgrFrame, media: float) -> None:
        with self._lock:
            pending, self._pending = self._pending, None
            closed = self._closed
        if pending is not None:
            self.analyzer.reconfigure(pending)
        self.analyzer.set_closed(closed)
        try:
            detections = self.analyzer.process(frame, media)
        except Exception as err:  # noqa: BLE001 - an escaping error would end this camera's thread
            # A corrupt frame must cost one frame, not the camera.
            self.errors += 1
            self.last_error = f"analysis failed: {err}"
            _LOGGER.warning("camera %s: %s", self.config.label, self.last_error)
            return
        self._last_frame = time.monotonic()
        self._rate_analysed.tick(self._last_frame)
        state = self.analyzer.state()
        with self._lock:
            self._frame = frame
            self._state = state
            self.frame_seq += 1
        for detection in detections:
            self._emit(self.config.id, detection)


def analyse_file(
    config: CameraConfig,
    path: Path,
    detector: PersonDetector | None = None,
    closed: bool = False,
) -> tuple[list[Detection], Analyzer]:
    """Analyse a video file synchronously at the configured rate (tests and benchmarks)."""
    if not path.is_file():
        raise FileNotFoundError(f"no video at {path}")
    found: list[Detection] = []
    pipeline = CameraPipeline(
        replace(config, source=str(path), realtime=False, loop=False),
        lambda _camera, detection: found.append(detection),
        detector,
        closed,
    )
    pipeline.run_inline()
    return found, pipeline.analyzer
