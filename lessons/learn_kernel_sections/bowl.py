"""The 1×2 kernel's loss surface as a bowl in 3-D, with the run's path on it: the 2-D map of
the player above, turned so that the height is the loss."""

from __future__ import annotations

import streamlit as st

from conv_core import RecordedRun
from ui import url_params
from ui.i18n import t
from ui.plots3d import CONFIG, loss_bowl
from ui.run_player import cached_surface


def loss_bowl_3d(run: RecordedRun) -> None:
    """Behind a toggle (kept in the URL): Plotly's JavaScript is fetched by the browser the
    first time a figure needs it, and the page's first render must stay light."""
    if run.weights.shape[1] != 2:
        return
    shown = url_params.in_url("lk_bowl", lambda key: st.toggle(t("learn_kernel.bowl.toggle"),
                                                               key=key))  # fmt: skip
    if not shown:
        return
    w1, w2, losses, best = cached_surface(run.config.target)
    labels = {name: t(f"learn_kernel.bowl.{name}") for name in ("loss", "path", "best")}
    figure = loss_bowl(w1, w2, losses, best, run.weights, run.losses, labels=labels)
    st.plotly_chart(figure, key="lk_bowl_chart", config=CONFIG)
    st.caption(t("learn_kernel.bowl.caption"))
