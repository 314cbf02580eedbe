"""Class mode's Streamlit pieces under AppTest: a teacher and students, one store between them.

The app is tests/class_mode/class_app (two pages that draw the panel and `ask` as the
dashboard will). A student's `at.run()` stands for the once-a-second poll: AppTest does not
run timed fragment reruns by itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.class_mode.session import class_store
from ui.i18n import catalog

APP = str(Path(__file__).parent / "class_app" / "app.py")
EN = catalog("en")


@pytest.fixture(autouse=True)
def fresh_store():
    """Every test starts with a server that holds no class."""
    class_store.clear()
    yield
    class_store.clear()


def _session(query: dict[str, str] | None = None, lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
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


def _teacher() -> tuple[AppTest, str]:
    at = _session()
    at.button(key="class_start").click().run()
    assert not at.exception
    code = at.session_state["class_code"]
    return at, code


def _student(code: str) -> AppTest:
    at = _session({"class": code})
    assert at.session_state["class_code"] == code
    return at


def test_a_teacher_starts_a_class_with_a_code_a_link_and_a_qr_code():
    teacher, code = _teacher()
    assert teacher.metric[0].value == code
    assert EN["class_mode.teacher_status"] in _texts(teacher)
    assert f"/?class={code}" in teacher.code[0].value
    assert len(teacher.get("image")) == 1  # the QR code, drawn on the server
    key = teacher.session_state["class_teacher_key"]
    assert key not in _texts(teacher)  # the key is never shown, nor in the URL
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


def test_a_student_joins_by_link_typed_in_lower_case_and_is_anonymous():
    _, code = _teacher()
    student = _session({"class": f" {code.lower()} "})
    assert student.session_state["class_code"] == code
    assert EN["class_mode.student_following"].format(code=code) in _texts(student)
    assert not student.text_input  # nothing asks for a name
    assert class_store().view(code).students == 1


def test_a_student_joins_by_typing_the_code():
    _, code = _teacher()
    student = _session()
    student.text_input(key="class_join_code").input(code[:3] + " " + code[3:])
    student.button(key="FormSubmitter:class_join_form-" + EN["class_mode.join"]).click().run()
    assert student.session_state["class_code"] == code


@pytest.mark.parametrize(
    ("code", "refusal"), [("ZZZZZZ", "error_unknown"), ("ABC", "error_bad_code"),
                          ("<script>", "error_bad_code"), ("O0O0O0", "error_bad_code")]
)  # fmt: skip
def test_an_unknown_or_malformed_code_gets_a_message_and_the_page_works(code, refusal):
    at = _session({"class": code})
    assert not at.exception
    assert EN[f"class_mode.{refusal}"] in _texts(at)
    assert "class_code" not in at.session_state
    assert at.button(key="class_start")  # still usable


def test_a_follower_takes_the_teachers_page_and_state_but_keeps_their_language():
    teacher, code = _teacher()
    student = _session({"class": code}, lang="zh")
    teacher.switch_page("lab.py").run()
    # The browser writes a bound widget's value into the URL; AppTest does not, so the test
    # does what the browser would.
    teacher.query_params["padding"] = "2"
    teacher.number_input(key="padding").set_value(2).run()
    assert not teacher.exception
    assert class_store().view(code).screen() == ("lab", (("padding", "2"),))

    student.run()  # the poll
    assert not student.exception
    assert [t.value for t in student.title] == ["Lab"]
    assert student.number_input(key="padding").value == 2
    assert student.session_state["lang"] == "zh"

    teacher.query_params["padding"] = "3"
    teacher.number_input(key="padding").set_value(3).run()
    student.run()
    assert student.number_input(key="padding").value == 3

    del teacher.query_params["padding"]  # back at its default: the URL leaves it out
    teacher.number_input(key="padding").set_value(0).run()
    student.run()
    assert student.number_input(key="padding").value == 0


def test_a_student_may_explore_unless_the_teacher_locks_following():
    teacher, code = _teacher()
    student = _student(code)
    student.toggle(key="class_follow").set_value(False).run()
    teacher.switch_page("lab.py").run()
    student.run()
    assert [t.value for t in student.title] == ["Home"]  # exploring: stays
    assert EN["class_mode.student_exploring"].format(code=code) in _texts(student)

    teacher.toggle(key="class_lock").set_value(True).run()
    student.run()
    assert [t.value for t in student.title] == ["Lab"]  # locked: brought along
    assert student.toggle(key="class_follow").disabled
    assert student.toggle(key="class_follow").value is True

    teacher.toggle(key="class_lock").set_value(False).run()
    student.run()
    assert not student.toggle(key="class_follow").disabled


def test_ask_answer_reveal():
    teacher, code = _teacher()
    right, wrong, silent = (_student(code) for _ in range(3))
    teacher.switch_page("lab.py").run()
    for student in (right, wrong, silent):
        student.run()
        assert not [t for t in student.text_input if t.key.startswith("class_answer")]

    teacher.button(key="class_ask_lab_cell").click().run()
    assert not teacher.exception
    assert "0 of 3 answered" in _texts(teacher)

    right.run()
    right.text_input(key="class_answer_1").input("19")
    right.button(key="FormSubmitter:class_answer_form_1-Send my answer").click().run()
    assert "Your answer: 19." in _texts(right)
    wrong.run()
    wrong.text_input(key="class_answer_1").input("nineteen")
    wrong.button(key="FormSubmitter:class_answer_form_1-Send my answer").click().run()
    assert EN["class_mode.error_bad_number"] in _texts(wrong)  # refused, not counted
    wrong.text_input(key="class_answer_1").input("２５")
    wrong.button(key="FormSubmitter:class_answer_form_1-Send my answer").click().run()
    assert "Your answer: 25." in _texts(wrong)

    teacher.run()
    assert "2 of 3 answered" in _texts(teacher)
    assert teacher.get("arrow_vega_lite_chart") or teacher.get("vega_lite_chart")
    teacher.button(key="class_reveal_lab_cell").click().run()
    assert "The right answer: **19**" in _texts(teacher)
    assert "1 of 2 answers were right." in _texts(teacher)

    for student in (right, wrong, silent):
        student.run()
        assert not student.exception
    assert EN["class_mode.right"].format(answer="19") in _texts(right)
    assert EN["class_mode.wrong"].format(answer="25", correct="19") in _texts(wrong)
    assert EN["class_mode.no_answer"].format(correct="19") in _texts(silent)
    assert "1 of 2 answers were right." in _texts(silent)  # the class's results, for everyone


def test_a_choice_question_shows_the_pages_labels():
    teacher, code = _teacher()
    student = _student(code)
    teacher.switch_page("lab.py").run()
    teacher.button(key="class_ask_which").click().run()
    student.run()
    student.radio(key="class_answer_1").set_value("sobel_y")
    student.button(key="FormSubmitter:class_answer_form_1-Send my answer").click().run()
    assert "Your answer: Sobel y." in _texts(student)
    teacher.button(key="class_reveal_which").click().run()
    student.run()
    assert EN["class_mode.wrong"].format(answer="Sobel y", correct="Sobel x") in _texts(student)


def test_the_class_ends_for_everyone_and_their_pages_keep_working():
    teacher, code = _teacher()
    student = _student(code)
    teacher.button(key="class_end").click().run()
    assert EN["class_mode.error_ended_by_you"] in _texts(teacher)
    student.run()
    assert not student.exception
    assert EN["class_mode.error_unknown"] in _texts(student)
    assert "class_code" not in student.session_state
    student.switch_page("lab.py").run()
    assert not student.exception


def test_the_panel_in_chinese():
    teacher = _session(lang="zh")
    teacher.button(key="class_start").click().run()
    code = teacher.session_state["class_code"]
    zh = catalog("zh")
    assert zh["class_mode.teacher_status"] in _texts(teacher)
    assert teacher.metric[0].label == zh["class_mode.join_label"]
    assert teacher.metric[0].value == code


def test_every_refusal_of_the_store_has_a_text_in_both_languages():
    import re

    folder = Path(__file__).parents[2] / "ui" / "class_mode"
    source = "".join(path.read_text("utf-8") for path in folder.glob("*.py"))
    codes = set(re.findall(r'refuse\(\s*"(\w+)"', source)) | {"ended_by_you", "left"}
    assert len(codes) > 10
    for lang in ("en", "zh"):
        assert sorted(c for c in codes if f"class_mode.error_{c}" not in catalog(lang)) == []


def test_the_chinese_texts_use_full_width_punctuation():
    zh = {k: v for k, v in catalog("zh").items() if k.startswith("class_mode.")}
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
    at = AppTest.from_file(APP, default_timeout=30)
    at.context["url"] = "https://convlab.example.org:8443/lab"
    at.run()
    at.switch_page("lab.py").run()
    at.button(key="class_start").click().run()
    code = at.session_state["class_code"]
    assert at.code[0].value == f"https://convlab.example.org:8443/?class={code}"
