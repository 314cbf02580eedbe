import streamlit as st

from ui.class_mode.question import ask

st.title("Lab")
padding = st.number_input("Padding", 0, 5, 0, key="padding", bind="query-params")
ask("lab_cell", "number", 19 + padding, label="Your value for Y[0, 0]")
ask(
    "which",
    "choice",
    "sobel_x",
    label="Which kernel?",
    options=["sobel_x", "sobel_y"],
    option_label=lambda name: {"sobel_x": "Sobel x", "sobel_y": "Sobel y"}[name],
)
