"""The book's worked examples of D2L §7.4.1 and §7.4.2 (zh 6.4.1, 6.4.2), with the book's
numbers: two input channels summed into [[56, 72], [104, 120]]; the kernel stacked as K, K + 1,
K + 2 for three output channels; and what a layer costs, O(c_i·c_o·k_h·k_w·h·w)."""

import streamlit as st

from conv_core import (
    channel_sum,
    corr2d_multi_in,
    corr2d_multi_in_out,
    three_output_kernels,
    two_channel_example,
)
from ui.big_numbers import in_words, with_commas
from ui.dimension_views import show_slices
from ui.heatmap import show_matrix
from ui.i18n import current_language, t

PX = 150  # a 3×3 or 2×2 slice: cells large enough for two-digit numbers
# A layer of a real network: a 256×256 output, 5×5 kernels, 128 channels in and out.
LARGE_SIDE, LARGE_KERNEL, LARGE_CHANNELS = 256, 5, 128


def _cost(ci: int, co: int, kh: int, kw: int, h: int, w: int) -> int:
    """Multiply-adds of one layer: each of the c_o·h·w output elements sums c_i·k_h·k_w
    products (h × w: the output's size)."""
    return ci * co * kh * kw * h * w


def _two_channels() -> None:
    """§7.4.1: X (2, 3, 3) and K (2, 2, 2); each channel correlated with its slice, summed."""
    st.subheader(t("channels.book_in_heading"))
    st.markdown(t("channels.book_in_intro"))
    X, K = two_channel_example()
    Y = corr2d_multi_in(X, K)
    x_col, k_col, y_col = st.columns([3, 3, 2], gap="medium")
    with x_col:
        show_slices(X, "X", "ch_book_x", boxes={0: (0, 0, 2, 2), 1: (0, 0, 2, 2)}, max_px=PX)
    with k_col:
        show_slices(K, "K", "ch_book_k", max_px=PX)
    with y_col:
        st.markdown("**Y**")
        show_matrix(Y, name="Y", key="ch_book_y", window=(0, 0, 1, 1), max_px=PX)
    cell = channel_sum(X, K, 0, 0)
    lines = ["# " + t("channels.book_cell")]
    lines += [f"X[{c}] ⋆ K[{c}]: {text}" for c, text in enumerate(cell.expressions(K))]
    st.code("\n".join([*lines, f"Y[0, 0] = {cell.total()}"]), language=None, wrap_lines=True)


def _three_outputs() -> None:
    """§7.4.2: K, K + 1, K + 2 stacked, three output channels, printed as the book prints."""
    st.subheader(t("channels.book_out_heading"))
    st.markdown(t("channels.book_out_intro"))
    X, _ = two_channel_example()
    K = three_output_kernels()
    Y = corr2d_multi_in_out(X, K)
    st.code(
        "K = torch.stack((K, K + 1, K + 2), 0)\n"
        f"K.shape  # torch.Size({list(K.shape)})\n"
        "corr2d_multi_in_out(X, K)\n" + "\n".join("# " + line for line in repr(Y).splitlines()),
        language="python",
    )
    show_slices(Y, "Y", "ch_book_y3", max_px=PX)
    c_out, c_in, kh, kw = K.shape
    h, w = Y.shape[1:]
    lang = current_language()
    st.markdown(
        t("channels.book_cost", ci=c_in, co=c_out, kh=kh, kw=kw, h=h, w=w,
          total=with_commas(_cost(c_in, c_out, kh, kw, h, w)))
    )  # fmt: skip
    large = _cost(LARGE_CHANNELS, LARGE_CHANNELS, LARGE_KERNEL, LARGE_KERNEL, LARGE_SIDE,
                  LARGE_SIDE)  # fmt: skip
    st.markdown(
        t("channels.book_cost_large", side=LARGE_SIDE, k=LARGE_KERNEL, c=LARGE_CHANNELS,
          total=with_commas(large), words=in_words(large, lang))
    )  # fmt: skip


def book_examples() -> None:
    """Both worked examples, under one heading."""
    st.header(t("channels.book_heading"))
    _two_channels()
    _three_outputs()
