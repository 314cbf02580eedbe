"""A colour picture and its three channels, R, G and B (D2L §7.4: X has shape (3, h, w))."""

import streamlit as st

from ui.channel_views import CHANNEL_PICTURE, CHANNELS, show_maps
from ui.edge_photo import Picture, choose_picture
from ui.i18n import t


def the_picture() -> Picture | None:
    """The source controls, the picture and its channels; None while there is no picture."""
    st.header(t("channels.picture_heading"))
    st.markdown(t("channels.picture_intro"))
    picture = choose_picture(CHANNEL_PICTURE)
    if picture is None:
        return None
    pixels = picture.pixels
    height, width = pixels.shape[:2]
    full_height, full_width = picture.size
    st.caption(t("channels.input_caption", name=picture.label, width=full_width,
                 height=full_height, shown_width=width, shown_height=height))  # fmt: skip
    show_maps(
        [pixels, *(pixels[..., c] for c in range(3))],  # each channel a grey picture
        [t("channels.colour"), *(t(f"channels.channel_{name}") for name in CHANNELS)],
    )
    st.markdown(t("channels.shape_line", height=height, width=width))
    return picture
