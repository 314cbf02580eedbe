"""The lab's worked examples (D2L §7.2) as editor cells, and the buttons that load them."""

from __future__ import annotations

import numpy as np
import streamlit as st

from conv_core import book_example, edge_image, edge_kernel
from ui.i18n import t
from ui.matrix_editor import set_cells
from ui.matrix_text import matrix_to_cells
from ui.shell import classroom_mode
from ui.step_view import STEP_KEY

# D2L §7.2.1: corr2d(X, K) = [[19, 25], [37, 43]].
BOOK_X, BOOK_K = map(matrix_to_cells, book_example())

# D2L §7.2.4: a 6×8 image, white (1) with a black (0) band in columns 2–5, and the [1, −1] kernel.
EDGE_X = matrix_to_cells(edge_image())
EDGE_K = matrix_to_cells(edge_kernel())

# The identity kernel: with padding 1 it gives X back.
IDENTITY_K = [["0", "0", "0"], ["0", "1", "0"], ["0", "0", "0"]]


def random_integers(rows: int, cols: int, low: int, high: int) -> list[list[str]]:
    """Small random integers from low to high, for practice."""
    values = np.random.default_rng().integers(low, high + 1, size=(rows, cols))
    return [[str(int(v)) for v in row] for row in values]


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
        random_integers(len(X_cells), len(X_cells[0]), -3, 5),
        random_integers(len(K_cells), len(K_cells[0]), -2, 2),
    )


def preset_buttons() -> None:
    """The book's example, the edge image, the identity kernel, and (not in classroom mode)
    random practice numbers; each resets the step-through to the first cell."""
    classroom = classroom_mode()
    choices = [
        ("preset_book", (BOOK_X, BOOK_K, 0, 1)),
        ("preset_edge", (EDGE_X, EDGE_K, 0, 1)),
        ("preset_identity", (None, IDENTITY_K, 1, 1)),
    ]
    with st.container(horizontal=True):  # side by side, onto more rows on a phone
        for key, args in choices:
            st.button(t(f"cross_correlation.{key}"), key=key, on_click=_load, args=args,
                      width="stretch")  # fmt: skip
        if not classroom:
            st.button(t("cross_correlation.preset_random"), key="preset_random",
                      on_click=_load_random, width="stretch")  # fmt: skip
