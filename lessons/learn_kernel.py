"""Learn a kernel (D2L §7.2.4): gradient descent finds the kernel that turned X into Y."""

import streamlit as st

from lessons.learn_kernel_sections.book import book_experiment
from lessons.learn_kernel_sections.compare import compare_runs
from lessons.learn_kernel_sections.live import watch_it_learn
from lessons.learn_kernel_sections.note_layer import note_layer
from ui.i18n import t
from ui.shell import classroom_mode, figure_font_size


def draw_learn_kernel() -> None:
    """The book's experiment, the note's Conv2D (exercise 3), the same experiment live, then
    runs compared on one surface."""
    classroom, font_size = classroom_mode(), figure_font_size()
    st.title(t("learn_kernel.title"))
    st.markdown(t("learn_kernel.intro"))
    book_experiment(classroom, font_size)
    st.divider()
    note_layer()  # exercise 3: the note's Conv2D, as written, fails; the corrected one trains
    st.divider()
    watch_it_learn(classroom, font_size)
    st.divider()
    compare_runs(classroom)


draw_learn_kernel()
