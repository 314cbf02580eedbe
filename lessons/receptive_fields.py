"""Feature maps and receptive fields (D2L §7.2.6): what one cell of a deep layer depends on."""

import streamlit as st

from lessons.receptive_fields_sections.book_example import book_example
from lessons.receptive_fields_sections.depth import deeper_sees_more
from lessons.receptive_fields_sections.dilation import a_dilated_kernel
from lessons.receptive_fields_sections.effective import effective_section
from lessons.receptive_fields_sections.regions import region_in_every_map
from lessons.receptive_fields_sections.stack import the_stack
from ui.class_mode.question import ask, layers_field
from ui.i18n import t
from ui.sections import on_demand


def draw_receptive_fields() -> None:
    """The stack, one cell's region in every map, a dilated kernel, deeper against wider."""
    st.title(t("receptive_fields.title"))
    st.markdown(t("receptive_fields.intro"))
    book_example()  # D2L 7.2.6: 19 sees 4 input elements, z sees all 4 of Y and all 9 of X
    st.divider()
    stack = the_stack()
    if stack is not None:
        layers, shapes = stack
        ask("rf_field", "shape", layers_field(layers), label=t("class_mode.q_field"))  # a class
        st.divider()
        region_in_every_map(layers, shapes)
        effective_section(layers, shapes)  # the effective field, drawn on demand
        st.divider()
        deeper_sees_more(layers)
    st.divider()
    on_demand("rf_more", t("receptive_fields.dilation_heading"), a_dilated_kernel)  # extension


draw_receptive_fields()
