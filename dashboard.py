"""Conv Lab: routes to the lesson's pages and holds the controls every page shares."""

import importlib
import threading

import streamlit as st

from ui import server
from ui.i18n import LANG_KEY, LANGUAGES, browser_language, t
from ui.shell import CLASSROOM_KEY, HOME, LESSON, apply_classroom_style
from ui.url_params import check_url, choice_from_url, keep_choice_in_url, show_problems


@st.cache_resource(show_spinner=False)
def _conv_core_imported_in_the_background() -> threading.Thread:
    """Once per server, after its first page: conv_core, and torch with it (~1 s), imported
    on a thread of its own, then corr2d's fused passes compiled (ui/server.py). The router
    does not need conv_core for the home page without lesson parameters (ui/url_params), so
    a server's first visit does not wait for it; the first lesson page opened then finds it
    imported. Torch is first imported through conv_core (here, or by the router before a
    lesson page runs), which sets torch's OpenMP policy (conv_core/_openmp.py) before torch
    loads."""
    thread = threading.Thread(target=server.prepare, name="import conv_core", daemon=True)
    thread.start()
    return thread


st.set_page_config(page_title="Conv Lab", page_icon=":material/grid_on:", layout="wide")
check_url()  # a link is user input: put it right before any widget reads it

browser = browser_language(st.context.locale)
choice_from_url(LANG_KEY, default=browser)
with st.sidebar:
    language = st.segmented_control(
        "Language / 语言", options=list(LANGUAGES), format_func=LANGUAGES.get, required=True,
        key=LANG_KEY,
    )  # fmt: skip
    st.toggle(
        t("shell.classroom"), key=CLASSROOM_KEY, help=t("shell.classroom_help"), bind="query-params"
    )
keep_choice_in_url(LANG_KEY, language, default=browser)

apply_classroom_style()
home = st.Page(HOME.path, title=t("home.nav_title"), icon=HOME.icon, default=True)
page = st.navigation([home, *(lesson.page() for lesson in LESSON)])
show_problems(page.url_path)
if page.url_path:  # a lesson: conv_core first, so that torch loads with its OpenMP policy
    importlib.import_module("conv_core")
page.run()
_conv_core_imported_in_the_background()
