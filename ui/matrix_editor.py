"""An editable matrix: `st.data_editor` over text cells, with its size adjustable.

The editor's value comes from the browser, and a hand-made message can say anything: rows
added to a fixed editor, a cell far outside the matrix, a megabyte of text. Streamlit applies
such a value when the editor is drawn, so it is checked before that, against the matrix the
editor edits: what fits is kept, and anything else resets the editor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import suppress
from itertools import islice
from typing import NamedTuple

import pandas as pd
import streamlit as st
import torch

from conv_core import ConvInputError
from ui.checks import computed
from ui.i18n import t
from ui.matrix_text import cells_to_matrix
from ui.shared import shared

CELL_PX = 44  # an editor column: room for "-12.5"
INDEX_PX = 48  # the row numbers
MAX_CELL_CHARS = 24  # a cell's text, as the editor's columns allow it
_EDITOR_FIELDS = {"edited_rows", "added_rows", "deleted_rows"}


class Edited(NamedTuple):
    """An editor's cells and the shape of the matrix it edits (what `read_matrix` checks)."""

    cells: list[list[str]]
    shape: tuple[int, int]


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
    """The matrix as the student sees it: the stored cells with the editor's pending edits
    (those inside the matrix)."""
    cells = [list(row) for row in st.session_state[_base_key(name)]]
    for (r, c), text in _checked_edits(name, cells)[0].items():
        cells[r][c] = text
    return cells


def _checked_edits(name: str, cells: list[list[str]]) -> tuple[dict[tuple[int, int], str], bool]:
    """The editor's pending edits that fit `cells`, by (row, column); and whether its value
    held anything else (rows added or deleted, a cell outside, a value that is not a cell's
    text). Reads no more entries than the matrix has rows and columns: a million edited rows
    cost what three do."""
    try:
        state = st.session_state.get(editor_key(name))
    except (ValueError, TypeError):  # a value Streamlit cannot even decode
        return {}, True
    if not state:
        return {}, False
    if not isinstance(state, Mapping) or set(state) - _EDITOR_FIELDS:
        return {}, True
    forged = bool(state.get("added_rows")) or bool(state.get("deleted_rows"))
    rows = state.get("edited_rows") or {}
    if not isinstance(rows, Mapping):
        return {}, True
    height, width = len(cells), len(cells[0])
    edits = {}
    forged |= len(rows) > height
    for r, changes in islice(rows.items(), height):
        r = _position(r, height)
        if r is None or not isinstance(changes, Mapping):
            forged = True
            continue
        forged |= len(changes) > width
        for c, value in islice(changes.items(), width):
            c, text = _position(c, width, column=True), _cell_text(value)
            if c is None or text is None:
                forged = True
            else:
                edits[r, c] = text
    return edits, forged


def _position(key: object, size: int, *, column: bool = False) -> int | None:
    """A row (3 or "3") or a column (by its name, "3") as the editor names it, if inside
    0..size-1."""
    if isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= 4:
        position = int(key)
        return position if position < size and (not column or key == str(position)) else None
    if isinstance(key, int) and not isinstance(key, bool) and not column and 0 <= key < size:
        return key
    return None


def _cell_text(value: object) -> str | None:
    """An edited cell's value as its text, or None when no text cell could have sent it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and abs(value) >= 10**MAX_CELL_CHARS:
        return None
    if isinstance(value, int | float | str):
        text = str(value)
        return text if len(text) <= MAX_CELL_CHARS else None
    return None


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


def _resize(name: str, max_rows: int, max_cols: int) -> None:
    cells = current_cells(name)
    # The size inputs' values came from the browser too.
    rows, cols = (min(max(int(st.session_state[f"{name}_{axis}"]), 1), limit)
                  for axis, limit in (("rows", max_rows), ("cols", max_cols)))  # fmt: skip
    resized = [
        [cells[r][c] if r < len(cells) and c < len(cells[r]) else "0" for c in range(cols)]
        for r in range(rows)
    ]
    set_cells(name, resized)


def matrix_editor(
    name: str, *, max_rows: int, max_cols: int, resizable: bool = True, label: str | None = None
) -> Edited:
    """Draw the editor for matrix `name` (its size inputs too) and return its cells.

    `label` is what the student reads (default `name`): two pages may each keep a "K"
    under different names.
    """
    label = label or name
    cells = st.session_state[_base_key(name)]
    forged = _checked_edits(name, cells)[1]
    if forged:  # a fresh editor (a new key) never sees what the browser sent
        sent = editor_key(name)
        set_cells(name, current_cells(name))
        with suppress(KeyError, ValueError, TypeError):  # (one it cannot decode goes then)
            del st.session_state[sent]  # let it go now, not at the end of the run
        cells = st.session_state[_base_key(name)]
        st.warning(t("editor.reset", name=label), icon=":material/restart_alt:")
    if resizable:
        sizes = st.container(horizontal=True, wrap=False)  # rows and columns side by side
        for axis, limit, count in (
            ("rows", max_rows, len(cells)),
            ("cols", max_cols, len(cells[0])),
        ):
            key = f"{name}_{axis}"
            if key not in st.session_state:  # dropped while the inputs were hidden
                st.session_state[key] = count
            sizes.number_input(
                t(f"editor.{axis}", name=label),
                min_value=1,
                max_value=limit,
                step=1,
                key=key,
                on_change=_resize,
                args=(name, max_rows, max_cols),
            )
    frame = _frame(cells)
    columns = list(frame.columns)
    edited = st.data_editor(
        frame,
        key=editor_key(name),
        num_rows="fixed",
        hide_index=False,
        width="content",
        column_config={
            c: st.column_config.TextColumn(
                c, width=CELL_PX, alignment="right", max_chars=MAX_CELL_CHARS
            )
            for c in columns
        },
        on_change=_keep_edits,
        args=(name,),
        alt=t("editor.alt", name=label),
    )
    shape = (len(cells), len(cells[0]))
    rows = islice(edited.itertuples(index=False, name=None), shape[0] + 1)  # one more: forged
    return Edited([["" if pd.isna(v) else str(v) for v in row] for row in rows], shape)


@shared(maxsize=64)
def _frame(cells: tuple[tuple[str, ...], ...]) -> pd.DataFrame:
    """The editor's table of the cells (st.data_editor copies it, and so never changes it)."""
    return pd.DataFrame(cells, columns=[str(c) for c in range(len(cells[0]))], dtype="string")


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


def read_matrix(edited: Edited, name: str) -> torch.Tensor | None:
    """The editor's cells as a matrix, or None with the reason shown under the editor; cells
    of another shape than the matrix the editor edits are refused, not read."""
    return computed(_checked_matrix, edited, name)


def _checked_matrix(edited: Edited, name: str) -> torch.Tensor:
    rows, cols = edited.shape
    if len(edited.cells) != rows or any(len(row) != cols for row in edited.cells):
        raise ConvInputError(
            "editor_shape", f"{name}: the editor sent cells that do not fit its {rows}×{cols} "
            "matrix; they were not used.", name=name, rows=rows, cols=cols,
        )  # fmt: skip
    return cells_to_matrix(edited.cells, name)
