"""Views of the channels page (D2L §7.4): a picture's channels as tinted images, feature maps,
the crop that the step-through works on, and every map's numbers as a table."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import streamlit as st
import torch

from conv_core import (
    format_number,
    keeps_brightness,
    preview,
    preview_peaks,
    rgb_preview,
    to_display,
    to_uint8,
)
from ui.edge_photo import PictureSource
from ui.heatmap import WINDOW_COLOUR
from ui.i18n import t

PICTURE_SIDE = 480  # the channels page works on this preview: a screen's worth, never 12 MP
MAP_SIDE = 240  # a feature map in a row of four
CHANNELS = ("R", "G", "B")
CROP = 6  # the step-through's crop: 6×6 pixels, every number readable
_MARK = tuple(int(WINDOW_COLOUR[i : i + 2], 16) for i in (1, 3, 5))  # the window's orange


def _small_rgb(img) -> np.ndarray:
    pixels = rgb_preview(img, PICTURE_SIDE).copy()
    pixels.setflags(write=False)
    return pixels


# The channels page keeps only a small RGB preview of a picture (a 12 MP photo is 36 MB).
CHANNEL_PICTURE = PictureSource("ch", "channels", _small_rgb)


def crop_corner(pixels: np.ndarray, row: int, col: int, size: int) -> tuple[int, int]:
    """The top-left pixel of a size×size crop placed at row%, col% of the picture."""
    height, width = pixels.shape[:2]
    return round(row / 100 * max(height - size, 0)), round(col / 100 * max(width - size, 0))


def tinted(pixels: np.ndarray, channel: int) -> np.ndarray:
    """One channel of an (h, w, 3) picture, shown in its own colour (the others black)."""
    shown = np.zeros_like(pixels)
    shown[..., channel] = pixels[..., channel]
    return shown


def marked(pixels: np.ndarray, top: int, left: int, size: int) -> np.ndarray:
    """A copy of the picture with an orange frame around the size×size crop at (top, left),
    thick enough to be seen when the picture is shown small."""
    shown = pixels.copy()
    height, width = shown.shape[:2]
    line = max(2, max(height, width) // 120)
    r0, c0 = max(top - line, 0), max(left - line, 0)
    r1, c1 = min(top + size + line, height), min(left + size + line, width)
    frame = np.zeros((height, width), dtype=bool)
    frame[r0:r1, c0:c1] = True
    frame[top : top + size, left : left + size] = False
    shown[frame] = _MARK
    return shown


def map_image(Y: torch.Tensor, K: torch.Tensor | None = None, limits=None) -> np.ndarray:
    """A feature map as an 8-bit image of at most MAP_SIDE pixels a side: as it is when K keeps
    brightness (a blur, a mixing whose weights sum to 1), otherwise signed (0 mid-grey, the
    largest |Y| white or black; `limits` scale several maps alike), shrunk keeping each
    block's strongest response so that one-pixel edges stay visible."""
    if K is not None and float(K.min()) >= 0 and keeps_brightness(K.reshape(1, -1)):
        return to_uint8(to_display(preview(Y, MAP_SIDE), "clip"))
    return to_uint8(to_display(preview_peaks(Y, MAP_SIDE), "signed", limits))


def show_maps(
    images: Sequence[np.ndarray], captions: Sequence[str], *, columns: int | None = None
) -> None:
    """Pictures side by side, each with its caption."""
    for column, image, caption in zip(
        st.columns(columns or len(images)), images, captions, strict=False
    ):
        column.image(image, caption=caption, width="stretch")


def maps_table(maps: torch.Tensor, names: Sequence[str], title: str) -> None:
    """Each map's shape and value range as text (a screen reader cannot read an image)."""
    with st.expander(title):
        rows = [
            {
                t("channels.table_map"): name,
                t("channels.table_shape"): "×".join(map(str, Y.shape)),
                t("channels.table_min"): format_number(float(Y.min())),
                t("channels.table_mean"): format_number(float(Y.mean())),
                t("channels.table_max"): format_number(float(Y.max())),
            }
            for name, Y in zip(names, maps, strict=True)
        ]
        st.table(pd.DataFrame(rows))
