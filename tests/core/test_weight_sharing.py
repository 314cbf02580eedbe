"""The dense weight-shared matrix of a convolution, against F.conv2d and SciPy (D2L §7.1)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

from conv_core.examples.book import book_example
from conv_core.validation import ConvInputError
from conv_core.weight_sharing import (
    MAX_DENSE_ENTRIES,
    conv_matrix,
    unvec,
    vec,
    weight_index,
)


def test_the_books_example_as_a_matrix():
    X, K = book_example()
    M = conv_matrix(K, X.shape)
    # Row (i, j) holds K's four weights at the four pixels of its 2×2 window, zeros elsewhere.
    expected = [
        [0, 1, 0, 2, 3, 0, 0, 0, 0],
        [0, 0, 1, 0, 2, 3, 0, 0, 0],
        [0, 0, 0, 0, 1, 0, 2, 3, 0],
        [0, 0, 0, 0, 0, 1, 0, 2, 3],
    ]
    np.testing.assert_array_equal(M.numpy(), expected)
    np.testing.assert_array_equal((M @ vec(X)).numpy(), [19, 25, 37, 43])
    np.testing.assert_array_equal(unvec(M @ vec(X), (2, 2)).numpy(), [[19, 25], [37, 43]])


@settings(max_examples=60, deadline=None)
@given(
    h=st.integers(1, 9),
    w=st.integers(1, 9),
    kh=st.integers(1, 5),
    kw=st.integers(1, 5),
    ph=st.integers(0, 3),
    pw=st.integers(0, 3),
    sh=st.integers(1, 3),
    sw=st.integers(1, 3),
    seed=st.integers(0, 2**16),
)
def test_matrix_times_vec_x_is_f_conv2d(h, w, kh, kw, ph, pw, sh, sw, seed):
    if kh > h + 2 * ph or kw > w + 2 * pw:
        return
    g = torch.Generator().manual_seed(seed)
    X, K = torch.randn(h, w, generator=g), torch.randn(kh, kw, generator=g)
    Y = F.conv2d(X[None, None], K[None, None], padding=(ph, pw), stride=(sh, sw))[0, 0]
    M = conv_matrix(K, (h, w), padding=(ph, pw), stride=(sh, sw))
    assert M.shape == (Y.numel(), h * w)
    torch.testing.assert_close(unvec(M @ vec(X), Y.shape), Y, rtol=1e-5, atol=1e-5)


def test_matrix_times_vec_x_is_scipys_correlate2d():
    rng = np.random.default_rng(3)
    X, K = rng.normal(size=(7, 6)), rng.normal(size=(3, 4))
    expected = signal.correlate2d(X, K, mode="valid")
    M = conv_matrix(K, X.shape).double().numpy()
    np.testing.assert_allclose(M @ X.ravel(), expected.ravel(), rtol=1e-5, atol=1e-5)


def test_each_row_holds_the_kernel_once_and_nothing_else():
    """Sparsity: a row has exactly k_h·k_w non-zeros without padding, each weight once."""
    index = weight_index((6, 7), (3, 2))
    assert index.shape == (4 * 6, 6 * 7)
    for row in index:
        used = sorted(row[row >= 0].tolist())
        assert used == list(range(6))  # all six weights, each exactly once
    assert int((index >= 0).sum()) == 24 * 6  # the rest are structural zeros


def test_weight_sharing_every_weight_is_used_by_every_output_cell():
    K = torch.arange(1.0, 7.0).reshape(2, 3)  # six different non-zero weights
    M = conv_matrix(K, (5, 5))
    values, counts = torch.unique(M[M != 0], return_counts=True)
    assert values.tolist() == K.flatten().tolist()  # only K's numbers appear …
    assert counts.tolist() == [4 * 3] * 6  # … each once per output cell (4 × 3 of them)
    # Free parameters: 6, against the 12 × 25 = 300 of a dense layer of this shape.
    assert M.numel() == 300


def test_the_matrix_is_doubly_block_toeplitz():
    """Moving one output cell right moves its row one input column right (stride 1)."""
    M = conv_matrix(torch.randn(3, 3), (6, 6))
    oh = ow = 4
    for i in range(oh):
        for j in range(ow - 1):
            row, nxt = M[i * ow + j].reshape(6, 6), M[i * ow + j + 1].reshape(6, 6)
            torch.testing.assert_close(nxt[:, 1:], row[:, :-1])
            assert torch.all(nxt[:, 0] == 0)
    for i in range(oh - 1):  # one output row down: the whole block moves one input row down
        torch.testing.assert_close(M[(i + 1) * ow].reshape(6, 6)[1:], M[i * ow].reshape(6, 6)[:-1])


def test_padding_leaves_the_weights_that_fall_on_zeros_out():
    index = weight_index((3, 3), (3, 3), padding=1)
    # The corner output cell (0, 0) sees only the 2 × 2 top-left pixels: weights 4, 5, 7, 8.
    assert sorted(index[0][index[0] >= 0].tolist()) == [4, 5, 7, 8]
    assert int((index[4] >= 0).sum()) == 9  # the centre cell sees all nine


def test_stride_skips_rows_of_the_matrix():
    full = conv_matrix(torch.randn(2, 2), (5, 5))
    strided = conv_matrix(full.new_ones(2, 2), (5, 5), stride=2)
    assert strided.shape == (4, 25)
    assert torch.equal(
        weight_index((5, 5), (2, 2), stride=2), weight_index((5, 5), (2, 2))[[0, 2, 8, 10]]
    )


def test_refusals():
    with pytest.raises(ConvInputError) as err:
        conv_matrix(torch.ones(4, 4), (3, 3))
    assert err.value.code == "kernel_too_large"
    with pytest.raises(ConvInputError) as err:
        conv_matrix(torch.ones(1, 1), (3, 3), stride=0)
    assert err.value.code == "stride"
    with pytest.raises(ConvInputError) as err:
        conv_matrix(torch.ones(1, 1), (0, 3))
    assert err.value.code == "too_small"
    with pytest.raises(ConvInputError) as err:
        conv_matrix([[1.0, float("nan")]], (3, 3))
    assert err.value.code == "not_finite"
    with pytest.raises(ConvInputError) as err:
        unvec(torch.ones(5), (2, 3))
    assert err.value.code == "vec_length"


def test_a_matrix_too_large_is_refused_before_it_is_built():
    side = int(MAX_DENSE_ENTRIES**0.25) + 2  # (side²)² entries: just over the limit
    with pytest.raises(ConvInputError) as err:
        weight_index((side, side), (1, 1))
    assert err.value.code == "matrix_too_large"
    assert err.value.params["rows"] == side * side
    assert weight_index((side - 3, side - 3), (1, 1)).shape == ((side - 3) ** 2,) * 2
