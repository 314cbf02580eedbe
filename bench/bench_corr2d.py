"""Benchmark: corr2d(method="auto") against OpenCV, SciPy and torch's F.conv2d on 12 MP.

    python bench/bench_corr2d.py            # the table in docs/performance.md (a few minutes)
    python bench/bench_corr2d.py --quick    # fewer rounds, no SciPy at k = 31 (~40 s)

One process, one 3000×4000 float32 image, kernels of size 3, 5, 7, 15 and 31: random
full-rank ones and the rank-1 presets (Gaussian, Sobel). Every output has the input's
size ("same" padding, zeros outside the image, OpenCV's BORDER_CONSTANT). Before timing,
each library's result is checked against OpenCV's. Then the methods take turns, one call
each per round, so drift in the machine's load falls on all of them alike; the table
shows the median time and the median over rounds of each time divided by OpenCV's.

Beside "auto", each fast method it could pick is timed through corr2d(method=...), and
"auto" without the result pool and with one torch thread: what each piece earns.

It does that twice: on an idle machine, and beside two busy processes that it starts
itself (bench/background_load.py: a classroom is a busy machine). Beside the load, the
slow references (SciPy, F.conv2d) are left out.
"""

from __future__ import annotations

import os

# As conv_core sets it for the server (conv_core/_openmp.py); this file imports torch first.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import cv2
import numpy as np
import scipy.ndimage
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from background_load import conditions

from conv_core import auto_method, corr2d
from conv_core.fast import corr2d_auto
from conv_core.fast import pool as result_pool

SIZES = (3, 5, 7, 15, 31)
ALTERNATIVES = ("blocked", "fft")  # each fast method by name
SLOW = ("scipy", "F.conv2d")  # timed in fewer rounds: they are far behind anyway
NO_POOL = result_pool._ResultPool(min_bytes=0, max_bytes=0)  # keeps nothing: every result is new


def gaussian(k: int) -> np.ndarray:
    """A k×k Gaussian, σ as OpenCV picks it for that size: rank 1."""
    g = cv2.getGaussianKernel(k, -1).astype(np.float64)
    return (g @ g.T).astype(np.float32)


SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float32)


def kernels(rng: np.random.Generator) -> list[tuple[str, np.ndarray]]:
    """(label, kernel) pairs: random full-rank at every size, and the rank-1 presets."""
    out = []
    for k in SIZES:
        out.append((f"{k}×{k} random", rng.standard_normal((k, k)).astype(np.float32)))
        out.append((f"{k}×{k} Gaussian", gaussian(k)))
        if k == 3:
            out.append(("3×3 Sobel x", SOBEL_X))
    return out


def methods(X: np.ndarray, K: np.ndarray) -> dict[str, Callable[[], np.ndarray]]:
    """Each library's 'same'-size cross-correlation of X with K, zeros outside X."""
    Xt, Kt = torch.from_numpy(X), torch.from_numpy(K)
    pad = (K.shape[0] // 2, K.shape[1] // 2)

    def auto() -> np.ndarray:
        return corr2d(Xt, Kt, padding=pad, method="auto").numpy()

    def fast_auto() -> np.ndarray:
        # the same work without corr2d's argument checks (a finiteness pass over X, etc.)
        return corr2d_auto(Xt, Kt, pad, (1, 1)).numpy()

    def fresh_auto() -> np.ndarray:
        # corr2d with every result in new memory, as OpenCV's are (no pool to reuse)
        with mock.patch.object(result_pool, "_results", NO_POOL):
            return corr2d(Xt, Kt, padding=pad, method="auto").numpy()

    def one_thread() -> np.ndarray:
        # corr2d with torch held to one intra-op thread, as on a one-core server
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            return corr2d(Xt, Kt, padding=pad, method="auto").numpy()
        finally:
            torch.set_num_threads(threads)

    def method(name: str) -> Callable[[], np.ndarray]:
        return lambda: corr2d(Xt, Kt, padding=pad, method=name).numpy()

    def opencv() -> np.ndarray:
        return cv2.filter2D(X, -1, K, borderType=cv2.BORDER_CONSTANT)

    def scipy_() -> np.ndarray:
        return scipy.ndimage.correlate(X, K, mode="constant")

    def conv2d() -> np.ndarray:
        with torch.no_grad():
            return F.conv2d(Xt[None, None], Kt[None, None], padding=pad)[0, 0].numpy()

    runs = {"auto": auto, "fast": fast_auto, "fresh": fresh_auto, "1 thread": one_thread}
    runs |= {name: method(name) for name in ALTERNATIVES}
    return runs | {"OpenCV": opencv, "scipy": scipy_, "F.conv2d": conv2d}


def check(results: dict[str, np.ndarray], K: np.ndarray) -> None:
    """Every result equals OpenCV's to float32 precision, relative to the data's scale."""
    reference = results["OpenCV"]
    # |Y| ≤ Σ|K| for X in [0, 1): the scale every float32 error is relative to.
    tolerance = 1e-5 * float(np.abs(K).sum())
    for name, Y in results.items():
        if Y.shape != reference.shape:
            raise SystemExit(f"{name}: shape {Y.shape}, OpenCV {reference.shape}")
        error = float(np.abs(Y - reference).max())
        if not error <= tolerance:
            raise SystemExit(f"{name}: differs from OpenCV by {error:.3g} > {tolerance:.3g}")


def interleaved(
    runs: dict[str, Callable[[], object]], rounds: int, slow_rounds: int
) -> dict[str, list[float]]:
    """Seconds per call for each method: rounds in which every method runs once, in turn."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for r in range(rounds):
        names = list(runs)
        names = names[r % len(names) :] + names[: r % len(names)]  # rotate who goes first
        for name in names:
            if name in SLOW and r >= slow_rounds:
                continue
            start = time.perf_counter()
            runs[name]()
            times[name].append(time.perf_counter() - start)
    return times


def machine() -> str:
    """CPU model, core count and library versions, for docs/performance.md."""
    model = platform.processor() or "unknown CPU"
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        for line in lscpu.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return (
        f"{model}, {torch.get_num_threads()} torch threads, {cv2.getNumThreads()} OpenCV "
        f"threads; Python {platform.python_version()}, torch {torch.__version__}, "
        f"OpenCV {cv2.__version__}, SciPy {scipy.__version__}, NumPy {np.__version__}; "
        f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'unset')}"
    )


def table(X: np.ndarray, rng: np.random.Generator, args, *, slow: bool) -> float:
    """Print one table (every kernel); return the worst auto / OpenCV ratio."""
    header = "| kernel | auto picks | auto ms | OpenCV ms | SciPy ms | F.conv2d ms |"
    print(
        header + " auto / OpenCV | unchecked | no pool | 1 thread | blocked | fft |"
        " SciPy / OpenCV | F.conv2d / OpenCV |"
    )
    print("|" + " --- |" * 14)
    worst = 0.0
    for label, K in kernels(rng):
        runs = methods(X, K)
        if not slow:
            for name in SLOW:
                del runs[name]
        elif args.quick and K.shape[0] >= 31:
            del runs["scipy"]  # ~10 s a call
        check({name: run() for name, run in runs.items()}, K)
        times = interleaved(runs, args.rounds, args.slow_rounds)
        ms = {name: 1e3 * statistics.median(t) for name, t in times.items()}
        ratio = {
            name: statistics.median(a / b for a, b in zip(t, times["OpenCV"], strict=False))
            for name, t in times.items()
        }
        worst = max(worst, ratio["auto"])
        cells = [label, auto_method(X.shape, K, (K.shape[0] // 2, K.shape[1] // 2)).method]
        cells += [f"{ms['auto']:.1f}", f"{ms['OpenCV']:.1f}"]
        cells += [f"{ms[n]:.0f}" if n in ms else "—" for n in SLOW]
        cells += [
            f"{ratio[n]:.2f}×" if n in ratio else "—"
            for n in ("auto", "fast", "fresh", "1 thread", *ALTERNATIVES, *SLOW)
        ]
        print("| " + " | ".join(cells) + " |", flush=True)
    print()
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, skip slow SciPy")
    parser.add_argument("--rounds", type=int, help="rounds for auto and OpenCV")
    parser.add_argument("--condition", choices=("both", "idle", "2"), default="both",
                        help="idle, 2 (two busy processes) or both")  # fmt: skip
    args = parser.parse_args()
    args.rounds = args.rounds or (5 if args.quick else 15)
    args.slow_rounds = 1 if args.quick else 2

    rng = np.random.default_rng(0)
    X = rng.random((3000, 4000), dtype=np.float32)
    print(machine())
    print(f"X: {X.shape[0]}×{X.shape[1]} float32, 'same' padding; {args.rounds} rounds")
    print()
    worst: dict[str, float] = {}
    for condition, load in conditions():
        if args.condition not in ("both", condition.split()[0]):
            continue
        print(f"{condition}:")
        with load:
            worst[condition] = table(X, rng, args, slow=condition == "idle")
    for condition, ratio in worst.items():
        print(f"worst auto / OpenCV, {condition}: {ratio:.2f}× (budget 2.0×)")
    print("ratios to OpenCV; unchecked: conv_core.fast.corr2d_auto called directly, without")
    print("corr2d's checks; no pool: every result in new memory (conv_core.fast.pool off);")
    print("1 thread: torch.set_num_threads(1) around corr2d; blocked, fft: corr2d(method=...)")


if __name__ == "__main__":
    main()
