"""The "auto" method: compiled, shift-and-add, separable, blocked or FFT, whichever is fastest
here."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from conv_core.fast import compiled
from conv_core.fast.blocked import _blocked_weights, corr2d_blocked
from conv_core.fast.compiled import corr2d_compiled
from conv_core.fast.fft import corr2d_fft
from conv_core.fast.separable import _rank_one_terms, _Terms, corr2d_separable
from conv_core.fast.shift import corr2d_shift
from conv_core.fast.tiles import _MIN_TILE_ELEMENTS, Extremes, _output_shape
from conv_core.validation import as_matrix, as_pair

# The fast methods by name: the names corr2d(method=...) takes and MethodChoice gives.
FAST_METHODS = {
    "compiled": corr2d_compiled,
    "shift": corr2d_shift,
    "separable": corr2d_separable,
    "blocked": corr2d_blocked,
    "fft": corr2d_fft,
}

# "auto" takes the compiled 3×3 pass (once compiled.ready()) from this many outputs up:
# two row tiles or more, which run on the pool's threads, where it is compiled for.
_COMPILED_MIN_OUTPUTS = 2 * _MIN_TILE_ELEMENTS

# A kernel is split into rank-1 terms σ·u·vᵀ when r·(kh + kw) passes plus the
# intermediate's cost (~2 passes, measured) beat its nonzero taps.
_SEPARABLE_EXTRA_PASSES = 2

# "auto" hands a kernel to the FFT once shift-and-add would need more than this many
# passes over each tile (taps for a full-rank kernel, r·(kh + kw) for a rank-r one).
# Measured on 3000×4000: a pass costs ~0.7 ms, a tiled FFT ~50–70 ms whatever the kernel;
# 7×7 full rank (49 passes) is faster shifted, 31×31 rank 1 (62) separable, 15×15 (225) FFT.
_FFT_MIN_PASSES = 100

# Below this many outputs an FFT's set-up costs more than the whole shift-and-add.
_FFT_MIN_OUTPUTS = 1 << 16

# "auto" takes blocks for kernels that are not separable, with at least this many nonzero
# taps and at most this many weights per output (see _blocked_weights). Measured on
# 3000×4000: 4×4 random (16 taps) is as fast shifted, 5×5 (25) blocked (15 vs 24 ms);
# blocked beats the FFT up to 17×17 (400 weights: 58 vs 66 ms) and is level at 19×19.
_BLOCK_MIN_TAPS = 20
_BLOCK_MAX_WEIGHTS = 400


@dataclass(frozen=True)
class MethodChoice:
    """What corr2d's "auto" runs: a name corr2d(method=...) takes, and for "separable" the
    number of rank-1 terms (None for the other methods)."""

    method: str  # "compiled", "shift", "separable", "blocked" or "fft"
    rank: int | None = None


def auto_method(shape, K, padding=0, stride=1) -> MethodChoice:
    """What corr2d(X, K, padding=..., stride=..., method="auto") runs for an X of `shape`."""
    K = as_matrix(K, "K").detach()
    shape = as_pair(tuple(shape), "shape", 1)
    padding, stride = as_pair(padding, "padding", 0), as_pair(stride, "stride", 1)
    return _choice(shape, K, padding, stride, _low_rank_terms(K))


def corr2d_auto(
    X: torch.Tensor,
    K: torch.Tensor,
    padding: tuple[int, int],
    stride: tuple[int, int],
    extremes: Extremes | None = None,
) -> torch.Tensor:
    """The fastest method for this size and rank: see auto_method. `extremes`: X's
    (min, max) by parts, where the method's tiles scan it (tiles._Rows)."""
    terms = _low_rank_terms(K)
    choice = _choice(X.shape, K, padding, stride, terms)
    if choice.method == "separable":
        return corr2d_separable(X, K, padding, stride, terms, extremes)
    return FAST_METHODS[choice.method](X, K, padding, stride, extremes=extremes)


def _choice(X_shape, K, padding, stride, terms: _Terms | None) -> MethodChoice:
    """The checks in the order auto makes them; `terms` are _low_rank_terms(K)."""
    Ho, Wo = _output_shape(X_shape, K.shape, padding, stride)
    if compiled.usable(K.shape, stride) and Ho * Wo >= _COMPILED_MIN_OUTPUTS:
        return MethodChoice("compiled")
    if _auto_uses_blocks(K, padding, stride, terms):
        return MethodChoice("blocked")
    if _auto_uses_fft(X_shape, K.shape, padding, stride, terms):
        return MethodChoice("fft")
    if terms is None:
        return MethodChoice("shift")
    return MethodChoice("separable", len(terms))


def _low_rank_terms(K: torch.Tensor) -> _Terms | None:
    """K as a sum of rank-1 terms u·vᵀ, when two 1-D passes per term beat K's taps."""
    kh, kw = K.shape
    if kh == 1 or kw == 1:
        return None
    terms = _rank_one_terms(K)
    rank = len(terms)
    if rank == 0 or rank * (kh + kw) + _SEPARABLE_EXTRA_PASSES >= int(torch.count_nonzero(K)):
        return None
    return terms


def _auto_uses_fft(X_shape, K_shape, padding, stride, terms) -> bool:
    Ho, Wo = _output_shape(X_shape, K_shape, padding, stride)
    kh, kw = K_shape
    passes = kh * kw if terms is None else len(terms) * (kh + kw)
    return passes > _FFT_MIN_PASSES and Ho * Wo >= _FFT_MIN_OUTPUTS and stride == (1, 1)


def _auto_uses_blocks(K, padding, stride, terms) -> bool:
    return (
        terms is None
        and _blocked_weights(K.shape, padding, stride) <= _BLOCK_MAX_WEIGHTS
        and int(torch.count_nonzero(K)) >= _BLOCK_MIN_TAPS
    )
