"""Translation equivariance (D2L §7.1.2): shift the input, and the output shifts the same way,
except where the border interferes."""

import streamlit as st

from conv_core import (
    PICTURE_KERNELS,
    PICTURE_PADDING,
    equivariance_check,
    l_picture,
)
from ui.fc_to_conv_views import kernel_and_sliders, matrix_rows
from ui.i18n import t


@st.fragment
def shift_the_input() -> None:
    """The L and its output in both orders, shift then correlate and correlate then shift."""
    st.markdown(t("fc_to_conv.equi_intro"))
    K, (dy, dx) = kernel_and_sliders(
        "fc_equi_kernel", PICTURE_KERNELS,
        (t("fc_to_conv.dy"), "fc_dy"),
        (t("fc_to_conv.dx"), "fc_dx"),
    )  # fmt: skip
    X = l_picture()
    check = equivariance_check(X, K, dy, dx, padding=PICTURE_PADDING)
    matrix_rows(
        [
            (t("fc_to_conv.equi_row1"), [("X", X), ("Y = corr2d(X, K)", check.Y),
                                         (t("fc_to_conv.shift_of_y"), check.shifted_Y)]),
            (t("fc_to_conv.equi_row2"), [(t("fc_to_conv.shifted_x"), check.shifted_X),
                                         (t("fc_to_conv.y_of_shifted"), check.Y_of_shifted),
                                         (t("fc_to_conv.difference"), check.difference)]),
        ],
        key="fc_equi",
        pictures=("X", t("fc_to_conv.shifted_x")),
    )  # fmt: skip
    if check.agree == check.total:
        st.markdown(t("fc_to_conv.equi_all", total=check.total, guaranteed=check.guaranteed))
    else:
        st.markdown(t("fc_to_conv.equi_count", agree=check.agree, total=check.total,
                      differ=check.total - check.agree))  # fmt: skip
    st.info(t("fc_to_conv.equi_point"), icon=":material/lightbulb:")
