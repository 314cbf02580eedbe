"""What the tests of conv_core.fast compare against: SciPy in float64, and random problems."""

from __future__ import annotations

import numpy as np
import scipy.signal
import torch
from hypothesis import strategies as st

from conv_core.fast import FAST_METHODS, corr2d_auto

# Every fast method by name, and "auto" which picks one of them.
EVERY_METHOD = {**FAST_METHODS, "auto": corr2d_auto}


def reference(X, K, padding, stride) -> np.ndarray:
    """SciPy's valid cross-correlation of the zero-padded X, kept at the stride, in float64."""
    (ph, pw), (sh, sw) = padding, stride
    Xp = np.pad(np.asarray(X, dtype=np.float64), ((ph, ph), (pw, pw)))
    Y = scipy.signal.correlate2d(Xp, np.asarray(K, dtype=np.float64), mode="valid")
    return Y[::sh, ::sw]


def assert_matches(Y: torch.Tensor, X, K, padding=(0, 0), stride=(1, 1)) -> None:
    """Equal to the reference within float32 rounding of the terms' magnitude."""
    expected = reference(X, K, padding, stride)
    assert Y.dtype == torch.float32
    assert tuple(Y.shape) == expected.shape
    # Rounding grows with the size of the terms summed, not of their (maybe cancelling) sum.
    scale = reference(np.abs(X), np.abs(K), padding, stride)
    # An FFT spreads rounding over its whole tile: outputs whose windows see only zeros
    # still get ~1e-8 of the tile's magnitude.
    tile_scale = 1e-6 * np.abs(X).max() * np.abs(K).sum()
    np.testing.assert_allclose(
        Y.numpy(), expected, rtol=0, atol=1e-5 * scale.max() + tile_scale + 1e-30
    )


def as_tensors(X: np.ndarray, K: np.ndarray):
    return torch.from_numpy(X.astype(np.float32)), torch.from_numpy(K.astype(np.float32))


@st.composite
def problems(draw):
    """X, K, padding and stride with K fitting inside the padded X, K sometimes low rank."""
    H, W = draw(st.integers(1, 24)), draw(st.integers(1, 24))
    ph, pw = draw(st.integers(0, 4)), draw(st.integers(0, 4))
    kh, kw = draw(st.integers(1, H + 2 * ph)), draw(st.integers(1, W + 2 * pw))
    sh, sw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    X = rng.standard_normal((H, W))
    rank = draw(st.sampled_from([None, 1, 2]))  # None: random, full rank
    if rank is None:
        K = rng.standard_normal((kh, kw))
    else:
        K = rng.standard_normal((kh, rank)) @ rng.standard_normal((rank, kw))
    if draw(st.booleans()):
        K[rng.random((kh, kw)) < 0.3] = 0.0  # zero taps are skipped: keep that path honest
    return X, K, (ph, pw), (sh, sw)


def gaussian(k: int) -> np.ndarray:
    g = np.exp(-0.5 * ((np.arange(k) - k // 2) / (0.3 * k)) ** 2)
    return np.outer(g, g) / g.sum() ** 2
