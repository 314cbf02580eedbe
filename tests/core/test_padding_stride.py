"""Padding and stride (D2L §7.3): use counts, the window's path, the book's shapes."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from conv_core.correlation import output_shape
from conv_core.padding_stride import (
    BOOK_SHAPES,
    per_side_padding,
    size_settings,
    total_padding,
    use_counts,
    window_path,
)
from conv_core.validation import ConvInputError

layouts = st.tuples(
    st.integers(1, 9),  # h
    st.integers(1, 9),  # w
    st.integers(1, 4),  # kh
    st.integers(1, 4),  # kw
    st.integers(0, 3),  # ph
    st.integers(0, 3),  # pw
    st.integers(1, 4),  # sh
    st.integers(1, 4),  # sw
).filter(lambda t: t[2] <= t[0] + 2 * t[4] and t[3] <= t[1] + 2 * t[5])


def test_why_pad_a_corner_once_the_centre_k_h_k_w_times():
    counts = use_counts((5, 5), (3, 3))
    np.testing.assert_array_equal(
        counts.numpy(),
        np.outer([1, 2, 3, 2, 1], [1, 2, 3, 2, 1]),
    )
    assert counts[0, 0] == 1
    assert counts[2, 2] == 9
    # Padding 1 on each side (p = k − 1 = 2 in total) brings the border up.
    padded = use_counts((5, 5), (3, 3), padding=1)
    assert padded[0, 0] == 4
    assert padded[2, 2] == 9
    # A 5 × 3 kernel on 9 × 9: the corner still once, the centre 15 times; on 8 × 8 no
    # pixel is far enough from every border to be used k_h·k_w times.
    assert use_counts((9, 9), (5, 3))[0, 0] == 1
    assert use_counts((9, 9), (5, 3))[4, 4] == 15
    assert use_counts((8, 8), (5, 3)).max() == 4 * 3


@settings(max_examples=60, deadline=None)
@given(layout=layouts)
def test_use_counts_are_the_gradient_of_the_sum_of_outputs(layout):
    """Σ Y with an all-ones kernel: ∂/∂X[r, c] counts the windows that read X[r, c]."""
    h, w, kh, kw, ph, pw, sh, sw = layout
    X = torch.zeros(1, 1, h, w, dtype=torch.float64, requires_grad=True)
    Y = F.conv2d(
        X, torch.ones(1, 1, kh, kw, dtype=torch.float64), padding=(ph, pw), stride=(sh, sw)
    )
    (grad,) = torch.autograd.grad(Y.sum(), X)
    counts = use_counts((h, w), (kh, kw), padding=(ph, pw), stride=(sh, sw))
    assert counts.dtype == torch.float32
    np.testing.assert_array_equal(counts.numpy(), grad[0, 0].numpy())


@settings(max_examples=60, deadline=None)
@given(layout=layouts)
def test_the_window_path_walks_the_padded_input(layout):
    h, w, kh, kw, ph, pw, sh, sw = layout
    path = window_path((h, w), (kh, kw), padding=(ph, pw), stride=(sh, sw))
    Y = F.conv2d(
        torch.zeros(1, 1, h, w), torch.zeros(1, 1, kh, kw), padding=(ph, pw), stride=(sh, sw)
    )
    assert path.output_shape == tuple(Y.shape[2:])
    assert path.padded_shape == (h + 2 * ph, w + 2 * pw)
    assert len(path.corners) == Y.numel()
    # Each window lies inside the padded input, the next one s further on, row by row.
    for top, left in path.corners:
        assert 0 <= top <= h + 2 * ph - kh
        assert 0 <= left <= w + 2 * pw - kw
    assert path.corners[0] == (0, 0)
    if len(path.lefts) > 1:
        assert path.corners[1] == (0, sw)
    # The first window of the second output row starts s_h rows down.
    if len(path.tops) > 1:
        assert path.corners[len(path.lefts)] == (sh, 0)


def test_the_window_path_of_the_books_last_example():
    example = BOOK_SHAPES["kernel_3x5_stride_3x4"]
    path = window_path(
        example.input_shape, example.kernel_shape, padding=example.padding, stride=example.stride
    )
    assert path.padded_shape == (8, 10)
    assert path.corners == ((0, 0), (0, 4), (3, 0), (3, 4))


@pytest.mark.parametrize("name", BOOK_SHAPES)
def test_the_books_four_shapes(name):
    example = BOOK_SHAPES[name]
    assert (
        output_shape(
            example.input_shape,
            example.kernel_shape,
            padding=example.padding,
            stride=example.stride,
        )
        == example.output_shape
    )
    layer = torch.nn.Conv2d(
        1, 1, kernel_size=example.kernel_shape, padding=example.padding, stride=example.stride
    )
    with torch.no_grad():
        Y = layer(torch.rand(1, 1, *example.input_shape))
    assert tuple(Y.shape[2:]) == example.output_shape
    assert (
        window_path(
            example.input_shape,
            example.kernel_shape,
            padding=example.padding,
            stride=example.stride,
        ).output_shape
        == example.output_shape
    )


def test_the_books_shapes_are_the_books():
    assert {name: example.output_shape for name, example in BOOK_SHAPES.items()} == {
        "same_3x3": (8, 8),
        "same_5x3": (8, 8),
        "stride_2": (4, 4),
        "kernel_3x5_stride_3x4": (2, 2),
    }


@settings(max_examples=60, deadline=None)
@given(layout=layouts)
def test_the_books_formula_with_its_total_padding(layout):
    """⌊(n_h − k_h + p_h + s_h) / s_h⌋ with the book's p_h (total) is output_shape per side."""
    h, w, kh, kw, ph, pw, sh, sw = layout
    book_ph, book_pw = total_padding((ph, pw))
    expected = ((h - kh + book_ph + sh) // sh, (w - kw + book_pw + sw) // sw)
    assert output_shape((h, w), (kh, kw), padding=(ph, pw), stride=(sh, sw)) == expected
    assert per_side_padding((book_ph, book_pw)) == (ph, pw)


def test_converting_the_books_padding():
    assert total_padding(1) == (2, 2)
    assert total_padding((2, 1)) == (4, 2)
    # The book: p_h = k_h − 1 keeps the size; for a 5 × 3 kernel that is (4, 2), i.e. (2, 1).
    assert per_side_padding((4, 2)) == (2, 1)
    assert per_side_padding(0) == (0, 0)
    with pytest.raises(ConvInputError, match=r"p_w = 3 .* \(2 and 1\)"):
        per_side_padding((2, 3))
    with pytest.raises(ConvInputError, match="padding must be a whole number >= 0"):
        total_padding(-1)


def test_odd_kernels_keep_the_size_with_whole_padding():
    for k in (1, 3, 5, 7):
        (p, _) = per_side_padding(k - 1)
        assert output_shape((8, 8), (k, k), padding=p) == (8, 8)
    with pytest.raises(ConvInputError, match="cannot be split evenly"):
        per_side_padding(4 - 1)  # an even kernel needs an odd total


def test_shape_puzzle_answers():
    # 224 → 112 with a 3 × 3 kernel: p = 1, s = 2 (ResNet's stem uses k = 7, p = 3, s = 2).
    assert size_settings(224, 3, 112) == ((1, 2),)
    assert size_settings(224, 7, 112) == ((3, 2),)
    for p, s in size_settings(20, 4, 7):
        assert output_shape((20,), (4,), padding=p, stride=s) == (7,)
    assert size_settings(5, 3, 9) == ()  # no padding up to k − 1 makes it grow that much
    with pytest.raises(ConvInputError, match="target must be a whole number >= 1"):
        size_settings(224, 3, 0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"stride": 0}, "stride must be a whole number >= 1, but it is 0"),
        ({"padding": (1, 2, 3)}, "padding must be one whole number or a pair"),
        ({"padding": 0, "kernel_shape": (9, 3)}, "larger than the padded input"),
    ],
)
def test_bad_settings_are_refused(kwargs, message):
    arguments = {"input_shape": (8, 8), "kernel_shape": (3, 3), **kwargs}
    for function in (use_counts, window_path):
        with pytest.raises(ConvInputError, match=message):
            function(**arguments)
