"""1-D and 3-D: the same cross-correlation on a signal and on a volume (D2L §7.2, §7.3)."""

import streamlit as st

from conv_core import (
    SIGNAL_KERNELS,
    SIGNALS,
    VOLUME_KERNELS,
    VOLUMES,
    corr1d,
    corr3d,
    corr3d_slice,
    format_number,
    pad,
    signal,
    volume,
    volume_kernel,
    window,
    window3d,
)
from lessons.dimensions_1d_3d_sections.voxels import volume_in_3d
from ui.checks import agreement, computed
from ui.controls import choice, padding_and_stride, preset_or_typed
from ui.dimension_views import conv1d_code, show_slices, show_vector, signal_chart
from ui.formula import shape_formula
from ui.i18n import t
from ui.sections import on_demand
from ui.shell import classroom_mode

MAX_LENGTH = 40  # numbers in a typed signal: the row of cells must stay readable
MAX_KERNEL = 9


def _signal_controls():
    """x and k, each a preset or typed; None while the typed text is not numbers."""
    a, b = st.columns(2, gap="large")
    with a:
        x = preset_or_typed(
            t("dimensions_1d_3d.signal"), SIGNALS, "dimensions_1d_3d.signal_",
            key="d1_signal", default="step", make=signal, name="x", limit=MAX_LENGTH,
            typed_key="d1_x", typed_label=t("dimensions_1d_3d.own_signal"),
            typed_default="0, 0, 1, 3, 1, 0, 0",
        )  # fmt: skip
    with b:
        k = preset_or_typed(
            t("dimensions_1d_3d.kernel"), SIGNAL_KERNELS, "dimensions_1d_3d.kernel1_",
            key="d1_kernel", default="difference", name="k", limit=MAX_KERNEL,
            typed_key="d1_k", typed_label=t("dimensions_1d_3d.own_kernel"),
            typed_default="1, 0, -1",
        )  # fmt: skip
    return x, k


def _one_d() -> None:
    st.header(t("dimensions_1d_3d.d1_heading"))
    st.markdown(t("dimensions_1d_3d.d1_intro"))
    x, k = _signal_controls()
    padding, stride = padding_and_stride("d1_")
    if x is None or k is None:
        return
    y = computed(corr1d, x, k, padding=padding, stride=stride)
    if y is None:
        return
    shape_formula(x.shape, k.shape, padding=padding, stride=stride, axes="n")
    for label, values, key in (("x", x, "d1_x_map"), ("k", k, "d1_k_map"), ("y", y, "d1_y_map")):
        st.markdown(f"**{label}** · {len(values)}")
        show_vector(values, label, key)
    signal_chart(x, y, len(k), padding, stride)

    st.subheader(t("dimensions_1d_3d.step_heading"))
    i = st.slider(t("dimensions_1d_3d.cell"), 0, len(y) - 1, 0, key="d1_cell") if len(y) > 1 else 0
    cell = window(x[None], k[None], 0, i, padding=(0, padding), stride=(1, stride))
    show_vector(
        pad(x, padding), t("dimensions_1d_3d.padded_x"), "d1_step_x",
        window=(0, cell.left, 1, len(k)), padding=(0, padding),
    )  # fmt: skip
    st.code(f"y[{i}] = {cell.expression(k[None])}", language=None, wrap_lines=True)
    if not classroom_mode():
        with st.expander(t("dimensions_1d_3d.code_heading")):
            st.code(conv1d_code(x, k, padding, stride), language="python")
            reference = corr1d(x, k, padding=padding, stride=stride, method="torch")
            agreement(
                reference, y,
                agree=t("dimensions_1d_3d.agree"), disagree=t("dimensions_1d_3d.disagree"),
            )  # fmt: skip


def _volume_controls():
    a, b = st.columns(2, gap="large")
    with a:
        name = choice(
            t("dimensions_1d_3d.volume"), VOLUMES, "dimensions_1d_3d.volume_",
            key="d3_volume", default="cube",
        )  # fmt: skip
        depth, side = st.columns(2)
        D = depth.slider(t("dimensions_1d_3d.depth"), 2, 6, 4, key="d3_depth")
        S = side.slider(t("dimensions_1d_3d.side"), 3, 7, 5, key="d3_side")
        seed = st.session_state.get("d3_seed", 0)
        if name == "random":
            seed = st.number_input(t("dimensions_1d_3d.seed"), 0, 999, 0, key="d3_seed")
    with b:
        kname = choice(
            t("dimensions_1d_3d.kernel"), VOLUME_KERNELS, "dimensions_1d_3d.kernel3_",
            key="d3_kernel", default="ones",
        )  # fmt: skip
    return volume(name, (D, S, S), seed=int(seed)), volume_kernel(kname, int(seed))


def _three_d() -> None:
    st.markdown(t("dimensions_1d_3d.d3_intro"))
    X, K = _volume_controls()
    padding, stride = padding_and_stride("d3_")
    Y = computed(corr3d, X, K, padding=padding, stride=stride)
    if Y is None:
        return
    shape_formula(X.shape, K.shape, padding=padding, stride=stride, axes="dhw")
    st.markdown(t("dimensions_1d_3d.shapes", x="×".join(map(str, X.shape)),
                  k="×".join(map(str, K.shape)), y="×".join(map(str, Y.shape))))  # fmt: skip

    volume_in_3d(X, K, Y)  # the same volumes as voxels, behind a toggle

    st.subheader(t("dimensions_1d_3d.step3_heading"))
    d, i, j = (
        column.number_input(axis, 0, size - 1, 0, key=f"d3_cell_{axis}")
        for column, size, axis in zip(st.columns(3), Y.shape, "dij", strict=True)
    )  # fmt: skip
    cell = window3d(X, K, d, i, j, padding=padding, stride=stride)
    st.markdown(t("dimensions_1d_3d.x_slices", padded=padding))
    show_slices(pad(X, padding), "Xp" if padding else "X", "d3_x", cell.slice_boxes(), padding)
    st.markdown(t("dimensions_1d_3d.k_slices"))
    show_slices(K, "K", "d3_k")
    st.markdown(t("dimensions_1d_3d.y_slices"))
    show_slices(Y, "Y", "d3_y", {d: (i, j, 1, 1)})
    st.code(f"Y[{d}, {i}, {j}] = {cell.expression(K)}", language=None, wrap_lines=True)

    by_slices = corr3d_slice(X, K, d, padding=padding, stride=stride)
    difference = format_number(float((by_slices - Y[d]).abs().max()))
    st.info(t("dimensions_1d_3d.by_slices", d=d, c=K.shape[0] - 1, diff=difference),
            icon=":material/lightbulb:")  # fmt: skip
    if not classroom_mode():
        agreement(
            corr3d(X, K, padding=padding, stride=stride, method="loop"), Y,
            agree=t("dimensions_1d_3d.agree3"), disagree=t("dimensions_1d_3d.disagree3"),
        )  # fmt: skip


def draw_dimensions() -> None:
    st.title(t("dimensions_1d_3d.title"))
    st.markdown(t("dimensions_1d_3d.intro"))
    _one_d()
    st.divider()
    # Drawn when opened (its nine slices would weigh on the page's first render).
    on_demand("d3_open", t("dimensions_1d_3d.d3_heading"), _three_d)


draw_dimensions()
