"""Conv Lab: routes to the lesson's pages and holds the controls every page shares."""

import streamlit as st

from ui.i18n import LANG_KEY, LANGUAGES, browser_language, t
from ui.shell import CLASSROOM_KEY, LESSON, apply_classroom_style, shell_running

st.set_page_config(page_title="Conv Lab", page_icon=":material/grid_on:", layout="wide")

with st.sidebar:
    st.segmented_control(
        "Language / 语言",
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        default=browser_language(st.context.locale),
        required=True,
        key=LANG_KEY,
        bind="query-params",
    )
    st.toggle(
        t("shell.classroom"), key=CLASSROOM_KEY, help=t("shell.classroom_help"), bind="query-params"
    )

apply_classroom_style()
home = st.Page("pages/home.py", title=t("home.nav_title"), icon=":material/home:", default=True)
lesson_pages = [
    st.Page(page.path, title=t(f"{page.slug}.nav_title"), icon=page.icon)
    for page in LESSON
    if page.exists
]
with shell_running():
    st.navigation([home, *lesson_pages]).run()
