"""A convolution written as the fully connected layer it is, W · vec(X) = vec(Y), and the
check that the two agree (D2L §7.1)."""

import streamlit as st

from conv_core import (
    DENSE_KERNELS,
    MatrixRow,
    conv_matrix,
    corr2d,
    counting_image,
    dense_forward,
    matrix_row,
    weight_index,
    weight_use,
)
from ui.big_numbers import with_commas
from ui.checks import agreement, computed
from ui.controls import padding_and_stride
from ui.fc_to_conv_views import kernel_choice, number, show_dense_matrix
from ui.heatmap import show_matrix
from ui.i18n import t
from ui.shell import classroom_mode


def _inputs():
    """X's size, the kernel, and (outside classroom mode) padding and stride."""
    classroom = classroom_mode()
    columns = st.columns(3 if classroom else 5)
    with columns[0]:
        h = number("fc_to_conv.x_rows", "fc_x_rows")
    with columns[1]:
        w = number("fc_to_conv.x_cols", "fc_x_cols")
    with columns[2]:
        K = kernel_choice("fc_dense_kernel", DENSE_KERNELS)
    padding, stride = 0, 1
    if not classroom:
        padding, stride = padding_and_stride("fc_", containers=columns[3:5])  # fmt: skip
    return counting_image(h, w), K, padding, stride


def _chosen_row(X, K, Y, padding: int, stride: int) -> MatrixRow:
    """The row of W the student picked: one output cell, and its window on X."""
    if st.session_state.get("fc_dense_row", 0) >= Y.numel():  # X or K just got smaller
        st.session_state["fc_dense_row"] = 0
    row = 0
    if Y.numel() > 1:
        row = st.slider(t("fc_to_conv.row_choice"), 0, Y.numel() - 1, key="fc_dense_row")
    chosen = matrix_row(row, X.shape, K.shape, padding=padding, stride=stride)
    st.caption(t("fc_to_conv.row_caption", row=row, i=chosen.cell[0], j=chosen.cell[1]))
    return chosen


@st.fragment
def dense_matrix() -> None:
    """X, K and the matrix W; both ways of computing Y, side by side, and their agreement."""
    st.markdown(t("fc_to_conv.dense_intro"))
    X, K, padding, stride = _inputs()
    W = computed(conv_matrix, K, X.shape, padding=padding, stride=stride)
    if W is None:
        return
    index = weight_index(X.shape, K.shape, padding=padding, stride=stride)
    Y = corr2d(X, K, padding=padding, stride=stride)
    chosen = _chosen_row(X, K, Y, padding, stride)
    x_col, k_col = st.columns([3, 1])
    with x_col:
        st.markdown(t("fc_to_conv.x_label"))
        show_matrix(X, name="X", key="fc_dense_x", window=chosen.window, max_px=320)
    with k_col:
        st.markdown(t("fc_to_conv.k_label"))
        show_matrix(K, name="K", key="fc_dense_k", max_px=160)
    st.markdown(t("fc_to_conv.m_label", rows=W.shape[0], cols=W.shape[1], oh=Y.shape[0],
                  ow=Y.shape[1], h=X.shape[0], w=X.shape[1]))  # fmt: skip
    show_dense_matrix(W, index, chosen.row)
    use = weight_use(index)
    st.markdown(t("fc_to_conv.m_stats", entries=with_commas(use.entries),
                  used=with_commas(use.used), percent=f"{use.percent_used:.1f}",
                  kernel=K.numel(), uses=use.most_uses))  # fmt: skip
    from_matrix = dense_forward(W, X, Y.shape)
    left, right = st.columns(2)
    with left:
        st.markdown(t("fc_to_conv.y_from_matrix"))
        show_matrix(from_matrix, name="unvec(W·vec(X))", key="fc_dense_my", max_px=320)
    with right:
        st.markdown(t("fc_to_conv.y_from_corr"))
        show_matrix(Y, name="corr2d(X, K)", key="fc_dense_y", window=(*chosen.cell, 1, 1),
                    max_px=320)  # fmt: skip
    agreement(Y, from_matrix, agree=t("fc_to_conv.dense_agree"),
              disagree=t("fc_to_conv.dense_disagree"))  # fmt: skip
