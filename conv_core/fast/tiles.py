"""Row tiles of Y and the row bands of the zero-padded input they read."""

from __future__ import annotations

import torch

from conv_core.fast.pool import pooled_empty


def row_tiles(Ho: int, Wo: int, elements: int, multiple: int = 1) -> list[tuple[int, int]]:
    """(i0, i1) for rows 0 .. Ho − 1 in tiles of at most `elements` outputs (at least one
    row), a multiple of `multiple` rows."""
    rows = max(multiple, min(elements // max(Wo, 1), Ho) // multiple * multiple)
    return [(i0, min(Ho, i0 + rows)) for i0 in range(0, Ho, rows)]


class Rows:
    """Row bands of the zero-padded input: views of X where they can be, else copies.

    Xp is X with ph zero rows above and below and pw zero columns left, then zero columns
    on the right up to `width` (default W + 2·pw). A band inside X's rows, when Xp adds
    no columns, is a view; any other is copied into one buffer, reused by the next band.
    The buffer comes from the result pool: it is as large as a tile's result, and new
    memory each call would be paged in (and zeroed by Linux) again each call.
    """

    def __init__(self, X: torch.Tensor, padding: tuple[int, int], width: int | None = None):
        self.X = X
        self.ph, self.pw = padding
        self.width = X.shape[1] + 2 * self.pw if width is None else width
        self.buffer = None

    def band(self, start: int, stop: int) -> torch.Tensor:
        """Rows start .. stop − 1 of Xp."""
        H, W = self.X.shape
        lo, hi = max(start - self.ph, 0), min(stop - self.ph, H)
        if self.pw == 0 and self.width == W and lo == start - self.ph and hi == stop - self.ph:
            return self.X[lo:hi]
        if self.buffer is None or self.buffer.shape[0] < stop - start:
            self.buffer = pooled_empty((stop - start, self.width))
        out = self.buffer[: stop - start]
        top, n = max(self.ph - start, 0), max(hi - lo, 0)  # zero rows above X, X's rows
        out[:top].zero_()
        out[top : top + n, : self.pw].zero_()
        out[top : top + n, self.pw : self.pw + W] = self.X[lo:hi]
        out[top : top + n, self.pw + W :].zero_()
        out[top + n :].zero_()
        return out


def output_shape(shape, kernel_shape, padding, stride) -> tuple[int, int]:
    """⌊(n + 2p − k) / s⌋ + 1 per axis, for arguments corr2d has checked."""
    return tuple(
        (n + 2 * p - k) // s + 1
        for n, k, p, s in zip(shape, kernel_shape, padding, stride, strict=True)
    )


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)
