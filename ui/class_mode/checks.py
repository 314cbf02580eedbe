"""What class mode accepts from a browser: join codes, the teacher's screen, questions and
answers, each checked here (type, range, length) whatever the page that sent it did before.

Streamlit-free; a refusal is a ClassError whose `code` names its text (class_mode.error_<code>).
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from collections.abc import Mapping
from typing import Any

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a projector
CODE_LENGTH = 6
OWN_PARAMS = frozenset({"lang", "classroom", "class"})  # each student keeps their own
MAX_PARAMS = 64
MAX_PARAM_NAME = 40
MAX_PARAM_VALUE = 4000  # a matrix of the lab (16×16 cells) fits
MAX_SCREEN_CHARS = 20_000
MAX_ANSWER_CHARS = 40
MAX_OPTIONS = 12
MAX_OPTION_CHARS = 80
MAX_NUMBER = 1e12
MAX_SIDE = 10_000  # a shape's side
KINDS = ("number", "shape", "choice")

_NAME = re.compile(rf"[A-Za-z0-9_]{{1,{MAX_PARAM_NAME}}}")
_PAGE = re.compile(r"[a-z0-9_]{0,40}")
_QUESTION_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋，（）ｘＸ×＊", "0123456789.-+,()xxx*")
_SHAPE = re.compile(r"\(?\s*(\d+)\s*(?:[x*,]|\s)\s*(\d+)\s*\)?")


class ClassError(ValueError):
    """A refusal a person can read: `code` names its text (class_mode.error_<code>)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def refuse(code: str, message: str) -> ClassError:
    return ClassError(code, message)


def normalize_code(text: object) -> str:
    """A join code as typed or linked (spaces, dashes, lower case allowed), or ClassError."""
    if not isinstance(text, str) or len(text) > 3 * CODE_LENGTH:
        raise refuse("bad_code", "A class code is 6 letters and digits.")
    code = re.sub(r"[\s\-]", "", text).upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        raise refuse("bad_code", "A class code is 6 letters and digits.")
    return code


def read_code(text: str) -> tuple[str | None, str | None]:
    """A code from a link for ui.url_params: (the code, None), or (None, "not_code")."""
    try:
        return normalize_code(text), None
    except ClassError:
        return None, "not_code"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def key_hash(key: str) -> str:
    # The key carries 256 random bits: a plain hash is enough, no slow KDF needed.
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def checked_screen(page: object, params: object) -> tuple[str, dict[str, str]]:
    """The teacher's page slug and URL parameters, without each student's own (language,
    classroom mode, the class itself)."""
    if not isinstance(page, str) or not _PAGE.fullmatch(page):
        raise refuse("bad_screen", "The page's name is not one of the dashboard's.")
    if not isinstance(params, Mapping):
        raise refuse("bad_screen", "The screen's settings must be names and values.")
    kept: dict[str, str] = {}
    for name, value in params.items():
        if name in OWN_PARAMS:
            continue
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise refuse("bad_screen", "A setting's name is not one of the dashboard's.")
        if not isinstance(value, str) or len(value) > MAX_PARAM_VALUE:
            raise refuse("bad_screen", "A setting's value is too long.")
        kept[name] = value
    if len(kept) > MAX_PARAMS or sum(len(k) + len(v) for k, v in kept.items()) > MAX_SCREEN_CHARS:
        raise refuse("bad_screen", "The screen has too many settings to share.")
    return page, kept


def _clean_text(value: object) -> str:
    if isinstance(value, bool):
        raise refuse("bad_answer", "Type an answer.")
    if isinstance(value, int | float):
        value = repr(value)
    if not isinstance(value, str) or not value.strip():
        raise refuse("empty_answer", "Type an answer first.")
    if len(value) > MAX_ANSWER_CHARS:
        raise refuse("bad_answer", "That answer is too long.")
    return value.strip().translate(_FULL_WIDTH).replace("−", "-").lower()


def parse_number(value: object) -> float:
    """A finite number within ±1e12 (full-width digits and the typographic minus allowed)."""
    text = _clean_text(value)
    try:
        number = float(text)
    except ValueError:
        raise refuse("bad_number", "The answer is a number, such as 19 or -2.5.") from None
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise refuse("bad_number", "The answer is a number, such as 19 or -2.5.")
    return 0.0 if number == 0 else number


def parse_shape(value: object) -> str:
    """A shape 'h×w' (also typed h x w, h*w, h,w or (h, w)) of small positive whole numbers."""
    text = _clean_text(value)
    match = _SHAPE.fullmatch(text)
    if match is None:
        raise refuse("bad_shape", "The answer is a shape: rows × columns, such as 3×4.")
    h, w = int(match[1]), int(match[2])
    if not (1 <= h <= MAX_SIDE and 1 <= w <= MAX_SIDE):
        raise refuse("bad_shape", "The answer is a shape: rows × columns, such as 3×4.")
    return f"{h}×{w}"


def parse_answer(kind: str, options: tuple[str, ...], value: object) -> Any:
    """The answer in its stored form, or ClassError saying what an answer looks like."""
    if kind == "number":
        return parse_number(value)
    if kind == "shape":
        return parse_shape(value)
    if not isinstance(value, str) or value not in options:
        raise refuse("bad_choice", "Pick one of the choices.")
    return value


def is_right(kind: str, answer: Any, correct: Any) -> bool:
    """Right to the precision a student writes (4 decimals, or 0.1 % of a large value)."""
    if kind == "number":
        return math.isclose(answer, correct, rel_tol=1e-3, abs_tol=1e-4)
    return answer == correct


def answer_label(kind: str, answer: Any) -> str:
    """How an answer is shown (and tallied): 19 not 19.0, 3600000000 not 3.6e+09, six
    significant digits otherwise (19.00004 stands with 19), shapes as 3×4."""
    if kind != "number":
        return str(answer)
    return str(int(answer)) if float(answer).is_integer() else f"{answer:g}"


def checked_question(
    question_id: object, page: object, kind: object, correct: object, options: object = None
) -> dict[str, Any]:
    if not isinstance(question_id, str) or not _QUESTION_ID.fullmatch(question_id):
        raise refuse("bad_question", "A question's id is letters, digits and _.:-")
    if not isinstance(page, str) or not _PAGE.fullmatch(page):
        raise refuse("bad_question", "The page's name is not one of the dashboard's.")
    if kind not in KINDS:
        raise refuse("bad_question", f"A question's kind is one of {', '.join(KINDS)}.")
    opts: tuple[str, ...] = ()
    if kind == "choice":
        if not isinstance(options, list | tuple) or not 2 <= len(options) <= MAX_OPTIONS:
            raise refuse("bad_question", f"A choice has 2 to {MAX_OPTIONS} options.")
        opts = tuple(options)
        if len(set(opts)) != len(opts) or not all(
            isinstance(o, str) and 0 < len(o) <= MAX_OPTION_CHARS for o in opts
        ):
            raise refuse("bad_question", "A choice's options are different short texts.")
    try:
        stored = parse_answer(kind, opts, correct)
    except ClassError as err:
        raise refuse("bad_question", f"The right answer is not one: {err}") from None
    return {"id": question_id, "page": page, "kind": kind, "options": list(opts),
            "correct": stored}  # fmt: skip
