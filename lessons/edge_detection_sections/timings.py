"""How long does it take: the book's loop (estimated from a patch), the fast path, F.conv2d."""

import streamlit as st

from conv_core import auto_method, same_padding
from ui.checks import computed
from ui.edge_photo import Picture
from ui.edge_timings import photo_timings, timing_table
from ui.i18n import t
from ui.methods import method_words


@st.fragment
def how_long(picture: Picture, K) -> None:
    """A fragment, run on request: timing a photo takes seconds. Drawn under its "Going
    further" expander, which carries the heading."""
    st.caption(t("edge_detection.time_intro"))
    if not st.button(t("edge_detection.time_button"), key="edge_time", icon=":material/timer:"):
        return
    with st.spinner(t("edge_detection.timing")):
        timings = computed(photo_timings, picture, K)
    if timings is not None:
        how = auto_method(picture.grey.shape, K, same_padding(K))
        timing_table(timings, method_words(how))
