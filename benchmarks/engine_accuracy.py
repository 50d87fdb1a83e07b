"""Counting, flame delay and false alarms on a randomised synthetic suite: regressions only.

Not an accuracy figure for people: since issue 14 people come from a person detector, and the
synthetic scenes' people are one real photo slid across a drawn shop. People accuracy is
measured on real footage (benchmarks/engine_people.py, docs/cameras.md).

Run: .venv/bin/python benchmarks/engine_accuracy.py [variants]
Each variant is a freshly generated scene (seeded, so reruns give the same figures): people
with random positions, speeds, directions and clothes crossing a line; flames at random
places, sizes and start times; and distractor clips (people in red or orange clothes, warm
lamps, sunlit patches) that must raise no flame. Clips are written as MJPG/AVI and analysed
through OpenCV at 5 fps exactly as the engine does (unmanned_store_engine.pipeline).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
import random
import statistics
import sys
import tempfile

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.engine import scenes  # noqa: E402
from unmanned_store_engine.config import parse_camera  # noqa: E402
from unmanned_store_engine.pipeline import analyse_file  # noqa: E402

LINE_Y = 0.55


def colour(rng: random.Random) -> tuple[int, int, int]:
    """A random shirt colour (BGR)."""
    return (rng.randrange(20, 230), rng.randrange(20, 230), rng.randrange(20, 230))


def counting_variant(seed: int) -> scenes.Scene:
    """Five to eight people walking across the line in random directions, overlapping in time."""
    rng = random.Random(seed)
    actors = []
    lanes = [0.12, 0.3, 0.48, 0.66, 0.84]
    for i in range(rng.randrange(5, 9)):
        start = 0.5 + i * 1.6 + rng.uniform(0, 0.8)
        walk = rng.uniform(3.0, 5.0)
        x = lanes[i % len(lanes)] + rng.uniform(-0.04, 0.04)
        drift = rng.uniform(-0.05, 0.05)
        up = rng.random() < 0.5
        y0, y1 = (1.05, 0.1) if up else (-0.05, 1.0)
        actors.append(
            scenes.Actor(((start, x, y0), (start + walk, x + drift, y1)), shirt=colour(rng))
        )
    duration = max(a.keys[-1][0] for a in actors) + 1.0
    return scenes.Scene(
        f"count{seed}", duration=duration, fps=10.0, seed=seed, actors=tuple(actors)
    )


def flame_variant(seed: int) -> scenes.Scene:
    """A flame at a random floor position and start time, with a passer-by."""
    rng = random.Random(seed)
    start = rng.uniform(1.5, 4.0)
    x, y = rng.uniform(0.1, 0.9), rng.uniform(0.55, 0.95)
    walker = scenes.Actor(((0.5, -0.05, 0.6), (5.5, 1.05, 0.6)), shirt=colour(rng))
    return scenes.Scene(
        f"flame{seed}",
        duration=start + 5.0,
        seed=seed,
        flame=(start, start + 10, x, y),
        actors=(walker,),
    )


def distractor_variant(seed: int) -> scenes.Scene:
    """Warm lamp, sunlit patch and people in red/orange clothes walking and lingering."""
    rng = random.Random(seed)
    reds = [(40, 30, 200), (30, 60, 220), (20, 100, 230), (60, 60, 180), (30, 140, 240)]
    actors = tuple(
        scenes.Actor(
            (
                (0.5 + i * 2.5, -0.05, rng.uniform(0.45, 0.75)),
                (3.0 + i * 2.5, rng.uniform(0.3, 0.7), rng.uniform(0.45, 0.75)),
                (6.0 + i * 2.5, 1.05, rng.uniform(0.45, 0.75)),
            ),
            shirt=rng.choice(reds),
            sway=0.03,
        )
        for i in range(3)
    )
    return scenes.Scene(
        f"distract{seed}", duration=14.0, seed=seed, lamp=(1.0, 14.0), sun=True, actors=actors
    )


def main(variants: int) -> None:
    """Generate, analyse and score."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        line = [{"id": "l", "p1": [0.02, LINE_Y], "p2": [0.98, LINE_Y]}]
        truth_total = counted_right = 0
        exact = 0
        errors: Counter[int] = Counter()
        for seed in range(variants):
            scene = counting_variant(seed)
            path = scene.write(directory / f"{scene.name}.avi")
            found, _ = analyse_file(
                parse_camera({"id": "c", "source": str(path), "lines": line}), path
            )
            truth = scene.crossings(LINE_Y)
            got = (
                sum(d.type == "crossing_in" for d in found),
                sum(d.type == "crossing_out" for d in found),
            )
            truth_total += sum(truth)
            counted_right += sum(truth) - abs(got[0] - truth[0]) - abs(got[1] - truth[1])
            exact += got == truth
            errors[abs(got[0] - truth[0]) + abs(got[1] - truth[1])] += 1
        print(f"counting: {variants} clips, {truth_total} true crossings")
        print(f"  clips counted exactly: {exact}/{variants}")
        print(
            f"  crossing accuracy (1 - |errors| / truth): {100 * counted_right / truth_total:.1f} %"
        )
        print(f"  errors per clip: {dict(sorted(errors.items()))}")

        delays: list[float] = []
        misses = 0
        for seed in range(variants):
            scene = flame_variant(seed)
            assert scene.flame is not None
            path = scene.write(directory / f"{scene.name}.avi")
            found, _ = analyse_file(parse_camera({"id": "c", "source": str(path)}), path)
            starts = [d.media_time for d in found if d.type == "flame_started"]
            early = [t for t in starts if t < scene.flame[0]]
            if starts and not early:
                delays.append(starts[0] - scene.flame[0])
            else:
                misses += 1
        print(f"flame: {variants} clips")
        if delays:
            print(
                f"  detected {len(delays)}/{variants}; "
                f"delay mean {statistics.fmean(delays):.2f} s, "
                f"max {max(delays):.2f} s; within 3 s: {sum(d <= 3 for d in delays)}"
            )
        print(f"  missed or early: {misses}")

        alarms = 0
        seconds = 0.0
        for seed in range(variants):
            scene = distractor_variant(seed)
            path = scene.write(directory / f"{scene.name}.avi")
            found, _ = analyse_file(parse_camera({"id": "c", "source": str(path)}), path)
            alarms += sum(d.type == "flame_started" for d in found)
            seconds += scene.duration
        print(
            f"distractors: {variants} clips, {seconds / 60:.1f} min of red/orange clothes, "
            f"lamps and sunlight: {alarms} false flame alarms"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 12)
