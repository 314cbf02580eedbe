"""The step-through view: one output cell at a time, its window on X and its sum written out."""

from __future__ import annotations

import time

import streamlit as st
import torch

from conv_core import format_number, pad, window
from ui.controls import player_buttons
from ui.heatmap import show_matrix
from ui.i18n import t

STEP_KEY = "step"
PLAYING_KEY = "step_playing"
TICK_KEY = "step_tick"
SPEED_KEY = "step_seconds"


def revealed_text(Y: torch.Tensor, upto: int, *, mark: str = "") -> list[list[str]]:
    """Y's numbers for the cells before flat index `upto`; `mark` at `upto`; blanks after."""
    ow = Y.shape[1]
    return [
        [
            format_number(y) if i * ow + j < upto else (mark if i * ow + j == upto else "")
            for j, y in enumerate(row)
        ]
        for i, row in enumerate(Y.tolist())
    ]


def revealed_values(Y: torch.Tensor, upto: int) -> torch.Tensor:
    """Y with the cells from flat index `upto` on set to NaN, so the heatmap leaves them blank."""
    shown = Y.clone().flatten()
    shown[upto:] = float("nan")
    return shown.reshape(Y.shape)


def _move(delta: int, count: int) -> None:
    st.session_state[STEP_KEY] = (st.session_state[STEP_KEY] + delta) % count


def _toggle_play() -> None:
    st.session_state[PLAYING_KEY] = not st.session_state[PLAYING_KEY]
    st.session_state[TICK_KEY] = time.monotonic()


def step_through(X, K, Y, *, padding, stride, font_size: int, show_speed: bool) -> None:
    """Previous / next / play over every output cell of Y = corr2d(X, K, padding, stride)."""
    for key, value in ((STEP_KEY, 0), (PLAYING_KEY, False), (TICK_KEY, 0.0), (SPEED_KEY, 1.0)):
        if key not in st.session_state:
            st.session_state[key] = value
    if show_speed:
        st.columns([1, 2])[0].select_slider(
            t("step.speed"), options=[0.5, 1.0, 2.0], key=SPEED_KEY, format_func=format_number
        )
    seconds = st.session_state[SPEED_KEY]
    playing = st.session_state[PLAYING_KEY]
    count = Y.numel()

    # While playing, the fragment reruns by itself every `seconds`; paused, it waits for a click.
    @st.fragment(run_every=seconds if playing else None)
    def step_view() -> None:
        step = st.session_state[STEP_KEY] % count
        now = time.monotonic()
        if st.session_state[PLAYING_KEY] and now - st.session_state[TICK_KEY] >= 0.8 * seconds:
            st.session_state[TICK_KEY] = now
            if step == count - 1:  # the last cell: stop, and rerun the page to stop the timer
                st.session_state[PLAYING_KEY] = False
                st.rerun()
            step += 1
        st.session_state[STEP_KEY] = step

        *buttons, where_col = st.columns([1, 1, 1, 3])
        if player_buttons(
            "step",
            playing=st.session_state[PLAYING_KEY],
            on_play=_toggle_play,
            on_next=lambda: _move(1, count),
            on_previous=lambda: _move(-1, count),
            columns=buttons,
        ):
            st.rerun()  # the whole page, so the fragment's timer starts or stops
        i, j = divmod(step, Y.shape[1])
        where_col.markdown(t("step.where", i=i, j=j, n=step + 1, count=count))

        cell = window(X, K, i, j, padding=padding, stride=stride)
        x_col, k_col, y_col = st.columns([3, 2, 3])
        with x_col:
            label = t("step.padded_x") if padding != (0, 0) else "X"
            st.markdown(f"**{label}**")
            show_matrix(
                pad(X, padding),
                name=label,
                key="step_x",
                window=(cell.top, cell.left, *K.shape),
                padding=padding,
                font_size=font_size,
            )
        with k_col:
            st.markdown("**K**")
            show_matrix(K, name="K", key="step_k", font_size=font_size, max_px=200)
        with y_col:
            st.markdown("**Y**")
            show_matrix(
                revealed_values(Y, step + 1),
                name="Y",
                key="step_y",
                text=revealed_text(Y, step + 1),
                window=(i, j, 1, 1),
                font_size=font_size,
                colour_by=Y,
            )
        st.markdown(t("step.sum_intro", i=i, j=j))
        st.code(f"Y[{i}, {j}] = {cell.expression(K)}", language=None, wrap_lines=True)

    step_view()
