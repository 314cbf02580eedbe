"""Matrix heatmaps that read like matrices: row 0 on top, numbers in the cells, signed colours."""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from conv_core import format_number
from ui.i18n import t

WINDOW_COLOUR = "#e8590c"  # the kernel's window on X, and the output cell it makes
PADDING_SHADE = "rgba(120, 120, 120, 0.35)"
MARK_SHADE = "rgba(232, 89, 12, 0.45)"  # WINDOW_COLOUR see-through: cells a window reads
HIDDEN_SHADE = "rgba(120, 120, 120, 0.12)"
MAX_LABELLED = 20  # beyond this many rows or columns the numbers no longer fit in the cells
MIN_LABELLED_PX = 28  # nor in cells smaller than this


def colour_range(values) -> tuple[float, float, bool]:
    """The colour scale's ends, and whether it is signed: for signed values white sits at zero
    (RdBu, ±the largest magnitude) so the sign reads at a glance; otherwise Blues from 0."""
    Z = np.asarray(values, dtype=float)
    finite = Z[np.isfinite(Z)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if low < 0 < high:
        bound = max(-low, high)
        return -bound, bound, True
    return min(low, 0.0), max(high, low + 1e-9), False


def matrix_figure(
    values,
    *,
    text: Sequence[Sequence[str]] | None = None,
    window: tuple[int, int, int, int] | None = None,
    padding: tuple[int, int] = (0, 0),
    max_px: int = 320,
    font_size: int = 15,
    colour_by=None,
    marks: Sequence[tuple[int, int]] = (),
) -> go.Figure:
    """A heatmap of `values` (NaN cells left blank) with optional window and padding marks.

    `window` is (top, left, height, width) in the matrix's own coordinates; `padding` shades
    that many border rows and columns as the zeros added around the input; `marks` tints
    single cells (row, column) in the window's colour: a dilated kernel's taps, with gaps.
    """
    Z = np.asarray(values, dtype=float)
    rows, cols = Z.shape
    if text is None:
        text = [["" if np.isnan(z) else format_number(z) for z in row] for row in Z]
    # `colour_by`: the full matrix when only part of it is shown, so colours do not shift.
    low, high, signed = colour_range(Z if colour_by is None else colour_by)
    scale = dict(colorscale="RdBu" if signed else "Blues", zmin=low, zmax=high)
    cell = int(np.clip(max_px / max(rows, cols), 12, 64))
    show_text = max(rows, cols) <= MAX_LABELLED and cell >= MIN_LABELLED_PX
    fig = go.Figure(
        go.Heatmap(
            z=Z,
            text=text,
            texttemplate="%{text}" if show_text else None,
            textfont={"size": min(font_size, int(cell * 0.4))},
            hovertemplate="[%{y}, %{x}] = %{z}<extra></extra>",
            showscale=False,
            xgap=1,
            ygap=1,
            **scale,
        )
    )
    # Shades as one more heatmap each, not a shape per cell: Plotly validates every shape,
    # and a 26×26 padded input would add hundreds (tens of seconds for one page run).
    hidden = np.isnan(Z)
    if hidden.any():  # not yet computed, or hidden behind the quiz's question mark
        fig.add_trace(_shade(np.where(hidden, 1.0, np.nan), HIDDEN_SHADE))
        for r, c in zip(*np.nonzero(hidden), strict=True):
            if text[r][c]:
                fig.add_annotation(
                    x=c, y=r, text=text[r][c], showarrow=False, font={"size": font_size + 4}
                )
    ph, pw = padding
    if ph or pw:
        border = np.ones((rows, cols))
        border[ph : rows - ph, pw : cols - pw] = np.nan
        fig.add_trace(_shade(border, PADDING_SHADE))
    if marks:
        tinted = np.full((rows, cols), np.nan)
        for r, c in marks:
            tinted[r, c] = 1.0
        fig.add_trace(_shade(tinted, MARK_SHADE))
    if window is not None:
        top, left, height, width = window
        fig.add_shape(
            _cell_rect(top, left, height, width), line={"color": WINDOW_COLOUR, "width": 4}
        )
    axis = dict(showgrid=False, zeroline=False, tickmode="linear", dtick=1, fixedrange=True)
    fig.update_layout(
        width=cols * cell + 40,
        height=rows * cell + 40,
        margin=dict(l=30, r=6, t=30, b=6),
        xaxis=dict(axis, side="top", range=[-0.5, cols - 0.5], constrain="domain"),
        yaxis=dict(axis, autorange="reversed", scaleanchor="x", constrain="domain"),
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def _shade(mask: np.ndarray, colour: str) -> go.Heatmap:
    """A one-colour layer over the cells where `mask` is 1 (NaN elsewhere: see-through)."""
    return go.Heatmap(
        z=mask, colorscale=[[0, colour], [1, colour]], showscale=False, hoverinfo="skip",
        xgap=1, ygap=1,
    )  # fmt: skip


def _cell_rect(top: int, left: int, height: int, width: int) -> dict:
    return dict(
        type="rect",
        x0=left - 0.5,
        x1=left + width - 0.5,
        y0=top - 0.5,
        y1=top + height - 0.5,
    )


class _Frozen:
    """An array as a cache key: equal when shape and values are (NaN included)."""

    def __init__(self, array: np.ndarray) -> None:
        self.array = array
        self._key = (array.shape, array.tobytes())

    def __hash__(self) -> int:
        return hash(self._key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Frozen) and self._key == other._key


@functools.lru_cache(maxsize=512)
def _figure(Z, text, window, padding, max_px, font_size, colour_by, marks=()) -> go.Figure:
    """matrix_figure, built once per distinct matrix: plotly's checks cost ~10 ms a figure,
    and a page redraws the same small matrices on every run. Streamlit only reads it."""
    return matrix_figure(
        Z.array,
        text=None if text is None else [list(row) for row in text],
        window=window,
        padding=padding,
        max_px=max_px,
        font_size=font_size,
        colour_by=None if colour_by is None else colour_by.array,
        marks=marks,
    )


def show_matrix(
    values,
    *,
    name: str,
    key: str,
    text: Sequence[Sequence[str]] | None = None,
    window: tuple[int, int, int, int] | None = None,
    padding: tuple[int, int] = (0, 0),
    max_px: int = 320,
    font_size: int = 15,
    colour_by=None,
    marks: Sequence[tuple[int, int]] = (),
) -> None:
    """The heatmap, and the same numbers as a table for screen readers (in an expander)."""
    Z = np.asarray(values, dtype=float)
    colour = None if colour_by is None else np.asarray(colour_by, dtype=float)
    fig = _figure(
        _Frozen(Z),
        None if text is None else tuple(tuple(row) for row in text),
        None if window is None else tuple(window),
        tuple(padding),
        max_px,
        font_size,
        None if colour is None else _Frozen(colour),
        tuple((int(r), int(c)) for r, c in marks),
    )
    alt = t("heatmap.alt", name=name, rows=Z.shape[0], cols=Z.shape[1])
    st.plotly_chart(fig, key=key, width="content", config={"displayModeBar": False}, alt=alt)
    with st.expander(t("heatmap.as_numbers", name=name)):
        cells = text or [[format_number(z) for z in row] for row in Z]
        st.table(pd.DataFrame(cells, columns=[str(c) for c in range(Z.shape[1])]))


def show_sized(values, *, name: str, key: str, font_size: int, max_px: int, **options) -> None:
    """show_matrix under a bold label with the matrix's size: **X** · 6×8."""
    rows, cols = np.asarray(values).shape
    st.markdown(f"**{name}** · {rows}×{cols}")
    show_matrix(values, name=name, key=key, font_size=font_size, max_px=max_px, **options)
