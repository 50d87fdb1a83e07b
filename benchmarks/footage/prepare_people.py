"""Re-create the people clips of benchmarks/footage/people.json, byte for byte, from their sources.

Run: .venv/bin/python benchmarks/footage/prepare_people.py MIRRORS [CLIP ...]
     .venv/bin/python benchmarks/footage/prepare_people.py --repos   (the repositories to fetch)

MIRRORS holds one git directory per source repository, named as this workplace's `fetch` tool
lays them out: `MIRRORS/<owner>+<name>/repo` (elsewhere, `git clone --bare` into that layout).
Each clip's source file is read at its recorded commit (`git cat-file`), so a newer snapshot of
the repository serves as long as it still holds that commit. The clips go to
$UNMANNED_STORE_FOOTAGE/people (default <repo>/../shared/footage/people).

The encoder is the FFmpeg 7.0.2 build that imageio-ffmpeg 0.6.0 ships (`pip install
imageio-ffmpeg==0.6.0`, not a project dependency), or the program in $FFMPEG. The manifest is
never rewritten: a clip whose SHA-256 differs from it is reported (another FFmpeg build gives
other bytes: then compare frame count, fps and size, and look at the clip before re-labelling
anything) and the exit status is 1.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
import subprocess
import sys
import tempfile
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "benchmarks" / "footage" / "people.json"

# The FFmpeg input and filter options of each clip, as the manifest's `processing` says; every
# clip then gets the same H.264 encode (ENCODE). Keyed by the clip's number.
OPTIONS: dict[str, list[str]] = {
    "p01": ["-r", "15"],
    "p02": ["-r", "15"],
    "p03": ["-r", "12.5"],
    "p04": ["-r", "12.5"],
    "p05": ["-r", "12.5"],
    "p06": ["-r", "12.5"],
    "p07": ["-r", "15"],
    "p08": ["-vf", "scale=640:360"],
    "p09": ["-r", "12.5"],
    "p10": [],
    "p11": [
        "-r",
        "12.5",
        "-vf",
        "eq=brightness='-0.3*clip((t-1.5)/0.2,0,1)*clip((3.7-t)/0.2,0,1)':eval=frame",
    ],
    "p12": ["-vf", "scale=640:400"],
    "p13": ["-vf", "scale=640:360"],
    "p14": [],
    "p15": [],
    "p16": ["-vf", "scale=640:360"],
    "p17": ["-vf", "scale=640:360"],
    "p18": [],
    "p19": [],
    "p20": ["-vf", "trim=start_frame=1260:end_frame=2160,setpts=N/30/TB", "-r", "30"],
    # Held out (never tuned on): benchmarks/footage/README.md.
    "p21": ["-vf", "trim=start_frame=90:end_frame=947,setpts=N/15/TB", "-r", "15"],
    "p22": ["-vf", "scale=640:-2"],
    "p23": [],
}

ENCODE = [
    "-an",
    "-c:v",
    "libx264",
    "-preset",
    "slow",
    "-crf",
    "20",
    "-pix_fmt",
    "yuv420p",
    "-movflags",
    "+faststart",
    "-map_metadata",
    "-1",
    "-fflags",
    "+bitexact",
    "-flags:v",
    "+bitexact",
]


def footage_dir() -> Path:
    """Where the clips live (outside git)."""
    base = os.environ.get("UNMANNED_STORE_FOOTAGE")
    return (Path(base) if base else ROOT.parent / "shared" / "footage") / "people"


def ffmpeg() -> str:
    """The encoder: $FFMPEG, else imageio-ffmpeg's build."""
    if program := os.environ.get("FFMPEG"):
        return program
    try:
        import imageio_ffmpeg  # type: ignore[import-not-found, unused-ignore]
    except ImportError as err:
        raise SystemExit(
            "FFmpeg 7.0.2 is needed: pip install imageio-ffmpeg==0.6.0, or set FFMPEG"
        ) from err
    return str(imageio_ffmpeg.get_ffmpeg_exe())


def mirror(mirrors: Path, repository: str) -> Path:
    """The repository's git directory: `repo`, or `repo/.git` where the snapshot has a work tree."""
    base = mirrors / repository.replace("/", "+") / "repo"
    for git_dir in (base / ".git", base):
        if (git_dir / "HEAD").is_file():
            return git_dir
    raise FileNotFoundError(f"{repository}: no git directory at {base}")


def source_bytes(mirrors: Path, source: dict[str, str]) -> bytes:
    """The source file at its recorded commit, from the repository's git directory."""
    git_dir = mirror(mirrors, source["repository"])
    done = subprocess.run(
        [
            "git",
            "--git-dir",
            str(git_dir),
            "cat-file",
            "blob",
            f"{source['commit']}:{source['path']}",
        ],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise FileNotFoundError(
            f"{source['repository']}@{source['commit'][:7]}:{source['path']}: "
            + done.stderr.decode(errors="replace").strip()
        )
    return done.stdout


def write_clip(clip: dict[str, Any], mirrors: Path, out_dir: Path, encoder: str) -> str:
    """Encode one clip; its SHA-256."""
    number = Path(clip["file"]).name[:3]
    target = out_dir / Path(clip["file"]).name
    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / Path(clip["source"]["path"]).name
        raw.write_bytes(source_bytes(mirrors, clip["source"]))
        subprocess.run(
            [
                encoder,
                "-y",
                "-loglevel",
                "error",
                "-i",
                str(raw),
                *OPTIONS[number],
                *ENCODE,
                str(target),
            ],
            check=True,
        )
    return hashlib.sha256(target.read_bytes()).hexdigest()


def main(argv: list[str]) -> int:
    """Write every clip (or only those whose number or name is given); 1 when any differs."""
    if len(argv) < 2:
        print(__doc__)
        return 2
    if argv[1] == "--repos":
        print(
            "\n".join(
                sorted(
                    {c["source"]["repository"] for c in json.loads(MANIFEST.read_text())["clips"]}
                )
            )
        )
        return 0
    mirrors, only = Path(argv[1]), set(argv[2:])
    clips = json.loads(MANIFEST.read_text())["clips"]
    if only:
        clips = [c for c in clips if {Path(c["file"]).name[:3], Path(c["file"]).stem} & only]
        if not clips:
            print("no clip matches", ", ".join(sorted(only)))
            return 2
    out_dir = footage_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    encoder = ffmpeg()
    differ = 0
    for clip in clips:
        try:
            digest = write_clip(clip, mirrors, out_dir, encoder)
        except (FileNotFoundError, subprocess.CalledProcessError) as err:
            print(f"{clip['file']}: FAILED: {err}")
            differ += 1
            continue
        same = digest == clip["sha256"]
        differ += not same
        print(f"{clip['file']}: {'ok' if same else f'DIFFERS (sha256 {digest})'}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
