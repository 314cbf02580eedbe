"""conv_core.fast.separable: K as Σ u·vᵀ, two 1-D passes per term, for any K."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from fast_reference import as_tensors, assert_matches, gaussian, record_passes

from conv_core.fast import pool as result_pool
from conv_core.fast import separable
from conv_core.fast.separable import _rank_one_terms, corr2d_separable

KERNELS = {
    "gauss5": (gaussian(5), 1),
    "rank2": (gaussian(9) - 0.5 * gaussian(9).T ** 2, 2),
    "random5": (np.random.default_rng(1).standard_normal((5, 5)), 5),
    "row": (np.array([[1.0, -1.0]]), 1),
    "zero": (np.zeros((3, 4)), 0),
}


@pytest.mark.parametrize(("K", "rank"), KERNELS.values(), ids=KERNELS)
def test_terms_sum_to_k(K, rank):
    """An SVD's terms, as many as K's rank, add up to K."""
    terms = _rank_one_terms(torch.from_numpy(K.astype(np.float32)))
    assert len(terms) == rank
    total = sum((np.outer(u, v) for u, v in terms), np.zeros_like(K))
    np.testing.assert_allclose(total, K, rtol=0, atol=1e-6 * max(1.0, np.abs(K).max()))


@pytest.mark.parametrize(("K", "rank"), KERNELS.values(), ids=KERNELS)
@pytest.mark.parametrize(("padding", "stride"), [((0, 0), (1, 1)), ((3, 2), (2, 3))])
def test_any_kernel_matches_scipy(K, rank, padding, stride):
    X = np.random.default_rng(2).standard_normal((40, 50))
    assert_matches(corr2d_separable(*as_tensors(X, K), padding, stride), X, K, padding, stride)


def test_two_one_d_passes_per_term(monkeypatch):
    """A rank-2 9×9 on one tile: per term one pass down the columns (9 taps, 1 wide) and
    one along the rows (9 taps, 1 high)."""
    calls = record_passes(monkeypatch, separable)
    X, K = np.random.default_rng(3).random((30, 40)), KERNELS["rank2"][0]
    assert_matches(corr2d_separable(*as_tensors(X, K), (4, 4), (1, 1)), X, K, (4, 4))
    assert calls == [(9, 1), (1, 9)] * 2


def test_a_zero_kernel_overwrites_a_reused_result(pool):
    """No terms, no passes: Y is still written (zeros), not left as the last result's NaN."""
    shape = (600, 800)
    stale = result_pool.pooled_empty(shape)
    address = stale.data_ptr()
    stale.fill_(float("nan"))
    del stale
    Y = corr2d_separable(torch.rand(shape), torch.zeros(3, 3), (1, 1), (1, 1))
    assert Y.data_ptr() == address
    assert torch.equal(Y, torch.zeros(shape))
