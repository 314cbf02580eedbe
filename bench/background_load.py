"""A reproducible background load for the 'loaded' half of a benchmark: N busy processes.

A classroom is a busy machine: every student's rerun competes with the others'. The
benchmarks measure each figure twice, on an idle machine and beside `busy_processes(2)`
(one spinning process per core of this 2-core machine), which they start and stop
themselves.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from collections.abc import Iterator


def _spin(stop_at: float) -> None:
    x = 0
    while time.monotonic() < stop_at:  # pure Python arithmetic: one core, no memory traffic
        for _ in range(10_000):
            x = (x * 1103515245 + 12345) & 0x7FFFFFFF


@contextlib.contextmanager
def busy_processes(count: int = 2, *, limit_seconds: float = 900) -> Iterator[None]:
    """`count` processes that keep a core each busy until the block ends (at most
    `limit_seconds`, so that a crashed benchmark never leaves them behind)."""
    context = multiprocessing.get_context("spawn")
    stop_at = time.monotonic() + limit_seconds
    workers = [context.Process(target=_spin, args=(stop_at,), daemon=True) for _ in range(count)]
    for worker in workers:
        worker.start()
    time.sleep(0.5)  # let them get going
    try:
        yield
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(timeout=5)


def conditions() -> Iterator[tuple[str, contextlib.AbstractContextManager]]:
    """('idle', nothing) then ('2 busy processes', the load): measure under both."""
    yield "idle", contextlib.nullcontext()
    yield "2 busy processes", busy_processes(2)
