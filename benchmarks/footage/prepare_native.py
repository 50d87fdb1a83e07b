"""Write the hazard clips again at their source's own frame rate, for cues between frames.

Run: .venv/bin/python benchmarks/footage/prepare_native.py RAW_DIR [CLIP ...]

The clips of benchmarks/footage/hazards.json are resampled to 5 fps (non-fire, tamper) or
10 fps (fire): the frame after an analysed one is then 100-200 ms later, not the 33-40 ms a live
camera gives. This writes the same clips (same trims, sizes, tamper operations and labels, which
are in seconds) at the raw file's own rate into $UNMANNED_STORE_FOOTAGE/hazards_native, for
`benchmarks/hazard_footage.py --native`. It does not touch the manifest; nothing is committed.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
import sys

import cv2

sys.path.insert(0, str(Path(__file__).resolve().parent))

from prepare_hazards import CLIPS, arguments, footage_dir, write_clip


def main(argv: list[str]) -> int:
    """Write every clip (or only the named ones) at its source's frame rate."""
    parsed = arguments(argv, __doc__)
    if parsed is None:
        return 2
    raw_dir, only = parsed
    out_dir = footage_dir().parent / "hazards_native"
    out_dir.mkdir(parents=True, exist_ok=True)
    for clip in CLIPS:
        if only and clip.name not in only:
            continue
        capture = cv2.VideoCapture(str(raw_dir / clip.raw))
        fps = capture.get(cv2.CAP_PROP_FPS)
        capture.release()
        # Some containers report nonsense rates; those keep the manifest's rate.
        native = fps if 5.0 <= fps <= 60.0 else clip.fps
        entry = write_clip(replace(clip, fps=native), raw_dir, out_dir)
        print(entry["clip"], f"{native:.2f} fps", entry["duration"], "s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
