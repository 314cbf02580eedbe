"""The same training live: a run computed once on the server and played in the browser."""

import streamlit as st

from conv_core import BOOK_TARGET, training_pair
from lessons.learn_kernel_sections.bowl import loss_bowl_3d
from ui.heatmap import show_matrix
from ui.i18n import t
from ui.learn_settings import run_settings, target_setting
from ui.run_player import cached_run, lr_limit, play_run, run_table
from ui.shell import classroom_mode


def watch_it_learn() -> None:
    """What is to be learned, then how: the run and its settings are a fragment."""
    st.header(t("learn_kernel.live_heading"))
    st.markdown(t("learn_kernel.live_intro"))
    target = target_setting()
    pair = training_pair(target)
    panels = [(t("learn_kernel.kernel_target"), pair.K, "lk_kernel_target", 220, False)]
    if target != BOOK_TARGET:
        st.markdown(t("learn_kernel.picture_intro"))
        panels = [
            (t("learn_kernel.picture_x"), pair.X, "lk_pic_x", 300, True),
            (t("learn_kernel.picture_y"), pair.Y, "lk_pic_y", 300, False),
            *panels,
        ]
    for column, (label, M, key, max_px, picture) in zip(st.columns(3), panels, strict=False):
        with column:
            st.markdown(f"**{label}**")
            show_matrix(M, name=label, key=key, max_px=max_px, picture=picture)
    the_run(target)


@st.fragment
def the_run(target: str) -> None:
    """A fragment: a new learning rate, optimizer or seed reruns only this, so the new run is
    on screen sooner (the target's heatmaps above do not change with them)."""
    config = run_settings(target)
    st.caption(t("learn_kernel.lr_limit", limit=f"{lr_limit(target):.3g}"))
    run = cached_run(*config)
    play_run(run, key="lk_player")
    if run.weights.shape[1] == 2:  # the 1×2 kernel: its loss surface is on show
        st.caption(t("learn_kernel.surface_caption"))
        loss_bowl_3d(run)  # the same surface in 3-D, behind a toggle
    if not classroom_mode():
        with st.expander(t("learn_kernel.history")):
            st.dataframe(run_table(run), hide_index=True, height=240)
