"""The live view of a kernel being learned: the kernel, the loss, the loss surface, the weights."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ui.heatmap import WINDOW_COLOUR

PATH_COLOUR = WINDOW_COLOUR
TARGET_COLOUR = "#2b8a3e"


def _palette(index: int, count: int) -> str:
    colours = ["#1c7ed6", "#e8590c", "#2b8a3e", "#ae3ec9", "#f08c00", "#0b7285", "#c2255c"]
    colours += ["#5c940d", "#495057"]
    return colours[index % len(colours)] if count > 1 else colours[0]


# The live view is one figure of four panels: one chart to send and draw ten times a second
# costs far less than four (Streamlit validates, serialises and remounts each chart).
_PANELS = {  # (x domain, y domain) of each panel
    "kernel": ([0.0, 0.3], [0.6, 1.0]),
    "loss": ([0.4, 1.0], [0.6, 1.0]),
    "map": ([0.0, 0.45], [0.0, 0.46]),
    "weights": ([0.55, 1.0], [0.0, 0.46]),
}


def live_figure(
    *,
    kernel: np.ndarray,
    steps: Sequence[int],
    losses: Sequence[float],
    weights: Sequence[Sequence[float]],
    target: Sequence[float],
    labels: Sequence[str],
    titles: dict[str, str],
    font_size: int,
    surface: tuple[np.ndarray, np.ndarray, np.ndarray, Sequence[float]] | None = None,
    prediction: tuple[np.ndarray, float] | None = None,
) -> dict:
    """The learned kernel, the loss curve, the loss surface with the path (1×2 kernels) or the
    learned kernel's output (others), and the weights per step, as one Plotly figure dict.

    `surface` is (w1, w2, losses, lowest point); `prediction` is (output, colour bound).
    """
    data: list[dict] = []
    layout: dict = {
        "height": 760,
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "font": {"size": font_size},
        "showlegend": False,
        "annotations": [],
        "shapes": [],
    }
    for index, (name, (x_domain, y_domain)) in enumerate(_PANELS.items(), start=1):
        layout[f"xaxis{index}"] = {"domain": x_domain, "anchor": f"y{index}"}
        layout[f"yaxis{index}"] = {"domain": y_domain, "anchor": f"x{index}"}
        layout["annotations"].append(
            {
                "text": f"<b>{titles[name]}</b>",
                "x": sum(x_domain) / 2,
                "y": y_domain[1] + 0.01,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": font_size},
            }
        )
    _kernel_panel(data, layout, np.asarray(kernel, dtype=float), font_size)
    finite = [loss if np.isfinite(loss) and loss > 0 else None for loss in losses]
    data.append(
        {
            "type": "scatter",
            "x": list(steps),
            "y": finite,
            "mode": "lines+markers" if len(steps) <= 60 else "lines",
            "line": {"color": PATH_COLOUR, "width": 3},
            "hovertemplate": "%{x}: %{y:.4g}<extra></extra>",
            "xaxis": "x2",
            "yaxis": "y2",
        }
    )
    # Ten steps' room from the start, so the first steps do not fill the whole width.
    steps_range = [0, max(10, len(steps) - 1)]
    layout["xaxis2"].update(range=steps_range)
    layout["yaxis2"].update(type="log", exponentformat="power", dtick=1)  # decades only
    if surface is not None:
        _surface_panel(data, layout, surface, weights)
    elif prediction is not None:
        values, bound = prediction
        data.append(_heatmap_trace(np.asarray(values, dtype=float), bound, "x3", "y3"))
        _matrix_axes(layout, 3, np.asarray(values).shape)
    columns = np.asarray(weights, dtype=float).reshape(len(steps), len(labels)).T
    for index, (label, values) in enumerate(zip(labels, columns, strict=True)):
        colour = _palette(index, len(labels))
        data.append(
            {
                "type": "scatter",
                "x": list(steps),
                "y": values,
                "mode": "lines+markers" if len(steps) <= 60 else "lines",
                "marker": {"size": 5},
                "name": label,
                "line": {"color": colour, "width": 2.5},
                "hovertemplate": f"{label} %{{x}}: %{{y:.4f}}<extra></extra>",
                "xaxis": "x4",
                "yaxis": "y4",
            }
        )
        layout["shapes"].append(
            {
                "type": "line",
                "xref": "x4 domain",
                "yref": "y4",
                "x0": 0,
                "x1": 1,
                "y0": target[index],
                "y1": target[index],
                "line": {"color": colour, "width": 1, "dash": "dash"},
            }
        )
    layout["xaxis4"].update(range=steps_range)
    return {"data": data, "layout": layout}


def _heatmap_trace(values: np.ndarray, bound: float, xaxis: str, yaxis: str, text=None) -> dict:
    trace = {
        "type": "heatmap",
        "z": values,
        "colorscale": "RdBu",
        "zmin": -bound,
        "zmax": bound,
        "showscale": False,
        "xgap": 1,
        "ygap": 1,
        "hovertemplate": "[%{y}, %{x}] = %{z:.4f}<extra></extra>",
        "xaxis": xaxis,
        "yaxis": yaxis,
    }
    if text is not None:
        trace.update(text=text, texttemplate="%{text}")
    return trace


def _matrix_axes(layout: dict, index: int, shape: tuple[int, int]) -> None:
    """Axes that read like a matrix: row 0 on top, square cells, a tick per row and column."""
    rows, cols = shape
    tick = {"tickmode": "linear", "dtick": 1 if max(rows, cols) <= 10 else 5}
    layout[f"xaxis{index}"].update(
        side="top", range=[-0.5, cols - 0.5], showgrid=False, zeroline=False, **tick
    )
    layout[f"yaxis{index}"].update(
        autorange="reversed",
        scaleanchor=f"x{index}",
        constrain="domain",
        showgrid=False,
        zeroline=False,
        **tick,
    )
    layout[f"xaxis{index}"]["constrain"] = "domain"


def _kernel_panel(data: list, layout: dict, kernel: np.ndarray, font_size: int) -> None:
    finite = kernel[np.isfinite(kernel)]
    bound = float(np.abs(finite).max()) if finite.size else 1.0
    text = [[f"{v:.3f}" for v in row] for row in kernel]
    trace = _heatmap_trace(kernel, max(bound, 1e-9), "x1", "y1", text=text)
    trace["textfont"] = {"size": font_size}
    data.append(trace)
    _matrix_axes(layout, 1, kernel.shape)


def _surface_panel(data: list, layout: dict, surface, weights) -> None:
    w1, w2, losses, best = surface
    data.append(
        {
            "type": "contour",
            "x": w1,
            "y": w2,
            "z": np.log10(losses + 1e-3).astype(np.float32),
            "colorscale": "Blues",
            "reversescale": True,
            "ncontours": 20,
            "showscale": False,
            "contours": {"coloring": "heatmap"},
            "hoverinfo": "skip",
            "xaxis": "x3",
            "yaxis": "y3",
        }
    )
    points = np.asarray(weights, dtype=float).reshape(-1, 2)
    data.append(
        {
            "type": "scatter",
            "x": points[:, 0],
            "y": points[:, 1],
            "mode": "lines+markers",
            "line": {"color": PATH_COLOUR, "width": 2.5},
            "marker": {"size": 6},
            "hovertemplate": "(%{x:.3f}, %{y:.3f})<extra></extra>",
            "xaxis": "x3",
            "yaxis": "y3",
        }
    )
    data.append(
        {
            "type": "scatter",
            "x": [points[0, 0]],
            "y": [points[0, 1]],
            "mode": "markers",
            "marker": {"color": PATH_COLOUR, "size": 13, "symbol": "circle-open", "line_width": 3},
            "hoverinfo": "skip",
            "xaxis": "x3",
            "yaxis": "y3",
        }
    )
    data.append(
        {
            "type": "scatter",
            "x": [best[0]],
            "y": [best[1]],
            "mode": "markers",
            "marker": {"color": TARGET_COLOUR, "size": 16, "symbol": "star"},
            "hovertemplate": "(%{x:.3f}, %{y:.3f})<extra></extra>",
            "xaxis": "x3",
            "yaxis": "y3",
        }
    )
    layout["xaxis3"].update(
        range=[float(w1[0]), float(w1[-1])], title="K[0, 0]", constrain="domain"
    )
    layout["yaxis3"].update(
        range=[float(w2[0]), float(w2[-1])], title="K[0, 1]", scaleanchor="x3", constrain="domain"
    )
