"""Matrices in the URL (`?X=0,1,2;3,4,5;6,7,8&K=0,1;2,3`), read once and kept up to date."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui.matrix_text import decode_matrix, encode_matrix
from ui.url_params import write_param

PROBLEMS_KEY = "url_problems"


def matrix_from_url(
    name: str, default: Sequence[Sequence[str]], max_shape: tuple[int, int]
) -> list[list[str]]:
    """The cells of `name` in the URL, or `default` (the refusal is kept for the page to show)."""
    text = st.query_params.get(name)
    if text is None:
        return [list(row) for row in default]
    try:
        return decode_matrix(text, name, max_shape)
    except ValueError as err:
        st.session_state.setdefault(PROBLEMS_KEY, []).append(err)
        return [list(row) for row in default]


def url_problems() -> list[ValueError]:
    """What was wrong with the matrices in the link this session was opened with."""
    return st.session_state.get(PROBLEMS_KEY, [])


def write_matrix(name: str, M, default) -> None:
    """Put matrix `name` in the URL, or take it out when it is the default (a clean link)."""
    write_param(name, encode_matrix(M), encode_matrix(default))
