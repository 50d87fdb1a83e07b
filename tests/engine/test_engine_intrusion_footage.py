"""After closing, on real footage: no intrusion where nobody is, an intrusion where someone is.

Clips without people from benchmarks/footage/hazards.json (roads, a night infrared garden, an
aquarium, clouds, a car park), and the labelled people clips whose alarms say someone is there
after closing (benchmarks/footage/people.json). Each test skips, naming the clip, without the
footage ($UNMANNED_STORE_FOOTAGE). Animals that walk and score like people to the detector are
strict xfails with the reason, so an improvement shows.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from benchmarks.hazard_footage import footage_dir
from unmanned_store_engine.analyzer import Analyzer
from unmanned_store_engine.config import parse_camera
from unmanned_store_engine.detector import shared

from .test_engine_real_footage import _camera, _clip

# Each had at least one false intrusion before INTRUDER_SCORE / INTRUDER_TRAVEL (rules.py):
# a road sign and a traffic light, a parked car, trees in infrared, small fish, a cloud.
NOBODY = (
    "nf_highway.mp4",
    "nf_highway_green.mp4",
    "nf_car_park_above.mp4",
    "nf_night_ir.mp4",
    "nf_aquarium_tank.mp4",
    "nf_clouds_sky.mp4",
)
ANIMALS = {
    "nf_kitten_room.mp4": "a kitten walks across the view and FastestDet scores it 0.8",
    "nf_aquarium_reef.mp4": "big reef fish swim across the tank, scored up to 0.8",
}


def _intrusions(analyzer: Analyzer, path: Path) -> list[float]:
    """Media times of the intrusions over the clip, analysed at 5 fps, the shop closed."""
    analyzer.set_closed(True)
    capture = cv2.VideoCapture(str(path))
    fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
    step = max(1, round(fps / 5))
    times: list[float] = []
    index = 0
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        if index % step == 0:
            found = analyzer.process(frame, index / fps)
            times += [d.media_time for d in found if d.type == "intrusion"]
        index += 1
    capture.release()
    return times


def _nobody(name: str) -> list[float]:
    path = footage_dir() / name
    if not path.is_file():
        pytest.skip(f"real footage {path} is absent (see benchmarks/footage/hazards.json)")
    camera = parse_camera(
        {"id": "night", "source": str(path), "thresholds": {"tamper": False, "flame": False}}
    )
    return _intrusions(Analyzer(camera, shared()), path)


@pytest.mark.parametrize("name", NOBODY)
def test_no_intrusion_where_nobody_is(name: str) -> None:
    assert _nobody(name) == []


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason=why, strict=True))
        for n, why in ANIMALS.items()
    ],
)
def test_no_intrusion_from_animals(name: str) -> None:
    assert _nobody(name) == []


@pytest.mark.parametrize(
    ("prefix", "within"),
    [("p02", 3.0), ("p06", 2.0), ("p19", 2.0)],
)
def test_someone_there_after_closing_is_an_intrusion(prefix: str, within: float) -> None:
    """A worker walking, a pedestrian seen from a moving car park camera, a man through an
    overhead door: each raises an intrusion within `within` seconds of the clip's start (at
    once before the rule: 0.2-0.6 s)."""
    clip, path = _clip(prefix)
    times = _intrusions(Analyzer(_camera(clip, path), shared()), path)
    assert times
    assert times[0] <= within
