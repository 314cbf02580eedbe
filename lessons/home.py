"""Home: the lesson's map, one entry per page, in the order of the chapter."""

import streamlit as st

from ui.i18n import t
from ui.shell import LESSON


def draw_home() -> None:
    """The title, what the lab is for, and a link to each page of the lesson."""
    st.title(t("home.title"))
    st.markdown(t("home.intro"))
    st.subheader(t("home.map_heading"))
    for number, page in enumerate(LESSON, start=1):
        with st.container(border=True):
            title = f"{number}. {t(f'{page.slug}.nav_title')}"
            st.page_link(page.path, label=title, icon=page.icon)
            st.caption(t(f"{page.slug}.summary"))
    st.caption(t("home.source"))


draw_home()
