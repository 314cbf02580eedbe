"""A dilated kernel: its taps spread d apart, the gaps zeros, shown on an input."""

from __future__ import annotations

import streamlit as st
import torch

from conv_core import counting_image, dilate, window
from ui import url_params
from ui.heatmap import show_matrix
from ui.i18n import t
from ui.shell import classroom_mode


def a_dilated_kernel() -> None:
    """The kernel with its gaps, its taps on an input for one output cell, and the sum. Drawn
    under its "Going further" expander, which carries the heading."""
    st.markdown(t("receptive_fields.dilation_intro"))
    a, b = st.columns(2)
    k = url_params.number_input(t("receptive_fields.dilation_k"), "rf_dk", container=a)
    d = url_params.number_input(t("receptive_fields.dilation_d"), "rf_dd", container=b)
    K = torch.arange(1.0, k * k + 1).reshape(k, k)  # taps told apart by their numbers
    spread = dilate(K, d)
    span = spread.shape[0]
    X = counting_image(span + 2, span + 2)
    cell = window(X, K, 1, 1, dilation=d)
    st.latex(rf"\text{{span}} = d\,(k - 1) + 1 = {d} \cdot ({k} - 1) + 1 = {span}")
    larger = classroom_mode()  # the taps' numbers in classroom type need larger cells
    left, right = st.columns([2, 3])
    with left:
        st.markdown(t("receptive_fields.dilated_kernel", span=span, taps=k * k))
        show_matrix(spread, name=t("receptive_fields.dilated_name"), key="rf_dilated_k",
                    marks=[(a * d, b * d) for a in range(k) for b in range(k)],
                    max_px=340 if larger else 260)  # fmt: skip
    with right:
        st.markdown(t("receptive_fields.dilated_on_x"))
        show_matrix(X, name="X", key="rf_dilated_x", window=(cell.top, cell.left, *cell.span),
                    marks=cell.taps(), max_px=480 if larger else 360)  # fmt: skip
    st.code(f"Y[1, 1] = {cell.expression(K)}", language=None, wrap_lines=True)
