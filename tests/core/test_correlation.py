"""conv_core.correlation against SciPy / NumPy and the book's worked examples (D2L §7.2–7.3)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

from conv_core.correlation import (
    METHODS,
    conv2d,
    corr1d,
    corr2d,
    corr2d_book,
    corr3d,
    corr3d_slice,
    output_centres,
    output_shape,
    pad,
    window,
    window3d,
)
from conv_core.examples.book import book_example, diagonal_image, edge_image
from conv_core.validation import ConvInputError

BOOK_X = [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]
BOOK_K = [[0.0, 1.0], [2.0, 3.0]]


def reference_corr2d(X, K, padding=(0, 0), stride=(1, 1)) -> np.ndarray:
    """SciPy's correlate2d on the zero-padded input, sub-sampled by the stride."""
    Xp = np.pad(np.asarray(X, dtype=np.float64), ((padding[0],) * 2, (padding[1],) * 2))
    full = signal.correlate2d(Xp, np.asarray(K, dtype=np.float64), mode="valid")
    return full[:: stride[0], :: stride[1]]


# The book's numbers come out exactly, except by "separable": an SVD's terms of the book's
# integer kernel are irrational, so its sums are right to float32 rounding, not to the bit.
EXACT_METHODS = [m for m in METHODS if m != "separable"]


@pytest.mark.parametrize("method", EXACT_METHODS)
def test_book_example(method):
    Y = corr2d(BOOK_X, BOOK_K, method=method)
    assert Y.dtype == torch.float32
    assert Y.tolist() == [[19.0, 25.0], [37.0, 43.0]]


def test_book_example_separable():
    Y = corr2d(BOOK_X, BOOK_K, method="separable")
    assert Y.dtype == torch.float32
    torch.testing.assert_close(Y, torch.tensor([[19.0, 25.0], [37.0, 43.0]]), rtol=0, atol=1e-5)


def test_methods_are_one_vocabulary():
    """corr2d's methods: the reference two, "auto", and the fast ones auto chooses from."""
    assert METHODS == ("auto", "loop", "torch", "shift", "separable", "blocked", "fft")
    assert "tiled" not in METHODS


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "K",
    [
        np.outer([1.0, 4.0, 6.0, 4.0, 1.0], [1.0, 4.0, 6.0, 4.0, 1.0]) / 256,  # rank 1
        np.random.default_rng(11).standard_normal((5, 5)),  # full rank: blocked's kind
        np.random.default_rng(12).standard_normal((9, 4)),
    ],
    ids=["gauss5", "random5", "random9x4"],
)
@pytest.mark.parametrize(("padding", "stride"), [((0, 0), (1, 1)), ((2, 1), (2, 3))])
def test_every_method_agrees_with_f_conv2d(method, K, padding, stride):
    """Every name in METHODS runs through corr2d(method=...) and gives F.conv2d's result."""
    X = np.random.default_rng(10).random((70, 90))
    Y = corr2d(X, K, padding=padding, stride=stride, method=method)
    expected = F.conv2d(
        torch.from_numpy(X)[None, None],
        torch.from_numpy(K)[None, None],
        padding=padding,
        stride=stride,
    )[0, 0]
    atol = 1e-5 * float(np.abs(K).sum())
    torch.testing.assert_close(Y.double(), expected, rtol=0, atol=atol)


@pytest.mark.parametrize("method", METHODS)
def test_book_edge_image(method):
    X = edge_image()
    Y = corr2d(X, [[1.0, -1.0]], method=method)
    expected = torch.zeros((6, 7))
    expected[:, 1] = 1
    expected[:, 5] = -1
    torch.testing.assert_close(Y, expected, rtol=0, atol=1e-6)
    # The kernel only sees vertical edges: the transposed image gives all zeros.
    torch.testing.assert_close(
        corr2d(X.t(), [[1.0, -1.0]], method=method), torch.zeros((8, 5)), rtol=0, atol=1e-6
    )


def test_examples_are_the_books():
    X, K = book_example()
    assert X.tolist() == BOOK_X
    assert K.tolist() == BOOK_K
    assert edge_image().tolist() == [[1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]] * 6


def test_the_diagonal_is_found_by_the_kernel_and_by_its_transpose():
    """Each row of the staircase drops once (1 → 0), each column rises once (0 → 1)."""
    X = diagonal_image()
    assert X.shape == (6, 8)
    rows = corr2d(X, [[1.0, -1.0]])
    columns = corr2d(X, [[1.0], [-1.0]])
    for i in range(6):  # the step in row i lies between columns i + 1 and i + 2
        expected = [1.0 if j == i + 1 else 0.0 for j in range(7)]
        assert rows[i].tolist() == expected
    for j in range(8):  # the step in column j lies between rows j − 2 and j − 1
        expected = [-1.0 if i == j - 2 else 0.0 for i in range(5)]
        assert columns[:, j].tolist() == expected


def test_book_code_is_the_book():
    Y = corr2d_book(torch.tensor(BOOK_X), torch.tensor(BOOK_K))
    assert Y.tolist() == [[19.0, 25.0], [37.0, 43.0]]


@st.composite
def problems(draw, max_side=12):
    """A random input, a kernel up to larger than the unpadded input, a padding that fits it."""
    h = draw(st.integers(1, max_side))
    w = draw(st.integers(1, max_side))
    kh = draw(st.integers(1, h + 3))
    kw = draw(st.integers(1, w + 3))
    ph = draw(st.integers(max(0, -(-(kh - h) // 2)), 3))
    pw = draw(st.integers(max(0, -(-(kw - w) // 2)), 3))
    sh = draw(st.integers(1, 3))
    sw = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    integers = draw(st.booleans())
    if integers:
        X = rng.integers(-9, 10, size=(h, w)).astype(np.float32)
        K = rng.integers(-9, 10, size=(kh, kw)).astype(np.float32)
    else:
        X = rng.standard_normal((h, w)).astype(np.float32)
        K = rng.standard_normal((kh, kw)).astype(np.float32)
    return X, K, (ph, pw), (sh, sw)


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=150, deadline=None)
@given(problem=problems())
def test_every_method_agrees_with_scipy(method, problem):
    X, K, padding, stride = problem
    expected = reference_corr2d(X, K, padding, stride)
    Y = corr2d(X, K, padding=padding, stride=stride, method=method)
    assert (
        tuple(Y.shape)
        == expected.shape
        == output_shape(X.shape, K.shape, padding=padding, stride=stride)
    )
    scale = max(1.0, float(np.abs(X).max()) * float(np.abs(K).sum()))
    np.testing.assert_allclose(Y.numpy(), expected, rtol=0, atol=2e-6 * scale)


@settings(max_examples=60, deadline=None)
@given(problem=problems())
def test_conv2d_is_scipy_convolution(problem):
    X, K, padding, stride = problem
    Xp = np.pad(X.astype(np.float64), ((padding[0],) * 2, (padding[1],) * 2))
    expected = signal.convolve2d(Xp, K.astype(np.float64), mode="valid")[:: stride[0], :: stride[1]]
    Y = conv2d(X, K, padding=padding, stride=stride)
    scale = max(1.0, float(np.abs(X).max()) * float(np.abs(K).sum()))
    np.testing.assert_allclose(Y.numpy(), expected, rtol=0, atol=2e-6 * scale)


def test_conv2d_flips_the_kernel():
    # With an asymmetric kernel the two operations differ, and flipping K turns one into the other.
    K = torch.tensor(BOOK_K)
    assert not torch.equal(conv2d(BOOK_X, K), corr2d(BOOK_X, K))
    assert torch.equal(conv2d(BOOK_X, K), corr2d(BOOK_X, torch.flip(K, (0, 1))))


@settings(max_examples=80, deadline=None)
@given(
    n=st.integers(1, 30),
    k=st.integers(1, 8),
    p=st.integers(0, 4),
    s=st.integers(1, 4),
    seed=st.integers(0, 2**32 - 1),
)
def test_corr1d_agrees_with_numpy(n, k, p, s, seed):
    if k > n + 2 * p:
        with pytest.raises(ValueError, match="larger than the padded input"):
            corr1d(np.ones(n), np.ones(k), padding=p)
        return
    rng = np.random.default_rng(seed)
    x, kern = rng.standard_normal(n), rng.standard_normal(k)
    expected = np.correlate(np.pad(x, p), kern, mode="valid")[::s]
    for method in ("loop", "torch", "auto"):
        y = corr1d(x, kern, padding=p, stride=s, method=method)
        np.testing.assert_allclose(y.numpy(), expected, rtol=1e-5, atol=1e-5)


@settings(max_examples=40, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 6), st.integers(1, 6), st.integers(1, 6)),
    kshape=st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)),
    p=st.integers(0, 1),
    s=st.integers(1, 2),
    seed=st.integers(0, 2**32 - 1),
)
def test_corr3d_agrees_with_scipy(shape, kshape, p, s, seed):
    if any(k > n + 2 * p for n, k in zip(shape, kshape, strict=True)):
        with pytest.raises(ValueError, match="larger than the padded input"):
            corr3d(np.ones(shape), np.ones(kshape), padding=p)
        return
    rng = np.random.default_rng(seed)
    X, K = rng.standard_normal(shape), rng.standard_normal(kshape)
    expected = signal.correlate(np.pad(X, p), K, mode="valid")[::s, ::s, ::s]
    for method in ("loop", "torch"):
        Y = corr3d(X, K, padding=p, stride=s, method=method)
        np.testing.assert_allclose(Y.numpy(), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    ("shape", "kernel", "padding", "stride", "expected"),
    [
        ((3, 3), (2, 2), 0, 1, (2, 2)),  # the book's example
        ((8, 8), (3, 3), 1, 1, (8, 8)),  # padding 1 keeps a 3×3 kernel's output the input's size
        ((8, 8), (3, 3), 1, 2, (4, 4)),  # D2L §7.3.2
        ((8, 8), (3, 5), (0, 1), (3, 4), (2, 2)),  # D2L §7.3.2, the odd one
        ((6, 8), (1, 2), 0, 1, (6, 7)),  # the edge image
    ],
)
def test_output_shape_formula(shape, kernel, padding, stride, expected):
    assert output_shape(shape, kernel, padding=padding, stride=stride) == expected


def test_pad_adds_zeros():
    Xp = pad(BOOK_X, (1, 2))
    assert tuple(Xp.shape) == (5, 7)
    assert Xp[1:4, 2:5].tolist() == BOOK_X
    assert Xp.sum().item() == sum(map(sum, BOOK_X))


def test_window_writes_out_the_books_sum():
    w = window(BOOK_X, BOOK_K, 0, 0)
    assert (w.top, w.left, w.value) == (0, 0, 19.0)
    assert w.patch.tolist() == [[0.0, 1.0], [3.0, 4.0]]
    assert w.products.tolist() == [[0.0, 1.0], [6.0, 12.0]]
    assert w.expression(BOOK_K) == "0×0 + 1×1 + 3×2 + 4×3 = 19"
    assert window(BOOK_X, BOOK_K, 1, 1).expression(BOOK_K) == "4×0 + 5×1 + 7×2 + 8×3 = 43"


@settings(max_examples=60, deadline=None)
@given(problem=problems(max_side=7))
def test_window_matches_every_output_cell(problem):
    X, K, padding, stride = problem
    Y = corr2d(X, K, padding=padding, stride=stride, method="loop")
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            w = window(X, K, i, j, padding=padding, stride=stride)
            assert (w.top, w.left) == (i * stride[0], j * stride[1])
            assert w.value == pytest.approx(Y[i, j].item(), abs=1e-4)


def test_window_on_padding_sees_zeros():
    w = window(BOOK_X, BOOK_K, 0, 0, padding=1)
    assert w.patch.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert w.expression(BOOK_K) == "0×0 + 0×1 + 0×2 + 0×3 = 0"


def test_expression_writes_fractions_and_negatives():
    w = window([[0.5, -1.25]], [[2.0, -1.0]], 0, 0)
    assert w.expression([[2.0, -1.0]]) == "0.5×2 + (-1.25)×(-1) = 2.25"


@pytest.mark.parametrize(("i", "j"), [(2, 0), (0, 2), (-1, 0), (0.5, 0), (True, 0)])
def test_window_refuses_cells_outside_the_output(i, j):
    with pytest.raises(ValueError, match="from 0 to 1"):
        window(BOOK_X, BOOK_K, i, j)


@pytest.mark.parametrize("make", [list, np.array, torch.tensor])
def test_accepts_lists_arrays_and_tensors(make):
    Y = corr2d(make(BOOK_X), make(BOOK_K))
    assert isinstance(Y, torch.Tensor)
    assert Y.dtype == torch.float32
    assert Y.tolist() == [[19.0, 25.0], [37.0, 43.0]]


def test_integer_and_float64_inputs_give_float32():
    Y = corr2d(np.arange(9).reshape(3, 3), np.array(BOOK_K, dtype=np.float64))
    assert Y.dtype == torch.float32
    assert Y.tolist() == [[19.0, 25.0], [37.0, 43.0]]


def test_gradients_flow_through_auto():
    K = torch.tensor(BOOK_K, requires_grad=True)
    corr2d(BOOK_X, K).sum().backward()
    # dΣY/dK[a,b] is the sum of the inputs that K[a,b] touches.
    assert K.grad.tolist() == [[8.0, 12.0], [20.0, 24.0]]


BAD_INPUTS = [
    ("empty", {"X": []}, "X", "empty"),
    ("empty rows", {"X": [[], []]}, "X", "empty"),
    ("ragged", {"X": [[1, 2], [3]]}, "X", "ragged"),
    ("one-D", {"X": [1, 2, 3]}, "X", "ndim"),
    ("three-D", {"K": np.ones((2, 2, 2))}, "K", "ndim"),
    ("text", {"X": [["a", 1], [2, 3]]}, "X", "not_number"),
    ("empty cell", {"K": [[None, 1], [2, 3]]}, "K", "not_number"),
    ("NaN", {"X": [[float("nan"), 1], [2, 3]]}, "X", "not_finite"),
    ("inf", {"K": torch.tensor([[float("inf")]])}, "K", "not_finite"),
    ("too big for float32", {"X": [[1e300]]}, "X", "not_finite"),
    ("complex", {"X": torch.ones((2, 2), dtype=torch.complex64)}, "X", "not_number"),
    ("kernel too large", {"K": np.ones((4, 2))}, "padded input", "kernel_too_large"),
    ("stride 0", {"stride": 0}, "stride", "stride"),
    ("negative stride", {"stride": (1, -2)}, "stride", "stride"),
    ("fractional stride", {"stride": 1.5}, "stride", "not_int"),
    ("negative padding", {"padding": -1}, "padding", "padding"),
    ("three paddings", {"padding": (1, 1, 1)}, "padding", "pair"),
    ("unknown method", {"method": "magic"}, "method", "method"),
]


@pytest.mark.parametrize(
    ("changes", "mentions", "code"), [b[1:] for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS]
)
def test_bad_arguments_are_refused_with_a_sentence(changes, mentions, code):
    args = {"X": BOOK_X, "K": BOOK_K, "padding": 0, "stride": 1, "method": "auto"} | changes
    X, K = args.pop("X"), args.pop("K")
    with pytest.raises(ValueError, match=mentions) as info:
        corr2d(X, K, **args)
    assert isinstance(info.value, ConvInputError)
    assert info.value.code == code


def test_padding_lets_a_large_kernel_fit():
    # A 4×4 kernel does not fit a 3×3 input, but does once the input is padded by 1.
    with pytest.raises(ValueError, match="larger than the padded input"):
        corr2d(BOOK_X, np.ones((4, 4)))
    Y = corr2d(BOOK_X, np.ones((4, 4)), padding=1)
    assert Y.tolist() == [[36.0, 36.0], [36.0, 36.0]]


@pytest.mark.parametrize(
    ("shape", "padding"), [((5,), 2), ((3, 4), (1, 2)), ((2, 3, 4), 1), ((2, 3, 4), (0, 1, 2))]
)
def test_pad_adds_zeros_on_both_sides_of_every_axis_as_numpy_does(shape, padding):
    rng = np.random.default_rng(1)
    X = rng.standard_normal(shape).astype(np.float32)
    widths = [(p, p) for p in (padding if isinstance(padding, tuple) else (padding,) * len(shape))]
    np.testing.assert_array_equal(pad(X, padding).numpy(), np.pad(X, widths))


@pytest.mark.parametrize(("padding", "stride"), [(0, 1), (1, 1), (2, 2), ((1, 0, 2), (2, 1, 3))])
def test_corr3d_slice_is_each_depth_slice_of_conv3d(padding, stride):
    rng = np.random.default_rng(2)
    X = torch.from_numpy(rng.standard_normal((5, 6, 7)).astype(np.float32))
    K = torch.from_numpy(rng.standard_normal((2, 3, 2)).astype(np.float32))
    full = F.conv3d(X[None, None], K[None, None], padding=padding, stride=stride)[0, 0]
    for d in range(full.shape[0]):
        got = corr3d_slice(X, K, d, padding=padding, stride=stride)
        torch.testing.assert_close(got, full[d], atol=1e-5, rtol=1e-5)
    with pytest.raises(ValueError, match="d"):
        corr3d_slice(X, K, full.shape[0], padding=padding, stride=stride)


def test_output_centres_put_each_output_under_the_middle_of_its_window():
    # x of 6, k of 3, no padding: windows 0–2, 1–3, 2–4, 3–5 have centres 1, 2, 3, 4
    assert output_centres(6, 3) == [1.0, 2.0, 3.0, 4.0]
    # padding 1, stride 2, k 2: windows start at −1, 1, 3 (padded cells), centres −0.5, 1.5, 3.5
    assert output_centres(5, 2, padding=1, stride=2) == [-0.5, 1.5, 3.5]
    with pytest.raises(ValueError, match="larger than the padded input"):
        output_centres(2, 3)


def test_corr1d_torch_is_pytorchs_conv1d_and_refuses_as_the_others():
    x, k = [0.0, 1.0, 2.0, 3.0, 4.0], [1.0, -1.0]
    expected = np.correlate(np.pad(x, 1), k, mode="valid")[::2]
    np.testing.assert_allclose(corr1d(x, k, padding=1, stride=2, method="torch"), expected)
    with pytest.raises(ValueError, match="stride"):
        corr1d(x, k, stride=0, method="torch")
    with pytest.raises(ValueError, match="larger than the padded input"):
        corr1d([1.0], k, method="torch")


def test_window3d_slice_boxes_cover_the_kernels_depth_at_its_corner():
    X, K = torch.zeros(4, 5, 5), torch.ones(2, 3, 2)
    cell = window3d(X, K, 1, 2, 0, padding=1, stride=1)
    assert cell.slice_boxes() == {1: (2, 0, 3, 2), 2: (2, 0, 3, 2)}


@pytest.mark.parametrize("method", METHODS)
def test_a_result_beyond_float32_is_refused_not_returned_as_infinity(method):
    X, K = torch.ones(6, 7), torch.full((3, 3), 1e38)
    with pytest.raises(ConvInputError, match="too large for float32") as refused:
        corr2d(X, K, method=method)
    assert refused.value.code == "overflow"
    # Large but representable results pass: 9 × 1e37 = 9e37 < 3.4e38. (The FFT's transforms
    # grow values by the tile's 65 536 cells, so it has less headroom: it refuses earlier,
    # never returns infinity.)
    big = 1e37 if method != "fft" else 1e32
    assert torch.isfinite(corr2d(X, torch.full((3, 3), big), method=method)).all()


def test_overflow_is_refused_in_one_and_three_dimensions_too():
    with pytest.raises(ConvInputError, match="too large for float32"):
        corr1d([1.0] * 5, [3e38, 3e38], method="torch")
    with pytest.raises(ConvInputError, match="too large for float32"):
        corr1d([1.0] * 5, [3e38, 3e38])
    for method in ("auto", "loop"):
        with pytest.raises(ConvInputError, match="too large for float32"):
            corr3d(torch.ones(3, 3, 3), torch.full((2, 2, 2), 1e38), method=method)
