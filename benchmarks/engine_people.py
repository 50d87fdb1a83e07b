"""People analytics on the labelled real footage, in process, per tracker: what tuning runs on.

Run: UNMANNED_STORE_FOOTAGE=/work/footage .venv/bin/python benchmarks/engine_people.py \
        [--trackers bytetrack,sort,norfair] [--labels PATH] [--clips p02,p10]

Each clip of the labels file (benchmarks/footage/people.json; --labels to read another copy) is
analysed as a `realtime: false` file camera would be (the same frames, 5 fps by frame index),
with the labelled lines, zones and thresholds. Per clip and tracker:
- crossings: counted ones matched to labelled ones of the same line and direction within 1 s of
  media time (each label used once); unmatched counts are false, unmatched labels missed;
- people in view: at each labelled frame, the `people` of the newest analysed frame at or before
  it (what a client polling the state would read), mean absolute error;
- alarms: crowding / loitering / intrusion seen, against the labels' expectations;
- ID switches, approximated: tracks started per labelled person (a person whose track breaks
  gets a new id, which is what double counts and restarts loitering timers).

benchmarks/real_footage.py measures the same through the HTTP API in a separate process; this
one exists to compare trackers and settings quickly. A missing clip is listed as MISSING.
"""

from __future__ import annotations

import argparse
from collections import Counter
import json
import os
from pathlib import Path
import sys
import time
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from unmanned_store_engine.analyzer import Analyzer
from unmanned_store_engine.config import parse_camera
from unmanned_store_engine.detector import shared
from unmanned_store_engine.events import Detection
from unmanned_store_engine.pipeline import CameraPipeline
from unmanned_store_engine.tracker import TRACKERS, TrackerKind

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "benchmarks" / "footage" / "people.json"
MATCH = 1.0


def footage_root() -> Path:
    """$UNMANNED_STORE_FOOTAGE, else <repo>/../shared/footage."""
    env = os.environ.get("UNMANNED_STORE_FOOTAGE")
    return Path(env) if env else ROOT.parent / "shared" / "footage"


def run_clip(clip: dict[str, Any], path: Path, tracker: TrackerKind) -> dict[str, Any]:
    """Analyse one clip with one tracker; return its figures."""
    alarms = clip.get("alarms", {})
    config = parse_camera(
        {
            "id": "clip",
            "source": str(path),
            "realtime": False,
            "lines": [{k: ln[k] for k in ("id", "p1", "p2")} for ln in clip.get("lines", [])],
            "zones": [
                {k: z[k] for k in ("id", "polygon", "loiter_seconds") if k in z}
                for z in clip.get("zones", [])
            ],
            "thresholds": alarms.get("thresholds", {}),
        }
    )
    found: list[Detection] = []
    people: dict[int, int] = {}
    pipeline = CameraPipeline(
        config, lambda _c, d: found.append(d), shared(), closed=alarms.get("closed", False)
    )
    pipeline.analyzer = Analyzer(config, shared(), tracker)
    pipeline.analyzer.set_closed(alarms.get("closed", False))
    analyse = pipeline._analyse

    def spy(
        frame: Any, media: float, index: int, grabbed: float, pair: Any = None, hazards: bool = True
    ) -> None:
        analyse(frame, media, index, grabbed, pair, hazards)
        people[index] = pipeline.analyzer.rules.people

    pipeline._analyse = spy  # type: ignore[method-assign]
    started = time.process_time()
    pipeline.run_inline()
    cpu = time.process_time() - started
    result: dict[str, Any] = {"cpu_s": round(cpu, 2), "analysed": len(people)}
    matched = false = missed = 0
    for line in clip.get("lines", []):
        labels = [dict(c) for c in line.get("crossings", [])]
        counted = [d for d in found if d.type.startswith("crossing") and d.line == line["id"]]
        for d in counted:
            direction = d.type.removeprefix("crossing_")
            best = min(
                (
                    c
                    for c in labels
                    if c["direction"] == direction
                    and not c.get("used")
                    and abs(c["time"] - d.media_time) <= MATCH
                ),
                key=lambda c: abs(c["time"] - d.media_time),
                default=None,
            )
            if best is None:
                false += 1
            elif best.get("optional"):
                best["used"] = True
            else:
                best["used"] = True
                matched += 1
        # An optional label (a crossing the labeller could not call either way) is neither
        # missed when not counted nor false when counted.
        missed += sum(1 for c in labels if not c.get("used") and not c.get("optional"))
    result.update(matched=matched, false=false, missed=missed)
    errors = []
    for sample in clip.get("people", []):
        before = [i for i in people if i <= sample["frame"]]
        seen = people[max(before)] if before else 0
        errors.append(abs(seen - sample["count"]))
    result["people_mae"] = round(sum(errors) / len(errors), 2) if errors else None
    result["people_samples"] = len(errors)
    kinds = Counter(d.type for d in found)
    result["alarms"] = {
        name: kinds[event] > 0
        for name, event in (
            ("crowding", "crowding_started"),
            ("loitering", "loitering_started"),
            ("intrusion", "intrusion"),
        )
    }
    expected = alarms.get("expected", {})
    result["alarm_errors"] = sorted(
        name for name, want in expected.items() if result["alarms"].get(name) != want
    )
    result["tracks"] = max((d.track_id or 0 for d in found if d.track_id is not None), default=0)
    return result


def main() -> None:
    """Run every clip with every tracker asked for; print a table and write JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--trackers", default=",".join(TRACKERS))
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--clips", default="")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    data = json.loads(args.labels.read_text(encoding="utf-8"))
    wanted = {c for c in args.clips.split(",") if c}
    root = footage_root()
    report: dict[str, Any] = {}
    for kind in args.trackers.split(","):
        tracker: TrackerKind = kind  # type: ignore[assignment]
        totals = Counter[str]()
        maes: list[float] = []
        for clip in data["clips"]:
            if wanted and not any(clip["name"].startswith(w) for w in wanted):
                continue
            path = root / clip["file"]
            if not path.is_file():
                print(f"{kind:9} {clip['name']:24} MISSING ({path})")
                continue
            r = run_clip(clip, path, tracker)
            report.setdefault(kind, {})[clip["name"]] = r
            totals.update(matched=r["matched"], false=r["false"], missed=r["missed"])
            if r["people_mae"] is not None:
                maes.append(r["people_mae"])
            totals.update(alarm_errors=len(r["alarm_errors"]))
            print(
                f"{kind:9} {clip['name']:24} crossings {r['matched']}/"
                f"{r['matched'] + r['missed']} false {r['false']}  people MAE "
                f"{r['people_mae']} (n={r['people_samples']})  alarms wrong "
                f"{r['alarm_errors'] or '-'}  cpu {r['cpu_s']} s for {r['analysed']} frames"
            )
        truth = totals["matched"] + totals["missed"]
        print(
            f"{kind:9} TOTAL crossings {totals['matched']}/{truth} matched, "
            f"{totals['false']} false; mean people MAE "
            f"{round(sum(maes) / len(maes), 2) if maes else None}; "
            f"alarm errors {totals['alarm_errors']}"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
