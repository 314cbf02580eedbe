"""conv_core.fast.shift: shift-and-add only, one pass per nonzero tap, whatever K's rank."""

from __future__ import annotations

import numpy as np
import pytest
from fast_reference import as_tensors, assert_matches, gaussian, record_passes

from conv_core import corr2d
from conv_core.fast import separable, shift
from conv_core.fast.separable import corr2d_separable
from conv_core.fast.shift import corr2d_shift

LOW_RANK = {
    "gauss5": gaussian(5),
    "gauss31": gaussian(31),
    "rank2": gaussian(9) - 0.5 * gaussian(9).T ** 2,
}


def _refuse(*args, **kwargs):
    raise AssertionError("shift-and-add ran the separable path")


@pytest.mark.parametrize("K", LOW_RANK.values(), ids=LOW_RANK)
def test_a_low_rank_kernel_is_shifted_not_separated(monkeypatch, K):
    """corr2d_shift and corr2d(method="shift") never split K into rank-1 terms."""
    monkeypatch.setattr(separable, "_rank_one_terms", _refuse)
    monkeypatch.setattr(separable, "_separable", _refuse)
    X = np.random.default_rng(1).random((60, 70))
    pad = (K.shape[0] // 2, K.shape[1] // 2)
    assert_matches(corr2d_shift(*as_tensors(X, K), pad, (1, 1)), X, K, pad)
    Y = corr2d(X.astype(np.float32), K.astype(np.float32), padding=pad, method="shift")
    assert_matches(Y, X, K, pad)
    with pytest.raises(AssertionError, match="separable path"):  # the patch does bite
        corr2d_separable(*as_tensors(X, K), pad, (1, 1))


def test_one_pass_over_all_of_k_per_tile(monkeypatch):
    """A rank-1 5×5 on one tile: one shift-and-add over K's 5×5 taps, not 5 + 5 of 1-D ones."""
    calls = record_passes(monkeypatch, shift)
    X, K = np.random.default_rng(2).random((40, 50)), gaussian(5)
    assert_matches(corr2d_shift(*as_tensors(X, K), (2, 2), (1, 1)), X, K, (2, 2))
    assert calls == [(5, 5)]
