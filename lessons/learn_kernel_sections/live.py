"""The same training live: a run computed once on the server and played in the browser."""

import streamlit as st

from conv_core import BOOK_TARGET, training_pair
from ui.heatmap import show_matrix
from ui.i18n import t
from ui.learn_settings import run_settings
from ui.run_player import cached_run, lr_limit, play_run, run_table


@st.fragment
def watch_it_learn(classroom: bool, font_size: int) -> None:
    """A fragment: a new setting reruns only this section, so the new run is on screen sooner."""
    st.header(t("learn_kernel.live_heading"))
    st.markdown(t("learn_kernel.live_intro"))
    config = run_settings(classroom)
    st.caption(t("learn_kernel.lr_limit", limit=f"{lr_limit(config.target):.3g}"))
    pair = training_pair(config.target)
    panels = [(t("learn_kernel.kernel_target"), pair.K, "lk_kernel_target", 220)]
    if config.target != BOOK_TARGET:
        st.markdown(t("learn_kernel.picture_intro"))
        panels = [
            (t("learn_kernel.picture_x"), pair.X, "lk_pic_x", 300),
            (t("learn_kernel.picture_y"), pair.Y, "lk_pic_y", 300),
            *panels,
        ]
    for column, (label, M, key, max_px) in zip(st.columns(3), panels, strict=False):
        with column:
            st.markdown(f"**{label}**")
            show_matrix(M, name=label, key=key, font_size=font_size, max_px=max_px)
    run = cached_run(*config)
    play_run(run, key="lk_player")
    if pair.K.numel() == 2:
        st.caption(t("learn_kernel.surface_caption"))
    if not classroom:
        with st.expander(t("learn_kernel.history")):
            st.dataframe(run_table(run), hide_index=True, height=240)
