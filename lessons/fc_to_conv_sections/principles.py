"""Remove a principle (D2L §7.1): the same input and output under three layers — fully
connected, locally connected (locality without sharing: the book's step 4 without step 3)
and a convolution (both principles) — with their weights, their dense matrices, and a shift
test that only the convolution passes."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import streamlit as st
import torch

from conv_core import (
    BIAS_PATTERN,
    PrincipleCounts,
    conv_matrix,
    corr2d,
    equivariance_check,
    format_number,
    locally_connected2d,
    locally_connected_index,
    locally_connected_matrix,
    locally_connected_shift_check,
    weight_index,
    weight_use,
    weights_by_principle,
)
from ui import url_params
from ui.big_numbers import with_commas
from ui.checks import computed
from ui.fc_to_conv_views import matrix_rows, show_dense_matrix
from ui.heatmap import show_matrix
from ui.i18n import t
from ui.sections import on_demand

SEED = 7  # the three layers' weights: random, but the same for every student and link
P = "fc_to_conv.principles."  # this section's texts


class Layer(NamedTuple):
    """One of the three layers: its name (the texts' suffix), dense matrix, which weight
    fills each entry (−1: a fixed zero), and its output for X."""

    name: str
    M: torch.Tensor
    index: torch.Tensor
    Y: torch.Tensor


def _rounded(T: torch.Tensor) -> torch.Tensor:
    return torch.round(10 * T) / 10  # one decimal: numbers that fit in a matrix's cells


def _plus(n: int) -> torch.Tensor:
    """An n × n input with the plus of the inductive-bias experiment in its top-left corner."""
    X = torch.zeros(n, n)
    X[:3, :3] = BIAS_PATTERN[:n, :n]
    return X


def _layers(X: torch.Tensor, k: int) -> tuple[list[Layer], torch.Tensor, torch.Tensor]:
    """The three layers on X, and the convolution's kernel K and the local layer's W."""
    n = X.shape[0]
    out = n - k + 1
    generator = torch.Generator().manual_seed(SEED)
    K = _rounded(torch.randn(k, k, generator=generator))
    W = _rounded(torch.randn(out, out, k, k, generator=generator))
    D = _rounded(torch.randn(out * out, n * n, generator=generator))
    layers = [
        Layer("dense", D, torch.arange(D.numel()).reshape(D.shape),
              (D @ X.flatten()).reshape(out, out)),
        Layer("local", locally_connected_matrix(W), locally_connected_index(X.shape, (k, k)),
              locally_connected2d(X, W)),
        Layer("conv", conv_matrix(K, X.shape), weight_index(X.shape, (k, k)), corr2d(X, K)),
    ]  # fmt: skip
    return layers, K, W


def _count_table(n: int, k: int, counts: PrincipleCounts) -> None:
    """Each layer's weights for this size, the arithmetic written out."""
    out = n - k + 1
    rows = [
        ("dense", counts.fully_connected, f"({n}·{n}) · ({out}·{out})"),
        ("local", counts.locally_connected, f"({out}·{out}) · ({k}·{k})"),
        ("conv", counts.convolution, f"{k}·{k}"),
    ]
    st.table(
        pd.DataFrame(
            [[t(f"{P}kept_{name}"), f"{formula} = {with_commas(count)}"]
             for name, count, formula in rows],
            index=[t(f"{P}layer_{name}") for name, _, _ in rows],
            columns=[t(f"{P}col_kept"), t(f"{P}col_weights")],
        )
    )  # fmt: skip
    dense, local, conv = counts
    st.markdown(t(f"{P}counts_ratio", local=format_number(local / conv, 1),
                  dense=format_number(dense / local, 1)))  # fmt: skip


def _one_layer(layer: Layer, count: int) -> None:
    """A layer's dense matrix (tied weights share their number and colour) and its output."""
    st.markdown(t(f"{P}about_{layer.name}"))
    show_dense_matrix(layer.M, layer.index, None, key=f"fc_pr_m_{layer.name}",
                      name=t(f"{P}matrix_{layer.name}"))  # fmt: skip
    use = weight_use(layer.index)
    st.caption(t(f"{P}matrix_stats", entries=with_commas(use.entries), used=with_commas(use.used),
                 weights=with_commas(count), most=use.most_uses))  # fmt: skip
    st.markdown(f"**{t(f'{P}output_of', layer=t(f'{P}layer_{layer.name}'))}**")
    show_matrix(layer.Y, name="Y", key=f"fc_pr_y_{layer.name}", small=True, max_px=240)


def _shift_test(X: torch.Tensor, K: torch.Tensor, W: torch.Tensor) -> None:
    """Shift X; compare the output of the shifted X with the shifted output, for the locally
    connected layer and for the convolution."""
    st.subheader(t(f"{P}shift_heading"))
    st.markdown(t(f"{P}shift_intro"))
    a, b = st.columns(2)
    dy = url_params.slider(t("fc_to_conv.dy"), "fc_pr_dy", container=a)
    dx = url_params.slider(t("fc_to_conv.dx"), "fc_pr_dx", container=b)
    local = locally_connected_shift_check(X, W, dy, dx)
    conv = equivariance_check(X, K, dy, dx)
    matrix_rows(
        [
            (t(f"{P}shift_row_{name}"), [
                (t("fc_to_conv.shift_of_y"), check.shifted_Y),
                (t(f"{P}of_shifted"), check.Y_of_shifted),
                (t(f"{P}difference"), check.difference),
            ])
            for name, check in (("local", local), ("conv", conv))
        ],
        key="fc_pr_shift",
    )  # fmt: skip
    if dy == 0 and dx == 0:
        st.caption(t(f"{P}shift_none"))
        return
    st.markdown(t(f"{P}shift_local", agree=local.agree, total=local.total,
                  differ=local.total - local.agree, guaranteed=local.guaranteed))  # fmt: skip
    st.markdown(t(f"{P}shift_conv", agree=conv.agree, total=conv.total,
                  guaranteed=conv.guaranteed))  # fmt: skip
    if local.agree < local.total and conv.agree >= conv.guaranteed:
        st.info(t(f"{P}shift_point"), icon=":material/lightbulb:")


@st.fragment
def remove_a_principle() -> None:
    """The size, each layer's weights, their matrices and outputs (a tab each), the shift test."""
    st.markdown(t(f"{P}intro"))
    a, b = st.columns(2)
    n = url_params.number_input(t(f"{P}side"), "fc_pr_n", container=a)
    k = url_params.number_input(t(f"{P}kernel"), "fc_pr_k", container=b)
    counts = computed(weights_by_principle, n, n, k, k)  # refuses a kernel larger than X
    if counts is None:
        return
    _count_table(n, k, counts)
    X = _plus(n)
    layers, K, W = _layers(X, k)
    st.markdown(t(f"{P}input", n=n))
    show_matrix(X, name="X", key="fc_pr_x", small=True, max_px=220)
    tabs = st.tabs([t(f"{P}layer_{layer.name}") for layer in layers])
    for tab, layer, count in zip(tabs, layers, counts, strict=True):
        with tab:
            _one_layer(layer, count)
    _shift_test(X, K, W)


def principles_section() -> None:
    """The section on page 1, drawn when opened (its three matrices would weigh on the page's
    first render)."""
    on_demand("fc_principles", t(f"{P}heading"), remove_a_principle)
