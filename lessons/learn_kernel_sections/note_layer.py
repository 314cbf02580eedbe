"""Exercise 3 (D2L 7.2; zh 6.2, exercise 2) as the book asks it: autograd through the book's
Conv2D, run by the page, its gradient shown. Then the study note's Conv2D, whose two slips
keep it from running, with Python's real errors. The classes are fixed code in conv_core; no
text a student types is ever run."""

import functools
import inspect
import re

import streamlit as st

from conv_core import BookConv2D, NoteConv2D, NoteConv2DWithInit, format_number, try_layer
from ui.code_panel import book_corr2d
from ui.controls import choice
from ui.i18n import current_language, t

NOTE_LAYERS = {"note": NoteConv2D, "with_init": NoteConv2DWithInit}
_LINTER_NOTE = re.compile(r"  # noqa: \w+.*$", re.MULTILINE)  # for the linter, not the student
_DOCSTRING = re.compile(r'^    """.*"""\n\n?', re.MULTILINE)  # ours, not the book's


def _numbers(values) -> str:
    return ", ".join(format_number(round(float(v), 3)) for v in values.flatten())


@functools.cache
def _class_source(layer_class) -> str:
    """The class's code as its author wrote it: read once per server, not on every run
    (inspect parses the whole module; sessions running it at once raised SystemError)."""
    # Their name for it, without our docstring.
    source = _DOCSTRING.sub("", _LINTER_NOTE.sub("", inspect.getsource(layer_class)), count=1)
    return source.replace(layer_class.__name__, "Conv2D").replace("corr2d_book(", "corr2d(")


def _source(layer_class, lang: str) -> str:
    """The class's code as the page shows it; the book's class after the book's corr2d, as
    the book prints them, its docstring in `lang`."""
    if layer_class is BookConv2D:
        return book_corr2d(lang) + "\n\n" + _class_source(layer_class)
    return _class_source(layer_class)


def _run(layer_class, name: str) -> None:
    """The class's code beside what happened when the page built and trained it."""
    trial = try_layer(layer_class)
    code_col, result_col = st.columns([3, 2], gap="large")
    code_col.code(_source(layer_class, current_language()), language="python", wrap_lines=True)
    with result_col:
        st.markdown(f"**{t('learn_kernel.ex3_ran')}**")
        if trial.failed_at is not None:
            st.warning(
                t(f"learn_kernel.ex3_failed_{trial.failed_at}"), icon=":material/bug_report:"
            )
            st.code(trial.error, language=None, wrap_lines=True)
        else:
            w1, w2 = trial.weight.flatten().tolist()
            st.success(
                t("learn_kernel.ex3_trained", first=f"{trial.losses[0]:.3f}",
                  last=f"{trial.losses[-1]:.3f}", steps=len(trial.losses),
                  w1=format_number(w1), w2=format_number(w2)),
                icon=":material/check_circle:",
            )  # fmt: skip
            st.markdown(t("learn_kernel.ex3_gradient", weight=_numbers(trial.weight_grad),
                          bias=_numbers(trial.bias_grad)))  # fmt: skip
            with st.expander(t("learn_kernel.ex3_losses")):
                st.code("\n".join(f"{step:>2}  {loss:.3f}" for step, loss in
                                  enumerate(trial.losses, start=1)), language=None)  # fmt: skip
        st.markdown(t(f"learn_kernel.ex3_why_{name}"))


def note_layer() -> None:
    """The exercise answered first, with the book's class; the note's slips after it."""
    st.header(t("learn_kernel.ex3_heading"))
    st.markdown(t("learn_kernel.ex3_intro"))
    _run(BookConv2D, "book")
    st.subheader(t("learn_kernel.ex3_note_heading"))
    st.markdown(t("learn_kernel.ex3_note_intro"))
    name = choice(t("learn_kernel.ex3_layer"), list(NOTE_LAYERS), "learn_kernel.ex3_layer_",
                  key="lk_ex3_layer", default="note")  # fmt: skip
    _run(NOTE_LAYERS[name], name)
