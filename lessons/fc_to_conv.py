"""From fully connected to convolution (D2L §7.1): why a picture needs a convolutional layer."""

import streamlit as st

from lessons.fc_to_conv_sections.calculator import how_many_weights
from lessons.fc_to_conv_sections.dense_matrix import dense_matrix
from lessons.fc_to_conv_sections.derivation import four_steps
from lessons.fc_to_conv_sections.equivariance import shift_the_input
from lessons.fc_to_conv_sections.inductive_bias import inductive_bias_section
from lessons.fc_to_conv_sections.locality import receptive_field
from lessons.fc_to_conv_sections.principles import principles_section
from lessons.fc_to_conv_sections.waldo import wheres_waldo
from ui.i18n import t
from ui.sections import on_demand


def draw_fc_to_conv() -> None:
    """The whole page, in the order of the lesson: Waldo and the arithmetic first (D2L §7.1.1,
    the chapter's motivation), then the derivation and what it buys."""
    st.title(t("fc_to_conv.title"))
    st.markdown(t("fc_to_conv.intro"))
    wheres_waldo()  # the first thing to do: a pattern used as a kernel finds Waldo
    st.divider()
    size = how_many_weights()  # the image size, or None if it has no pixel
    st.divider()
    four_steps(size)
    st.divider()
    # The later sections are drawn when opened: the page's first render stays light.
    st.caption(t("fc_to_conv.sections_hint"))
    on_demand("fc_dense", t("fc_to_conv.dense_heading"), dense_matrix)
    on_demand("fc_shift", t("fc_to_conv.equi_heading"), shift_the_input)
    on_demand("fc_local", t("fc_to_conv.local_heading"), receptive_field)
    principles_section()  # remove a principle: locally connected against convolution
    inductive_bias_section()  # the inductive bias, measured
    st.divider()
    st.header(t("fc_to_conv.wrap_heading"))
    st.markdown(t("fc_to_conv.wrap_up"))


draw_fc_to_conv()
