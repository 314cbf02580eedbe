"""One cell of the last map and the region it depends on in every map below (D2L §7.2.6)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from conv_core import Region, field_terms, paths_to_cell, receptive_field, receptive_window
from ui import url_params
from ui.heatmap import show_matrix
from ui.i18n import t
from ui.shell import classroom_mode


def indices_text(indices) -> str:
    """Rows or columns as a student reads them: '0–4', '0, 2, 4', '−1–1, 3–5'; '—' if none."""
    runs: list[list[int]] = []
    for index in indices:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts = [", ".join(map(str, run)) if len(run) < 3 else f"{run[0]}–{run[-1]}" for run in runs]
    return ", ".join(parts).replace("-", "−") if parts else "—"


def _map_name(n: int, last: int) -> str:
    if n == 0:
        return t("receptive_fields.map_input")
    return t("receptive_fields.map_last" if n == last else "receptive_fields.map_n", n=n)


def _cell(shape: tuple[int, int]) -> tuple[int, int]:
    """The chosen cell of the last map, kept inside it (the URL's range is the largest map's)."""
    a, b = st.columns(2)
    i = url_params.number_input(t("receptive_fields.row"), "rf_i", container=a)
    j = url_params.number_input(t("receptive_fields.col"), "rf_j", container=b)
    used = (min(i, shape[0] - 1), min(j, shape[1] - 1))
    if used != (i, j):
        st.info(t("receptive_fields.clamped", rows=shape[0], cols=shape[1], i=used[0], j=used[1]))
    return used


def region_in_every_map(layers, shapes) -> None:
    """Every map from the input up to the last, its region tinted and boxed, and the table."""
    st.header(t("receptive_fields.cell_heading"))
    st.markdown(t("receptive_fields.cell_intro"))
    i, j = _cell(shapes[-1])
    window = receptive_window(layers, i, j, input_shape=shapes[0])
    paths = paths_to_cell(layers, i, j, input_shape=shapes[0])
    last = len(layers)
    # Two maps a row where they need the room (large type, or a large input), else three.
    wide = classroom_mode() or max(max(grid.shape) for grid in paths) > 20
    per_row, max_px = (2, 480) if wide else (3, 340)
    for first in range(0, last + 1, per_row):  # the input first, as the data flows
        for n, column in zip(range(first, last + 1), st.columns(per_row), strict=False):
            padding = layers[n].padding if n < last else (0, 0)
            with column:
                _draw_map(_map_name(n, last), window.regions[n], paths[n], padding, n, max_px)
    _region_table(window.regions, last)
    _formula(layers, window.input)


def _draw_map(name: str, region: Region, paths, padding, n: int, max_px: int) -> None:
    ph, pw = padding
    rows, cols = region.shape
    st.markdown(f"**{name}** · {rows}×{cols}")
    st.caption(
        t("receptive_fields.map_caption", rows=indices_text(region.rows),
          cols=indices_text(region.cols))
    )  # fmt: skip
    box = None
    if region.rows and region.cols:
        box = (region.top + ph, region.left + pw, *region.span)
    show_matrix(
        paths, name=name, key=f"rf_map_{n}", window=box, padding=padding,
        marks=[(r + ph, c + pw) for r in region.rows for c in region.cols], max_px=max_px,
    )  # fmt: skip


def _region_table(regions, last: int) -> None:
    """What every heatmap shows, as text (screen readers and AppTest cannot read a chart)."""
    with st.expander(t("receptive_fields.region_table"), expanded=False):
        st.table(
            pd.DataFrame(
                [
                    [
                        _map_name(n, last),
                        f"{region.shape[0]}×{region.shape[1]}",
                        indices_text(region.inside_rows),
                        indices_text(region.inside_cols),
                        len(region.cells()),
                        indices_text(region.padding_rows),
                        indices_text(region.padding_cols),
                    ]
                    for n, region in enumerate(regions)
                ],
                columns=[t(f"receptive_fields.col_{c}") for c in
                         ("map", "size", "rows", "cols", "cells", "pad_rows", "pad_cols")],
            )
        )  # fmt: skip


def _formula(layers, region: Region) -> None:
    """r = 1 + Σ (k − 1)·d·Π s with this stack's numbers, and what the cell really sees."""
    st.subheader(t("receptive_fields.formula_heading"))
    st.markdown(t("receptive_fields.formula_intro"))
    field = receptive_field(
        [layer.kernel for layer in layers],
        strides=[layer.stride for layer in layers],
        dilations=[layer.dilation for layer in layers],
    )
    for axis, letter in ((0, "h"), (1, "w")):
        terms = " + ".join(
            rf"({term.kernel} - 1) \cdot {term.dilation} \cdot {term.jump}"
            for term in field_terms(layers, axis)
        )
        st.latex(
            rf"r_{letter} = 1 + \sum_l (k_l - 1)\, d_l \prod_{{m<l}} s_m = 1 + {terms}"
            rf" = {field[axis]}"
        )
    rows, cols = region.inside_rows, region.inside_cols
    seen = (rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1) if rows and cols else (0, 0)
    st.markdown(
        t("receptive_fields.formula_result", rows=seen[0], cols=seen[1], cells=len(region.cells()),
          field=f"{field[0]}×{field[1]}")
    )  # fmt: skip
    if seen != field:
        st.markdown(t("receptive_fields.formula_clipped", field=f"{field[0]}×{field[1]}"))
    if len(region.cells()) < seen[0] * seen[1]:
        st.markdown(
            t("receptive_fields.formula_gaps", cells=len(region.cells()), box=seen[0] * seen[1])
        )
