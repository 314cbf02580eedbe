"""Shape puzzles: the student predicts a shape (or the padding and stride for one), then
checks; answers and results stay in the session."""

from __future__ import annotations

from typing import NamedTuple

import streamlit as st

from conv_core import output_shape, size_settings
from ui.class_mode.question import ask
from ui.i18n import t

MAX_ANSWER = 1000


class Puzzle(NamedTuple):
    """`kind` "shape": predict the output's (h, w); "settings": find p and s with which an n-long
    axis becomes `target` long (any pair that does is right)."""

    name: str
    kind: str
    n: int
    k: tuple[int, int]
    padding: tuple[int, int] = (0, 0)
    stride: tuple[int, int] = (1, 1)
    target: int = 0


PUZZLES = (
    Puzzle("book_last", "shape", 8, (3, 5), padding=(0, 1), stride=(3, 4)),
    Puzzle("lenet", "shape", 32, (5, 5)),
    Puzzle("stem", "shape", 224, (7, 7), padding=(3, 3), stride=(2, 2)),
    Puzzle("halve", "settings", 224, (3, 3), target=112),
    Puzzle("keep", "settings", 28, (5, 5), target=28),
)


def _right_shape(puzzle: Puzzle) -> tuple[int, int]:
    return output_shape((puzzle.n, puzzle.n), puzzle.k, padding=puzzle.padding,
                        stride=puzzle.stride)  # fmt: skip


def _keys(puzzle: Puzzle) -> tuple[str, str, str]:
    base = f"ps_puzzle_{puzzle.name}"
    return f"{base}_a", f"{base}_b", f"{base}_result"


def _check(puzzle: Puzzle) -> None:
    """Judge the two numbers in the form; keep the verdict (and what was said) in the session."""
    a_key, b_key, result_key = _keys(puzzle)
    a, b = st.session_state.get(a_key), st.session_state.get(b_key)
    if a is None or b is None:
        st.session_state[result_key] = ("empty", "")
        return
    a, b = int(a), int(b)
    if puzzle.kind == "shape":
        verdict = "right" if (a, b) == _right_shape(puzzle) else "wrong"
        st.session_state[result_key] = (verdict, "")
        return
    # Padding and stride are both >= 0 and 1 (the inputs' bounds), and every puzzle's kernel
    # fits its input unpadded, so output_shape cannot refuse them.
    (size,) = output_shape((puzzle.n,), (puzzle.k[0],), padding=a, stride=b)
    verdict = "right" if size == puzzle.target else "wrong"
    st.session_state[result_key] = (verdict, str(size))


def _answer(puzzle: Puzzle) -> str:
    if puzzle.kind == "shape":
        oh, ow = _right_shape(puzzle)
        return t("padding_stride.puzzle_answer_shape", oh=oh, ow=ow)
    pairs = size_settings(puzzle.n, puzzle.k[0], puzzle.target)
    return t(
        "padding_stride.puzzle_answer_settings",
        pairs=", ".join(f"p = {p}, s = {s}" for p, s in pairs),
    )


def _one_puzzle(number: int, puzzle: Puzzle) -> None:
    a_key, b_key, result_key = _keys(puzzle)
    kh, kw = puzzle.k
    question = t(
        f"padding_stride.puzzle_{puzzle.name}",
        n=puzzle.n,
        kh=kh,
        kw=kw,
        ph=puzzle.padding[0],
        pw=puzzle.padding[1],
        sh=puzzle.stride[0],
        sw=puzzle.stride[1],
        target=puzzle.target,
    )
    st.markdown(f"**{number}.** {question}")
    if puzzle.kind == "shape":  # put to the class in class mode
        ask(f"ps_{puzzle.name}", "shape", _right_shape(puzzle), label=question)
    labels = ("h", "w") if puzzle.kind == "shape" else ("p", "s")
    lowest = (0, 0) if puzzle.kind == "shape" else (0, 1)
    with st.form(key=f"ps_puzzle_{puzzle.name}_form", border=False):
        columns = st.columns([1, 1, 1])
        for column, label, key, low in zip(columns, labels, (a_key, b_key), lowest, strict=False):
            column.number_input(
                t(f"padding_stride.puzzle_label_{label}"),
                min_value=low,
                max_value=MAX_ANSWER,
                step=1,
                value=None,
                key=key,
            )
        columns[2].form_submit_button(
            t("padding_stride.puzzle_check"), on_click=_check, args=(puzzle,)
        )
    result = st.session_state.get(result_key)
    if result is not None:
        verdict, detail = result
        if verdict == "right":
            st.success(t("padding_stride.puzzle_right"), icon=":material/check_circle:")
        elif verdict == "empty":
            st.warning(t("padding_stride.puzzle_empty"), icon=":material/edit:")
        elif puzzle.kind == "settings":
            st.error(t("padding_stride.puzzle_wrong_size", size=detail), icon=":material/close:")
        else:
            st.error(t("padding_stride.puzzle_wrong"), icon=":material/close:")
    with st.expander(t("padding_stride.puzzle_show")):
        st.markdown(_answer(puzzle))


def shape_puzzles() -> None:
    """Every puzzle with its form, its verdict and its answer behind an expander."""
    st.header(t("padding_stride.puzzles_heading"))
    st.markdown(t("padding_stride.puzzles_intro"))
    for number, puzzle in enumerate(PUZZLES, start=1):
        _one_puzzle(number, puzzle)
    results = [st.session_state.get(_keys(puzzle)[2]) for puzzle in PUZZLES]
    right = sum(1 for result in results if result is not None and result[0] == "right")
    st.caption(t("padding_stride.puzzles_score", right=right, total=len(PUZZLES)))
