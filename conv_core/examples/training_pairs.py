"""Input/target pairs a kernel is learned from (D2L §7.2.4, and 3×3 kernels from a picture)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from conv_core.correlation import corr2d
from conv_core.examples.book import edge_image
from conv_core.kernels import kernel
from conv_core.validation import ConvInputError

# Target name -> the preset kernel that makes Y from X. "book_edge" is the book's experiment.
TARGETS = {
    "book_edge": "edge_1x2",
    "sobel_x": "sobel_x",
    "d2l_edge": "d2l_edge",
    "box_blur": "box_blur",
}
_PICTURE_SIZE = 16
# The learning rates a student can choose, and where a target starts: the book's 3e-2 for
# its own experiment; the 3×3 targets on the picture need smaller steps (their SGD limits
# are ~4e-3).
LEARNING_RATES = (1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 2e-2, 3e-2, 3.5e-2, 4e-2)
LEARNING_RATES += (5e-2, 0.1, 0.2, 0.5, 1.0)
BOOK_TARGET = "book_edge"
_BOOK_LR, _PICTURE_LR = 3e-2, 2e-3


def default_lr(target: str) -> float:
    """The learning rate a target starts from."""
    return _BOOK_LR if target == BOOK_TARGET else _PICTURE_LR


@dataclass(frozen=True)
class TrainingPair:
    """X, the kernel K that is to be found, and Y = corr2d(X, K)."""

    X: torch.Tensor
    K: torch.Tensor
    Y: torch.Tensor


def picture(size: int = _PICTURE_SIZE) -> torch.Tensor:
    """A small grey test picture in [0, 1]: a bright disc, a dark square, a ramp, a little grain.

    The grain (fixed seed) gives every direction of a 3×3 kernel something to learn from; a
    picture of flat areas alone leaves some kernels almost unconstrained.
    """
    if not isinstance(size, int) or isinstance(size, bool) or size < 8:
        raise ConvInputError(
            "too_small", f"size must be a whole number >= 8, not {size!r}.", name="size"
        )
    rows, cols = torch.meshgrid(
        torch.arange(size, dtype=torch.float32),
        torch.arange(size, dtype=torch.float32),
        indexing="ij",
    )
    img = 0.15 + 0.35 * cols / (size - 1)  # a ramp from left to right
    disc = (rows - size * 0.35) ** 2 + (cols - size * 0.35) ** 2 < (size * 0.22) ** 2
    img = torch.where(disc, torch.tensor(0.95), img)
    square = (rows >= math.ceil(size * 0.6)) & (cols >= math.ceil(size * 0.55))
    square &= (rows < size - 2) & (cols < size - 2)
    img = torch.where(square, torch.tensor(0.05), img)
    grain = torch.rand((size, size), generator=torch.Generator().manual_seed(0)) - 0.5
    return (img + 0.4 * grain).clamp(0, 1)


def training_pair(name: str) -> TrainingPair:
    """The book's 6×8 band and [1, −1] for "book_edge"; the test picture and a 3×3 preset else."""
    if name not in TARGETS:
        raise ConvInputError(
            "unknown_target",
            f"There is no target called {name!r}; choose one of {', '.join(TARGETS)}.",
            name=name,
        )
    X = edge_image() if name == "book_edge" else picture()
    K = kernel(TARGETS[name])
    return TrainingPair(X, K, corr2d(X, K))
