"""The settings of a training run: target, learning rate, optimizer, seed — all four in the
URL, by name, so that a link opens the same run in either language."""

from __future__ import annotations

import streamlit as st

from conv_core import LEARNING_RATES, OPTIMIZERS, TARGETS, RunConfig, default_lr
from ui.i18n import option_labels, t
from ui.shell import classroom_mode
from ui.url_params import PARAMS, in_url

LR_KEY = "lr"


def lr_text(lr: float) -> str:
    return f"{lr:g}"


def seed_input(container, label: str, help_text: str, *, key: str) -> int:
    """A whole-number seed from 0 up (its range is PARAMS["seed"]'s)."""
    spec = PARAMS["seed"]
    return int(container.number_input(label, min_value=spec.low, max_value=spec.high, step=1,
                                      help=help_text, key=key))  # fmt: skip


def _on_target_change() -> None:
    st.session_state[LR_KEY] = default_lr(st.session_state["target"])


def target_setting() -> str:
    """Which kernel is to be learned (in the URL by name)."""
    return in_url("target", lambda key: st.selectbox(
        t("learn_kernel.target"), options=list(TARGETS),
        format_func=option_labels("learn_kernel.target_"), key=key, on_change=_on_target_change,
    ))  # fmt: skip


def run_settings(target: str) -> RunConfig:
    """How it is learned: learning rate, optimizer and seed (the seed not in classroom mode)."""
    classroom = classroom_mode()
    columns = st.columns([3, 3, 2] if not classroom else [1, 1])
    lr = in_url(LR_KEY, lambda key: columns[0].select_slider(
        t("learn_kernel.lr"), options=LEARNING_RATES, format_func=lr_text, key=key,
        help=t("learn_kernel.lr_help"),
    ), default=default_lr(target))  # fmt: skip
    optimizer = in_url("optimizer", lambda key: columns[1].segmented_control(
        t("learn_kernel.optimizer"), options=list(OPTIMIZERS),
        format_func=option_labels("learn_kernel.optimizer_"), required=True, key=key,
        help=t("learn_kernel.optimizer_help"),
    ))  # fmt: skip
    if optimizer not in OPTIMIZERS:  # no selection sent (a hand-made message): Streamlit gives None
        optimizer = PARAMS["optimizer"].default
    seed = 0
    if not classroom:
        seed = in_url("seed", lambda key: seed_input(
            columns[2], t("learn_kernel.seed"), t("learn_kernel.seed_help"), key=key))  # fmt: skip
    return RunConfig(target, float(lr), optimizer, seed)
