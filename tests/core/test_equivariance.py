"""Translation equivariance: corr2d(shift(X)) against shift(corr2d(X)), cell by cell."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import ndimage

from conv_core.correlation import corr2d
from conv_core.equivariance import equivariance_check, equivariant_region, shift
from conv_core.validation import ConvInputError


def test_shift_moves_down_and_right_and_fills_with_zeros():
    X = torch.arange(1.0, 10.0).reshape(3, 3)
    np.testing.assert_array_equal(shift(X, 1, -1).numpy(), [[0, 0, 0], [2, 3, 0], [5, 6, 0]])
    np.testing.assert_array_equal(shift(X, 0, 0).numpy(), X.numpy())
    assert torch.count_nonzero(shift(X, 3, 0)) == 0  # everything slid out


@settings(max_examples=40, deadline=None)
@given(h=st.integers(1, 8), w=st.integers(1, 8), dy=st.integers(-9, 9), dx=st.integers(-9, 9))
def test_shift_is_scipys_shift_with_zero_fill(h, w, dy, dx):
    X = np.random.default_rng(h * 31 + w).normal(size=(h, w)).astype(np.float32)
    expected = ndimage.shift(X, (dy, dx), order=0, mode="constant", cval=0.0)
    np.testing.assert_array_equal(shift(X, dy, dx).numpy(), expected)


@settings(max_examples=80, deadline=None)
@given(
    h=st.integers(2, 9),
    w=st.integers(2, 9),
    kh=st.integers(1, 4),
    kw=st.integers(1, 4),
    p=st.integers(0, 2),
    dy=st.integers(-4, 4),
    dx=st.integers(-4, 4),
    seed=st.integers(0, 2**16),
)
def test_the_region_is_exactly_where_equivariance_holds(h, w, kh, kw, p, dy, dx, seed):
    """Inside: equal for any X. Outside: different for a generic X (no zero weights)."""
    if kh > h + 2 * p or kw > w + 2 * p:
        return
    g = torch.Generator().manual_seed(seed)
    X = torch.rand(h, w, generator=g) + 0.5
    K = torch.rand(kh, kw, generator=g) + 0.5
    moved_output = shift(corr2d(X, K, padding=p), dy, dx)
    output_of_moved = corr2d(shift(X, dy, dx), K, padding=p)
    agree = (moved_output - output_of_moved).abs() <= 1e-5
    assert torch.equal(agree, equivariant_region((h, w), (kh, kw), dy, dx, padding=p))


def test_the_interior_moves_with_the_input_and_the_border_does_not():
    X = torch.zeros(10, 10)
    X[3:6, 4] = 1.0  # a small bar, well inside
    K = torch.tensor([[-1.0, -1, -1], [-1, 8, -1], [-1, -1, -1]])  # the lecture's edge detector
    Y = corr2d(X, K, padding=1)
    torch.testing.assert_close(corr2d(shift(X, 2, 3), K, padding=1), shift(Y, 2, 3))
    region = equivariant_region(X.shape, K.shape, 2, 3, padding=1)
    assert region[3:9, 3:9].all()  # the moved interior
    assert not region[9, 2:].any()  # these windows saw X's row 8, now pushed out of the frame
    assert not region[2:, 9].any()
    # Row 1: its source, row −1 of Y, does not exist (0 moves in), yet its window sees X's
    # top row after the shift: a seam where the zeros came in.
    assert not region[1, 2:].any()
    assert region[0].all()  # only zeros there, before and after
    assert region[:, :2].all()
    # A bar at the right edge: shifting it right pushes it out, and its response vanishes.
    X_edge = torch.zeros(10, 10)
    X_edge[3:6, 9] = 1.0
    moved = corr2d(shift(X_edge, 0, 1), K, padding=1)
    assert torch.count_nonzero(moved) == 0
    assert torch.count_nonzero(shift(corr2d(X_edge, K, padding=1), 0, 1)) > 0


def test_no_shift_means_everything_agrees():
    assert equivariant_region((5, 6), (3, 3), 0, 0, padding=1).all()


def test_refusals():
    with pytest.raises(ConvInputError):
        shift(torch.ones(2, 2), 0.5, 0)
    with pytest.raises(ConvInputError):
        equivariant_region((3, 3), (4, 4), 1, 1)


# ---------------------------------------------------------------- both orders, counted


def _correlate(X: np.ndarray, K: np.ndarray, p: int) -> np.ndarray:
    tensor = F.conv2d(torch.from_numpy(X)[None, None], torch.from_numpy(K)[None, None], padding=p)
    return tensor[0, 0].numpy()


@settings(max_examples=40, deadline=None)
@given(
    h=st.integers(2, 8),
    w=st.integers(2, 8),
    dy=st.integers(-5, 5),
    dx=st.integers(-5, 5),
    seed=st.integers(0, 2**16),
)
def test_the_check_counts_what_scipy_and_f_conv2d_say(h, w, dy, dx, seed):
    rng = np.random.default_rng(seed)
    X = (rng.random((h, w)) > 0.6).astype(np.float32)
    K = rng.integers(-2, 3, size=(3, 3)).astype(np.float32)
    check = equivariance_check(X, K, dy, dx, padding=1)

    def moved(a: np.ndarray) -> np.ndarray:
        return ndimage.shift(a, (dy, dx), order=0, mode="constant", cval=0.0)

    top, bottom = moved(_correlate(X, K, 1)), _correlate(moved(X), K, 1)
    np.testing.assert_allclose(check.shifted_Y.numpy(), top, atol=1e-5)
    np.testing.assert_allclose(check.Y_of_shifted.numpy(), bottom, atol=1e-5)
    np.testing.assert_array_equal(check.shifted_X.numpy(), moved(X))
    np.testing.assert_allclose(check.difference.numpy(), bottom - top, atol=1e-5)
    assert check.agree == int((np.abs(bottom - top) <= 1e-5).sum())
    assert check.total == h * w
    assert check.guaranteed <= check.agree  # what holds for every X holds for this one


def test_the_check_of_the_pages_l_pushed_against_the_top_edge():
    X = torch.zeros(10, 10)
    X[2:6, 2] = 1.0
    X[5, 2:5] = 1.0
    K = torch.tensor([[-1.0, -1, -1], [-1, 8, -1], [-1, -1, -1]])
    assert equivariance_check(X, K, 2, 3, padding=1).agree == 100  # far from every edge
    # Up by 4: the L's top two pixels slide out, and three output cells feel it.
    assert equivariance_check(X, K, -4, 5, padding=1).agree == 97
