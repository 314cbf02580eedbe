"""conv_core.fast.blocked: K's offset in the taps, a wide padding's strip, the copy into Y."""

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
@given(problem=problems(), tile=st.sampled_from([1, 7, blocked._BLOCK_TILE_ELEMENTS]))
def test_blocked_any_problem_any_tile(problem, tile):
    """Widths and heights not a multiple of the blocks, padding, both strides, tiles of one
    block row or many."""
    X, K, padding, stride = problem
    with mock.patch.object(blocked, "_BLOCK_TILE_ELEMENTS", tile):
        Y = corr2d_blocked(*as_tensors(X, K), padding, stride)
    assert_matches(Y, X, K, padding, stride)


@pytest.mark.parametrize("k", [3, 5, 7])
@pytest.mark.parametrize("width", [4000, 4001, 4002])
def test_blocked_photo_sized_rows(k, width):
    """A 12-megapixel-wide strip: full-size tiles, free views of X, odd width via buffer,
    a width not a whole number of column blocks (4001, 4002)."""
    rng = np.random.default_rng(5)
    X, K = rng.random((40, width)), rng.standard_normal((k, k))
    with mock.patch.object(blocked, "_BLOCK_TILE_ELEMENTS", 3 * width):
        Y = corr2d_blocked(*as_tensors(X, K), (k // 2, k // 2), (1, 1))
    assert_matches(Y, X, K, (k // 2, k // 2))
    assert Y.is_contiguous()


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
    """Y's width a multiple of the blocks' or not: the last, partial column block."""
    rng = np.random.default_rng(7)
    X, K = rng.standard_normal((23, width)), rng.standard_normal((5, 5))
    with mock.patch.object(blocked, "_BLOCK_TILE_ELEMENTS", 8 * width):
        Y = corr2d_blocked(*as_tensors(X, K), (2, 2), (1, 1))
    assert_matches(Y, X, K, (2, 2))


@pytest.mark.parametrize(("height", "k", "sh"), [(40, 3, 1), (40, 5, 1), (47, 7, 2), (40, 15, 1)])
def test_blocked_top_and_bottom_tiles_read_x_itself(height, k, sh):
    """The first and last tiles read views of X, the conv's own zero rows standing for Xp's
    (no copy of a band), when the rows they read past X fit in the padding (Y's height here a
    whole number of blocks)."""
    rng = np.random.default_rng(8)
    X, K = as_tensors(rng.random((height, 400)), rng.standard_normal((k, k)))
    bands = []

    def band(*args):
        bands.append(blocked_band(*args))
        return bands[-1]

    blocked_band = blocked._band
    with (
        mock.patch.object(blocked, "_BLOCK_TILE_ELEMENTS", 8 * 400),
        mock.patch.object(blocked, "_band", band),
    ):
        Y = corr2d_blocked(X, K, (k // 2, k // 2), (sh, 1))
    assert_matches(Y, X.numpy(), K.numpy(), (k // 2, k // 2), (sh, 1))
    assert len(bands) > 2
    start, end = X.data_ptr(), X.data_ptr() + X.numel() * 4
    assert bands[0][1] > 0  # the conv pads the top tile's band
    assert bands[-1][1] > 0  # and the bottom one's
    assert all(start <= view.data_ptr() < end for view, _, _ in bands)
