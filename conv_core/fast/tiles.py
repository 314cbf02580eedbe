"""Row tiles of Y and the row bands of the zero-padded input they read: shared by the methods."""

from __future__ import annotations

from collections.abc import Callable

import torch

from conv_core.fast.pool import _empty

# Output elements per row tile (4 MB of Y): a tile, its input rows and a separable pass's
# intermediate stay in the 32 MB L3 between passes. Measured 64K–16M: 512K–2M are within
# noise of each other; smaller tiles pay torch's per-operation cost and a two-thread
# barrier too often, the whole image (16M) runs from memory and is ~3× slower.
_TILE_ELEMENTS = 1 << 20


def _in_row_tiles(
    X: torch.Tensor,
    kernel_shape: tuple[int, int],
    padding: tuple[int, int],
    stride: tuple[int, int],
    compute: Callable[[torch.Tensor, torch.Tensor], None],
) -> torch.Tensor:
    """Y tile by tile: `compute(band, out)` writes each row tile `out` of Y from `band`,
    the rows of Xp that tile reads."""
    kh = kernel_shape[0]
    sh = stride[0]
    Ho, Wo = _output_shape(X.shape, kernel_shape, padding, stride)
    Y = _empty((Ho, Wo))
    rows_per_tile = max(1, min(Ho, _TILE_ELEMENTS // max(Wo, 1)))
    rows = _Rows(X, padding, (rows_per_tile - 1) * sh + kh)
    for i0 in range(0, Ho, rows_per_tile):
        i1 = min(Ho, i0 + rows_per_tile)
        compute(rows.band(i0 * sh, (i1 - 1) * sh + kh), Y[i0:i1])
    return Y


class _Rows:
    """Row bands of the zero-padded input: views of X where they can be, else copies.

    Xp is X with ph zero rows above and below and pw zero columns left, then zero columns
    on the right up to `width` (default W + 2·pw). A band inside X's rows, when Xp adds
    no columns, is a view; any other is copied into one reused buffer whose margins stay
    zero.
    """

    def __init__(self, X: torch.Tensor, padding: tuple[int, int], max_rows: int,
                 width: int | None = None) -> None:  # fmt: skip
        self.X = X
        self.ph, self.pw = padding
        self.width = X.shape[1] + 2 * self.pw if width is None else width
        self.max_rows = max_rows
        self.buffer = None

    def band(self, start: int, stop: int) -> torch.Tensor:
        """Rows start .. stop − 1 of Xp."""
        H, W = self.X.shape
        lo, hi = max(start - self.ph, 0), min(stop - self.ph, H)
        if self.pw == 0 and self.width == W and lo == start - self.ph and hi == stop - self.ph:
            return self.X[lo:hi]
        if self.buffer is None:
            self.buffer = torch.zeros(self.max_rows, self.width)
        out = self.buffer[: stop - start]
        top = lo + self.ph - start  # zero rows above X inside this band
        if top > 0:
            out[:top].zero_()
        if hi > lo:
            out[top : top + hi - lo, self.pw : self.pw + W].copy_(self.X[lo:hi])
        bottom = top + max(hi - lo, 0)
        if bottom < out.shape[0]:
            out[bottom:].zero_()
        return out


def _output_shape(shape, kernel_shape, padding, stride) -> tuple[int, int]:
    return tuple(
        (n + 2 * p - k) // s + 1
        for n, k, p, s in zip(shape, kernel_shape, padding, stride, strict=True)
    )


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)
