"""Channels (D2L §7.4): a colour picture's three channels, a kernel with a slice for each,
several output channels, 1×1 convolutions and what all of it costs in parameters."""

import streamlit as st

from lessons.channels_sections.book_examples import book_examples
from lessons.channels_sections.kernel import one_kernel_three_slices
from lessons.channels_sections.one_by_one import one_by_one
from lessons.channels_sections.outputs import several_outputs
from lessons.channels_sections.picture import the_picture
from ui.i18n import t


def draw_channels() -> None:
    """The picture split into R, G, B; a 3-channel kernel summed; C_out maps; 1×1 mixing."""
    st.title(t("channels.title"))
    st.markdown(t("channels.intro"))
    book_examples()  # D2L 7.4.1 and 7.4.2 with the book's numbers, and the layer's cost
    st.divider()
    picture = the_picture()  # a sample, an upload or a snapshot, as a small RGB preview
    if picture is None:
        return
    st.divider()
    one_kernel_three_slices(picture)  # Σ over channels, cell by cell
    st.divider()
    several_outputs(picture)  # C_out kernels -> C_out maps, the parameter count
    st.divider()
    one_by_one(picture)  # 1×1: mixing channels, a matrix product


draw_channels()
