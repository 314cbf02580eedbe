"""conv_core.fast.fft: the tile side of overlap-save, several tiles, a stride."""

from __future__ import annotations

import numpy as np
import pytest
from fast_reference import as_tensors, assert_matches

from conv_core.fast import fft
from conv_core.fast.fft import corr2d_fft


@pytest.mark.parametrize("k", [1, 2, 7, 31, 64, 127, 128, 200])
@pytest.mark.parametrize("n_out", [1, 10, 100, 226, 1000, 4000])
def test_fft_side_is_a_power_of_two_that_fits_the_kernel(k, n_out):
    """At least 2k (each tile keeps side − k + 1 outputs), _FFT_SIDE unless the kernel needs
    more or the whole output fits in a smaller one."""
    side = fft._fft_side(k, n_out)
    assert side & (side - 1) == 0
    assert side >= 2 * k
    if side > fft._FFT_SIDE:
        assert side // 2 < 2 * k
    if side < fft._FFT_SIDE:
        assert side >= n_out + k - 1


@pytest.mark.parametrize("stride", [(1, 1), (2, 1), (3, 4), (9, 9), (11, 2)])
def test_several_tiles_at_any_stride(stride):
    """A 9×9 kernel on 600×700: several 256×256 tiles; strides up to and past the kernel."""
    rng = np.random.default_rng(4)
    X, K = rng.standard_normal((600, 700)), rng.standard_normal((9, 9))
    assert_matches(corr2d_fft(*as_tensors(X, K), (4, 4), stride), X, K, (4, 4), stride)
