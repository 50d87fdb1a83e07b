"""Regression guards on real footage: exact results on short clips where the engine is right.

The clips are not in the repository (benchmarks/footage/README.md): they are looked for in
$UNMANNED_STORE_FOOTAGE (default <repo>/../shared/footage) with the labels of
benchmarks/footage/people.json. Without them, or with a clip whose SHA-256 differs from the
label file's, each test is skipped and says why. The figures over all clips are in
docs/cameras.md; these tests only keep the engine from getting worse where it is right.
"""

from __future__ import annotations

from collections import Counter
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from benchmarks.footage.make_copies import opencv_copy
from benchmarks.real_footage import footage_root, score_line
from unmanned_store_engine.config import parse_camera
from unmanned_store_engine.detector import shared
from unmanned_store_engine.events import Detection
from unmanned_store_engine.pipeline import CameraPipeline, analyse_file

ROOT = Path(__file__).resolve().parents[2]
LABELS = Path(
    os.environ.get("UNMANNED_STORE_PEOPLE_LABELS", ROOT / "benchmarks" / "footage" / "people.json")
)
FOOTAGE = footage_root()


def _clip(prefix: str) -> tuple[dict[str, Any], Path]:
    """The labelled clip whose name starts with prefix, or skip with the reason."""
    if not LABELS.is_file():
        pytest.skip(f"no footage labels at {LABELS}")
    clips = json.loads(LABELS.read_text(encoding="utf-8"))["clips"]
    clip = next((c for c in clips if c["name"].startswith(prefix)), None)
    if clip is None:
        pytest.skip(f"no clip {prefix}* in {LABELS}")
    path = FOOTAGE / clip["file"]
    if not path.is_file():
        pytest.skip(f"clip {clip['name']} not found at {path} (set UNMANNED_STORE_FOOTAGE)")
    if hashlib.sha256(path.read_bytes()).hexdigest() != clip["sha256"]:
        pytest.skip(f"{path} is not the labelled clip (SHA-256 differs)")
    return clip, path


def _camera(clip: dict[str, Any], path: Path) -> Any:
    # The view only when not the default, as clients send it.
    view = {"view": clip["view"]} if clip.get("view", "angled") != "angled" else {}
    return parse_camera(
        {
            **view,
            "id": "real",
            "source": str(path),
            "lines": [{k: ln[k] for k in ("id", "p1", "p2")} for ln in clip.get("lines", [])],
            "zones": [
                {k: z[k] for k in ("id", "polygon", "loiter_seconds") if k in z}
                for z in clip.get("zones", [])
            ],
            # The ignore areas an owner would draw (each with its reason in the labels).
            "masks": [{k: m[k] for k in ("id", "polygon")} for m in clip.get("masks", [])],
            "thresholds": clip.get("alarms", {}).get("thresholds", {}),
        }
    )


def test_one_person_walking_over_a_line_is_one_entry() -> None:
    """p02: a worker walks away from the camera over the bottom line: one `in`, on time."""
    clip, path = _clip("p02")
    found, _ = analyse_file(_camera(clip, path), path)
    crossings = [d for d in found if d.type.startswith("crossing")]
    labelled = clip["lines"][0]["crossings"]
    assert [d.type for d in crossings] == [f"crossing_{c['direction']}" for c in labelled]
    for counted, label in zip(crossings, labelled, strict=True):
        assert abs(counted.media_time - label["time"]) <= 1.0
    assert found[-1].type == "source_ended"


def test_road_with_cars_and_nobody_is_empty() -> None:
    """p08: traffic only. No crossing, nobody in view at any analysed frame, no alarm."""
    clip, path = _clip("p08")
    people: list[int] = []
    found: list[Any] = []
    pipeline = CameraPipeline(_camera(clip, path), lambda _c, d: found.append(d), shared())
    analyse = pipeline._analyse

    def spy(
        frame: Any, media: float, index: int, grabbed: float, pair: Any = None, hazards: bool = True
    ) -> None:
        analyse(frame, media, index, grabbed, pair, hazards)
        people.append(pipeline.analyzer.rules.people)

    pipeline._analyse = spy  # type: ignore[method-assign]
    pipeline.run_inline()
    kinds = Counter(d.type for d in found)
    assert set(kinds) == {"source_ended"}
    assert people
    assert max(people) == 0


@pytest.mark.parametrize("prefix", ["p09", "p11"])
def test_one_person_raises_no_alarm_and_light_makes_nobody(prefix: str) -> None:
    """p09 (one person standing) and p11 (lights changing around one person): one person in
    view at every labelled moment after the first analysed frame, and no alarm at all."""
    clip, path = _clip(prefix)
    found, analyzer = analyse_file(_camera(clip, path), path)
    kinds = Counter(d.type for d in found)
    assert not {"crowding_started", "loitering_started", "intrusion"} & set(kinds)
    assert analyzer.rules.people == clip["people"][-1]["count"]


def test_crowded_plaza_counts_most_crossings_and_few_false() -> None:
    """p10: 30-40 small people (40-70 px) crossing four lines. Measured: 64 of 71 labelled
    crossings matched within 1 s and 2 false counts, real crossings counted late (45 and 0
    before tracks outlived short misses and small people were searched in enlarged squares;
    63 and 3 before a steady walker's foot was no longer smoothed). The guard leaves a little
    room, so only a real regression fails it."""
    clip, path = _clip("p10")
    matched, false, labelled = _score(clip, path)
    assert labelled == 71
    assert matched >= 62
    assert false <= 3


def test_concourse_from_above_counts_people_found_past_a_line() -> None:
    """p17: 25-35 small people seen from high above crossing two lines both ways. Measured:
    32 of 35 matched, 2 false (31 before a track born just past a line took over the
    crossing of a track lost walking towards it; 30 and 3 false before a track first found
    just past a line, walking away from it, came from the other side and a steady walker's
    foot was no longer smoothed). A little room, as for p10."""
    clip, path = _clip("p17")
    matched, false, labelled = _score(clip, path)
    assert labelled == 35
    assert matched >= 31
    assert false <= 3


def test_group_walking_to_the_camera_counts_no_one_twice() -> None:
    """p13: a dozen students walk towards a panning camera over a line near the bottom.
    Measured: 10 of 11 matched, no false count. Before the tracker measured distances in the
    picture's proportions, the track of a student who had left at the right edge took over
    another 0.4 of the width away and counted in, then out again (9 matched, 1 false); before
    a track first seen on the line could come from the other side, the student found with the
    feet on it in the first frames and walking off it was never counted (9 matched)."""
    clip, path = _clip("p13")
    matched, false, labelled = _score(clip, path)
    assert labelled == 11
    assert matched >= 10
    assert false == 0


def test_overhead_door_counter_counts_every_pass() -> None:
    """p19: a door counter's camera looks straight down on a man walking through four times,
    with the picture black while its exposure settles. With the camera's view set to
    overhead: 4 of 4 matched, no false count (before: 0 of 4; the black start had frozen the
    motion gate, and FastestDet, trained on upright people, missed him unturned)."""
    clip, path = _clip("p19")
    assert clip["view"] == "overhead"
    matched, false, labelled = _score(clip, path)
    assert labelled == 4
    assert matched >= 3
    assert false == 0


def test_angled_gym_camera_counts_people_walking_past_the_seats() -> None:
    """p20: a real CCTV camera high in a gym's corner; a group of five and then one or two at
    a time walk across the floor in front of seated people. Measured: 10 of 11 matched (a man
    hidden behind the woman in front of him), 1 false (a track jumping between two seated
    people); 9 before a steady walker's band was narrowed (a woman lost just past the line,
    her foot still inside the usual band)."""
    clip, path = _clip("p20")
    matched, false, labelled = _score(clip, path)
    assert labelled == 11
    assert matched >= 9
    assert false <= 2


def test_a_recorder_at_7_fps_gives_the_people_every_frame(tmp_path: Path) -> None:
    """p20 as a 7 fps recorder sends it (PETS 2009's rate; the nearest source frame to each
    seventh of a second, Motion JPEG). 5 of 7 frames a second cannot be picked evenly, and
    each one left out is a sighting lost. Measured on this copy: 11 of 11 matched and 1 false
    with every frame to the people, 9 and 2 when thinned to 5 (over the 8 clips' six 6-8 fps
    copies, 730 -> 775 of 876 matched, 88 -> 101 false: docs/accuracy.md, "Sources slower than
    twice the analysis rate"). The hazard stages still get about 5 frames a second."""
    clip, path = _clip("p20")
    copy = tmp_path / "p20_7fps.avi"
    written = opencv_copy(path, copy, 7.0, "MJPG")
    found, analyzer = analyse_file(_camera(clip, copy), copy)
    assert analyzer.frames == written  # every frame to the people
    assert analyzer.hazard_frames == pytest.approx(written * 5 / 7, abs=2)
    matched, false, labelled = _score(clip, copy, found)
    assert labelled == 11
    assert matched >= 10
    assert false <= 2


def _score(
    clip: dict[str, Any], path: Path, found: list[Detection] | None = None
) -> tuple[int, int, int]:
    """Matched, false and labelled crossings of one in-process run of a clip."""
    if found is None:
        found, _ = analyse_file(_camera(clip, path), path)
    matched = false = labelled = 0
    for line in clip["lines"]:
        score = score_line(
            line,
            [
                (d.type.removeprefix("crossing_"), d.media_time)
                for d in found
                if d.type.startswith("crossing_") and d.line == line["id"]
            ],
        )
        matched += score.matched
        false += score.false
        labelled += score.labelled
    return matched, false, labelled
