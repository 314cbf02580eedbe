"""Padding and stride (D2L §7.3): which pixels the windows use, and where they step.

Conventions: this project's `padding` is per side, as PyTorch's (`padding=1` adds one row
above and one below); the book's p_h is the total number of rows added (p_h = 2 for the
same layer), so its output formula reads ⌊(n_h − k_h + p_h + s_h) / s_h⌋. `total_padding`
and `per_side_padding` convert.
"""

from __future__ import annotations

from typing import NamedTuple

import torch

from conv_core.correlation import output_shape
from conv_core.validation import ConvInputError, as_pair, as_positive_int


def _axis_uses(n: int, k: int, p: int, s: int, size: int) -> torch.Tensor:
    """How many of the `size` windows along one axis cover each of its n pixels."""
    counts = torch.zeros(n + 2 * p, dtype=torch.float32)
    for o in range(size):
        counts[o * s : o * s + k] += 1  # the window of output o on the padded axis
    return counts[p : p + n]


def use_counts(input_shape, kernel_shape, *, padding=0, stride=1) -> torch.Tensor:
    """For every input pixel, how many windows use it (D2L §7.3.1, why pad): without padding
    at stride 1 a corner is used once and a pixel far from the border k_h·k_w times."""
    h, w = as_pair(tuple(input_shape), "input_shape", 1)
    kh, kw = as_pair(tuple(kernel_shape), "kernel_shape", 1)
    ph, pw = as_pair(padding, "padding", 0)
    sh, sw = as_pair(stride, "stride", 1)
    oh, ow = output_shape((h, w), (kh, kw), padding=(ph, pw), stride=(sh, sw))
    # A window is a product of a row range and a column range, so its counts factor too.
    return torch.outer(_axis_uses(h, kh, ph, sh, oh), _axis_uses(w, kw, pw, sw, ow))


class WindowPath(NamedTuple):
    """Where the window stands on the padded input, output cell by output cell."""

    padded_shape: tuple[int, int]  # (h + 2p_h, w + 2p_w)
    output_shape: tuple[int, int]
    tops: tuple[int, ...]  # top row of the window for output row i: i·s_h
    lefts: tuple[int, ...]  # left column for output column j: j·s_w

    @property
    def corners(self) -> tuple[tuple[int, int], ...]:
        """Every window's top-left corner in the order the output is written, row by row."""
        return tuple((top, left) for top in self.tops for left in self.lefts)


def window_path(input_shape, kernel_shape, *, padding=0, stride=1) -> WindowPath:
    """The window's top-left corners on the padded input (padding and stride per axis)."""
    h, w = as_pair(tuple(input_shape), "input_shape", 1)
    kh, kw = as_pair(tuple(kernel_shape), "kernel_shape", 1)
    ph, pw = as_pair(padding, "padding", 0)
    sh, sw = as_pair(stride, "stride", 1)
    oh, ow = output_shape((h, w), (kh, kw), padding=(ph, pw), stride=(sh, sw))
    return WindowPath(
        padded_shape=(h + 2 * ph, w + 2 * pw),
        output_shape=(oh, ow),
        tops=tuple(i * sh for i in range(oh)),
        lefts=tuple(j * sw for j in range(ow)),
    )


def total_padding(padding) -> tuple[int, int]:
    """This project's padding per side as the book's p_h, p_w: rows (columns) added in total."""
    ph, pw = as_pair(padding, "padding", 0)
    return (2 * ph, 2 * pw)


def per_side_padding(total) -> tuple[int, int]:
    """The book's total padding (p_h, p_w) as padding per side; an odd total is refused, since
    this project pads both sides alike (the book puts ⌈p_h/2⌉ on top, ⌊p_h/2⌋ below)."""
    totals = as_pair(total, "total padding", 0)
    for axis, p in zip(("p_h", "p_w"), totals, strict=True):
        if p % 2:
            raise ConvInputError(
                "odd_total_padding",
                f"{axis} = {p} rows or columns in total cannot be split evenly over both sides "
                f"({(p + 1) // 2} and {p // 2}); this project pads both sides alike, so the "
                "total must be even.",
                name=axis,
                value=p,
            )
    return (totals[0] // 2, totals[1] // 2)


class ShapeExample(NamedTuple):
    """One of the book's shape examples (D2L §7.3): padding per side, as in its code."""

    input_shape: tuple[int, int]
    kernel_shape: tuple[int, int]
    padding: tuple[int, int]
    stride: tuple[int, int]
    output_shape: tuple[int, int]


# D2L §7.3's four layers on an 8 × 8 input, by name (the book's own outputs).
BOOK_SHAPES: dict[str, ShapeExample] = {
    "same_3x3": ShapeExample((8, 8), (3, 3), (1, 1), (1, 1), (8, 8)),
    "same_5x3": ShapeExample((8, 8), (5, 3), (2, 1), (1, 1), (8, 8)),
    "stride_2": ShapeExample((8, 8), (3, 3), (1, 1), (2, 2), (4, 4)),
    "kernel_3x5_stride_3x4": ShapeExample((8, 8), (3, 5), (0, 1), (3, 4), (2, 2)),
}


def size_settings(n: int, k: int, target: int) -> tuple[tuple[int, int], ...]:
    """Every (padding per side, stride) taking a length n to `target` with a kernel of k,
    padding up to k − 1 (more adds windows that see only zeros): a shape puzzle's answers."""
    n, k, target = (
        as_positive_int(n, "n"),
        as_positive_int(k, "k"),
        as_positive_int(target, "target"),
    )
    return tuple(
        (p, s)
        for p in range(k)
        if k <= n + 2 * p
        for s in range(1, n + 2 * p + 1)
        if (n + 2 * p - k) // s + 1 == target
    )
