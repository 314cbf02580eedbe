"""Sample pictures for the edge page, drawn here so that no photo has to ship with the code.

Each is a deterministic RGB PIL image with edges of every kind a student should look for:
vertical, horizontal, diagonal, curved, sharp and soft, bright-on-dark and dark-on-bright.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from conv_core.validation import ConvInputError, as_positive_int

# name -> the size it is drawn at by default (width, height)
SAMPLES = {
    "house": (1200, 900),
    "rings": (900, 900),
    "stripes": (1200, 800),
    "house_12mp": (4000, 3000),  # a phone photo's size, to see what the fast path costs
    "discs": (900, 700),  # red, green and blue light overlapping: one colour per channel
}


def sample_image(name: str, size: tuple[int, int] | None = None) -> Image.Image:
    """The sample `name` as an RGB image of `size` (width, height), by default its own size."""
    if not isinstance(name, str) or name not in SAMPLES:
        raise ConvInputError(
            "unknown_sample",
            f"There is no sample picture called {name!r}; choose one of {', '.join(SAMPLES)}.",
            name=name,
        )
    width, height = size or SAMPLES[name]
    width, height = as_positive_int(width, "width"), as_positive_int(height, "height")
    if name == "rings":
        return _rings(width, height)
    if name == "stripes":
        return _stripes(width, height)
    if name == "discs":
        return _discs(width, height)
    return _house(width, height)


def _house(width: int, height: int) -> Image.Image:
    """A house under a sun: straight edges in every direction, a circle, a soft shadow."""
    # Drawn at 1200×900 units and scaled, so every size shows the same scene.
    sx, sy = width / 1200, height / 900

    def box(x0, y0, x1, y1):
        return [round(x0 * sx), round(y0 * sy), round(x1 * sx), round(y1 * sy)]

    sky = np.linspace(235, 170, height, dtype=np.float32)[:, None, None]
    tint = np.array([0.78, 0.88, 1.0], dtype=np.float32)
    pixels = np.broadcast_to(sky * tint, (height, width, 3)).astype(np.uint8)
    img = Image.fromarray(pixels, "RGB")
    draw = ImageDraw.Draw(img)
    draw.rectangle(box(0, 690, 1200, 900), fill=(96, 140, 70))  # grass
    draw.ellipse(box(930, 80, 1090, 240), fill=(250, 215, 90))  # sun
    shadow = Image.new("L", img.size, 0)
    ImageDraw.Draw(shadow).polygon(
        [tuple(box(700, 690, 0, 0)[:2]), tuple(box(1010, 760, 0, 0)[:2]),
         tuple(box(880, 800, 0, 0)[:2]), tuple(box(640, 780, 0, 0)[:2])],
        fill=110,
    )  # fmt: skip
    shadow = shadow.filter(ImageFilter.GaussianBlur(radius=max(1.0, 12 * sx)))
    img.paste((40, 70, 30), mask=shadow)  # a soft edge beside the sharp ones
    draw.rectangle(box(300, 430, 700, 700), fill=(205, 120, 80))  # walls
    draw.polygon(
        [tuple(box(270, 440, 0, 0)[:2]), tuple(box(500, 250, 0, 0)[:2]),
         tuple(box(730, 440, 0, 0)[:2])],
        fill=(120, 50, 40),
    )  # fmt: skip
    draw.rectangle(box(460, 560, 540, 700), fill=(80, 50, 30))  # door
    for x0 in (340, 590):  # windows with crossbars
        draw.rectangle(box(x0, 480, x0 + 70, 550), fill=(245, 245, 230))
        draw.rectangle(box(x0 + 32, 480, x0 + 38, 550), fill=(90, 60, 40))
        draw.rectangle(box(x0, 512, x0 + 70, 518), fill=(90, 60, 40))
    for i in range(9):  # a fence of thin vertical posts
        x0 = 60 + 22 * i
        draw.rectangle(box(x0, 620, x0 + 8, 700), fill=(250, 250, 250))
    draw.rectangle(box(50, 640, 260, 648), fill=(250, 250, 250))
    return img


def _rings(width: int, height: int) -> Image.Image:
    """Concentric rings: every direction of edge at once, so each kernel shows what it finds."""
    y, x = np.ogrid[:height, :width]
    radius = np.hypot(x - (width - 1) / 2, y - (height - 1) / 2)
    period = max(width, height) / 12
    rings = (np.floor(radius / period) % 2).astype(np.float32)
    grey = (40 + 190 * rings).astype(np.uint8)
    return Image.fromarray(np.repeat(grey[:, :, None], 3, axis=2), "RGB")


def _stripes(width: int, height: int) -> Image.Image:
    """Three panels of sharp stripes (vertical, horizontal, diagonal) above a soft ramp."""
    y, x = np.mgrid[:height, :width].astype(np.float32)
    period = max(8.0, width / 24)
    panel = np.minimum((x * 3 // width).astype(int), 2)
    phase = np.select([panel == 0, panel == 1], [x, y], default=(x + y) / math.sqrt(2))
    stripes = (np.floor(phase / (period / 2)) % 2).astype(np.float32)
    ramp = x / max(width - 1, 1)  # a slow change: no edge at all to a small kernel
    grey = np.where(y < 0.75 * height, 30 + 200 * stripes, 30 + 200 * ramp).astype(np.uint8)
    return Image.fromarray(np.repeat(grey[:, :, None], 3, axis=2), "RGB")


def _discs(width: int, height: int) -> Image.Image:
    """Three discs of red, green and blue light on black, added where they overlap (yellow,
    cyan, magenta, white in the middle): each channel of the picture holds one disc."""
    y, x = np.ogrid[:height, :width]
    unit = min(width, height)
    radius = 0.27 * unit
    centres = [(0.5, 0.38), (0.38, 0.6), (0.62, 0.6)]  # (x, y) as fractions of the short side
    pixels = np.zeros((height, width, 3), dtype=np.uint8)
    for channel, (cx, cy) in enumerate(centres):
        cx = (width - unit) / 2 + cx * unit
        cy = (height - unit) / 2 + cy * unit
        pixels[..., channel] = np.where(np.hypot(x - cx, y - cy) <= radius, 235, 20)
    return Image.fromarray(pixels, "RGB")
