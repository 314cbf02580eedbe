"""The dense weight-shared matrix of a convolution, against F.conv2d and SciPy (D2L §7.1)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

from conv_core.correlation import corr2d
from conv_core.examples.book import book_example
from conv_core.validation import ConvInputError
from conv_core.weight_sharing import (
    MAX_DENSE_ENTRIES,
    conv_matrix,
    dense_forward,
    matrix_row,
    unvec,
    vec,
    weight_index,
    weight_use,
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


# ---------------------------------------------------------------- one row, and the counts


shapes = {
    "h": st.integers(1, 7),
    "w": st.integers(1, 7),
    "kh": st.integers(1, 4),
    "kw": st.integers(1, 4),
    "p": st.integers(0, 3),
    "s": st.integers(1, 3),
}


@settings(max_examples=60, deadline=None)
@given(**shapes)
def test_a_rows_window_is_the_box_around_the_pixels_its_row_uses(h, w, kh, kw, p, s):
    if kh > h + 2 * p or kw > w + 2 * p:
        return
    index = weight_index((h, w), (kh, kw), padding=p, stride=s)
    ow = (w + 2 * p - kw) // s + 1
    for row in range(index.shape[0]):
        chosen = matrix_row(row, (h, w), (kh, kw), padding=p, stride=s)
        assert chosen.cell == (row // ow, row % ow)
        pixels = [divmod(int(c), w) for c in torch.nonzero(index[row] >= 0).flatten()]
        if not pixels:
            assert chosen.window is None
            continue
        rows, cols = [r for r, _ in pixels], [c for _, c in pixels]
        top, left = min(rows), min(cols)
        assert chosen.window == (top, left, max(rows) - top + 1, max(cols) - left + 1)


def test_the_books_rows_and_a_padded_corner():
    assert matrix_row(3, (3, 3), (2, 2)) == (3, (1, 1), (1, 1, 2, 2))  # pixels 4, 5, 7, 8
    assert matrix_row(0, (3, 3), (2, 2), padding=1).window == (0, 0, 1, 1)
    assert matrix_row(0, (2, 2), (1, 1), padding=1).window is None  # padding only


@pytest.mark.parametrize("row", [-1, 4, True, 1.0])
def test_a_row_outside_the_matrix_is_refused(row):
    with pytest.raises(ConvInputError) as err:
        matrix_row(row, (3, 3), (2, 2))
    assert err.value.code == "index"


def _uses_by_counting(h, w, kh, kw, p, s) -> list[int]:
    """How many output cells' windows put each weight of K on a pixel of X (not padding)."""
    uses = [0] * (kh * kw)
    for top in range(0, h + 2 * p - kh + 1, s):
        for left in range(0, w + 2 * p - kw + 1, s):
            for a in range(kh):
                for b in range(kw):
                    if 0 <= top + a - p < h and 0 <= left + b - p < w:
                        uses[a * kw + b] += 1
    return uses


@settings(max_examples=60, deadline=None)
@given(**shapes)
def test_weight_use_is_the_windows_counted_one_by_one(h, w, kh, kw, p, s):
    if kh > h + 2 * p or kw > w + 2 * p:
        return
    uses = _uses_by_counting(h, w, kh, kw, p, s)
    counted = weight_use(weight_index((h, w), (kh, kw), padding=p, stride=s))
    oh, ow = (h + 2 * p - kh) // s + 1, (w + 2 * p - kw) // s + 1
    assert counted.entries == oh * ow * h * w
    assert counted.used == sum(uses)
    assert counted.most_uses == max(uses)
    assert counted.percent_used == pytest.approx(100 * sum(uses) / (oh * ow * h * w))


def test_weight_use_of_the_books_example():
    # 4 rows × 9 columns; each of the 4 output cells uses all 4 weights once.
    assert weight_use(weight_index((3, 3), (2, 2))) == (36, 16, 4)
    assert weight_use(torch.full((2, 3), -1)) == (6, 0, 0)  # only padding: no weight used


@settings(max_examples=40, deadline=None)
@given(**shapes, seed=st.integers(0, 2**16))
def test_the_dense_forward_pass_is_f_conv2d(h, w, kh, kw, p, s, seed):
    if kh > h + 2 * p or kw > w + 2 * p:
        return
    g = torch.Generator().manual_seed(seed)
    X, K = torch.randn(h, w, generator=g), torch.randn(kh, kw, generator=g)
    Y = F.conv2d(X[None, None], K[None, None], padding=p, stride=s)[0, 0]
    M = conv_matrix(K, (h, w), padding=p, stride=s)
    torch.testing.assert_close(dense_forward(M, X, Y.shape), Y, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(corr2d(X, K, padding=p, stride=s), Y, rtol=1e-5, atol=1e-5)
