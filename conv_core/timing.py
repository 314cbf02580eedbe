"""How long corr2d takes: the book's double loop on a whole image (measured on a patch of it),
the fast path and F.conv2d."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import torch

from conv_core.correlation import corr2d, output_shape
from conv_core.validation import as_matrix, as_pair, as_positive_int

_Result = TypeVar("_Result")


@dataclass(frozen=True)
class LoopEstimate:
    """The loop timed on `patch_outputs` cells, scaled to all `total_outputs` of the image."""

    seconds: float
    patch_outputs: int
    total_outputs: int
    patch_seconds: float


def estimate_loop_seconds(X, K, *, padding=0, stride=1, patch: int = 24) -> LoopEstimate:
    """Time corr2d(method="loop") on a patch×patch corner of the output and scale it up.

    The book's loop costs the same for every output cell (one window, one product, one sum),
    so its time grows with the number of cells: measured on a few hundred of them, it
    predicts a 12-megapixel image without waiting hours.
    """
    X = as_matrix(X, "X")
    K = as_matrix(K, "K")
    pads, strides = as_pair(padding, "padding", 0), as_pair(stride, "stride", 1)
    patch = as_positive_int(patch, "patch")
    oh, ow = output_shape(X.shape, K.shape, padding=pads, stride=strides)
    ph, pw = min(patch, oh), min(patch, ow)
    # The rows and columns of the padded input that the patch's windows read.
    Xp = torch.nn.functional.pad(X, (pads[1], pads[1], pads[0], pads[0]))
    rows = (ph - 1) * strides[0] + K.shape[0]
    cols = (pw - 1) * strides[1] + K.shape[1]
    corner = Xp[:rows, :cols]
    start = time.perf_counter()
    corr2d(corner, K, stride=strides, method="loop")
    elapsed = time.perf_counter() - start
    total = oh * ow
    return LoopEstimate(elapsed * total / (ph * pw), ph * pw, total, elapsed)


def timed(operation: Callable[..., _Result], *args: Any, **options: Any) -> tuple[_Result, float]:
    """`operation(*args, **options)` and the seconds it took."""
    start = time.perf_counter()
    result = operation(*args, **options)
    return result, time.perf_counter() - start


def median_seconds(operation: Callable[[], Any], times: int = 3) -> float:
    """The median of `times` timed runs of `operation()`, in seconds."""
    times = as_positive_int(times, "times")
    return statistics.median(timed(operation)[1] for _ in range(times))


@dataclass(frozen=True)
class MethodTimings:
    """The book's loop (estimated from a patch), corr2d's "auto" and F.conv2d on one image."""

    loop: LoopEstimate
    auto: float
    torch: float

    def rows(self) -> list[tuple[str, float, float]]:
        """(method, seconds, seconds as a multiple of auto's) for "loop", "auto", "torch"."""
        seconds = {"loop": self.loop.seconds, "auto": self.auto, "torch": self.torch}
        return [(name, s, s / self.auto) for name, s in seconds.items()]


def time_methods(X, K, *, padding=0) -> MethodTimings:
    """Time the three ways on X: the loop once on a patch, auto the median of 3, torch once."""
    X, K = as_matrix(X, "X"), as_matrix(K, "K")
    loop = estimate_loop_seconds(X, K, padding=padding)
    auto = median_seconds(lambda: corr2d(X, K, padding=padding), 3)
    torch_seconds = median_seconds(lambda: corr2d(X, K, padding=padding, method="torch"), 1)
    return MethodTimings(loop, auto, torch_seconds)
