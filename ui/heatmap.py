"""Matrix heatmaps that read like matrices: row 0 on top, numbers in the cells, a legend under
them. A picture (an image, a patch of one) is drawn in grey, 0 black and 1 (or 255) white, as it
looks; any other matrix (a result, a kernel) in colour, white at 0, red below and blue above.

Drawn by a small components v2 component (`matrix_view/`: plain JavaScript and CSS in the
repository), not Plotly: a page whose first screen has a Plotly figure waits in a new
browser for Plotly's JavaScript (docs/performance.md, "first render")."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import plotly.colors
import streamlit as st

from conv_core import format_number
from ui.component_data import packed
from ui.i18n import t
from ui.shared import shared
from ui.shell import figure_font_size

WINDOW_COLOUR = "#e8590c"  # the kernel's window on X, and the output cell it makes
PADDING_SHADE = "rgba(120, 120, 120, 0.35)"
MARK_SHADE = "rgba(232, 89, 12, 0.45)"  # WINDOW_COLOUR see-through: cells a window reads
HIDDEN_SHADE = "rgba(120, 120, 120, 0.12)"
MAX_LABELLED = 20  # beyond this many rows or columns the numbers no longer fit in the cells
MIN_LABELLED_PX = 28  # nor in cells smaller than this
SMALL_TYPE_PX = 13  # numbers in small panels side by side, in classroom type too


def colour_range(values) -> tuple[float, float, bool]:
    """The colour scale's ends, and whether it is signed: for signed values white sits at zero
    (RdBu, ±the largest magnitude) so the sign reads at a glance; otherwise Blues from 0."""
    Z = np.asarray(values, dtype=float)
    finite = Z[np.isfinite(Z)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if low < 0 < high:
        bound = max(-low, high)
        return -bound, bound, True
    # One value (or all alike) still needs a scale of some width; 1e-9 is lost beside -1e38.
    return min(low, 0.0), max(high, low + max(1e-9, abs(low) * 1e-9)), False


def _scale(name: str) -> tuple[np.ndarray, np.ndarray]:
    """A Plotly colour scale's stops: positions in [0, 1] and their (r, g, b)."""
    stops = plotly.colors.get_colorscale(name)
    positions = np.array([float(at) for at, _ in stops])
    rgb = np.array([[float(v) for v in colour[4:-1].split(",")] for _, colour in stops])
    return positions, rgb


# The scales the Plotly heatmaps had: Blues for values of one sign, RdBu around zero; and a
# picture's grey, black to white.
BLUES, RDBU = _scale("Blues"), _scale("RdBu")
GREY = (np.array([0.0, 1.0]), np.array([[0.0, 0.0, 0.0], [255.0, 255.0, 255.0]]))
_WHITE = np.array([255.0, 255.0, 255.0])


def picture_range(values) -> tuple[float, float]:
    """A picture's grey scale: 0 black, and white at 1, or at its largest value beyond 1
    (255 for 8-bit pixels)."""
    Z = np.asarray(values, dtype=float)
    finite = Z[np.isfinite(Z)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    return min(low, 0.0), max(high, 1.0)


def scale_of(values, picture: bool = False) -> tuple[float, float, str]:
    """The colour scale's ends and its kind: "grey" (a picture), "signed" (RdBu, white at 0)
    or "plain" (Blues from 0)."""
    if picture:
        return *picture_range(values), "grey"
    low, high, signed = colour_range(values)
    return low, high, "signed" if signed else "plain"


def _gradient(stops: tuple[np.ndarray, np.ndarray]) -> str:
    """A scale as a CSS gradient, for the legend's bar."""
    positions, rgb = stops
    steps = ", ".join(f"{_hex(c)} {100 * at:g}%" for at, c in zip(positions, rgb, strict=True))
    return f"linear-gradient(to right, {steps})"


_HERE = Path(__file__).parent / "matrix_view"
_MATRIX = st.components.v2.component(
    "convlab.matrix",
    js=(_HERE / "matrix.js").read_text(encoding="utf-8"),
    css=(_HERE / "matrix.css").read_text(encoding="utf-8"),
)


def _rgba(colour: str) -> tuple[np.ndarray, float]:
    """'rgba(r, g, b, a)' as (rgb, a)."""
    *rgb, alpha = (float(v) for v in colour[colour.index("(") + 1 : -1].split(","))
    return np.array(rgb), alpha


def _hex(rgb: np.ndarray) -> str:
    r, g, b = (round(float(v)) for v in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"


def _text_colour(rgb: np.ndarray) -> str:
    """Black numbers on light cells, white on dark ones: whichever contrasts more with the
    cell (WCAG's relative luminance L; black gives (L + 0.05) / 0.05, white 1.05 / (L + 0.05)).
    One of the two is always at least 4.58:1, the bar for text (WCAG 2.1 AA); a dark grey
    instead of black would leave mid-grey cells below it."""
    c = np.asarray(rgb, dtype=float) / 255
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    lum = float(linear @ np.array([0.2126, 0.7152, 0.0722]))
    return "#000000" if (lum + 0.05) ** 2 >= 0.05 * 1.05 else "#ffffff"


def matrix_cells(
    values,
    *,
    text: Sequence[Sequence[str]] | None = None,
    window: tuple[int, int, int, int] | None = None,
    padding: tuple[int, int] = (0, 0),
    max_px: int = 320,
    colour_by=None,
    marks: Sequence[tuple[int, int]] = (),
    picture: bool = False,
) -> dict:
    """What the browser draws of `values` (NaN cells left blank): each cell's background,
    number colour, text, hover title and whether it is hidden; the cell's size in pixels, the
    window's frame and the colour scale (its ends, its kind, its CSS gradient).

    `picture`: grey, 0 black and 1 (or the largest value) white; otherwise RdBu around 0 for
    signed values, Blues from 0 for values of one sign.

    `window` is (top, left, height, width) in the matrix's own coordinates; `padding` shades
    that many border rows and columns as the zeros added around the input; `marks` tints
    single cells (row, column) in the window's colour: a dilated kernel's taps, with gaps.
    """
    Z = np.asarray(values, dtype=float)
    rows, cols = Z.shape
    if text is None:
        text = [["" if np.isnan(z) else format_number(z) for z in row] for row in Z]
    # `colour_by`: the full matrix when only part of it is shown, so colours do not shift.
    low, high, kind = scale_of(Z if colour_by is None else colour_by, picture)
    positions, stops = {"grey": GREY, "signed": RDBU, "plain": BLUES}[kind]
    where = np.clip((np.nan_to_num(Z, nan=low) - low) / (high - low), 0, 1)
    colours = np.stack([np.interp(where, positions, stops[:, k]) for k in range(3)], axis=-1)
    hidden = np.isnan(Z)  # not yet computed, or hidden behind the quiz's question mark
    colours[hidden] = _WHITE
    layers = [(hidden, HIDDEN_SHADE)]
    ph, pw = padding
    if ph or pw:
        border = np.ones((rows, cols), dtype=bool)
        border[ph : rows - ph, pw : cols - pw] = False
        layers.append((border, PADDING_SHADE))
    if marks:
        tinted = np.zeros((rows, cols), dtype=bool)
        for r, c in marks:
            tinted[r, c] = True
        layers.append((tinted, MARK_SHADE))
    for mask, shade in layers:  # see-through shades over the cells' colours
        rgb, alpha = _rgba(shade)
        colours[mask] = alpha * rgb + (1 - alpha) * colours[mask]
    cell = int(np.clip(max_px / max(rows, cols), 12, 64))
    show_text = max(rows, cols) <= MAX_LABELLED and cell >= MIN_LABELLED_PX
    cells = [
        [
            [
                _hex(colours[r, c]),
                _text_colour(colours[r, c]),
                text[r][c] if show_text or hidden[r, c] else "",
                f"[{r}, {c}] = {text[r][c] or format_number(Z[r, c])}",
                bool(hidden[r, c]),
            ]
            for c in range(cols)
        ]
        for r in range(rows)
    ]
    return {
        "rows": rows,
        "cols": cols,
        "cell": cell,
        "cells": cells,
        # The same numbers as a table for screen readers, drawn by the component: the texts
        # given, else every number (a hidden cell, not computed yet, stays blank).
        "numbers": text,
        "window": None if window is None else [int(v) for v in window],
        "scale": {"kind": kind, "low": low, "high": high, "bar": _gradient((positions, stops))},
    }


@shared(maxsize=64)  # a W of the dense-matrix view is ~1 MB of cells
def _cells(Z, text, padding, max_px, colour_by, marks, picture) -> dict:
    """matrix_cells without the window (which it only copies), made once per distinct matrix:
    a page draws the same small matrices on every run. The component only reads it."""
    return matrix_cells(
        Z,
        text=None if text is None else [list(row) for row in text],
        padding=padding,
        max_px=max_px,
        colour_by=colour_by,
        marks=marks,
        picture=picture,
    )


def legend_text(scale: dict) -> str:
    """What the colours mean, in words: a picture's grey, or the signed or plain colour scale."""
    low, high = format_number(scale["low"]), format_number(scale["high"])
    return t(f"heatmap.legend_{scale['kind']}", low=low, high=high)


def window_words(top: int, left: int, height: int, width: int) -> str:
    """Where the window's frame is, for a matrix view's alternative text."""
    if (height, width) == (1, 1):
        return t("heatmap.alt_cell", i=top, j=left)
    bottom, right = top + height - 1, left + width - 1
    return t("heatmap.alt_window", top=top, bottom=bottom, left=left, right=right)


def show_matrix(values, *, name: str, key: str, **options) -> None:
    """One matrix view (`matrix_data`'s options), kept across reruns by `key`."""
    _MATRIX(key=key, data=packed(matrix_data(values, name=name, **options)), height="content")


def show_matrices(panels: Sequence[tuple[str, dict]], *, key: str) -> None:
    """Matrices side by side in one view, each under its label: [(label, matrix_data(...))].
    Each is as show_matrix draws it; they wrap onto the next line where the screen is narrow.
    One view for a row of small matrices, not one each: a view is one element, its widget
    state and its script in every run of every student's page."""
    data = {"panels": [{**panel, "label": label} for label, panel in panels]}
    _MATRIX(key=key, data=packed(data), height="content")


def matrix_data(
    values,
    *,
    name: str,
    text: Sequence[Sequence[str]] | None = None,
    window: tuple[int, int, int, int] | None = None,
    padding: tuple[int, int] = (0, 0),
    max_px: int = 320,
    small: bool = False,
    colour_by=None,
    marks: Sequence[tuple[int, int]] = (),
    picture: bool = False,
    legend: bool = True,
) -> dict:
    """A matrix view's data: the heatmap with its legend, and the same numbers as a table for
    screen readers (folded under it). Its numbers are in the figures' type (larger in
    classroom mode); `small`: at most SMALL_TYPE_PX, for small panels side by side.
    `picture`: an image or a patch of one, drawn in grey (0 black, 1 white); `legend=False`
    leaves the legend out where a caption beside the panels already says it. A matrix with
    hidden (NaN) cells has none: its ends would give the hidden numbers away."""
    Z = np.asarray(values, dtype=float)
    colour = None if colour_by is None else np.asarray(colour_by, dtype=float)
    cells = _cells(
        Z, text, padding, max_px, colour, tuple((int(r), int(c)) for r, c in marks), picture
    )
    alt = t("heatmap.alt", name=name, rows=Z.shape[0], cols=Z.shape[1])
    if window is not None:  # where the orange frame is, in words too
        alt += " " + window_words(*(int(v) for v in window))
    font = min(figure_font_size(), SMALL_TYPE_PX) if small else figure_font_size()
    scale = cells["scale"]
    key_line = None
    if legend and not np.isnan(Z).any():  # a scale's ends would give hidden cells away
        ends = [format_number(scale["low"]), format_number(scale["high"])]
        words = legend_text(scale)
        if marks:  # the orange tint over the scale's colours, said too
            words += " " + t("heatmap.legend_marks")
        key_line = {"bar": scale["bar"], "ends": ends, "text": words}
    data = {**cells, "window": None if window is None else [int(v) for v in window],
            "font": min(font, int(cells["cell"] * 0.4)), "alt": alt, "legend": key_line,
            "numbers_label": t("heatmap.as_numbers", name=name),
            # Labels, legend and the numbers' fold: read from the back of a room in classroom
            # mode, as the figures' type is.
            "text_px": round(figure_font_size() * 0.8)}  # fmt: skip
    # The numbers' table is the component's own (a <details> under the grid): no expander and
    # table elements beside each matrix, which every student's run would build and send.
    return data


def show_sized(values, *, name: str, key: str, max_px: int, **options) -> None:
    """show_matrix under a bold label with the matrix's size: **X** · 6×8."""
    rows, cols = np.asarray(values).shape
    st.markdown(f"**{name}** · {rows}×{cols}")
    show_matrix(values, name=name, key=key, max_px=max_px, **options)
