"""The shared pool the fast methods run their row tiles on (conv_core.fast.workers)."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch

from conv_core import corr2d
from conv_core.fast import workers as pool_module
from conv_core.fast.workers import run_tiles, start_thread, workers


def test_every_tile_runs_once_on_the_pools_threads():
    seen: list[tuple[int, str]] = []
    lock = threading.Lock()

    def task(i: int) -> None:
        with lock:
            seen.append((i, threading.current_thread().name))

    run_tiles(task, [(i,) for i in range(20)])
    assert sorted(i for i, _ in seen) == list(range(20))
    if workers() > 1:
        assert {name for _, name in seen} <= {
            t.name for t in threading.enumerate() if t.name.startswith("conv_core-tiles")
        }


def test_workers_compute_with_one_intra_op_thread_and_others_keep_theirs():
    counts: list[int] = []
    run_tiles(lambda: counts.append(torch.get_num_threads()), [(), ()])
    if workers() > 1:
        assert counts == [1, 1]
    # A thread started after the pool (Streamlit's per-rerun threads) is not left at 1.
    later: list[int] = []
    thread = threading.Thread(target=lambda: later.append(torch.get_num_threads()))
    thread.start()
    thread.join()
    assert later == [workers()]
    assert torch.get_num_threads() == workers()


def test_an_exception_in_a_tile_reaches_the_caller_after_every_tile_finished():
    done: list[int] = []

    def task(i: int) -> None:
        if i == 3:
            raise ValueError("tile 3")
        done.append(i)

    with pytest.raises(ValueError, match="tile 3"):
        run_tiles(task, [(i,) for i in range(8)])
    assert sorted(done) == [0, 1, 2, 4, 5, 6, 7]


def test_calls_from_many_threads_at_once_give_each_its_own_result():
    """Sessions share one pool: eight concurrent corr2d calls, each exact."""
    rng = np.random.default_rng(0)
    X = torch.from_numpy(rng.random((700, 500), dtype=np.float32))
    kernels = [torch.from_numpy(rng.standard_normal((k, k)).astype(np.float32))
               for k in (3, 5, 7, 21, 3, 5, 7, 21)]  # fmt: skip
    expected = [
        torch.nn.functional.conv2d(X[None, None].double(), K[None, None].double(), padding=2)
        for K in kernels
    ]
    results: dict[int, torch.Tensor] = {}

    def call(n: int) -> None:
        results[n] = corr2d(X, kernels[n], padding=2)

    threads = [threading.Thread(target=call, args=(n,)) for n in range(len(kernels))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for n, Y in results.items():
        scale = float(kernels[n].abs().sum())
        np.testing.assert_allclose(Y.numpy(), expected[n][0, 0].numpy(), atol=1e-5 * scale)
    assert len(results) == len(kernels)


def test_a_tile_that_calls_run_tiles_runs_its_tiles_inline():
    """No deadlock when a task itself hands out tiles (all workers could be waiting)."""
    out: list[int] = []
    run_tiles(lambda: run_tiles(lambda i: out.append(i), [(1,), (2,)]), [(), ()])
    assert sorted(out) == [1, 1, 2, 2]


def test_the_pool_is_made_once(monkeypatch):
    first = pool_module._get_pool()
    assert pool_module._get_pool() is first


def test_a_thread_of_conv_core_s_own_has_one_intra_op_thread_and_others_keep_theirs():
    """start_thread (the compile thread's): one intra-op thread, as on the pool's threads,
    without changing the caller's count or that of threads started later."""
    before = torch.get_num_threads()
    seen: list[int] = []
    start_thread(lambda: seen.append(torch.get_num_threads()), "conv_core-test").join()
    assert seen == [1]
    assert torch.get_num_threads() == before
    later: list[int] = []
    thread = threading.Thread(target=lambda: later.append(torch.get_num_threads()))
    thread.start()
    thread.join()
    assert later == [before]
