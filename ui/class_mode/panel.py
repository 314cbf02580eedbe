"""The class in the sidebar: a teacher starts, locks and ends it; a student joins and follows.

The router calls `class_panel(slug, pages)` inside the sidebar before the page runs, and
`publish_screen(slug)` after it, once the page has written its state to the URL.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from ui.class_mode.checks import CODE_LENGTH, OWN_PARAMS, ClassError, normalize_code
from ui.class_mode.follow import take_screen
from ui.class_mode.route import seen_path, version_path
from ui.class_mode.session import (
    OUT_OF_REACH,
    PAGE_KEY,
    STUDENT_KEY,
    URL_PARAM,
    become,
    class_store,
    class_view,
    forget,
    lost,
    member,
    say,
    show_message,
)
from ui.class_mode.store import ClassView
from ui.i18n import t

FOLLOW_KEY = "class_follow"  # the student's "follow the teacher" toggle
FOLLOWING_KEY = "class_following"  # its value, kept while the toggle is not drawn
LOCK_KEY = "class_lock"  # the teacher's "lock following" toggle
JOIN_KEY = "class_join_code"  # the code typed by a student
SHOWN_KEY = "class_shown"  # the teacher's screen this session last published or applied
TURN_KEY = "class_turn"  # this run (or the page switch it made) takes the teacher's change
LINK_TRIED_KEY = "class_link_tried"  # the ?class= code this session already tried to join
POLL_SECONDS = 0.5  # a teacher's change reaches a follower within this, plus one run
SEEN_SECONDS = 30.0  # a student says they are here this often (the store counts 90 s)
_POLL = st.components.v2.component(
    "convlab.class_poll", js=(Path(__file__).parent / "poller.js").read_text(encoding="utf-8")
)

# ------------------------------------------------------------------------------ the panel


def class_panel(page: str, pages: Mapping[str, st.Page]) -> bool:
    """The class controls for this session: start/join, or the class it is in. True when
    this run takes the teacher's changed screen (a follower's page then runs `in_turn`).

    `page`: the slug of the page being drawn ("" for home); `pages`: slug → st.Page, for
    following the teacher to another page.
    """
    st.session_state[PAGE_KEY] = page
    _join_from_link()
    me = member()
    view = class_view(me)
    show_message()
    if view is None:
        if member() is None:  # else still in a class that is out of reach for now
            _start_or_join()
    elif me.is_teacher:
        _teacher(view)
    else:
        return _student(view, pages)
    return False


def _start_or_join() -> None:
    st.button(t("class_mode.start"), key="class_start", on_click=_start,
              help=t("class_mode.start_help"), icon=":material/co_present:")  # fmt: skip
    with st.form("class_join_form", border=False):
        st.text_input(t("class_mode.join_label"), key=JOIN_KEY, max_chars=3 * CODE_LENGTH,
                      placeholder="ABC234", help=t("class_mode.join_help"))  # fmt: skip
        st.form_submit_button(t("class_mode.join"), on_click=_join_typed)


def _start() -> None:
    try:
        code, key = class_store().start()
    except ClassError as err:
        say(err)
        return
    become(code, teacher_key=key)
    st.session_state[LOCK_KEY] = False


def _join_typed() -> None:
    _join(st.session_state.get(JOIN_KEY) or "")


def _join(text: str) -> None:
    try:
        code = normalize_code(text)
        student = class_store().join(code)
    except ClassError as err:
        say(err)
        return
    become(code, student=student)
    st.session_state[FOLLOWING_KEY] = True
    st.session_state.pop(SHOWN_KEY, None)


def _join_from_link() -> None:
    """?class=<code>: join once per code (a reload is a new session, and joins again)."""
    text = st.query_params.get(URL_PARAM)
    if text is None or st.session_state.get(LINK_TRIED_KEY) == text:
        return
    st.session_state[LINK_TRIED_KEY] = text
    if member() is None:  # already in a class: a second link does not move anyone
        _join(text[: 3 * CODE_LENGTH])


# ---------------------------------------------------------------------------- the teacher


def _teacher(view: ClassView) -> None:
    code = view.code
    st.metric(t("class_mode.join_label"), code)  # large: read off the projector
    st.caption(t("class_mode.teacher_status"))
    link = join_link(code)
    st.code(link, language=None, wrap_lines=True)
    st.image(qr_png(link), caption=t("class_mode.qr_caption", code=code),
             alt=t("class_mode.qr_alt", code=code))  # fmt: skip
    _students_joined()
    st.toggle(t("class_mode.lock"), key=LOCK_KEY, on_change=_lock, help=t("class_mode.lock_help"))
    st.button(t("class_mode.end"), key="class_end", on_click=_end, icon=":material/stop_circle:")
    # The key lives in this session only (never in a URL a student could read off the screen).
    st.caption(t("class_mode.teacher_reload"))


@st.fragment(run_every=2 * POLL_SECONDS)
def _students_joined() -> None:
    """How many joined, kept up to date on the teacher's screen."""
    view = class_view(member())
    if view is not None:
        st.caption(t("class_mode.students", n=view.students))


def _lock() -> None:
    me = member()
    if me is not None and me.is_teacher:
        try:
            class_store().set_locked(me.code, me.teacher_key, bool(st.session_state[LOCK_KEY]))
        except ClassError as err:
            lost(err)


def _end() -> None:
    me = member()
    if me is not None and me.is_teacher:
        with contextlib.suppress(ClassError):  # it had ended already
            class_store().end(me.code, me.teacher_key)
        forget("ended_by_you")


def publish_screen(page: str) -> None:
    """The teacher's page and URL state, shared when changed (call after the page ran)."""
    me = member()
    if me is None or not me.is_teacher:
        return
    params = {k: v for k, v in st.query_params.to_dict().items() if k not in OWN_PARAMS}
    screen = (page, tuple(sorted(params.items())))
    if st.session_state.get(SHOWN_KEY) == screen:
        return
    try:
        class_store().set_screen(me.code, me.teacher_key, page, params)
    except ClassError as err:
        if err.code in ("unknown", OUT_OF_REACH):
            lost(err)
        return  # a screen too large to share stays the teacher's own
    st.session_state[SHOWN_KEY] = screen


def join_link(code: str) -> str:
    """<the app's address>/?class=<code>, for the projector and its QR code."""
    base = _app_address()
    return f"{base}/?{URL_PARAM}={code}"


def _app_address() -> str:
    """The app's root as the browser reached it (st.context.url holds the page's path too)."""
    url = st.context.url
    if url:
        parts = urlsplit(url)
        root = (st.get_option("server.baseUrlPath") or "").strip("/")
        path = f"/{root}" if root else ""
        return urlunsplit((parts.scheme, parts.netloc, path, "", "")).rstrip("/")
    host = st.context.headers.get("Host")
    return f"http://{host}" if host else ""


@st.cache_data(show_spinner=False, max_entries=200)
def qr_png(link: str) -> bytes:
    """The link as a QR code, drawn here (no outside service): a PNG for st.image."""
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


# ---------------------------------------------------------------------------- the student


def _student(view: ClassView, pages: Mapping[str, st.Page]) -> bool:
    code = view.code
    following = view.locked or st.session_state.get(FOLLOWING_KEY, True)
    if following and st.session_state.get(SHOWN_KEY) != view.screen():
        st.session_state[SHOWN_KEY] = view.screen()
        if (view.page, view.params) != _here():
            # A switch of page ends this run: the next one, on the teacher's page, is still
            # this change's and waits its turn.
            st.session_state[TURN_KEY] = True
            # Before the page draws: it takes the new values in this run (or switches page).
            take_screen(view.page, view.params, pages, _here()[0])
    status = "following" if following else "exploring"
    st.markdown(t(f"class_mode.student_{status}", code=code))
    # A run that switched page before the toggle was drawn drops the toggle's own state:
    # it starts each run from the kept value.
    st.session_state[FOLLOW_KEY] = following
    hint = t("class_mode.follow_locked" if view.locked else "class_mode.follow_help")
    st.toggle(t("class_mode.follow"), key=FOLLOW_KEY, disabled=view.locked, on_change=_refollow,
              help=hint)  # fmt: skip
    st.button(t("class_mode.leave"), key="class_leave", on_click=_leave)
    _poller(view, st.session_state.get(STUDENT_KEY))
    return bool(st.session_state.pop(TURN_KEY, False))


def _refollow() -> None:
    """Following again takes the teacher's screen as it is now, even if it has not changed."""
    st.session_state[FOLLOWING_KEY] = bool(st.session_state[FOLLOW_KEY])
    st.session_state.pop(SHOWN_KEY, None)


def _here() -> tuple[str, dict[str, str]]:
    params = {k: v for k, v in st.query_params.to_dict().items() if k not in OWN_PARAMS}
    return st.session_state.get(PAGE_KEY, ""), params


def _poller(view: ClassView, student: str | None) -> None:
    """The tab asks the class's version over HTTP (poller.js, route.py) and reruns the page
    only when it changed (its `seen`: the version this run draws): an idle class costs the
    server one small request per student every POLL_SECONDS, and no script run."""
    _POLL(
        key="class_poll",
        data={
            "version_url": version_path(view.code),
            "seen_url": seen_path(view.code),
            "student": student,
            "seen": view.version,
            "every_ms": round(POLL_SECONDS * 1000),
            "heartbeat_ms": round(SEEN_SECONDS * 1000),
        },
        on_changed_change=_changed,
        height=0,
    )


def _changed() -> None:
    """The teacher changed something: this run takes it (class_panel, before the page)."""


def _leave() -> None:
    me = member()
    if me is not None and me.student is not None:
        with contextlib.suppress(ClassError):  # it had ended already
            class_store().leave(me.code, me.student)
    forget("left")
    st.session_state.pop(SHOWN_KEY, None)
