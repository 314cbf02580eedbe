"""This browser session's place in a class: the server's store, and who this session is."""

from __future__ import annotations

import os
from dataclasses import dataclass

import streamlit as st

from ui.class_mode.checks import ClassError
from ui.class_mode.store import SETTING, ClassStore, ClassView, store_from_setting
from ui.i18n import t

CODE_KEY = "class_code"  # the class this session is in (teacher or student)
TEACHER_KEY = "class_teacher_key"  # the teacher key: in session state only, never in a URL
STUDENT_KEY = "class_student"  # this session's anonymous student id
PAGE_KEY = "class_page"  # the page being drawn (set by the panel, read by `ask`)
MESSAGE_KEY = "class_message"  # a refusal to say once, as (code, {params})
URL_PARAM = "class"  # ?class=<code>: the join link
OUT_OF_REACH = "store_down"  # a refusal that does not end anyone's class


@st.cache_resource(show_spinner=False)
def class_store() -> ClassStore:
    """The server's one store: Redis if CONVLAB_CLASS_STORE (an environment variable, else a
    Streamlit secret of that name) names one, else in this process."""
    url = os.environ.get(SETTING)
    if not url:
        try:
            url = str(st.secrets.get(SETTING, ""))
        except FileNotFoundError:  # no secrets file: one server
            url = ""
    return store_from_setting(url)


@dataclass(frozen=True)
class Member:
    """This session in its class: the code, and the teacher key or the student id."""

    code: str
    teacher_key: str | None = None
    student: str | None = None

    @property
    def is_teacher(self) -> bool:
        return self.teacher_key is not None


def member() -> Member | None:
    """This session's membership, None when it is in no class."""
    code = st.session_state.get(CODE_KEY)
    if code is None:
        return None
    return Member(code, st.session_state.get(TEACHER_KEY), st.session_state.get(STUDENT_KEY))


def class_view(me: Member | None) -> ClassView | None:
    """The class as this member sees it; None when there is none. A class that has ended
    is forgotten; one out of reach (Redis down) is kept for the next try. Either way the
    reason is kept to say."""
    if me is None:
        return None
    try:
        return class_store().view(me.code, me.student)
    except ClassError as err:
        lost(err)
        return None


def lost(err: ClassError) -> None:
    """React to a refusal met while in a class: forget the class unless it is only out of
    reach for now; keep the reason to say."""
    if err.code == OUT_OF_REACH:
        say(err)
    else:
        forget(err.code)


def become(code: str, *, teacher_key: str | None = None, student: str | None = None) -> None:
    st.session_state[CODE_KEY] = code
    st.session_state[TEACHER_KEY] = teacher_key
    st.session_state[STUDENT_KEY] = student


def forget(reason: str | None = None) -> None:
    """Leave the class in this session (it ended, or the person left); say why once."""
    for key in (CODE_KEY, TEACHER_KEY, STUDENT_KEY):
        st.session_state.pop(key, None)
    if reason is not None:
        st.session_state[MESSAGE_KEY] = reason


def say(err: ClassError) -> None:
    """Keep a refusal for the panel to show on its next draw (callbacks cannot draw)."""
    st.session_state[MESSAGE_KEY] = err.code


def show_message() -> None:
    code = st.session_state.pop(MESSAGE_KEY, None)
    if code is not None:
        st.warning(t(f"class_mode.error_{code}"), icon=":material/group_off:")
