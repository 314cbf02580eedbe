"""conv_core.fast against SciPy: every method, shape, padding and stride; no timing here."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
import scipy.signal
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from conv_core import fast

METHODS = [fast.corr2d_shift, fast.corr2d_fft, fast.corr2d_blocked, fast.corr2d_auto]
IDS = ["shift", "fft", "blocked", "auto"]


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


@pytest.mark.parametrize("method", METHODS, ids=IDS)
@settings(max_examples=150, deadline=None)
@given(problem=problems(), tile=st.sampled_from([1, 7, 64, fast._TILE_ELEMENTS]))
def test_matches_scipy(method, problem, tile):
    X, K, padding, stride = problem
    # Tiny tiles make even these small images run through many row tiles.
    with (
        mock.patch.object(fast, "_TILE_ELEMENTS", tile),
        mock.patch.object(fast, "_BLOCK_TILE_ELEMENTS", tile),
    ):
        Y = method(*as_tensors(X, K), padding, stride)
    assert_matches(Y, X, K, padding, stride)


@settings(max_examples=200, deadline=None)
@given(
    problem=problems(),
    tile=st.sampled_from([1, 7, fast._BLOCK_TILE_ELEMENTS]),
    block=st.tuples(st.integers(1, 5), st.integers(1, 17), st.integers(1, 8)),
)
def test_blocked_any_block_shape(problem, tile, block):
    """Blocks of any shape (R, C, P): widths and heights not a multiple of them, padding,
    both strides, the copy as 16-byte elements (C a multiple of 4) or as floats."""
    X, K, padding, stride = problem
    with mock.patch.object(fast, "_BLOCK_TILE_ELEMENTS", tile):
        Y = fast.corr2d_blocked(*as_tensors(X, K), padding, stride, block)
    assert_matches(Y, X, K, padding, stride)


def test_blocked_one_input_column_per_channel():
    """P = 1: the shape for which oneDNN returned garbage given a channel stride of 1."""
    rng = np.random.default_rng(8)
    X, K = rng.standard_normal((14, 9)), rng.standard_normal((10, 10))
    for block in [(1, 1, 1), (4, 4, 1), (2, 8, 1)]:
        Y = fast.corr2d_blocked(*as_tensors(X, K), (3, 1), (1, 2), block)
        assert_matches(Y, X, K, (3, 1), (1, 2))


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


def gaussian(k: int) -> np.ndarray:
    g = np.exp(-0.5 * ((np.arange(k) - k // 2) / (0.3 * k)) ** 2)
    return np.outer(g, g) / g.sum() ** 2


SOBEL_X = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])


@pytest.mark.parametrize(
    ("K", "expected"),
    [
        (gaussian(5), "separable, rank 1"),
        (gaussian(31), "separable, rank 1"),
        (gaussian(9) - 0.5 * gaussian(9).T ** 2, "separable, rank 2"),
        (SOBEL_X, "shift"),  # 6 nonzero taps: cheaper than 2 passes and an intermediate
        (np.random.default_rng(1).standard_normal((3, 3)), "shift"),  # 9 taps
        (np.random.default_rng(1).standard_normal((4, 4)), "shift"),  # 16 taps
        (np.random.default_rng(1).standard_normal((5, 5)), "blocked"),
        (np.random.default_rng(1).standard_normal((7, 7)), "blocked"),
        (np.random.default_rng(1).standard_normal((13, 13)), "blocked"),
        (np.random.default_rng(1).standard_normal((17, 17)), "blocked"),
        (np.random.default_rng(1).standard_normal((19, 19)), "fft"),
    ],
    ids=[
        "gauss5",
        "gauss31",
        "rank2",
        "sobel",
        "random3",
        "random4",
        "random5",
        "random7",
        "random13",
        "random17",
        "random19",
    ],
)
def test_auto_choice_and_result(K, expected):
    """auto picks by size and rank on a photo-sized input, and still equals SciPy."""
    X = np.random.default_rng(2).random((300, 400))
    pad = (K.shape[0] // 2, K.shape[1] // 2)
    Xt, Kt = as_tensors(X, K)
    assert fast.auto_method((3000, 4000), Kt, pad) == expected
    assert_matches(fast.corr2d_auto(Xt, Kt, pad, (1, 1)), X, K, pad)


@pytest.mark.parametrize("method", METHODS, ids=IDS)
@pytest.mark.parametrize("stride", [(1, 1), (2, 3)])
def test_large_kernel_medium_image(method, stride):
    """31×31 on 300×400: several FFT tiles, several row tiles, every phase of a stride."""
    rng = np.random.default_rng(3)
    X, K = rng.random((300, 400)), rng.standard_normal((31, 31))
    with mock.patch.object(fast, "_TILE_ELEMENTS", 4096):
        Y = method(*as_tensors(X, K), (15, 15), stride)
    assert_matches(Y, X, K, (15, 15), stride)


def test_auto_blocked_with_either_stride():
    """A stride is the conv's own: blocks compute only the kept outputs, in both axes."""
    K = torch.from_numpy(np.random.default_rng(4).standard_normal((7, 7)).astype(np.float32))
    for stride in [(2, 1), (1, 2), (3, 3)]:
        assert fast.auto_method((3000, 4000), K, (3, 3), stride) == "blocked"
    # Weights per output grow with the stride: a 13×13 at stride 4 goes back to shifting.
    K13 = torch.from_numpy(np.random.default_rng(4).standard_normal((13, 13)).astype(np.float32))
    assert fast.auto_method((3000, 4000), K13, (6, 6), (4, 4)) == "shift"


def test_blocked_photo_sized_rows():
    """A 12-megapixel-wide strip: full-size tiles, free views of X, odd width via buffer."""
    rng = np.random.default_rng(5)
    for width in (4000, 4001):
        X, K = rng.random((40, width)), rng.standard_normal((7, 7))
        with mock.patch.object(fast, "_BLOCK_TILE_ELEMENTS", 3 * width):
            Y = fast.corr2d_blocked(*as_tensors(X, K), (3, 3), (1, 1))
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
    with mock.patch.object(fast, "_BLOCK_TILE_ELEMENTS", 2 * width):
        Y = fast.corr2d_blocked(*as_tensors(X, K), padding, (sh, 1))
    assert_matches(Y, X, K, padding, (sh, 1))


@pytest.mark.parametrize("width", [4000, 4001, 4002])
def test_blocked_copy_paths(width):
    """Y's width a multiple of 4 (copied as 16-byte elements) or not (copied as floats)."""
    rng = np.random.default_rng(7)
    X, K = rng.standard_normal((23, width)), rng.standard_normal((5, 5))
    with mock.patch.object(fast, "_BLOCK_TILE_ELEMENTS", 8 * width):
        Y = fast.corr2d_blocked(*as_tensors(X, K), (2, 2), (1, 1))
    assert_matches(Y, X, K, (2, 2))


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
