"""A tiny two-page app that draws class mode's pieces as the dashboard will (AppTest only)."""

import streamlit as st

from ui.class_mode.panel import apply_screen, class_panel, publish_screen

PAGES = {
    "": st.Page("home.py", title="Home", default=True),
    "lab": st.Page("lab.py", title="Lab", url_path="lab"),
}
page = st.navigation(list(PAGES.values()))
slug = page.url_path
with st.sidebar:
    # as the dashboard will: each URL parameter's default known (ui/url_params' table there)
    class_panel(slug, PAGES, apply=lambda p, q: apply_screen(p, q, PAGES, {"padding": 0}.get))
page.run()
publish_screen(slug)
