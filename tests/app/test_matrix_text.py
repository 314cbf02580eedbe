"""ui.matrix_text: typed numbers to vectors, never eval'd; refusals with codes the UI translates."""

from __future__ import annotations

import pytest

from conv_core import ConvInputError
from ui.matrix_text import parse_numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1, 0, -1", [1.0, 0.0, -1.0]),
        ("1 2\t3", [1.0, 2.0, 3.0]),
        ("1，2，3", [1.0, 2.0, 3.0]),  # full-width commas from a Chinese keyboard
        ("−1, 2.5e0", [-1.0, 2.5]),  # the typographic minus sign
    ],
)
def test_numbers_separated_by_commas_or_spaces(text, expected):
    assert parse_numbers(text, "k", 9).tolist() == expected


@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        ("", "numbers_empty", {"name": "k"}),
        (" , ", "numbers_empty", {"name": "k"}),
        ("1 2 3 4", "numbers_too_many", {"count": 4, "limit": 3}),
        ("1, nan", "number_bad", {"position": 1, "token": "nan"}),
        ("inf", "number_bad", {"position": 0}),
        ("1, __import__('os')", "number_bad", {"position": 1}),
    ],
)
def test_refusals_name_the_problem(text, code, params):
    with pytest.raises(ConvInputError) as caught:
        parse_numbers(text, "k", 3)
    assert caught.value.code == code
    assert params.items() <= caught.value.params.items()
