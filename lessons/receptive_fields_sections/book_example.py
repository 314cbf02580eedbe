"""D2L §7.2.6's worked example (zh 6.2.6): the 3×3 input of §7.2.1 under two 2×2 layers.
Y[0, 0] = 19 sees four input elements; the second layer's single output z sees all four
elements of Y and, through them, all nine of X."""

import streamlit as st
import torch

from conv_core import corr2d, format_number, receptive_window, two_layer_example
from ui.controls import choice
from ui.heatmap import show_matrix
from ui.i18n import t

FOLLOW = ("y", "z")  # Y[0, 0] = 19 (one layer), or z (both)
PX = 160  # a 3×3 map: cells large enough for its numbers


def book_example() -> None:
    """X, Y and z side by side, the followed element's receptive field marked in each map."""
    st.header(t("receptive_fields.book_heading"))
    st.markdown(t("receptive_fields.book_intro"))
    X, K, layers = two_layer_example()
    Y = corr2d(X, K)
    z = corr2d(Y, K)  # the book leaves the second kernel open: K again
    follow = choice(t("receptive_fields.book_follow"), FOLLOW, "receptive_fields.book_follow_",
                    key="rf_book_follow", default="z")  # fmt: skip
    depth = 1 if follow == "y" else 2
    window = receptive_window(layers[:depth], 0, 0, input_shape=tuple(X.shape))
    maps = (("X", X), ("Y", Y), ("z", z))
    for n, (column, (name, values)) in enumerate(zip(st.columns([3, 2, 1]), maps, strict=True)):
        region = window.regions[n] if n <= depth else None
        with column:
            st.markdown(f"**{name}** · {values.shape[0]}×{values.shape[1]}")
            cells = region.cells() if region is not None else []
            # White cells with the numbers, the receptive field in orange: what is marked is
            # the lesson here, not how large the numbers are.
            text = [[format_number(v) for v in row] for row in values.tolist()]
            show_matrix(torch.zeros_like(values), name=name, key=f"rf_book_{name}", text=text,
                        marks=cells, max_px=PX, small=True, legend=False)  # fmt: skip
    regions = window.regions
    if follow == "y":
        text = t("receptive_fields.book_seen_y", value=format_number(float(Y[0, 0])),
                 x_cells=len(regions[0].cells()))  # fmt: skip
    else:
        text = t("receptive_fields.book_seen_z", value=format_number(float(z[0, 0])),
                 y_cells=len(regions[1].cells()), x_cells=len(regions[0].cells()))  # fmt: skip
    st.caption(t("receptive_fields.book_marked"))
    st.success(text, icon=":material/visibility:")
    st.caption(t("receptive_fields.book_second_kernel"))
