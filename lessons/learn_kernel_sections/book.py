"""The book's experiment exactly: a (1, 2) kernel learned in 10 steps from the 6×8 band."""

import streamlit as st

from conv_core import BOOK_TARGET, format_number, learn_kernel, training_pair
from ui.heatmap import show_matrix
from ui.i18n import t
from ui.learn_code import BOOK_LR, BOOK_STEPS, book_code, book_output, vector_text
from ui.learn_settings import seed_input
from ui.shell import classroom_mode


@st.cache_data(max_entries=32, show_spinner=False)
def book_records(seed: int) -> list:
    """The book's 10 steps for a seed: computed once per server, not once per student (the
    first SGD of a process also imports torch's optimizer machinery, which every student
    opening the page at once would wait on)."""
    pair = training_pair(BOOK_TARGET)
    return list(learn_kernel(pair.X, pair.Y, (1, 2), lr=BOOK_LR, steps=BOOK_STEPS, seed=seed))


def book_experiment() -> None:
    st.header(t("learn_kernel.book_heading"))
    st.markdown(t("learn_kernel.book_intro"))
    pair = training_pair(BOOK_TARGET)
    x_col, y_col = st.columns([8, 7])
    with x_col:
        st.markdown(f"**{t('learn_kernel.book_x')}**")
        show_matrix(pair.X, name="X", key="lk_book_x", max_px=400, picture=True)
    with y_col:
        st.markdown(f"**{t('learn_kernel.book_y')}**")
        show_matrix(pair.Y, name="Y", key="lk_book_y", max_px=350)
    seed = 0
    if not classroom_mode():
        seed = seed_input(st.columns([1, 2])[0], t("learn_kernel.book_seed"),
                          t("learn_kernel.book_seed_help"), key="lk_book_seed")  # fmt: skip
    records = book_records(seed)
    code_col, output_col = st.columns([3, 2])
    with code_col:
        st.markdown(f"**{t('learn_kernel.code_label')}**")
        st.code(book_code(seed), language="python", wrap_lines=True)
    with output_col:
        st.markdown(f"**{t('learn_kernel.output_label')}**")
        st.code(book_output(records), language=None)
        w1, w2 = records[-1].weight.flatten().tolist()
        st.success(
            t("learn_kernel.book_result", start=vector_text(records[0].weight_before),
              w1=format_number(w1), w2=format_number(w2)),
            icon=":material/check_circle:",
        )  # fmt: skip
        st.markdown(t("learn_kernel.book_why"))
