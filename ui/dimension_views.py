"""Views of the 1-D and 3-D page: a signal and its output on one axis, a volume slice by
slice, and the PyTorch code for the signal."""

from __future__ import annotations

import streamlit as st
import torch

from conv_core import format_number, output_centres
from ui.heatmap import WINDOW_COLOUR, show_matrix
from ui.i18n import t
from ui.shell import chart_type_config, figure_font_size


def signal_chart(x: torch.Tensor, y: torch.Tensor, k: int, padding: int, stride: int) -> None:
    """x and y on one axis: y[i] drawn at the centre of the window that made it, in the
    colour of the output cell a window makes. Vega-Lite (Streamlit's own charts) loads
    faster on a page's first screen than Plotly."""
    centres = output_centres(len(x), k, padding=padding, stride=stride)
    values = [{"at": i, "value": v, "series": "x"} for i, v in enumerate(x.tolist())] + [
        {"at": c, "value": v, "series": "y"} for c, v in zip(centres, y.tolist(), strict=True)
    ]
    position, value = t("dimensions_1d_3d.position"), t("dimensions_1d_3d.value")
    size = figure_font_size()
    spec = {
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {
                "field": "at",
                "type": "quantitative",
                "title": position,
                "axis": {"tickMinStep": 1},
            },
            "y": {"field": "value", "type": "quantitative", "title": None},
            "color": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "scale": {"domain": ["x", "y"], "range": ["#1c7ed6", WINDOW_COLOUR]},
                "legend": {"orient": "top"},
            },
            "tooltip": [
                {"field": "series", "title": " "},
                {"field": "at", "title": position},
                {"field": "value", "title": value},
            ],
        },
        "config": chart_type_config(),
    }
    # 260 px at the usual type, taller in classroom type so the plot keeps its room.
    height = 12 * size + 80
    st.vega_lite_chart(spec, height=height, key="d1_chart", alt=t("dimensions_1d_3d.chart_alt"))


def show_vector(v: torch.Tensor, name: str, key: str, **options) -> None:
    """A vector as a one-row heatmap with its numbers."""
    show_matrix(v[None], name=name, key=key, max_px=900, **options)


def show_slices(
    V: torch.Tensor, name: str, key: str, boxes=None, padding=0, max_px=220, colour_by=None,
    picture: bool = False,
):  # fmt: skip
    """One heatmap per depth slice, side by side; `boxes[c]` marks a window on slice c;
    `colour_by` gives every slice one colour scale (its values' range); `picture`: the slices
    are a picture's channels, drawn in grey."""
    for c, column in enumerate(st.columns(V.shape[0])):
        with column:
            st.markdown(f"**{name}[{c}]**")
            show_matrix(
                V[c],
                name=f"{name}[{c}]",
                key=f"{key}_{c}",
                window=None if boxes is None else boxes.get(c),
                padding=(padding, padding),
                max_px=max_px,
                colour_by=colour_by,
                picture=picture,
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
