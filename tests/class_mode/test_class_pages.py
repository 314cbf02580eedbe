"""Class mode on the real dashboard under AppTest: a teacher and students, one in-process
store between them (the server's, st.cache_resource).

A student's `at.run()` stands for the once-a-second poll (AppTest runs no timed fragment by
itself); a teacher's widget change is what the browser sends.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conv_core import LECTURE_WEIGHTS, corr2d
from lessons.edge_detection_sections.which_kernel import CHOICES, ROUNDS
from ui.class_mode.session import class_store
from ui.i18n import catalog
from ui.presets import EDGE_K, EDGE_X
from ui.url_params import PARAMS

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "conv_lab.py")
EN, ZH = catalog("en"), catalog("zh")
SEND = "FormSubmitter:class_answer_form_{n}-" + EN["class_mode.submit"]
LAB, EDGE = "lessons/cross_correlation.py", "lessons/edge_detection.py"


@pytest.fixture(autouse=True)
def fresh_store():
    """Every test starts with a server that holds no class."""
    class_store.clear()
    yield
    class_store.clear()


def _session(query: dict[str, str] | None = None, lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    return at


def _texts(at: AppTest) -> str:
    parts = []
    for kind in ("markdown", "caption", "success", "error", "warning", "info", "metric", "code"):
        parts += [str(getattr(e, "value", "")) for e in at.get(kind)]
    return "\n".join(parts)


def _teacher(lang: str = "en") -> tuple[AppTest, str]:
    at = _session(lang=lang)
    at.button(key="class_start").click().run()
    assert not at.exception
    return at, at.session_state["class_code"]


def _student(code: str, lang: str = "en") -> AppTest:
    at = _session({"class": code}, lang=lang)
    assert at.session_state["class_code"] == code
    return at


def _answer(at: AppTest, text: str) -> None:
    n = class_store().view(at.session_state["class_code"]).question.number
    widget = at.text_input(key=f"class_answer_{n}")
    widget.input(text)
    at.button(key=SEND.format(n=n)).click().run()
    assert not at.exception


def _go(at: AppTest, path: str) -> None:
    at.switch_page(path).run()
    assert not at.exception


# ------------------------------------------------------------------------ start and join


def test_a_teacher_starts_a_class_with_a_code_a_link_and_a_qr_code():
    teacher, code = _teacher()
    assert teacher.metric[0].value == code
    texts = _texts(teacher)
    assert EN["class_mode.teacher_status"] in texts
    assert EN["class_mode.teacher_reload"] in texts  # a reload loses the lead: said
    assert any(f"/?class={code}" in c.value for c in teacher.code)
    assert len(teacher.get("image")) == 1  # the QR code, drawn on the server
    key = teacher.session_state["class_teacher_key"]
    assert key not in texts  # the key is never shown, nor in the URL
    assert key not in str(dict(teacher.query_params))


def test_the_qr_code_is_the_links_symbol_module_by_module():
    """The PNG holds, module by module, segno's symbol for the link (no QR decoder needed)."""
    import io

    import segno
    from PIL import Image

    from ui.class_mode.panel import qr_png

    link = "http://example.org/?class=ABC234"
    image = Image.open(io.BytesIO(qr_png(link))).convert("L")
    symbol = segno.make(link, error="m").matrix
    scale, border = 8, 2
    assert image.size == ((len(symbol) + 2 * border) * scale,) * 2
    seen = [
        [image.getpixel(((c + border) * scale + 4, (r + border) * scale + 4)) < 128
         for c in range(len(row))]
        for r, row in enumerate(symbol)
    ]  # fmt: skip
    assert seen == [[bool(m) for m in row] for row in symbol]


def test_a_student_joins_by_link_in_lower_case_with_spaces_and_is_anonymous():
    _, code = _teacher()
    student = _session({"class": f" {code[:3].lower()} {code[3:].lower()} "})
    assert student.session_state["class_code"] == code
    assert EN["class_mode.student_following"].format(code=code) in _texts(student)
    assert student.query_params["class"] == code  # the link put right
    assert not [w for w in student.text_input if "name" in (w.label or "").lower()]
    assert class_store().view(code).students == 1


def test_a_student_joins_by_typing_the_code():
    _, code = _teacher()
    student = _session()
    student.text_input(key="class_join_code").input(code.lower())
    student.button(key="FormSubmitter:class_join_form-" + EN["class_mode.join"]).click().run()
    assert student.session_state["class_code"] == code


def test_an_unknown_code_is_said_and_the_page_works():
    at = _session({"class": "ZZZZZZ"})
    assert EN["class_mode.error_unknown"] in _texts(at)
    assert "class_code" not in at.session_state
    _go(at, LAB)
    assert at.button(key="class_start")


@pytest.mark.parametrize("code", ["ABC", "<script>", "O0O0O0", "ABC2345"])
def test_a_malformed_code_in_a_link_is_said_and_dropped(code):
    at = _session({"class": code})
    assert EN["shell.url_not_code"] in _texts(at)
    assert "class" not in at.query_params
    assert "class_code" not in at.session_state
    assert at.button(key="class_start")  # still usable


def test_a_typed_malformed_code_is_said_in_chinese():
    at = _session(lang="zh")
    at.text_input(key="class_join_code").input("12")
    at.button(key="FormSubmitter:class_join_form-" + ZH["class_mode.join"]).click().run()
    assert ZH["class_mode.error_bad_code"] in _texts(at)


def test_a_full_class_and_a_full_server_are_said():
    _, code = _teacher()
    class_store().max_students = 1
    _student(code)
    refused = _session({"class": code})
    assert EN["class_mode.error_class_full"] in _texts(refused)
    assert "class_code" not in refused.session_state
    class_store().max_classes = 1
    second = _session()
    second.button(key="class_start").click().run()
    assert EN["class_mode.error_server_full"] in _texts(second)
    assert "class_code" not in second.session_state


# ------------------------------------------------------------------------------- follow


def test_a_follower_takes_the_teachers_page_and_widgets_but_keeps_their_language():
    teacher, code = _teacher()
    student = _student(code, lang="zh")
    _go(teacher, LAB)
    teacher.number_input(key="padding").set_value(2).run()
    assert class_store().view(code).screen() == ("cross_correlation", (("padding", "2"),))

    student.run()  # the poll
    assert not student.exception
    assert [t.value for t in student.title] == [ZH["cross_correlation.title"]]
    assert student.number_input(key="padding").value == 2
    assert student.session_state["lang"] == "zh"

    teacher.number_input(key="padding").set_value(0).run()  # back at the default
    student.run()
    assert student.number_input(key="padding").value == 0


def _set(at: AppTest, key: str, value) -> None:
    """Set the widget keyed `key`, whatever kind it is, as its user would."""
    for kind in ("number_input", "slider", "selectbox", "segmented_control", "toggle", "radio"):
        try:
            widget = getattr(at, kind)(key=key)
        except (KeyError, AttributeError):
            continue
        widget.set_value(value).run()
        assert not at.exception
        return
    raise AssertionError(f"no widget keyed {key}")


def _other_value(key: str):
    """A value of the URL parameter `key` that is not its default."""
    spec = PARAMS[key]
    if spec.kind == "int":
        return spec.default + 1 if spec.default < spec.high else spec.default - 1
    return next(option for option in spec.options if option != spec.default)


@pytest.mark.parametrize(
    ("page", "key"),
    [("fc_to_conv", "fc_hidden"), ("padding_stride", "ps_kh"), ("edge_detection", "edge_kernel"),
     ("learn_kernel", "optimizer"), ("receptive_fields", "rf_size"),
     ("dimensions_1d_3d", "d1_padding"), ("channels", "ch_padding")],
)  # fmt: skip
def test_a_follower_takes_each_lessons_url_kept_state(page, key):
    teacher, code = _teacher()
    student = _student(code)
    _go(teacher, f"lessons/{page}.py")
    value = _other_value(key)
    _set(teacher, key, value)
    assert teacher.query_params[key] == PARAMS[key].text(value)
    student.run()
    assert not student.exception
    assert student.session_state[key] == value
    assert student.query_params[key] == PARAMS[key].text(value)


def test_a_follower_takes_the_teachers_matrices():
    teacher, code = _teacher()
    student = _student(code)
    _go(teacher, LAB)
    student.run()
    teacher.button(key="preset_edge").click().run()
    student.run()
    assert student.session_state["X_cells"] == EDGE_X
    assert student.session_state["K_cells"] == EDGE_K


def test_a_follower_takes_a_value_kept_only_in_session_state():
    """The edge page's round (a button, no widget of its own) comes along too."""
    teacher, code = _teacher()
    student = _student(code)
    _go(teacher, EDGE)
    teacher.button(key="edge_which_next").click().run()
    student.run()
    assert student.session_state["edge_which"] == 1


def test_a_student_may_explore_unless_the_teacher_locks_following():
    teacher, code = _teacher()
    student = _student(code)
    student.toggle(key="class_follow").set_value(False).run()
    _go(teacher, LAB)
    student.run()
    assert [t.value for t in student.title] != [EN["cross_correlation.title"]]  # exploring
    assert EN["class_mode.student_exploring"].format(code=code) in _texts(student)

    teacher.toggle(key="class_lock").set_value(True).run()
    student.run()
    assert [t.value for t in student.title] == [EN["cross_correlation.title"]]  # brought along
    assert student.toggle(key="class_follow").disabled
    assert student.toggle(key="class_follow").value is True

    teacher.toggle(key="class_lock").set_value(False).run()
    student.run()
    assert not student.toggle(key="class_follow").disabled


def test_a_student_following_again_gets_the_teachers_values_not_those_they_left():
    """A page keeps its choices for a student coming back to it on their own; following the
    teacher, the page is the teacher's, defaults included."""
    teacher, code = _teacher()
    student = _student(code)
    student.toggle(key="class_follow").set_value(False).run()
    student.query_params.clear()
    _go(student, LAB)
    student.number_input(key="padding").set_value(3).run()  # exploring: the student's own
    student.query_params.clear()
    _go(student, "lessons/home.py")  # left by the sidebar
    _go(teacher, LAB)  # the teacher's padding: the default, out of the URL
    student.toggle(key="class_follow").set_value(True).run()  # follows again: to the lab
    assert [t.value for t in student.title] == [EN["cross_correlation.title"]]
    assert student.number_input(key="padding").value == 0
    assert "padding" not in student.query_params


# ------------------------------------------------------------------------ ask and answer


def test_ask_the_lab_quiz_answer_reveal():
    teacher, code = _teacher()
    right, wrong, silent = (_student(code) for _ in range(3))
    _go(teacher, LAB)
    for student in (right, wrong, silent):
        student.run()
        assert not [w for w in student.text_input if w.key.startswith("class_answer")]

    teacher.button(key="class_ask_lab_cell_0").click().run()
    assert not teacher.exception
    assert EN["class_mode.answered"].format(n=0, m=3) in _texts(teacher)

    right.run()
    _answer(right, "19")  # D2L §7.2.1: Y[0, 0] = 19
    assert EN["class_mode.saved"].format(answer="19") in _texts(right)
    wrong.run()
    _answer(wrong, "nineteen")
    assert EN["class_mode.error_bad_number"] in _texts(wrong)  # refused, not counted
    _answer(wrong, "２５")
    _answer(wrong, "26")  # changed before the reveal: still one answer
    assert EN["class_mode.saved"].format(answer="26") in _texts(wrong)

    teacher.run()
    assert EN["class_mode.answered"].format(n=2, m=3) in _texts(teacher)
    assert teacher.get("arrow_vega_lite_chart") or teacher.get("vega_lite_chart")
    teacher.button(key="class_reveal_lab_cell_0").click().run()
    assert EN["class_mode.correct_is"].format(correct="19") in _texts(teacher)

    for student in (right, wrong, silent):
        student.run()
        assert not student.exception
    assert EN["class_mode.right"].format(answer="19") in _texts(right)
    assert EN["class_mode.wrong"].format(answer="26", correct="19") in _texts(wrong)
    assert EN["class_mode.no_answer"].format(correct="19") in _texts(silent)
    results = EN["class_mode.right_count"].format(right=1, n=2)
    assert results in _texts(silent)  # the class's results, for everyone
    _go(teacher, EDGE)  # … and stay until the next question
    _go(teacher, LAB)
    assert results in _texts(teacher)


def test_the_teachers_quiz_cell_is_the_one_the_students_answer():
    teacher, code = _teacher()
    student = _student(code)
    _go(teacher, LAB)
    teacher.number_input(key="quiz_answer").set_value(19)
    teacher.button(key="quiz_check").click().run()  # the teacher's quiz moves on to Y[0, 1]
    teacher.button(key="class_ask_lab_cell_1").click().run()
    student.run()
    assert student.text_input(key="class_answer_1").label == EN["quiz.prompt"].format(i=0, j=1)
    _answer(student, "25")
    teacher.button(key="class_reveal_lab_cell_1").click().run()
    student.run()
    assert EN["class_mode.right"].format(answer="25") in _texts(student)


def test_which_kernel_made_this_y_as_a_choice():
    teacher, code = _teacher()
    student = _student(code)
    _go(teacher, EDGE)
    right = CHOICES[ROUNDS[0]]
    teacher.button(key="class_ask_edge_which_0").click().run()
    student.run()
    assert not [r for r in student.radio if r.key.startswith("edge_which_guess")]  # the class's
    wrong = next(name for name in CHOICES if name != right)
    student.radio(key="class_answer_1").set_value(wrong)
    student.button(key=SEND.format(n=1)).click().run()
    teacher.button(key="class_reveal_edge_which_0").click().run()
    student.run()
    said = EN["class_mode.wrong"].format(answer=EN[f"edge_detection.kernel_{wrong}"],
                                         correct=EN[f"edge_detection.kernel_{right}"])  # fmt: skip
    assert said in _texts(student)


def test_the_which_kernel_y_is_the_named_kernels():
    from conv_core import KERNELS
    from lessons.edge_detection_sections.which_kernel import which_picture

    X = which_picture()
    outputs = {name: corr2d(X, KERNELS[name]) for name in CHOICES}
    assert len({(tuple(Y.shape), tuple(Y.flatten().tolist())) for Y in outputs.values()}) == 4
    assert sorted(ROUNDS) == list(range(len(CHOICES)))


def test_output_shape_on_the_padding_page_and_counts_hidden_on_page_1():
    teacher, code = _teacher()
    student = _student(code)
    _go(teacher, "lessons/padding_stride.py")
    teacher.button(key="class_ask_ps_lenet").click().run()
    student.run()
    _answer(student, "(28, 28)")  # LeNet's first layer: 32 − 5 + 1
    teacher.button(key="class_reveal_ps_lenet").click().run()
    student.run()
    assert EN["class_mode.right"].format(answer="28×28") in _texts(student)

    _go(teacher, "lessons/fc_to_conv.py")
    teacher.button(key="class_ask_fc_params").click().run()
    student.run()
    weights = EN["fc_to_conv.weights"]
    for at in (teacher, student):  # the counts wait for the reveal, on the projector too
        assert not [m for m in at.metric if m.label == weights]
    _answer(student, str(LECTURE_WEIGHTS))
    teacher.button(key="class_reveal_fc_params").click().run()
    student.run()
    assert [m for m in student.metric if m.label == weights]
    assert EN["class_mode.right_count"].format(right=1, n=1) in _texts(student)


def test_only_the_teacher_asks_and_a_student_cannot_answer_twice():
    teacher, code = _teacher()
    student = _student(code)
    _go(teacher, LAB)
    student.run()
    assert not [b for b in student.button if b.key.startswith(("class_ask", "class_reveal"))]
    assert not [b for b in student.toggle if b.key == "class_lock"]
    teacher.button(key="class_ask_lab_cell_0").click().run()
    student.run()
    _answer(student, "19")
    _answer(student, "19")
    assert class_store().view(code).answered == 1


# ----------------------------------------------------------------- the class's life


def test_the_class_ends_for_everyone_and_their_pages_keep_working():
    teacher, code = _teacher()
    student = _student(code)
    teacher.button(key="class_end").click().run()
    assert EN["class_mode.error_ended_by_you"] in _texts(teacher)
    student.run()
    assert not student.exception
    assert EN["class_mode.error_unknown"] in _texts(student)
    assert "class_code" not in student.session_state
    _go(student, LAB)


def test_a_student_who_reloads_is_counted_once_after_a_while():
    """A reload is a new session and joins again; the old one stops counting once it has
    not been seen for ACTIVE_SECONDS (the store's clock moved on, not waited for)."""
    from ui.class_mode import store as store_module

    _, code = _teacher()
    _student(code)
    _student(code)  # the same person after a reload
    assert class_store().view(code).students == 2
    now = class_store().clock()
    class_store().clock = lambda: now + store_module.ACTIVE_SECONDS + 1
    try:
        _student(code)
        assert class_store().view(code).students == 1
    finally:
        class_store().clock = store_module.time.time


def test_the_panel_in_chinese():
    teacher, code = _teacher(lang="zh")
    assert ZH["class_mode.teacher_status"] in _texts(teacher)
    assert teacher.metric[0].label == ZH["class_mode.join_label"]
    assert teacher.metric[0].value == code


def test_every_refusal_of_the_store_has_a_text_in_both_languages():
    import re

    folder = ROOT / "ui" / "class_mode"
    source = "".join(path.read_text("utf-8") for path in folder.glob("*.py"))
    codes = set(re.findall(r'refuse\(\s*"(\w+)"', source)) | {"ended_by_you", "left"}
    assert len(codes) > 10
    for table in (EN, ZH):
        assert sorted(c for c in codes if f"class_mode.error_{c}" not in table) == []


def test_the_chinese_texts_use_full_width_punctuation():
    zh = {k: v for k, v in ZH.items() if k.startswith(("class_mode.", "edge_detection.which"))}
    assert len(zh) > 40
    assert [k for k, v in zh.items() if any(c in v for c in ",:;!?()")] == []


def test_a_class_out_of_reach_for_a_moment_is_said_and_kept(monkeypatch):
    """Redis down (the store refuses with store_down): a message, no traceback, and the
    student is still in the class when it is back."""
    from ui.class_mode.checks import ClassError

    teacher, code = _teacher()
    student = _student(code)
    store = class_store()

    def down(*args, **kwargs):
        raise ClassError("store_down", "out of reach")

    with monkeypatch.context() as patch:
        patch.setattr(store, "view", down)
        patch.setattr(store, "version", down)
        student.run()
        teacher.run()
    for at in (student, teacher):
        assert not at.exception
        assert EN["class_mode.error_store_down"] in _texts(at)
        assert at.session_state["class_code"] == code
    student.run()
    assert EN["class_mode.student_following"].format(code=code) in _texts(student)


def test_the_join_link_is_the_apps_root_as_the_browser_reached_it():
    at = AppTest.from_file(APP, default_timeout=60)
    at.context["url"] = "https://convlab.example.org:8443/cross_correlation"
    at.run()
    at.button(key="class_start").click().run()
    code = at.session_state["class_code"]
    assert any(c.value == f"https://convlab.example.org:8443/?class={code}" for c in at.code)
