"""Row tiles of Y and the row bands of the zero-padded input they read: shared by the methods."""

from __future__ import annotations

import threading
from collections.abc import Callable

import torch

from conv_core.fast.pool import pooled_empty
from conv_core.fast.workers import run_tiles, workers

# Output elements per row tile (4 MB of Y): a tile, its input rows and a separable pass's
# intermediate stay in the 32 MB L3 between passes. Measured 64K–16M: 512K–2M are within
# noise of each other; smaller tiles pay torch's per-operation cost and a two-thread
# barrier too often, the whole image (16M) runs from memory and is ~3× slower.
_TILE_ELEMENTS = 1 << 20
# Below this many outputs a tile costs more in handing it to a thread than it saves.
_MIN_TILE_ELEMENTS = 1 << 16


def _in_row_tiles(
    X: torch.Tensor,
    kernel_shape: tuple[int, int],
    padding: tuple[int, int],
    stride: tuple[int, int],
    compute: Callable[[torch.Tensor, torch.Tensor], None],
    extremes: Extremes | None = None,
) -> torch.Tensor:
    """Y tile by tile: `compute(band, out)` writes each row tile `out` of Y from `band`,
    the rows of Xp that tile reads; the tiles run on the shared pool (`workers`).
    `extremes`: see _Rows."""
    kh = kernel_shape[0]
    sh = stride[0]
    Ho, Wo = _output_shape(X.shape, kernel_shape, padding, stride)
    Y = pooled_empty((Ho, Wo))
    rows_per_tile = _rows_per_tile(Ho, Wo, _TILE_ELEMENTS)
    rows = _Rows(X, padding, (rows_per_tile - 1) * sh + kh, extremes=extremes, row_stride=sh)

    def tile(i0: int, i1: int) -> None:
        compute(rows.band(i0 * sh, (i1 - 1) * sh + kh), Y[i0:i1])

    run_tiles(tile, row_tiles(Ho, rows_per_tile))
    return Y


def _rows_per_tile(Ho: int, Wo: int, elements: int, multiple: int = 1) -> int:
    """Rows per tile: at most `elements` outputs a tile, and two tiles per worker thread
    where Y is large enough for tiles of `_MIN_TILE_ELEMENTS`, so that a busy thread's
    share moves to the other; a multiple of `multiple` rows."""
    Wo = max(Wo, 1)
    rows = min(elements // Wo, max(_ceil_div(Ho, 2 * workers()), _MIN_TILE_ELEMENTS // Wo))
    return max(multiple, min(rows, Ho) // multiple * multiple)


def row_tiles(rows: int, rows_per_tile: int) -> list[tuple[int, int]]:
    """(i0, i1) for rows 0 .. rows − 1 in tiles of `rows_per_tile`."""
    return [(i0, min(rows, i0 + rows_per_tile)) for i0 in range(0, rows, rows_per_tile)]


# (min, max) of parts of X, filled by the tiles that read them (list.append is atomic).
Extremes = list[tuple[float, float]]


class _Rows:
    """Row bands of the zero-padded input: views of X where they can be, else copies.

    Xp is X with ph zero rows above and below and pw zero columns left, then zero columns
    on the right up to `width` (default W + 2·pw). A band inside X's rows, when Xp adds
    no columns, is a view; any other is copied into a buffer whose margins stay zero, one
    per thread (tiles run on several), reused by that thread's next band.

    With `extremes` and a row stride of 1, each band's rows of X are scanned for their
    (min, max) as the band is made, while they are in cache: corr2d's check for NaN and
    infinity without a pass of its own over a photo (~1.4 ms of a 3×3's ~10). At stride 1
    the tiles' bands cover every row of X; at a larger stride rows between windows may be
    read by no tile, so nothing is scanned and corr2d scans X itself.
    """

    def __init__(self, X: torch.Tensor, padding: tuple[int, int], max_rows: int,
                 width: int | None = None, *, extremes: Extremes | None = None,
                 row_stride: int = 1) -> None:  # fmt: skip
        self.X = X
        self.ph, self.pw = padding
        self.width = X.shape[1] + 2 * self.pw if width is None else width
        self.max_rows = max_rows
        self._buffers = threading.local()
        self.extremes = extremes if row_stride == 1 else None

    def band(self, start: int, stop: int) -> torch.Tensor:
        """Rows start .. stop − 1 of Xp."""
        H, W = self.X.shape
        lo, hi = max(start - self.ph, 0), min(stop - self.ph, H)
        if self.extremes is not None and hi > lo:
            low, high = torch.aminmax(self.X[lo:hi])
            self.extremes.append((float(low), float(high)))
        if self.pw == 0 and self.width == W and lo == start - self.ph and hi == stop - self.ph:
            return self.X[lo:hi]
        buffer = getattr(self._buffers, "buffer", None)
        if buffer is None:
            buffer = self._buffers.buffer = torch.zeros(self.max_rows, self.width)
        out = buffer[: stop - start]
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
