"""A teacher's change reruns every follower's page at once; those runs take turns
(ui/class_mode/follow.in_turn), so that each ends as soon as its own work is done."""

from __future__ import annotations

import threading

import pytest
from test_class_pages import LAB, _go, _student, _teacher, fresh_store  # noqa: F401

from ui.class_mode import follow


class _Turns:
    """The lock the runs take turns with, counting the turns taken and given back."""

    def __init__(self) -> None:
        self.lock, self.taken, self.given = threading.Lock(), 0, 0

    def acquire(self, timeout: float = -1) -> bool:
        got = self.lock.acquire(timeout=timeout)
        self.taken += got
        return got

    def release(self) -> None:
        self.given += 1
        self.lock.release()


@pytest.fixture
def turns(monkeypatch) -> _Turns:
    counted = _Turns()
    monkeypatch.setattr(follow, "_ONE_AT_A_TIME", counted)
    return counted


def test_a_followers_run_for_a_change_takes_one_turn_and_gives_it_back(turns):
    teacher, code = _teacher()
    student = _student(code)
    _go(teacher, LAB)
    student.run()  # follows the teacher to the lab: a switch of page, then the lab's run
    assert (turns.taken, turns.given) == (1, 1)

    teacher.number_input(key="padding").set_value(2).run()
    assert (turns.taken, turns.given) == (1, 1)  # the teacher's own run does not wait
    student.run()
    assert student.number_input(key="padding").value == 2
    assert (turns.taken, turns.given) == (2, 2)

    student.run()  # nothing changed: an ordinary run
    student.number_input(key="stride").set_value(2).run()  # the student's own click
    assert (turns.taken, turns.given) == (2, 2)


def test_a_run_that_fails_gives_its_turn_back():
    with pytest.raises(RuntimeError), follow.in_turn(True):
        raise RuntimeError("the page failed")
    assert follow._ONE_AT_A_TIME.acquire(blocking=False)
    follow._ONE_AT_A_TIME.release()


def test_a_run_waits_while_another_has_the_turn_and_goes_on_after():
    order: list[str] = []
    inside, done = threading.Event(), threading.Event()

    def first() -> None:
        with follow.in_turn(True):
            order.append("first in")
            inside.set()
            done.wait(5)
            order.append("first out")

    def second() -> None:
        inside.wait(5)
        with follow.in_turn(True):
            order.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    inside.wait(5)
    with follow.in_turn(False):  # not a follower's change: no waiting
        order.append("other")
    done.set()
    for thread in threads:
        thread.join(5)
    assert order == ["first in", "other", "first out", "second in"]


def test_a_run_whose_turn_does_not_come_goes_ahead(monkeypatch):
    monkeypatch.setattr(follow, "_LONGEST_WAIT", 0.01)
    assert follow._ONE_AT_A_TIME.acquire(blocking=False)  # a stuck run holds the turn
    try:
        with follow.in_turn(True):
            ran = True
    finally:
        follow._ONE_AT_A_TIME.release()
    assert ran
    assert follow._ONE_AT_A_TIME.acquire(blocking=False)  # and did not release another's
    follow._ONE_AT_A_TIME.release()
