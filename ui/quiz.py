"""Predict the cell: the next output cell is hidden; the student computes it and is scored."""

from __future__ import annotations

import math

import streamlit as st

from conv_core import format_number, pad, window
from ui.class_mode.question import ask, asked_index
from ui.heatmap import matrix_data, show_matrices
from ui.i18n import t
from ui.shared import shared
from ui.step_view import revealed_text, revealed_values

CELL_KEY = "quiz_cell"
RIGHT_KEY = "quiz_right"
ASKED_KEY = "quiz_asked"
FEEDBACK_KEY = "quiz_feedback"
ANSWER_KEY = "quiz_answer"


def is_right(answer: float, value: float) -> bool:
    """Right to the precision a student writes (4 decimals, or 0.1 % of a large value)."""
    return math.isclose(answer, value, rel_tol=1e-3, abs_tol=1e-4)


def _check(cell: tuple[int, int], value: float, expression: str) -> None:
    answer = st.session_state.get(ANSWER_KEY)
    if answer is None:
        st.session_state[FEEDBACK_KEY] = ("empty", {})
        return
    right = is_right(answer, value)
    st.session_state[ASKED_KEY] += 1
    st.session_state[RIGHT_KEY] += int(right)
    st.session_state[FEEDBACK_KEY] = (
        "right" if right else "wrong",
        {"i": cell[0], "j": cell[1], "answer": format_number(answer), "sum": expression},
    )
    st.session_state[CELL_KEY] += 1
    st.session_state[ANSWER_KEY] = None


@shared(maxsize=32)
def _asked(X, K, Y, cell: int, padding, stride):
    """The asked cell's window and its sum written out, the padded X, and Y with the cells
    from the asked one on hidden (their values and their texts, "?" at the asked one)."""
    i, j = divmod(cell, Y.shape[1])
    here = window(X, K, i, j, padding=padding, stride=stride)
    return (here, here.expression(K), pad(X, padding), revealed_values(Y, cell),
            revealed_text(Y, cell, mark="?"))  # fmt: skip


def quiz(X, K, Y, *, padding, stride) -> None:
    """Hide the next cell of Y, highlight its window on X, and check the student's number."""
    for key, value in ((CELL_KEY, 0), (RIGHT_KEY, 0), (ASKED_KEY, 0), (FEEDBACK_KEY, None)):
        if key not in st.session_state:
            st.session_state[key] = value
    cell = asked_index("lab_cell", Y.numel(), st.session_state[CELL_KEY] % Y.numel())  # class
    i, j = divmod(cell, Y.shape[1])
    here, expression, padded, hidden, hidden_text = _asked(X, K, Y, cell, padding, stride)

    views, answer_col = st.columns([6, 3])
    with views:  # X with the asked cell's window, and Y with that cell hidden
        x_view = matrix_data(padded, name="X", window=(here.top, here.left, *K.shape),
                             padding=padding)  # fmt: skip
        y_view = matrix_data(hidden, name="Y", text=hidden_text, window=(i, j, 1, 1), colour_by=Y)
        show_matrices([("X", x_view), ("Y", y_view)], key="quiz_views")
    with answer_col:
        with st.form("quiz_form", border=False):
            st.number_input(
                t("quiz.prompt", i=i, j=j), value=None, step=1.0, format="%g", key=ANSWER_KEY
            )
            st.form_submit_button(
                t("quiz.check"),
                on_click=_check,
                args=((i, j), here.value, expression),
                key="quiz_check",
            )
        feedback = st.session_state[FEEDBACK_KEY]
        if feedback is not None:
            kind, params = feedback
            # Right or wrong is said in words and by the icon's shape, not by colour alone.
            box, icon = {
                "right": (st.success, ":material/check_circle:"),
                "wrong": (st.error, ":material/cancel:"),
                "empty": (st.warning, ":material/edit:"),
            }[kind]
            box(t(f"quiz.{kind}", **params), icon=icon)
        st.metric(t("quiz.score"), f"{st.session_state[RIGHT_KEY]} / {st.session_state[ASKED_KEY]}")
    ask(f"lab_cell_{cell}", "number", here.value, label=t("quiz.prompt", i=i, j=j))
