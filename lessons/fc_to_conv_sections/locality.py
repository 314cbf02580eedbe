"""Locality (D2L §7.1.3): pick an output cell; only a small window of the input made it."""

import streamlit as st

from conv_core import PICTURE_KERNELS, PICTURE_PADDING, corr2d, l_picture, pad, window
from ui.fc_to_conv_views import kernel_and_sliders
from ui.heatmap import show_matrix
from ui.i18n import t


@st.fragment
def receptive_field() -> None:
    """The padded L with the chosen cell's window, the output with the cell, and its sum."""
    st.markdown(t("fc_to_conv.local_intro"))
    K, (i, j) = kernel_and_sliders(
        "fc_local_kernel", PICTURE_KERNELS,
        (t("fc_to_conv.out_row"), "fc_i"),
        (t("fc_to_conv.out_col"), "fc_j"),
    )  # fmt: skip
    X, padding = l_picture(), PICTURE_PADDING
    Y = corr2d(X, K, padding=padding)
    cell = window(X, K, i, j, padding=padding)
    x_col, y_col = st.columns(2)
    with x_col:
        st.markdown(t("fc_to_conv.local_x"))
        show_matrix(pad(X, padding), name=t("fc_to_conv.padded_x"), key="fc_local_x",
                    window=(cell.top, cell.left, *K.shape), padding=(padding, padding),
                    small=True, max_px=360, picture=True)  # fmt: skip
    with y_col:
        st.markdown(t("fc_to_conv.local_y"))
        show_matrix(Y, name="Y", key="fc_local_y", window=(i, j, 1, 1), small=True,
                    max_px=330)  # fmt: skip
    st.code(f"Y[{i}, {j}] = {cell.expression(K)}", language=None, wrap_lines=True)
    st.markdown(t("fc_to_conv.local_count", seen=K.numel(), total=X.numel(), i=i, j=j))
