"""Photo work's threads: as many as the machine has idle cores, and as they were after."""

import pytest
import torch

from conv_core import busy, threads_for_the_machine


@pytest.mark.parametrize(
    ("running", "cores", "wanted", "threads"),
    [
        (0, 2, 2, 2),  # no other process runs: every core is free
        (1, 2, 2, 1),  # another process's task holds a core
        (2, 2, 2, 1),  # two busy processes beside it: never fewer than one thread
        (9, 2, 2, 1),
        (0, 8, 2, 2),  # never more than asked for
        (2, 8, 8, 6),
        (None, 2, 2, 2),  # not Linux: as torch was set
    ],
)
def test_free_threads_leave_the_cores_other_tasks_hold(
    monkeypatch, running, cores, wanted, threads
):
    monkeypatch.setattr(busy, "running_tasks", lambda: running)
    monkeypatch.setattr(busy.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(busy, "_own_cores", lambda: cores)
    assert busy.free_threads(wanted) == threads


def test_a_process_pinned_to_one_core_runs_one_thread(monkeypatch):
    monkeypatch.setattr(busy, "running_tasks", lambda: 0)
    monkeypatch.setattr(busy.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(busy, "_own_cores", lambda: 1)
    assert busy.free_threads(2) == 1


def test_running_tasks_reads_the_kernels_count_or_says_it_cannot(monkeypatch, tmp_path):
    """The machine's running tasks less this process's own (read from each thread's state)."""
    loadavg = tmp_path / "loadavg"
    loadavg.write_text("0.52 0.58 0.59 5/467 12345\n")
    monkeypatch.setattr(busy, "_LOADAVG", str(loadavg))
    tasks = tmp_path / "task"
    for thread, state in (("11", "R"), ("12", "S"), ("13", "R")):
        (tasks / thread).mkdir(parents=True)
        (tasks / thread / "stat").write_text(f"{thread} (a (b) c) {state} 1 2 3\n")
    monkeypatch.setattr(busy, "_TASKS", str(tasks))
    assert busy.running_tasks() == 3  # 5 running, 2 of them this process's
    loadavg.write_text("garbage\n")
    assert busy.running_tasks() is None
    monkeypatch.setattr(busy, "_LOADAVG", str(tmp_path / "missing"))
    assert busy.running_tasks() is None


def test_the_thread_count_is_limited_inside_and_given_back_after(monkeypatch):
    before = torch.get_num_threads()
    monkeypatch.setattr(busy, "free_threads", lambda wanted: 1)
    with threads_for_the_machine() as threads:
        assert threads == 1
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before
    with pytest.raises(RuntimeError), threads_for_the_machine():
        raise RuntimeError("the work failed")
    assert torch.get_num_threads() == before


def test_this_process_counts_at_least_its_caller():
    assert busy._own_running() >= 1
    others = busy.running_tasks()
    assert others is None or others >= 0
