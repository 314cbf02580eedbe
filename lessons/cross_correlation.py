"""Cross-correlation lab (D2L §7.2): edit X and K, watch Y = corr2d(X, K) happen cell by cell."""

import streamlit as st

from lessons.cross_correlation_sections.matrix_product import matrix_product
from ui.checks import computed
from ui.class_mode.question import ask
from ui.code_panel import code_panel
from ui.controls import padding_and_stride
from ui.formula import shape_formula
from ui.heatmap import matrix_data, show_matrices, show_matrix
from ui.i18n import t
from ui.matrix_editor import editor_columns, init_cells, matrix_editor, read_matrix
from ui.matrix_text import matrix_to_cells
from ui.presets import preset_buttons
from ui.quiz import quiz
from ui.shared import small_conv2d, small_corr2d
from ui.shell import classroom_mode
from ui.step_view import step_through
from ui.url_params import PARAMS, keep, url_value

MAX_X, MAX_K = PARAMS["X"].shape, PARAMS["K"].shape
_Y_PX = 320  # Y's column, beside X and K while they fit


def draw_cross_correlation_lab() -> None:
    """The whole lab: editors, Y, step-through, corr vs conv, quiz, exercise 4, code."""
    classroom = classroom_mode()  # editors of a fixed size, no speed control
    st.title(t("cross_correlation.title"))
    st.markdown(t("cross_correlation.intro"))
    init_cells("X", matrix_to_cells(url_value("X")))
    init_cells("K", matrix_to_cells(url_value("K")))
    preset_buttons()

    x_col, k_col, y_col = editor_columns("X", "K", _Y_PX)
    with x_col:
        st.subheader(t("cross_correlation.x_heading"))
        X = read_matrix(
            matrix_editor("X", max_rows=MAX_X[0], max_cols=MAX_X[1], resizable=not classroom), "X"
        )
    with k_col:
        st.subheader(t("cross_correlation.k_heading"))
        K = read_matrix(
            matrix_editor("K", max_rows=MAX_K[0], max_cols=MAX_K[1], resizable=not classroom), "K"
        )
        padding, stride = padding_and_stride()
        Y = None
        if X is not None and K is not None:
            Y = computed(small_corr2d, X, K, padding=padding, stride=stride)
    with y_col:
        st.subheader(t("cross_correlation.y_heading"))
        if Y is None:
            st.info(t("cross_correlation.fix_input"), icon=":material/info:")
            return
        show_matrix(Y, name="Y", key="y_main", max_px=_Y_PX)
    shape_formula(X.shape, K.shape, padding=padding, stride=stride)
    ask("lab_shape", "shape", tuple(Y.shape), label=t("class_mode.q_shape"))
    keep("X", X)
    keep("K", K)
    pads, strides = (padding, padding), (stride, stride)

    st.divider()
    st.header(t("cross_correlation.step_heading"))
    st.markdown(t("cross_correlation.step_intro"))
    step_through(X, K, Y, padding=pads, stride=strides, show_speed=not classroom)

    st.divider()
    st.header(t("cross_correlation.flip_heading"))
    st.markdown(t("cross_correlation.flip_intro"))
    corr, conv = t("cross_correlation.corr_output"), t("cross_correlation.conv_output")
    panels = [("K", K), (t("cross_correlation.flipped_k"), K.flip(0, 1)), (corr, Y)]
    # The flipped K meets other cells of X: the convolution can overflow where Y did not.
    conv_Y = computed(small_conv2d, X, K, padding=pads, stride=strides)
    if conv_Y is not None:
        panels.append((conv, conv_Y))
    show_matrices([(label, matrix_data(M, name=label, max_px=240)) for label, M in panels],
                  key="flip")  # fmt: skip
    st.info(t("cross_correlation.flip_point"), icon=":material/lightbulb:")

    st.divider()
    st.header(t("cross_correlation.quiz_heading"))
    st.markdown(t("cross_correlation.quiz_intro"))
    quiz(X, K, Y, padding=pads, stride=strides)

    st.divider()
    matrix_product(X, K, Y, padding=pads, stride=strides)  # exercise 4

    st.divider()
    st.header(t("cross_correlation.code_heading"))
    st.markdown(t("cross_correlation.code_intro"))
    code_panel(X, K, pads, strides)


draw_cross_correlation_lab()
