"""Exercise 4 (D2L 7.2): the lab's cross-correlation as one matrix product, vec(Y) = W·vec(X),
with W built from the lab's own K for its own X (conv_core.conv_matrix, as on page 1)."""

import streamlit as st

from conv_core import conv_matrix, dense_forward, vec, weight_index
from ui.checks import agreement, computed
from ui.fc_to_conv_views import MAX_DRAWN, show_dense_matrix
from ui.heatmap import show_matrix
from ui.i18n import t

_CELL_PX = 40


def matrix_product(X, K, Y, *, padding, stride) -> None:
    """An expander that runs only when open: W, vec(X) and W·vec(X), and that it is Y."""
    st.header(t("cross_correlation.ex4_heading"))
    box = st.expander(t("cross_correlation.ex4_open"), key="lab_ex4", on_change="rerun",
                      icon=":material/table:")  # fmt: skip
    if not box.open:
        return
    with box:
        st.markdown(t("cross_correlation.ex4_intro"))
        W = computed(conv_matrix, K, X.shape, padding=padding, stride=stride)
        if W is None:
            return
        index = weight_index(X.shape, K.shape, padding=padding, stride=stride)
        st.markdown(t("cross_correlation.ex4_w", rows=W.shape[0], cols=W.shape[1],
                      oh=Y.shape[0], ow=Y.shape[1], h=X.shape[0], w=X.shape[1]))  # fmt: skip
        st.markdown("**W**")
        show_dense_matrix(W, index, None, key="lab_ex4_w", name="W")
        if max(W.shape) <= MAX_DRAWN:  # as rows under W: vec(X)'s entries stand under W's columns
            for name, values, key, text in (
                ("vec(X)ᵀ", vec(X), "lab_ex4_vx", t("cross_correlation.ex4_vx")),
                ("(W·vec(X))ᵀ", W @ vec(X), "lab_ex4_wx", t("cross_correlation.ex4_wx")),
            ):
                st.markdown(text)
                show_matrix(values[None], name=name, key=key,
                            max_px=min(1000, _CELL_PX * values.numel()))  # fmt: skip
        from_matrix = dense_forward(W, X, Y.shape)
        st.markdown(t("cross_correlation.ex4_unvec", oh=Y.shape[0], ow=Y.shape[1]))
        show_matrix(from_matrix, name="unvec(W·vec(X))", key="lab_ex4_y", max_px=320)
        agreement(Y, from_matrix, agree=t("cross_correlation.ex4_agree"),
                  disagree=t("cross_correlation.ex4_disagree"))  # fmt: skip
        st.markdown(t("cross_correlation.ex4_why"))
        st.page_link("lessons/fc_to_conv.py", label=t("cross_correlation.ex4_link"),
                     icon=":material/hub:")  # fmt: skip
