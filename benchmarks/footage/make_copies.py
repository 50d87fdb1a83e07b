"""Re-encoded copies of the labelled people clips: the same scenes as another camera sends them.

Run: .venv/bin/python benchmarks/footage/make_copies.py OUT [CLIP ...]
then: .venv/bin/python -m benchmarks.person_models --copies OUT/<copy> [--clips ...]

An evaluation's footage is encoded its own way and often at another frame rate, and the
counting figures of the labelled clips move with the encoder's noise alone (docs/accuracy.md,
"Other encoders and frame rates"). Each copy keeps the clip's timing, so the labels (media
times) hold for it, and changes one thing:

- `crf18`: the clip's own frame rate and size, H.264 at CRF 18 (another encoder's noise);
- `crf28`: the same at CRF 28 (a cheap camera's stream);
- `w384`: 384 px wide (CAVIAR's size);
- `fps6`, `fps7`, `fps8`, `fps10`: resampled to 6, 7, 8 and 10 frames a second (PETS 2009 and
  many recorders send 7);
- `mp4v6`, `mp4v7`, `mp4v8`: another encoder at those rates: OpenCV's MPEG-4 Part 2 writer,
  each the source frame nearest to its time (docs/accuracy.md, "Sources slower than twice the
  analysis rate").

The copies go to OUT/<copy>/people/<clip file>, laid out as $UNMANNED_STORE_FOOTAGE is, and are
never committed (footage rule). Default clips: the 8 labelled ones with the most crossings
(146 labelled). FFmpeg as prepare_people.py finds it ($FFMPEG, else imageio-ffmpeg 0.6.0).
Tuning on the copies is tuning on the labelled clips: they are a check of robustness, not
held-out footage.
"""

from __future__ import annotations

from pathlib import Path
import subprocess
import sys

import cv2

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.footage.prepare_people import ffmpeg  # noqa: E402
from benchmarks.real_footage import footage_root, load_manifest  # noqa: E402

DEFAULT_CLIPS = ("p02", "p10", "p12", "p13", "p17", "p18", "p19", "p20")
COPIES: dict[str, list[str]] = {
    "crf18": ["-crf", "18"],
    "crf28": ["-crf", "28"],
    "w384": ["-vf", "scale=384:-2", "-crf", "20"],
    "fps6": ["-r", "6", "-crf", "18"],
    "fps7": ["-r", "7", "-crf", "18"],
    "fps8": ["-r", "8", "-crf", "18"],
    "fps10": ["-r", "10", "-crf", "18"],
}
# Made with OpenCV instead of FFmpeg: the frame rate of each.
OPENCV_COPIES: dict[str, float] = {"mp4v6": 6.0, "mp4v7": 7.0, "mp4v8": 8.0}


def opencv_copy(source: Path, target: Path, rate: float, codec: str = "mp4v") -> int:
    """The source at `rate` fps, each frame the source frame nearest to its time, written by
    OpenCV with `codec` (a FourCC; MPEG-4 Part 2 by default); returns the frames written."""
    capture = cv2.VideoCapture(str(source))
    source_rate = capture.get(cv2.CAP_PROP_FPS)
    writer: cv2.VideoWriter | None = None
    index = written = 0
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        # Source frame `index` is the nearest to copy frame `written` when it is its first.
        if round(written * source_rate / rate) == index:
            if writer is None:
                height, width = frame.shape[:2]
                fourcc = cv2.VideoWriter.fourcc(*codec)
                writer = cv2.VideoWriter(str(target), fourcc, rate, (width, height))
            writer.write(frame)
            written += 1
        index += 1
    capture.release()
    if writer is None:
        raise SystemExit(f"{source}: no frame could be read")
    writer.release()
    return written


def main(argv: list[str]) -> int:
    """Make every copy of every chosen clip; the exit status is 1 when a source is missing."""
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    out, wanted = Path(argv[0]), argv[1:] or list(DEFAULT_CLIPS)
    encoder = ffmpeg()
    status = 0
    for clip in load_manifest()["clips"]:
        if not any(clip["name"].startswith(w) for w in wanted):
            continue
        source = footage_root() / clip["file"]
        if not source.is_file():
            print(f"MISSING {clip['name']}: no {source}")
            status = 1
            continue
        for name, options in COPIES.items():
            target = out / name / clip["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [
                    *(encoder, "-loglevel", "error", "-y", "-i", str(source), *options),
                    *("-an", "-c:v", "libx264", "-preset", "fast", "-pix_fmt", "yuv420p"),
                    str(target),
                ],
                check=True,
            )
            print(f"{name}/{clip['file']}")
        for name, rate in OPENCV_COPIES.items():
            target = out / name / clip["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            opencv_copy(source, target, rate)
            print(f"{name}/{clip['file']}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
