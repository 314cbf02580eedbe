"""The layer's settings, each axis its own (the book's four examples as presets), and the
output shape with the formula filled in, in this project's convention and the book's."""

from __future__ import annotations

from typing import NamedTuple

import streamlit as st

from conv_core import BOOK_SHAPES, output_shape, total_padding
from ui.checks import computed
from ui.i18n import t

# (name, key of the height, key of the width, smallest, largest, default (h, w))
FIELDS = (
    ("input", "ps_h", "ps_w", 1, 16, (8, 8)),
    ("kernel", "ps_kh", "ps_kw", 1, 9, (3, 3)),
    ("padding", "ps_ph", "ps_pw", 0, 8, (0, 0)),
    ("stride", "ps_sh", "ps_sw", 1, 8, (1, 1)),
)


class Settings(NamedTuple):
    """One layer's settings, each an (h, w) pair; padding per side."""

    input_shape: tuple[int, int]
    kernel_shape: tuple[int, int]
    padding: tuple[int, int]
    stride: tuple[int, int]
    output_shape: tuple[int, int]


def _load(name: str) -> None:
    example = BOOK_SHAPES[name]
    values = (example.input_shape, example.kernel_shape, example.padding, example.stride)
    for (_, h_key, w_key, *_), (h, w) in zip(FIELDS, values, strict=True):
        st.session_state[h_key], st.session_state[w_key] = h, w


def _presets() -> None:
    st.markdown(t("padding_stride.presets"))
    columns = [column for _ in range(2) for column in st.columns(2)]  # two rows of two
    for column, name in zip(columns, BOOK_SHAPES, strict=True):
        column.button(
            t(f"padding_stride.preset_{name}"),
            key=f"ps_preset_{name}",
            on_click=_load,
            args=(name,),
            width="stretch",
        )


def layer_settings() -> Settings | None:
    """The eight number inputs (with the presets above them), or None with the reason shown
    when the kernel does not fit the padded input."""
    for _, h_key, w_key, _, _, (h, w) in FIELDS:
        for key, value in ((h_key, h), (w_key, w)):
            if key not in st.session_state:
                st.session_state[key] = value
    _presets()
    values = []
    for column, (name, h_key, w_key, low, high, _) in zip(st.columns(4), FIELDS, strict=True):
        with column:
            st.markdown(f"**{t(f'padding_stride.{name}_heading')}**")
            pair = tuple(
                st.number_input(
                    t(f"padding_stride.{axis}_label"),
                    min_value=low,
                    max_value=high,
                    step=1,
                    key=key,
                )
                for axis, key in (("h", h_key), ("w", w_key))
            )
            values.append(pair)
    shape = computed(output_shape, values[0], values[1], padding=values[2], stride=values[3])
    if shape is None:
        return None
    return Settings(*values, output_shape=shape)


def shape_formulas(settings: Settings) -> None:
    """⌊(n + 2p − k)/s⌋ + 1 per axis with the numbers put in, then the book's form with its
    total padding, and the convention said once."""
    oh, ow = settings.output_shape
    st.subheader(t("padding_stride.shape_heading", oh=oh, ow=ow))
    book = total_padding(settings.padding)
    rows = list(
        zip(
            "hw",
            settings.input_shape,
            settings.kernel_shape,
            settings.padding,
            settings.stride,
            settings.output_shape,
            book,
            strict=True,
        )
    )
    for axis, n, k, p, s, out, _ in rows:
        st.latex(
            rf"{axis}_Y = \left\lfloor \frac{{n_{axis} + 2p_{axis} - k_{axis}}}{{s_{axis}}}"
            rf"\right\rfloor + 1 = \left\lfloor \frac{{{n} + 2 \cdot {p} - {k}}}{{{s}}}"
            rf"\right\rfloor + 1 = {out}"
        )
    st.caption(t("padding_stride.convention", ph=book[0], pw=book[1]))
    for axis, n, k, _, s, out, total in rows:
        st.latex(
            rf"\text{{D2L}}: \left\lfloor \frac{{n_{axis} - k_{axis} + p^{{\text{{book}}}}_{axis}"
            rf" + s_{axis}}}{{s_{axis}}} \right\rfloor = \left\lfloor \frac{{{n} - {k} + {total}"
            rf" + {s}}}{{{s}}} \right\rfloor = {out}"
        )
