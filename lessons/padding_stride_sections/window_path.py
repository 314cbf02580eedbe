"""The window's path on the padded input: every top-left corner, one window framed, and the
output cell it makes."""

from __future__ import annotations

import streamlit as st
import torch

from conv_core import use_counts, window_path
from lessons.padding_stride_sections.settings import Settings
from ui import url_params
from ui.heatmap import show_sized
from ui.i18n import t
from ui.shell import classroom_mode

WINDOW_KEY = "ps_window"


def window_path_on_padded_input(settings: Settings) -> None:
    """The padded input (how many windows read each cell, padding shaded, corners tinted)
    beside the output numbered in the order the windows make it."""
    st.header(t("padding_stride.path_heading"))
    st.markdown(t("padding_stride.path_intro"))
    path = window_path(
        settings.input_shape,
        settings.kernel_shape,
        padding=settings.padding,
        stride=settings.stride,
    )
    corners = path.corners
    total = len(corners)
    if st.session_state[url_params.start(WINDOW_KEY)] > total:
        st.session_state[WINDOW_KEY] = 1  # the settings (or the link) ask for fewer windows
    number = 1
    if total > 1:
        number = url_params.in_url(
            WINDOW_KEY, lambda key: st.slider(t("padding_stride.path_slider"), 1, total, key=key)
        )
    top, left = corners[number - 1]
    i, j = divmod(number - 1, path.output_shape[1])
    kh, kw = settings.kernel_shape
    # On the padded grid itself, so the padding's cells show how often windows read zeros.
    counts = use_counts(path.padded_shape, settings.kernel_shape, stride=settings.stride)
    order = torch.arange(1, total + 1, dtype=torch.float32).reshape(path.output_shape)
    # Larger type in classroom mode needs larger cells to stay readable from the back row.
    padded_px, output_px = (560, 360) if classroom_mode() else (420, 280)
    padded_col, output_col = st.columns([3, 2])
    with padded_col:
        show_sized(
            counts,
            name=t("padding_stride.path_padded"),
            key="ps_path_padded",
            max_px=padded_px,
            window=(top, left, kh, kw),
            padding=settings.padding,
            marks=corners,
        )
    with output_col:
        show_sized(
            order,
            name=t("padding_stride.path_output"),
            key="ps_path_output",
            max_px=output_px,
            window=(i, j, 1, 1),
        )
    st.markdown(
        t(
            "padding_stride.path_now",
            n=number,
            total=total,
            i=i,
            j=j,
            top=top,
            left=left,
            bottom=top + kh - 1,
            right=left + kw - 1,
        )
    )
    st.caption(t("padding_stride.path_caption", sh=settings.stride[0], sw=settings.stride[1]))
