"""Runs compared on one loss surface: optimizers, or learning rates, played in step."""

import streamlit as st

from conv_core import BOOK_TARGET, LEARNING_RATES, OPTIMIZERS, default_lr
from ui.controls import choice, refuse_oversized_selection
from ui.i18n import option_labels, t
from ui.learn_settings import lr_text
from ui.run_player import cached_run, play_compared

COMPARE_BY = ("optimizers", "learning_rates")
DEFAULT_LRS = (1e-2, 3e-2, 3.5e-2)  # below, at and just above the book's input's SGD limit
MAX_RUNS = 3
LR_KEY = "lk_compare_lr"


def compare_runs() -> None:
    """Drawn under its "Going further" expander (lessons/learn_kernel.py), which carries the
    heading."""
    st.markdown(t("learn_kernel.compare_intro"))
    by = choice(t("learn_kernel.compare_by"), COMPARE_BY, "learn_kernel.compare_by_",
                key="lk_compare_by", default="optimizers")  # fmt: skip
    seed = 0
    if by == "optimizers":
        # Starts at the live run's learning rate (or the link's), then has its own.
        st.session_state.setdefault(LR_KEY, st.session_state.get("lr", default_lr(BOOK_TARGET)))
        lr = st.select_slider(t("learn_kernel.compare_lr"), options=LEARNING_RATES,
                              format_func=lr_text, key=LR_KEY)  # fmt: skip
        refuse_oversized_selection("lk_compare_optimizers", MAX_RUNS)
        names = st.multiselect(
            t("learn_kernel.compare_optimizers"), OPTIMIZERS,
            default=list(OPTIMIZERS), max_selections=MAX_RUNS,
            format_func=option_labels("learn_kernel.optimizer_"), key="lk_compare_optimizers",
        )  # fmt: skip
        label = option_labels("learn_kernel.optimizer_")
        runs = [(label(name), cached_run(BOOK_TARGET, lr, name, seed)) for name in names]
    else:
        refuse_oversized_selection("lk_compare_lrs", MAX_RUNS)
        rates = st.multiselect(
            t("learn_kernel.compare_lrs"), LEARNING_RATES, default=list(DEFAULT_LRS),
            max_selections=MAX_RUNS, format_func=lr_text, key="lk_compare_lrs",
        )  # fmt: skip
        runs = [(f"lr {lr_text(r)}", cached_run(BOOK_TARGET, r, "sgd", seed)) for r in rates]
    if len(runs) < 2:
        st.info(t("learn_kernel.compare_pick"), icon=":material/info:")
        return
    play_compared(runs, key="lk_compare_player")
