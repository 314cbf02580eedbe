"""Shift-and-add: Y is the sum over K's taps of each tap times a shifted view of Xp."""

from __future__ import annotations

import torch

from conv_core.fast.tiles import Extremes, _in_row_tiles


def corr2d_shift(
    X: torch.Tensor,
    K: torch.Tensor,
    padding: tuple[int, int],
    stride: tuple[int, int],
    extremes: Extremes | None = None,
) -> torch.Tensor:
    """Shift-and-add: Y is the sum over the taps of K[a, b] times a shifted view of Xp.
    `extremes`: X's (min, max) by parts, where the tiles scan it (tiles._Rows)."""
    weights = K.tolist()

    def tile(band: torch.Tensor, out: torch.Tensor) -> None:
        _shift_add(band, weights, stride, out, accumulate=False)

    return _in_row_tiles(X, K.shape, padding, stride, tile, extremes)


def _shift_add(band, weights, stride, out, *, accumulate: bool) -> None:
    """out (+)= Σ_a Σ_b weights[a][b] · band[a::sh, b::sw], cut to out's shape."""
    n, m = out.shape
    sh, sw = stride
    for a, row in enumerate(weights):
        for b, w in enumerate(row):
            if w == 0.0:
                continue  # many presets (Sobel, Laplacian, the book's [1, -1]) are mostly 0
            view = band[a : a + (n - 1) * sh + 1 : sh, b : b + (m - 1) * sw + 1 : sw]
            if accumulate:
                out.add_(view, alpha=w)
            else:
                torch.mul(view, w, out=out)
                accumulate = True
    if not accumulate:
        out.zero_()
