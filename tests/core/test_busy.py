"""Photo work's threads: as many as the machine has idle cores, and as they were after."""

import pytest
import torch

from conv_core import busy, threads_for_the_machine


@pytest.mark.parametrize(
    ("running", "cores", "wanted", "threads"),
    [
        (1, 2, 2, 2),  # only the caller runs: every core is free
        (2, 2, 2, 1),  # one other task holds a core
        (3, 2, 2, 1),  # two busy processes beside it: never fewer than one thread
        (9, 2, 2, 1),
        (1, 8, 2, 2),  # never more than asked for
        (3, 8, 8, 6),
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
    monkeypatch.setattr(busy, "running_tasks", lambda: 1)
    monkeypatch.setattr(busy.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(busy, "_own_cores", lambda: 1)
    assert busy.free_threads(2) == 1


def test_running_tasks_reads_the_kernels_count_or_says_it_cannot(monkeypatch, tmp_path):
    loadavg = tmp_path / "loadavg"
    loadavg.write_text("0.52 0.58 0.59 3/467 12345\n")
    monkeypatch.setattr(busy, "_LOADAVG", str(loadavg))
    assert busy.running_tasks() == 3
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
