"""Cross-correlation lab (D2L §7.2): edit X and K, watch Y = corr2d(X, K) happen cell by cell."""

import streamlit as st

from conv_core import book_example, conv2d, corr2d
from ui import presets
from ui.code_panel import code_panel
from ui.controls import padding_and_stride
from ui.formula import shape_formula
from ui.heatmap import show_matrix
from ui.i18n import error_text, t
from ui.matrix_editor import editor_width, init_cells, matrix_editor, set_cells
from ui.matrix_text import cells_to_matrix
from ui.quiz import quiz
from ui.shell import classroom_mode, figure_font_size
from ui.step_view import STEP_KEY, step_through
from ui.url_state import matrix_from_url, url_problems, write_matrix

MAX_X = (16, 16)
MAX_K = (8, 8)
BOOK_X, BOOK_K = book_example()


def _load(X_cells, K_cells, padding: int | None = None, stride: int | None = None) -> None:
    if X_cells is not None:
        set_cells("X", X_cells)
    if K_cells is not None:
        set_cells("K", K_cells)
    if padding is not None:
        st.session_state["padding"] = padding
    if stride is not None:
        st.session_state["stride"] = stride
    st.session_state[STEP_KEY] = 0


def _load_random() -> None:
    X_cells, K_cells = st.session_state["X_cells"], st.session_state["K_cells"]
    _load(
        presets.random_integers(len(X_cells), len(X_cells[0]), -3, 5),
        presets.random_integers(len(K_cells), len(K_cells[0]), -2, 2),
    )


def _preset_buttons(classroom: bool) -> None:
    choices = [
        ("preset_book", (presets.BOOK_X, presets.BOOK_K, 0, 1)),
        ("preset_edge", (presets.EDGE_X, presets.EDGE_K, 0, 1)),
        ("preset_identity", (None, presets.IDENTITY_K, 1, 1)),
    ]
    columns = st.columns(len(choices) + (0 if classroom else 1))
    for column, (key, args) in zip(columns, choices, strict=False):
        column.button(
            t(f"cross_correlation.{key}"), key=key, on_click=_load, args=args, width="stretch"
        )
    if not classroom:
        columns[-1].button(
            t("cross_correlation.preset_random"),
            key="preset_random",
            on_click=_load_random,
            width="stretch",
        )


_PAGE_PX = 1000  # the main column's width on a laptop with the sidebar open
_Y_PX = 320


def _editor_layout():
    """Containers for X, K and Y: side by side while they fit, otherwise on more rows."""
    wide_x, wide_k = editor_width("X") + 24, max(editor_width("K") + 24, 230)
    if wide_x + wide_k + _Y_PX <= _PAGE_PX:
        return st.columns([wide_x, wide_k, _Y_PX], gap="medium")
    if wide_x + wide_k <= _PAGE_PX:
        x_col, k_col = st.columns([wide_x, wide_k], gap="medium")
        return x_col, k_col, st.container()
    x_col = st.container()
    k_col, y_col = st.columns([wide_k, _PAGE_PX - wide_k], gap="medium")
    return x_col, k_col, y_col


def _read(cells, name: str):
    """The editor's cells as a matrix, or None with the reason shown under the editor."""
    try:
        return cells_to_matrix(cells, name)
    except ValueError as err:
        st.error(error_text(err), icon=":material/error:")
        return None


def draw_cross_correlation_lab() -> None:
    """The whole lab: editors, Y, step-through, corr vs conv, quiz, code."""
    classroom, font_size = classroom_mode(), figure_font_size()
    st.title(t("cross_correlation.title"))
    st.markdown(t("cross_correlation.intro"))
    init_cells("X", matrix_from_url("X", presets.BOOK_X, MAX_X))
    init_cells("K", matrix_from_url("K", presets.BOOK_K, MAX_K))
    for problem in url_problems():
        st.warning(
            t("cross_correlation.url_problem", reason=error_text(problem)),
            icon=":material/link_off:",
        )
    _preset_buttons(classroom)

    x_col, k_col, y_col = _editor_layout()
    with x_col:
        st.subheader(t("cross_correlation.x_heading"))
        X = _read(
            matrix_editor("X", max_rows=MAX_X[0], max_cols=MAX_X[1], resizable=not classroom), "X"
        )
    with k_col:
        st.subheader(t("cross_correlation.k_heading"))
        K = _read(
            matrix_editor("K", max_rows=MAX_K[0], max_cols=MAX_K[1], resizable=not classroom), "K"
        )
        padding, stride = padding_and_stride()
        Y = None
        if X is not None and K is not None:
            try:
                Y = corr2d(X, K, padding=padding, stride=stride)
            except ValueError as err:
                st.error(error_text(err), icon=":material/error:")
    with y_col:
        st.subheader(t("cross_correlation.y_heading"))
        if Y is None:
            st.info(t("cross_correlation.fix_input"), icon=":material/info:")
            return
        show_matrix(Y, name="Y", key="y_main", font_size=font_size, max_px=_Y_PX)
    shape_formula(X.shape, K.shape, padding=padding, stride=stride)
    write_matrix("X", X, BOOK_X)
    write_matrix("K", K, BOOK_K)
    pads, strides = (padding, padding), (stride, stride)

    st.divider()
    st.header(t("cross_correlation.step_heading"))
    st.markdown(t("cross_correlation.step_intro"))
    step_through(
        X, K, Y, padding=pads, stride=strides, font_size=font_size, show_speed=not classroom
    )

    st.divider()
    st.header(t("cross_correlation.flip_heading"))
    st.markdown(t("cross_correlation.flip_intro"))
    flipped = K.flip(0, 1)
    columns = st.columns(4)
    panels = (
        ("K", K, "flip_k"),
        (t("cross_correlation.flipped_k"), flipped, "flip_k_flipped"),
        (t("cross_correlation.corr_output"), Y, "flip_corr"),
        (
            t("cross_correlation.conv_output"),
            conv2d(X, K, padding=pads, stride=strides),
            "flip_conv",
        ),
    )
    for column, (label, M, key) in zip(columns, panels, strict=True):
        with column:
            st.markdown(f"**{label}**")
            show_matrix(M, name=label, key=key, font_size=font_size, max_px=240)
    st.info(t("cross_correlation.flip_point"), icon=":material/lightbulb:")

    st.divider()
    st.header(t("cross_correlation.quiz_heading"))
    st.markdown(t("cross_correlation.quiz_intro"))
    quiz(X, K, Y, padding=pads, stride=strides, font_size=font_size)

    st.divider()
    st.header(t("cross_correlation.code_heading"))
    st.markdown(t("cross_correlation.code_intro"))
    code_panel(X, K, pads, strides)


draw_cross_correlation_lab()
