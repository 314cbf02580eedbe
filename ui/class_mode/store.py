"""Where a class lives: its code, the teacher's screen, who is in it, the question and answers.

Streamlit-free. `ClassStore` is the class's life (what a teacher and a student may do); a
backend keeps the state: `MemoryStore` (ui/class_mode/memory.py: in the process, one per
server, no extra service) or `RedisStore` (ui/class_mode/redis_store.py: several replicas
share a class through one Redis server). `store_from_setting` picks one from
`CONVLAB_CLASS_STORE`.

A join code lets its holder view and answer; only the teacher key, returned once by `start`
and kept as a hash, changes the class. A student is a random id only their browser session
holds: nobody answers for another, and one id holds one answer.
"""

from __future__ import annotations

import hmac
import os
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ui.class_mode.checks import (
    ClassError,
    answer_label,
    checked_question,
    checked_screen,
    is_right,
    key_hash,
    new_code,
    normalize_code,
    parse_answer,
    refuse,
)

IDLE_SECONDS = 3 * 60 * 60  # a class nobody changed for three hours is over
ACTIVE_SECONDS = 90  # a student not seen for this long is not counted (a reload, a closed tab)
FORGET_SECONDS = 10 * 60  # … and is forgotten after this (seen again: back in, as a join)
MAX_CLASSES = 50  # per server (or per Redis, for replicas)
MAX_STUDENTS = 200  # per class, counting the students active now
SETTING = "CONVLAB_CLASS_STORE"


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


def active_students(state: dict[str, Any], now: float) -> set[str]:
    """Students seen in the last ACTIVE_SECONDS, and those who answered the question: a
    student who reloads is a new student, and the old one stops counting."""
    seen = {s for s, at in state["students"].items() if now - at <= ACTIVE_SECONDS}
    return seen | set(state["answers"])


def _view(state: dict[str, Any], student: str | None, now: float) -> ClassView:
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
        students=len(active_students(state, now)),
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
        "code": code, "teacher": key_hash(key), "touched": now, "version": 1,
        "page": "", "params": {}, "locked": False, "students": {},
        "question": None, "asked": 0, "answers": {}, "revealed": False,
    }  # fmt: skip


def _check_teacher(state: dict[str, Any], key: object) -> None:
    if not isinstance(key, str) or not hmac.compare_digest(state["teacher"], key_hash(key)):
        raise refuse("not_teacher", "Only the teacher who started this class can do that.")


def _check_student(state: dict[str, Any], student: object) -> None:
    if not isinstance(student, str) or student not in state["students"]:
        raise refuse("not_joined", "Join the class first.")


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
        raise refuse("server_full", "No free class code was found; try again.")

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
                raise refuse("no_question", "There is no question to reveal.")
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
        self._mutate(code, lambda state: self._admit(state, student), bump=False)
        return student

    def seen(self, code: str, student: str) -> None:
        """The student is still here (their page says so now and then). One who was not
        counted any more (a laptop asleep) comes back in, as a join would."""
        self._mutate(code, lambda state: self._admit(state, student), bump=False)

    def _admit(self, state: dict[str, Any], student: object) -> bool:
        if not isinstance(student, str) or not 16 <= len(student) <= 64:
            raise refuse("not_joined", "Join the class first.")
        now = self.clock()
        active = active_students(state, now)
        if student not in active and len(active) >= self.max_students:
            raise refuse("class_full", "This class is full.")
        # Forget who left long ago (their answer, if any, stays counted): the class stays small.
        for gone, at in list(state["students"].items()):
            if now - at > FORGET_SECONDS:
                del state["students"][gone]
        state["students"][student] = now
        return True

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
                raise refuse("no_question", "There is no question to answer now.")
            if state["revealed"]:
                raise refuse(
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
        return _view(self._read(normalize_code(code)), student, self.clock())

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

        return _view(self._change(normalize_code(code), change), None, self.clock())

    def _expired(self, state: dict[str, Any]) -> bool:
        return self.clock() - state["touched"] > IDLE_SECONDS

    def _create(self, state: dict[str, Any]) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def _change(
        self, code: str, fn: Callable[[dict[str, Any]], bool]
    ) -> dict[str, Any]:  # pragma: no cover - the class's state once `fn` has run
        raise NotImplementedError

    def _read(self, code: str) -> dict[str, Any]:  # pragma: no cover
        raise NotImplementedError

    def _delete(self, code: str) -> None:  # pragma: no cover
        raise NotImplementedError


def unknown() -> ClassError:
    return refuse("unknown", "There is no class with this code: it may have ended.")


def store_from_setting(url: str | None = None, **options: Any) -> ClassStore:
    """Redis when `url` (else the CONVLAB_CLASS_STORE setting) names one, else in memory."""
    url = url if url is not None else os.environ.get(SETTING, "")
    url = url.strip()
    if not url:
        from ui.class_mode.memory import MemoryStore

        return MemoryStore(**options)
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"{SETTING} must be a redis:// URL (or unset for one server).")
    from ui.class_mode.redis_store import RedisStore

    return RedisStore.from_url(url, **options)
