"""Fire, smoke and tamper on real footage: alarm delays, false alarms per hour, stage cost.

Run: .venv/bin/python benchmarks/hazard_footage.py [--only SUBSTRING] [--json OUT.json]
     .venv/bin/python benchmarks/hazard_footage.py --trace CLIP   (one line per analysed frame:
     why flame and smoke did or did not count it, and the evidence latch)
     --native: the same clips at their source's frame rate ($UNMANNED_STORE_FOOTAGE/
     hazards_native, made by benchmarks/footage/prepare_native.py), where the frame after an
     analysed one is a camera's next frame; --pairs asked|always|off: when that next frame goes
     with the analysed one to the Analyzer (default "asked", as the engine's camera thread does)

Held-out clips (manifest "heldout": true: never looked at while tuning) are reported apart, in
a table of their own with the same figures; every figure of the main tables, costs included, is
on the tuned clips alone, so it stays comparable with the figures before the held-out set.

Clips and labels come from benchmarks/footage/hazards.json; the clips themselves live in
$UNMANNED_STORE_FOOTAGE/hazards (default <repo>/../shared/footage/hazards) and are made by
benchmarks/footage/prepare_hazards.py. Missing clips are listed, never silently skipped.

Method: each clip is decoded with OpenCV's FFmpeg backend and sampled at 5 analysed frames per
second by media time (the engine's own rule in pipeline.py), and every sampled frame goes through
the engine's per-camera Analyzer in-process, exactly as a camera thread would call it (same
default camera config, analysis width 320), with the source frame after it when the flame stage
asks for it and it is at most 1/15 s later (never on the standard set's 5 and 10 fps clips).
Events are the Analyzer's detections; costs are its per-stage timers (perf_counter around each
stage), so "hazard" = tamper + flame + smoke and "people" = motion + tracking + rules measured
in the same run on the same frames.

- fire / smoke delay: first flame_started / smoke_started at or after the labelled first visible
  flame / smoke (an alarm up to 0.5 s before the label counts as on time: labels are by eye).
- false alarms: flame_started / smoke_started on the non-fire clips and on the tamper clips (whose
  footage has no fire), per hour of that footage; a clip labelled flame_ok / smoke_ok (a candle,
  a grill, someone vaping) is reported but not counted.
- flames on smoke clips: a smoke clip without a `fire` label shows no flame at any time, so its
  every flame_started is a false flame too; reported apart (the footage is not "without fire" for
  the hourly figure, and it is minutes, not an hour).
- tamper: delay of the first tamper_started of the labelled kind after the labelled start; a
  tamper_started of another kind, or on a non-fire clip, is a false tamper (clips labelled
  camera_moving, where the camera really is carried or zoomed, are reported, not counted).
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
import json
from pathlib import Path
import sys
from typing import Any, TextIO

import cv2
from cv2.typing import MatLike

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.real_footage import footage_root, split_heldout  # noqa: E402
from unmanned_store_engine.analyzer import Analyzer  # noqa: E402
from unmanned_store_engine.config import parse_camera  # noqa: E402
from unmanned_store_engine.detector import shared  # noqa: E402
from unmanned_store_engine.flame import PAIR_GAP  # noqa: E402

MANIFEST = ROOT / "benchmarks" / "footage" / "hazards.json"
FPS = 5.0
EARLY = 0.5
HAZARD_STAGES = ("tamper", "flame", "smoke")
# The person path as the engine times it (motion gate, detector and tracker, then the rules).
PEOPLE_STAGES = ("people", "rules")


def footage_dir(native: bool = False) -> Path:
    """Where the clips are (outside git): the hazards folder of the real footage.

    `native`: the same clips at their source's frame rate (benchmarks/footage/prepare_native.py),
    where the frame after an analysed one is a camera's next frame, not 100-200 ms later.
    """
    return footage_root() / ("hazards_native" if native else "hazards")


@dataclass
class Run:
    """What the Analyzer reported on one clip."""

    clip: str
    duration: float
    frames: int
    events: list[tuple[str, float, dict[str, Any]]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def run_clip(
    path: Path,
    thresholds: dict[str, Any] | None = None,
    trace: TextIO | None = None,
    pairs: str = "asked",
    people: bool = True,
) -> Run:
    """Analyse one clip at 5 fps by media time, as a camera thread would.

    `pairs` says when the source frame after an analysed one goes with it to the Analyzer:
    "asked" when the Analyzer wants it (as the engine's camera thread does), "always", or "off".
    `people=False` runs without the person detector: the fire, smoke and tamper stages never
    read its output, so their events are the same, at a fraction of the CPU (regression tests
    over every clip); the people path's cost is then not measured.
    """
    config = parse_camera({"id": "bench", "source": str(path), "thresholds": thresholds or {}})
    # With the shipped person detector, as a camera runs: the cost ratio is against the real
    # people path, and people in front of a fire are really there.
    analyzer = Analyzer(config, shared() if people else None)
    run = Run(path.name, 0.0, 0)
    frames = Sampled(path, lambda: pairs == "always" or (pairs == "asked" and analyzer.wants_pair))
    for frame, at, pair in frames:
        for detection in analyzer.process(frame, at, pair):
            run.events.append((detection.type, detection.media_time, detection.data))
            if trace is not None:
                trace.write(f"{at:6.1f}  EVENT {detection.type} {detection.data}\n")
        if trace is not None:
            trace.write(trace_line(analyzer, at) + "\n")
        run.frames += 1
    run.duration = frames.media
    run.timings = dict(analyzer.timings)
    return run


class Sampled:
    """A clip's analysed frames at 5 fps by media time, each with its pair when wanted.

    Iterating yields (frame, media time, pair): pair is the source frame right after the
    analysed one when `want()` says so at the moment it is grabbed (after the previous analysed
    frame went through, as the engine's camera thread asks) and it is at most PAIR_GAP later;
    else None. `media` is the last media time read (the clip's length once iterated).
    """

    def __init__(self, path: Path, want: Callable[[], bool]) -> None:
        """Sample `path`; `want` says whether the next analysed frame should get its pair."""
        self.path = path
        self.want = want
        self.media = 0.0

    def __iter__(self) -> Iterator[tuple[MatLike, float, MatLike | None]]:
        """Decode the clip once, yielding its analysed frames in order."""
        capture = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG)
        due = 0.0
        # The analysed frame waiting for the next source frame (its pair) to be grabbed.
        held: tuple[MatLike, float] | None = None
        try:
            while capture.grab():
                self.media = media = capture.get(cv2.CAP_PROP_POS_MSEC) / 1000.0
                wanted = held is not None and self.want()
                is_due = media + 1e-6 >= due
                frame = None
                if wanted or is_due:
                    ok, frame = capture.retrieve()
                    frame = frame if ok else None
                if held is not None:
                    # A pair further apart than a camera's next frame would not show a flame's
                    # flicker within one step (the 5 and 10 fps clips of the standard set).
                    close = media - held[1] <= PAIR_GAP + 1e-6
                    yield held[0], held[1], frame if wanted and close else None
                    held = None
                if is_due and frame is not None:
                    due = max(due + 1.0 / FPS, media - 0.5 / FPS)
                    held = (frame, media)
            if held is not None:
                yield held[0], held[1], None
        finally:
            capture.release()


def trace_line(analyzer: Analyzer, media: float) -> str:
    """One frame of the hazard stages' own measures, each with the test that refused it."""
    f, s = analyzer.flame, analyzer.smoke
    fp, sp = f.params, s.params
    tampered = ",".join(sorted(k for k, v in analyzer.tamper.active.items() if v)) or "-"
    on = {True: "ON ", False: "-  "}
    flame_on = "HELD" if f.held else on[f.active]
    return (
        f"{media:6.1f}  flame cand {100 * f.candidate:5.2f}% swing {f.score:5.1f} "
        f"hot {f.hot:4.2f} toggle {f.toggling:4.2f} rigid {f.rigid:4.2f} yellow {f.yellow:4.2f} "
        f"flutter {f.flutter:5.2f} view {f.view_shift:4.1f} carried {f.carried:4.2f} "
        f"slide {f.slide:4.2f} face {f.face:4.2f}x{f.faces} white {f.whiteness:4.2f} "
        f"{f.refused or 'SEEN':7s} ev {f.evidence:2d}/{fp.persistence} {flame_on}"
        f"| smoke area {100 * s.score:5.2f}% texture {s.texture:4.2f} veil {s.veil:4.1f} "
        f"shake {s.shift[0]:+4.1f},{s.shift[1]:+4.1f} pan {s.pan:4.1f} zoom {s.zoom:4.2f} "
        f"{s.refused or 'SEEN':13s} ev {s.evidence:2d}/{sp.persistence} {on[s.active]}"
        f"| tamper {tampered}"
    )


def first(run: Run, kind: str, after: float, tamper: str | None = None) -> float | None:
    """Time of the first event of a kind at or after `after` - EARLY."""
    for etype, t, data in run.events:
        if etype == kind and t >= after - EARLY and (tamper is None or data.get("kind") == tamper):
            return t
    return None


def shows_no_flame(clip: dict[str, Any]) -> bool:
    """A smoke clip without a `fire` label: no flame at any time, so any flame alarm is false."""
    return bool(clip["kind"] == "smoke" and "fire" not in clip["labels"])


def summarise(runs: dict[str, Run], clips: list[dict[str, Any]]) -> dict[str, Any]:
    """Delays per clip, false alarms per hour, and stage costs."""
    out: dict[str, Any] = {
        "fire": [],
        "smoke": [],
        "tamper": [],
        "false": [],
        "flame_without_fire": [],
    }
    false_hours = 0.0
    false_counts: defaultdict[str, int] = defaultdict(int)
    totals: defaultdict[str, float] = defaultdict(float)
    frames = 0
    for clip in clips:
        run = runs.get(clip["clip"])
        if run is None:
            continue
        labels = clip["labels"]
        frames += run.frames
        for stage, seconds in run.timings.items():
            totals[stage] += seconds
        if "fire" in labels and clip["kind"] == "fire":
            t = first(run, "flame_started", labels["fire"])
            delay = None if t is None else max(0.0, t - labels["fire"])
            early = [
                e[1]
                for e in run.events
                if e[0] == "flame_started" and e[1] < labels["fire"] - EARLY
            ]
            out["fire"].append({"clip": clip["clip"], "delay": delay, "early": early})
        if "smoke" in labels:
            t = first(run, "smoke_started", labels["smoke"])
            delay = None if t is None else max(0.0, t - labels["smoke"])
            out["smoke"].append({"clip": clip["clip"], "set": clip["kind"], "delay": delay})
        if shows_no_flame(clip):
            flames = [round(e[1], 1) for e in run.events if e[0] == "flame_started"]
            out["flame_without_fire"].append({"clip": clip["clip"], "times": flames})
        if clip["kind"] == "tamper":
            kind = labels["tamper"]
            t = first(run, "tamper_started", labels["start"], kind)
            delay = None if t is None else max(0.0, t - labels["start"])
            wrong = [
                (e[2].get("kind"), round(e[1], 1))
                for e in run.events
                if e[0] == "tamper_started"
                and (e[2].get("kind") != kind or e[1] < labels["start"] - EARLY)
            ]
            out["tamper"].append(
                {"clip": clip["clip"], "kind": kind, "delay": delay, "wrong": wrong}
            )
            false_counts["tamper"] += len(wrong)
        if clip["kind"] in ("nonfire", "tamper"):
            false_hours += run.duration / 3600.0
            for kind, excused in (
                ("flame_started", labels.get("flame_ok", False)),
                ("smoke_started", labels.get("smoke_ok", False)),
                ("tamper_started", labels.get("camera_moving", False)),
            ):
                if kind == "tamper_started" and clip["kind"] == "tamper":
                    continue  # judged above, against its labels
                times = [round(e[1], 1) for e in run.events if e[0] == kind]
                if times:
                    out["false"].append(
                        {
                            "clip": clip["clip"],
                            "event": kind,
                            "times": times,
                            "counted": not excused,
                        }
                    )
                    if not excused:
                        false_counts[kind.split("_")[0]] += len(times)
    out["false_hours"] = false_hours
    out["false_counts"] = dict(false_counts)
    out["frames"] = frames
    out["ms_per_frame"] = {k: 1000 * v / max(frames, 1) for k, v in sorted(totals.items())}
    out["hazard_ms"] = sum(out["ms_per_frame"].get(s, 0.0) for s in HAZARD_STAGES)
    out["people_ms"] = sum(out["ms_per_frame"].get(s, 0.0) for s in PEOPLE_STAGES)
    return out


def _fmt(delay: float | None) -> str:
    return "missed" if delay is None else f"{delay:.1f} s"


# Held-out rounds collected but not yet measured (their clips' names hold the infix): they are
# left out of every run unless `--only` names the round, so that no run made while developing
# looks at them before the one measurement they are kept for. Emptied once that is done.
UNMEASURED_ROUNDS: tuple[str, ...] = ("_h3_",)


def unmeasured(name: str, only: str = "") -> bool:
    """Whether a clip belongs to a held-out round not yet measured, and `only` does not name
    that round."""
    return any(r in name and r not in only for r in UNMEASURED_ROUNDS)


def select_clips(
    only: str, native: bool, heldout: bool = False
) -> tuple[list[dict[str, Any]], list[tuple[dict[str, Any], Path]], list[str]]:
    """The manifest's clips whose name contains `only`; those on disk, with their paths; and
    the names of those missing (listed by the caller, never silently left out).

    Held-out clips only with `heldout`: the stage replays that thresholds are tuned with
    (flame_stage.py, smoke_stage.py) never see them; this benchmark reports them apart. A
    round not yet measured (UNMEASURED_ROUNDS) only when `only` names it.
    """
    clips = [
        c
        for c in json.loads(MANIFEST.read_text())["clips"]
        if only in c["clip"]
        and (heldout or not c.get("heldout"))
        and not unmeasured(c["clip"], only)
    ]
    folder = footage_dir(native)
    present = [(c, folder / c["clip"]) for c in clips if (folder / c["clip"]).is_file()]
    missing = [c["clip"] for c in clips if not (folder / c["clip"]).is_file()]
    return clips, present, missing


def _fire_smoke_lines(result: dict[str, Any], what: str = "") -> list[str]:
    """The flame and smoke headline figures with their per-clip tables."""
    lines = []
    fire = result["fire"]
    ok = [f for f in fire if f["delay"] is not None and f["delay"] <= 3.0]
    lines.append(f"Flame{what}: {len(ok)}/{len(fire)} fire clips alarmed within 3 s")
    lines.append("| clip | flame delay | early alarms |\n|---|---|---|")
    lines += [f"| {f['clip']} | {_fmt(f['delay'])} | {f['early'] or ''} |" for f in fire]
    smoke = result["smoke"]
    ok_s = [s for s in smoke if s["delay"] is not None and s["delay"] <= 10.0]
    lines.append(
        f"\nSmoke{what}: {len(ok_s)}/{len(smoke)} clips with visible smoke alarmed within 10 s"
    )
    lines.append("| clip | set | smoke delay |\n|---|---|---|")
    lines += [f"| {s['clip']} | {s['set']} | {_fmt(s['delay'])} |" for s in smoke]
    plain = result["flame_without_fire"]
    wrong = [f for f in plain if f["times"]]
    lines.append(
        f"\nFlame alarms on smoke clips without flame{what}: {len(wrong)} of {len(plain)} clips"
    )
    lines += [f"- {f['clip']}: flame_started at {f['times']}" for f in wrong]
    return lines


def _false_lines(result: dict[str, Any]) -> list[str]:
    """False alarms per hour of footage without fire, and each one."""
    hours = result["false_hours"]
    counts = result["false_counts"]
    lines = [f"\nFalse alarms over {hours * 60:.1f} min of footage without fire:"]
    for kind in ("flame", "smoke", "tamper"):
        n = counts.get(kind, 0)
        lines.append(f"- {kind}: {n} ({n / max(hours, 1e-9):.1f} per hour)")
    for f in result["false"]:
        note = "" if f["counted"] else " (not counted: labelled)"
        lines.append(f"  - {f['clip']}: {f['event']} at {f['times']}{note}")
    return lines


def heldout_report(result: dict[str, Any]) -> str:
    """Markdown for the held-out clips: the same figures, never mixed with the tuned ones."""
    lines = ["Held out (never tuned on)", ""]
    lines += _fire_smoke_lines(result, " (held out)")
    if result["false_hours"] > 0:
        lines += _false_lines(result)
    else:
        lines.append("\nFalse alarms: no held-out footage without fire (none measured)")
    early = [f for f in result["fire"] if f["early"]]
    lines.append(f"\nFlame alarms before the labelled first flame: {len(early)} clip(s)")
    return "\n".join(lines)


def report(
    result: dict[str, Any], missing: list[str], heldout: dict[str, Any] | None = None
) -> str:
    """Markdown for docs/accuracy.md: the tuned clips, then the held-out ones apart.

    With only held-out clips run (--only matching none of the others) the tuned part is left
    out rather than printed as 0/0.
    """
    lines: list[str] = []
    if result["frames"] or heldout is None or not heldout["frames"]:
        lines += _fire_smoke_lines(result)
        lines.append("\nTamper")
        lines.append("| clip | kind | delay | other tamper events |\n|---|---|---|---|")
        lines += [
            f"| {t['clip']} | {t['kind']} | {_fmt(t['delay'])} | {t['wrong'] or ''} |"
            for t in result["tamper"]
        ]
        lines += _false_lines(result)
        ms = result["ms_per_frame"]
        lines.append(
            f"\nCost per analysed frame ({result['frames']} frames): hazard stages "
            f"{result['hazard_ms']:.2f} ms (tamper {ms.get('tamper', 0):.2f}, flame "
            f"{ms.get('flame', 0):.2f}, smoke {ms.get('smoke', 0):.2f}); people path "
            f"{result['people_ms']:.2f} ms; ratio "
            f"{result['hazard_ms'] / max(result['people_ms'], 1e-9):.2f}"
        )
    if heldout is not None and heldout["frames"]:
        lines.append(("\n" if lines else "") + heldout_report(heldout))
    if missing:
        lines.append(f"\nMissing clips (not run): {', '.join(missing)}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run every clip in the manifest that is present."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only clips whose name contains this")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--trace", metavar="CLIP", help="per-frame stage measures of one clip")
    parser.add_argument(
        "--native", action="store_true", help="the clips at their source's own frame rate"
    )
    parser.add_argument(
        "--pairs",
        choices=("asked", "always", "off"),
        default="asked",
        help="when the next source frame goes with an analysed one (default: when asked)",
    )
    args = parser.parse_args(argv)
    if args.trace:
        path = footage_dir(args.native) / args.trace
        if not path.is_file():
            print(f"{path} is missing", file=sys.stderr)
            return 1
        run_clip(path, trace=sys.stdout, pairs=args.pairs)
        return 0
    clips, present, missing = select_clips(args.only, args.native, heldout=True)
    runs = {clip["clip"]: run_clip(path, pairs=args.pairs) for clip, path in present}
    tuned, held = split_heldout(clips)
    # The main figures on the tuned clips only (comparable with every figure before the
    # held-out set existed); the held-out clips' figures apart.
    result = summarise(runs, tuned)
    heldout = summarise(runs, held)
    print(report(result, missing, heldout))
    if args.json:
        args.json.write_text(
            json.dumps({"result": result, "heldout": heldout, "missing": missing}, indent=1) + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
