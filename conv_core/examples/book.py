"""The chapter's worked examples (D2L §7.2 and §7.4), shared by the pages and the tests."""

from __future__ import annotations

import torch

from conv_core.receptive import Layer


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


def two_layer_example() -> tuple[torch.Tensor, torch.Tensor, tuple[Layer, Layer]]:
    """D2L §7.2.6: the 3×3 input of §7.2.1 under two 2×2 layers. The first gives the 2×2 map
    Y = [[19, 25], [37, 43]], whose element 19 sees four input elements; the second layer's
    single output z sees all four elements of Y and all nine of X. (The book leaves the second
    kernel open; the page uses K again.)"""
    X, K = book_example()
    return X, K, (Layer.of(2), Layer.of(2))


def two_channel_example() -> tuple[torch.Tensor, torch.Tensor]:
    """X (2, 3, 3) and K (2, 2, 2) of D2L §7.4.1: corr2d_multi_in(X, K) =
    [[56, 72], [104, 120]]."""
    X = torch.tensor(
        [[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]],
         [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]
    )  # fmt: skip
    K = torch.tensor([[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]])
    return X, K


def three_output_kernels() -> torch.Tensor:
    """D2L §7.4.2's kernel of shape (3, 2, 2, 2): §7.4.1's K stacked with K + 1 and K + 2,
    one per output channel."""
    _, K = two_channel_example()
    return torch.stack((K, K + 1, K + 2), 0)
