"""Deterministic synthetic shop video with exact ground truth.

A scene is a textured shop background with sensor noise, people following key-framed paths,
and optional events: a flickering
flame, distractors that look like fire to a colour-only detector (red clothes, a warm lamp, a
sunlit patch), a covered lens, a defocus, a shifted view, and a QR code held up. Scenes render
the same pixels for the same seed and write real video files that OpenCV decodes.

People are drawn one of two ways. Figures (head, body, legs, a soft shadow) are what the
geometry and rule tests use; the person detector rightly does not see them as people. For
tests that need the engine to find a person end to end, `photo=True` draws a real person
instead: the public-domain NASA portrait shipped inside scikit-image's wheel
(`skimage.data.astronaut()`, Eileen Collins), cut out and moved along the same path. That is
for plumbing and coverage only: a single photo slid across a drawn shop says nothing about
accuracy on real cameras (docs/accuracy.md has the real-footage figures).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
import math
from pathlib import Path
from typing import Any

import cv2
from cv2.typing import MatLike
import numpy as np
import segno

WIDTH, HEIGHT = 640, 360
Frame = MatLike
_NOISE_FRAMES = 12
Key = tuple[float, float, float]  # (seconds, x, y) of the figure's centre, normalised


@dataclass(frozen=True)
class Actor:
    """A person following straight segments between key frames; absent outside them."""

    keys: tuple[Key, ...]
    shirt: tuple[int, int, int] = (150, 90, 40)
    trousers: tuple[int, int, int] = (40, 40, 50)
    sway: float = 0.0
    scale: float = 1.0

    def position(self, t: float) -> tuple[float, float] | None:
        """The centre at time t, or None when the person is not in view."""
        keys = self.keys
        if t < keys[0][0] or t > keys[-1][0]:
            return None
        for (t0, x0, y0), (t1, x1, y1) in pairwise(keys):
            if t0 <= t <= t1:
                a = 0.0 if t1 == t0 else (t - t0) / (t1 - t0)
                x = x0 + (x1 - x0) * a
                y = y0 + (y1 - y0) * a
                if self.sway:
                    # Someone waiting shifts weight and steps about; keeps them "moving".
                    x += self.sway * math.sin(t * 2.1)
                    y += self.sway * 0.5 * math.sin(t * 1.3)
                return (x, y)
        return (keys[-1][1], keys[-1][2])


@dataclass(frozen=True)
class Scene:
    """Everything in a clip; times in seconds."""

    name: str
    duration: float
    fps: float = 5.0
    seed: int = 1
    actors: tuple[Actor, ...] = ()
    flame: tuple[float, float, float, float] | None = None  # start, end, x, y
    lamp: tuple[float, float] | None = None
    sun: bool = False
    cover: tuple[float, float] | None = None
    blur: tuple[float, float] | None = None
    shift: tuple[float, float, int, int] | None = None
    qr: tuple[float, float, str] | None = None
    noise: float = 3.0
    photo: bool = True
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def frame_count(self) -> int:
        """Frames in the clip."""
        return round(self.duration * self.fps)

    def background(self) -> Frame:
        """The empty shop: floor gradient, shelves with goods, a door frame."""
        if "bg" in self._cache:
            cached: Frame = self._cache["bg"]
            return cached
        rng = np.random.default_rng(self.seed)
        ys = np.linspace(0, 1, HEIGHT, dtype=np.float32)[:, None]
        base = np.empty((HEIGHT, WIDTH, 3), np.float32)
        base[:] = (120 + 40 * ys)[..., None] * np.array([0.9, 1.0, 1.05], np.float32)
        img = base.astype(np.uint8)
        for i in range(6):
            x = 20 + i * 105
            cv2.rectangle(img, (x, 20), (x + 80, 120), (70, 80, 95), -1)
            for shelf in range(3):
                yy = 35 + shelf * 30
                for item in range(5):
                    colour = tuple(int(c) for c in rng.integers(40, 220, 3))
                    cv2.rectangle(
                        img, (x + 4 + item * 15, yy), (x + 14 + item * 15, yy + 20), colour, -1
                    )
        cv2.rectangle(img, (270, 300), (370, 359), (90, 90, 90), 3)
        self._cache["bg"] = img
        return img

    def frames(self) -> Iterator[tuple[float, Frame]]:
        """(time, frame) for every frame of the clip."""
        rng = np.random.default_rng(self.seed + 1000)
        for index in range(self.frame_count):
            t = index / self.fps
            yield t, self.render(t, rng)

    def render(self, t: float, rng: np.random.Generator) -> Frame:
        """The frame at time t (noise drawn from rng)."""
        img = self.background().copy()
        if self.sun:
            self._draw_sun(img, t)
        if self.lamp and self.lamp[0] <= t <= self.lamp[1]:
            cv2.circle(img, (560, 180), 26, (170, 235, 255), -1)
            cv2.circle(img, (560, 180), 16, (225, 250, 255), -1)
        if self.flame and self.flame[0] <= t <= self.flame[1]:
            self._draw_flame(img, t, self.flame[2], self.flame[3])
        for actor in sorted(self.actors, key=lambda a: (a.position(t) or (0, 0))[1]):
            pos = actor.position(t)
            if pos is not None and self.photo:
                draw_photo_person(img, pos, actor)
            elif pos is not None:
                draw_person(img, pos, actor, t)
        if self.qr and self.qr[0] <= t <= self.qr[1]:
            self._draw_qr(img, self.qr[2])
        if self.shift and self.shift[0] <= t <= self.shift[1]:
            m = np.array([[1, 0, self.shift[2]], [0, 1, self.shift[3]]], np.float32)
            img = cv2.warpAffine(img, m, (WIDTH, HEIGHT), borderMode=cv2.BORDER_REFLECT)
        if self.blur and self.blur[0] <= t <= self.blur[1]:
            # A lens out of focus: detail gone (downscale-upscale is a cheap strong blur).
            small = cv2.resize(img, (WIDTH // 8, HEIGHT // 8), interpolation=cv2.INTER_AREA)
            img = cv2.resize(small, (WIDTH, HEIGHT), interpolation=cv2.INTER_LINEAR)
        if self.cover and self.cover[0] <= t <= self.cover[1]:
            # A hand or tape over the lens: almost black, a little light leaks at one side.
            img = np.full_like(img, 12)
            img[:, :60] = 22
        up, down = self._noise()[int(rng.integers(0, _NOISE_FRAMES))]
        return cv2.subtract(cv2.add(img, up), down)

    def _noise(self) -> list[tuple[Frame, Frame]]:
        # Gaussian sensor noise, drawn once per scene: per-frame float noise dominated the
        # render time, and a pool of frames drawn at random looks the same to the engine.
        if "noise" not in self._cache:
            rng = np.random.default_rng(self.seed + 7)
            pool = []
            for _ in range(_NOISE_FRAMES):
                n = np.rint(rng.normal(0, self.noise, (HEIGHT, WIDTH, 3))).astype(np.int16)
                pool.append(
                    (np.clip(n, 0, 255).astype(np.uint8), np.clip(-n, 0, 255).astype(np.uint8))
                )
            self._cache["noise"] = pool
        noise: list[tuple[Frame, Frame]] = self._cache["noise"]
        return noise

    def _draw_sun(self, img: Frame, t: float) -> None:
        # A sunlit patch on the floor that slowly drifts and brightens, as through a window.
        x = int(80 + 4 * t)
        pts = np.array([[x, 230], [x + 120, 230], [x + 160, 330], [x + 20, 330]], np.int32)
        overlay = img.copy()
        cv2.fillPoly(overlay, [pts], (150, 215, 245))
        alpha = 0.55 + 0.01 * t
        cv2.addWeighted(overlay, alpha, img, 1 - alpha, 0, img)

    def _draw_flame(self, img: Frame, t: float, x: float, y: float) -> None:
        rng = np.random.default_rng(int(t * 1000) + self.seed)
        cx, base = int(x * WIDTH), int(y * HEIGHT)
        for layer, (colour, width) in enumerate(
            (((0, 90, 230), 26), ((20, 160, 255), 18), ((140, 235, 255), 10))
        ):
            height = int((70 - layer * 18) * (0.7 + 0.6 * rng.random()))
            lean = int(rng.integers(-8, 9))
            pts = np.array(
                [
                    [cx - width, base],
                    [cx - width // 2, base - height // 2],
                    [cx + lean, base - height],
                    [cx + width // 2, base - height // 2 + int(rng.integers(-6, 7))],
                    [cx + width, base],
                ],
                np.int32,
            )
            # Real flames swing by 10-45 grey levels in brightness from frame to frame
            # (measured on real fires, docs/accuracy.md); flat colours would not.
            shade = 0.7 + 0.3 * rng.random()
            cv2.fillPoly(img, [pts], tuple(int(c * shade) for c in colour))

    def _draw_qr(self, img: Frame, text: str) -> None:
        code = segno.make(text, error="m")
        matrix = np.array(code.matrix, np.uint8)
        module = 6
        tile: MatLike = np.where(
            np.kron(matrix, np.ones((module, module), np.uint8)) > 0, 0, 255
        ).astype(np.uint8)
        tile = cv2.copyMakeBorder(tile, 24, 24, 24, 24, cv2.BORDER_CONSTANT, value=255)
        size = tile.shape[0]
        x0, y0 = 250, 150
        if y0 + size > HEIGHT:
            tile = cv2.resize(
                tile, (HEIGHT - y0 - 4, HEIGHT - y0 - 4), interpolation=cv2.INTER_AREA
            )
            size = tile.shape[0]
        img[y0 : y0 + size, x0 : x0 + size] = tile[..., None]

    def write(self, path: Path, codec: str = "MJPG") -> Path:
        """Write the clip (decoded through OpenCV by the engine); the container is the suffix's.

        Motion JPEG by default (an AVI); e.g. "MPG2" for an MPEG program stream (.mpg),
        "mp4v" for MPEG-4 in a transport stream (.ts), as recorders export.
        """
        writer = cv2.VideoWriter(
            str(path), cv2.VideoWriter.fourcc(*codec), self.fps, (WIDTH, HEIGHT)
        )
        if not writer.isOpened():
            raise RuntimeError(f"cannot write {path}")
        for _, frame in self.frames():
            writer.write(frame)
        writer.release()
        return path

    def crossings(self, y_line: float, step: float = 0.01) -> tuple[int, int]:
        """Ground truth (in, out) for a horizontal line at y_line: upwards is in."""
        ins = outs = 0
        for actor in self.actors:
            prev: float | None = None
            t = 0.0
            while t <= self.duration:
                pos = actor.position(t)
                if pos is not None:
                    side = pos[1] - y_line
                    if prev is not None and prev > 0 >= side:
                        ins += 1
                    elif prev is not None and prev <= 0 < side:
                        outs += 1
                    prev = side
                t += step
        return ins, outs


def draw_person(img: Frame, pos: tuple[float, float], actor: Actor, t: float) -> None:
    """A standing figure about 90 px tall whose bounding-box centre is pos, with a shadow."""
    s = actor.scale
    cx, cy = int(pos[0] * WIDTH), int(pos[1] * HEIGHT)
    half = int(45 * s)
    top, bottom = cy - half, cy + half
    # The shadow falls to the lower right on the floor; MOG2 classes it as shadow (darker, same
    # hue) and the engine must not count it as part of a person.
    mask = np.zeros(img.shape[:2], np.uint8)
    cv2.ellipse(mask, (cx + int(22 * s), bottom), (int(26 * s), int(8 * s)), 0, 0, 360, 255, -1)
    shaded = cv2.multiply(img, np.full_like(img, 1), scale=0.6)
    cv2.copyTo(shaded, mask, img)
    stride = int(6 * s * math.sin(t * 8))
    cv2.line(
        img,
        (cx - int(6 * s), cy + int(15 * s)),
        (cx - int(6 * s) - stride, bottom),
        actor.trousers,
        int(9 * s),
    )
    cv2.line(
        img,
        (cx + int(6 * s), cy + int(15 * s)),
        (cx + int(6 * s) + stride, bottom),
        actor.trousers,
        int(9 * s),
    )
    cv2.rectangle(
        img,
        (cx - int(15 * s), top + int(20 * s)),
        (cx + int(15 * s), cy + int(18 * s)),
        actor.shirt,
        -1,
    )
    cv2.circle(img, (cx, top + int(10 * s)), int(10 * s), (140, 170, 205), -1)


_PHOTO: list[Frame] = []
# The photo person's height in pixels at scale 1 (FastestDet found it reliably from ~100 px).
PHOTO_HEIGHT = 120


def _photo() -> Frame:
    """The astronaut's part of the photo (BGR): a whole rectangle, as the network saw it."""
    if not _PHOTO:
        from skimage import data  # only photo scenes need scikit-image

        rgb = np.asarray(data.astronaut())[0:512, 100:420]
        _PHOTO.append(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    return _PHOTO[0]


def draw_photo_person(img: Frame, pos: tuple[float, float], actor: Actor) -> None:
    """The real person photo, PHOTO_HEIGHT px tall (times the actor's scale), centred on pos.

    In colour and uncut: FastestDet found this crop at 100 px in 27 of 27 places on the
    shop background, a grey or cut-out copy in as few as 1 of 27.
    """
    photo = _photo()
    height = int(PHOTO_HEIGHT * actor.scale)
    width = photo.shape[1] * height // photo.shape[0]
    sprite = cv2.resize(photo, (width, height), interpolation=cv2.INTER_AREA)
    x0 = int(pos[0] * WIDTH) - width // 2
    y0 = int(pos[1] * HEIGHT) - height // 2
    xa, ya = max(x0, 0), max(y0, 0)
    xb, yb = min(x0 + width, WIDTH), min(y0 + height, HEIGHT)
    if xa < xb and ya < yb:
        img[ya:yb, xa:xb] = sprite[ya - y0 : yb - y0, xa - x0 : xb - x0]


RED_SHIRT = (40, 30, 200)


def counting_scene() -> Scene:
    """Six people cross a horizontal line at y=0.55: four upwards (in), two downwards (out)."""
    walk = (
        Actor(((0.5, 0.2, 1.05), (4.5, 0.2, 0.1)), shirt=(150, 90, 40)),
        Actor(((1.0, 0.8, -0.05), (5.0, 0.8, 1.0)), shirt=(60, 140, 60)),
        Actor(((3.0, 0.5, 1.05), (7.0, 0.45, 0.1)), shirt=(120, 60, 140)),
        Actor(((5.5, 0.3, 1.05), (9.5, 0.35, 0.1)), shirt=(30, 120, 200)),
        Actor(((6.0, 0.7, -0.05), (10.0, 0.75, 1.0)), shirt=(200, 200, 60)),
        Actor(((8.5, 0.55, 1.05), (12.5, 0.6, 0.1)), shirt=(90, 90, 90)),
    )
    # 10 fps, twice the analysis rate, so the pipeline's frame skipping is exercised.
    return Scene("counting", duration=13.0, fps=10.0, actors=walk)


def loiter_scene() -> Scene:
    """One person lingers 9 s in the zone x 0.55-0.95 (threshold 5 s); another walks through."""
    return Scene(
        "loiter",
        duration=14.0,
        actors=(
            Actor(
                ((0.5, 1.05, 0.45), (2.0, 0.75, 0.45), (11.0, 0.75, 0.45), (12.5, 1.1, 0.45)),
                sway=0.04,
            ),
            Actor(((4.0, -0.05, 0.8), (9.0, 1.05, 0.8)), shirt=(60, 140, 60)),
        ),
    )


def crowding_scene() -> Scene:
    """Five people gather between 2 s and 10 s (limit 3), then leave."""
    xs = (0.15, 0.33, 0.5, 0.67, 0.85)
    actors = tuple(
        Actor(
            (
                (0.5 + i * 0.4, x, 1.15),
                (2.0 + i * 0.4, x, 0.6),
                (9.0 + i * 0.2, x, 0.6),
                (11.0 + i * 0.2, x, 1.15),
            ),
            shirt=(40 * i + 40, 180 - 30 * i, 90),
            sway=0.02,
        )
        for i, x in enumerate(xs)
    )
    return Scene("crowding", duration=15.0, actors=actors)


def flame_scene() -> Scene:
    """A flame appears at 3.0 s at the lower left and goes out at 7.0 s; a person passes."""
    return Scene(
        "flame",
        duration=10.5,
        flame=(3.0, 7.0, 0.2, 0.85),
        actors=(Actor(((1.0, 1.05, 0.6), (6.0, -0.05, 0.6))),),
    )


def distractor_scene() -> Scene:
    """No fire: a person in red, a warm lamp switched on, a drifting sunlit patch."""
    return Scene(
        "distractors",
        duration=12.0,
        lamp=(2.0, 12.0),
        sun=True,
        actors=(
            Actor(((0.5, -0.05, 0.6), (6.0, 1.05, 0.65)), shirt=RED_SHIRT),
            Actor(
                ((6.0, 0.6, 1.1), (8.0, 0.6, 0.6), (11.0, 0.62, 0.6)),
                shirt=(20, 100, 230),
                sway=0.03,
            ),
        ),
    )


def tamper_scene(kind: str) -> Scene:
    """Normal view for 4 s, then `kind` (covered/defocused/moved) until 9 s, normal until 13 s."""
    window = (4.0, 9.0)
    if kind == "covered":
        return Scene("covered", duration=13.0, cover=window)
    if kind == "defocused":
        return Scene("defocused", duration=13.0, blur=window)
    return Scene("moved", duration=13.0, shift=(*window, 70, 30))


def qr_scene(text: str) -> Scene:
    """A code held up in front of the door camera from 2 s to 6 s."""
    return Scene("qr", duration=8.0, qr=(2.0, 6.0, text))


def walk_scene() -> Scene:
    """A short clip for live streams: one person walks up (in), one down (out), at 10 fps."""
    return Scene(
        "walk",
        duration=4.5,
        fps=10.0,
        actors=(
            Actor(((0.0, 0.25, 1.05), (3.0, 0.25, 0.1)), shirt=(150, 90, 40)),
            # Starts in full view: a person cut by the top edge is found late by the detector.
            Actor(((0.5, 0.75, 0.2), (3.5, 0.75, 1.05)), shirt=(60, 140, 60)),
        ),
    )
