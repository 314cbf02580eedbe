"""The chapter's worked examples (D2L §7.2), shared by the pages and the tests."""

from __future__ import annotations

import torch


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
