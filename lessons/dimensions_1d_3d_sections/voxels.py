"""The 3-D cross-correlation's volume, kernel and output as voxels that turn with the mouse:
the slices below, stacked as they are in space."""

from __future__ import annotations

import streamlit as st
import torch

from ui import url_params
from ui.i18n import t
from ui.plots3d import CONFIG, voxels

V = "dimensions_1d_3d.voxels."  # this section's texts


def volume_in_3d(X: torch.Tensor, K: torch.Tensor, Y: torch.Tensor) -> None:
    """X, K and Y as voxels, behind a toggle (kept in the URL): Plotly's JavaScript is
    fetched the first time a figure needs it, and three figures are heavy for a phone."""
    shown = url_params.in_url("d3_voxels", lambda key: st.toggle(t(f"{V}toggle"), key=key))
    if not shown:
        return
    st.caption(t(f"{V}caption"))
    for column, (name, values) in zip(st.columns(3), (("X", X), ("K", K), ("Y", Y)),
                                      strict=True):  # fmt: skip
        with column:
            shape = "×".join(map(str, values.shape))
            figure = voxels(values.numpy(), name=name, title=f"{name} · {shape}")
            st.plotly_chart(figure, key=f"d3_voxels_{name}", config=CONFIG)
