"""Look closer: a 1:1 window of the input and of the output, since shrinking hides thin edges."""

import streamlit as st

from ui.edge_output import zoom_view
from ui.edge_photo import Picture
from ui.i18n import t

ZOOM_SIDE = 120  # pixels of the 1:1 window, each shown as ZOOM_FACTOR² screen pixels
ZOOM_FACTOR = 3


@st.fragment
def look_closer(picture: Picture, K, mode: str, limits: tuple[float, float]) -> None:
    """A fragment: moving the window reruns only this, and computes only the window's Y.
    Drawn under its "Going further" expander, which carries the heading."""
    st.caption(t("edge_detection.zoom_intro", side=ZOOM_SIDE, factor=ZOOM_FACTOR))
    zoom_view(picture, K, mode, limits, side=ZOOM_SIDE, factor=ZOOM_FACTOR)
