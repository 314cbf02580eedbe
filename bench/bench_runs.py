"""Benchmark: a whole training run computed at once (conv_core.record_run) for the player.

    python bench/bench_runs.py

Budget (DESIGN.md): a 500-step run in ≤ 100 ms on this machine, idle and loaded. Reference
in the same run: the same steps taken by learn_kernel (the book's autograd loop). Each
setting is timed 7 times, alternating the two, the median is reported; "loaded" is beside
two busy processes (bench/background_load.py).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from background_load import conditions

from conv_core import RunConfig, learn_kernel, record_run, training_pair

SETTINGS = [  # (target, lr, optimizer): 500 steps each (none converges before the limit)
    ("sobel_x", 2e-3, "sgd"),
    ("sobel_x", 2e-3, "adam"),
    ("d2l_edge", 2e-3, "adam"),
    ("box_blur", 1e-3, "sgd"),
]
ROUNDS = 7


def _learn_kernel_run(target: str, lr: float, optimizer: str) -> None:
    pair = training_pair(target)
    for _ in learn_kernel(pair.X, pair.Y, tuple(pair.K.shape), lr=lr, steps=501,
                          optimizer=optimizer, seed=0):  # fmt: skip
        pass


def main() -> None:
    print("| condition | setting | steps | record_run ms | learn_kernel ms | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    for condition, load in conditions():
        with load:
            for target, lr, optimizer in SETTINGS:
                config = RunConfig(target, lr, optimizer, 0)
                fast_times, slow_times = [], []
                for _ in range(ROUNDS):
                    start = time.perf_counter()
                    run = record_run(config)
                    fast_times.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    _learn_kernel_run(target, lr, optimizer)
                    slow_times.append(time.perf_counter() - start)
                fast, slow = statistics.median(fast_times), statistics.median(slow_times)
                print(f"| {condition} | {target}, lr {lr:g}, {optimizer} | {run.steps_taken} | "
                      f"{1e3 * fast:.1f} | {1e3 * slow:.1f} | {slow / fast:.1f}× |")  # fmt: skip


if __name__ == "__main__":
    main()
