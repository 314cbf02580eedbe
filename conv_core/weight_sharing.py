"""A convolution as the dense, weight-shared matrix it equals (D2L §7.1).

The chapter's summary: a convolutional layer is a fully connected layer whose weights are
shared and mostly zero. For a 2-D cross-correlation with padding and stride that matrix is
doubly block Toeplitz: `conv_matrix(K, X.shape) @ vec(X) == vec(corr2d(X, K))`, where `vec`
reads a matrix row by row.
"""

from __future__ import annotations

from typing import NamedTuple

import torch

from conv_core.correlation import output_shape
from conv_core.validation import ConvInputError, as_matrix, as_pair

MAX_DENSE_ENTRIES = 4_000_000  # 16 MB of float32; beyond that the dense view is refused


def weight_index(input_shape, kernel_shape, *, padding=0, stride=1) -> torch.Tensor:
    """Which kernel weight fills each entry of the dense matrix: a·k_w + b, or −1 for a zero.

    Row `i·w_Y + j` belongs to output cell (i, j), column `r·w + c` to input pixel (r, c).
    """
    h, w = as_pair(tuple(input_shape), "input_shape", 1)
    kh, kw = as_pair(tuple(kernel_shape), "kernel_shape", 1)
    ph, pw = as_pair(padding, "padding", 0)
    sh, sw = as_pair(stride, "stride", 1)
    oh, ow = output_shape((h, w), (kh, kw), padding=(ph, pw), stride=(sh, sw))
    rows, cols = oh * ow, h * w
    if rows * cols > MAX_DENSE_ENTRIES:
        raise ConvInputError(
            "matrix_too_large",
            f"The dense matrix would have {rows} × {cols} = {rows * cols} entries, more than "
            f"{MAX_DENSE_ENTRIES}; use a smaller input.",
            rows=rows,
            cols=cols,
            limit=MAX_DENSE_ENTRIES,
        )
    i, j, a, b = torch.meshgrid(
        torch.arange(oh), torch.arange(ow), torch.arange(kh), torch.arange(kw), indexing="ij"
    )
    r = i * sh + a - ph  # the input pixel under kernel cell (a, b) when the window makes (i, j)
    c = j * sw + b - pw
    inside = (r >= 0) & (r < h) & (c >= 0) & (c < w)  # outside: a padding zero, no weight
    index = torch.full((rows, cols), -1, dtype=torch.int64)
    index[(i * ow + j)[inside], (r * w + c)[inside]] = (a * kw + b)[inside]
    return index


def conv_matrix(K, input_shape, *, padding=0, stride=1) -> torch.Tensor:
    """The (h_Y·w_Y) × (h·w) matrix M with M @ vec(X) = vec(corr2d(X, K, padding, stride))."""
    K = as_matrix(K, "K")
    index = weight_index(input_shape, K.shape, padding=padding, stride=stride)
    weights = torch.cat([K.flatten(), torch.zeros(1)])  # index −1 picks the trailing zero
    return weights[index]


def vec(X) -> torch.Tensor:
    """X read row by row into one vector (the order a fully connected layer sees it in)."""
    return as_matrix(X, "X").flatten()


def unvec(v, shape) -> torch.Tensor:
    """The inverse of `vec`: a vector laid back out as a matrix of `shape`, row by row."""
    h, w = as_pair(tuple(shape), "shape", 1)
    v = torch.as_tensor(v, dtype=torch.float32).flatten()
    if v.numel() != h * w:
        raise ConvInputError(
            "vec_length",
            f"A vector of {v.numel()} numbers cannot be laid out as {h} × {w}.",
            length=v.numel(),
            shape=(h, w),
        )
    return v.reshape(h, w)


def dense_forward(M, X, shape) -> torch.Tensor:
    """The convolution computed the fully connected way: unvec(M · vec(X), shape)."""
    return unvec(torch.as_tensor(M, dtype=torch.float32) @ vec(X), shape)


class MatrixRow(NamedTuple):
    """One row of the dense matrix: the output cell it makes, and its window on X.

    `window` is (top, left, height, width) clipped to X, the padding left out; None when the
    window sees padding only.
    """

    row: int
    cell: tuple[int, int]
    window: tuple[int, int, int, int] | None


def matrix_row(row: int, input_shape, kernel_shape, *, padding=0, stride=1) -> MatrixRow:
    """Row `row` of conv_matrix: output cell (i, j) = divmod(row, w_Y), and the pixels it reads."""
    h, w = as_pair(tuple(input_shape), "input_shape", 1)
    kh, kw = as_pair(tuple(kernel_shape), "kernel_shape", 1)
    ph, pw = as_pair(padding, "padding", 0)
    sh, sw = as_pair(stride, "stride", 1)
    oh, ow = output_shape((h, w), (kh, kw), padding=(ph, pw), stride=(sh, sw))
    if isinstance(row, bool) or not isinstance(row, int) or not 0 <= row < oh * ow:
        raise ConvInputError(
            "index",
            f"row must be a whole number from 0 to {oh * ow - 1}; got {row!r}.",
            name="row",
            maximum=oh * ow - 1,
        )
    i, j = divmod(row, ow)
    top, left = i * sh - ph, j * sw - pw  # in X's own coordinates: negative is padding
    bottom, right = min(h, top + kh), min(w, left + kw)
    top, left = max(0, top), max(0, left)
    if bottom <= top or right <= left:
        return MatrixRow(row, (i, j), None)
    return MatrixRow(row, (i, j), (top, left, bottom - top, right - left))


class WeightUse(NamedTuple):
    """How the dense matrix uses K's weights: locality's zeros and weight sharing, counted."""

    entries: int  # every entry of M
    used: int  # the entries that hold a weight of K; the rest are zeros no training changes
    most_uses: int  # the most times any one weight of K appears in M

    @property
    def percent_used(self) -> float:
        return 100 * self.used / self.entries


def weight_use(index) -> WeightUse:
    """Counts over a `weight_index` (−1 where M holds a fixed zero)."""
    index = torch.as_tensor(index, dtype=torch.int64)
    used = index[index >= 0]
    most = int(torch.bincount(used).max()) if used.numel() else 0
    return WeightUse(entries=index.numel(), used=used.numel(), most_uses=most)
