"""The pieces of "From fully connected to convolution" that are not mathematics: its number
inputs and kernel choices, the dense matrix W drawn with its fixed zeros blank, rows of
heatmaps, and Waldo's scores side by side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st
import torch

from conv_core import format_number
from ui import url_params
from ui.heatmap import show_matrix
from ui.i18n import option_labels, t

MAX_DRAWN = 64  # rows or columns of W drawn as a heatmap; more would be unreadable


def number(label_key: str, key: str, help_key=None) -> int:
    """A whole number kept in the URL as `key`, its range and default ui.url_params.PARAMS'."""
    return url_params.number_input(t(label_key), key, help=t(help_key) if help_key else None)


def kernel_choice(key: str, options: Mapping[str, torch.Tensor]) -> torch.Tensor:
    """One of `options`, labelled by the texts fc_to_conv.kernel_<name>."""
    name = st.selectbox(
        t("fc_to_conv.kernel_choice"),
        list(options),
        format_func=option_labels("fc_to_conv.kernel_"),
        key=key,
    )
    return options[name]


def kernel_and_sliders(
    kernel_key: str, options: Mapping[str, torch.Tensor], *sliders: tuple
) -> tuple[torch.Tensor, list[int]]:
    """A kernel choice and sliders side by side; a slider is (label, key), kept in the URL with
    its range and default from ui.url_params.PARAMS."""
    columns = st.columns(1 + len(sliders))
    with columns[0]:
        K = kernel_choice(kernel_key, options)
    values = [
        url_params.slider(label, key, container=column)
        for column, (label, key) in zip(columns[1:], sliders, strict=True)
    ]
    return K, values


def show_dense_matrix(
    W: torch.Tensor, index: torch.Tensor, row: int | None, *, key: str = "fc_dense_m",
    name: str = "W",
) -> None:  # fmt: skip
    """The dense matrix W with the chosen row framed (None: no row); blank where no weight of K
    can ever be (locality's zeros). Too large a matrix is described instead of drawn."""
    if max(W.shape) > MAX_DRAWN:
        st.warning(
            t("fc_to_conv.not_drawn", name=name, rows=W.shape[0], cols=W.shape[1], limit=MAX_DRAWN),
            icon=":material/visibility_off:",
        )
        return
    text = [
        ["" if k < 0 else format_number(m) for k, m in zip(ks, ms, strict=True)]
        for ks, ms in zip(index.tolist(), W.tolist(), strict=True)
    ]
    show_matrix(
        W,
        name=name,
        key=key,
        text=text,
        window=None if row is None else (row, 0, 1, W.shape[1]),
        max_px=min(1000, 40 * max(W.shape)),
    )


def matrix_rows(
    rows: Sequence[tuple[str, Sequence[tuple[str, torch.Tensor]]]], key: str, pictures=()
) -> None:
    """Rows of small heatmaps, three across: each row is (its caption, [(name, matrix), …]).
    The matrices named in `pictures` are drawn as pictures (grey); the first of each kind
    carries the legend, the others would only repeat it."""
    explained = set()
    for position, (caption, panels) in enumerate(rows):
        st.markdown(caption)
        for column, (name, values) in zip(st.columns(len(panels)), panels, strict=True):
            picture = name in pictures
            with column:
                st.markdown(f"**{name}**")
                show_matrix(values, name=name, key=f"{key}_{position}_{name}", small=True,
                            max_px=300, picture=picture,
                            legend=picture not in explained)  # fmt: skip
            explained.add(picture)


def scores_table(plain, ncc, waldo: tuple[int, int], plain_best: tuple[int, int]) -> None:
    """Both scores where Waldo is and where the plain score peaked, side by side."""
    places = [(t("fc_to_conv.at_waldo", row=waldo[0], col=waldo[1]), waldo)]
    if plain_best != waldo:
        places.append(
            (t("fc_to_conv.at_plain_best", row=plain_best[0], col=plain_best[1]), plain_best)
        )
    st.table(
        pd.DataFrame(
            [[f"{float(plain[p]):.2f}", f"{float(ncc[p]):.3f}"] for _, p in places],
            index=[label for label, _ in places],
            columns=[t("fc_to_conv.plain_heading"), t("fc_to_conv.ncc_heading")],
        )
    )
