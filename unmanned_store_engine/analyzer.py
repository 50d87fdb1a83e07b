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
from .people import PeopleStage
from .qr import QrReader
from .rules import Rules
from .smoke import SmokeDetector, SmokeParams
from .still import StillWatch
from .tamper import TamperDetector, TamperParams
from .tracker import Track, TrackerKind

BgrFrame = MatLike


class Analyzer:
    """Holds the per-camera models; process() is called from the camera's own thread."""

    def __init__(
        self,
        config: CameraConfig,
        detector: PersonDetector | None = None,
        tracker: TrackerKind = "norfair",
    ) -> None:
        """Create fresh models for a camera; without a detector nobody is seen."""
        self.config = config
        self.people = PeopleStage(
            detector,
            config.rate,
            tracker,
            min_area=config.thresholds.min_person_area,
            overhead=config.view == "overhead",
        )
        self.people.masks = config.masks
        self.people.lines = config.lines
        # The motion gate; other stages reset it when the view changes.
        self.motion = self.people.motion
        self.rules = Rules(config)
        t = config.thresholds
        self.flame = FlameDetector(FlameParams.for_sensitivity(t.flame_sensitivity))
        self.smoke = SmokeDetector(SmokeParams.for_sensitivity(t.smoke_sensitivity))
        self.tamper = TamperDetector(TamperParams.for_sensitivity(t.tamper_sensitivity))
        self.qr = QrReader()
        self.still = StillWatch()
        self.frames = 0
        # Frames the tamper, flame and smoke stages judged (every frame but people-only ones).
        self.hazard_frames = 0
        self.media_time = 0.0
        self.timings: defaultdict[str, float] = defaultdict(float)
        self.tracks: list[Track] = []
        # Ids of this frame's tracks that have shown no life yet (still.StillWatch.figures).
        self.figures: set[int] = set()
        self.frame_size: tuple[int, int] | None = None
        self._analysis_size: tuple[int, int] | None = None

    @property
    def detector(self) -> PersonDetector | None:
        """The shared person detector (None: it could not be loaded)."""
        return self.people.detector

    @detector.setter
    def detector(self, detector: PersonDetector | None) -> None:
        self.people.detector = detector

    @property
    def wants_pair(self) -> bool:
        """Whether the next process() would use the source frame after its frame."""
        return self.config.thresholds.flame and self.flame.wants_pair

    def reconfigure(self, config: CameraConfig) -> None:
        """New rules and thresholds; background and tracks are kept."""
        self.config = config
        self.rules.reconfigure(config)
        self.people.masks = config.masks
        self.people.lines = config.lines
        self.people.overhead = config.view == "overhead"
        self.people.min_area = config.thresholds.min_person_area
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

    def process(
        self,
        frame: BgrFrame,
        now: float,
        next_frame: BgrFrame | None = None,
        hazards: bool = True,
    ) -> list[Detection]:
        """Analyse one frame taken at media time `now` (seconds).

        `next_frame`, the source frame right after this one, is optional: the flame stage
        judges a place's change over that short step when it has it (see `wants_pair`).
        `hazards` False: a frame for the people alone (the pipeline's frames between the
        camera's `fps`, see CameraPipeline): tamper, flame and smoke count their evidence in
        frames at the analysis rate, so they skip it and keep their verdicts.
        """
        self.frames += 1
        self.hazard_frames += hazards
        self.media_time = now
        t = self.config.thresholds
        clock = time.perf_counter()
        height, width = frame.shape[:2]
        out: list[Detection] = []
        if self.frame_size != (width, height):
            if self.frame_size is not None:
                out.append(self._resized(self.frame_size, (width, height), now))
            self.frame_size = (width, height)
            self.rules.aspect = width / height
        scale_w = min(self.config.analysis_width, width)
        size = (scale_w, max(1, height * scale_w // width))
        if size != self._analysis_size:
            if self._analysis_size is not None:
                # The models hold frames of the old shape (a new aspect ratio or analysis width).
                self.motion.reset()
                self.flame.reset()
                self.smoke.reset()
                self.still.reset()
            self._analysis_size = size
        small = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
        grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
        clock = self._timed("downscale", clock)
        if t.tamper and hazards:
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
                    self.still.reset()
            clock = self._timed("tamper", clock)
        tampered = t.tamper and any(self.tamper.active.values())
        # Only a covered lens blinds the people stage: a camera reported moved or defocused
        # still shows people, and the detector, not the tamper verdict, says whether it does.
        ended = self.people.update(
            frame, small, now, blind=t.tamper and self.tamper.active.get("covered", False)
        )
        tracks = self.people.tracker.confirmed()
        self.tracks = tracks
        self.still.update(tracks, self.motion.mask, now, not self.motion.global_change)
        clock = self._timed("people", clock)
        visible = self.people.tracker.visible()
        self.figures = self.still.figures()
        out.extend(self.rules.update(tracks, ended, now, visible, self.figures))
        clock = self._timed("rules", clock)
        # Fire and smoke are never switched off by tamper or people: a fire in front of a
        # covered or knocked camera is still a fire, and the lens is often what burns first.
        if t.flame and hazards:
            pair = None
            if next_frame is not None and next_frame.shape == frame.shape:
                # Scaled exactly as this frame is, so scaling adds no change of its own.
                pair = cv2.resize(next_frame, size, interpolation=cv2.INTER_AREA)
            # The camera's own frame for the face test: a face is a few pixels at 160 px.
            change = self.flame.update(small, pair, frame)
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
        if t.smoke and hazards:
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
                    "box": _rounded(tr.box),
                    # False for a figure that has shown no life yet (still.py): not in `people`.
                    "person": bool(tr.person) and tr.id not in self.figures,
                    "seen": tr.misses == 0,
                }
                for tr in self.tracks
            ],
            "flame": self.flame.active,
            "smoke": self.smoke.active,
            # Where each is, while it is on: the snapshot marks it for the owner to judge.
            "flame_box": _rounded(self.flame.alarm_box),
            "smoke_box": _rounded(self.smoke.alarm_box),
            "tamper": sorted(k for k, v in self.tamper.active.items() if v),
            "motion": round(self.motion.moving_fraction, 4),
            "still": self.still.still(self.media_time),
        }


def _rounded(box: tuple[float, float, float, float] | None) -> list[float] | None:
    """A box (fractions of the picture) as the state carries it, or None."""
    return None if box is None else [round(v, 4) for v in box]
