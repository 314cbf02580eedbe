"""Learn a kernel (D2L §7.2.4): gradient descent finds the kernel that turned X into Y."""

import streamlit as st

from lessons.learn_kernel_sections.book import book_experiment
from lessons.learn_kernel_sections.compare import compare_runs
from lessons.learn_kernel_sections.live import watch_it_learn
from lessons.learn_kernel_sections.note_layer import note_layer
from ui.i18n import t


def draw_learn_kernel() -> None:
    """The book's experiment, the note's Conv2D (exercise 3), the same experiment live, then
    runs compared on one surface."""
    st.title(t("learn_kernel.title"))
    st.markdown(t("learn_kernel.intro"))
    book_experiment()
    st.divider()
    note_layer()  # exercise 3: the note's Conv2D, as written, fails; the corrected one trains
    st.divider()
    watch_it_learn()
    st.divider()
    compare_runs()


draw_learn_kernel()
