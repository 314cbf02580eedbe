"""Benchmark: conv_core's corr2d methods against each other, from the book's 3×3 to a photo.

The book's loop is timed only where it finishes in seconds; every method's result is checked
against the loop (or F.conv2d where the loop is skipped) before it is timed, and the methods
take turns so that drift in the machine's load falls on all of them alike.

    python bench/bench_methods.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conv_core import METHODS, corr2d

SIZES = [((3, 3), (2, 2)), ((6, 8), (1, 2)), ((64, 64), (3, 3)), ((256, 256), (5, 5))]
SIZES += [((1000, 1000), (7, 7)), ((3000, 4000), (3, 3))]
LOOP_LIMIT = 70_000  # output cells: beyond this the book's loop takes longer than is useful


def main() -> None:
    rng = np.random.default_rng(0)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    header = " | ".join(f"{m:>10}" for m in METHODS)
    print(f"{'X':>11} {'K':>5} | {header}   (ms per call, median)")
    for x_shape, k_shape in SIZES:
        X = torch.from_numpy(rng.standard_normal(x_shape).astype(np.float32))
        K = torch.from_numpy(rng.standard_normal(k_shape).astype(np.float32))
        cells = (x_shape[0] - k_shape[0] + 1) * (x_shape[1] - k_shape[1] + 1)
        methods = [m for m in METHODS if m != "loop" or cells <= LOOP_LIMIT]
        reference = corr2d(X, K, method="loop" if "loop" in methods else "torch")
        scale = float(X.abs().max() * K.abs().sum())
        for m in methods:
            got = corr2d(X, K, method=m)
            assert float((got - reference).abs().max()) <= 1e-5 * scale, m
        rounds = 3 if cells > 1_000_000 else 7
        times: dict[str, list[float]] = {m: [] for m in methods}
        for _ in range(rounds):
            for m in methods:
                start = time.perf_counter()
                corr2d(X, K, method=m)
                times[m].append(time.perf_counter() - start)
        cols = " | ".join(
            f"{statistics.median(times[m]) * 1e3:>10.3f}" if m in times else f"{'—':>10}"
            for m in METHODS
        )
        print(f"{'×'.join(map(str, x_shape)):>11} {'×'.join(map(str, k_shape)):>5} | {cols}")


if __name__ == "__main__":
    main()
