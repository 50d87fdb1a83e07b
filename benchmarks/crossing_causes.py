"""Why labelled line crossings were missed: each miss on the real clips put down to a cause.

Run: .venv/bin/python -m benchmarks.crossing_causes [--clips p10,p17] [--json out.json]
     [--copies DIR]   (re-encoded copies made by benchmarks/footage/make_copies.py)

Each clip with lines (benchmarks/footage/people.json, footage in $UNMANNED_STORE_FOOTAGE) is
analysed in this process as the engine does it (`realtime: false`: the same frames every run),
recording every track the tracker holds after each analysed frame. Counts are matched to labels
as benchmarks/real_footage.py does (same direction, within 1 s, each used once). Labels carry a
time and a direction, not a person, so each miss is put down to what the tracks near the line
did around its time, by the smoothed foot point the rules judge:

- `late (unseen across the line)`: a track whose foot crossed within 1 s was counted, more than
  1 s later, after going unseen for 0.6 s or more around the line (the detector lost the
  person there);
- `count taken by a neighbour`: the track that crossed then was counted in time, but its count
  matched another label (two people crossing close together, one count);
- `crossed, inside the band`: a track crossed the line but was never counted (its foot stayed
  inside the hysteresis band, or it was lost just past the line);
- `track broken at the line`: no track crossed; one was lost just before the line and another
  was first found just past it (an id switch across the line);
- `first found past the line`: no track crossed; the person was first found past the line
  (the detector missed them before it) and the rules could not tell they came from the other
  side;
- `lost before the line`: no track crossed; one was lost just before it and none found past;
- `nobody tracked across`: no track crossed the line near that time.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
import json
from pathlib import Path
import sys
from typing import Any

import cv2

from benchmarks.real_footage import clip_usable, footage_root, load_manifest, score_line
from unmanned_store_engine.config import Line, parse_camera
from unmanned_store_engine.detector import shared
from unmanned_store_engine.events import Detection
from unmanned_store_engine.pipeline import CameraPipeline
from unmanned_store_engine.rules import signed_distance

WINDOW = 1.0
# "Near the line": within this many of the person's heights.
NEAR = 0.8
# "Unseen across the line": a gap between sightings at least this long (s).
GAP = 0.6


@dataclass
class Sighting:
    """A track seen in one analysed frame."""

    time: float
    foot: tuple[float, float]
    height: float


@dataclass
class Seen:
    """One track's sightings over the clip."""

    sightings: list[Sighting] = field(default_factory=list)


def camera(clip: dict[str, Any], path: Path) -> Any:
    """The camera an owner would configure for the clip (as the real-footage tests do)."""
    view = {"view": clip["view"]} if clip.get("view", "angled") != "angled" else {}
    config = parse_camera(
        {
            **view,
            "id": "real",
            "source": str(path),
            "lines": [{k: ln[k] for k in ("id", "p1", "p2")} for ln in clip.get("lines", [])],
            "masks": [{k: m[k] for k in ("id", "polygon")} for m in clip.get("masks", [])],
            "thresholds": clip.get("alarms", {}).get("thresholds", {}),
        }
    )
    return replace(config, realtime=False, loop=False)


def analyse(clip: dict[str, Any], path: Path) -> tuple[list[Detection], dict[int, Seen]]:
    """The clip's events and every track's sightings."""
    found: list[Detection] = []
    tracks: dict[int, Seen] = {}
    pipeline = CameraPipeline(camera(clip, path), lambda _c, d: found.append(d), shared())
    analyse_frame = pipeline._analyse

    def spy(
        frame: Any, media: float, index: int, grabbed: float, pair: Any = None, hazards: bool = True
    ) -> None:
        analyse_frame(frame, media, index, grabbed, pair, hazards)
        for track in pipeline.analyzer.people.tracker.tracks.values():
            if track.misses == 0:
                sighting = Sighting(media, track.foot_smooth, track.height_smooth)
                tracks.setdefault(track.id, Seen()).sightings.append(sighting)

    pipeline._analyse = spy  # type: ignore[method-assign]
    pipeline.run_inline()
    return found, tracks


def _aspect(path: Path) -> float:
    capture = cv2.VideoCapture(str(path))
    try:
        return float(capture.get(cv2.CAP_PROP_FRAME_WIDTH) / capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
    finally:
        capture.release()


def crossings_of(
    tracks: dict[int, Seen], line: Line, aspect: float
) -> list[tuple[str, float, int, float]]:
    """(direction, time, track id, gap) each time a track's foot changed side of the line.

    The time is interpolated between the two sightings; gap is the time between them.
    """
    out = []
    for track_id, seen in tracks.items():
        before: tuple[float, float] | None = None
        for sighting in seen.sightings:
            along, distance = signed_distance(line, sighting.foot, aspect)
            if not -0.1 <= along <= 1.1:
                before = None
                continue
            if before is not None and (before[1] > 0) != (distance > 0):
                then, was = before
                at = then + (sighting.time - then) * abs(was) / (abs(was) + abs(distance))
                direction = "in" if distance > 0 else "out"
                out.append((direction, at, track_id, sighting.time - then))
            before = (sighting.time, distance)
    return out


def cause(
    direction: str,
    at: float,
    line: Line,
    aspect: float,
    tracks: dict[int, Seen],
    geometric: list[tuple[str, float, int, float]],
    counted: list[tuple[str, float, int | None]],
) -> str:
    """What the tracks near the line did around a missed labelled crossing."""
    side = 1 if direction == "in" else -1
    near = [
        c for c in geometric if c[0] == direction and abs(c[1] - at) <= WINDOW
    ]  # tracks whose foot crossed then
    if near:
        _, crossed, track_id, gap = min(near, key=lambda c: abs(c[1] - at))
        counts = [t for d, t, i in counted if i == track_id and d == direction and t >= crossed]
        if not counts:
            return "crossed, inside the band"
        if counts[0] - at > WINDOW and gap >= GAP:
            return "late (unseen across the line)"
        return "count taken by a neighbour"
    first_past = lost_before = False
    for seen in tracks.values():
        first, last = seen.sightings[0], seen.sightings[-1]
        _, start = signed_distance(line, first.foot, aspect)
        _, end = signed_distance(line, last.foot, aspect)
        if (
            at - WINDOW <= first.time <= at + 1.5 * WINDOW
            and side * start > 0
            and abs(start) <= NEAR * first.height
        ):
            first_past = True
        if (
            at - 1.5 * WINDOW <= last.time <= at + 0.5 * WINDOW
            and side * end < 0
            and abs(end) <= NEAR * last.height
        ):
            lost_before = True
    if first_past and lost_before:
        return "track broken at the line"
    if first_past:
        return "first found past the line"
    if lost_before:
        return "lost before the line"
    return "nobody tracked across"


def run_clip(clip: dict[str, Any], path: Path) -> dict[str, Any]:
    """Matched, false and the cause of each miss, per line of one clip."""
    found, tracks = analyse(clip, path)
    aspect = _aspect(path)
    lines: dict[str, Any] = {}
    for spec in clip["lines"]:
        line = Line(spec["id"], tuple(spec["p1"]), tuple(spec["p2"]))
        counted = [
            (d.type.removeprefix("crossing_"), d.media_time, d.track_id)
            for d in found
            if d.type.startswith("crossing_") and d.line == line.id
        ]
        score = score_line(spec, [(d, t) for d, t, _ in counted])
        geometric = crossings_of(tracks, line, aspect)
        lines[line.id] = {
            "matched": score.matched,
            "labelled": score.labelled,
            "false": score.false,
            "missed": [
                {
                    "direction": d,
                    "time": round(t, 2),
                    "cause": cause(d, t, line, aspect, tracks, geometric, counted),
                }
                for d, t in sorted(score.missed_at, key=lambda x: x[1])
            ],
        }
    return {"clip": clip["name"], "lines": lines}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clips", help="comma-separated clip names or name prefixes")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument(
        "--copies", type=Path, help="re-encoded copies of the clips (make_copies.py) to explain"
    )
    args = parser.parse_args(argv)
    wanted = [w for w in (args.clips or "").split(",") if w]
    root = args.copies or footage_root()
    results = []
    missing = []
    causes: Counter[str] = Counter()
    for clip in load_manifest()["clips"]:
        # By default the clips the engine was tuned on; held-out clips only when named.
        if not clip.get("lines") or (
            not any(clip["name"].startswith(w) for w in wanted)
            if wanted
            else clip.get("heldout", False)
        ):
            continue
        path = root / clip["file"]
        if not clip_usable(path, clip, copy=args.copies is not None):
            missing.append(clip["name"])
            continue
        result = run_clip(clip, path)
        results.append(result)
        for line_id, line in result["lines"].items():
            print(
                f"{clip['name']} {line_id}: {line['matched']}/{line['labelled']} matched, "
                f"{line['false']} false"
            )
            for miss in line["missed"]:
                causes[miss["cause"]] += 1
                print(f"    missed {miss['direction']:3} at {miss['time']:6.2f} s: {miss['cause']}")
    print()
    for name, count in causes.most_common():
        print(f"{count:3}  {name}")
    if missing:
        print("\nMISSING clips (not measured): " + ", ".join(missing))
    if args.json:
        args.json.write_text(
            json.dumps({"causes": dict(causes), "clips": results, "missing": missing}, indent=1)
            + "\n",
            encoding="utf-8",
        )
    return 0 if results and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
