"""A page's question put to the class: the teacher asks and reveals, students answer.

A page calls `ask(...)` where it already asks something (predict the cell, an output shape,
which kernel made this Y). Outside a class it draws nothing and returns None.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from conv_core import receptive_field
from ui.class_mode.checks import MAX_ANSWER_CHARS, ClassError, answer_label
from ui.class_mode.panel import POLL_SECONDS
from ui.class_mode.session import PAGE_KEY, Member, class_store, class_view, lost, member, say
from ui.class_mode.store import ClassView
from ui.i18n import t
from ui.shell import chart_type_config, classroom_mode, figure_font_size

FEEDBACK_KEY = "class_answer_feedback"  # (question number, code of a refusal or None)


def ask(question_id: str, kind: str, correct: Any, *, label: str,
        options: Sequence[str] | None = None,
        option_label: Callable[[str], str] | None = None) -> ClassView | None:  # fmt: skip
    """Put this question to the class (teacher) or answer it (student).

    `kind`: "number", "shape" or "choice" (`options`: their language-independent names,
    shown through `option_label`); `correct`: the right answer, kept on the server until the
    reveal; `label`: the question as the page words it.
    """
    me = member()
    view = class_view(me)
    if view is None:
        return None
    if kind == "shape" and isinstance(correct, tuple | list):
        correct = "×".join(str(int(side)) for side in correct)
    elif kind == "number":
        correct = float(correct)  # a tensor's or NumPy's number, as the store keeps it
    current = view.question
    mine = current is not None and current.id == question_id
    show = option_label or str
    if me.is_teacher:
        with st.container(border=True, key=f"class_question_{question_id}"):
            st.caption(label)  # which of the page's questions this box puts to the class
            _teacher(me, view if mine else None, question_id, kind, correct, options, show)
    elif mine:
        with st.container(border=True, key=f"class_question_{question_id}"):
            _answer_box(question_id, label, show)
    return view if mine else None


def still_open(view: ClassView | None) -> bool:
    """True while the question `ask` returned is put and not yet revealed: a page hides the
    answer it would show (a count, a formula filled in) until the reveal."""
    return view is not None and view.question is not None and not view.question.revealed


def layers_field(layers) -> tuple[int, int]:
    """A stack's receptive field (rows, columns), padding and borders aside: the answer to the
    receptive-fields page's question."""
    return receptive_field([layer.kernel for layer in layers],
                           strides=[layer.stride for layer in layers],
                           dilations=[layer.dilation for layer in layers])  # fmt: skip


def asked_index(prefix: str, count: int, own: int) -> int:
    """The variant of a question a page asks in many versions (the quiz's cell n is asked as
    `<prefix>_<n>`): a student in a class takes the one the teacher asked, else `own`."""
    me = member()
    if me is None or me.is_teacher:
        return own
    view = class_view(me)
    question = None if view is None else view.question
    if question is None or not question.id.startswith(f"{prefix}_"):
        return own
    number = question.id.removeprefix(f"{prefix}_")
    return int(number) if number.isdigit() and int(number) < count else own


# ---------------------------------------------------------------------------- the teacher


def _teacher(me: Member, view: ClassView | None, question_id, kind, correct, options, show):
    asking = view is not None and not view.question.revealed
    st.button(
        t("class_mode.ask_again" if view is not None else "class_mode.ask"),
        key=f"class_ask_{question_id}", icon=":material/campaign:",
        on_click=_put, args=(me, question_id, kind, correct, options),
    )  # fmt: skip
    if view is None:
        return
    if asking:
        st.button(t("class_mode.reveal"), key=f"class_reveal_{question_id}", type="primary",
                  on_click=_reveal, args=(me,), icon=":material/visibility:")  # fmt: skip
        _live_answers(show)
    else:
        _results(view, show)


def _put(me: Member, question_id, kind, correct, options) -> None:
    page = st.session_state.get(PAGE_KEY, "")
    try:
        class_store().ask(me.code, me.teacher_key, question_id, page, kind, correct,
                          options=list(options) if options is not None else None)  # fmt: skip
    except ClassError as err:  # said in the sidebar on the next run
        if err.code == "unknown":
            lost(err)
        else:
            say(err)


def _reveal(me: Member) -> None:
    try:
        class_store().reveal(me.code, me.teacher_key)
    except ClassError as err:  # said in the sidebar on the next run
        if err.code == "unknown":
            lost(err)
        else:
            say(err)


@st.fragment(run_every=POLL_SECONDS)
def _live_answers(show: Callable[[str], str]) -> None:
    """How many have answered, and their histogram, as the answers come in."""
    view = class_view(member())
    if view is None or view.question is None or view.question.revealed:
        st.rerun(scope="app")
    st.metric(t("class_mode.answered_label"),
              t("class_mode.answered", n=view.answered, m=view.students))  # fmt: skip
    _histogram(view, show)


# ---------------------------------------------------------------------------- the student


@st.fragment
def _answer_box(question_id: str, label: str, show: Callable[[str], str]) -> None:
    """A student's box: sending an answer reruns this box only, not the page under it (a
    class answering at once costs the server small runs, not whole pages)."""
    me = member()
    view = class_view(me)
    if view is None:
        st.rerun(scope="app")  # the class ended, or is out of reach: the sidebar says which
    if view.question is not None and view.question.id == question_id:
        _student(me, view, label, show)  # else the teacher moved on: the next poll redraws


def _student(me: Member, view: ClassView, label: str, show: Callable[[str], str]) -> None:
    q = view.question
    if q.revealed:
        if view.mine is None:
            st.info(t("class_mode.no_answer", correct=_shown(q.kind, q.correct, show)))
        elif view.mine_right:
            st.success(t("class_mode.right", answer=_shown(q.kind, view.mine, show)))
        else:
            st.error(t("class_mode.wrong", answer=_shown(q.kind, view.mine, show),
                       correct=_shown(q.kind, q.correct, show)))  # fmt: skip
        _results(view, show)
        return
    key = f"class_answer_{q.number}"
    with st.form(f"class_answer_form_{q.number}", border=False):
        if q.kind == "choice":
            st.radio(label, q.options, key=key, index=None, format_func=show)
        else:
            hint = t(f"class_mode.hint_{q.kind}")
            st.text_input(label, key=key, max_chars=MAX_ANSWER_CHARS, placeholder=hint)
        st.form_submit_button(t("class_mode.submit"), on_click=_send, args=(me, key, q.number))
    number, refusal = st.session_state.get(FEEDBACK_KEY, (None, None))
    if number == q.number and refusal is not None:
        st.warning(t(f"class_mode.error_{refusal}"))
    elif view.mine is not None:
        st.caption(t("class_mode.saved", answer=_shown(q.kind, view.mine, show)))


def _send(me: Member, key: str, number: int) -> None:
    # The browser's value is only a suggestion: the store checks its type, range and length.
    try:
        class_store().answer(me.code, me.student, st.session_state.get(key))
        st.session_state[FEEDBACK_KEY] = (number, None)
    except ClassError as err:
        st.session_state[FEEDBACK_KEY] = (number, err.code)
        if err.code in ("unknown", "store_down"):
            lost(err)


# ---------------------------------------------------------------------------- everyone


def _results(view: ClassView, show: Callable[[str], str]) -> None:
    q = view.question
    st.markdown(t("class_mode.correct_is", correct=_shown(q.kind, q.correct, show)))
    st.caption(t("class_mode.right_count", right=view.right or 0, n=view.answered))
    _histogram(view, show)


def _histogram(view: ClassView, show: Callable[[str], str]) -> None:
    """The answers as bars (large in classroom mode), and as a table for screen readers."""
    if not view.tally:
        return
    q = view.question
    answer, count = t("class_mode.answer_column"), t("class_mode.count_column")
    rows = sorted(view.tally.items(), key=lambda item: _order(q.kind, item[0]))
    data = pd.DataFrame({answer: [show(a) if q.kind == "choice" else a for a, _ in rows],
                         count: [n for _, n in rows]})  # fmt: skip
    # Bars along, answers down the side: long labels (shapes, kernel names) stay readable;
    # each bar carries its count; the type is the figures' (large in classroom mode).
    big = classroom_mode()
    bar = 80 if big else 40
    spec = {
        "height": min(100 + bar * len(rows), 960),
        "encoding": {
            "y": {"field": answer, "type": "nominal", "sort": None, "title": None},
            "x": {"field": count, "type": "quantitative", "axis": {"tickMinStep": 1}},
        },
        "layer": [
            {"mark": {"type": "bar"}},
            {"mark": {"type": "text", "align": "left", "dx": 6, "fontSize": figure_font_size()},
             "encoding": {"text": {"field": count, "type": "quantitative"}}},
        ],
        "config": chart_type_config(),
    }  # fmt: skip
    st.vega_lite_chart(data, spec, width="stretch", alt=t("class_mode.chart_alt", n=view.answered))
    with st.expander(t("class_mode.as_table")):
        st.table(data, hide_index=True)


def _order(kind: str, label: str) -> tuple:
    if kind == "number":
        return (float(label),)
    if kind == "shape":
        return tuple(int(side) for side in label.split("×"))
    return (label,)


def _shown(kind: str, answer: Any, show: Callable[[str], str]) -> str:
    return show(answer) if kind == "choice" else answer_label(kind, answer)
