"""The loss of a kernel as a function of its weights: its surface, its minimum, its curvature.

The book's loss, Σ (corr2d(X, K) − Y)², is a quadratic in the weights of K: with P the
matrix whose rows are X's windows (one per output cell), it is |P·vec(K) − vec(Y)|².
That gives the whole surface at once, its lowest point by least squares, and the largest
learning rate plain gradient descent survives (D2L §7.2.4, §12.3).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from conv_core.correlation import output_shape
from conv_core.validation import ConvInputError, as_matrix, as_pair, as_tensor


def patch_matrix(X, kernel_shape) -> torch.Tensor:
    """X's windows as rows (float64), in the order of Y's cells: corr2d(X, K) = P · vec(K)."""
    X = as_matrix(X, "X")
    kernel_shape = as_pair(kernel_shape, "kernel_shape", 1)
    output_shape(X.shape, kernel_shape)  # refuses a kernel larger than X
    return F.unfold(X.double()[None, None], kernel_shape)[0].T.contiguous()


def _checked_pair(X, Y, kernel_shape) -> tuple[torch.Tensor, torch.Tensor]:
    P = patch_matrix(X, kernel_shape)
    X, Y = as_matrix(X, "X"), as_matrix(Y, "Y")
    expected = output_shape(X.shape, as_pair(kernel_shape, "kernel_shape", 1))
    if tuple(Y.shape) != expected:
        raise ConvInputError(
            "target_shape",
            f"Y must be {expected[0]}×{expected[1]}, the shape of X cross-correlated with the "
            f"kernel; it is {Y.shape[0]}×{Y.shape[1]}.",
            name="Y",
            expected=expected,
        )
    return P, Y.double().flatten()


def loss_surface(X, Y, kernel_shape, w1, w2) -> torch.Tensor:
    """The loss at every (w1[j], w2[i]) of a 1×2 or 2×1 kernel; shape (len(w2), len(w1))."""
    shape = as_pair(kernel_shape, "kernel_shape", 1)
    if shape[0] * shape[1] != 2:
        raise ConvInputError(
            "two_weights",
            f"The loss surface needs a kernel with two weights (1×2 or 2×1), not {shape[0]}×"
            f"{shape[1]}.",
            name="kernel_shape",
        )
    P, y = _checked_pair(X, Y, shape)
    w1 = as_tensor(w1, "w1", 1).double()
    w2 = as_tensor(w2, "w2", 1).double()
    # |P w − y|² = wᵀGw − 2 bᵀw + c, expanded so that the grid costs no more than its size.
    G, b, c = P.T @ P, P.T @ y, y @ y
    W1, W2 = w1[None, :], w2[:, None]
    L = G[0, 0] * W1**2 + 2 * G[0, 1] * W1 * W2 + G[1, 1] * W2**2 - 2 * (b[0] * W1 + b[1] * W2) + c
    return L.clamp_min(0.0)  # rounding can dip a hair below zero at the minimum


def best_kernel(X, Y, kernel_shape) -> tuple[torch.Tensor, float]:
    """The kernel with the lowest loss (least squares, float64) and that loss."""
    shape = as_pair(kernel_shape, "kernel_shape", 1)
    P, y = _checked_pair(X, Y, shape)
    solution = torch.linalg.lstsq(P, y[:, None], driver="gelsd").solution[:, 0]
    loss = float(((P @ solution - y) ** 2).sum())
    return solution.reshape(shape).float(), loss


def sgd_lr_limit(X, kernel_shape) -> float:
    """The learning rate above which plain gradient descent on the book's loss diverges.

    The loss's Hessian is 2PᵀP; a step of size lr shrinks every error direction only while
    lr < 2 / λ_max(2PᵀP) = 1 / λ_max(PᵀP). (Momentum and Adam follow other rules.)
    """
    P = patch_matrix(X, kernel_shape)
    return float(1.0 / torch.linalg.eigvalsh(P.T @ P)[-1])


def loss_grid(X, Y, kernel_shape, *, points: int = 81, half_width: float = 2.5):
    """The loss surface of a two-weight kernel on a square grid centred on its lowest point:
    (w1, w2, losses as float32 of shape (points, points), the lowest point [w1, w2])."""
    best, _ = best_kernel(X, Y, kernel_shape)
    centre = best.flatten().tolist()
    w1, w2 = (np.linspace(c - half_width, c + half_width, points) for c in centre)
    losses = loss_surface(X, Y, kernel_shape, w1, w2).numpy().astype(np.float32)
    return w1, w2, losses, centre
