"""conv_core.channels against F.conv2d and D2L §7.4's worked example."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from conv_core import (
    channel_sum,
    corr2d,
    corr2d_multi_in,
    corr2d_multi_in_out,
    corr2d_multi_in_out_1x1,
)
from conv_core.validation import ConvInputError

# D2L §7.4.1: two input channels, a 2×2 kernel per channel.
BOOK_X = [[[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]]]
BOOK_K = [[[0, 1], [2, 3]], [[1, 2], [3, 4]]]


def reference(X, K, padding=0, stride=1, dilation=1) -> torch.Tensor:
    """PyTorch's own multi-channel convolution, without a bias: (C_out, H', W')."""
    X = torch.as_tensor(np.asarray(X), dtype=torch.float32)
    K = torch.as_tensor(np.asarray(K), dtype=torch.float32)
    return F.conv2d(X[None], K, bias=None, padding=padding, stride=stride, dilation=dilation)[0]


def test_the_books_example_by_hand():
    """Channel 0 gives [[19, 25], [37, 43]]; channel 1 (X + 1 with [[1, 2], [3, 4]]) gives
    [[37, 47], [67, 77]]; their sum is the book's [[56, 72], [104, 120]]."""
    assert corr2d(BOOK_X[1], BOOK_K[1]).tolist() == [[37, 47], [67, 77]]
    Y = corr2d_multi_in(BOOK_X, BOOK_K)
    assert Y.dtype == torch.float32
    assert Y.tolist() == [[56, 72], [104, 120]]


def test_the_books_three_output_channels():
    """D2L §7.4.2: K, K + 1, K + 2 stacked; the first output channel is the example's."""
    K = torch.tensor(BOOK_K, dtype=torch.float32)
    K3 = torch.stack((K, K + 1, K + 2), 0)
    assert K3.shape == (3, 2, 2, 2)
    Y = corr2d_multi_in_out(BOOK_X, K3)
    assert Y.tolist() == [
        [[56, 72], [104, 120]],
        [[76, 100], [148, 172]],
        [[96, 128], [192, 224]],
    ]
    torch.testing.assert_close(Y, reference(BOOK_X, K3))


def test_one_by_one_as_a_matrix_product_equals_the_convolution():
    """D2L §7.4.3: X (3, 3, 3), K (2, 3, 1, 1); both ways agree."""
    gen = torch.Generator().manual_seed(0)
    X = torch.normal(0, 1, (3, 3, 3), generator=gen)
    K = torch.normal(0, 1, (2, 3, 1, 1), generator=gen)
    Y1 = corr2d_multi_in_out_1x1(X, K)
    Y2 = corr2d_multi_in_out(X, K)
    assert Y1.shape == (2, 3, 3)
    assert float((Y1 - Y2).abs().sum()) < 1e-5
    torch.testing.assert_close(Y1, reference(X, K))
    # The matrix form (C_out, C_in) is the same kernel.
    torch.testing.assert_close(corr2d_multi_in_out_1x1(X, K[:, :, 0, 0]), Y1)


def test_one_by_one_mixes_pixel_by_pixel():
    """Grey = 0.299 R + 0.587 G + 0.114 B at every pixel; a swap matrix swaps the channels."""
    X = torch.arange(3 * 2 * 4, dtype=torch.float32).reshape(3, 2, 4)
    grey = corr2d_multi_in_out_1x1(X, [[0.299, 0.587, 0.114]])
    torch.testing.assert_close(grey[0], 0.299 * X[0] + 0.587 * X[1] + 0.114 * X[2])
    swap = [[0, 0, 1], [0, 1, 0], [1, 0, 0]]  # RGB -> BGR
    assert torch.equal(corr2d_multi_in_out_1x1(X, swap), X.flip(0))


@pytest.mark.parametrize(("padding", "stride"), [(0, 1), (1, 1), (1, 2), ((2, 0), (1, 3))])
def test_padding_and_stride_as_f_conv2d(padding, stride):
    gen = torch.Generator().manual_seed(1)
    X = torch.randint(-4, 5, (3, 7, 9), generator=gen).float()
    K = torch.randint(-2, 3, (4, 3, 3, 2), generator=gen).float()
    torch.testing.assert_close(
        corr2d_multi_in_out(X, K, padding=padding, stride=stride),
        reference(X, K, padding, stride),
    )
    torch.testing.assert_close(
        corr2d_multi_in(X, K[0], padding=padding, stride=stride),
        reference(X, K[:1], padding, stride)[0],
    )


@settings(max_examples=60, deadline=None)
@given(
    c_in=st.integers(1, 4),
    c_out=st.integers(1, 3),
    h=st.integers(1, 9),
    w=st.integers(1, 9),
    kh=st.integers(1, 4),
    kw=st.integers(1, 4),
    padding=st.integers(0, 2),
    stride=st.integers(1, 3),
    dilation=st.integers(1, 3),
    seed=st.integers(0, 2**16),
)
def test_every_shape_as_f_conv2d(c_in, c_out, h, w, kh, kw, padding, stride, dilation, seed):
    options = dict(padding=padding, stride=stride, dilation=dilation)
    spans = ((kh - 1) * dilation + 1, (kw - 1) * dilation + 1)
    if spans[0] > h + 2 * padding or spans[1] > w + 2 * padding:
        with pytest.raises(ConvInputError) as info:
            corr2d_multi_in_out(torch.zeros(c_in, h, w), torch.zeros(c_out, c_in, kh, kw),
                                **options)  # fmt: skip
        assert info.value.code in ("kernel_too_large", "dilated_kernel_too_large")
        return
    gen = torch.Generator().manual_seed(seed)
    X = torch.randn(c_in, h, w, generator=gen)
    K = torch.randn(c_out, c_in, kh, kw, generator=gen)
    Y = corr2d_multi_in_out(X, K, **options)
    torch.testing.assert_close(Y, reference(X, K, **options), rtol=1e-4, atol=1e-4)
    torch.testing.assert_close(corr2d_multi_in(X, K[0], **options), Y[0], rtol=0, atol=0)
    i, j = (int(torch.randint(n, (1,), generator=gen)) for n in Y.shape[1:])
    by_hand = channel_sum(X, K[0], i, j, **options).value
    assert by_hand == pytest.approx(float(Y[0, i, j]), rel=1e-4, abs=1e-4)
    if kh == kw == 1 and padding == 0 and stride == 1:
        torch.testing.assert_close(corr2d_multi_in_out_1x1(X, K), Y, rtol=1e-4, atol=1e-4)


def test_a_large_picture_takes_the_fast_path_and_agrees():
    """Three channels of a 300×400 picture: each channel through corr2d's auto method."""
    gen = torch.Generator().manual_seed(2)
    X = torch.rand(3, 300, 400, generator=gen)
    K = torch.randn(2, 3, 5, 5, generator=gen)
    torch.testing.assert_close(
        corr2d_multi_in_out(X, K, padding=2), reference(X, K, 2), rtol=1e-4, atol=1e-4
    )


@pytest.mark.parametrize("dilation", [2, (1, 2), (3, 1)])
def test_dilation_as_f_conv2d(dilation):
    gen = torch.Generator().manual_seed(3)
    X = torch.randint(-4, 5, (3, 9, 10), generator=gen).float()
    K = torch.randint(-2, 3, (2, 3, 3, 3), generator=gen).float()
    Y = corr2d_multi_in_out(X, K, padding=1, dilation=dilation)
    torch.testing.assert_close(Y, reference(X, K, padding=1, dilation=dilation))


def test_a_dilated_cell_by_hand():
    """Dilation 2 on the book's 3×3 channels with 2×2 slices: the corners of each channel.
    Channel 0: 0×0 + 2×1 + 6×2 + 8×3 = 38; channel 1: 1×1 + 3×2 + 7×3 + 9×4 = 64; 102."""
    cell = channel_sum(BOOK_X, BOOK_K, 0, 0, dilation=2)
    assert cell.expressions(BOOK_K) == ["0×0 + 2×1 + 6×2 + 8×3 = 38", "1×1 + 3×2 + 7×3 + 9×4 = 64"]
    assert cell.total() == "38 + 64 = 102"
    assert corr2d_multi_in(BOOK_X, BOOK_K, dilation=2).tolist() == [[102]]
    with pytest.raises(ConvInputError) as info:
        corr2d_multi_in(BOOK_X, BOOK_K, dilation=3)
    assert info.value.code == "dilated_kernel_too_large"
    with pytest.raises(ConvInputError) as info:
        corr2d_multi_in(BOOK_X, BOOK_K, dilation=0)
    assert info.value.code == "dilation"


def test_channel_sum_writes_each_channel_and_the_total():
    cell = channel_sum(BOOK_X, BOOK_K, 0, 0)
    assert cell.expressions(BOOK_K) == ["0×0 + 1×1 + 3×2 + 4×3 = 19", "1×1 + 2×2 + 4×3 + 5×4 = 37"]
    assert cell.total() == "19 + 37 = 56"
    assert cell.value == 56
    Y = corr2d_multi_in(BOOK_X, BOOK_K, padding=1, stride=2)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            assert channel_sum(BOOK_X, BOOK_K, i, j, padding=1, stride=2).value == Y[i, j]


def test_channel_sum_brackets_negative_channel_sums():
    cell = channel_sum([[[1]], [[2]]], [[[-3]], [[1]]], 0, 0)
    assert cell.total() == "(-3) + 2 = -1"


def test_channel_counts_that_disagree_name_both_numbers():
    with pytest.raises(ConvInputError, match=r"X has 2 channel\(s\) but the kernel has 3") as info:
        corr2d_multi_in(BOOK_X, [BOOK_K[0]] * 3)
    assert info.value.code == "channels_mismatch"
    assert info.value.params == {"x_channels": 2, "k_channels": 3}
    with pytest.raises(ConvInputError) as info:
        corr2d_multi_in_out(BOOK_X, torch.zeros(4, 3, 2, 2))
    assert info.value.params == {"x_channels": 2, "k_channels": 3}
    with pytest.raises(ConvInputError) as info:
        corr2d_multi_in_out_1x1(BOOK_X, torch.zeros(4, 3))
    assert info.value.code == "channels_mismatch"
    with pytest.raises(ConvInputError) as info:
        channel_sum(BOOK_X, [BOOK_K[0]], 0, 0)
    assert info.value.code == "channels_mismatch"


@pytest.mark.parametrize(
    ("call", "name", "shape"),
    [
        (lambda: corr2d_multi_in(BOOK_X[0], BOOK_K), "X", "(C, H, W)"),
        (lambda: corr2d_multi_in(BOOK_X, BOOK_K[0]), "K", "(C, kh, kw)"),
        (lambda: corr2d_multi_in_out(BOOK_X, BOOK_K), "K", "(C_out, C_in, kh, kw)"),
        (lambda: corr2d_multi_in_out([BOOK_X], [BOOK_K]), "X", "(C, H, W)"),
        (lambda: corr2d_multi_in_out_1x1(BOOK_X, [1, 2]), "K", "(C_out, C_in)"),
    ],
)
def test_a_wrong_number_of_dimensions_says_which_shape_was_expected(call, name, shape):
    with pytest.raises(ConvInputError) as info:
        call()
    assert info.value.code == "channels_ndim"
    assert info.value.params["name"] == name
    assert info.value.params["shape"] == shape
    assert shape in str(info.value)


def test_a_one_by_one_product_refuses_a_larger_kernel():
    with pytest.raises(ConvInputError, match="1×1 kernel; this one is 2×2") as info:
        corr2d_multi_in_out_1x1(BOOK_X, torch.zeros(1, 2, 2, 2))
    assert info.value.code == "not_1x1"


@pytest.mark.parametrize(
    ("X", "K", "code"),
    [
        ([[[0, 1], [2, float("nan")]]], [[[1]]], "not_finite"),
        ([[[0, 1], [2, 3]]], [[["a"]]], "not_number"),
        (torch.zeros(0, 3, 3), torch.zeros(0, 1, 1), "empty"),
        ([[[0, 1], [2]]], [[[1]]], "ragged"),
        (torch.zeros(2, 2, 2), torch.zeros(2, 3, 3), "kernel_too_large"),
    ],
)
def test_the_same_refusals_as_corr2d(X, K, code):
    with pytest.raises(ConvInputError) as info:
        corr2d_multi_in(X, K)
    assert info.value.code == code


def test_bad_padding_and_stride_are_refused_as_by_corr2d():
    with pytest.raises(ConvInputError) as info:
        corr2d_multi_in(BOOK_X, BOOK_K, stride=0)
    assert info.value.code == "stride"
    with pytest.raises(ConvInputError) as info:
        corr2d_multi_in_out(BOOK_X, [BOOK_K], padding=-1)
    assert info.value.code == "padding"


def test_a_sum_over_channels_beyond_float32_is_refused():
    """Each channel's 3e38 fits in float32; two of them added do not."""
    X = torch.full((2, 1, 1), 3.0)
    K = torch.full((2, 1, 1), 1e38)
    assert torch.isfinite(corr2d(X[0], K[0])).all()
    with pytest.raises(ConvInputError) as info:
        corr2d_multi_in(X, K)
    assert info.value.code == "overflow"
    with pytest.raises(ConvInputError) as info:
        corr2d_multi_in_out_1x1(X, K.reshape(1, 2))
    assert info.value.code == "overflow"


def test_results_are_fresh_tensors():
    """The sum is written into its own tensor: changing Y changes nothing else."""
    X = torch.rand(3, 50, 60)
    K = torch.rand(3, 3, 3)
    Y = corr2d_multi_in(X, K)
    before = corr2d(X[0], K[0]).clone()
    Y.fill_(0)
    assert torch.equal(corr2d(X[0], K[0]), before)
