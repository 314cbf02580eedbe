"""Where a class lives: its code, the teacher's screen, who joined, the question and answers.

Streamlit-free. Two backends with one interface: `MemoryStore` (in the process, one per
server, no extra service) and `RedisStore` (several replicas share a class through one Redis
server). `store_from_setting` picks one from `CONVLAB_CLASS_STORE`.

Nothing a browser sends is trusted: codes, screens, questions and answers are checked here,
whatever the page that called did before. A join code lets its holder view and answer; only
the teacher key, returned once by `start` and kept as a hash, changes the class.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import hmac
import json
import math
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a projector
CODE_LENGTH = 6
IDLE_SECONDS = 3 * 60 * 60  # a class nobody changed for three hours is over
MAX_CLASSES = 50  # per server (or per Redis, for replicas)
MAX_STUDENTS = 200  # per class
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
SETTING = "CONVLAB_CLASS_STORE"

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


def _refuse(code: str, message: str) -> ClassError:
    return ClassError(code, message)


# ----------------------------------------------------------------------------- what is checked


def normalize_code(text: object) -> str:
    """A join code as typed or linked (spaces, dashes, lower case allowed), or ClassError."""
    if not isinstance(text, str) or len(text) > 3 * CODE_LENGTH:
        raise _refuse("bad_code", "A class code is 6 letters and digits.")
    code = re.sub(r"[\s\-]", "", text).upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        raise _refuse("bad_code", "A class code is 6 letters and digits.")
    return code


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _key_hash(key: str) -> str:
    # The key carries 256 random bits: a plain hash is enough, no slow KDF needed.
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def checked_screen(page: object, params: object) -> tuple[str, dict[str, str]]:
    """The teacher's page slug and URL parameters, without each student's own (language,
    classroom mode, the class itself)."""
    if not isinstance(page, str) or not _PAGE.fullmatch(page):
        raise _refuse("bad_screen", "The page's name is not one of the dashboard's.")
    if not isinstance(params, Mapping):
        raise _refuse("bad_screen", "The screen's settings must be names and values.")
    kept: dict[str, str] = {}
    for name, value in params.items():
        if name in OWN_PARAMS:
            continue
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise _refuse("bad_screen", "A setting's name is not one of the dashboard's.")
        if not isinstance(value, str) or len(value) > MAX_PARAM_VALUE:
            raise _refuse("bad_screen", "A setting's value is too long.")
        kept[name] = value
    if len(kept) > MAX_PARAMS or sum(len(k) + len(v) for k, v in kept.items()) > MAX_SCREEN_CHARS:
        raise _refuse("bad_screen", "The screen has too many settings to share.")
    return page, kept


def _clean_text(value: object) -> str:
    if isinstance(value, bool):
        raise _refuse("bad_answer", "Type an answer.")
    if isinstance(value, int | float):
        value = repr(value)
    if not isinstance(value, str) or not value.strip():
        raise _refuse("empty_answer", "Type an answer first.")
    if len(value) > MAX_ANSWER_CHARS:
        raise _refuse("bad_answer", "That answer is too long.")
    return value.strip().translate(_FULL_WIDTH).replace("−", "-").lower()


def parse_number(value: object) -> float:
    """A finite number within ±1e12 (full-width digits and the typographic minus allowed)."""
    text = _clean_text(value)
    try:
        number = float(text)
    except ValueError:
        raise _refuse("bad_number", "The answer is a number, such as 19 or -2.5.") from None
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise _refuse("bad_number", "The answer is a number, such as 19 or -2.5.")
    return 0.0 if number == 0 else number


def parse_shape(value: object) -> str:
    """A shape 'h×w' (also typed h x w, h*w, h,w or (h, w)) of small positive whole numbers."""
    text = _clean_text(value)
    match = _SHAPE.fullmatch(text)
    if match is None:
        raise _refuse("bad_shape", "The answer is a shape: rows × columns, such as 3×4.")
    h, w = int(match[1]), int(match[2])
    if not (1 <= h <= MAX_SIDE and 1 <= w <= MAX_SIDE):
        raise _refuse("bad_shape", "The answer is a shape: rows × columns, such as 3×4.")
    return f"{h}×{w}"


def parse_answer(kind: str, options: tuple[str, ...], value: object) -> Any:
    """The answer in its stored form, or ClassError saying what an answer looks like."""
    if kind == "number":
        return parse_number(value)
    if kind == "shape":
        return parse_shape(value)
    if not isinstance(value, str) or value not in options:
        raise _refuse("bad_choice", "Pick one of the choices.")
    return value


def is_right(kind: str, answer: Any, correct: Any) -> bool:
    """Right to the precision a student writes (4 decimals, or 0.1 % of a large value)."""
    if kind == "number":
        return math.isclose(answer, correct, rel_tol=1e-3, abs_tol=1e-4)
    return answer == correct


def answer_label(kind: str, answer: Any) -> str:
    """How an answer is shown (and tallied): 19 not 19.0, shapes as 3×4."""
    return f"{answer:g}" if kind == "number" else str(answer)


def checked_question(
    question_id: object, page: object, kind: object, correct: object, options: object = None
) -> dict[str, Any]:
    if not isinstance(question_id, str) or not _QUESTION_ID.fullmatch(question_id):
        raise _refuse("bad_question", "A question's id is letters, digits and _.:-")
    if not isinstance(page, str) or not _PAGE.fullmatch(page):
        raise _refuse("bad_question", "The page's name is not one of the dashboard's.")
    if kind not in KINDS:
        raise _refuse("bad_question", f"A question's kind is one of {', '.join(KINDS)}.")
    opts: tuple[str, ...] = ()
    if kind == "choice":
        if not isinstance(options, list | tuple) or not 2 <= len(options) <= MAX_OPTIONS:
            raise _refuse("bad_question", f"A choice has 2 to {MAX_OPTIONS} options.")
        opts = tuple(options)
        if len(set(opts)) != len(opts) or not all(
            isinstance(o, str) and 0 < len(o) <= MAX_OPTION_CHARS for o in opts
        ):
            raise _refuse("bad_question", "A choice's options are different short texts.")
    try:
        stored = parse_answer(kind, opts, correct)
    except ClassError as err:
        raise _refuse("bad_question", f"The right answer is not one: {err}") from None
    return {"id": question_id, "page": page, "kind": kind, "options": list(opts),
            "correct": stored}  # fmt: skip


# ------------------------------------------------------------------------ what callers see


@dataclass(frozen=True)
class QuestionView:
    """The question as everyone may see it; `correct` is None until the reveal."""

    id: str
    page: str
    kind: str
    options: tuple[str, ...]
    number: int  # 1 for the class's first question, then 2, …: tells one asking from the next
    revealed: bool
    correct: Any = None


@dataclass(frozen=True)
class ClassView:
    """One class as a participant sees it. `tally` (answer label → count) is for the
    teacher's projector, and for everyone once revealed; `mine` / `mine_right` are the
    viewing student's own answer and, after the reveal, whether it was right."""

    code: str
    version: int  # moves with each change of the teacher's: what followers poll
    page: str
    params: dict[str, str]
    locked: bool
    students: int
    question: QuestionView | None
    answered: int
    tally: dict[str, int] = field(default_factory=dict)
    right: int | None = None  # how many were right, after the reveal
    mine: Any = None
    mine_right: bool | None = None

    def screen(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        """The teacher's screen as one comparable value."""
        return self.page, tuple(sorted(self.params.items()))


def _view(state: dict[str, Any], student: str | None) -> ClassView:
    q = state["question"]
    question = None
    tally: dict[str, int] = {}
    right = mine = mine_right = None
    if q is not None:
        revealed = state["revealed"]
        question = QuestionView(
            q["id"],
            q["page"],
            q["kind"],
            tuple(q["options"]),
            state["asked"],
            revealed,
            q["correct"] if revealed else None,
        )
        answers = state["answers"]
        for value in answers.values():
            label = answer_label(q["kind"], value)
            tally[label] = tally.get(label, 0) + 1
        if revealed:
            right = sum(is_right(q["kind"], v, q["correct"]) for v in answers.values())
        if student is not None and student in answers:
            mine = answers[student]
            mine_right = is_right(q["kind"], mine, q["correct"]) if revealed else None
    return ClassView(
        code=state["code"],
        version=state["version"],
        page=state["page"],
        params=dict(state["params"]),
        locked=state["locked"],
        students=len(state["students"]),
        question=question,
        answered=len(state["answers"]),
        tally=tally,
        right=right,
        mine=mine,
        mine_right=mine_right,
    )


# ------------------------------------------------------------------- the class's life, pure


def _new_state(code: str, key: str, now: float) -> dict[str, Any]:
    return {
        "code": code, "teacher": _key_hash(key), "touched": now, "version": 1,
        "page": "", "params": {}, "locked": False, "students": {},
        "question": None, "asked": 0, "answers": {}, "revealed": False,
    }  # fmt: skip


def _check_teacher(state: dict[str, Any], key: object) -> None:
    if not isinstance(key, str) or not hmac.compare_digest(state["teacher"], _key_hash(key)):
        raise _refuse("not_teacher", "Only the teacher who started this class can do that.")


def _check_student(state: dict[str, Any], student: object) -> None:
    if not isinstance(student, str) or student not in state["students"]:
        raise _refuse("not_joined", "Join the class first.")


class ClassStore:
    """What both backends do; a backend supplies `_change(code, fn)`, `_read(code)`,
    `_create(state)` and `_delete(code)`. `clock` is injectable for tests of expiry."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        max_classes: int = MAX_CLASSES,
        max_students: int = MAX_STUDENTS,
    ) -> None:
        self.clock = clock
        self.max_classes = max_classes
        self.max_students = max_students

    # -- teacher
    def start(self) -> tuple[str, str]:
        """A new class: its join code and the teacher key (given out once, stored hashed)."""
        key = secrets.token_urlsafe(32)
        for _ in range(20):  # 31⁶ ≈ 887 million codes: a clash is rare, twenty in a row never
            code = new_code()
            if self._create(_new_state(code, key, self.clock())):
                return code, key
        raise _refuse("server_full", "No free class code was found; try again.")

    def set_screen(self, code: str, key: str, page: str, params: Mapping[str, str]) -> int:
        """Publish the teacher's page and its URL parameters; the version (bumped if changed)."""
        page, params = checked_screen(page, params)

        def change(state):
            _check_teacher(state, key)
            if (state["page"], state["params"]) == (page, params):
                return False
            state["page"], state["params"] = page, params
            return True

        return self._mutate(code, change).version

    def set_locked(self, code: str, key: str, locked: bool) -> None:
        def change(state):
            _check_teacher(state, key)
            state["locked"] = bool(locked)
            return True

        self._mutate(code, change)

    def ask(self, code: str, key: str, question_id: str, page: str, kind: str, correct: Any,
            options: list[str] | tuple[str, ...] | None = None) -> None:  # fmt: skip
        """Put a question to the class: the last question's answers and results are dropped."""
        question = checked_question(question_id, page, kind, correct, options)

        def change(state):
            _check_teacher(state, key)
            state["question"], state["answers"], state["revealed"] = question, {}, False
            state["asked"] += 1
            return True

        self._mutate(code, change)

    def reveal(self, code: str, key: str) -> None:
        def change(state):
            _check_teacher(state, key)
            if state["question"] is None:
                raise _refuse("no_question", "There is no question to reveal.")
            state["revealed"] = True
            return True

        self._mutate(code, change)

    def end(self, code: str, key: str) -> None:
        """End the class: its state is gone, for everyone."""
        self._mutate(code, lambda state: _check_teacher(state, key) or True)
        self._delete(normalize_code(code))

    # -- students
    def join(self, code: str) -> str:
        """Join as an anonymous student: a random id for this browser session, nothing else."""
        student = secrets.token_urlsafe(16)

        def change(state):
            if len(state["students"]) >= self.max_students:
                raise _refuse("class_full", "This class is full.")
            state["students"][student] = True
            return True

        self._mutate(code, change, bump=False)
        return student

    def leave(self, code: str, student: str) -> None:
        def change(state):
            _check_student(state, student)
            del state["students"][student]
            state["answers"].pop(student, None)
            return True

        self._mutate(code, change, bump=False)

    def answer(self, code: str, student: str, value: object) -> Any:
        """Record (or change) this student's answer to the current question; its stored form."""
        stored: list[Any] = []

        def change(state):
            _check_student(state, student)
            q = state["question"]
            if q is None:
                raise _refuse("no_question", "There is no question to answer now.")
            if state["revealed"]:
                raise _refuse(
                    "revealed", "The answer has been revealed; wait for the next question."
                )
            parsed = parse_answer(q["kind"], tuple(q["options"]), value)
            stored[:] = [parsed]
            if state["answers"].get(student) == parsed:
                return False
            state["answers"][student] = parsed
            return True

        self._mutate(code, change, bump=False)
        return stored[0]

    # -- everyone
    def view(self, code: str, student: str | None = None) -> ClassView:
        return _view(self._read(normalize_code(code)), student)

    def version(self, code: str) -> int:
        """The class's version (cheap: a follower polls it every second)."""
        return self._read(normalize_code(code))["version"]

    # -- shared by the backends
    def _mutate(self, code: str, fn: Callable[[dict[str, Any]], bool], *, bump: bool = True
                ) -> ClassView:  # fmt: skip
        """Change the class with `fn`. `bump`: a change followers must see (the teacher's);
        joins and answers leave the version alone, so they wake no follower."""

        def change(state):
            changed = fn(state)
            if changed:
                state["touched"] = self.clock()
                state["version"] += int(bump)
            return bool(changed)

        return self._change(normalize_code(code), change)

    def _expired(self, state: dict[str, Any]) -> bool:
        return self.clock() - state["touched"] > IDLE_SECONDS

    def _create(self, state: dict[str, Any]) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def _change(
        self, code: str, fn: Callable[[dict[str, Any]], bool]
    ) -> ClassView:  # pragma: no cover
        raise NotImplementedError

    def _read(self, code: str) -> dict[str, Any]:  # pragma: no cover
        raise NotImplementedError

    def _delete(self, code: str) -> None:  # pragma: no cover
        raise NotImplementedError


def _unknown() -> ClassError:
    return _refuse("unknown", "There is no class with this code: it may have ended.")


class MemoryStore(ClassStore):
    """Classes in this process (one server): a dict under a lock; idle classes swept lazily."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._lock = threading.Lock()
        self._classes: dict[str, dict[str, Any]] = {}

    def _sweep(self) -> None:
        for code in [c for c, s in self._classes.items() if self._expired(s)]:
            del self._classes[code]

    def _get(self, code: str) -> dict[str, Any]:
        state = self._classes.get(code)
        if state is None or self._expired(state):
            self._classes.pop(code, None)
            raise _unknown()
        return state

    def _create(self, state: dict[str, Any]) -> bool:
        with self._lock:
            self._sweep()
            if len(self._classes) >= self.max_classes:
                raise _refuse("server_full", "This server has as many classes as it can hold.")
            if state["code"] in self._classes:
                return False
            self._classes[state["code"]] = state
            return True

    def _change(self, code: str, fn: Callable[[dict[str, Any]], bool]) -> ClassView:
        with self._lock:
            state = self._get(code)
            # A refusal half-way must leave the class as it was: work on a copy.
            work = copy.deepcopy(state)
            fn(work)
            self._classes[code] = work
            return _view(work, None)

    def _read(self, code: str) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._get(code))

    def version(self, code: str) -> int:
        code = normalize_code(code)
        with self._lock:
            return self._get(code)["version"]

    def _delete(self, code: str) -> None:
        with self._lock:
            self._classes.pop(code, None)

    def count(self) -> int:
        with self._lock:
            self._sweep()
            return len(self._classes)


def _reached(method):
    """A Redis server out of reach is a refusal the page can say, not a traceback."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        from redis.exceptions import RedisError

        try:
            return method(self, *args, **kwargs)
        except RedisError:
            raise _refuse("store_down", "The class cannot be reached just now.") from None

    return call


class RedisStore(ClassStore):
    """Classes in one Redis server, shared by replicas. A class is one hash
    (`state`: JSON, `version`) whose TTL is refreshed on every change; changes are
    optimistic transactions (WATCH/MULTI, retried), so concurrent answers are never lost.
    The set of live classes is a sorted set scored by last change, for the server's bound."""

    PREFIX = "convlab:class:"
    INDEX = "convlab:classes"

    def __init__(self, client: Any, **options: Any) -> None:
        super().__init__(**options)
        self.redis = client

    @classmethod
    def from_url(cls, url: str, **options: Any) -> RedisStore:
        import redis  # only the replicated deployment needs it

        return cls(redis.Redis.from_url(url, socket_timeout=5), **options)

    def _key(self, code: str) -> str:
        return self.PREFIX + code

    def _write(self, pipe: Any, state: dict[str, Any]) -> None:
        key = self._key(state["code"])
        pipe.hset(
            key,
            mapping={
                "state": json.dumps(state),
                "version": state["version"],
                "touched": state["touched"],
            },
        )
        pipe.expire(key, IDLE_SECONDS)
        pipe.zadd(self.INDEX, {state["code"]: state["touched"]})

    def _load(self, raw: bytes | None) -> dict[str, Any]:
        if raw is None:
            raise _unknown()
        state = json.loads(raw)
        if self._expired(state):
            raise _unknown()
        return state

    @_reached
    def _create(self, state: dict[str, Any]) -> bool:
        from redis.exceptions import WatchError

        key = self._key(state["code"])
        while True:
            with self.redis.pipeline() as pipe:
                try:
                    self._forget_idle()
                    pipe.watch(self.INDEX, key)
                    if pipe.exists(key):
                        return False
                    if pipe.zcard(self.INDEX) >= self.max_classes:
                        raise _refuse(
                            "server_full", "This server has as many classes as it can hold."
                        )
                    pipe.multi()
                    self._write(pipe, state)
                    pipe.execute()
                    return True
                except WatchError:
                    continue

    @_reached
    def _change(self, code: str, fn: Callable[[dict[str, Any]], bool]) -> ClassView:
        from redis.exceptions import WatchError

        key = self._key(code)
        while True:
            with self.redis.pipeline() as pipe:
                try:
                    pipe.watch(key)
                    state = self._load(pipe.hget(key, "state"))
                    if not fn(state):
                        pipe.unwatch()
                        return _view(state, None)
                    pipe.multi()
                    self._write(pipe, state)
                    pipe.execute()
                    return _view(state, None)
                except WatchError:
                    continue  # someone else changed the class meanwhile: redo on theirs

    @_reached
    def _read(self, code: str) -> dict[str, Any]:
        return self._load(self.redis.hget(self._key(code), "state"))

    @_reached
    def version(self, code: str) -> int:
        version, touched = self.redis.hmget(self._key(normalize_code(code)), "version", "touched")
        if version is None or self.clock() - float(touched) > IDLE_SECONDS:
            raise _unknown()
        return int(version)

    @_reached
    def _delete(self, code: str) -> None:
        with self.redis.pipeline() as pipe:
            pipe.delete(self._key(code))
            pipe.zrem(self.INDEX, code)
            pipe.execute()

    def _forget_idle(self) -> None:
        self.redis.zremrangebyscore(self.INDEX, "-inf", self.clock() - IDLE_SECONDS)

    @_reached
    def count(self) -> int:
        self._forget_idle()
        return int(self.redis.zcard(self.INDEX))


def store_from_setting(url: str | None = None, **options: Any) -> ClassStore:
    """Redis when `url` (else the CONVLAB_CLASS_STORE setting) names one, else in memory."""
    url = url if url is not None else os.environ.get(SETTING, "")
    url = url.strip()
    if not url:
        return MemoryStore(**options)
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"{SETTING} must be a redis:// URL (or unset for one server).")
    return RedisStore.from_url(url, **options)
