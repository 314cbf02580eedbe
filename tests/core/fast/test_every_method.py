"""Every method of conv_core.fast against SciPy: every shape, padding and stride; no timing."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
import torch
from fast_reference import EVERY_METHOD, as_tensors, assert_matches, problems
from hypothesis import given, settings
from hypothesis import strategies as st

from conv_core import corr2d
from conv_core.fast import blocked
from conv_core.validation import ConvInputError

METHODS = list(EVERY_METHOD.values())
IDS = list(EVERY_METHOD)


@pytest.mark.parametrize("method", METHODS, ids=IDS)
@settings(max_examples=150, deadline=None)
@given(problem=problems(), tile=st.sampled_from([1, 7, 64, blocked._BLOCK_TILE_ELEMENTS]))
def test_matches_scipy(method, problem, tile):
    X, K, padding, stride = problem
    # Tiny tiles make even these small images run through many row tiles.
    with mock.patch.object(blocked, "_BLOCK_TILE_ELEMENTS", tile):
        Y = method(*as_tensors(X, K), padding, stride)
    assert_matches(Y, X, K, padding, stride)


@pytest.mark.parametrize("method", METHODS, ids=IDS)
@pytest.mark.parametrize(
    ("x_shape", "k_shape", "padding", "stride"),
    [
        ((1, 1), (1, 1), (0, 0), (1, 1)),  # a single number
        ((5, 7), (1, 1), (0, 0), (1, 1)),  # 1×1 kernel: a scaled copy
        ((1, 30), (1, 4), (0, 0), (1, 2)),  # one row
        ((30, 1), (4, 1), (0, 0), (3, 1)),  # one column
        ((1, 9), (3, 3), (1, 0), (1, 1)),  # one row, kernel taller than the image
        ((3, 3), (7, 7), (2, 2), (1, 1)),  # kernel larger than the unpadded input
        ((4, 4), (10, 10), (3, 3), (2, 5)),  # ... exactly the padded input, strided
        ((6, 8), (1, 2), (0, 0), (1, 1)),  # the book's edge-detection shapes
    ],
)
def test_edge_shapes(method, x_shape, k_shape, padding, stride):
    rng = np.random.default_rng(0)
    X, K = rng.standard_normal(x_shape), rng.standard_normal(k_shape)
    assert_matches(method(*as_tensors(X, K), padding, stride), X, K, padding, stride)


def test_book_example():
    """D2L §7.2.1: X = 0..8 as 3×3, K = [[0, 1], [2, 3]] gives [[19, 25], [37, 43]]."""
    X = torch.arange(9.0).reshape(3, 3)
    K = torch.arange(4.0).reshape(2, 2)
    for method in METHODS:
        Y = method(X, K, (0, 0), (1, 1))
        torch.testing.assert_close(Y, torch.tensor([[19.0, 25.0], [37.0, 43.0]]))


@pytest.mark.parametrize("method", METHODS, ids=IDS)
@pytest.mark.parametrize("stride", [(1, 1), (2, 3)])
def test_large_kernel_medium_image(method, stride):
    """31×31 on 300×400: several FFT tiles, several row tiles, a stride."""
    rng = np.random.default_rng(3)
    X, K = rng.random((300, 400)), rng.standard_normal((31, 31))
    with mock.patch.object(blocked, "_BLOCK_TILE_ELEMENTS", 4096):
        Y = method(*as_tensors(X, K), (15, 15), stride)
    assert_matches(Y, X, K, (15, 15), stride)


def test_result_is_a_fresh_contiguous_tensor():
    X, K = torch.rand(20, 30), torch.rand(3, 3)
    for method in METHODS:
        Y = method(X, K, (1, 1), (1, 1))
        assert Y.is_contiguous()
        Y.zero_()  # writing to it must not touch the input
        assert X.abs().sum() > 0


def test_inputs_are_not_modified():
    X, K = torch.rand(40, 50), torch.rand(15, 15)
    X0, K0 = X.clone(), K.clone()
    for method in METHODS:
        method(X, K, (2, 3), (2, 1))
    assert torch.equal(X, X0)
    assert torch.equal(K, K0)


@pytest.mark.parametrize("method", IDS)
@settings(max_examples=120, deadline=None)
@given(
    problem=problems(),
    tile=st.sampled_from([1, 7, 64, blocked._BLOCK_TILE_ELEMENTS]),
    where=st.tuples(st.floats(0, 1), st.floats(0, 1)),
    bad=st.sampled_from([np.nan, np.inf, -np.inf]),
)
def test_a_non_finite_entry_anywhere_in_x_is_refused(method, problem, tile, where, bad):
    # A NaN or infinity in any row or column, zero taps and strides that skip it included,
    # is refused.
    X, K, padding, stride = problem
    X = X.astype(np.float32)
    X[round(where[0] * (X.shape[0] - 1)), round(where[1] * (X.shape[1] - 1))] = bad
    with (
        mock.patch.object(blocked, "_BLOCK_TILE_ELEMENTS", tile),
        pytest.raises(ConvInputError) as refused,
    ):
        corr2d(X, K, padding=padding, stride=stride, method=method)
    assert refused.value.code == "not_finite"
