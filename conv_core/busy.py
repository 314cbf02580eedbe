"""Threads for photo-sized work: as many as there are cores nobody else is using.

torch splits each operation evenly between its threads and waits for the last one. When
other processes keep the cores busy (a classroom's other requests, two busy processes
beside a benchmark), one of the threads is often not running, and every operation waits
until the scheduler gives it a core again; a single thread is never waited for. So photo
work asks the kernel how many tasks are running right now and leaves the cores they hold.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import torch

_LOADAVG = "/proc/loadavg"  # Linux: its fourth field is "running/total" scheduling entities


def running_tasks() -> int | None:
    """Tasks running or ready to run on the whole machine now (this one included), or None
    where the system does not say (not Linux)."""
    try:
        with open(_LOADAVG, encoding="ascii") as file:
            return int(file.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return None


def free_threads(wanted: int) -> int:
    """How many of `wanted` threads the machine's idle cores can run (at least 1, and no more
    than the cores this process may use: a server pinned to one core runs one)."""
    running = running_tasks()
    if running is None:
        return wanted
    idle = (os.cpu_count() or 1) - (running - 1)  # the caller's own thread is running
    return max(1, min(wanted, idle, _own_cores()))


def _own_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # no affinity outside Linux
        return os.cpu_count() or 1


@contextmanager
def threads_for_the_machine() -> Iterator[int]:
    """torch's threads in this thread limited to the idle cores for the `with` block (their
    number is given), as they were after it."""
    before = torch.get_num_threads()
    threads = free_threads(before)
    if threads == before:
        yield threads
        return
    torch.set_num_threads(threads)
    try:
        yield threads
    finally:
        torch.set_num_threads(before)
