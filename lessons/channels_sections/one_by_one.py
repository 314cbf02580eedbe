"""1×1 convolution (D2L §7.4.3): each pixel's channels mixed by one matrix, the same at every
pixel; as a matrix product (C_out, C_in)·(C_in, h·w), it equals the convolution."""

import numpy as np
import streamlit as st
import torch

from conv_core import (
    MIXINGS,
    channel_sum,
    mixing,
)
from ui.channel_views import (
    CHANNELS,
    CROP,
    crop_corner,
    maps_table,
    mixed_maps,
    show_maps,
)
from ui.checks import computed, say_agreement
from ui.controls import CUSTOM, preset_or_custom
from ui.edge_photo import Picture
from ui.heatmap import show_matrix
from ui.i18n import t
from ui.matrix_editor import init_cells, matrix_editor, read_matrix, set_cells
from ui.matrix_text import matrix_to_cells
from ui.shell import classroom_mode
from ui.url_params import start


def _seed_editor() -> None:
    name = st.session_state.get("ch_mixing")
    if name in MIXINGS and mixing(name).shape == (3, 3):
        set_cells("ch_M", matrix_to_cells(mixing(name)))


def _mixing() -> torch.Tensor | None:
    """A preset mixing matrix (C_out, 3) or the student's own 3×3 one."""
    name = preset_or_custom(t("channels.mixing"), MIXINGS, "channels.mixing_", key="ch_mixing",
                            on_change=_seed_editor)  # fmt: skip
    init_cells("ch_M", matrix_to_cells(mixing("swap")))
    st.caption(t(f"channels.about_mixing_{name}"))
    if name != CUSTOM:
        M = mixing(name)
        show_matrix(M, name="K", key="ch_m_preset", max_px=240)
        return M
    cells = matrix_editor("ch_M", max_rows=3, max_cols=3, resizable=False, label="K")
    return read_matrix(cells, "K")


def _pixel_sums(picture: Picture, M: torch.Tensor) -> None:
    """One pixel's channels mixed, written out: Y[o] = Σ_c K[o, c]·X[c] at that pixel."""
    where = (st.session_state[start(key)] for key in ("ch_row", "ch_col"))
    top, left = crop_corner(picture.pixels, *where, CROP)
    height, width = picture.pixels.shape[:2]  # a picture smaller than the crop: its last pixel
    row, col = min(top + CROP // 2, height - 1), min(left + CROP // 2, width - 1)  # crop's centre
    x = torch.from_numpy(picture.pixels[row, col].astype(np.float32))[:, None, None]
    lines = []
    for o, k in enumerate(M[:, :, None, None]):
        cell = channel_sum(x, k, 0, 0)
        for c, text in enumerate(cell.expressions(k, digits=3)):
            lines.append(f"X[{c}] ({CHANNELS[c]}) × K[{o}, {c}]: {text}")
        lines += [f"Y[{o}] = {cell.total(digits=3)}", ""]
    st.markdown(t("channels.pixel_heading", row=row, col=col,
                  rgb=", ".join(str(int(v)) for v in picture.pixels[row, col])))  # fmt: skip
    st.code("\n".join(lines).strip(), language=None, wrap_lines=True)


def one_by_one(picture: Picture) -> None:
    """A mixing matrix, its output, one pixel's sums, and the matrix product it equals."""
    st.header(t("channels.one_heading"))
    st.markdown(t("channels.one_intro"))
    left, right = st.columns([2, 3], gap="large")
    with left:
        M = _mixing()
    if M is None:
        return
    found = computed(mixed_maps, picture, M)
    if found is None:
        return
    maps, conv_vs_product = found
    c_out, c_in = M.shape
    h, w = picture.pixels.shape[:2]
    with right:
        names = [t("channels.mixed")] if c_out == 3 else [f"Y[{o}]" for o in range(c_out)]
        show_maps([picture.pixels, *maps.images], [t("channels.colour"), *names])
    _pixel_sums(picture, M)
    st.subheader(t("channels.product_heading"))
    st.latex(
        rf"\underbrace{{K}}_{{{c_out} \times {c_in}}} \cdot "
        rf"\underbrace{{X.\mathrm{{reshape}}({c_in}, {h} \cdot {w})}}_{{{c_in} \times {h * w}}}"
        rf" = \underbrace{{Y}}_{{{c_out} \times {h * w}}} \to "
        rf"Y.\mathrm{{reshape}}({c_out}, {h}, {w})"
    )
    st.markdown(t("channels.product_intro", weights=c_out * c_in, biases=c_out * c_in + c_out))
    say_agreement(conv_vs_product, agree=t("channels.one_agree"),
                  disagree=t("channels.one_disagree"))  # fmt: skip
    if not classroom_mode():
        maps_table(maps.stats, [f"Y[{o}]" for o in range(c_out)], t("channels.maps_numbers"))
