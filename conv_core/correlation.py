"""Cross-correlation in one, two and three dimensions (D2L §7.2, "Convolutions for Images")."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from conv_core import fast
from conv_core.validation import (
    ConvInputError,
    as_matrix,
    as_pair,
    as_positive_int,
    as_tensor,
    checked_tensor,
    converted_tensor,
)

# corr2d's methods: the book's loop, F.conv2d, and the fast ones "auto" picks from.
METHODS = ("auto", "loop", "torch", *fast.FAST_METHODS)

_FLOAT32_MAX = float(torch.finfo(torch.float32).max)


def corr2d_book(X, K):
    """Compute 2D cross-correlation (D2L §7.2.1), exactly as the book writes it."""
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y


def _corr2d_loop_strided(Xp: torch.Tensor, K: torch.Tensor, stride: tuple[int, int]):
    """The book's loop, stepping the window by the stride (D2L §7.3.2)."""
    h, w = K.shape
    sh, sw = stride
    Y = torch.zeros(((Xp.shape[0] - h) // sh + 1, (Xp.shape[1] - w) // sw + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (Xp[i * sh : i * sh + h, j * sw : j * sw + w] * K).sum()
    return Y


def output_shape(input_shape, kernel_shape, *, padding=0, stride=1, dilation=1) -> tuple[int, ...]:
    """⌊(n + 2p − d·(k − 1) − 1) / s⌋ + 1 per axis (D2L §7.3; d = 1 gives ⌊(n + 2p − k) / s⌋ + 1);
    ValueError when an axis would be empty."""
    n_axes = len(input_shape)
    if len(kernel_shape) != n_axes:
        raise ConvInputError(
            "ndim",
            f"the kernel has {len(kernel_shape)} dimension(s) but the input has {n_axes}.",
            name="K",
            expected=n_axes,
            got=len(kernel_shape),
        )
    pads = _per_axis(padding, "padding", 0, n_axes)
    strides = _per_axis(stride, "stride", 1, n_axes)
    dilations = _per_axis(dilation, "dilation", 1, n_axes)
    spans = tuple(d * (k - 1) + 1 for k, d in zip(kernel_shape, dilations, strict=True))
    padded = tuple(m + 2 * q for m, q in zip(input_shape, pads, strict=True))
    if any(d > 1 for d in dilations) and any(
        span > n for span, n in zip(spans, padded, strict=True)
    ):
        raise ConvInputError(
            "dilated_kernel_too_large",
            f"the kernel ({_dims(kernel_shape)}) at dilation {_dims(dilations)} spans "
            f"{_dims(spans)} with its gaps, which is larger than the padded input "
            f"({_dims(padded)}); use a smaller kernel or dilation, a larger input, or more "
            "padding.",
            kernel=tuple(kernel_shape),
            dilation=dilations,
            span=spans,
            padded=padded,
        )
    shape = []
    for n, k, p, s in zip(input_shape, spans, pads, strides, strict=True):
        if k > n + 2 * p:
            raise ConvInputError(
                "kernel_too_large",
                f"the kernel ({_dims(kernel_shape)}) is larger than the padded input "
                f"({_dims(padded)}); use a smaller kernel, a larger input, or more padding.",
                kernel=tuple(kernel_shape),
                padded=padded,
            )
        shape.append((n + 2 * p - k) // s + 1)
    return tuple(shape)


def pad(X, padding=0) -> torch.Tensor:
    """X with `padding` zeros on both sides of every axis (D2L §7.3.1): above and below and
    left and right of a matrix; also at both ends of a signal or around a volume. `padding`
    is one number or one per axis."""
    ndim = X.ndim if isinstance(X, torch.Tensor) else np.ndim(X)
    X = as_tensor(X, "X", ndim if ndim in (1, 3) else 2)
    pads = _per_axis(padding, "padding", 0, X.ndim)
    return F.pad(X, [p for p in reversed(pads) for _ in range(2)])


def dilate(K, dilation=1) -> torch.Tensor:
    """K with d − 1 zeros between neighbouring taps on each axis: (k − 1)·d + 1 per axis.

    A correlation with K at dilation d is one with dilate(K, d), so every method takes it.
    """
    K = as_matrix(K, "K")
    dh, dw = as_pair(dilation, "dilation", 1)
    if (dh, dw) == (1, 1):
        return K
    kh, kw = K.shape
    spread = K.new_zeros(((kh - 1) * dh + 1, (kw - 1) * dw + 1))
    spread[::dh, ::dw] = K
    return spread


def corr2d(X, K, *, padding=0, stride=1, dilation=1, method: str = "auto") -> torch.Tensor:
    """2-D cross-correlation of X with kernel K over the zero-padded X (D2L §7.2.1, §7.3);
    with dilation d the kernel's taps are d apart: Y[i,j] = Σ_a Σ_b Xp[i·s+a·d, j·s+b·d]·K[a,b]."""
    X = converted_tensor(X, "X", 2)
    try:
        K = as_matrix(K, "K")
        pads = as_pair(padding, "padding", 0)
        strides = as_pair(stride, "stride", 1)
        dilations = as_pair(dilation, "dilation", 1)
        output_shape(X.shape, K.shape, padding=pads, stride=strides, dilation=dilations)
        if method not in METHODS:
            raise ConvInputError(
                "method",
                f"method must be one of {', '.join(METHODS)}; got {method!r}.",
                name="method",
            )
    except ConvInputError:
        checked_tensor(X, "X", 2)  # X's NaN or infinity is refused before any other argument
        raise
    if method == "auto" and (X.requires_grad or K.requires_grad):
        method = "torch"  # the fast paths do not record gradients; F.conv2d does
    if method in ("torch", "loop") or strides != (1, 1):
        x_largest = checked_tensor(X, "X", 2).largest
    else:
        x_largest = None  # a fast method at stride 1: Y is looked at instead (_finite_result)
    if method == "torch":
        Y = F.conv2d(X[None, None], K[None, None], padding=pads, stride=strides, dilation=dilations)
        return _refuse_overflow(Y[0, 0], K, x_largest)
    # The other methods see the kernel with its gaps as zero taps (auto picks by the spread
    # kernel's size); at dilation 1 that is K itself.
    K = dilate(K, dilations)
    if method == "loop":
        Xp = F.pad(X, (pads[1], pads[1], pads[0], pads[0]))
        Y = corr2d_book(Xp, K) if strides == (1, 1) else _corr2d_loop_strided(Xp, K, strides)
        return _refuse_overflow(Y, K, x_largest)
    X, Kc = X.detach().contiguous(), K.detach().contiguous()
    run = fast.corr2d_auto if method == "auto" else fast.FAST_METHODS[method]
    if x_largest is not None:
        return _refuse_overflow(run(X, Kc, pads, strides), K, x_largest)
    sums: list[torch.Tensor] = []
    Y = run(X, Kc, pads, strides, sums)
    return _finite_result(Y, X, K, sums)


def _finite_result(Y: torch.Tensor, X: torch.Tensor, K: torch.Tensor, sums) -> torch.Tensor:
    """Y of a fast method at stride 1, X unchecked: refused as corr2d refuses X or Y.

    At stride 1 every element of X lies under some output's window, and a fast method
    multiplies every tap, zeros included (dense convs, the FFT's whole tiles); NaN·0 and
    ∞·0 are NaN, so a NaN or infinity in X leaves some output NaN or infinite. Finite sums
    of its outputs (`sums`: of Y, or of each band of FFT tiles) therefore clear both X and
    Y. Only when one is not finite is X scanned, so that the error names the
    culprit: X, or a Y beyond float32.
    """
    if sums and all(math.isfinite(float(total)) for total in sums):
        return Y
    return _refuse_overflow(Y, K, checked_tensor(X, "X", 2).largest)


def _refuse_overflow(Y: torch.Tensor, K: torch.Tensor, x_largest: float | None = None):
    """Y, unless some output is beyond float32 (±3.4e38): every input is finite, but a sum of
    products need not be (a kernel of 1e38s on a photo).

    Every |Y| ≤ Σ|K| · max|X| (`x_largest`, when the caller has it): when that bound is far
    inside float32, even with the headroom the FFT's transforms need, Y is not looked at
    (that would be one more pass over a photo-sized Y).
    """
    if x_largest is not None:
        bound = float(K.detach().abs().double().sum()) * x_largest
        if bound * fast.transform_growth(K.shape) < _FLOAT32_MAX:
            return Y
    if all(math.isfinite(float(end)) for end in torch.aminmax(Y.detach())):
        return Y
    raise ConvInputError(
        "overflow",
        "the result is too large for float32 (beyond ±3.4e38): use a kernel or an input with "
        "smaller numbers.",
        name="Y",
    )


def conv2d(X, K, **options: Any) -> torch.Tensor:
    """True 2-D convolution: cross-correlation with K flipped on both axes (D2L §7.2.2)."""
    return corr2d(X, torch.flip(as_matrix(K, "K"), dims=(0, 1)), **options)


def corr1d(x, k, *, padding=0, stride=1, dilation=1, method: str = "auto") -> torch.Tensor:
    """1-D cross-correlation: y[i] = Σ_a xp[i·s + a·d]·k[a]."""
    x = as_tensor(x, "x", 1)
    k = as_tensor(k, "k", 1)
    p = as_positive_int(padding, "padding", 0)
    s = as_positive_int(stride, "stride", 1)
    d = as_positive_int(dilation, "dilation", 1)
    if method == "torch":  # PyTorch's own 1-D function, the page's independent reference
        output_shape((len(x),), (len(k),), padding=p, stride=s, dilation=d)  # same refusals
        return _refuse_overflow(
            F.conv1d(x[None, None], k[None, None], padding=p, stride=s, dilation=d)[0, 0], k
        )
    return corr2d(x[None], k[None], padding=(0, p), stride=(1, s), dilation=(1, d), method=method)[
        0
    ]


def corr3d(X, K, *, padding=0, stride=1, method: str = "auto") -> torch.Tensor:
    """3-D cross-correlation: Y[d,i,j] = Σ_c Σ_a Σ_b Xp[d·s+c, i·s+a, j·s+b]·K[c,a,b]."""
    X = as_tensor(X, "X", 3)
    K = as_tensor(K, "K", 3)
    pads = _per_axis(padding, "padding", 0, 3)
    strides = _per_axis(stride, "stride", 1, 3)
    shape = output_shape(X.shape, K.shape, padding=pads, stride=strides)
    if method not in ("auto", "torch", "loop"):
        raise ConvInputError(
            "method",
            f"method for corr3d must be auto, torch or loop; got {method!r}.",
            name="method",
        )
    if method == "loop":
        Xp = pad(X, pads)
        Y = torch.stack([_slice_sum(Xp, K, d, strides) for d in range(shape[0])])
    else:
        Y = F.conv3d(X[None, None], K[None, None], padding=pads, stride=strides)[0, 0]
    return _refuse_overflow(Y, K)


def corr3d_slice(X, K, d: int, *, padding=0, stride=1) -> torch.Tensor:
    """Output slice Y[d] of corr3d as a sum of 2-D cross-correlations, one per kernel slice:
    Y[d] = Σ_c corr2d(Xp[d·s + c], K[c]). The 3-D case is the 2-D one repeated in depth."""
    X = as_tensor(X, "X", 3)
    K = as_tensor(K, "K", 3)
    pads = _per_axis(padding, "padding", 0, 3)
    strides = _per_axis(stride, "stride", 1, 3)
    shape = output_shape(X.shape, K.shape, padding=pads, stride=strides)
    _check_cell(("d",), (d,), shape[:1])
    return _slice_sum(pad(X, pads), K, d, strides)


def _slice_sum(Xp: torch.Tensor, K: torch.Tensor, d: int, strides) -> torch.Tensor:
    first = d * strides[0]
    return sum(
        corr2d(Xp[first + c], K[c], stride=strides[1:], method="loop") for c in range(K.shape[0])
    )


def output_centres(length: int, kernel_size: int, *, padding=0, stride=1) -> list[float]:
    """Where in the unpadded signal each output y[i] of corr1d is centred: i·s − p + (k − 1)/2,
    to draw x and y on one axis."""
    (n_out,) = output_shape((length,), (kernel_size,), padding=padding, stride=stride)
    p = as_positive_int(padding, "padding", 0)
    s = as_positive_int(stride, "stride", 1)
    return [i * s - p + (kernel_size - 1) / 2 for i in range(n_out)]


def _check_cell(names, cell, shape) -> None:
    """Each index of an output cell a whole number inside Y's shape, or a ConvInputError."""
    for name, index, size in zip(names, cell, shape, strict=True):
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < size:
            raise ConvInputError(
                "index",
                f"{name} must be a whole number from 0 to {size - 1} for an output of shape "
                f"{_dims(shape)}; got {index!r}.",
                name=name,
                maximum=size - 1,
            )


def _per_axis(value, name: str, minimum: int, n_axes: int) -> tuple[int, ...]:
    if n_axes == 2:
        return as_pair(value, name, minimum)
    if isinstance(value, tuple | list):
        if len(value) != n_axes:
            raise ConvInputError(
                "pair",
                f"{name} must be one whole number or {n_axes} of them; got {len(value)}.",
                name=name,
            )
        return tuple(as_pair(v, name, minimum)[0] for v in value)
    return (as_pair(value, name, minimum)[0],) * n_axes


def _dims(shape) -> str:
    return "×".join(str(int(n)) for n in shape)
