"""Class mode's steps in a real browser, on the real dashboard: a teacher starts a class,
students join by the link, the teacher leads to the lab and asks, students answer, the
teacher reveals. Shared by tests/e2e/test_class_browser.py (one server) and
tests/deploy/test_class_replicas.py (two replicas and Redis)."""

from __future__ import annotations

import re

from browser_driver import wait_idle

from ui.i18n import catalog

FOLLOW_WITHIN = 20_000  # ms a wait may take on a busy 2-core machine (the budget is 2 s p95)
LAB = "Cross-correlation lab"


def said(lang: str, key: str, **values) -> str:
    """A class-mode text as the page shows it in `lang` (Markdown's ** left out)."""
    return catalog(lang)[f"class_mode.{key}"].format(**values).replace("**", "")


def _keyed(page, key: str, inner: str = ""):
    """The element Streamlit drew with `key` (its container has the class st-key-<key>)."""
    return page.locator(f".st-key-{key} {inner}".strip())


def open_sidebar(page) -> None:
    """A phone-width page starts with its sidebar closed."""
    opener = page.get_by_test_id("stExpandSidebarButton").or_(
        page.get_by_test_id("stSidebarCollapsedControl")
    )
    if opener.first.is_visible():
        opener.first.click()


def start_class(teacher, url: str) -> str:
    """The teacher opens the dashboard and starts a class; returns the join code."""
    from playwright.sync_api import expect

    teacher.goto(url)
    wait_idle(teacher)
    _keyed(teacher, "class_start", "button").first.click()
    wait_idle(teacher)
    link = teacher.get_by_test_id("stSidebar").get_by_test_id("stCode").inner_text().strip()
    code = re.fullmatch(r"https?://[^/]+/\?class=([A-Z2-9]{6})", link)[1]
    expect(teacher.get_by_role("img", name=re.compile(code))).to_be_visible()  # the QR code
    return code


def join_by_link(student, url: str, code: str, lang: str = "en") -> None:
    """A student opens the join link (typed in lower case) and sees they follow."""
    from playwright.sync_api import expect

    student.goto(f"{url}/?class={code.lower()}")
    wait_idle(student)
    open_sidebar(student)
    expect(student.get_by_text(said(lang, "student_following", code=code))).to_be_visible()


def lead_to_the_lab(teacher, students, padding: str = "2") -> None:
    """The teacher goes to the lab and sets the padding; every student follows both."""
    from playwright.sync_api import expect

    teacher.get_by_role("link", name=LAB).first.click()
    teacher.wait_for_url(re.compile("cross_correlation"))
    wait_idle(teacher)
    field = _keyed(teacher, "padding", "input")
    field.fill(padding)
    field.press("Enter")
    wait_idle(teacher)
    for student in students:
        expect(student).to_have_url(re.compile("cross_correlation"), timeout=FOLLOW_WITHIN)
        expect(_keyed(student, "padding", "input")).to_have_value(padding, timeout=FOLLOW_WITHIN)


def ask_answer_reveal(teacher, answers: dict, question: str, right: str) -> None:
    """The teacher asks `question` (its key's end), each student (page → (answer, language))
    sends their answer, the projector counts them, the teacher reveals, each student sees
    whether theirs was right."""
    from playwright.sync_api import expect

    _keyed(teacher, f"class_ask_{question}", "button").first.click()
    wait_idle(teacher)
    for student, (text, lang) in answers.items():
        box = student.locator("[class*='st-key-class_answer_'] input").first
        box.wait_for(timeout=FOLLOW_WITHIN)
        box.fill(text)
        box.press("Enter")  # sends the form (a phone's open sidebar may cover its button)
        saved = said(lang, "saved", answer=text)
        expect(student.get_by_text(saved)).to_be_visible(timeout=FOLLOW_WITHIN)
    n = len(answers)
    counted = said("en", "answered", n=n, m=n)
    expect(teacher.get_by_text(counted)).to_be_visible(timeout=FOLLOW_WITHIN)
    _keyed(teacher, f"class_reveal_{question}", "button").first.click()
    for student, (text, lang) in answers.items():
        verdict = (
            said(lang, "right", answer=text)
            if text == right
            else said(lang, "wrong", answer=text, correct=right)
        )
        expect(student.get_by_text(verdict)).to_be_visible(timeout=FOLLOW_WITHIN)


def end_class(teacher, students: dict) -> None:
    """The teacher ends the class; each student (page → language), whose tab only asks the
    class's version over HTTP, learns it without doing anything: their sidebar says the
    class is no more and offers to join one again."""
    from playwright.sync_api import expect

    _keyed(teacher, "class_end", "button").first.click()
    expect(teacher.get_by_text(said("en", "error_ended_by_you"))).to_be_visible(
        timeout=FOLLOW_WITHIN
    )
    for student, lang in students.items():
        # In the sidebar, which a phone keeps closed: attached is what the page says.
        expect(student.get_by_text(said(lang, "error_unknown"))).to_be_attached(
            timeout=FOLLOW_WITHIN
        )
        expect(_keyed(student, "class_join_code", "input")).to_be_attached()
