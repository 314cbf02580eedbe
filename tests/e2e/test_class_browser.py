"""Class mode in Chromium on the real dashboard: a teacher and three students, each in a
browser context of their own (their own cookies and session), on one server. The students
join by the link, follow the teacher to the lab and a widget change, answer the lab's
question, see the reveal, and learn that the teacher ended the class."""

from __future__ import annotations

import pytest
from browser_driver import assert_no_error_box
from class_steps import ask_answer_reveal, end_class, join_by_link, lead_to_the_lab, start_class

pytestmark = pytest.mark.e2e


def test_a_teacher_and_three_students(browser, server_url):
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")]
    # one phone-width student, one in Chinese (their own language), one on a laptop
    contexts += [
        browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US"),
        browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN"),
        browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US"),
    ]
    try:
        teacher, *students = (context.new_page() for context in contexts)
        langs = ("en", "zh", "en")
        code = start_class(teacher, server_url)
        for student, lang in zip(students, langs, strict=True):
            join_by_link(student, server_url, code, lang)
        lead_to_the_lab(teacher, students)
        # padding 2 around the book's 3×3 X: Y[0, 0]'s window holds zeros only
        answers = dict(zip(students, zip(("0", "3", "0"), langs, strict=True), strict=True))
        ask_answer_reveal(teacher, answers, "lab_cell_0", right="0")
        for page in (teacher, students[0], students[2]):
            assert_no_error_box(page)  # the wrong answer's verdict is the one red box
        assert students[1].get_by_test_id("stException").count() == 0
        end_class(teacher, dict(zip(students, langs, strict=True)))
        for page in (teacher, *students):
            assert page.get_by_test_id("stException").count() == 0
    finally:
        for context in contexts:
            context.close()
