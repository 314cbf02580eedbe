"""A tiny two-page app that draws class mode's pieces as the dashboard will (AppTest only)."""

import streamlit as st

from ui.class_mode.panel import class_panel, publish_screen

PAGES = {
    "": st.Page("home.py", title="Home", default=True),
    "lab": st.Page("lab.py", title="Lab", url_path="lab"),
}
page = st.navigation(list(PAGES.values()))
slug = page.url_path
with st.sidebar:
    class_panel(slug, PAGES)
page.run()
publish_screen(slug)
