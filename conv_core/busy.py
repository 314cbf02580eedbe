"""Threads for photo-sized work: as many as there are cores nobody else is using.

torch splits each operation evenly between its threads and waits for the last one. When
other processes keep the cores busy (two busy processes beside a benchmark, other
programs on a shared machine), one of the threads is often not running, and every
operation waits until the scheduler gives it a core again; a single thread is never waited
for. So photo work asks the kernel how many tasks are running right now and leaves the
cores that other processes' tasks hold. This process's own threads are not counted: a
server's threads that send a page to the browser run in short bursts, and each change of
torch's thread count makes oneDNN build its kernels again for the new count.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import torch

_LOADAVG = "/proc/loadavg"  # Linux: its fourth field is "running/total" scheduling entities
_TASKS = "/proc/self/task"  # Linux: one folder per thread of this process, with its state


def running_tasks() -> int | None:
    """Tasks of other processes running or ready to run now, or None where the system does
    not say (not Linux)."""
    try:
        with open(_LOADAVG, encoding="ascii") as file:
            everyone = int(file.read().split()[3].split("/")[0])
        return max(0, everyone - _own_running())
    except (OSError, ValueError, IndexError):
        return None


def _own_running() -> int:
    """This process's threads running or ready to run (the caller's at least)."""
    running = 0
    for thread in os.listdir(_TASKS):
        try:
            with open(f"{_TASKS}/{thread}/stat", "rb") as file:
                stat = file.read()
        except OSError:  # the thread has ended
            continue
        # The state is the first field after the command name, which ends with ")".
        state = stat.rindex(b")") + 2
        running += stat[state : state + 1] == b"R"
    return max(1, running)


def free_threads(wanted: int) -> int:
    """How many of `wanted` threads the cores left idle by other processes can run (at least
    1, and no more than the cores this process may use: a server pinned to one core runs
    one)."""
    others = running_tasks()
    if others is None:
        return wanted
    idle = (os.cpu_count() or 1) - others
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
