"""The output-shape formula ⌊(n + 2p − k)/s⌋ + 1 written out for the shapes on screen."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from conv_core import output_shape
from ui.i18n import t


def shape_formula(
    input_shape: Sequence[int],
    kernel_shape: Sequence[int],
    *,
    padding: int,
    stride: int,
    axes: str = "hw",
) -> None:
    """One line per axis: the formula, the numbers put in, and the size it gives."""
    sizes = output_shape(tuple(input_shape), tuple(kernel_shape), padding=padding, stride=stride)
    for axis, n, k, out in zip(axes, input_shape, kernel_shape, sizes, strict=True):
        sub = f"_{axis}" if len(axes) > 1 else ""
        st.latex(
            rf"{axis if sub else 'n'}_Y = \left\lfloor \frac{{n{sub} + 2p - k{sub}}}{{s}}"
            rf" \right\rfloor + 1 = \left\lfloor \frac{{{n} + 2 \cdot {padding} - {k}}}"
            rf"{{{stride}}} \right\rfloor + 1 = {out}"
        )
    st.caption(t(f"controls.formula_legend_{len(axes)}d"))
