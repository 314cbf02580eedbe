"""Conv Lab's Streamlit script: routes to the lesson's pages and holds the controls every page
shares. dashboard.py serves it (`streamlit run dashboard.py`)."""

import streamlit as st

from ui.a11y import TAB_ICON, mark_page
from ui.class_mode.follow import in_turn
from ui.class_mode.panel import class_panel, publish_screen
from ui.i18n import LANG_KEY, LANGUAGES, browser_language, t
from ui.shell import CLASSROOM_KEY, HOME, LESSON, apply_classroom_style
from ui.url_params import check_url, hold_across_languages, in_url, show_problems

st.set_page_config(page_title="Conv Lab", page_icon=TAB_ICON, layout="wide")
check_url()  # a link is user input: put it right before any widget reads it

browser = browser_language(st.context.locale)
with st.sidebar:
    in_url(LANG_KEY, lambda key: st.segmented_control(
        "Language / 语言", options=list(LANGUAGES), format_func=LANGUAGES.get, required=True,
        key=key, on_change=hold_across_languages,
    ), default=browser)  # fmt: skip
    in_url(CLASSROOM_KEY, lambda key: st.toggle(t("shell.classroom"), key=key,
                                                help=t("shell.classroom_help")))  # fmt: skip

apply_classroom_style()
mark_page()
home = st.Page(HOME.path, title=t("home.nav_title"), icon=HOME.icon, default=True)
pages = {"": home} | {lesson.slug: lesson.page() for lesson in LESSON}
page = st.navigation(list(pages.values()))
with st.sidebar:  # the class: before the page, so that a follower's page draws the teacher's
    took_screen = class_panel(page.url_path, pages)
show_problems(page.url_path)
with in_turn(took_screen):  # a follower's run for the teacher's change: one at a time
    page.run()
publish_screen(page.url_path)  # a teacher's page and the URL state it has just written
