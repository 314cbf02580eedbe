"""conv_core.fast.blocked: blocks of any shape, K's offset in the taps, the copy into Y."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
from fast_reference import as_tensors, assert_matches, problems
from hypothesis import given, settings
from hypothesis import strategies as st

from conv_core.fast import blocked
from conv_core.fast.blocked import corr2d_blocked


@settings(max_examples=200, deadline=None)
@given(
    problem=problems(),
    tile=st.sampled_from([1, 7, blocked._BLOCK_TILE_ELEMENTS]),
    block=st.tuples(st.integers(1, 5), st.integers(1, 17), st.integers(1, 8)),
)
def test_blocked_any_block_shape(problem, tile, block):
    """Blocks of any shape (R, C, P): widths and heights not a multiple of them, padding,
    both strides, the copy as 16-byte elements (C a multiple of 4) or as floats."""
    X, K, padding, stride = problem
    with mock.patch.object(blocked, "_BLOCK_TILE_ELEMENTS", tile):
        Y = corr2d_blocked(*as_tensors(X, K), padding, stride, block)
    assert_matches(Y, X, K, padding, stride)


def test_blocked_one_input_column_per_channel():
    """P = 1: the shape for which oneDNN returned garbage given a channel stride of 1."""
    rng = np.random.default_rng(8)
    X, K = rng.standard_normal((14, 9)), rng.standard_normal((10, 10))
    for block in [(1, 1, 1), (4, 4, 1), (2, 8, 1)]:
        Y = corr2d_blocked(*as_tensors(X, K), (3, 1), (1, 2), block)
        assert_matches(Y, X, K, (3, 1), (1, 2))


def test_blocked_photo_sized_rows():
    """A 12-megapixel-wide strip: full-size tiles, free views of X, odd width via buffer."""
    rng = np.random.default_rng(5)
    for width in (4000, 4001):
        X, K = rng.random((40, width)), rng.standard_normal((7, 7))
        with mock.patch.object(blocked, "_BLOCK_TILE_ELEMENTS", 3 * width):
            Y = corr2d_blocked(*as_tensors(X, K), (3, 3), (1, 1))
        assert_matches(Y, X, K, (3, 3))


@pytest.mark.parametrize("width", [1, 3, 16, 33, 64])
@pytest.mark.parametrize(
    ("k_shape", "padding", "sh"),
    [
        ((7, 7), (3, 3), 1),  # odd pw: K offset by one column in the taps
        ((5, 5), (2, 2), 2),  # even pw, vertical stride
        ((3, 7), (1, 3), 3),
        ((2, 3), (0, 1), 1),
        ((3, 2), (2, 11), 1),  # pw far wider than K: extra padding blocks, Y shifted
        ((4, 5), (3, 12), 2),
    ],
)
def test_blocked_offset_and_wide_padding(width, k_shape, padding, sh):
    """K's column offset in the taps and the extra padding blocks of a wide pw."""
    rng = np.random.default_rng(6)
    X, K = rng.standard_normal((9, width)), rng.standard_normal(k_shape)
    if 9 + 2 * padding[0] < k_shape[0] or width + 2 * padding[1] < k_shape[1]:
        pytest.skip("K larger than the padded X")
    with mock.patch.object(blocked, "_BLOCK_TILE_ELEMENTS", 2 * width):
        Y = corr2d_blocked(*as_tensors(X, K), padding, (sh, 1))
    assert_matches(Y, X, K, padding, (sh, 1))


@pytest.mark.parametrize("width", [4000, 4001, 4002])
def test_blocked_copy_paths(width):
    """Y's width a multiple of 4 (copied as 16-byte elements) or not (copied as floats)."""
    rng = np.random.default_rng(7)
    X, K = rng.standard_normal((23, width)), rng.standard_normal((5, 5))
    with mock.patch.object(blocked, "_BLOCK_TILE_ELEMENTS", 8 * width):
        Y = corr2d_blocked(*as_tensors(X, K), (2, 2), (1, 1))
    assert_matches(Y, X, K, (2, 2))
