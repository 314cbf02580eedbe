"""The chapter's worked examples (D2L §7.2), shared by the pages and the tests."""

from __future__ import annotations

import torch

from conv_core.validation import ConvInputError, as_positive_int

__all__ = [
    "SIGNALS",
    "VOLUMES",
    "book_example",
    "diagonal_image",
    "edge_image",
    "edge_kernel",
    "signal",
    "volume",
]


def book_example() -> tuple[torch.Tensor, torch.Tensor]:
    """X and K of D2L §7.2.1: corr2d(X, K) = [[19, 25], [37, 43]]."""
    X = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    return X, K


def edge_image() -> torch.Tensor:
    """The 6×8 image of D2L §7.2.4: ones, with a black (0) band in columns 2 to 5."""
    X = torch.ones((6, 8))
    X[:, 2:6] = 0
    return X


def edge_kernel() -> torch.Tensor:
    """The 1×2 kernel [1, −1] that finds the image's vertical edges (D2L §7.2.4)."""
    return torch.tensor([[1.0, -1.0]])


def diagonal_image(height: int = 6, width: int = 8) -> torch.Tensor:
    """ones on and below a diagonal staircase, zeros above it: X[i, j] = 1 when j <= i + 1.

    Each row changes once, from 1 to 0, and so does each column, from 0 to 1: both the book's
    [1, −1] and its transpose find this edge, with opposite signs.
    """
    i = torch.arange(height)[:, None]
    j = torch.arange(width)[None, :]
    return (j <= i + 1).to(torch.float32)


SIGNALS = ("step", "spike", "ramp", "wave")
VOLUMES = ("cube", "slab", "random")


def signal(name: str, length: int = 12) -> torch.Tensor:
    """A 1-D example: a step (the edge of 1-D), a single spike, a ramp, a wave with noise."""
    length = as_positive_int(length, "length")
    n = torch.arange(length, dtype=torch.float32)
    if name == "step":  # the book's band, one row of it: 1 then 0
        return (n < length // 2).to(torch.float32)
    if name == "spike":  # a kernel slid over one 1 writes the kernel itself, reversed
        return (n == length // 2).to(torch.float32)
    if name == "ramp":  # a steady slope: [1, −1] gives a constant −1
        return n.clone()
    if name == "wave":
        noise = torch.randn(length, generator=torch.Generator().manual_seed(0))
        return (torch.sin(2 * torch.pi * n / 8) + 0.3 * noise).round(decimals=2)
    raise ConvInputError(
        "unknown_example",
        f"There is no signal called {name!r}; choose one of {', '.join(SIGNALS)}.",
        name=name,
    )


def volume(name: str, shape: tuple[int, int, int] = (4, 5, 5), seed: int = 0) -> torch.Tensor:
    """A 3-D example: a cube of 1s inside 0s, a slab (one depth slice of 1s), random digits."""
    D, H, W = (as_positive_int(n, "shape") for n in shape)
    if name == "cube":
        X = torch.zeros(D, H, W)
        X[D // 4 : D - D // 4, H // 4 : H - H // 4, W // 4 : W - W // 4] = 1
        return X
    if name == "slab":  # edges only between depth slices: a 2-D kernel cannot see them
        X = torch.zeros(D, H, W)
        X[D // 2] = 1
        return X
    if name == "random":
        generator = torch.Generator().manual_seed(int(seed))
        return torch.randint(0, 10, (D, H, W), generator=generator).to(torch.float32)
    raise ConvInputError(
        "unknown_example",
        f"There is no volume called {name!r}; choose one of {', '.join(VOLUMES)}.",
        name=name,
    )
