"""The book's experiment, and its variations, as heatmaps with the numbers in the cells."""

import streamlit as st

from conv_core import EDGE_IMAGES, EDGE_KERNELS, edge_experiment
from ui.controls import choice
from ui.edge_code import edge_code
from ui.heatmap import show_sized
from ui.i18n import t


def book_experiment() -> None:
    st.header(t("edge_detection.book_heading"))
    st.markdown(t("edge_detection.book_intro"))
    left, right = st.columns(2)
    image = choice(
        t("edge_detection.book_image"), EDGE_IMAGES, "edge_detection.book_image_",
        key="edge_book_image", default="band", container=left,
    )  # fmt: skip
    kernel = choice(
        t("edge_detection.book_kernel"), EDGE_KERNELS, "edge_detection.book_kernel_",
        key="edge_book_kernel", default="k", container=right,
    )  # fmt: skip
    case = edge_experiment(image, kernel)
    columns = st.columns([7, 4, 7], gap="medium")
    for column, (label, M, key) in zip(
        columns,
        (("X", case.X, "edge_book_x"), ("K", case.K, "edge_book_k"), ("Y", case.Y, "edge_book_y")),
        strict=True,
    ):  # fmt: skip
        with column:
            show_sized(M, name=label, key=key, max_px=300, picture=label == "X")
    if case.ones == case.minus_ones == 0:
        st.info(t("edge_detection.book_none"), icon=":material/lightbulb:")
    else:
        st.info(t("edge_detection.book_found", ones=case.ones, minus=case.minus_ones),
                icon=":material/lightbulb:")  # fmt: skip
    st.caption(t(f"edge_detection.book_why_{image}_{kernel}"))
    with st.expander(t("edge_detection.book_code")):
        st.code(edge_code(image, kernel, case.Y), language="python")
