"""Class mode across two replicas of the real dashboard: a teacher on one `streamlit run`,
students on the other, the class in one redis-server (CONVLAB_CLASS_STORE), all on
127.0.0.1, in headless Chromium: join by the link, follow a page and a widget, answer, reveal.
This checks what AppTest cannot: the once-a-second poll through Redis, and a page switch in
a real browser. (The nginx in front, with TLS, is tests/deploy/test_replicas.py's.) Skipped
where redis-server or Chromium is absent.
"""

from __future__ import annotations

import contextlib
import os
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
)
from class_steps import ask_answer_reveal, join_by_link, lead_to_the_lab, start_class  # noqa: E402
from redis_server import MISSING, available, redis_server  # noqa: E402

APP = ROOT / "dashboard.py"
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not available(), reason=MISSING),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Chromium at {CHROMIUM}"),
]


@contextlib.contextmanager
def _replica(log_dir: Path, store_url: str) -> Iterator[str]:
    """One `streamlit run` of the dashboard, its classes in `store_url`."""
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
                    pytest.fail(f"the dashboard did not start: {text}")
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


def test_a_teacher_on_one_replica_leads_students_on_the_other(two_replicas):
    from playwright.sync_api import sync_playwright

    replica_a, replica_b = two_replicas
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            teacher = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            code = start_class(teacher, replica_a)
            phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            laptop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            for student in (phone, laptop):
                join_by_link(student, replica_b, code)
            lead_to_the_lab(teacher, (phone, laptop), padding="1")
            # padding 1 around the book's X: Y[0, 0] = X[0, 0]·K[1, 1] = 0·3 = 0
            answers = {phone: ("0", "en"), laptop: ("5", "en")}
            ask_answer_reveal(teacher, answers, "lab_cell_0", right="0")
            for page in (teacher, phone):
                assert_no_error_box(page)  # the laptop's wrong answer is its one red box
            assert laptop.get_by_test_id("stException").count() == 0
        finally:
            browser.close()
