"""A follower takes the teacher's screen: the page, and every value the dashboard keeps in
the URL (ui/url_params.PARAMS), the widgets' own state included.

Widgets are not bound to the URL: a page seeds a widget from the link once per session
(`url_params.start`). So a value the follower's session already holds is set in
st.session_state (or dropped, for the page to seed it from the teacher's URL again), and the
URL is made the teacher's; the values the student's pages had when left (kept for coming
back to them) are forgotten. This runs in the sidebar before the page draws any widget, so
the page takes the new values in the same run.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Mapping

import streamlit as st

from ui.class_mode.checks import OWN_PARAMS
from ui.matrix_editor import current_cells, set_cells
from ui.matrix_text import cells_to_matrix, encode_matrix, matrix_to_cells
from ui.url_params import HELD_KEY, PARAMS, read_value

# A teacher's change makes every follower's page run at once, and a server's Python runs one
# thread at a time: sixty runs taken together share the core, and all end near the end.
# Taken one after another, each ends as soon as its own run is done, the last no later.
_ONE_AT_A_TIME = threading.Lock()
_LONGEST_WAIT = 10.0  # seconds: past this a run goes ahead (an overloaded server, a stuck run)


@contextlib.contextmanager
def in_turn(took_screen: bool) -> Iterator[None]:
    """Around the page's run: a run that takes the teacher's screen waits for its turn."""
    got = took_screen and _ONE_AT_A_TIME.acquire(timeout=_LONGEST_WAIT)
    try:
        yield
    finally:
        if got:
            _ONE_AT_A_TIME.release()


def take_screen(page: str, params: Mapping[str, str], pages: Mapping[str, st.Page],
                here: str) -> None:  # fmt: skip
    """Make this session's page `page` (a slug of `pages`) and its URL state `params`,
    keeping the student's own language and classroom mode. `here`: the page being drawn."""
    held = st.session_state.get(HELD_KEY, {})  # a follower's pages open as the teacher's
    for name, spec in PARAMS.items():
        if name in OWN_PARAMS:
            continue
        held.pop(name, None)
        raw = params.get(name)
        # The teacher's URL was checked on the teacher's side; a forged one is checked again.
        text = None if raw is None else read_value(spec, raw, name)[0]
        _take_url(name, text)
        if spec.kind == "matrix":
            _take_matrix(name, text)
        elif name in st.session_state:
            _take_widget(name, text)
    target = pages.get(page)
    if target is not None and page != here:
        st.switch_page(target, query_params=st.query_params.to_dict())


def _take_url(name: str, text: str | None) -> None:
    if text is None:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != text:
        st.query_params[name] = text


def _take_widget(name: str, text: str | None) -> None:
    if text is None:
        # At the teacher's default (left out of the URL): the page seeds it again with its
        # own default, which may depend on other choices (a target's learning rate).
        del st.session_state[name]
        return
    value = PARAMS[name].value(text, name)
    if st.session_state[name] != value:
        st.session_state[name] = value


def _take_matrix(name: str, text: str | None) -> None:
    """A matrix of the lab (X, K): its editor's cells, unless they already hold it."""
    spec = PARAMS[name]
    wanted = spec.default if text is None else spec.value(text, name)
    try:
        held = encode_matrix(cells_to_matrix(current_cells(name), name))
    except KeyError:
        return  # the lab not opened yet in this session: it starts from the URL
    except ValueError:
        held = None  # a half-typed cell: the teacher's matrix replaces it
    if held != encode_matrix(wanted):
        set_cells(name, matrix_to_cells(wanted))
