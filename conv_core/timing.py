"""How long the book's double loop would take on a whole image, measured on a patch of it."""

from __future__ import annotations

import time
from dataclasses import dataclass

import torch

from conv_core.correlation import corr2d, output_shape
from conv_core.validation import as_matrix, as_pair, as_positive_int


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
