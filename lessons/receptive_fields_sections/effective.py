"""Effective against theoretical receptive field: |∂Y[i, j] / ∂X| by autograd through the
stack, beside the formula's box and the number of paths from each input pixel to the cell."""

from __future__ import annotations

import streamlit as st
import torch

from conv_core import FIELD_KERNELS, effective_field, paths_to_cell, receptive_window
from ui import url_params
from ui.checks import agreement, computed
from ui.heatmap import show_matrix
from ui.i18n import option_labels, t
from ui.sections import on_demand
from ui.shell import classroom_mode

E = "receptive_fields.effective."  # this section's texts


def _cell(shape: tuple[int, int]) -> tuple[int, int]:
    """The cell chosen above (rf_i, rf_j), kept inside the last map as that section keeps it."""
    i, j = (int(st.session_state.get(key, url_params.url_value(key))) for key in ("rf_i", "rf_j"))
    return min(i, shape[0] - 1), min(j, shape[1] - 1)


def half_of_the_weight(field: torch.Tensor) -> int:
    """How few pixels (the largest first) carry half of the summed |∂Y/∂X|."""
    values = field.flatten().sort(descending=True).values
    total = float(values.sum())
    if total == 0:
        return 0
    return int((values.cumsum(0) < 0.5 * total).sum()) + 1


def _controls() -> tuple[str, int]:
    a, b = st.columns(2)
    kernels = url_params.in_url("rf_eff_kernels", lambda key: a.radio(
        t(f"{E}kernels"), FIELD_KERNELS, format_func=option_labels(f"{E}kernels_"),
        horizontal=True, key=key))  # fmt: skip
    seed = 0
    if kernels == "random":
        seed = url_params.number_input(t(f"{E}seed"), "rf_eff_seed", container=b)
    return kernels, seed


def effective_vs_theory(layers, shapes) -> None:
    """The two maps over the input, the box drawn on both, and what they say."""
    st.markdown(t(f"{E}intro"))
    kernels, seed = _controls()
    i, j = _cell(shapes[-1])
    field = computed(effective_field, layers, i, j, input_shape=shapes[0], kernels=kernels,
                     seed=seed)  # fmt: skip
    if field is None:
        return
    window = receptive_window(layers, i, j, input_shape=shapes[0])
    ph, pw = layers[0].padding
    h, w = shapes[0]
    # paths_to_cell pads the input as the first layer does; the gradient is over X itself.
    paths = paths_to_cell(layers, i, j, input_shape=shapes[0])[0][ph : ph + h, pw : pw + w]
    rows, cols = window.input.inside_rows, window.input.inside_cols
    box = (rows[0], cols[0], rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1) if rows else None
    max_px = 480 if classroom_mode() or h > 20 else 360
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t(f'{E}field_name', i=i, j=j)}**")
        # One decimal fits in a cell; whole numbers (all-ones kernels: path counts) as they
        # are, so "0" is an exact zero and "0.0" a small gradient.
        text = [[str(int(v)) if v == int(v) else f"{v:.1f}" for v in row] for row in field.tolist()]
        show_matrix(field, name=t(f"{E}field_name", i=i, j=j), key="rf_eff_field",
                    text=text, window=box, max_px=max_px)  # fmt: skip
    with right:
        st.markdown(f"**{t(f'{E}paths_name')}**")
        show_matrix(paths, name=t(f"{E}paths_name"), key="rf_eff_paths", window=box,
                    max_px=max_px)  # fmt: skip
    inside = int((field > 0).sum())
    box_cells = box[2] * box[3] if box else 0
    st.markdown(t(f"{E}box", rows=box[2] if box else 0, cols=box[3] if box else 0,
                  cells=box_cells, inside=inside))  # fmt: skip
    st.markdown(t(f"{E}half", pixels=half_of_the_weight(field), cells=inside))
    if kernels == "ones":
        agreement(paths, field, agree=t(f"{E}ones_agree"), disagree=t(f"{E}ones_disagree"))
    else:
        st.caption(t(f"{E}random_note"))


def effective_section(layers, shapes) -> None:
    """The section on the receptive-field page, drawn when opened (autograd through the
    stack and two more heatmaps would weigh on the page's first render)."""
    on_demand("rf_effective", t(f"{E}heading"), lambda: effective_vs_theory(layers, shapes))
