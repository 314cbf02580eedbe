"""The class store: the same tests on both backends (in memory, and a real Redis server)."""

from __future__ import annotations

import threading

import pytest

from ui.class_mode.checks import (
    CODE_ALPHABET,
    CODE_LENGTH,
    ClassError,
    normalize_code,
    parse_number,
    parse_shape,
)
from ui.class_mode.memory import MemoryStore
from ui.class_mode.redis_store import RedisStore
from ui.class_mode.store import (
    ACTIVE_SECONDS,
    FORGET_SECONDS,
    IDLE_SECONDS,
    store_from_setting,
)


class Clock:
    """A clock the test moves by hand (expiry without waiting)."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "redis"])
def make_store(request):
    """A factory of empty stores of one backend: make_store(clock=..., max_classes=...)."""
    if request.param == "memory":
        yield MemoryStore
        return
    import redis

    url = request.getfixturevalue("redis_url")
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield lambda **options: RedisStore(client, **options)
    client.flushdb()
    client.close()


@pytest.fixture
def store(make_store):
    return make_store()


class _RaisesCode:
    """pytest.raises(ClassError) that also checks the refusal's code."""

    def __init__(self, code: str) -> None:
        self.code = code
        self._raises = pytest.raises(ClassError)

    def __enter__(self):
        self.info = self._raises.__enter__()
        return self.info

    def __exit__(self, *exc):
        handled = self._raises.__exit__(*exc)
        assert self.info.value.code == self.code, str(self.info.value)
        return handled


# ----------------------------------------------------------------------------- codes and keys


def test_codes_have_no_look_alikes_and_are_six_characters(store):
    codes = [store.start()[0] for _ in range(40)]
    assert len(set(codes)) == 40
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(CODE_ALPHABET)
    assert not set("0O1IL") & set(CODE_ALPHABET)


@pytest.mark.parametrize(
    ("typed", "code"),
    [("abc234", "ABC234"), (" ab c2 34 ", "ABC234"), ("ABC-234", "ABC234"), ("zzzzzz", "ZZZZZZ")],
)
def test_a_code_typed_with_spaces_dashes_or_lower_case_is_read(typed, code):
    assert normalize_code(typed) == code


@pytest.mark.parametrize(
    "typed", ["", "ABC23", "ABC2345", "ABCO23", "ABC123", "AB?234", None, 7, "A" * 100]
)
def test_a_malformed_code_is_refused(typed):
    with _RaisesCode("bad_code"):
        normalize_code(typed)


def test_an_unknown_code_is_refused(store):
    code, _ = store.start()
    other = next(c for c in ("ABCDEF", "GHJKMN") if c != code)
    with _RaisesCode("unknown"):
        store.join(other)
    with _RaisesCode("unknown"):
        store.view(other)


def test_the_teacher_key_is_random_and_not_stored_in_clear(make_store):
    store = make_store()
    code, key = store.start()
    _, key2 = store.start()
    assert key != key2
    assert len(key) >= 40
    assert key not in repr(store._read(code))


def test_only_the_teacher_key_changes_the_class(store):
    code, key = store.start()
    _, other_key = store.start()
    student = store.join(code)
    for wrong in (other_key, "", None, key[:-1], student, key + "x"):
        with _RaisesCode("not_teacher"):
            store.set_screen(code, wrong, "cross_correlation", {"padding": "1"})
        with _RaisesCode("not_teacher"):
            store.set_locked(code, wrong, True)
        with _RaisesCode("not_teacher"):
            store.ask(code, wrong, "q1", "cross_correlation", "number", 19)
        with _RaisesCode("not_teacher"):
            store.reveal(code, wrong)
        with _RaisesCode("not_teacher"):
            store.end(code, wrong)
    view = store.view(code)
    assert (view.page, view.params, view.locked, view.question) == ("", {}, False, None)


# --------------------------------------------------------------------------- screen and lock


def test_the_teachers_screen_without_each_students_own_settings(store):
    code, key = store.start()
    v0 = store.version(code)
    v1 = store.set_screen(
        code,
        key,
        "cross_correlation",
        {"padding": "1", "lang": "zh", "classroom": "true", "class": code},
    )
    view = store.view(code)
    assert (view.page, view.params) == ("cross_correlation", {"padding": "1"})
    assert v1 == view.version > v0
    # the same screen again is no change: followers are not woken for nothing
    assert store.set_screen(code, key, "cross_correlation", {"padding": "1", "lang": "en"}) == v1


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("../etc", {}),
        ("Cross Correlation", {}),
        ("home", {"bad name": "1"}),
        ("home", {"x": 1}),
        ("home", {"X": "1" * 4001}),
        ("home", {f"p{i}": "1" for i in range(65)}),
        ("home", {f"p{i}": "1" * 3999 for i in range(6)}),
        ("home", ["padding", "1"]),
    ],
)
def test_a_screen_too_large_or_malformed_is_refused(store, page, params):
    code, key = store.start()
    with _RaisesCode("bad_screen"):
        store.set_screen(code, key, page, params)


def test_lock_and_unlock(store):
    code, key = store.start()
    store.set_locked(code, key, True)
    assert store.view(code).locked
    store.set_locked(code, key, False)
    assert not store.view(code).locked


# -------------------------------------------------------------------------- ask and answer


def test_a_question_from_ask_to_reveal(store):
    code, key = store.start()
    alice, bob, carol = (store.join(code) for _ in range(3))
    store.ask(code, key, "lab_cell", "cross_correlation", "number", 19)
    seen = store.view(code, alice)
    assert seen.question.kind == "number"
    assert seen.question.correct is None
    assert (seen.students, seen.answered) == (3, 0)
    store.answer(code, alice, "19")
    store.answer(code, bob, "25")
    store.answer(code, bob, " 19.00004 ")  # changed before the reveal: still one answer
    assert store.answer(code, carol, "２５") == 25.0  # full-width digits from a Chinese keyboard
    before = store.view(code, bob)
    assert before.answered == 3
    # the histogram shows six significant digits: 19.00004 stands with 19
    assert sorted(before.tally.items()) == [("19", 2), ("25", 1)]
    assert before.mine_right is None
    assert before.right is None
    store.reveal(code, key)
    with _RaisesCode("revealed"):
        store.answer(code, alice, "20")
    after = {s: store.view(code, s) for s in (alice, bob, carol)}
    assert after[alice].question.correct == 19.0
    assert [after[s].mine_right for s in (alice, bob, carol)] == [True, True, False]
    assert after[alice].right == 2
    # results stay until the next question, which starts empty
    store.ask(code, key, "lab_cell_2", "cross_correlation", "number", 7)
    nxt = store.view(code, alice)
    assert (nxt.answered, nxt.tally, nxt.mine, nxt.question.revealed) == (0, {}, None, False)
    assert nxt.question.number == after[alice].question.number + 1


def test_shape_and_choice_questions(store):
    code, key = store.start()
    s1, s2, s3 = (store.join(code) for _ in range(3))
    store.ask(code, key, "shape", "cross_correlation", "shape", "2×2")
    assert store.answer(code, s1, "2x2") == "2×2"
    assert store.answer(code, s2, "(2, 2)") == "2×2"
    assert store.answer(code, s3, "3 × 2") == "3×2"
    store.reveal(code, key)
    assert [store.view(code, s).mine_right for s in (s1, s2, s3)] == [True, True, False]
    assert store.view(code).tally == {"2×2": 2, "3×2": 1}

    store.ask(
        code,
        key,
        "which",
        "edge_detection",
        "choice",
        "sobel_x",
        options=["sobel_x", "sobel_y", "laplacian"],
    )
    store.answer(code, s1, "sobel_y")
    with _RaisesCode("bad_choice"):
        store.answer(code, s2, "SOBEL_X")
    with _RaisesCode("bad_choice"):
        store.answer(code, s2, "<b>x</b>")
    store.reveal(code, key)
    assert store.view(code, s1).mine_right is False
    assert store.view(code).question.options == ("sobel_x", "sobel_y", "laplacian")


@pytest.mark.parametrize(
    ("kind", "answer", "refusal"),
    [
        ("number", "nan", "bad_number"),
        ("number", "inf", "bad_number"),
        ("number", "-1e13", "bad_number"),
        ("number", "1e400", "bad_number"),
        ("number", "nineteen", "bad_number"),
        ("number", "", "empty_answer"),
        ("number", "   ", "empty_answer"),
        ("number", None, "empty_answer"),
        ("number", True, "bad_answer"),
        ("number", "1" * 41, "bad_answer"),
        ("number", ["19"], "empty_answer"),
        ("shape", "0×3", "bad_shape"),
        ("shape", "3×-1", "bad_shape"),
        ("shape", "3×10001", "bad_shape"),
        ("shape", "3", "bad_shape"),
        ("shape", "3×4×5", "bad_shape"),
        ("shape", "2.5×3", "bad_shape"),
    ],
)
def test_bad_answers_are_refused_and_not_counted(store, kind, answer, refusal):
    code, key = store.start()
    student = store.join(code)
    store.ask(code, key, "q", "cross_correlation", kind, 3 if kind == "number" else "3×3")
    with _RaisesCode(refusal):
        store.answer(code, student, answer)
    assert store.view(code).answered == 0


def test_answers_only_from_joined_students_and_only_to_a_question(store):
    code, key = store.start()
    student = store.join(code)
    with _RaisesCode("no_question"):
        store.answer(code, student, "1")
    with _RaisesCode("no_question"):
        store.reveal(code, key)
    store.ask(code, key, "q", "home", "number", 1)
    for forged in ("someone-else", "", None, key):
        with _RaisesCode("not_joined"):
            store.answer(code, forged, "1")
    other_code, _ = store.start()
    with _RaisesCode("not_joined"):  # a student of one class cannot answer in another
        store.answer(other_code, student, "1")
    store.leave(code, student)
    with _RaisesCode("not_joined"):
        store.answer(code, student, "1")
    assert store.view(code).students == 0


@pytest.mark.parametrize(
    ("kind", "correct", "options"),
    [
        ("essay", 1, None),
        ("number", float("nan"), None),
        ("shape", "big", None),
        ("choice", "a", ["a"]),
        ("choice", "c", ["a", "b"]),
        ("choice", "a", ["a", "a"]),
        ("choice", "a", ["a", "b" * 81]),
        ("choice", "a", [str(i) for i in range(13)]),
    ],
)
def test_a_malformed_question_is_refused(store, kind, correct, options):
    code, key = store.start()
    with _RaisesCode("bad_question"):
        store.ask(code, key, "q", "home", kind, correct, options=options)
    with _RaisesCode("bad_question"):
        store.ask(code, key, "bad id!", "home", "number", 1)


# ----------------------------------------------------------------------------- life and bounds


def test_a_class_ends_when_the_teacher_ends_it(store):
    code, key = store.start()
    student = store.join(code)
    store.end(code, key)
    for call in (
        lambda: store.view(code),
        lambda: store.version(code),
        lambda: store.answer(code, student, "1"),
        lambda: store.join(code),
    ):
        with _RaisesCode("unknown"):
            call()


def test_a_class_idle_for_three_hours_is_gone_and_activity_keeps_it(make_store):
    clock = Clock()
    store = make_store(clock=clock)
    busy, busy_key = store.start()
    idle, _ = store.start()
    clock.now += IDLE_SECONDS - 60
    store.set_locked(busy, busy_key, True)  # activity: the busy class's three hours restart
    clock.now += 120
    with _RaisesCode("unknown"):
        store.version(idle)
    with _RaisesCode("unknown"):
        store.view(idle)
    assert store.view(busy).locked
    assert store.count() == 1


def test_a_server_holds_a_bounded_number_of_classes(make_store):
    clock = Clock()
    store = make_store(clock=clock, max_classes=3)
    codes = [store.start() for _ in range(3)]
    with _RaisesCode("server_full"):
        store.start()
    store.end(*codes[0])  # an ended class frees its place
    store.start()
    clock.now += IDLE_SECONDS + 1  # and so do idle ones
    store.start()
    assert store.count() == 1


def test_a_class_holds_a_bounded_number_of_students(make_store):
    store = make_store(max_students=3)
    code, _ = store.start()
    students = [store.join(code) for _ in range(3)]
    with _RaisesCode("class_full"):
        store.join(code)
    store.leave(code, students[0])
    store.join(code)
    assert store.view(code).students == 3


def test_a_student_counts_while_seen_and_comes_back_when_seen_again(make_store):
    """A reload is a new session and a new id: the old id stops counting after
    ACTIVE_SECONDS unseen, so the count is the people in the room, not the joins."""
    clock = Clock()
    store = make_store(clock=clock)
    code, key = store.start()
    old = store.join(code)
    clock.now += 60
    new = store.join(code)  # the same person after a reload
    assert store.view(code).students == 2
    clock.now += ACTIVE_SECONDS - 30  # old unseen for 120 s, new for 60 s
    assert store.view(code).students == 1
    store.seen(code, old)  # a laptop that slept wakes up
    assert store.view(code).students == 2
    store.ask(code, key, "q", "home", "number", 1)
    store.answer(code, new, "1")
    clock.now += ACTIVE_SECONDS + 1  # both unseen; the one who answered still counts
    view = store.view(code)
    assert (view.students, view.answered) == (1, 1)
    clock.now += FORGET_SECONDS
    store.join(code)  # long gone ids are forgotten on the next join …
    with _RaisesCode("not_joined"):
        store.answer(code, old, "2")
    store.seen(code, old)  # … and a session that comes back is let in again
    store.answer(code, old, "2")
    assert store.view(code).answered == 2


def test_the_bound_counts_the_students_here_now(make_store):
    clock = Clock()
    store = make_store(clock=clock, max_students=2)
    code, _ = store.start()
    gone = [store.join(code) for _ in range(2)]
    with _RaisesCode("class_full"):
        store.join(code)
    clock.now += ACTIVE_SECONDS + 1
    store.join(code)  # the two left (closed tabs): a place is free
    store.seen(code, gone[0])  # one of them comes back to the last place
    with _RaisesCode("class_full"):
        store.seen(code, gone[1])
    for forged in ("short", None, "x" * 65):
        with _RaisesCode("not_joined"):
            store.seen(code, forged)


def test_students_are_anonymous_random_ids(store):
    code, _ = store.start()
    ids = {store.join(code) for _ in range(50)}
    assert len(ids) == 50
    assert all(len(i) >= 20 for i in ids)


def test_concurrent_answers_are_none_lost(make_store):
    store = make_store()
    code, key = store.start()
    students = [store.join(code) for _ in range(60)]
    store.ask(code, key, "q", "cross_correlation", "number", 19)
    start = threading.Barrier(len(students))
    errors: list[BaseException] = []

    def answer(i: int, student: str) -> None:
        try:
            start.wait()
            store.answer(code, student, str(i % 7))
        except BaseException as err:  # reported below, not lost in a thread
            errors.append(err)

    threads = [threading.Thread(target=answer, args=p) for p in enumerate(students)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    view = store.view(code)
    assert view.answered == 60
    assert view.tally == {str(r): sum(1 for i in range(60) if i % 7 == r) for r in range(7)}


def test_concurrent_joins_respect_the_bound(make_store):
    store = make_store(max_students=20)
    code, _ = store.start()
    start = threading.Barrier(30)
    joined, refused = [], []

    def join() -> None:
        start.wait()
        try:
            joined.append(store.join(code))
        except ClassError as err:
            refused.append(err.code)

    threads = [threading.Thread(target=join) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(joined), refused) == (20, ["class_full"] * 10)
    assert store.view(code).students == 20


def test_two_stores_on_one_redis_share_a_class(redis_url):
    """Two replicas: the teacher on one, a student on the other."""
    teacher_side, student_side = store_from_setting(redis_url), store_from_setting(redis_url)
    assert isinstance(teacher_side, RedisStore)
    code, key = teacher_side.start()
    student = student_side.join(code.lower())
    teacher_side.set_screen(code, key, "edge_detection", {"edge_kernel": "sobel_x"})
    teacher_side.ask(code, key, "q", "edge_detection", "number", 2)
    student_side.answer(code, student, "2")
    teacher_side.reveal(code, key)
    seen = student_side.view(code, student)
    assert (seen.page, seen.params, seen.mine_right) == (
        "edge_detection",
        {"edge_kernel": "sobel_x"},
        True,
    )
    teacher_side.end(code, key)


def test_the_setting_chooses_the_backend(monkeypatch):
    monkeypatch.delenv("CONVLAB_CLASS_STORE", raising=False)
    assert isinstance(store_from_setting(), MemoryStore)
    assert isinstance(store_from_setting("  "), MemoryStore)
    with pytest.raises(ValueError, match="redis://"):
        store_from_setting("http://example.org")
    monkeypatch.setenv("CONVLAB_CLASS_STORE", "redis://127.0.0.1:1/0")
    assert isinstance(store_from_setting(), RedisStore)  # connects on first use only


@pytest.mark.parametrize(
    ("text", "number"), [("19", 19.0), ("-2.5", -2.5), ("−3", -3.0), ("１９．５", 19.5), (4, 4.0)]
)
def test_numbers_as_students_type_them(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["3x4", "3X4", "3 x 4", "3*4", "3,4", "(3, 4)", "３×４", "3 4"])
def test_shapes_as_students_type_them(text):
    assert parse_shape(text) == "3×4"


def test_only_the_teachers_changes_wake_the_followers(store):
    """The version a follower polls moves with the teacher's screen, lock, question and
    reveal; joins and answers leave it alone (60 answers must not rerun 60 pages 60 times)."""
    code, key = store.start()
    versions = [store.version(code)]
    student = store.join(code)
    store.ask(code, key, "q", "home", "number", 1)
    versions.append(store.version(code))
    store.answer(code, student, "2")
    store.answer(code, student, "1")
    versions.append(store.version(code))
    store.set_locked(code, key, True)
    versions.append(store.version(code))
    store.reveal(code, key)
    versions.append(store.version(code))
    assert versions[0] < versions[1] == versions[2] < versions[3] < versions[4]


def test_a_redis_out_of_reach_is_a_refusal_not_a_traceback():
    pytest.importorskip("redis")
    from redis_server import free_port  # free a moment ago: nothing listens there

    store = store_from_setting(f"redis://127.0.0.1:{free_port()}/0")
    calls = (store.start, lambda: store.view("ABCDEF"), lambda: store.version("ABCDEF"),
             lambda: store.join("ABCDEF"), lambda: store.answer("ABCDEF", "s", "1"))  # fmt: skip
    for call in calls:
        with _RaisesCode("store_down"):
            call()
