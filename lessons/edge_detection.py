"""Edge detection (D2L §7.2.3): the book's [1, −1] on its 6×8 image, then on any picture."""

import streamlit as st

from lessons.edge_detection_sections.book import book_experiment
from lessons.edge_detection_sections.exercises import exercises
from lessons.edge_detection_sections.photo import your_own_picture
from lessons.edge_detection_sections.which_kernel import which_kernel
from ui.i18n import t


def draw_edge_detection() -> None:
    """The book's experiment with every number shown, the same on a whole picture, then the
    chapter's exercises on edges and kernels."""
    st.title(t("edge_detection.title"))
    st.markdown(t("edge_detection.intro"))
    book_experiment()  # the 6×8 band, turned, a diagonal; [1, −1] and K.t()
    st.divider()
    which_kernel()  # which kernel made this Y? (a question for the class, too)
    st.divider()
    your_own_picture()  # a picture, a kernel, its output, 1:1 and timed
    st.divider()
    exercises()  # D2L §7.2's exercises 1 and 2: a diagonal, designed kernels


draw_edge_detection()
