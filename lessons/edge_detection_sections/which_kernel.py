"""Which kernel made this Y? A picture, what one of four kernels made of it, and the choice
(D2L §7.2.3: a kernel is read from what it finds). A teacher can put it to the class."""

from __future__ import annotations

import streamlit as st
import torch

from conv_core import KERNELS, corr2d
from ui.class_mode.question import ask
from ui.heatmap import show_sized
from ui.i18n import t
from ui.url_params import PARAMS, keep, start

CHOICES = ("edge_1x2", "edge_2x1", "laplacian", "box_blur")  # as listed for the student
ROUNDS = (2, 0, 3, 1)  # the kernel behind each round: not the order of the list
ROUND_KEY = "edge_which"  # the round, in the URL: a class following the teacher sees one Y


def which_picture() -> torch.Tensor:
    """A bright 4×4 square on an 8×8 black ground: each kernel makes something else of it."""
    X = torch.zeros(8, 8)
    X[2:6, 2:6] = 1.0
    return X


def _next_round() -> None:
    st.session_state[ROUND_KEY] = (st.session_state[ROUND_KEY] + 1) % len(ROUNDS)


def _label(name: str) -> str:
    return t(f"edge_detection.kernel_{name}")


def which_kernel() -> None:
    """X, the Y of a hidden kernel, and the four kernels to choose from."""
    st.header(t("edge_detection.which_heading"))
    st.markdown(t("edge_detection.which_intro"))
    number = st.session_state[start(ROUND_KEY)]
    keep(ROUND_KEY, number, PARAMS[ROUND_KEY].default)
    name = CHOICES[ROUNDS[number]]
    X = which_picture()
    x_col, y_col = st.columns(2)
    with x_col:
        show_sized(X, name="X", key="edge_which_x", max_px=300, picture=True)
    with y_col:
        show_sized(corr2d(X, KERNELS[name]), name="Y", key="edge_which_y", max_px=300)
    label = t("edge_detection.which_label")
    asked = ask(f"edge_which_{number}", "choice", name, label=label, options=CHOICES,
                option_label=_label)  # fmt: skip
    if asked is None:  # on one's own: choose and see at once
        guess = st.radio(label, CHOICES, index=None, format_func=_label,
                         key=f"edge_which_guess_{number}")  # fmt: skip
        if guess == name:
            st.success(t("edge_detection.which_right", kernel=_label(name)))
        elif guess is not None:
            st.error(t("edge_detection.which_wrong", kernel=_label(guess)))
    st.button(t("edge_detection.which_another"), key="edge_which_next", on_click=_next_round,
              icon=":material/refresh:")  # fmt: skip
