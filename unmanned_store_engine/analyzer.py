"""One camera's analysis: every stage run on a frame, in order, turning pixels into detections.

Pure with respect to time: the caller passes the frame's media time, so a video file analyses
the same way at any speed and tests are deterministic.
"""

from __future__ import annotations

from collections import defaultdict
import time
from typing import Any

import cv2
from cv2.typing import MatLike

from .config import CameraConfig
from .detector import PersonDetector
from .events import Detection
from .flame import FlameDetector, FlameParams
from .motion import MotionDetector
from .qr import QrReader
from .rules import Rules
from .smoke import SmokeDetector, SmokeParams
from .tamper import TamperDetector, TamperParams
from .tracker import CentroidTracker, Track

BgrFrame = MatLike

# A track is re-checked by the person detector at most this often (seconds of media time).
VERIFY_INTERVAL = 2.0


class Analyzer:
    """Holds the per-camera models; process() is called from the camera's own thread."""

    def __init__(self, config: CameraConfig, detector: PersonDetector | None = None) -> None:
        """Create fresh models for a camera."""
        self.config = config
        self.detector = detector
        self.motion = MotionDetector()
        self.tracker = CentroidTracker()
        self.rules = Rules(config)
        t = config.thresholds
        self.flame = FlameDetector(FlameParams.for_sensitivity(t.flame_sensitivity))
        self.smoke = SmokeDetector(SmokeParams.for_sensitivity(t.smoke_sensitivity))
        self.tamper = TamperDetector(TamperParams.for_sensitivity(t.tamper_sensitivity))
        self.qr = QrReader()
        self.frames = 0
        self.timings: defaultdict[str, float] = defaultdict(float)
        self.verifications = 0
        self.tracks: list[Track] = []
        self.frame_size: tuple[int, int] | None = None
        self._analysis_size: tuple[int, int] | None = None

    def reconfigure(self, config: CameraConfig) -> None:
        """New rules and thresholds; background and tracks are kept."""
        self.config = config
        self.rules.reconfigure(config)
        t = config.thresholds
        self.flame.set_params(FlameParams.for_sensitivity(t.flame_sensitivity))
        self.smoke.set_params(SmokeParams.for_sensitivity(t.smoke_sensitivity))
        self.tamper.set_params(TamperParams.for_sensitivity(t.tamper_sensitivity))

    def set_closed(self, closed: bool) -> None:
        """The store's after-hours flag."""
        self.rules.set_closed(closed)

    def _timed(self, stage: str, started: float) -> float:
        now = time.perf_counter()
        self.timings[stage] += now - started
        return now

    def process(self, frame: BgrFrame, now: float) -> list[Detection]:
        """Analyse one frame taken at media time `now` (seconds)."""
        self.frames += 1
        t = self.config.thresholds
        clock = time.perf_counter()
        height, width = frame.shape[:2]
        out: list[Detection] = []
        if self.frame_size != (width, height):
            if self.frame_size is not None:
                out.append(self._resized(self.frame_size, (width, height), now))
            self.frame_size = (width, height)
        scale_w = min(self.config.analysis_width, width)
        size = (scale_w, max(1, height * scale_w // width))
        if size != self._analysis_size:
            if self._analysis_size is not None:
                # The models hold frames of the old shape (a new aspect ratio or analysis width).
                self.motion.reset()
                self.flame.reset()
                self.smoke.reset()
            self._analysis_size = size
        small = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
        grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
        clock = self._timed("downscale", clock)
        if t.tamper:
            for kind, started in self.tamper.update(grey):
                out.append(
                    Detection(
                        "tamper_started" if started else "tamper_ended",
                        now,
                        data={
                            "kind": kind,
                            **{k: round(v, 2) for k, v in self.tamper.measures.items()},
                        },
                    )
                )
                if not started:
                    # The old background no longer matches what the camera sees.
                    self.motion.reset()
            clock = self._timed("tamper", clock)
        tampered = t.tamper and any(self.tamper.active.values())
        blobs = self.motion.apply(small, t.min_person_area)
        clock = self._timed("motion", clock)
        ended = self.tracker.update([] if tampered else blobs, now)
        tracks = self.tracker.confirmed()
        self.tracks = tracks
        clock = self._timed("tracking", clock)
        if t.verify_people and self.detector is not None:
            for track in tracks:
                if now - track.last_verified >= VERIFY_INTERVAL:
                    track.last_verified = now
                    track.person = self.detector.is_person(frame, track.blob)
                    self.verifications += 1
            clock = self._timed("person_detector", clock)
        out.extend(self.rules.update(tracks, ended, now))
        clock = self._timed("rules", clock)
        # Fire and smoke are never switched off by tamper or people: a fire in front of a
        # covered or knocked camera is still a fire, and the lens is often what burns first.
        if t.flame:
            change = self.flame.update(small)
            if change is not None:
                box = self.flame.box
                out.append(
                    Detection(
                        "flame_started" if change else "flame_ended",
                        now,
                        data={
                            "score": round(self.flame.score, 2),
                            "box": list(box) if box else None,
                        },
                    )
                )
            clock = self._timed("flame", clock)
        if t.smoke:
            change = self.smoke.update(small)
            if change is not None:
                box = self.smoke.box
                out.append(
                    Detection(
                        "smoke_started" if change else "smoke_ended",
                        now,
                        data={
                            "score": round(self.smoke.score, 3),
                            "box": list(box) if box else None,
                        },
                    )
                )
            clock = self._timed("smoke", clock)
        if t.qr and self.config.role == "door" and not tampered and self.qr.due(now):
            full_grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
            out.extend(
                Detection("scan", now, data={"text": text})
                for text in self.qr.update(full_grey, now)
            )
            self._timed("qr", clock)
        return out

    def _resized(self, old: tuple[int, int], new: tuple[int, int], now: float) -> Detection:
        """The stream changed resolution (camera reconfigured, or swapped).

        Analysis runs on a frame of fixed width, so a change that keeps the aspect ratio
        changes nothing there: models and tracks carry on and no crossing is lost. A new aspect
        ratio gives the models frames of another shape: background and flame history are
        learnt anew (a crossing under way at that moment can be missed), and the lines and
        zones, being fractions of the picture, now lie elsewhere (the integration asks the
        owner to check them). Tamper compares at a fixed size and keeps its reference, so a
        different view behind the new resolution is still found out as moved.
        """
        aspect_changed = abs(old[0] / old[1] - new[0] / new[1]) > 0.01
        return Detection(
            "resolution_changed",
            now,
            data={"from": list(old), "to": list(new), "aspect_changed": aspect_changed},
        )

    def state(self) -> dict[str, Any]:
        """Counts, alarms and tracks for the state endpoint and the overlay."""
        return {
            **self.rules.state(),
            "tracks": [
                {
                    "id": tr.id,
                    "box": [round(v, 4) for v in (tr.blob.x, tr.blob.y, tr.blob.w, tr.blob.h)],
                    "person": tr.person,
                }
                for tr in self.tracks
            ],
            "flame": self.flame.active,
            "smoke": self.smoke.active,
            "tamper": sorted(k for k, v in self.tamper.active.items() if v),
            "motion": round(self.motion.moving_fraction, 4),
        }
