"""The "auto" method: blocks as channels, or the FFT for a kernel too large for them."""

from __future__ import annotations

from dataclasses import dataclass

from conv_core.fast.blocked import corr2d_blocked, weights_per_output
from conv_core.fast.fft import corr2d_fft
from conv_core.fast.tiles import output_shape
from conv_core.validation import as_matrix, as_pair

# The fast methods by name: the names corr2d(method=...) takes and MethodChoice gives.
FAST_METHODS = {"blocked": corr2d_blocked, "fft": corr2d_fft}

# Blocks cost in proportion to the weights they multiply per output; the FFT costs about
# the same whatever the kernel, and that is as much as blocks of this many weights. Below
# this many outputs its set-up costs more than the blocks. A stride is the blocks' own.
_BLOCK_MAX_WEIGHTS = 400
_FFT_MIN_OUTPUTS = 1 << 16


@dataclass(frozen=True)
class MethodChoice:
    """What corr2d's "auto" runs: a name corr2d(method=...) takes."""

    method: str  # "blocked" or "fft"


def auto_method(shape, K, padding=0, stride=1) -> MethodChoice:
    """What corr2d(X, K, padding=..., stride=..., method="auto") runs for an X of `shape`."""
    K = as_matrix(K, "K")
    shape = as_pair(tuple(shape), "shape", 1)
    padding, stride = as_pair(padding, "padding", 0), as_pair(stride, "stride", 1)
    return _choice(shape, K.shape, padding, stride)


def corr2d_auto(X, K, padding: tuple[int, int], stride: tuple[int, int], sums=None):
    """The faster method for this size: see auto_method."""
    method = _choice(X.shape, K.shape, padding, stride).method
    return FAST_METHODS[method](X, K, padding, stride, sums)


def _choice(X_shape, K_shape, padding, stride) -> MethodChoice:
    Ho, Wo = output_shape(X_shape, K_shape, padding, stride)
    large = weights_per_output(K_shape, padding, stride) > _BLOCK_MAX_WEIGHTS
    if large and stride == (1, 1) and Ho * Wo >= _FFT_MIN_OUTPUTS:
        return MethodChoice("fft")
    return MethodChoice("blocked")
