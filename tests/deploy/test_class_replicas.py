"""Class mode across two replicas: a teacher on one `streamlit run`, a student on the other,
the class in one redis-server (CONVLAB_CLASS_STORE), all on 127.0.0.1, in headless Chromium.

The app is tests/class_mode/class_app (class mode's pieces as the dashboard will draw them),
so this checks what AppTest cannot: the once-a-second poll, a bound widget's URL, and a page
switch in a real browser. Skipped where redis-server or Chromium is absent.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT / "tests" / "class_mode"))

from browser_driver import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    _free_port,
    _healthy,
    assert_no_error_box,
    stop,
    wait_idle,
)
from redis_server import MISSING, available, redis_server  # noqa: E402

APP = ROOT / "tests" / "class_mode" / "class_app" / "app.py"
FOLLOW_WITHIN = 15_000  # ms a wait may take on a busy 2-core machine (the budget is 2 s p95)
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not available(), reason=MISSING),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Chromium at {CHROMIUM}"),
]


@contextlib.contextmanager
def _replica(log_dir: Path, store_url: str) -> Iterator[str]:
    """One `streamlit run` of the class app, its classes in `store_url`."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CONVLAB_CLASS_STORE": store_url, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false"]  # fmt: skip
    with (log_dir / "server.log").open("wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + 90
            while not _healthy(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    text = (log_dir / "server.log").read_text(errors="replace")[-2000:]
                    pytest.fail(f"the class app did not start: {text}")
                time.sleep(0.5)
            yield url
        finally:
            stop(server)


@pytest.fixture
def two_replicas(tmp_path_factory):
    with (
        redis_server(tmp_path_factory.mktemp("redis")) as store_url,
        _replica(tmp_path_factory.mktemp("replica_a"), store_url) as a,
        _replica(tmp_path_factory.mktemp("replica_b"), store_url) as b,
    ):
        yield a, b


def test_a_teacher_on_one_replica_leads_a_student_on_the_other(two_replicas):
    from playwright.sync_api import expect, sync_playwright

    replica_a, replica_b = two_replicas
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            teacher = browser.new_context().new_page()
            teacher.goto(replica_a)
            wait_idle(teacher)
            teacher.get_by_role("button", name="Start a class").click()
            wait_idle(teacher)
            link = teacher.get_by_test_id("stCode").inner_text().strip()
            code = re.fullmatch(r"http://127\.0\.0\.1:\d+/\?class=([A-Z2-9]{6})", link)[1]
            expect(teacher.get_by_role("img", name=re.compile(code))).to_be_visible()

            # a phone-width student on the other replica, by the link (typed in lower case)
            student = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            student.goto(f"{replica_b}/?class={code.lower()}")
            wait_idle(student)
            student.get_by_test_id("stSidebarCollapsedControl").or_(
                student.get_by_test_id("stExpandSidebarButton")
            ).first.click()
            expect(student.get_by_text("following the teacher")).to_be_visible()

            # the teacher goes to the lab and sets the padding: the student follows
            teacher.get_by_role("link", name="Lab").click()
            wait_idle(teacher)
            padding = teacher.get_by_label("Padding")
            padding.fill("2")
            padding.press("Enter")
            wait_idle(teacher)
            expect(student.get_by_role("heading", name="Lab")).to_be_visible(timeout=FOLLOW_WITHIN)
            expect(student.get_by_label("Padding")).to_have_value("2", timeout=FOLLOW_WITHIN)

            # ask, answer, reveal
            teacher.get_by_role("button", name="Ask the class").first.click()
            wait_idle(teacher)
            answer = student.get_by_label("Your value for Y[0, 0]")
            expect(answer).to_be_visible(timeout=FOLLOW_WITHIN)
            answer.fill("21")
            answer.press("Enter")  # sends the form (the open sidebar covers a phone's page)
            expect(student.get_by_text("Your answer: 21.")).to_be_visible()
            expect(teacher.get_by_text("1 of 1 answered")).to_be_visible(timeout=FOLLOW_WITHIN)
            teacher.get_by_role("button", name="Reveal the answer").click()
            expect(student.get_by_text("Right! Your answer 21 is correct.")).to_be_visible(
                timeout=FOLLOW_WITHIN
            )
            for page in (teacher, student):
                assert_no_error_box(page)
        finally:
            browser.close()
