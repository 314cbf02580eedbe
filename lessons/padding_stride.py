"""Padding and stride (D2L §7.3): why pad, where the window steps, what shape comes out."""

import streamlit as st

from lessons.padding_stride_sections.puzzles import shape_puzzles
from lessons.padding_stride_sections.settings import layer_settings, shape_formulas
from lessons.padding_stride_sections.why_pad import why_pad
from lessons.padding_stride_sections.window_path import window_path_on_padded_input
from ui.i18n import t


def draw_padding_stride() -> None:
    """The settings (with the book's four examples), the output shape, why pad, the window's
    path, and shape puzzles."""
    st.title(t("padding_stride.title"))
    st.markdown(t("padding_stride.intro"))
    settings = layer_settings()
    if settings is not None:
        shape_formulas(settings)
        st.divider()
        why_pad(settings)
        st.divider()
        window_path_on_padded_input(settings)
    st.divider()
    shape_puzzles()


draw_padding_stride()
