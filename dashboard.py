"""Conv Lab: routes to the lesson's pages and holds the controls every page shares."""

import streamlit as st

from ui.i18n import LANG_KEY, LANGUAGES, browser_language, t
from ui.shell import CLASSROOM_KEY, HOME, LESSON, apply_classroom_style

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
home = st.Page(HOME.path, title=t("home.nav_title"), icon=HOME.icon, default=True)
st.navigation([home, *(lesson.page() for lesson in LESSON)]).run()
