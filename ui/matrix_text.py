"""Matrices as text: editor cells to numbers and back, and the URL encoding `0,1,2;3,4,5`."""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch

from conv_core import ConvInputError, as_matrix, format_number

MAX_URL_CHARS = 4000  # a longer parameter is refused before it is split
NUMBER_CHARS = 12  # room for one typed number and its separator ("-0.00125, ")


def parse_number(text: object) -> float | None:
    """A cell's text as a float, or None when it is not a number (never eval'd)."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    if not isinstance(text, str):
        return None
    # Students paste the typographic minus sign and full-width digits from documents.
    cleaned = text.strip().replace("−", "-").replace("，", ",")
    try:
        return float(cleaned)
    except ValueError:
        return None


_PROBLEMS = {
    "cell_empty": "every cell needs a number.",
    "cell_text": "that is not a number.",
    "cell_not_finite": "only finite numbers are allowed.",
}


def shown(text: object, limit: int = 20) -> str:
    """User text to quote in a Markdown code span: on one line, printable, without
    backticks, at most `limit` characters (a line break would end the span, and what follows
    would be read as Markdown)."""
    line = " ".join(str(text)[: 4 * limit].split()).replace("`", "'")
    line = "".join(ch if ch.isprintable() else "\ufffd" for ch in line)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def cells_to_matrix(cells: Sequence[Sequence[object]], name: str) -> torch.Tensor:
    """Editor cells (strings) as a float32 matrix, or a ConvInputError naming the first bad cell."""
    values = []
    for r, row in enumerate(cells):
        values.append([])
        for c, cell in enumerate(row):
            blank = cell is None or (isinstance(cell, str) and not cell.strip())
            number = None if blank else parse_number(cell)
            if blank:
                problem = "cell_empty"
            elif number is None:
                problem = "cell_text"
            elif not math.isfinite(number):
                problem = "cell_not_finite"
            else:
                values[-1].append(number)
                continue
            raise ConvInputError(
                problem,
                f"{name}: row {r}, column {c} holds {cell!r}: {_PROBLEMS[problem]}",
                name=name,
                row=r,
                col=c,
                text=shown(cell),
            )
    return as_matrix(values, name)


def matrix_to_cells(M) -> list[list[str]]:
    """A matrix as editor cells."""
    return [[format_number(x) for x in row] for row in as_matrix(M, "M").tolist()]


def encode_matrix(M) -> str:
    """`[[0, 1], [2, 3]]` as `0,1;2,3` — short, readable in a URL, parsed without eval."""
    return ";".join(",".join(row) for row in matrix_to_cells(M))


def decode_matrix(text: str, name: str, max_shape: tuple[int, int]) -> list[list[str]]:
    """`0,1;2,3` as editor cells; a ConvInputError for anything else."""
    if len(text) > MAX_URL_CHARS:
        raise ConvInputError(
            "url_too_large",
            f"{name} in the URL is too long.",
            name=name,
            rows=max_shape[0],
            cols=max_shape[1],
        )
    cells = [row.split(",") for row in text.strip().strip(";").split(";")]
    M = cells_to_matrix(cells, name)  # also refuses empty, ragged, text, NaN
    if M.shape[0] > max_shape[0] or M.shape[1] > max_shape[1]:
        raise ConvInputError(
            "url_too_large",
            f"{name} in the URL is {M.shape[0]}×{M.shape[1]}; at most "
            f"{max_shape[0]}×{max_shape[1]} fits the view.",
            name=name,
            rows=max_shape[0],
            cols=max_shape[1],
        )
    return matrix_to_cells(M)


def typed_chars(limit: int) -> int:
    """The most characters a text of at most `limit` numbers needs (a text input's max_chars)."""
    return limit * NUMBER_CHARS


def parse_numbers(text: str, name: str, limit: int) -> torch.Tensor:
    """Numbers separated by commas or spaces ("1, 0, -1") as a vector; a ConvInputError for
    empty or overlong text (checked before it is split), more than `limit` numbers, or an
    entry that is not a finite number."""
    if len(text) > typed_chars(limit):
        raise ConvInputError(
            "numbers_too_long",
            f"{name} is too long: at most {typed_chars(limit)} characters fit here.",
            name=name,
            limit=typed_chars(limit),
        )
    tokens = text.replace(",", " ").replace("，", " ").split()
    if not tokens:
        raise ConvInputError("numbers_empty", f"{name} is empty.", name=name)
    if len(tokens) > limit:
        raise ConvInputError(
            "numbers_too_many",
            f"{name} has {len(tokens)} numbers; at most {limit} fit here.",
            name=name,
            count=len(tokens),
            limit=limit,
        )
    values = []
    for position, token in enumerate(tokens):
        value = parse_number(token)
        if value is None or not math.isfinite(value):
            raise ConvInputError(
                "number_bad",
                f"{name}: entry {position} is {shown(token)!r}, not a finite number.",
                name=name,
                position=position,
                token=shown(token),
            )
        values.append(value)
    return torch.tensor(values, dtype=torch.float32)
