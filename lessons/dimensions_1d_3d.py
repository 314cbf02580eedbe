"""1-D and 3-D: the same cross-correlation on a signal and on a volume (D2L §7.2, §7.3)."""

import math

import plotly.graph_objects as go
import streamlit as st
import torch

from conv_core import (
    SIGNALS,
    VOLUMES,
    corr1d,
    corr2d,
    corr3d,
    format_number,
    output_shape,
    signal,
    volume,
    window,
    window3d,
)
from ui.controls import choice
from ui.heatmap import show_matrix
from ui.i18n import error_text, t
from ui.matrix_text import parse_number
from ui.shell import classroom_mode, figure_font_size

KERNELS_1D = {
    "difference": [1.0, -1.0],  # the book's [1, −1]: the 1-D edge detector
    "average": [1 / 3, 1 / 3, 1 / 3],
    "second": [1.0, -2.0, 1.0],
    "smooth": [0.25, 0.5, 0.25],
}
KERNELS_3D = ("ones", "depth", "average", "random")
OWN = "own"
MAX_LENGTH = 40  # numbers in a typed signal: the row of cells must stay readable
MAX_KERNEL = 9


def _kernel_3d(name: str, seed: int) -> torch.Tensor:
    if name == "ones":
        return torch.ones(2, 2, 2)
    if name == "depth":  # the depth-direction [1, −1]: finds changes between slices
        return torch.tensor([[[1.0]], [[-1.0]]])
    if name == "average":
        return torch.full((3, 3, 3), 1 / 27)
    generator = torch.Generator().manual_seed(seed + 1)
    return torch.randint(-1, 2, (2, 2, 2), generator=generator).to(torch.float32)


def _parse(text: str, name: str, limit: int) -> torch.Tensor | None:
    """Numbers separated by commas or spaces, or None with the reason shown."""
    tokens = [token for token in text.replace(",", " ").replace("，", " ").split() if token]
    if not tokens:
        st.error(t("dimensions_1d_3d.parse_empty", name=name), icon=":material/error:")
        return None
    if len(tokens) > limit:
        st.error(
            t("dimensions_1d_3d.parse_long", name=name, limit=limit, count=len(tokens)),
            icon=":material/error:",
        )
        return None
    values = []
    for position, token in enumerate(tokens):
        value = parse_number(token)
        if value is None or not math.isfinite(value):
            st.error(
                t("dimensions_1d_3d.parse_bad", name=name, position=position, token=token),
                icon=":material/error:",
            )
            return None
        values.append(value)
    return torch.tensor(values, dtype=torch.float32)


def _padding_stride(prefix: str) -> tuple[int, int]:
    """Padding and stride, one number each (all axes); stride 0 is allowed so the page can
    say why it is not allowed."""
    left, right = st.columns(2)
    padding = left.number_input(
        t("dimensions_1d_3d.padding"), 0, 5, 0, key=f"{prefix}_padding", bind="query-params"
    )
    stride = right.number_input(
        t("dimensions_1d_3d.stride"), 0, 5, 1, key=f"{prefix}_stride", bind="query-params"
    )
    return int(padding), int(stride)


def _signal_controls() -> tuple[torch.Tensor | None, torch.Tensor | None]:
    a, b = st.columns(2, gap="large")
    with a:
        name = choice(
            t("dimensions_1d_3d.signal"), [*SIGNALS, OWN], "dimensions_1d_3d.signal_",
            key="d1_signal", default="step",
        )  # fmt: skip
        if name == OWN:
            x = _parse(
                st.text_input(t("dimensions_1d_3d.own_signal"), "0, 0, 1, 3, 1, 0, 0", key="d1_x"),
                "x",
                MAX_LENGTH,
            )
        else:
            x = signal(name)
    with b:
        kname = choice(
            t("dimensions_1d_3d.kernel"), [*KERNELS_1D, OWN], "dimensions_1d_3d.kernel1_",
            key="d1_kernel", default="difference",
        )  # fmt: skip
        if kname == OWN:
            k = _parse(
                st.text_input(t("dimensions_1d_3d.own_kernel"), "1, 0, -1", key="d1_k"),
                "k",
                MAX_KERNEL,
            )
        else:
            k = torch.tensor(KERNELS_1D[kname])
    return x, k


def _signal_chart(x: torch.Tensor, y: torch.Tensor, k: int, padding: int, stride: int):
    """x and y on one axis: y[i] drawn at the centre of the window that made it."""
    centres = [i * stride - padding + (k - 1) / 2 for i in range(len(y))]
    fig = go.Figure()
    fig.add_scatter(x=list(range(len(x))), y=x.tolist(), mode="lines+markers", name="x")
    fig.add_scatter(x=centres, y=y.tolist(), mode="lines+markers", name="y")
    fig.update_layout(
        height=260,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"size": figure_font_size()},
        xaxis_title=t("dimensions_1d_3d.position"),
        legend={"orientation": "h"},
    )
    return fig


def _one_d(font_size: int, classroom: bool) -> None:
    st.header(t("dimensions_1d_3d.d1_heading"))
    st.markdown(t("dimensions_1d_3d.d1_intro"))
    x, k = _signal_controls()
    padding, stride = _padding_stride("d1")
    if x is None or k is None:
        return
    try:
        y = corr1d(x, k, padding=padding, stride=stride)
    except ValueError as err:
        st.error(error_text(err), icon=":material/error:")
        return
    (n_out,) = output_shape((len(x),), (len(k),), padding=padding, stride=stride)
    st.latex(
        rf"n_y = \left\lfloor \frac{{n_x + 2p - k}}{{s}} \right\rfloor + 1 = "
        rf"\left\lfloor \frac{{{len(x)} + 2 \cdot {padding} - {len(k)}}}{{{stride}}}"
        rf" \right\rfloor + 1 = {n_out}"
    )
    for label, values, key in (("x", x, "d1_x_map"), ("k", k, "d1_k_map"), ("y", y, "d1_y_map")):
        st.markdown(f"**{label}** · {len(values)}")
        show_matrix(values[None], name=label, key=key, font_size=font_size, max_px=900)
    st.plotly_chart(
        _signal_chart(x, y, len(k), padding, stride),
        key="d1_chart",
        config={"displayModeBar": False},
    )
    st.subheader(t("dimensions_1d_3d.step_heading"))
    i = st.slider(t("dimensions_1d_3d.cell"), 0, len(y) - 1, 0, key="d1_cell") if len(y) > 1 else 0
    cell = window(x[None], k[None], 0, i, padding=(0, padding), stride=(1, stride))
    padded = torch.nn.functional.pad(x, (padding, padding))
    show_matrix(
        padded[None],
        name=t("dimensions_1d_3d.padded_x"),
        key="d1_step_x",
        window=(0, cell.left, 1, len(k)),
        padding=(0, padding),
        font_size=font_size,
        max_px=900,
    )
    st.code(f"y[{i}] = {cell.expression(k[None])}", language=None, wrap_lines=True)
    if not classroom:
        reference = torch.nn.functional.conv1d(
            x[None, None], k[None, None], padding=padding, stride=stride
        )[0, 0]
        with st.expander(t("dimensions_1d_3d.code_heading")):
            st.code(_code_1d(x, k, padding, stride), language="python")
            st.markdown(
                t("dimensions_1d_3d.agree", diff=format_number(float((y - reference).abs().max())))
            )


def _code_1d(x: torch.Tensor, k: torch.Tensor, padding: int, stride: int) -> str:
    numbers = ", ".join(format_number(v) for v in x.tolist())
    weights = ", ".join(format_number(v) for v in k.tolist())
    return (
        "import torch\nimport torch.nn.functional as F\n\n"
        f"x = torch.tensor([{numbers}])\nk = torch.tensor([{weights}])\n"
        f"y = F.conv1d(x.reshape(1, 1, -1), k.reshape(1, 1, -1), padding={padding},"
        f" stride={stride})[0, 0]\nprint(y)"
    )


def _volume_controls() -> tuple[torch.Tensor, torch.Tensor]:
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
            t("dimensions_1d_3d.kernel"), KERNELS_3D, "dimensions_1d_3d.kernel3_",
            key="d3_kernel", default="ones",
        )  # fmt: skip
    return volume(name, (D, S, S), seed=int(seed)), _kernel_3d(kname, int(seed))


def _slices(V: torch.Tensor, name: str, key: str, font_size: int, boxes=None, padding=0) -> None:
    """One heatmap per depth slice, side by side; `boxes[c]` marks a window on slice c."""
    columns = st.columns(V.shape[0])
    for c, column in enumerate(columns):
        with column:
            st.markdown(f"**{name}[{c}]**")
            show_matrix(
                V[c],
                name=f"{name}[{c}]",
                key=f"{key}_{c}",
                window=None if boxes is None else boxes.get(c),
                padding=(padding, padding),
                font_size=font_size,
                max_px=220,
            )


def _three_d(font_size: int, classroom: bool) -> None:
    st.header(t("dimensions_1d_3d.d3_heading"))
    st.markdown(t("dimensions_1d_3d.d3_intro"))
    X, K = _volume_controls()
    padding, stride = _padding_stride("d3")
    try:
        Y = corr3d(X, K, padding=padding, stride=stride)
    except ValueError as err:
        st.error(error_text(err), icon=":material/error:")
        return
    shape = tuple(Y.shape)
    for axis, n, k, out in zip("dhw", X.shape, K.shape, shape, strict=True):
        st.latex(
            rf"{axis}_Y = \left\lfloor \frac{{{n} + 2 \cdot {padding} - {k}}}{{{stride}}}"
            rf" \right\rfloor + 1 = {out}"
        )
    st.markdown(t("dimensions_1d_3d.shapes", x="×".join(map(str, X.shape)),
                  k="×".join(map(str, K.shape)), y="×".join(map(str, shape))))  # fmt: skip

    st.subheader(t("dimensions_1d_3d.step3_heading"))
    where = st.columns(3)
    d, i, j = (
        column.number_input(label, 0, size - 1, 0, key=f"d3_cell_{axis}")
        for column, label, size, axis in zip(
            where, ("d", "i", "j"), shape, "dij", strict=True
        )
    )  # fmt: skip
    cell = window3d(X, K, int(d), int(i), int(j), padding=padding, stride=stride)
    Xp = torch.nn.functional.pad(X, (padding,) * 6)
    front, top, left = cell.corner
    boxes = {front + c: (top, left, K.shape[1], K.shape[2]) for c in range(K.shape[0])}
    st.markdown(t("dimensions_1d_3d.x_slices", padded=padding))
    _slices(Xp, "Xp" if padding else "X", "d3_x", font_size, boxes, padding)
    st.markdown(t("dimensions_1d_3d.k_slices"))
    _slices(K, "K", "d3_k", font_size)
    st.markdown(t("dimensions_1d_3d.y_slices"))
    _slices(Y, "Y", "d3_y", font_size, {int(d): (int(i), int(j), 1, 1)})
    st.code(f"Y[{d}, {i}, {j}] = {cell.expression(K)}", language=None, wrap_lines=True)

    # Y[d] as a sum of 2-D correlations, one per kernel slice: the 3-D case is the 2-D one
    # repeated along the depth.
    by_slices = sum(corr2d(Xp[int(d) * stride + c], K[c], stride=stride) for c in range(K.shape[0]))
    difference = float((by_slices - Y[int(d)]).abs().max())
    st.info(
        t("dimensions_1d_3d.by_slices", d=d, c=K.shape[0] - 1, diff=format_number(difference)),
        icon=":material/lightbulb:",
    )
    if not classroom:
        loop = corr3d(X, K, padding=padding, stride=stride, method="loop")
        st.caption(t("dimensions_1d_3d.agree3", diff=format_number(float((loop - Y).abs().max()))))


def draw_dimensions() -> None:
    classroom, font_size = classroom_mode(), figure_font_size()
    st.title(t("dimensions_1d_3d.title"))
    st.markdown(t("dimensions_1d_3d.intro"))
    _one_d(font_size, classroom)
    st.divider()
    _three_d(font_size, classroom)


draw_dimensions()
