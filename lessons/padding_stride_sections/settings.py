"""The layer's settings, each axis its own (the book's four examples as presets), and the
output shape with the formula filled in, in this project's convention and the book's."""

from __future__ import annotations

from typing import NamedTuple

import streamlit as st

from conv_core import BOOK_SHAPES, output_shape, total_padding
from ui import url_params
from ui.checks import computed
from ui.i18n import t

# (name, key of the height, key of the width): ranges and defaults in ui.url_params.PARAMS
# (a stride of 0 is let in, from a link or typed, so that the page can say why it cannot be).
FIELDS = (
    ("input", "ps_h", "ps_w"),
    ("kernel", "ps_kh", "ps_kw"),
    ("padding", "ps_ph", "ps_pw"),
    ("stride", "ps_sh", "ps_sw"),
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
    for (_, h_key, w_key), (h, w) in zip(FIELDS, values, strict=True):
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
    """The eight number inputs (with the presets above them), kept in the URL, or None with
    the reason shown when the kernel does not fit the padded input or a stride is 0."""
    _presets()
    values = []
    for column, (name, h_key, w_key) in zip(st.columns(4), FIELDS, strict=True):
        with column:
            st.markdown(f"**{t(f'padding_stride.{name}_heading')}**")
            values.append(
                tuple(
                    url_params.number_input(t(f"padding_stride.{axis}_label"), key)
                    for axis, key in (("h", h_key), ("w", w_key))
                )
            )
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
