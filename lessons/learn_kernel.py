"""Learn a kernel (D2L §7.2.4): gradient descent finds the kernel that turned X into Y."""

import streamlit as st

from lessons.learn_kernel_sections.book import book_experiment
from lessons.learn_kernel_sections.compare import compare_runs
from lessons.learn_kernel_sections.live import watch_it_learn
from lessons.learn_kernel_sections.note_layer import note_layer
from ui.i18n import t
from ui.sections import on_demand


def draw_learn_kernel() -> None:
    """The book's experiment, exercise 3 (autograd through the book's Conv2D, then the note's
    slips), the same experiment live, then runs compared on one surface (going further)."""
    st.title(t("learn_kernel.title"))
    st.markdown(t("learn_kernel.intro"))
    book_experiment()
    st.divider()
    note_layer()  # exercise 3: the book's Conv2D trains, its gradient shown; the note's slips
    st.divider()
    watch_it_learn()
    st.divider()
    on_demand("lk_race", t("learn_kernel.compare_heading"), compare_runs)  # an extension


draw_learn_kernel()
