"""Draw the project's own icon and logo (an original drawing, no one else's artwork).

Writes the integration's brand images (custom_components/unmanned_store/brand/: icon, logo and
their dark variants, as Home Assistant's brands guidelines ask: square 256 px icon with a 512 px
@2x, landscape logo 128-256 px tall, transparent background) and the add-on's icon and logo.
Usage: .venv/bin/python scripts/brand_images.py
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
BRAND = ROOT / "custom_components" / "unmanned_store" / "brand"
ADDON = ROOT / "addon" / "unmanned_store_engine"
SCALE = 4  # drawn large, scaled down: smooth edges without an antialiasing renderer


@dataclass(frozen=True)
class Palette:
    """Colours for a light or a dark background."""

    wall: str
    awning: str
    stripe: str
    door: str
    eye: str
    text: str


LIGHT = Palette("#0f766e", "#f59e0b", "#fff7ed", "#134e4a", "#f8fafc", "#134e4a")
DARK = Palette("#2dd4bf", "#fbbf24", "#1f2937", "#0f172a", "#f8fafc", "#e2e8f0")


def draw_shop(size: int, colours: Palette) -> Image.Image:
    """A small shop: striped awning, a wall with an open door and a camera's eye above it."""
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    unit = big / 16
    # Wall.
    pen.rounded_rectangle(
        (2 * unit, 5.5 * unit, 14 * unit, 15 * unit), radius=unit, fill=colours.wall
    )
    # Awning: five stripes with scalloped edges.
    top, bottom = 2 * unit, 5.5 * unit
    width = 14 * unit / 5
    for i in range(5):
        left = unit + i * width
        colour = colours.awning if i % 2 == 0 else colours.stripe
        pen.rectangle((left, top, left + width, bottom), fill=colour)
        pen.ellipse((left, bottom - width / 2, left + width, bottom + width / 2), fill=colour)
    pen.rounded_rectangle((unit, top - 0.6 * unit, 15 * unit, top + 0.4 * unit), radius=unit / 3,
                          fill=colours.door)  # fmt: skip
    # Door, open a crack.
    pen.rounded_rectangle((6 * unit, 9 * unit, 10 * unit, 15 * unit), radius=unit / 3,
                          fill=colours.door)  # fmt: skip
    pen.polygon(
        [(8.4 * unit, 9.4 * unit), (9.6 * unit, 9.9 * unit), (9.6 * unit, 14.6 * unit),
         (8.4 * unit, 15 * unit)], fill=colours.awning,
    )  # fmt: skip
    # The camera's eye that sees who comes in.
    cx, cy, r = 12 * unit, 8 * unit, 1.2 * unit
    pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colours.eye)
    pen.ellipse((cx - r / 2, cy - r / 2, cx + r / 2, cy + r / 2), fill=colours.door)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def draw_logo(height: int, colours: Palette) -> Image.Image:
    """The icon followed by the name, on a transparent background."""
    icon = draw_shop(height, colours)
    font = ImageFont.load_default(size=int(height * 0.34))
    words = ("Unmanned", "Store")
    probe = ImageDraw.Draw(Image.new("RGBA", (1, 1)))
    widths = [probe.textlength(word, font=font) for word in words]
    width = height + int(max(widths)) + height // 4
    logo = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    logo.alpha_composite(icon)
    pen = ImageDraw.Draw(logo)
    x = height + height // 10
    pen.text((x, height * 0.12), words[0], font=font, fill=colours.text)
    pen.text((x, height * 0.52), words[1], font=font, fill=colours.wall)
    return logo


def main() -> None:
    """Write every image."""
    BRAND.mkdir(parents=True, exist_ok=True)
    for prefix, colours in (("", LIGHT), ("dark_", DARK)):
        draw_shop(256, colours).save(BRAND / f"{prefix}icon.png", optimize=True)
        draw_shop(512, colours).save(BRAND / f"{prefix}icon@2x.png", optimize=True)
        draw_logo(128, colours).save(BRAND / f"{prefix}logo.png", optimize=True)
        draw_logo(256, colours).save(BRAND / f"{prefix}logo@2x.png", optimize=True)
    draw_shop(128, LIGHT).save(ADDON / "icon.png", optimize=True)
    draw_logo(100, LIGHT).save(ADDON / "logo.png", optimize=True)


if __name__ == "__main__":
    main()
