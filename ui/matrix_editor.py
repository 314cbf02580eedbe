"""An editable matrix: `st.data_editor` over text cells, with its size adjustable."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st
import torch

from ui.checks import computed
from ui.i18n import t
from ui.matrix_text import cells_to_matrix

CELL_PX = 44  # an editor column: room for "-12.5"
INDEX_PX = 48  # the row numbers


def editor_width(name: str) -> int:
    """The editor's width in pixels, so a page can give it room."""
    return INDEX_PX + CELL_PX * len(st.session_state[_base_key(name)][0])


def _base_key(name: str) -> str:
    return f"{name}_cells"


def _version_key(name: str) -> str:
    return f"{name}_version"


def editor_key(name: str) -> str:
    """The data editor's widget key; it changes whenever the matrix is replaced wholesale."""
    return f"{name}_editor_{st.session_state.get(_version_key(name), 0)}"


def current_cells(name: str) -> list[list[str]]:
    """The matrix as the student sees it: the stored cells with the editor's pending edits."""
    cells = [list(row) for row in st.session_state[_base_key(name)]]
    edits = st.session_state.get(editor_key(name)) or {}
    for r, changes in (edits.get("edited_rows") or {}).items():
        for c, value in changes.items():
            r, c = int(r), int(c)
            if r < len(cells) and c < len(cells[r]):
                cells[r][c] = "" if value is None else str(value)
    return cells


def set_cells(name: str, cells: Sequence[Sequence[str]]) -> None:
    """Replace the matrix (a preset, a resize, the URL): a fresh editor without old edits."""
    st.session_state[_base_key(name)] = [list(row) for row in cells]
    st.session_state[_version_key(name)] = st.session_state.get(_version_key(name), 0) + 1
    st.session_state[f"{name}_rows"] = len(cells)
    st.session_state[f"{name}_cols"] = len(cells[0])


def init_cells(name: str, cells: Sequence[Sequence[str]]) -> None:
    """Set the matrix once per session."""
    if _base_key(name) not in st.session_state:
        set_cells(name, cells)


def _keep_edits(name: str) -> None:
    # The editor's state is dropped when its page is left; the cells must outlive it.
    st.session_state[_base_key(name)] = current_cells(name)


def _resize(name: str) -> None:
    cells = current_cells(name)
    rows, cols = st.session_state[f"{name}_rows"], st.session_state[f"{name}_cols"]
    resized = [
        [cells[r][c] if r < len(cells) and c < len(cells[r]) else "0" for c in range(cols)]
        for r in range(rows)
    ]
    set_cells(name, resized)


def matrix_editor(
    name: str, *, max_rows: int, max_cols: int, resizable: bool = True, label: str | None = None
) -> list[list[str]]:
    """Draw the editor for matrix `name` (its size inputs too) and return its cells.

    `label` is what the student reads (default `name`): two pages may each keep a "K"
    under different names.
    """
    label = label or name
    cells = st.session_state[_base_key(name)]
    if resizable:
        rows_col, cols_col = st.columns(2)
        for column, axis, limit, count in (
            (rows_col, "rows", max_rows, len(cells)),
            (cols_col, "cols", max_cols, len(cells[0])),
        ):
            key = f"{name}_{axis}"
            if key not in st.session_state:  # dropped while the inputs were hidden
                st.session_state[key] = count
            column.number_input(
                t(f"editor.{axis}", name=label),
                min_value=1,
                max_value=limit,
                step=1,
                key=key,
                on_change=_resize,
                args=(name,),
            )
    columns = [str(c) for c in range(len(cells[0]))]
    frame = pd.DataFrame(cells, columns=columns, dtype="string")
    edited = st.data_editor(
        frame,
        key=editor_key(name),
        num_rows="fixed",
        hide_index=False,
        width="content",
        column_config={
            c: st.column_config.TextColumn(c, width=CELL_PX, alignment="right", max_chars=24)
            for c in columns
        },
        on_change=_keep_edits,
        args=(name,),
        alt=t("editor.alt", name=label),
    )
    return [["" if pd.isna(v) else str(v) for v in row] for row in edited.itertuples(index=False)]


_PAGE_PX = 1000  # the main column's width on a laptop with the sidebar open


def editor_columns(x_name: str, k_name: str, y_px: int):
    """Containers for X, K and Y: side by side while they fit, otherwise on more rows."""
    wide_x, wide_k = editor_width(x_name) + 24, max(editor_width(k_name) + 24, 230)
    if wide_x + wide_k + y_px <= _PAGE_PX:
        return st.columns([wide_x, wide_k, y_px], gap="medium")
    if wide_x + wide_k <= _PAGE_PX:
        x_col, k_col = st.columns([wide_x, wide_k], gap="medium")
        return x_col, k_col, st.container()
    x_col = st.container()
    k_col, y_col = st.columns([wide_k, _PAGE_PX - wide_k], gap="medium")
    return x_col, k_col, y_col


def read_matrix(cells, name: str) -> torch.Tensor | None:
    """The editor's cells as a matrix, or None with the reason shown under the editor."""
    return computed(cells_to_matrix, cells, name)
