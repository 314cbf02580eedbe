"""Locality without weight sharing (D2L §7.1): the locally connected layer.

The chapter goes from a dense layer to a convolution in two steps: translation invariance
(one kernel for every output cell) and locality (a small window). Keeping locality but not
sharing gives each output cell (i, j) its own k_h × k_w kernel W[i, j]:
`Y[i, j] = Σ_a Σ_b X[i + a, j + b]·W[i, j, a, b]` (stride 1, no padding). It needs
h_out·w_out·k_h·k_w weights instead of k_h·k_w, and it is not translation-equivariant: a
pattern that moves meets other weights.
"""

from __future__ import annotations

from typing import NamedTuple

import torch

from conv_core.capacity import fc_vs_conv, image_size
from conv_core.correlation import output_shape
from conv_core.equivariance import EquivarianceCheck, equivariant_region, shift, shift_check
from conv_core.validation import ConvInputError, as_matrix, as_pair, as_tensor
from conv_core.weight_sharing import weight_index


def locally_connected2d(X, W) -> torch.Tensor:
    """Y[i, j] = Σ_a Σ_b X[i + a, j + b]·W[i, j, a, b]: a kernel of its own for every output
    cell (D2L §7.1, locality without translation invariance); W is (h_out, w_out, k_h, k_w)."""
    X = as_matrix(X, "X")
    W = as_tensor(W, "W", 4)
    kh, kw = _check_shapes(X.shape, W.shape)
    # Every k_h × k_w window of X as a view (no copy): windows[i, j] is X[i:i+k_h, j:j+k_w].
    windows = X.unfold(0, kh, 1).unfold(1, kw, 1)
    Y = torch.einsum("ijab,ijab->ij", windows, W)
    if not bool(torch.isfinite(Y).all()):
        raise ConvInputError(
            "overflow",
            "the result is too large for float32 (beyond ±3.4e38): use weights or an input "
            "with smaller numbers.",
            name="Y",
        )
    return Y


def _check_shapes(input_shape, weight_shape) -> tuple[int, int]:
    """W's kernel size (k_h, k_w), once W's first two axes are the output's size for X."""
    h, w = input_shape
    oh, ow, kh, kw = weight_shape
    if kh > h or kw > w:
        raise ConvInputError(
            "kernel_too_large",
            f"W's windows ({kh} × {kw}, its last two axes) are larger than X ({h} × {w}); "
            "use smaller windows or a larger X.",
            kernel=(kh, kw),
            padded=(h, w),
        )
    expected = (h - kh + 1, w - kw + 1, kh, kw)
    if (oh, ow) != expected[:2]:
        raise ConvInputError(
            "weight_shape",
            f"W must have shape (h_out, w_out, k_h, k_w) = {expected} for a {h} × {w} X and "
            f"{kh} × {kw} windows (h_out = {h} − {kh} + 1, w_out = {w} − {kw} + 1); got "
            f"{tuple(weight_shape)}.",
            name="W",
            expected=expected,
            got=tuple(weight_shape),
        )
    return kh, kw


def locally_connected_params(height: int, width: int, k_h: int, k_w: int) -> int:
    """Weights of a locally connected layer on an h × w input: one k_h × k_w kernel for each
    of the (h − k_h + 1)(w − k_w + 1) output cells."""
    kernel = as_pair((k_h, k_w), "kernel", 1)
    oh, ow = output_shape(image_size(height, width), kernel)
    return oh * ow * kernel[0] * kernel[1]


class PrincipleCounts(NamedTuple):
    """Weights of three layers with the same input and output (stride 1, no padding)."""

    fully_connected: int  # every output cell sees every input pixel: h·w·h_out·w_out
    locally_connected: int  # locality only: h_out·w_out·k_h·k_w
    convolution: int  # locality and translation invariance: k_h·k_w


def weights_by_principle(height: int, width: int, k_h: int, k_w: int) -> PrincipleCounts:
    """The weight count of a dense layer, a locally connected layer and a convolution mapping
    an h × w input to the same (h − k_h + 1) × (w − k_w + 1) output: remove a principle, pay."""
    local = locally_connected_params(height, width, k_h, k_w)
    oh, ow = height - k_h + 1, width - k_w + 1
    sizes = fc_vs_conv(height, width, channels=1, hidden=oh * ow, kernel=(k_h, k_w))
    return PrincipleCounts(sizes.fc_params, local, sizes.conv_params)


def locally_connected_index(input_shape, kernel_shape) -> torch.Tensor:
    """Which weight of W (flattened) fills each entry of the layer's dense matrix, −1 for a zero.

    Convolution's `weight_index` with each row's weights made its own: the entry that holds
    K[a, b] for output cell (i, j) holds W[i, j, a, b] = W.flatten()[(i·w_out + j)·k_h·k_w +
    a·k_w + b] instead, so no weight appears twice.
    """
    kh, kw = as_pair(tuple(kernel_shape), "kernel_shape", 1)
    index = weight_index(input_shape, (kh, kw))
    row = torch.arange(index.shape[0])[:, None]
    return torch.where(index >= 0, row * kh * kw + index, -1)


def locally_connected_matrix(W) -> torch.Tensor:
    """The (h_out·w_out) × (h·w) matrix M with M @ vec(X) = vec(locally_connected2d(X, W)):
    the same zeros as the convolution's, but no weight shared."""
    W = as_tensor(W, "W", 4)
    oh, ow, kh, kw = W.shape
    index = locally_connected_index((oh + kh - 1, ow + kw - 1), (kh, kw))
    weights = torch.cat([W.flatten(), torch.zeros(1)])  # index −1 picks the trailing zero
    return weights[index]


def locally_connected_shift_check(X, W, dy: int, dx: int) -> EquivarianceCheck:
    """locally_connected2d(shift(X), W) against shift(locally_connected2d(X, W)), cell by cell.

    `guaranteed` counts the cells that agree for every X and W: only those where both orders
    give 0 (the source slid out of Y and the window sees no pixel that stayed). The rest
    agree only by luck, unless every W[i, j] is the same kernel (a convolution).
    """
    X = as_matrix(X, "X")

    def guaranteed(Y: torch.Tensor) -> torch.Tensor:
        region = equivariant_region(X.shape, W.shape[2:], dy, dx)
        return region & (shift(torch.ones_like(Y), dy, dx) == 0)  # no cell of Y moved here

    return shift_check(lambda x: locally_connected2d(x, W), X, dy, dx, guaranteed)
