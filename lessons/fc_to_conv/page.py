"""From fully connected to convolution (D2L §7.1): why a picture needs a convolutional layer."""

import streamlit as st

from lessons.fc_to_conv import calculator, dense_matrix, derivation, equivariance, locality, waldo
from ui.i18n import t
from ui.shell import classroom_mode


def draw_fc_to_conv() -> None:
    """The whole page, in the order of the lesson."""
    classroom = classroom_mode()
    st.title(t("fc_to_conv.title"))
    st.markdown(t("fc_to_conv.intro"))
    size = calculator.draw(classroom)  # how many weights: the image size, if it has pixels
    st.divider()
    derivation.draw(size)  # four steps from a dense layer to a kernel
    st.divider()
    dense_matrix.draw()  # a convolution is a weight-shared dense layer
    st.divider()
    equivariance.draw()  # shift the input, the output shifts
    st.divider()
    locality.draw()  # each output sees a small window
    st.divider()
    waldo.draw()  # a pattern used as a kernel finds itself
    st.divider()
    st.header(t("fc_to_conv.wrap_heading"))
    st.markdown(t("fc_to_conv.wrap_up"))


draw_fc_to_conv()
