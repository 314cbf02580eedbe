"""The step-through view of a correlation: one output cell's window, its products and their
sum written out as a student writes it (D2L §7.2.1), and numbers as the pages print them."""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from conv_core.correlation import _check_cell, _per_axis, output_shape, pad
from conv_core.validation import as_matrix, as_pair, as_tensor


@dataclass(frozen=True)
class Window:
    """One output cell's computation: where the window sits, what it sees, what it sums."""

    i: int
    j: int
    top: int  # row of the window's top-left cell in the padded input
    left: int  # its column in the padded input
    patch: torch.Tensor  # the padded input's cells under the kernel's taps (K's shape)
    products: torch.Tensor  # patch * K, elementwise
    value: float  # the sum of the products: Y[i, j]
    dilation: tuple[int, int] = (1, 1)  # rows and columns between neighbouring taps

    @property
    def span(self) -> tuple[int, int]:
        """Rows and columns of the padded input the window covers, gaps included."""
        (kh, kw), (dh, dw) = self.patch.shape, self.dilation
        return ((kh - 1) * dh + 1, (kw - 1) * dw + 1)

    def taps(self) -> list[tuple[int, int]]:
        """(row, column) in the padded input of each kernel tap, row by row as K is read."""
        (kh, kw), (dh, dw) = self.patch.shape, self.dilation
        return [(self.top + a * dh, self.left + b * dw) for a in range(kh) for b in range(kw)]

    def expression(self, K, digits: int = 4) -> str:
        """The sum written out, as in the book: '0×0 + 1×1 + 3×2 + 4×3 = 19'."""
        return _written_sum(self.patch, as_matrix(K, "K"), self.value, digits)


def window(X, K, i: int, j: int, *, padding=0, stride=1, dilation=1) -> Window:
    """The step-through record of output cell (i, j)."""
    X = as_matrix(X, "X")
    K = as_matrix(K, "K")
    pads = as_pair(padding, "padding", 0)
    strides = as_pair(stride, "stride", 1)
    (dh, dw) = dilations = as_pair(dilation, "dilation", 1)
    shape = output_shape(X.shape, K.shape, padding=pads, stride=strides, dilation=dilations)
    _check_cell(("i", "j"), (i, j), shape)
    Xp = F.pad(X, (pads[1], pads[1], pads[0], pads[0]))
    top, left = i * strides[0], j * strides[1]
    (kh, kw) = K.shape
    patch = Xp[top : top + (kh - 1) * dh + 1 : dh, left : left + (kw - 1) * dw + 1 : dw].clone()
    products = patch * K
    return Window(i, j, top, left, patch, products, float(products.sum()), dilations)


@dataclass(frozen=True)
class Window3D:
    """One output cell of corr3d: where the kernel's box sits in the padded volume, what it
    sees, what it sums. `corner` is the box's (depth, row, column) in the padded volume."""

    cell: tuple[int, int, int]
    corner: tuple[int, int, int]
    patch: torch.Tensor
    products: torch.Tensor
    value: float

    def expression(self, K, digits: int = 4) -> str:
        """The sum written out over the kernel's cells, depth slice by depth slice."""
        return _written_sum(self.patch, as_tensor(K, "K", 3), self.value, digits)

    def slice_boxes(self) -> dict[int, tuple[int, int, int, int]]:
        """The kernel's box on each padded slice it covers: slice -> (top, left, rows, cols)."""
        front, top, left = self.corner
        depth, rows, cols = self.patch.shape
        return {front + c: (top, left, rows, cols) for c in range(depth)}


def window3d(X, K, d: int, i: int, j: int, *, padding=0, stride=1) -> Window3D:
    """The step-through record of corr3d's output cell (d, i, j)."""
    X = as_tensor(X, "X", 3)
    K = as_tensor(K, "K", 3)
    pads = _per_axis(padding, "padding", 0, 3)
    strides = _per_axis(stride, "stride", 1, 3)
    shape = output_shape(X.shape, K.shape, padding=pads, stride=strides)
    _check_cell(("d", "i", "j"), (d, i, j), shape)
    Xp = pad(X, pads)
    corner = (d * strides[0], i * strides[1], j * strides[2])
    patch = Xp[
        corner[0] : corner[0] + K.shape[0],
        corner[1] : corner[1] + K.shape[1],
        corner[2] : corner[2] + K.shape[2],
    ].clone()
    products = patch * K
    return Window3D((d, i, j), corner, patch, products, float(products.sum()))


def _written_sum(patch: torch.Tensor, K: torch.Tensor, value: float, digits: int) -> str:
    """'0×0 + 1×1 + 3×2 + 4×3 = 19': negative factors in brackets, as a student writes them."""
    terms = [
        f"{_factor(x, digits)}×{_factor(k, digits)}"
        for x, k in zip(patch.flatten().tolist(), K.flatten().tolist(), strict=True)
    ]
    return " + ".join(terms) + f" = {format_number(value, digits)}"


def _factor(x: float, digits: int) -> str:
    text = format_number(x, digits)
    return f"({text})" if text.startswith("-") else text


def format_number(x: float, digits: int = 4) -> str:
    """A number as a student writes it: 19 not 19.0, 0.25 not 0.2500, -1 not -1.0."""
    text = f"{float(x):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
