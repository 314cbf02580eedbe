"""The props of "From fully connected to convolution" (D2L §7.1): the calculator's presets,
the dense matrix's kernels and input, the little "L" that is shifted, and Waldo's crowd."""

from __future__ import annotations

import random

import torch

from conv_core.examples.book import book_example
from conv_core.examples.waldo import waldo_pattern
from conv_core.kernels import KERNELS
from conv_core.validation import as_positive_int

# The calculator: image size, colour channels and hidden units.
LECTURE = {"height": 3000, "width": 4000, "channels": 3, "hidden": 100}  # a 12 MP RGB photo
BOOK = {"height": 1000, "width": 1000, "channels": 1, "hidden": 1000}  # D2L: 10⁹ weights
LECTURE_KERNEL = 3  # the k of the lecture's k × k convolution
LECTURE_WEIGHTS = 3_600_000_000  # 36 亿: the count Chinese notes misprint as "3.6 亿"
BYTES_PER_WEIGHT = {4: "float32", 2: "float16", 1: "int8"}  # the first is the default

# The dense matrix: the book's kernel first, then kernels of other shapes.
DENSE_KERNELS = {
    "book": book_example()[1],
    **{name: KERNELS[name] for name in ("edge_1x2", "d2l_edge", "box_blur", "sobel_x")},
}
# Equivariance and locality: 3 × 3 kernels, so that padding 1 keeps Y the size of X.
PICTURE_KERNELS = {name: KERNELS[name] for name in ("d2l_edge", "sobel_x", "box_blur", "laplacian")}
PICTURE_SIDE = 10
PICTURE_PADDING = 1
PICTURE_MAX_SHIFT = PICTURE_SIDE // 2  # the shift sliders reach half the picture either way

# Where's Waldo: the crowd's size, and where Waldo stands when the page opens.
CROWD = (24, 36)
WALDO_AT = (13, 25)


def counting_image(height: int, width: int) -> torch.Tensor:
    """0, 1, 2, … row by row: the book's X (D2L §7.2.1) at any size, every pixel told apart."""
    height = as_positive_int(height, "height")
    width = as_positive_int(width, "width")
    return torch.arange(float(height * width)).reshape(height, width)


def l_picture() -> torch.Tensor:
    """A 10×10 dark picture with a small bright 'L': something whose position is easy to see."""
    X = torch.zeros(PICTURE_SIDE, PICTURE_SIDE)
    X[2:6, 2] = 1.0  # the stem, rows 2 to 5
    X[5, 2:5] = 1.0  # the foot, columns 2 to 4
    return X


def hiding_range() -> tuple[int, int]:
    """The last row and column at which Waldo's top-left cell leaves all of him in the crowd."""
    ph, pw = waldo_pattern().shape
    return CROWD[0] - ph, CROWD[1] - pw


def hiding_place(rng: random.Random | None = None) -> tuple[int, int]:
    """A random place to hide Waldo, anywhere he fits."""
    rng = rng or random.Random()
    last_top, last_left = hiding_range()
    return rng.randint(0, last_top), rng.randint(0, last_left)
