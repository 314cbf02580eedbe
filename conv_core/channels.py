"""Multiple input and output channels (D2L §7.4): one 2-D cross-correlation per channel, summed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from conv_core.correlation import _refuse_overflow, corr2d
from conv_core.validation import ConvInputError, as_tensor
from conv_core.windows import Window, format_number, window

_SHAPES = {3: "(C, H, W)", 4: "(C_out, C_in, kh, kw)"}


def _channels(value, name: str, shape: str) -> torch.Tensor:
    """`value` as a finite float32 tensor of the given (C, ...) shape; a wrong number of
    dimensions says which shape was expected."""
    ndim = shape.count(",") + 1
    try:
        return as_tensor(value, name, ndim)
    except ConvInputError as err:
        if err.code != "ndim":
            raise
        raise ConvInputError(
            "channels_ndim",
            f"{name} must have the shape {shape} ({ndim} dimensions), but it has "
            f"{err.params['got']} dimension(s).",
            name=name,
            shape=shape,
            expected=ndim,
            got=err.params["got"],
        ) from None


def _same_channels(x_channels: int, k_channels: int) -> None:
    if x_channels != k_channels:
        raise ConvInputError(
            "channels_mismatch",
            f"X has {x_channels} channel(s) but the kernel has {k_channels} input channel(s); "
            "the kernel needs one slice for every channel of X.",
            x_channels=x_channels,
            k_channels=k_channels,
        )


def corr2d_multi_in(X, K, *, padding=0, stride=1, dilation=1) -> torch.Tensor:
    """Sum over the channels of 2-D cross-correlations, X (C, H, W) with K (C, kh, kw)
    (D2L §7.4.1): Y = Σ_c corr2d(X[c], K[c])."""
    X = _channels(X, "X", _SHAPES[3])
    K = _channels(K, "K", "(C, kh, kw)")
    _same_channels(X.shape[0], K.shape[0])
    return _summed(X, K, padding, stride, dilation)


def _summed(X: torch.Tensor, K: torch.Tensor, padding, stride, dilation) -> torch.Tensor:
    # corr2d per channel, so each channel takes the fast path (and its refusals).
    options = dict(padding=padding, stride=stride, dilation=dilation)
    Y = corr2d(X[0], K[0], **options).clone()  # never the result pool's memory, added to
    for c in range(1, X.shape[0]):
        Y += corr2d(X[c], K[c], **options)
    return _refuse_overflow(Y, K)  # each channel may fit in float32 and their sum not


def corr2d_multi_in_out(X, K, *, padding=0, stride=1, dilation=1) -> torch.Tensor:
    """One multi-input correlation per output channel, stacked (D2L §7.4.2):
    X (C_in, H, W), K (C_out, C_in, kh, kw) -> (C_out, H', W')."""
    X = _channels(X, "X", _SHAPES[3])
    K = _channels(K, "K", _SHAPES[4])
    _same_channels(X.shape[0], K.shape[1])
    return torch.stack([_summed(X, k, padding, stride, dilation) for k in K])


def corr2d_multi_in_out_1x1(X, K) -> torch.Tensor:
    """A 1×1 convolution as one matrix product (D2L §7.4.3): K (C_out, C_in) or
    (C_out, C_in, 1, 1) times X reshaped to (C_in, H·W), back to (C_out, H, W)."""
    X = _channels(X, "X", _SHAPES[3])
    K = _mixing_matrix(K)
    _same_channels(X.shape[0], K.shape[1])
    c_in, h, w = X.shape
    Y = torch.matmul(K, X.reshape(c_in, h * w))
    return _refuse_overflow(Y, K).reshape(K.shape[0], h, w)


def _mixing_matrix(K) -> torch.Tensor:
    """A 1×1 kernel as its (C_out, C_in) matrix; a larger kernel is refused."""
    try:
        ndim = K.ndim if hasattr(K, "ndim") else np.ndim(K)
    except ValueError:  # ragged lists: as_tensor says what is wrong with them
        ndim = 2
    if ndim != 4:
        return _channels(K, "K", "(C_out, C_in)")
    K = _channels(K, "K", "(C_out, C_in, 1, 1)")
    if tuple(K.shape[2:]) != (1, 1):
        raise ConvInputError(
            "not_1x1",
            f"a 1×1 convolution needs a 1×1 kernel; this one is {K.shape[2]}×{K.shape[3]}.",
            kernel=tuple(K.shape[2:]),
        )
    return K[:, :, 0, 0]


@dataclass(frozen=True)
class ChannelSum:
    """One output cell of corr2d_multi_in: each channel's window, and their total."""

    windows: tuple[Window, ...]  # windows[c]: channel c's window, patch, products and sum
    value: float  # Σ_c windows[c].value: Y[i, j]

    def expressions(self, K, digits: int = 4) -> list[str]:
        """Each channel's sum written out: '0×0 + 1×1 + 3×2 + 4×3 = 19', one per channel."""
        K = _channels(K, "K", "(C, kh, kw)")
        return [w.expression(k, digits) for w, k in zip(self.windows, K, strict=True)]

    def total(self, digits: int = 4) -> str:
        """The channels' sums added: '19 + 37 = 56'."""
        parts = [_bracketed(format_number(w.value, digits)) for w in self.windows]
        return " + ".join(parts) + f" = {format_number(self.value, digits)}"


def channel_sum(X, K, i: int, j: int, *, padding=0, stride=1, dilation=1) -> ChannelSum:
    """The step-through record of output cell (i, j) of corr2d_multi_in(X, K)."""
    X = _channels(X, "X", _SHAPES[3])
    K = _channels(K, "K", "(C, kh, kw)")
    _same_channels(X.shape[0], K.shape[0])
    options = dict(padding=padding, stride=stride, dilation=dilation)
    windows = tuple(window(x, k, i, j, **options) for x, k in zip(X, K, strict=True))
    return ChannelSum(windows, float(sum(float(w.products.sum()) for w in windows)))


def _bracketed(text: str) -> str:
    return f"({text})" if text.startswith("-") else text
