"""One small pool of threads for every fast method's row tiles, shared by all callers.

Why not torch's own threads: each elementwise op of a tile is a parallel region of torch's
OpenMP team, split half and half between the two threads and ended by a barrier. A 3×3
shift-and-add is ~100 such regions of ~0.1 ms. On an idle machine that is fine; on a busy
one (a classroom: every student's rerun competes with the others') one of the two threads
is often descheduled, and each barrier waits for it — a time slice of a few ms, ~100 times
a call. Measured on 3000×4000 beside two busy processes: 4.7× OpenCV at 3×3 and 8.5× at
7×7, where OpenCV (which hands out stripes of work to whichever thread is free) stays
within 1.5×.

So the methods hand their row tiles to this pool instead: `workers()` threads (torch's
intra-op thread count at import, one per core), each running torch with one intra-op
thread. A tile is one task; a free thread takes the next one (dynamic scheduling, no
barrier inside a call), so a descheduled thread delays only its own tile. The pool is one
per process: however many sessions call corr2d at once, the fast path never runs more than
`workers()` threads, and their tiles queue in the order they came.
"""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Callable, Iterable

import torch

_lock = threading.Lock()
_pool: concurrent.futures.ThreadPoolExecutor | None = None
_size = 0


def workers() -> int:
    """How many threads run tiles: torch's intra-op threads when the pool was made."""
    _get_pool()
    return _size


def run_tiles(task: Callable[..., None], tiles: Iterable[tuple]) -> None:
    """task(*tile) for every tile, on the pool's threads; returns when all are done.

    The tasks must write disjoint parts of the result. An exception in one is raised
    here, after the others have finished (so that nothing writes into a dropped result).
    """
    tiles = list(tiles)
    pool = _get_pool()
    if pool is None or len(tiles) <= 1 or _on_a_worker():
        for tile in tiles:
            task(*tile)
        return
    futures = [pool.submit(task, *tile) for tile in tiles]
    concurrent.futures.wait(futures)
    for future in futures:
        future.result()  # raises the first task's exception, if any


_local = threading.local()


def start_thread(target: Callable[[], None], name: str) -> threading.Thread:
    """A daemon thread running `target()` with one intra-op thread, as the pool's threads
    do (see _start); the caller's count is set back once the thread has settled its own."""
    size = torch.get_num_threads()
    settled = threading.Event()

    def run() -> None:
        _one_intra_op_thread()
        settled.set()
        target()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    settled.wait()
    torch.set_num_threads(size)
    return thread


def _one_intra_op_thread() -> None:
    """This thread computes with one intra-op thread. torch settles a thread's count on its
    first use of threads (get_num_threads or a parallel op), from the count set last
    anywhere: settle it now, while that is 1 (the caller sets its own back afterwards)."""
    torch.set_num_threads(1)
    torch.get_num_threads()


def _on_a_worker() -> bool:
    return getattr(_local, "worker", False)


def _get_pool() -> concurrent.futures.ThreadPoolExecutor | None:
    global _pool, _size
    with _lock:
        if _size == 0:
            _size = max(1, torch.get_num_threads())
            if _size > 1:
                _pool = _start(_size)
        return _pool


def _start(size: int) -> concurrent.futures.ThreadPoolExecutor:
    """A pool of `size` threads, each with one intra-op thread, all started now.

    torch.set_num_threads(1) in a worker also sets the count that threads started later
    take (Streamlit starts one per session's rerun), so once every worker has set its own,
    the caller's count is set back: the workers keep 1, every other thread gets `size`.
    """
    ready = threading.Barrier(size + 1)

    def init() -> None:
        _one_intra_op_thread()
        _local.worker = True

    pool = concurrent.futures.ThreadPoolExecutor(
        size, thread_name_prefix="conv_core-tiles", initializer=init
    )
    for _ in range(size):  # each task holds a thread until all have started
        pool.submit(ready.wait)
    ready.wait()
    torch.set_num_threads(size)
    return pool
