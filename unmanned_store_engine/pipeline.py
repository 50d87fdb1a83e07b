"""A camera's pipeline: its own thread reads the stream, keeps the analysis rate, and reconnects.

OpenCV and onnxruntime release the GIL while they decode and analyse, so one thread per camera
uses both cores without a process per camera; a stream that blocks only blocks its own thread.
A live stream has a second thread that only reads, so the analysis always takes the newest
frame and never falls behind real time (see _Slot).
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
from .detector import ModelError, PersonDetector, shared
from .events import Detection
from .flame import PAIR_GAP
from .still import STILL_SECONDS

_LOGGER = logging.getLogger(__name__)

# A source slower than this many times the camera's `fps` (6-8 frames a second at 5) cannot
# be thinned to `fps` evenly, and each frame left out is a sighting the tracker goes without:
# every frame of it goes to the people, the hazard stages keeping to `fps` (their evidence is
# counted in frames at that rate). A file by its rate, a live stream by the rate it comes at.
# On the 8 labelled clips with the most crossings (146 labelled), copied at 6, 7 and 8 fps by
# two encoders: 730 of 876 matched thinned to 5 fps against 775 on every frame, 88 against 101
# false counts; gains on five copies of six (benchmarks/person_models.py; docs/accuracy.md,
# "Sources slower than twice the analysis rate"). Live, the 7 fps copies of p20 and p10 served
# as MJPEG: 20 of 20 and 287 of 307 labelled crossings counted within 2 s, p95 0.92 and 1.52 s,
# against 16, 281, 1.41 and 1.63 s thinned (benchmarks/engine_latency.py).
EVERY_FRAME_BELOW = 1.8
# Tamper, flame and smoke count their evidence in frames and were measured at 5 a second
# (docs/accuracy.md): at a higher rate (automatic with few cameras, or an owner's 10) only the
# people get the extra frames, so an alarm still needs the same seconds of evidence.
HAZARD_FPS = 5.0

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
        # One decoding thread: OpenCV asks FFmpeg for one per core, whose frame threading
        # holds a frame back per extra thread (latency on a live stream) and costs more CPU
        # in all: on the six benchmark clips a sixth less (0.67 -> 0.55 ms a frame on the
        # crowd clip, 0.79 -> 0.64 ms on the 30 fps road). A camera's stream is decoded far
        # faster than real time on one thread, and the cameras run side by side anyway.
        cv2.CAP_PROP_N_THREADS,
        1,
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


_Item = tuple[BgrFrame, float, int, float, BgrFrame | None, bool]


class _Slot:
    """The newest decoded frames of a live stream, waiting for the analysis thread.

    The reader replaces what the analysis has not taken yet, so the analysis always gets the
    newest frame and never works through a queue of old ones: under overload fewer frames
    are analysed, and the picture analysed is never more than two analyses behind. Two
    places: a whole frame (due at the camera's fps) and a newer one for the people alone
    (EVERY_FRAME_BELOW). A people-only frame never replaces a whole one, which the hazard
    stages need (with one place, the whole frame was nearly always replaced by the people
    frame right after it); a whole frame, being newer, replaces both.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._whole: _Item | None = None
        self._people: _Item | None = None
        self.closed = False
        self.dropped = 0

    def put(
        self,
        frame: BgrFrame,
        media: float,
        index: int,
        grabbed: float,
        pair: BgrFrame | None = None,
        hazards: bool = True,
    ) -> None:
        """Offer a frame (and the source frame after it, when the analysis asked for it);
        `hazards` False: a frame for the people alone."""
        item = (frame, media, index, grabbed, pair, hazards)
        with self._cond:
            self.dropped += self._people is not None
            if hazards:
                self.dropped += self._whole is not None
                self._whole, self._people = item, None
            else:
                self._people = item
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify()

    def take(self) -> _Item | None:
        """The waiting frames oldest first (the whole one before a later people-only one),
        or None once the reader stopped and nothing is left."""
        with self._cond:
            while self._whole is None and self._people is None and not self.closed:
                self._cond.wait()
            item: _Item | None
            if self._whole is not None:
                item, self._whole = self._whole, None
            else:
                item, self._people = self._people, None
            return item


class CameraPipeline:
    """Owns one camera's thread; every public method is safe to call from the event loop."""

    def __init__(
        self,
        config: CameraConfig,
        emit: Emit,
        detector: PersonDetector | None = None,
        closed: bool = False,
        timeouts: Timeouts | None = None,
        model_error: ModelError | None = None,
        still_seconds: float = STILL_SECONDS,
    ) -> None:
        """Prepare (not start) the pipeline; emit is called from the camera thread.

        model_error: the person model could not be loaded; the camera still runs its other
        stages and reports the error in its health.
        still_seconds: how long a figure stands without moving before the state reports it.
        """
        self.config = config
        # The people's analysis rate: the camera's `fps`, or the engine's automatic choice
        # (set_people_fps; at NORMAL_FPS until then).
        self.people_fps = config.rate
        self._emit = emit
        self._timeouts = timeouts or Timeouts()
        self.analyzer = Analyzer(config, detector)
        self.analyzer.still.seconds = still_seconds
        self.analyzer.set_closed(closed)
        self.model_error = model_error
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
        self.source_error: tuple[str, str] | None = None
        self.frames_dropped = 0
        self.lag_seconds = 0.0
        self.media_time = 0.0
        self.frame_index: int | None = None
        self._lost = False
        self._once = False

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
        """Run the thread's body in the caller's thread until the file ends or fails."""
        self._once = True
        self._run()

    def set_people_fps(self, fps: float) -> None:
        """The rate the engine chose for an automatic camera, from the next frame on.

        A file read as fast as the machine can (`realtime` false) keeps the rate it started
        with, so that it analyses the same frames every run whatever cameras come and go.
        """
        if self.config.fps or (self._thread is not None and not self.config.realtime):
            return
        self.people_fps = fps

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

    def error(self) -> tuple[str, str] | None:
        """(error_code, sentence) of what keeps this camera from working, if anything."""
        if self.source_error is not None:
            return self.source_error
        if self.model_error is not None:
            return (self.model_error.code, str(self.model_error))
        return None

    def health(self) -> dict[str, Any]:
        """Figures for the health endpoint."""
        now = time.monotonic()
        error = self.error()
        people = self.analyzer.people.stats
        return {
            "status": "error" if error is not None and self.status != "stopped" else self.status,
            "connected": self.connected,
            "error_code": None if error is None else error[0],
            "error": None if error is None else error[1],
            "fps_in": round(self._rate_in.rate(now), 2),
            "fps_analysed": round(self._rate_analysed.rate(now), 2),
            "fps_people": self.people_fps,
            "last_frame_age": None
            if self._last_frame is None
            else round(now - self._last_frame, 2),
            "lag_seconds": round(self.lag_seconds, 3),
            "frames_dropped": self.frames_dropped,
            "frames_analysed": self.analyzer.frames,
            "frames_inferred": people.inferred,
            "media_time": round(self.media_time, 3),
            "frame": self.frame_index,
            "resolution": None
            if self.analyzer.frame_size is None
            else list(self.analyzer.frame_size),
            "errors": self.errors,
            "reconnects": self.reconnects,
            "last_error": self.last_error,
        }

    def _fail(self, message: str, media_time: float, code: str) -> None:
        self.errors += 1
        self.last_error = message
        self.connected = False
        self.status = "reconnecting"
        # A file that is not there or not a video will not fix itself like a network does:
        # that is an error the owner must see, not a reconnection.
        self.source_error = (
            (code, message) if code in {"source_missing", "source_undecodable"} else None
        )
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
                self.config.id,
                Detection(
                    "stream_lost",
                    media_time,
                    frame=self.frame_index,
                    data={"error": message, "code": code},
                ),
            )

    def _open_failure(self) -> tuple[str, str]:
        source = self.config.source.removeprefix("file://")
        if self.config.is_file and not Path(source).is_file():
            return "source_missing", f"no video file at {self._describe()}"
        if self.config.is_file:
            return "source_undecodable", f"{self._describe()} is not a video OpenCV can decode"
        return "source_unreachable", f"cannot open {self._describe()}"

    def _run(self) -> None:
        backoff = self._timeouts.backoff_min
        offset = 0.0
        while not self._stop.is_set():
            capture = open_capture(self.config.source, self._timeouts)
            if not capture.isOpened():
                capture.release()
                code, message = self._open_failure()
                self._fail(message, offset, code)
                if self._once:
                    return
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self._timeouts.backoff_max)
                continue
            self.reconnects += 1 if self.status == "reconnecting" else 0
            self.connected = True
            self.status = "connected"
            try:
                if self.config.is_file:
                    ended, offset, read = self._read_file(capture, offset)
                else:
                    ended, offset, read = self._read_live(capture, offset)
            finally:
                capture.release()
            if read:
                backoff = self._timeouts.backoff_min
            if ended:
                self.connected = False
                self.status = "ended"
                self._emit(
                    self.config.id,
                    Detection(
                        "source_ended",
                        # The file's last frame, analysed or not: where the file ended.
                        offset,
                        frame=self.frame_index,
                        counts=self.analyzer.rules.state()["lines"],
                    ),
                )
                return
            if self._stop.is_set():
                break
            if self.config.is_file and self.config.loop and read:
                # A looping file starts again at once: its end is not a lost stream.
                continue
            if self.config.is_file and not read:
                self._fail(
                    f"{self._describe()} opened but no frame could be decoded",
                    offset,
                    "source_undecodable",
                )
            else:
                self._fail(f"stream from {self._describe()} stopped", offset, "source_stopped")
            if self._once:
                return
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

    def _restored(self, media: float) -> None:
        self.source_error = None
        if self._lost:
            self._lost = False
            _LOGGER.info("camera %s: the stream is back", self.config.label)
            self._emit(self.config.id, Detection("stream_restored", media, frame=self.frame_index))

    def _every_frame(self, source_fps: float, fps: float) -> bool:
        """Whether every frame of a source this fast goes to the people at `fps`
        (EVERY_FRAME_BELOW)."""
        return fps < source_fps < EVERY_FRAME_BELOW * fps

    def _read_file(self, capture: cv2.VideoCapture, offset: float) -> tuple[bool, float, bool]:
        """Read a file to its end; returns (ended, media time offset, any frame read).

        Media time is the frame's index over the file's frame rate (or the configured
        source_fps, for an image sequence or a wrong header), not OpenCV's position:
        some files report 0 s for their last frames, which then looked like the past and
        were skipped. With realtime the file is paced like a camera and frames the analysis
        cannot keep up with are dropped, exactly as on a live stream; without, every frame
        real time would have analysed is analysed, as fast as the machine can.
        """
        rate = capture.get(cv2.CAP_PROP_FPS)
        file_fps = self.config.source_fps or (rate if 1.0 <= rate <= 240.0 else 25.0)
        if not self.config.source_fps and "%" in self.config.source and offset == 0.0:
            # Nothing in numbered pictures says how fast they were taken: said once, since
            # people moving several times too fast between analysed frames are not counted.
            _LOGGER.warning(
                "camera %s: an image sequence is read at %g fps; give source_fps if it was "
                "taken at another rate",
                self.config.label,
                file_fps,
            )
        fps = 0.0  # the people's rate, read on every frame: the engine may change it
        interval = hazard_interval = 1.0 / HAZARD_FPS
        every = False
        started = time.monotonic()
        due = hazard_due = offset
        media = offset
        index = -1
        # A frame due for analysis, held until the next source frame is grabbed: the flame
        # stage may ask for that one too (analysis then happens one source frame later).
        held: tuple[BgrFrame, float, int] | None = None
        # Frames further apart than a camera's next one say nothing of a flame's quick flicker.
        pairs = 1.0 / file_fps <= PAIR_GAP + 1e-6
        while not self._stop.is_set():
            if not capture.grab():
                if held is not None:
                    self._analyse(*held, time.monotonic())
                if self.config.loop and index >= 0:
                    # Looping a file continues its timeline so time-based rules stay monotonic.
                    return False, media + 1.0 / file_fps, True
                return index >= 0, media, index >= 0
            if fps != self.people_fps:
                fps = self.people_fps
                interval = 1.0 / fps
                hazard_interval = max(interval, 1.0 / HAZARD_FPS)
                every = self._every_frame(file_fps, fps)
                # A source no faster than the rate gives the people every frame, at its own
                # rate (a 7 fps file at 10: told 10, the tracker lost people too soon).
                slow = every or file_fps <= fps
                self.analyzer.people.tracker.set_rate(file_fps if slow else fps)
            index += 1
            self.frame_index = index
            media = offset + index / file_fps
            now = time.monotonic()
            self._rate_in.tick(now)
            if index == 0:
                self._restored(media)
            frame: BgrFrame | None = None
            if held is not None:
                pair = None
                if pairs and self.analyzer.wants_pair:
                    ok, frame = capture.retrieve()
                    pair = frame if ok else None
                self._analyse(*held, time.monotonic(), pair)
                held = None
            people = media + 1e-6 >= due
            if people:
                due = max(due + interval, media - 0.5 * interval)
            hazards = media + 1e-6 >= hazard_due
            if hazards:
                hazard_due = max(hazard_due + hazard_interval, media - 0.5 * hazard_interval)
            elif not (people or every):
                continue
            if self.config.realtime:
                ahead = (media - offset) - (now - started)
                if ahead > 0 and self._stop.wait(ahead):
                    break
                if ahead < -interval:
                    # Behind real time: like a live stream, this frame is dropped.
                    self.frames_dropped += 1
                    self.lag_seconds = -ahead
                    continue
            if frame is None:
                ok, frame = capture.retrieve()
                if not ok or frame is None:
                    continue
            if hazards:
                held = (frame, media, index)
            else:
                self._analyse(frame, media, index, time.monotonic(), hazards=False)
        return False, media, index >= 0

    def _read_live(self, capture: cv2.VideoCapture, offset: float) -> tuple[bool, float, bool]:
        """Read a live stream in a reader thread; analyse the newest frame here."""
        slot = _Slot()
        state: dict[str, float | bool] = {"media": offset, "read": False}

        def reader() -> None:
            started = time.monotonic()
            due = hazard_due = offset
            index = self.frame_index if self.frame_index is not None else -1
            # A due frame waiting for the next one, which the flame stage asked for.
            held: tuple[BgrFrame, float, int, float] | None = None
            try:
                while not self._stop.is_set() and capture.grab():
                    index += 1
                    now = time.monotonic()
                    self._rate_in.tick(now)
                    rate = self._rate_in.rate(now)
                    # Read on every frame: the engine may change an automatic camera's rate.
                    interval = 1.0 / self.people_fps
                    hazard_interval = max(interval, 1.0 / HAZARD_FPS)
                    media = offset + now - started
                    state["media"] = media
                    state["read"] = True
                    frame: BgrFrame | None = None
                    if held is not None:
                        ok, frame = capture.retrieve()
                        frame = frame if ok else None
                        close = now - held[3] <= PAIR_GAP
                        slot.put(*held, frame if close else None)
                        held = None
                    people = media + 1e-6 >= due
                    if people:
                        due = max(due + interval, media - 0.5 * interval)
                    hazards = media + 1e-6 >= hazard_due
                    if hazards:
                        hazard_due = max(
                            hazard_due + hazard_interval, media - 0.5 * hazard_interval
                        )
                    elif not (people or self._every_frame(rate, self.people_fps)):
                        continue
                    if frame is None:
                        ok, frame = capture.retrieve()
                        if not ok or frame is None:
                            continue
                    # Read from the analysis thread's last frame: a plain flag, a stale value
                    # costs one pair at most.
                    if hazards and self.analyzer.wants_pair:
                        held = (frame, media, index, now)
                    else:
                        slot.put(frame, media, index, now, None, hazards)
                if held is not None:
                    slot.put(*held)
            finally:
                slot.close()

        thread = threading.Thread(target=reader, name=f"camera-{self.config.id}-reader")
        thread.start()
        try:
            while (item := slot.take()) is not None:
                frame, media, index, grabbed, pair, hazards = item
                # The rate frames reach the people, in whole frames a second (a steady figure:
                # each change of it changes how long an unseen track lives).
                analysed = round(self._rate_analysed.rate(time.monotonic()))
                fps = self.people_fps
                # As for a file; a stream a fifth slower than the rate or more is taken at its
                # own (nearer, its measured rate wavers about the rate).
                slow = self._every_frame(analysed, fps) or 0 < analysed <= 0.8 * fps
                self.analyzer.people.tracker.set_rate(analysed if slow else fps)
                self.frame_index = index
                self._restored(media)
                self.frames_dropped = slot.dropped
                self._analyse(frame, media, index, grabbed, pair, hazards)
        finally:
            thread.join()
            self.frames_dropped = slot.dropped
        return False, float(state["media"]), bool(state["read"])

    def _analyse(
        self,
        frame: BgrFrame,
        media: float,
        index: int,
        grabbed: float,
        pair: BgrFrame | None = None,
        hazards: bool = True,
    ) -> None:
        with self._lock:
            pending, self._pending = self._pending, None
            closed = self._closed
        if pending is not None:
            self.analyzer.reconfigure(pending)
        self.analyzer.set_closed(closed)
        self.media_time = media
        try:
            detections = self.analyzer.process(frame, media, pair, hazards)
        except Exception as err:  # noqa: BLE001 - an escaping error would end this camera's thread
            # A corrupt frame must cost one frame, not the camera.
            self.errors += 1
            self.last_error = f"analysis failed: {err}"
            _LOGGER.warning("camera %s: %s", self.config.label, self.last_error)
            return
        self._last_frame = time.monotonic()
        self.lag_seconds = self._last_frame - grabbed
        self._rate_analysed.tick(self._last_frame)
        state = {**self.analyzer.state(), "media_time": round(media, 3), "frame": index}
        with self._lock:
            self._frame = frame
            self._state = state
            self.frame_seq += 1
        for detection in detections:
            self._emit(self.config.id, replace(detection, frame=index))


def analyse_file(
    config: CameraConfig,
    path: Path,
    detector: PersonDetector | None = None,
    closed: bool = False,
) -> tuple[list[Detection], Analyzer]:
    """Analyse a video file synchronously at the configured rate (tests and benchmarks).

    Without a detector the shipped one is used (shared by every call in the process).
    """
    if not path.is_file():
        raise FileNotFoundError(f"no video at {path}")
    if detector is None:
        detector = shared()
    found: list[Detection] = []
    pipeline = CameraPipeline(
        replace(config, source=str(path), realtime=False, loop=False),
        lambda _camera, detection: found.append(detection),
        detector,
        closed,
    )
    pipeline.run_inline()
    return found, pipeline.analyzer
