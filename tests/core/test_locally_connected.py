"""The locally connected layer: locality without weight sharing (D2L §7.1)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from conv_core.correlation import corr2d
from conv_core.equivariance import equivariance_check, shift
from conv_core.locally_connected import (
    locally_connected2d,
    locally_connected_index,
    locally_connected_matrix,
    locally_connected_params,
    locally_connected_shift_check,
    weights_by_principle,
)
from conv_core.validation import ConvInputError
from conv_core.weight_sharing import vec


def loop(X, W):
    """The definition, one cell and one product at a time, in plain Python floats."""
    oh, ow, kh, kw = W.shape
    return [
        [
            sum(float(X[i + a, j + b]) * float(W[i, j, a, b]) for a in range(kh) for b in range(kw))
            for j in range(ow)
        ]
        for i in range(oh)
    ]


def random_layer(h, w, kh, kw, seed):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(h, w, generator=g)
    W = torch.randn(h - kh + 1, w - kw + 1, kh, kw, generator=g)
    return X, W


def test_a_small_case_by_hand():
    X = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    # The book's kernel at (0, 0), its negative at (0, 1), zeros at (1, 0), ones at (1, 1).
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    W = torch.stack([torch.stack([K, -K]), torch.stack([torch.zeros(2, 2), torch.ones(2, 2)])])
    Y = locally_connected2d(X, W)
    assert Y.dtype == torch.float32
    np.testing.assert_array_equal(Y.numpy(), [[19, -25], [0, 4 + 5 + 7 + 8]])


@settings(max_examples=40, deadline=None)
@given(
    h=st.integers(1, 8),
    w=st.integers(1, 8),
    kh=st.integers(1, 4),
    kw=st.integers(1, 4),
    seed=st.integers(0, 2**16),
)
def test_agrees_with_the_loop(h, w, kh, kw, seed):
    if kh > h or kw > w:
        return
    X, W = random_layer(h, w, kh, kw, seed)
    np.testing.assert_allclose(locally_connected2d(X, W).numpy(), loop(X, W), rtol=1e-5, atol=1e-5)


def test_agrees_with_f_unfold():
    """F.unfold lays out the windows as columns; the layer is then one dot product per cell."""
    X, W = random_layer(7, 9, 3, 2, seed=4)
    columns = F.unfold(X[None, None], (3, 2))[0]  # (k_h·k_w, h_out·w_out)
    expected = (columns * W.reshape(-1, 6).T).sum(0).reshape(5, 8)
    np.testing.assert_allclose(locally_connected2d(X, W).numpy(), expected.numpy(), atol=1e-5)


def test_one_kernel_everywhere_is_a_cross_correlation():
    X, _ = random_layer(6, 8, 3, 3, seed=1)
    K = torch.randn(3, 3, generator=torch.Generator().manual_seed(2))
    W = K.expand(4, 6, 3, 3)
    np.testing.assert_allclose(
        locally_connected2d(X, W).numpy(), corr2d(X, K).numpy(), rtol=1e-5, atol=1e-5
    )


def test_accepts_lists_arrays_and_tensors():
    X, W = random_layer(4, 4, 2, 2, seed=3)
    expected = locally_connected2d(X, W)
    for x, weights in ((X.tolist(), W.tolist()), (X.numpy(), W.numpy().astype(np.float64))):
        np.testing.assert_array_equal(locally_connected2d(x, weights).numpy(), expected.numpy())


@pytest.mark.parametrize(
    ("shape", "message"),
    [
        ((3, 3, 3, 3), r"W must have shape \(h_out, w_out, k_h, k_w\) = \(4, 6, 3, 3\)"),
        ((4, 6, 2, 2), r"\(5, 7, 2, 2\) for a 6 × 8 X and 2 × 2 windows"),
        ((1, 1, 7, 3), r"W's windows \(7 × 3"),
    ],
)
def test_a_wrong_w_shape_says_the_expected_one(shape, message):
    with pytest.raises(ConvInputError, match=message):
        locally_connected2d(torch.zeros(6, 8), torch.zeros(shape))


def test_w_must_have_four_axes_and_finite_numbers():
    with pytest.raises(ConvInputError, match="W must be a 4-D array, but it has 2"):
        locally_connected2d(torch.zeros(3, 3), torch.zeros(2, 2))
    W = torch.zeros(2, 2, 2, 2)
    W[1, 1, 0, 0] = float("nan")
    with pytest.raises(ConvInputError, match="W contains NaN"):
        locally_connected2d(torch.zeros(3, 3), W)
    with pytest.raises(ConvInputError, match="too large for float32"):
        locally_connected2d(torch.full((3, 3), 3e38), torch.full((2, 2, 2, 2), 3e38))


def test_weight_counts_for_the_three_layers():
    # A 6 × 8 input, 3 × 3 windows: a 4 × 6 output.
    counts = weights_by_principle(6, 8, 3, 3)
    assert counts.fully_connected == 6 * 8 * 4 * 6
    assert counts.locally_connected == locally_connected_params(6, 8, 3, 3) == 4 * 6 * 9
    assert counts.convolution == 9
    # Each count is the number of free numbers in the layer's dense matrix.
    W = torch.randn(4, 6, 3, 3)
    assert locally_connected_matrix(W).count_nonzero() == counts.locally_connected
    with pytest.raises(ConvInputError, match="larger than the padded input"):
        locally_connected_params(2, 8, 3, 3)
    assert type(locally_connected_params(6, 8, 3.0, 3)) is int
    with pytest.raises(ConvInputError, match="kernel must be a whole number"):
        locally_connected_params(6, 8, 2.5, 3)


@settings(max_examples=30, deadline=None)
@given(
    h=st.integers(1, 7),
    w=st.integers(1, 7),
    kh=st.integers(1, 4),
    kw=st.integers(1, 4),
    seed=st.integers(0, 2**16),
)
def test_the_dense_matrix_times_vec_x(h, w, kh, kw, seed):
    if kh > h or kw > w:
        return
    X, W = random_layer(h, w, kh, kw, seed)
    M = locally_connected_matrix(W)
    assert M.shape == ((h - kh + 1) * (w - kw + 1), h * w)
    np.testing.assert_allclose(
        (M @ vec(X)).numpy(), locally_connected2d(X, W).flatten().numpy(), rtol=1e-5, atol=1e-5
    )


def test_no_weight_appears_twice_in_the_dense_matrix():
    index = locally_connected_index((5, 6), (2, 3))
    used = index[index >= 0]
    assert sorted(used.tolist()) == list(range(4 * 4 * 2 * 3))


def test_not_translation_equivariant_while_corr2d_is():
    """An interior shift: the convolution's output moves with the input, the layer's does not."""
    g = torch.Generator().manual_seed(7)
    X = torch.zeros(10, 10)
    X[2:5, 2:5] = torch.randn(3, 3, generator=g)  # a pattern well inside the frame
    K = torch.randn(3, 3, generator=g)
    W = torch.randn(8, 8, 3, 3, generator=g)
    dy, dx = 3, 2  # the pattern stays inside, so nothing slides out

    conv = equivariance_check(X, K, dy, dx)
    assert conv.agree == conv.total
    np.testing.assert_allclose(conv.Y_of_shifted.numpy(), conv.shifted_Y.numpy(), atol=1e-5)

    local = locally_connected_shift_check(X, W, dy, dx)
    Y_of_shifted = locally_connected2d(shift(X, dy, dx), W)
    np.testing.assert_array_equal(local.Y_of_shifted.numpy(), Y_of_shifted.numpy())
    assert local.agree < local.total
    assert local.difference.abs().max() > 0.1
    # The cells the pattern's shifted windows reach all disagree (random weights differ).
    assert (local.difference[3:8, 2:7].abs() > 1e-5).all()

    # The same layer with one kernel for every cell is the convolution again.
    shared = locally_connected_shift_check(X, K.expand(8, 8, 3, 3), dy, dx)
    assert shared.agree == shared.total


def test_guaranteed_cells_are_only_the_forced_zeros():
    X, W = random_layer(6, 6, 3, 3, seed=5)
    check = locally_connected_shift_check(X, W, 0, 2)
    # Shifted 2 right: output columns 0–1 have no source in Y, but their 3-wide windows
    # still reach input column 2, a pixel that stayed: nothing is guaranteed.
    assert check.guaranteed == 0
    check = locally_connected_shift_check(X, W, 0, 4)
    # Shifted 4 right: output columns 0–1 read input columns 0–3, all zeros slid in.
    assert check.guaranteed == 4 * 2
    assert (check.Y_of_shifted[:, :2] == 0).all()
    assert (check.shifted_Y[:, :2] == 0).all()
