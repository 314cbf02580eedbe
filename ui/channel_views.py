"""Views of the channels page (D2L §7.4): a picture's channels as tinted images, feature maps,
the crop that the step-through works on, and every map's numbers as a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
import streamlit as st
import torch

from conv_core import (
    corr2d,
    corr2d_multi_in,
    corr2d_multi_in_out,
    corr2d_multi_in_out_1x1,
    format_number,
    keeps_brightness,
    preview,
    preview_peaks,
    rgb_preview,
    to_display,
    to_rgb,
    to_uint8,
)
from ui.a11y import image_alt
from ui.checks import difference
from ui.edge_photo import BY_PICTURE_AND_KERNEL, Picture, PictureSource
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


class Maps(NamedTuple):
    """Feature maps as the page shows them: read-only 8-bit images, and each map's shape,
    min, mean and max (the table beside them)."""

    images: tuple[np.ndarray, ...]
    stats: tuple[tuple[tuple[int, ...], float, float, float], ...]


def map_stats(maps: torch.Tensor) -> tuple[tuple[tuple[int, ...], float, float, float], ...]:
    """Each (h, w) map of `maps`: its shape, min, mean and max (the table beside them)."""
    return tuple((tuple(Y.shape), float(Y.min()), float(Y.mean()), float(Y.max())) for Y in maps)


def _shown(maps: torch.Tensor, images: Sequence[np.ndarray]) -> Maps:
    for image in images:
        image.setflags(write=False)  # shared by every session that shows them
    return Maps(tuple(images), map_stats(maps))


@st.cache_resource(max_entries=64, show_spinner=False, hash_funcs=BY_PICTURE_AND_KERNEL)
def summed_maps(picture: Picture, K: torch.Tensor, padding: int, stride: int) -> Maps:
    """X[c] ⋆ K[c] for each channel and their sum Y over the whole picture, on one scale;
    computed once per server for a picture and kernel (a class on the sample and the
    presets shares them). A kernel corr2d refuses raises its ValueError (not cached)."""
    X = to_rgb(picture.pixels)
    Y = corr2d_multi_in(X, K, padding=padding, stride=stride)
    parts = [corr2d(X[c], K[c], padding=padding, stride=stride) for c in range(3)]
    maps = torch.stack([*parts, Y])
    limits = (float(maps.min()), float(maps.max()))
    return _shown(maps, [map_image(Y, limits=limits) for Y in maps])


@st.cache_resource(max_entries=64, show_spinner=False, hash_funcs=BY_PICTURE_AND_KERNEL)
def output_maps(picture: Picture, K: torch.Tensor, padding: int) -> Maps:
    """Y = corr2d_multi_in_out(X, K): one map per output channel, each shown as map_image
    shows it; computed once per server for a picture and kernels."""
    Y = corr2d_multi_in_out(to_rgb(picture.pixels), K, padding=padding)
    return _shown(Y, [map_image(Y[o], K[o]) for o in range(len(Y))])


@st.cache_resource(max_entries=64, show_spinner=False, hash_funcs=BY_PICTURE_AND_KERNEL)
def mixed_maps(picture: Picture, M: torch.Tensor) -> tuple[Maps, tuple[float, float]]:
    """The 1×1 convolution of the picture with the mixing M (C_out, 3), as a matrix product:
    three output channels as one colour picture, any other number a map each; and how far
    corr2d_multi_in_out's result is from it (checks.difference). Computed once per server
    for a picture and mixing; a mixing corr2d refuses raises its ValueError (not cached)."""
    X = to_rgb(picture.pixels)
    Y = corr2d_multi_in_out_1x1(X, M)
    if len(M) == 3:
        images = [to_uint8(Y.clamp(0, 1).permute(1, 2, 0).contiguous())]
    else:
        images = [map_image(Y[o], M[o]) for o in range(len(M))]
    by_convolution = corr2d_multi_in_out(X, M[:, :, None, None])
    return _shown(Y, images), difference(by_convolution, Y)


def show_maps(
    images: Sequence[np.ndarray], captions: Sequence[str], *, columns: int | None = None
) -> None:
    """Pictures side by side, each with its caption."""
    for column, image, caption in zip(
        st.columns(columns or len(images)), images, captions, strict=False
    ):
        column.image(image, caption=caption, width="stretch", alt=image_alt(caption, image))


def maps_table(stats, names: Sequence[str], title: str) -> None:
    """Each map's shape and value range (`stats`, as map_stats gives them) as text: a
    screen reader cannot read an image."""
    with st.expander(title):
        rows = [
            {
                t("channels.table_map"): name,
                t("channels.table_shape"): "×".join(map(str, shape)),
                t("channels.table_min"): format_number(low),
                t("channels.table_mean"): format_number(mean),
                t("channels.table_max"): format_number(high),
            }
            for name, (shape, low, mean, high) in zip(names, stats, strict=True)
        ]
        st.table(pd.DataFrame(rows))
