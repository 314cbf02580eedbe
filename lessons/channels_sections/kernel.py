"""One kernel with a slice per channel: each channel correlated with its slice, the three
results added (D2L §7.4.1), on the whole picture and cell by cell on a small crop."""

import numpy as np
import streamlit as st
import torch

from conv_core import (
    CHANNEL_KERNELS,
    channel_kernel,
    channel_sum,
    corr2d_multi_in,
    pad,
)
from ui.a11y import image_alt
from ui.channel_views import (
    CHANNELS,
    CROP,
    crop_corner,
    maps_table,
    marked,
    show_maps,
    summed_maps,
)
from ui.checks import computed
from ui.controls import CUSTOM, padding_and_stride, preset_or_custom
from ui.dimension_views import show_slices
from ui.edge_photo import Picture, enlarge
from ui.formula import shape_formula
from ui.i18n import t
from ui.matrix_editor import init_cells, matrix_editor, read_matrix, set_cells
from ui.matrix_text import matrix_to_cells
from ui.url_params import PARAMS, slider

PIXEL_RANGE = [[0.0, 255.0]]  # the crop's channels in one grey scale, 0 black to 255 white
CROP_PX = 380  # the crop's heatmaps: 36-pixel cells for 6×6 with padding 2, numbers inside


def _seed_editors() -> None:
    """Choosing a preset puts its slices into the editors, for "your own" to start from."""
    name = st.session_state.get("ch_kernel")
    if name in CHANNEL_KERNELS:
        for c, K in enumerate(channel_kernel(name)):
            set_cells(f"ch_K{c}", matrix_to_cells(K))


def _kernel() -> torch.Tensor | None:
    """A preset 3-channel kernel or the student's own; None while a slice is not valid."""
    name = preset_or_custom(
        t("channels.kernel"), CHANNEL_KERNELS, "channels.kernel_", key="ch_kernel",
        on_change=_seed_editors,
    )  # fmt: skip
    start = channel_kernel(name if name != CUSTOM else PARAMS["ch_kernel"].default)
    for c in range(3):
        init_cells(f"ch_K{c}", matrix_to_cells(start[c]))
    if name != CUSTOM:
        st.caption(t(f"channels.about_{name}"))
        show_slices(start, "K", "ch_k")
        return start
    st.caption(t("channels.about_custom"))
    slices = []
    for c, column in enumerate(st.columns(3)):
        with column:
            st.markdown(f"**K[{c}]** · {t(f'channels.channel_{CHANNELS[c]}')}")
            cells = matrix_editor(f"ch_K{c}", max_rows=3, max_cols=3, resizable=False,
                                  label=f"K[{c}]")  # fmt: skip
            slices.append(read_matrix(cells, f"K[{c}]"))
    return None if any(s is None for s in slices) else torch.stack(slices)


def _crop_at(pixels: np.ndarray) -> tuple[int, int]:
    """The crop's top-left pixel, from two sliders in percent of the picture."""
    row_col, col_col = st.columns(2)
    row = slider(t("channels.crop_row"), "ch_row", container=row_col)
    col = slider(t("channels.crop_col"), "ch_col", container=col_col)
    return crop_corner(pixels, row, col, CROP)


def _cell(shape: tuple[int, int]) -> tuple[int, int]:
    """The output cell to write out; kept inside Y when padding or stride shrink it."""
    cell = []
    for column, axis, size in zip(st.columns(2), "ij", shape, strict=True):
        key = f"ch_cell_{axis}"
        if st.session_state.get(key, 0) > size - 1:
            st.session_state[key] = size - 1
        cell.append(int(column.number_input(axis, 0, size - 1, 0, key=key)))
    return cell[0], cell[1]


def _step_through(picture: Picture, K, padding: int, stride: int) -> None:
    """Y[i, j] of a 6×6 crop written out: each channel's window sum, then their total."""
    st.subheader(t("channels.step_heading"))
    st.markdown(t("channels.step_intro", size=CROP))
    top, left = _crop_at(picture.pixels)
    crop = picture.pixels[top : top + CROP, left : left + CROP]
    X = torch.from_numpy(crop.transpose(2, 0, 1).astype(np.float32))  # 0..255, as stored
    Y = computed(corr2d_multi_in, X, K, padding=padding, stride=stride)
    if Y is None:
        return
    where, zoomed, numbers = st.columns([2, 1, 4], gap="medium")
    where_text = t("channels.crop_caption", top=top, left=left)
    where.image(marked(picture.pixels, top, left, X.shape[1]), caption=where_text,
                alt=image_alt(where_text, picture.pixels))  # fmt: skip
    zoom_text = t("channels.crop_zoom", size=CROP)
    zoomed.image(enlarge(crop, 20), caption=zoom_text, alt=image_alt(zoom_text, crop))
    with numbers:
        i, j = _cell(tuple(Y.shape))
        cell = channel_sum(X, K, i, j, padding=padding, stride=stride)
        lines = [
            f"X[{c}] ⋆ K[{c}] ({CHANNELS[c]}): {text}"
            for c, text in enumerate(cell.expressions(K, digits=3))
        ]
        st.code("\n".join([*lines, f"Y[{i}, {j}] = {cell.total(digits=3)}"]), language=None,
                wrap_lines=True)  # fmt: skip
    st.markdown(t("channels.crop_slices"))
    boxes = {c: (w.top, w.left, *K.shape[1:]) for c, w in enumerate(cell.windows)}
    show_slices(pad(X, (0, padding, padding)), "X", "ch_crop", boxes, padding,
                max_px=CROP_PX, colour_by=PIXEL_RANGE, picture=True)  # fmt: skip
    st.markdown(t("channels.crop_output"))
    show_slices(Y[None], "Y", "ch_crop_y", {0: (i, j, 1, 1)}, max_px=CROP_PX)


@st.fragment
def one_kernel_three_slices(picture: Picture) -> None:
    """A fragment: a new kernel, padding or crop reruns only this section."""
    st.header(t("channels.kernel_heading"))
    st.markdown(t("channels.kernel_intro"))
    K = _kernel()
    padding, stride = padding_and_stride("ch_")
    if K is None:
        return
    maps = computed(summed_maps, picture, K, padding, stride)  # each part, then their sum
    if maps is None:
        return
    shape_formula(picture.pixels.shape[:2], K.shape[1:], padding=padding, stride=stride)
    show_maps(
        maps.images,
        [*(f"X[{c}] ⋆ K[{c}] ({CHANNELS[c]})" for c in range(3)), t("channels.sum_caption")],
    )
    st.caption(t("channels.sum_note"))
    maps_table(maps.stats, [*(f"X[{c}] ⋆ K[{c}]" for c in range(3)), "Y"],
               t("channels.maps_numbers"))  # fmt: skip
    _step_through(picture, K, padding, stride)
