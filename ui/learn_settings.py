"""The settings of a training run: target, learning rate, optimizer, seed — all four in the
URL, by name, so that a link opens the same run in either language."""

from __future__ import annotations

import streamlit as st

from conv_core import BOOK_TARGET, LEARNING_RATES, OPTIMIZERS, TARGETS, RunConfig, default_lr
from ui.i18n import current_language, option_labels, t
from ui.url_params import write_param

SEED_MAX = 2**31 - 1
LR_KEY = "lr"


def lr_text(lr: float) -> str:
    return f"{lr:g}"


def seed_input(container, label: str, help_text: str, **options) -> int:
    """A whole-number seed from 0 up."""
    return int(
        container.number_input(
            label, min_value=0, max_value=SEED_MAX, value=0, step=1, help=help_text, **options
        )
    )


def choice_key(name: str, options, default: str) -> str:
    """The key of the widget that chooses `name`, one per language, with its first value.

    A select widget remembers its choice by the label shown, and the labels change with the
    language: each language gets its own widget, started from the last choice, else from the
    URL (which holds the name, not the label), else from `default`.
    """
    key = f"lk_{name}_{current_language()}"
    if key not in st.session_state:
        value = st.session_state.get(f"lk_{name}", st.query_params.get(name))
        st.session_state[key] = value if value in options else default
    return key


def _on_target_change(key: str) -> None:
    st.session_state[LR_KEY] = default_lr(st.session_state[key])


def target_setting() -> str:
    """Which kernel is to be learned (in the URL by name)."""
    target_key = choice_key("target", TARGETS, BOOK_TARGET)
    target = st.selectbox(
        t("learn_kernel.target"), options=list(TARGETS),
        format_func=option_labels("learn_kernel.target_"), key=target_key,
        on_change=_on_target_change, args=(target_key,),
    )  # fmt: skip
    _keep("target", target, BOOK_TARGET)
    return target


def run_settings(target: str, classroom: bool) -> RunConfig:
    """How it is learned: learning rate, optimizer and seed (the seed not in classroom mode)."""
    columns = st.columns([3, 3, 2] if not classroom else [1, 1])
    if LR_KEY not in st.session_state and st.query_params.get(LR_KEY) not in map(
        lr_text, LEARNING_RATES
    ):
        st.session_state[LR_KEY] = default_lr(target)
    lr = columns[0].select_slider(
        t("learn_kernel.lr"), options=LEARNING_RATES, format_func=lr_text, key=LR_KEY,
        bind="query-params", help=t("learn_kernel.lr_help"),
    )  # fmt: skip
    optimizer = columns[1].segmented_control(
        t("learn_kernel.optimizer"), options=list(OPTIMIZERS),
        format_func=option_labels("learn_kernel.optimizer_"), required=True,
        key=choice_key("optimizer", OPTIMIZERS, "sgd"), help=t("learn_kernel.optimizer_help"),
    )  # fmt: skip
    seed = 0
    if not classroom:
        seed = seed_input(columns[2], t("learn_kernel.seed"), t("learn_kernel.seed_help"),
                          key="seed", bind="query-params")  # fmt: skip
    _keep("optimizer", optimizer, "sgd")
    return RunConfig(target, float(lr), optimizer, seed)


def _keep(name: str, value: str, default: str) -> None:
    st.session_state[f"lk_{name}"] = value  # kept across a change of language
    write_param(name, value, default)
