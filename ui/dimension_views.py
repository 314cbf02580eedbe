"""Views of the 1-D and 3-D page: a signal and its output on one axis, a volume slice by
slice, and the PyTorch code for the signal."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st
import torch

from conv_core import format_number, output_centres
from ui.heatmap import show_matrix
from ui.i18n import t
from ui.shell import figure_font_size


def signal_chart(x: torch.Tensor, y: torch.Tensor, k: int, padding: int, stride: int) -> None:
    """x and y on one axis: y[i] drawn at the centre of the window that made it."""
    fig = go.Figure()
    fig.add_scatter(x=list(range(len(x))), y=x.tolist(), mode="lines+markers", name="x")
    centres = output_centres(len(x), k, padding=padding, stride=stride)
    fig.add_scatter(x=centres, y=y.tolist(), mode="lines+markers", name="y")
    fig.update_layout(
        height=260,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"size": figure_font_size()},
        xaxis_title=t("dimensions_1d_3d.position"),
        legend={"orientation": "h"},
    )
    st.plotly_chart(fig, key="d1_chart", config={"displayModeBar": False})


def show_vector(v: torch.Tensor, name: str, key: str, font_size: int, **options) -> None:
    """A vector as a one-row heatmap with its numbers."""
    show_matrix(v[None], name=name, key=key, font_size=font_size, max_px=900, **options)


def show_slices(
    V: torch.Tensor, name: str, key: str, font_size: int, boxes=None, padding=0, max_px=220,
    colour_by=None,
):  # fmt: skip
    """One heatmap per depth slice, side by side; `boxes[c]` marks a window on slice c;
    `colour_by` gives every slice one colour scale (its values' range)."""
    for c, column in enumerate(st.columns(V.shape[0])):
        with column:
            st.markdown(f"**{name}[{c}]**")
            show_matrix(
                V[c],
                name=f"{name}[{c}]",
                key=f"{key}_{c}",
                window=None if boxes is None else boxes.get(c),
                padding=(padding, padding),
                font_size=font_size,
                max_px=max_px,
                colour_by=colour_by,
            )


def conv1d_code(x: torch.Tensor, k: torch.Tensor, padding: int, stride: int) -> str:
    """A runnable script printing y with PyTorch's F.conv1d, for this x, k, p and s."""
    numbers = ", ".join(format_number(v) for v in x.tolist())
    weights = ", ".join(format_number(v) for v in k.tolist())
    return (
        "import torch\nimport torch.nn.functional as F\n\n"
        f"x = torch.tensor([{numbers}])\nk = torch.tensor([{weights}])\n"
        f"y = F.conv1d(x.reshape(1, 1, -1), k.reshape(1, 1, -1), padding={padding},"
        f" stride={stride})[0, 0]\nprint(y)"
    )
