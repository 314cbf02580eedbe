"""Class mode's load generator (bench/class_follow.py) really drives the dashboard.

A teacher and two students on a real `streamlit run` (127.0.0.1, stopped at the end), with
the idle time and the number of changes made small: every change must reach every
student, every student must see and answer the question, and the projector must count the
answers, so that a change of protocol or page breaks this test instead of leaving the
benchmark measuring nothing. No timings are asserted.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import bench_classroom as bench  # noqa: E402
import class_follow  # noqa: E402

STUDENTS = 2

pytestmark = pytest.mark.e2e  # a real server, as the browser tests


@pytest.mark.timeout(240)
def test_a_teacher_and_two_students_through_the_benchmark(tmp_path, monkeypatch):
    monkeypatch.setattr(class_follow, "IDLE_SECONDS", 2.0)
    monkeypatch.setattr(class_follow, "CHANGES", 2)
    port = bench.free_port()
    with bench.streamlit_server(port, tmp_path / "log") as pid:
        figures = asyncio.run(class_follow.class_under_load(port, pid, STUDENTS, timeout=60))
    assert figures.errors == []
    assert figures.missed == 0
    assert len(figures.follow) == 2 * STUDENTS  # every change reached every student
    assert figures.answers_shown is not None  # the projector counted both answers
    assert figures.answers_counted == f"{STUDENTS} of {STUDENTS} answered"
    assert figures.idle_cpu > 0  # measured, whatever it was
