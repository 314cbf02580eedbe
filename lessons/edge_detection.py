"""Edge detection (D2L §7.2.3): the book's [1, −1] on its 6×8 image, then on any picture."""

import io
import statistics
import time

import streamlit as st
import torch
from PIL import Image

from conv_core import (
    DISPLAY_MODES,
    KERNELS,
    auto_method,
    corr2d,
    diagonal_image,
    edge_image,
    edge_kernel,
    estimate_loop_seconds,
    preview,
    preview_peaks,
    to_display,
    to_uint8,
)
from ui.controls import choice
from ui.edge_photo import Picture, choose_picture, enlarge, input_preview, output_window
from ui.heatmap import show_matrix
from ui.i18n import error_text, option_labels, t
from ui.matrix_editor import init_cells, matrix_editor
from ui.matrix_text import cells_to_matrix, matrix_to_cells
from ui.methods import method_words
from ui.shell import classroom_mode, figure_font_size

BOOK_IMAGES = ("band", "band_t", "diagonal")
BOOK_KERNELS = ("k", "k_t")
CUSTOM = "custom"
MAX_CUSTOM = (7, 7)
PREVIEW_SIDE = 900  # the longest side sent to the browser: a screen's worth, never 12 MP
ZOOM_SIDE = 120  # pixels of the 1:1 window, each shown as ZOOM_FACTOR² screen pixels
ZOOM_FACTOR = 3
# Display modes in which Y = 0 is the background (black for |Y|, mid-grey for signed Y): their
# preview keeps each block's value farthest from 0, so that one-pixel edges survive shrinking.
PEAK_MODES = ("absolute", "signed")


def _book_image(name: str) -> torch.Tensor:
    return {"band": edge_image(), "band_t": edge_image().t(), "diagonal": diagonal_image()}[name]


def _book_kernel(name: str) -> torch.Tensor:
    return edge_kernel() if name == "k" else edge_kernel().t()


def _book_section(font_size: int) -> None:
    """The book's experiment, and its variations, as heatmaps with the numbers in the cells."""
    st.header(t("edge_detection.book_heading"))
    st.markdown(t("edge_detection.book_intro"))
    left, right = st.columns(2)
    image = choice(
        t("edge_detection.book_image"), BOOK_IMAGES, "edge_detection.book_image_",
        key="edge_book_image", default="band", container=left,
    )  # fmt: skip
    kernel_name = choice(
        t("edge_detection.book_kernel"), BOOK_KERNELS, "edge_detection.book_kernel_",
        key="edge_book_kernel", default="k", container=right,
    )  # fmt: skip
    X, K = _book_image(image), _book_kernel(kernel_name)
    Y = corr2d(X, K)
    columns = st.columns([7, 4, 7], gap="medium")
    for column, (label, M, key) in zip(
        columns, (("X", X, "edge_book_x"), ("K", K, "edge_book_k"), ("Y", Y, "edge_book_y")),
        strict=True,
    ):  # fmt: skip
        with column:
            st.markdown(f"**{label}** · {M.shape[0]}×{M.shape[1]}")
            show_matrix(M, name=label, key=key, font_size=font_size, max_px=300)
    ones, minus = int((Y == 1).sum()), int((Y == -1).sum())
    if ones == minus == 0:
        st.info(t("edge_detection.book_none"), icon=":material/lightbulb:")
    else:
        st.info(
            t("edge_detection.book_found", ones=ones, minus=minus),
            icon=":material/lightbulb:",
        )
    st.caption(t(f"edge_detection.book_why_{image}_{kernel_name}"))
    with st.expander(t("edge_detection.book_code")):
        st.code(_book_code(image, kernel_name, Y), language="python")


def _book_code(image: str, kernel_name: str, Y: torch.Tensor) -> str:
    """The book's lines for this case, with the output the page computed printed after them."""
    lines = ["X = torch.ones((6, 8))", "X[:, 2:6] = 0"]
    if image == "band_t":
        lines.append("X = X.t()")
    elif image == "diagonal":
        lines = ["i, j = torch.arange(6)[:, None], torch.arange(8)[None, :]",
                 "X = (j <= i + 1).float()"]  # fmt: skip
    lines.append("K = torch.tensor([[1.0, -1.0]])")
    if kernel_name == "k_t":
        lines.append("K = K.t()")
    lines.append("Y = corr2d(X, K)")
    lines.append("Y")
    printed = "\n".join("# " + line for line in repr(Y).splitlines())
    return "\n".join(lines) + "\n" + printed


def _kernel_choice(classroom: bool) -> torch.Tensor | None:
    """A preset or a hand-made kernel; None when the hand-made one is not valid yet."""
    names = [*KERNELS, CUSTOM]
    choice = st.selectbox(
        t("edge_detection.kernel"),
        options=names,
        index=names.index("edge_1x2"),  # the book's kernel, now on a picture
        format_func=option_labels("edge_detection.kernel_"),
        key="edge_kernel",
        bind="query-params",
        on_change=_default_display,
    )
    if choice != CUSTOM:
        K = KERNELS[choice]
        show_matrix(K, name="K", key="edge_k_preset", font_size=figure_font_size(), max_px=180)
        st.caption(t(f"edge_detection.about_{choice}"))
        return K
    init_cells("edge_K", matrix_to_cells(KERNELS["sobel_x"]))
    cells = matrix_editor(
        "edge_K",
        max_rows=MAX_CUSTOM[0],
        max_cols=MAX_CUSTOM[1],
        resizable=not classroom,
        label="K",
    )
    try:
        return cells_to_matrix(cells, "K")
    except ValueError as err:
        st.error(error_text(err), icon=":material/error:")
        return None


def _default_display() -> None:
    """A kernel that keeps brightness (its weights sum to 1) is shown as it is, others signed."""
    choice = st.session_state.get("edge_kernel")
    if choice in KERNELS:
        keeps = abs(float(KERNELS[choice].sum()) - 1.0) < 1e-6
        st.session_state["edge_display"] = "clip" if keeps else "signed"


def _same_padding(K: torch.Tensor) -> tuple[int, int]:
    """Padding that keeps the picture's size (one row or column less for an even kernel)."""
    return ((K.shape[0] - 1) // 2, (K.shape[1] - 1) // 2)


def _output(picture: Picture, K: torch.Tensor) -> torch.Tensor:
    """Y = corr2d(X, K) over the whole picture, its size kept."""
    return corr2d(picture.as_tensor(), K, padding=_same_padding(K))


@st.fragment
def _zoom(picture: Picture, K: torch.Tensor, mode: str, limits: tuple[float, float]) -> None:
    """A 1:1 window of the input and of the result: a preview's shrinking hides thin edges.

    A fragment: moving the window reruns only this, and computes only the window's Y.
    """
    st.subheader(t("edge_detection.zoom_heading"))
    st.caption(t("edge_detection.zoom_intro", side=ZOOM_SIDE, factor=ZOOM_FACTOR))
    across, down = st.columns(2)
    x = across.slider(t("edge_detection.zoom_x"), 0, 100, 50, key="edge_zoom_x")
    y = down.slider(t("edge_detection.zoom_y"), 0, 100, 50, key="edge_zoom_y")
    centre = (y / 100, x / 100)
    window_out, top, left = output_window(picture.grey, K, _same_padding(K), centre, ZOOM_SIDE)
    # With "same" padding, output cell (i, j) is centred on input pixel (i, j).
    window_in = picture.grey[top : top + ZOOM_SIDE, left : left + ZOOM_SIDE]
    shown = to_uint8(to_display(window_out, mode, limits))
    a, b = st.columns(2)
    caption = t("edge_detection.zoom_where", top=top, left=left)
    a.image(enlarge(window_in, ZOOM_FACTOR), caption=t("edge_detection.input") + " · " + caption)
    b.image(enlarge(shown, ZOOM_FACTOR), caption=t("edge_detection.output") + " · " + caption)


@st.fragment
def _timings(picture: Picture, K: torch.Tensor) -> None:
    """On request: the book's loop (estimated from a patch), the fast path and F.conv2d."""
    st.subheader(t("edge_detection.time_heading"))
    st.caption(t("edge_detection.time_intro"))
    if not st.button(t("edge_detection.time_button"), key="edge_time", icon=":material/timer:"):
        return
    X = picture.as_tensor()
    padding = _same_padding(K)
    with st.spinner(t("edge_detection.timing")):
        loop = estimate_loop_seconds(X, K, padding=padding)
        auto = _best_of(lambda: corr2d(X, K, padding=padding), 3)
        torch_time = _best_of(lambda: corr2d(X, K, padding=padding, method="torch"), 1)
    rows = [
        (t("edge_detection.time_loop", cells=loop.patch_outputs), loop.seconds),
        (t("edge_detection.time_auto", how=method_words(auto_method(X.shape, K, padding))), auto),
        (t("edge_detection.time_torch"), torch_time),
    ]
    st.table(
        {
            t("edge_detection.time_method"): [name for name, _ in rows],
            t("edge_detection.time_seconds"): [_duration(s) for _, s in rows],
            t("edge_detection.time_ratio"): [f"{s / auto:,.0f}×" for _, s in rows],
        }
    )
    st.caption(t("edge_detection.time_note", outputs=f"{loop.total_outputs:,}"))


def _best_of(run, times: int) -> float:
    """The median of a few timed runs, in seconds."""
    seconds = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def _duration(seconds: float) -> str:
    if seconds < 1:
        return t("edge_detection.ms", value=f"{1e3 * seconds:,.1f}")
    if seconds < 120:
        return t("edge_detection.s", value=f"{seconds:,.1f}")
    if seconds < 2 * 3600:
        return t("edge_detection.min", value=f"{seconds / 60:,.0f}")
    return t("edge_detection.h", value=f"{seconds / 3600:,.1f}")


def _png(picture: Picture, K: torch.Tensor, mode: str) -> bytes:
    """The full-size output as PNG, computed again when the button is pressed (a session
    does not keep a photo-sized Y between runs)."""
    Y = _output(picture, K)
    buffer = io.BytesIO()
    Image.fromarray(to_uint8(to_display(Y, mode)), mode="L").save(
        buffer, format="PNG", compress_level=1
    )
    return buffer.getvalue()


@st.fragment
def _photo_section(classroom: bool) -> None:
    """A fragment: choosing a picture, a kernel or a display mode reruns only this part (a
    12-megapixel photo's run must fit in DESIGN's 150 ms; the book's heatmaps need not redo)."""
    st.header(t("edge_detection.photo_heading"))
    st.markdown(t("edge_detection.photo_intro"))
    source_col, kernel_col = st.columns([3, 2], gap="large")
    with source_col:
        picture = choose_picture()
    with kernel_col:
        K = _kernel_choice(classroom)
        # Set through the state, not `default`: choosing a kernel sets it too (_default_display).
        if "edge_display" not in st.session_state and "edge_display" not in st.query_params:
            st.session_state["edge_display"] = "signed"
        mode = choice(
            t("edge_detection.display"), DISPLAY_MODES, "edge_detection.display_",
            key="edge_display", bind="query-params",
        )  # fmt: skip
        st.caption(t(f"edge_detection.display_about_{mode}"))
    if picture is None or K is None:
        return
    try:
        start = time.perf_counter()
        Y = _output(picture, K)
        seconds = time.perf_counter() - start
    except ValueError as err:
        st.error(error_text(err), icon=":material/error:")
        return
    # Only a screen's worth goes on: Y is shrunk first, then shown with the whole Y's range.
    limits = tuple(float(v) for v in torch.aminmax(Y))
    # Edges on a flat background keep their strength when shrunk (see PEAK_MODES).
    shrink = preview_peaks if mode in PEAK_MODES else preview
    small = shrink(Y, PREVIEW_SIDE)
    output_shape = tuple(Y.shape)
    del Y
    height, width = picture.grey.shape
    before, after = st.columns(2)
    before.image(input_preview(picture, PREVIEW_SIDE),
                 caption=t("edge_detection.input_caption", name=picture.label,
                           width=width, height=height))  # fmt: skip
    after.image(
        to_uint8(to_display(small, mode, limits)),
        caption=t(
            "edge_detection.output_caption",
            width=output_shape[1],
            height=output_shape[0],
            ms=f"{1e3 * seconds:,.0f}",
            how=method_words(auto_method(picture.grey.shape, K, _same_padding(K))),
        ),
    )
    if max(height, width) > PREVIEW_SIDE:
        peaks = "_peaks" if mode in PEAK_MODES else ""
        st.caption(t(f"edge_detection.preview_note{peaks}", side=PREVIEW_SIDE))
    st.download_button(
        t("edge_detection.download"),
        data=lambda: _png(picture, K, mode),
        file_name="edges.png",
        mime="image/png",
        on_click="ignore",
        icon=":material/download:",
        key="edge_download",
    )
    _zoom(picture, K, mode, limits)
    if not classroom:
        _timings(picture, K)


def draw_edge_detection() -> None:
    classroom = classroom_mode()
    st.title(t("edge_detection.title"))
    st.markdown(t("edge_detection.intro"))
    _book_section(figure_font_size())
    st.divider()
    _photo_section(classroom)


draw_edge_detection()
