"""Plotly's 3-D figures, where a third axis helps: a loss surface as a bowl with a run's path
on it, and a volume (or a 3-D kernel) as voxels. Both turn with the mouse.

Plotly's JavaScript ships with Streamlit, so the figures work offline; it is a large chunk
the browser fetches the first time a page shows a Plotly figure, which is why the pages draw
these behind a toggle (or in a section drawn on demand) and not on their first render.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ui.shell import figure_font_size

# A cube's 8 corners (x, y, z in 0/1) and its 12 triangles, two per face.
_CORNERS = np.array(
    [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1]],
    dtype=float,
)
_TRIANGLES = np.array(
    [[0, 1, 2], [0, 2, 3], [4, 5, 6], [4, 6, 7], [0, 1, 5], [0, 5, 4],
     [2, 3, 7], [2, 7, 6], [1, 2, 6], [1, 6, 5], [0, 3, 7], [0, 7, 4]]
)  # fmt: skip
VOXEL = 0.82  # a voxel's side: the gaps between voxels let the eye count them
PATH_COLOUR = "#e8590c"  # the run's colour on the 2-D map (ui/run_player.RUN_COLOURS[0])
BEST_COLOUR = "#2b8a3e"
ZERO_COLOUR = "#868e96"  # a zero element: grey, faint, so that the grid shows
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["toImage"]}  # for st.plotly_chart


def _layout(fig: go.Figure, axes: Sequence[str], *, height: int, title: str = "") -> go.Figure:
    size = figure_font_size()
    fig.update_layout(
        title={"text": title, "font": {"size": size + 1}},
        height=height,
        margin={"l": 0, "r": 0, "t": 40 if title else 10, "b": 0},
        font={"size": size},
        scene={
            "xaxis_title": axes[0],
            "yaxis_title": axes[1],
            "zaxis_title": axes[2],
            "camera": {"eye": {"x": 1.5, "y": -1.6, "z": 1.1}},
        },
        legend={"orientation": "h", "y": -0.02},
    )
    return fig


def loss_bowl(
    w1: np.ndarray,
    w2: np.ndarray,
    losses: np.ndarray,
    best: Sequence[float],
    path: np.ndarray,
    path_losses: np.ndarray,
    *,
    labels: dict[str, str],
) -> go.Figure:
    """The loss over the (w1, w2) grid as a surface, the run's steps on it, and the lowest
    point. `path` is (steps, 2); the steps outside the grid (a run that diverged) are left
    out, as on the 2-D map. `labels`: "loss", "path", "best" in the student's language."""
    path = np.asarray(path, dtype=float)
    path_losses = np.asarray(path_losses, dtype=float)
    inside = (
        (path[:, 0] >= w1[0]) & (path[:, 0] <= w1[-1]) & (path[:, 1] >= w2[0])
        & (path[:, 1] <= w2[-1]) & np.isfinite(path_losses)
    )  # fmt: skip
    lift = 0.01 * float(np.max(losses))  # above the surface, so the path is not hidden in it
    fig = go.Figure()
    fig.add_surface(
        x=w1, y=w2, z=losses, colorscale="Viridis", opacity=0.9, showscale=False,
        name=labels["loss"], contours={"z": {"show": True, "usecolormap": True,
                                            "project_z": True}},
        hovertemplate="K[0, 0] = %{x:.3f}<br>K[0, 1] = %{y:.3f}<br>%{z:.4g}<extra></extra>",
    )  # fmt: skip
    fig.add_scatter3d(
        x=path[inside, 0], y=path[inside, 1], z=path_losses[inside] + lift,
        mode="lines+markers", name=labels["path"], line={"color": PATH_COLOUR, "width": 6},
        marker={"size": 2.5, "color": PATH_COLOUR},
    )  # fmt: skip
    fig.add_scatter3d(
        x=[best[0]], y=[best[1]], z=[float(np.min(losses)) + lift], mode="markers",
        name=labels["best"], marker={"size": 7, "color": BEST_COLOUR, "symbol": "diamond"},
    )  # fmt: skip
    return _layout(fig, ("K[0, 0]", "K[0, 1]", labels["loss"]), height=520)


def _cubes(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The vertices and triangles of one small cube per (d, i, j) cell: x = column j,
    y = row i (counted downwards, as on the heatmaps), z = depth d."""
    origin = np.stack([cells[:, 2], -cells[:, 1], cells[:, 0]], axis=1).astype(float)
    offset = (1 - VOXEL) / 2 - 0.5
    vertices = (origin[:, None, :] + offset + VOXEL * _CORNERS[None]).reshape(-1, 3)
    triangles = (_TRIANGLES[None] + 8 * np.arange(len(cells))[:, None, None]).reshape(-1, 3)
    return vertices, triangles


def voxels(V: np.ndarray, *, name: str, title: str = "") -> go.Figure:
    """A (depth, rows, columns) array as coloured cubes, red below 0, white at 0, blue above
    (the heatmaps' colours); zeros as faint grey cubes, so the grid stays visible. Hovering
    a cube's centre names the cell and its value."""
    V = np.asarray(V, dtype=float)
    limit = float(np.abs(V).max()) or 1.0
    fig = go.Figure()
    cells = np.argwhere(np.ones_like(V, dtype=bool))
    for nonzero in (False, True):
        picked = cells[(V != 0).reshape(-1) == nonzero]
        if not len(picked):
            continue
        vertices, triangles = _cubes(picked)
        if nonzero:
            colour = {"intensity": np.repeat(V[tuple(picked.T)], 12), "intensitymode": "cell",
                      "colorscale": "RdBu", "cmin": -limit, "cmax": limit,
                      "colorbar": {"len": 0.6, "thickness": 12}}  # fmt: skip
        else:
            colour = {"color": ZERO_COLOUR, "opacity": 0.15}
        fig.add_mesh3d(
            x=vertices[:, 0], y=vertices[:, 1], z=vertices[:, 2],
            i=triangles[:, 0], j=triangles[:, 1], k=triangles[:, 2],
            flatshading=True, hoverinfo="skip", **colour,
        )  # fmt: skip
    fig.add_scatter3d(
        x=cells[:, 2], y=-cells[:, 1], z=cells[:, 0], mode="markers", showlegend=False,
        marker={"size": 2, "color": "rgba(0, 0, 0, 0.25)"},
        customdata=np.column_stack([cells, V.reshape(-1)]),
        hovertemplate=f"{name}[%{{customdata[0]}}, %{{customdata[1]}}, %{{customdata[2]}}]"
        " = %{customdata[3]:.4g}<extra></extra>",
    )  # fmt: skip
    fig = _layout(fig, ("j", "i", "d"), height=380, title=title)
    depth, rows, cols = V.shape
    # Whole indices on the axes, rows counted 0, 1, 2 … although they run along −y.
    fig.update_layout(scene={
        "aspectmode": "data",
        "xaxis": {"tickvals": list(range(cols))},
        "yaxis": {"tickvals": [-i for i in range(rows)], "ticktext": [str(i) for i in range(rows)]},
        "zaxis": {"tickvals": list(range(depth))},
    })  # fmt: skip
    return fig
