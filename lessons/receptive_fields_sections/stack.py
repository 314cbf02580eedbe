"""The stack (D2L §7.2.6): one to four layers, each a kernel size, stride, dilation, padding."""

from __future__ import annotations

import streamlit as st

from conv_core import Layer, as_layers, feature_map_shapes
from ui import url_params
from ui.checks import computed
from ui.i18n import t

# Each layer's settings: URL key letter (rf_k1, rf_s1, …) and the name Layer.of takes.
SETTINGS = {"k": "kernel", "s": "stride", "d": "dilation", "p": "padding"}
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")  # k₂: layer 2's, as in the formula


def the_stack() -> tuple[tuple[Layer, ...], tuple[tuple[int, int], ...]] | None:
    """The layers and every map's size (input first), or None with the reason shown."""
    st.header(t("receptive_fields.stack_heading"))
    st.markdown(t("receptive_fields.stack_intro"))
    left, right = st.columns(2)
    depth = url_params.slider(t("receptive_fields.layers"), "rf_layers", container=left)
    size = url_params.number_input(t("receptive_fields.input_size"), "rf_size", container=right)
    specs = []
    for n in range(1, depth + 1):
        label, *columns = st.columns([1, 2, 2, 2, 2], vertical_alignment="bottom")
        label.markdown(f"**{t('receptive_fields.layer', n=n)}**")
        specs.append(
            {
                name: url_params.number_input(
                    t(f"receptive_fields.{name}", n=str(n).translate(SUBSCRIPTS)),
                    f"rf_{letter}{n}", container=column,
                    help=t(f"receptive_fields.{name}_help"),
                )
                for (letter, name), column in zip(SETTINGS.items(), columns, strict=True)
            }
        )  # fmt: skip
    layers = computed(as_layers, specs)
    shapes = None if layers is None else computed(feature_map_shapes, (size, size), layers)
    if shapes is None:
        return None
    st.caption(t("receptive_fields.shapes", shapes=" → ".join(f"{h}×{w}" for h, w in shapes)))
    return layers, shapes
