"""From fully connected to convolution (D2L §7.1): why a picture needs a convolutional layer."""

import math
import random

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
import torch

from conv_core import (
    KERNELS,
    MAX_DENSE_ENTRIES,
    ConvInputError,
    best_match,
    book_example,
    conv_matrix,
    corr2d,
    crowd_scene,
    derivation_parameter_counts,
    equivariant_region,
    fc_vs_conv,
    format_bytes,
    format_number,
    match_template,
    pad,
    paste,
    plain_match,
    shift,
    unvec,
    vec,
    waldo_pattern,
    weight_index,
    window,
)
from ui.big_numbers import in_words, with_commas
from ui.heatmap import WINDOW_COLOUR, show_matrix
from ui.i18n import current_language, error_text, t
from ui.shell import classroom_mode, figure_font_size

# ---------------------------------------------------------------- the calculator

LECTURE = {"fc_height": 3000, "fc_width": 4000, "fc_channels": 3, "fc_hidden": 100}  # 12 MP RGB
BOOK = {"fc_height": 1000, "fc_width": 1000, "fc_channels": 1, "fc_hidden": 1000}  # 10⁹ weights
BYTES = {4: "float32", 2: "float16", 1: "int8"}


def _load_sizes(sizes: dict[str, int]) -> None:
    st.session_state.update(sizes)


def _number(label_key: str, key: str, default: int, low: int, high: int, help_key=None) -> int:
    return st.number_input(
        t(label_key),
        min_value=low,
        max_value=high,
        value=default,
        step=1,
        key=key,
        bind="query-params",
        help=t(help_key) if help_key else None,
    )


def _calculator(classroom: bool) -> tuple[int, int] | None:
    """Image size, channels and hidden units in; both layers' weights and memory out."""
    st.header(t("fc_to_conv.calc_heading"))
    st.markdown(t("fc_to_conv.calc_intro"))
    left, right = st.columns(2)
    left.button(
        t("fc_to_conv.preset_lecture"),
        key="fc_preset_lecture",
        width="stretch",
        on_click=_load_sizes,
        args=(LECTURE,),
    )
    right.button(
        t("fc_to_conv.preset_book"),
        key="fc_preset_book",
        width="stretch",
        on_click=_load_sizes,
        args=(BOOK,),
    )
    columns = st.columns(3 if classroom else 6)
    # Zero is allowed in the size inputs so that the page can say why it is not allowed.
    with columns[0]:
        height = _number("fc_to_conv.height", "fc_height", 3000, 0, 100_000)
    with columns[1]:
        width = _number("fc_to_conv.width", "fc_width", 4000, 0, 100_000)
    with columns[2]:
        hidden = _number("fc_to_conv.hidden", "fc_hidden", 100, 1, 100_000)
    channels, kernel, bytes_per = 3, 3, 4
    if not classroom:
        with columns[3]:
            channels = _number(
                "fc_to_conv.channels", "fc_channels", 3, 1, 4, "fc_to_conv.channels_help"
            )
        with columns[4]:
            kernel = _number("fc_to_conv.kernel", "fc_kernel", 3, 1, 99)
        with columns[5]:
            bytes_per = st.selectbox(
                t("fc_to_conv.bytes"),
                list(BYTES),
                format_func=BYTES.get,
                key="fc_bytes",
                help=t("fc_to_conv.bytes_help"),
            )
    else:
        channels = st.session_state.get("fc_channels", 3)
        kernel = st.session_state.get("fc_kernel", 3)
        bytes_per = st.session_state.get("fc_bytes", 4)
    if height < 1 or width < 1:
        st.error(t("fc_to_conv.size_zero"), icon=":material/error:")
        return None
    if kernel > min(height, width):
        st.error(
            t("fc_to_conv.kernel_too_big", kernel=kernel, height=height, width=width),
            icon=":material/error:",
        )
        return height, width  # the derivation needs only the image size
    sizes = fc_vs_conv(height, width, channels, hidden, kernel, bytes_per_param=bytes_per)
    lang = current_language()
    megapixels = height * width / 1e6
    st.markdown(
        t(
            "fc_to_conv.inputs",
            h=with_commas(height),
            w=with_commas(width),
            mp=f"{megapixels:.3g}",
            pixels=in_words(height * width, lang),
            c=channels,
            n=with_commas(sizes.inputs),
            words=in_words(sizes.inputs, lang),
        )
    )
    fc_col, conv_col = st.columns(2)
    with fc_col, st.container(border=True):
        st.subheader(t("fc_to_conv.fc_box"))
        st.metric(t("fc_to_conv.weights"), in_words(sizes.fc_params, lang))
        st.caption(
            t(
                "fc_to_conv.fc_formula",
                n=with_commas(sizes.inputs),
                hidden=hidden,
                total=with_commas(sizes.fc_params),
            )
        )
        st.metric(t("fc_to_conv.memory"), format_bytes(sizes.fc_bytes))
    with conv_col, st.container(border=True):
        st.subheader(t("fc_to_conv.conv_box"))
        st.metric(t("fc_to_conv.weights"), with_commas(sizes.conv_params))
        st.caption(
            t("fc_to_conv.conv_formula", k=kernel, c=channels, total=with_commas(sizes.conv_params))
        )
        st.metric(t("fc_to_conv.memory"), format_bytes(sizes.conv_bytes))
    st.markdown(t("fc_to_conv.ratio", ratio=in_words(sizes.fc_params // sizes.conv_params, lang)))
    if sizes.fc_params == 3_600_000_000:
        st.info(t("fc_to_conv.slip"), icon=":material/lightbulb:")
    return height, width


# ---------------------------------------------------------------- the derivation

_STEPS = (
    (
        "step1",
        r"[\mathbf{H}]_{i,j} = [\mathbf{U}]_{i,j} + \sum_k \sum_l [\mathsf{W}]_{i,j,k,l}"
        r"\, [\mathbf{X}]_{k,l}",
        r"(h w)^2 = ({h} \cdot {w})^2",
    ),
    (
        "step2",
        r"[\mathsf{V}]_{i,j,a,b} = [\mathsf{W}]_{i,j,i+a,j+b} \quad\Rightarrow\quad "
        r"[\mathbf{H}]_{i,j} = [\mathbf{U}]_{i,j} + \sum_a \sum_b [\mathsf{V}]_{i,j,a,b}"
        r"\, [\mathbf{X}]_{i+a,j+b}",
        r"(h w)^2 = ({h} \cdot {w})^2",
    ),
    (
        "step3",
        r"[\mathsf{V}]_{i,j,a,b} = [\mathbf{V}]_{a,b} \quad\Rightarrow\quad "
        r"[\mathbf{H}]_{i,j} = u + \sum_a \sum_b [\mathbf{V}]_{a,b}\, [\mathbf{X}]_{i+a,j+b}",
        r"(2h - 1)(2w - 1) = (2 \cdot {h} - 1)(2 \cdot {w} - 1)",
    ),
    (
        "step4",
        r"[\mathbf{H}]_{i,j} = u + \sum_{a=-\Delta}^{\Delta} \sum_{b=-\Delta}^{\Delta}"
        r" [\mathbf{V}]_{a,b}\, [\mathbf{X}]_{i+a,j+b}",
        r"(2\Delta + 1)^2 = (2 \cdot {delta} + 1)^2",
    ),
)


# When the window reaches past the image, only the offsets that exist are counted.
_CAPPED_FORMULA = (
    r"\min(2\Delta + 1,\, 2h - 1) \cdot \min(2\Delta + 1,\, 2w - 1)"
    r" = \min({n}, {rows}) \cdot \min({n}, {cols})"
)


def _latex_int(n: int) -> str:
    return f"{n:,}".replace(",", r"{,}")


def _derivation(size: tuple[int, int] | None) -> None:
    """The book's four steps, each with its equation and the free weights it leaves."""
    st.header(t("fc_to_conv.derive_heading"))
    if size is None:
        st.info(t("fc_to_conv.fix_size"), icon=":material/info:")
        return
    h, w = size
    st.markdown(t("fc_to_conv.derive_intro", h=with_commas(h), w=with_commas(w)))
    delta = st.slider(
        t("fc_to_conv.delta"),
        0,
        10,
        1,
        key="fc_delta",
        bind="query-params",
        help=t("fc_to_conv.delta_help"),
    )
    counts = derivation_parameter_counts(h, w, delta)
    capped = counts.local < (2 * delta + 1) ** 2
    lang = current_language()
    for number, ((name, equation, formula), count) in enumerate(
        zip(_STEPS, counts, strict=True), start=1
    ):
        if name == "step4" and capped:
            formula = _CAPPED_FORMULA
        with st.container(border=True):
            st.subheader(f"{number}. {t(f'fc_to_conv.{name}_title')}")
            st.markdown(t(f"fc_to_conv.{name}_text"))
            st.latex(equation)
            st.markdown(t("fc_to_conv.after_step", count=in_words(count, lang)))
            numbers = dict(h=h, w=w, delta=delta, n=2 * delta + 1, rows=2 * h - 1, cols=2 * w - 1)
            st.latex(formula.format(**numbers) + f" = {_latex_int(count)}")
    if capped:
        st.caption(t("fc_to_conv.delta_capped"))
    _counts_chart(counts, lang)
    st.success(
        t(
            "fc_to_conv.derive_point",
            before=in_words(counts.fully_connected, lang),
            after=with_commas(counts.local),
        ),
        icon=":material/check_circle:",
    )


def _counts_chart(counts, lang: str) -> None:
    """The four counts on a log scale: each bar is one step of the derivation."""
    labels = ["1. W[i, j, k, l]", "2. V[i, j, a, b]", "3. V[a, b]", "4. |a|, |b| ≤ Δ"]
    figure = go.Figure(
        go.Bar(
            x=labels,
            y=[max(c, 1) for c in counts],
            text=[in_words(c, lang) for c in counts],
            textposition="outside",
            marker_color=["#868e96", "#868e96", "#1c7ed6", WINDOW_COLOUR],
            hovertemplate="%{x}: %{y:,}<extra></extra>",
        )
    )
    top = max(counts.fully_connected, 10)
    figure.update_layout(
        yaxis=dict(
            type="log",
            range=[0, math.log10(top) * 1.15],
            dtick=math.ceil(math.log10(top) / 8),  # at most about ten labelled decades
            exponentformat="power",
            title=t("fc_to_conv.log_axis"),
        ),
        height=360,
        margin=dict(l=60, r=20, t=20, b=40),
        font=dict(size=figure_font_size()),
    )
    st.plotly_chart(
        figure,
        key="fc_counts_chart",
        config={"displayModeBar": False},
        alt=t("fc_to_conv.counts_alt"),
    )


# ---------------------------------------------------------------- the dense matrix

DENSE_KERNELS = {
    "book": book_example()[1],
    "edge_1x2": KERNELS["edge_1x2"],
    "d2l_edge": KERNELS["d2l_edge"],
    "box_blur": KERNELS["box_blur"],
    "sobel_x": KERNELS["sobel_x"],
}
MAX_DRAWN = 64  # rows or columns of M drawn as a heatmap; more would be unreadable


def _kernel_choice(key: str, options: dict) -> torch.Tensor:
    name = st.selectbox(
        t("fc_to_conv.kernel_choice"),
        list(options),
        format_func=lambda n: t(f"fc_to_conv.kernel_{n}"),
        key=key,
    )
    return options[name]


def _chosen_row(out_shape, kernel_shape, in_shape, padding: int, stride: int):
    """The row of M the student picked, and its window on X (clipped to X: padding is not shown)."""
    count = out_shape[0] * out_shape[1]
    if st.session_state.get("fc_dense_row", 0) >= count:  # X or K just got smaller
        st.session_state["fc_dense_row"] = 0
    row = 0
    if count > 1:
        row = st.slider(t("fc_to_conv.row_choice"), 0, count - 1, key="fc_dense_row")
    i, j = divmod(row, out_shape[1])
    top, left = i * stride - padding, j * stride - padding
    bottom = min(in_shape[0], top + kernel_shape[0])
    right = min(in_shape[1], left + kernel_shape[1])
    top, left = max(0, top), max(0, left)
    st.caption(t("fc_to_conv.row_caption", row=row, i=i, j=j))
    if bottom <= top or right <= left:  # the window sees only padding
        return row, None
    return row, (top, left, bottom - top, right - left)


@st.fragment
def _dense_matrix() -> None:
    """A convolution written as the fully connected layer it is, and the check that they agree."""
    classroom, font_size = classroom_mode(), figure_font_size()
    st.header(t("fc_to_conv.dense_heading"))
    st.markdown(t("fc_to_conv.dense_intro"))
    columns = st.columns(3 if classroom else 5)
    with columns[0]:
        h = _number("fc_to_conv.x_rows", "fc_x_rows", 3, 1, 32)
    with columns[1]:
        w = _number("fc_to_conv.x_cols", "fc_x_cols", 3, 1, 32)
    with columns[2]:
        K = _kernel_choice("fc_dense_kernel", DENSE_KERNELS)
    padding, stride = 0, 1
    if not classroom:
        with columns[3]:
            padding = _number("fc_to_conv.padding", "fc_padding", 0, 0, 3)
        with columns[4]:
            stride = _number("fc_to_conv.stride", "fc_stride", 1, 1, 3)
    X = torch.arange(float(h * w)).reshape(h, w)  # 0, 1, 2, … as in the book's example
    try:
        M = conv_matrix(K, (h, w), padding=padding, stride=stride)
    except ConvInputError as err:
        if err.code == "matrix_too_large":
            st.error(
                t(
                    "fc_to_conv.too_large",
                    rows=err.params["rows"],
                    cols=err.params["cols"],
                    limit=with_commas(MAX_DENSE_ENTRIES),
                ),
                icon=":material/error:",
            )
        else:
            st.error(error_text(err), icon=":material/error:")
        return
    index = weight_index((h, w), K.shape, padding=padding, stride=stride)
    Y = corr2d(X, K, padding=padding, stride=stride)
    row, x_window = _chosen_row(Y.shape, K.shape, (h, w), padding, stride)
    x_col, k_col = st.columns([3, 1])
    with x_col:
        st.markdown(t("fc_to_conv.x_label"))
        show_matrix(X, name="X", key="fc_dense_x", window=x_window, font_size=font_size, max_px=320)
    with k_col:
        st.markdown(t("fc_to_conv.k_label"))
        show_matrix(K, name="K", key="fc_dense_k", font_size=font_size, max_px=160)
    st.markdown(
        t(
            "fc_to_conv.m_label",
            rows=M.shape[0],
            cols=M.shape[1],
            oh=Y.shape[0],
            ow=Y.shape[1],
            h=h,
            w=w,
        )
    )
    if max(M.shape) <= MAX_DRAWN:
        # Blank where no weight of K can ever be: the zeros locality put there.
        text = [
            ["" if k < 0 else format_number(m) for k, m in zip(ks, ms, strict=True)]
            for ks, ms in zip(index.tolist(), M.tolist(), strict=True)
        ]
        show_matrix(
            M,
            name="M",
            key="fc_dense_m",
            text=text,
            window=(row, 0, 1, M.shape[1]),
            font_size=font_size,
            max_px=min(1000, 40 * max(M.shape)),
        )
    else:
        st.warning(
            t("fc_to_conv.not_drawn", rows=M.shape[0], cols=M.shape[1], limit=MAX_DRAWN),
            icon=":material/visibility_off:",
        )
    used = index[index >= 0]
    st.markdown(
        t(
            "fc_to_conv.m_stats",
            entries=with_commas(M.numel()),
            used=with_commas(used.numel()),
            percent=f"{100 * used.numel() / M.numel():.1f}",
            kernel=K.numel(),
            uses=int(torch.bincount(used, minlength=K.numel()).max()),
        )
    )
    from_matrix = unvec(M @ vec(X), Y.shape)
    y_window = (*divmod(row, Y.shape[1]), 1, 1)
    difference = float((from_matrix - Y).abs().max())
    left, right = st.columns(2)
    with left:
        st.markdown(t("fc_to_conv.y_from_matrix"))
        show_matrix(
            from_matrix, name="unvec(M·vec(X))", key="fc_dense_my", font_size=font_size, max_px=320
        )
    with right:
        st.markdown(t("fc_to_conv.y_from_corr"))
        show_matrix(
            Y,
            name="corr2d(X, K)",
            key="fc_dense_y",
            window=y_window,
            font_size=font_size,
            max_px=320,
        )
    if difference <= 1e-4 * max(1.0, float(Y.abs().max())):
        st.success(
            t("fc_to_conv.dense_agree", diff=f"{difference:.1e}"), icon=":material/check_circle:"
        )
    else:
        st.error(t("fc_to_conv.dense_disagree", diff=f"{difference:.1e}"))


# ---------------------------------------------------------------- equivariance and locality

SIDE = 10
SHAPE_KERNELS = {name: KERNELS[name] for name in ("d2l_edge", "sobel_x", "box_blur", "laplacian")}


def _picture() -> torch.Tensor:
    """A 10×10 dark picture with a small bright 'L': something whose position is easy to see."""
    X = torch.zeros(SIDE, SIDE)
    X[2:6, 2] = 1.0
    X[5, 2:5] = 1.0
    return X


def _kernel_and_sliders(kernel_key: str, *sliders: tuple) -> tuple[torch.Tensor, list[int]]:
    """A kernel choice and sliders side by side; a slider is (label, low, high, default, key)."""
    columns = st.columns(1 + len(sliders))
    with columns[0]:
        K = _kernel_choice(kernel_key, SHAPE_KERNELS)
    values = [
        column.slider(label, low, high, default, key=key, bind="query-params")
        for column, (label, low, high, default, key) in zip(columns[1:], sliders, strict=True)
    ]
    return K, values


@st.fragment
def _equivariance() -> None:
    """Shift the input; the output shifts the same way, except where the border interferes."""
    font_size = figure_font_size()
    st.header(t("fc_to_conv.equi_heading"))
    st.markdown(t("fc_to_conv.equi_intro"))
    K, (dy, dx) = _kernel_and_sliders(
        "fc_equi_kernel",
        (t("fc_to_conv.dy"), -SIDE // 2, SIDE // 2, 2, "fc_dy"),
        (t("fc_to_conv.dx"), -SIDE // 2, SIDE // 2, 3, "fc_dx"),
    )
    X, padding = _picture(), 1
    Y = corr2d(X, K, padding=padding)
    moved = shift(X, dy, dx)
    Y_of_moved = corr2d(moved, K, padding=padding)
    difference = Y_of_moved - shift(Y, dy, dx)
    panels = (
        (("X", X), ("Y = corr2d(X, K)", Y), (t("fc_to_conv.shift_of_y"), shift(Y, dy, dx))),
        (
            (t("fc_to_conv.shifted_x"), moved),
            (t("fc_to_conv.y_of_shifted"), Y_of_moved),
            (t("fc_to_conv.difference"), difference),
        ),
    )
    for row_number, row in enumerate(panels):
        st.markdown(t(f"fc_to_conv.equi_row{row_number + 1}"))
        for column, (name, M) in zip(st.columns(3), row, strict=True):
            with column:
                st.markdown(f"**{name}**")
                show_matrix(
                    M,
                    name=name,
                    key=f"fc_equi_{row_number}_{name}",
                    font_size=min(font_size, 13),
                    max_px=300,
                )
    region = equivariant_region(X.shape, K.shape, dy, dx, padding=padding)
    agree, guaranteed = int((difference.abs() <= 1e-5).sum()), int(region.sum())
    if agree == Y.numel():
        st.markdown(t("fc_to_conv.equi_all", total=agree, guaranteed=guaranteed))
    else:
        st.markdown(
            t("fc_to_conv.equi_count", agree=agree, total=Y.numel(), differ=Y.numel() - agree)
        )
    st.info(t("fc_to_conv.equi_point"), icon=":material/lightbulb:")


@st.fragment
def _locality() -> None:
    """Pick an output cell: only a small window of the input made it."""
    font_size = figure_font_size()
    st.header(t("fc_to_conv.local_heading"))
    st.markdown(t("fc_to_conv.local_intro"))
    K, (i, j) = _kernel_and_sliders(
        "fc_local_kernel",
        (t("fc_to_conv.out_row"), 0, SIDE - 1, 5, "fc_i"),
        (t("fc_to_conv.out_col"), 0, SIDE - 1, 3, "fc_j"),
    )
    X, padding = _picture(), 1
    Y = corr2d(X, K, padding=padding)
    cell = window(X, K, i, j, padding=padding)
    padded = pad(X, padding)
    x_col, y_col = st.columns(2)
    with x_col:
        st.markdown(t("fc_to_conv.local_x"))
        show_matrix(
            padded,
            name=t("fc_to_conv.padded_x"),
            key="fc_local_x",
            window=(cell.top, cell.left, *K.shape),
            padding=(padding, padding),
            font_size=min(font_size, 13),
            max_px=360,
        )
    with y_col:
        st.markdown(t("fc_to_conv.local_y"))
        show_matrix(
            Y,
            name="Y",
            key="fc_local_y",
            window=(i, j, 1, 1),
            font_size=min(font_size, 13),
            max_px=330,
        )
    st.code(f"Y[{i}, {j}] = {cell.expression(K)}", language=None, wrap_lines=True)
    st.markdown(t("fc_to_conv.local_count", seen=K.numel(), total=X.numel(), i=i, j=j))


# ---------------------------------------------------------------- Where's Waldo

SCENE = (24, 36)
PATTERN = waldo_pattern()


def _hide_waldo() -> None:
    st.session_state["fc_waldo_top"] = random.randint(0, SCENE[0] - PATTERN.shape[0])
    st.session_state["fc_waldo_left"] = random.randint(0, SCENE[1] - PATTERN.shape[1])


def _new_crowd() -> None:
    st.session_state["fc_crowd_seed"] = st.session_state.get("fc_crowd_seed", 0) + 1


@st.fragment
def _waldo() -> None:
    """The pattern as a kernel: plain cross-correlation against normalised cross-correlation."""
    classroom, font_size = classroom_mode(), figure_font_size()
    st.header(t("fc_to_conv.waldo_heading"))
    st.markdown(t("fc_to_conv.waldo_intro"))
    ph, pw = PATTERN.shape
    top_col, left_col, lamp_col = st.columns(3)
    top = top_col.slider(t("fc_to_conv.waldo_top"), 0, SCENE[0] - ph, 13, key="fc_waldo_top")
    left = left_col.slider(t("fc_to_conv.waldo_left"), 0, SCENE[1] - pw, 25, key="fc_waldo_left")
    lamp = lamp_col.toggle(
        t("fc_to_conv.lamp"), value=True, key="fc_lamp", help=t("fc_to_conv.lamp_help")
    )
    buttons = st.columns(2)
    buttons[0].button(
        t("fc_to_conv.hide_waldo"), key="fc_hide", on_click=_hide_waldo, width="stretch"
    )
    if not classroom:
        buttons[1].button(
            t("fc_to_conv.new_crowd"), key="fc_new_crowd", on_click=_new_crowd, width="stretch"
        )
    seed = st.session_state.get("fc_crowd_seed", 0)
    scene = paste(crowd_scene(*SCENE, seed=seed, lamp=lamp), PATTERN, top, left)
    plain, ncc = plain_match(scene, PATTERN), match_template(scene, PATTERN)
    plain_at, ncc_at = best_match(plain), best_match(ncc)
    pattern_col, scene_col = st.columns([1, 4])
    with pattern_col:
        st.markdown(t("fc_to_conv.pattern_label"))
        show_matrix(
            PATTERN,
            name=t("fc_to_conv.pattern_name"),
            key="fc_waldo_pattern",
            font_size=min(font_size, 12),
            max_px=200,
        )
    with scene_col:
        st.markdown(t("fc_to_conv.scene_label"))
        st.caption(t("fc_to_conv.scene_colours"))
        show_matrix(
            scene,
            name=t("fc_to_conv.scene_name"),
            key="fc_waldo_scene",
            window=(*ncc_at, ph, pw),
            max_px=720,
        )
    plain_col, ncc_col = st.columns(2)
    for column, name, scores, found in (
        (plain_col, "plain", plain, plain_at),
        (ncc_col, "ncc", ncc, ncc_at),
    ):
        with column:
            st.subheader(t(f"fc_to_conv.{name}_heading"))
            st.markdown(t(f"fc_to_conv.{name}_text"))
            show_matrix(
                scores,
                name=t(f"fc_to_conv.{name}_heading"),
                key=f"fc_waldo_{name}",
                window=(*found, 1, 1),
                max_px=480,
            )
            right = found == (top, left)
            message = t(
                "fc_to_conv.found_right" if right else "fc_to_conv.found_wrong",
                row=found[0],
                col=found[1],
                top=top,
                left=left,
            )
            (st.success if right else st.warning)(message)
    _scores_table(plain, ncc, (top, left), plain_at)
    st.info(t("fc_to_conv.waldo_honest"), icon=":material/info:")


def _scores_table(plain, ncc, waldo: tuple[int, int], plain_best: tuple[int, int]) -> None:
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


def draw_fc_to_conv() -> None:
    """The whole page, in the order of the lesson."""
    classroom = classroom_mode()
    st.title(t("fc_to_conv.title"))
    st.markdown(t("fc_to_conv.intro"))
    size = _calculator(classroom)
    st.divider()
    _derivation(size)
    st.divider()
    _dense_matrix()
    st.divider()
    _equivariance()
    st.divider()
    _locality()
    st.divider()
    _waldo()
    st.divider()
    st.header(t("fc_to_conv.wrap_heading"))
    st.markdown(t("fc_to_conv.wrap_up"))


draw_fc_to_conv()
