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
    dilate,
    output_centres,
    output_shape,
    pad,
)
from conv_core.examples.book import book_example, diagonal_image, edge_image
from conv_core.validation import ConvInputError
from conv_core.windows import window, window3d

BOOK_X = [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]
BOOK_K = [[0.0, 1.0], [2.0, 3.0]]


def reference_corr2d(X, K, padding=(0, 0), stride=(1, 1)) -> np.ndarray:
    """SciPy's correlate2d on the zero-padded input, sub-sampled by the stride."""
    Xp = np.pad(np.asarray(X, dtype=np.float64), ((padding[0],) * 2, (padding[1],) * 2))
    full = signal.correlate2d(Xp, np.asarray(K, dtype=np.float64), mode="valid")
    return full[:: stride[0], :: stride[1]]


@pytest.mark.parametrize("method", METHODS)
def test_book_example(method):
    Y = corr2d(BOOK_X, BOOK_K, method=method)
    assert Y.dtype == torch.float32
    assert Y.tolist() == [[19.0, 25.0], [37.0, 43.0]]


def test_methods_are_one_vocabulary():
    """corr2d's methods: the reference two, "auto", and the fast ones auto chooses from."""
    assert METHODS == ("auto", "loop", "torch", "blocked", "fft")
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
    ("dilation 0", {"dilation": 0}, "dilation", "dilation"),
    ("negative dilation", {"dilation": (2, -1)}, "dilation", "dilation"),
    ("fractional dilation", {"dilation": 1.5}, "dilation", "not_int"),
    ("boolean dilation", {"dilation": True}, "dilation", "not_int"),
    ("three dilations", {"dilation": (1, 1, 1)}, "dilation", "pair"),
    # 2×2 at dilation 3 spans 4×4: more than the 3×3 input.
    ("dilated kernel too large", {"dilation": 3}, "spans 4×4", "dilated_kernel_too_large"),
]


@pytest.mark.parametrize(
    ("changes", "mentions", "code"), [b[1:] for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS]
)
def test_bad_arguments_are_refused_with_a_sentence(changes, mentions, code):
    args = {"X": BOOK_X, "K": BOOK_K, "padding": 0, "stride": 1, "method": "auto"} | changes
    args.setdefault("dilation", 1)
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


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("k", [3, 9])
def test_results_corr2d_does_not_look_at_are_within_float32(method, k):
    # corr2d skips its look at Y when Σ|K|·max|X|, times the FFT's headroom, is inside
    # float32: at the largest kernel it skips for, every method's Y must still be finite.
    from conv_core.fast import transform_growth

    rng = np.random.default_rng(k)
    X = rng.uniform(-1, 1, (40, 50)).astype(np.float32)
    X[3, 4] = 1.0
    K = np.sign(rng.standard_normal((k, k))).astype(np.float32)
    scale = 0.99 * float(torch.finfo(torch.float32).max) / (k * k * transform_growth((k, k)))
    Y = corr2d(X, K * np.float32(scale), padding=1, method=method)
    assert torch.isfinite(Y).all()
    np.testing.assert_allclose(
        Y.double().numpy() / scale, reference_corr2d(X, K, (1, 1)), rtol=1e-4, atol=1e-4 * k * k
    )


def test_overflow_is_refused_in_one_and_three_dimensions_too():
    with pytest.raises(ConvInputError, match="too large for float32"):
        corr1d([1.0] * 5, [3e38, 3e38], method="torch")
    with pytest.raises(ConvInputError, match="too large for float32"):
        corr1d([1.0] * 5, [3e38, 3e38])
    for method in ("auto", "loop"):
        with pytest.raises(ConvInputError, match="too large for float32"):
            corr3d(torch.ones(3, 3, 3), torch.full((2, 2, 2), 1e38), method=method)


# Dilation: the kernel's taps spread d apart (F.conv2d's `dilation`).


def reference_dilated(X, K, padding, stride, dilation) -> torch.Tensor:
    return F.conv2d(
        torch.as_tensor(np.asarray(X, dtype=np.float64))[None, None],
        torch.as_tensor(np.asarray(K, dtype=np.float64))[None, None],
        padding=padding,
        stride=stride,
        dilation=dilation,
    )[0, 0]


@st.composite
def dilated_problems(draw, max_side=16):
    """X, K, padding, stride and dilation with the spread kernel fitting the padded X."""
    H, W = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    ph, pw = draw(st.integers(0, 3)), draw(st.integers(0, 3))
    dh, dw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    kh = draw(st.integers(1, (H + 2 * ph - 1) // dh + 1))
    kw = draw(st.integers(1, (W + 2 * pw - 1) // dw + 1))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    K = rng.standard_normal((kh, kw))
    if draw(st.booleans()):
        K = np.outer(rng.standard_normal(kh), rng.standard_normal(kw))  # rank 1
    return rng.standard_normal((H, W)), K, (ph, pw), (sh, sw), (dh, dw)


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=40, deadline=None)
@given(problem=dilated_problems())
def test_every_method_agrees_with_f_conv2d_at_any_dilation(method, problem):
    X, K, padding, stride, dilation = problem
    Y = corr2d(X, K, padding=padding, stride=stride, dilation=dilation, method=method)
    expected = reference_dilated(X, K, padding, stride, dilation)
    assert Y.dtype == torch.float32
    assert tuple(Y.shape) == tuple(expected.shape)
    assert tuple(Y.shape) == output_shape(
        np.shape(X), K.shape, padding=padding, stride=stride, dilation=dilation
    )
    atol = 1e-5 * float(np.abs(X).max() * np.abs(K).sum()) + 1e-6
    torch.testing.assert_close(Y.double(), expected, rtol=0, atol=atol)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("K_name", ["random7", "gauss5", "sobel"])
def test_large_dilated_kernels_take_every_fast_path(method, K_name):
    """Kernels whose spread size sends auto to blocked or fft; strided and padded."""
    rng = np.random.default_rng(3)
    K = {
        "random7": rng.standard_normal((7, 7)),
        "gauss5": np.outer([1.0, 4, 6, 4, 1], [1.0, 4, 6, 4, 1]) / 256,
        "sobel": np.array([[1.0, 0, -1], [2, 0, -2], [1, 0, -1]]),
    }[K_name]
    X = rng.random((300, 280))
    for padding, stride, dilation in (((0, 0), (1, 1), (3, 3)), ((4, 2), (2, 3), (2, 5))):
        Y = corr2d(X, K, padding=padding, stride=stride, dilation=dilation, method=method)
        expected = reference_dilated(X, K, padding, stride, dilation)
        atol = 1e-5 * float(np.abs(K).sum())
        torch.testing.assert_close(Y.double(), expected, rtol=0, atol=atol)


def test_dilation_by_hand():
    """A 2×2 kernel at dilation 2 on the 4×4 counting matrix reads its corners' 3×3 spread."""
    X = np.arange(16.0).reshape(4, 4)
    K = [[1.0, 2.0], [3.0, 4.0]]
    # Y[0,0] = 1·X[0,0] + 2·X[0,2] + 3·X[2,0] + 4·X[2,2] = 0 + 4 + 24 + 40 = 68
    for method in METHODS:  # an FFT's sums are right to float32 rounding, not to the bit
        Y = corr2d(X, K, dilation=2, method=method)
        expected = torch.tensor([[68.0, 78.0], [108.0, 118.0]])
        torch.testing.assert_close(Y, expected, rtol=0, atol=0 if method == "loop" else 1e-4)
    assert output_shape((4, 4), (2, 2), dilation=2) == (2, 2)
    assert dilate(K, 2).tolist() == [[1.0, 0.0, 2.0], [0.0, 0.0, 0.0], [3.0, 0.0, 4.0]]
    assert dilate(K, (1, 3)).tolist() == [[1.0, 0.0, 0.0, 2.0], [3.0, 0.0, 0.0, 4.0]]
    w = window(X, K, 1, 0, dilation=2)
    assert (w.top, w.left, w.span) == (1, 0, (3, 3))
    assert w.taps() == [(1, 0), (1, 2), (3, 0), (3, 2)]
    assert w.patch.tolist() == [[4.0, 6.0], [12.0, 14.0]]
    assert w.expression(K) == "4×1 + 6×2 + 12×3 + 14×4 = 108"


def test_dilation_one_is_the_plain_correlation_and_keeps_the_kernel():
    K = torch.tensor(BOOK_K)
    assert dilate(K, 1) is K  # no copy on the fast path's way
    assert corr2d(BOOK_X, BOOK_K, dilation=(1, 1)).tolist() == [[19.0, 25.0], [37.0, 43.0]]
    spread, plain = window(BOOK_X, BOOK_K, 1, 0, dilation=1), window(BOOK_X, BOOK_K, 1, 0)
    assert spread.patch.tolist() == plain.patch.tolist() == [[3.0, 4.0], [6.0, 7.0]]
    assert (spread.top, spread.left, spread.span) == (plain.top, plain.left, (2, 2))
    assert spread.taps() == [(1, 0), (1, 1), (2, 0), (2, 1)]


@pytest.mark.parametrize(
    ("shape", "kernel", "padding", "stride", "dilation", "expected"),
    [
        ((7, 7), (3, 3), 0, 1, 2, (3, 3)),  # a 3×3 at dilation 2 spans 5×5
        ((7, 7), (3, 3), 2, 1, 2, (7, 7)),  # padding d·(k − 1)/2 keeps the size
        ((10, 9), (3, 2), (1, 0), (2, 3), (3, 4), (3, 2)),  # (10+2−7)//2+1, (9−5)//3+1
        ((5, 5), (1, 1), 0, 1, 9, (5, 5)),  # a 1×1 kernel has no gaps to spread
    ],
)
def test_output_shape_with_dilation(shape, kernel, padding, stride, dilation, expected):
    assert (
        output_shape(shape, kernel, padding=padding, stride=stride, dilation=dilation) == expected
    )


def test_a_dilated_kernel_that_fits_once_padded():
    with pytest.raises(ConvInputError, match=r"spans 5×5.*padded input \(3×3\)") as info:
        corr2d(BOOK_X, np.ones((3, 3)), dilation=2)
    assert info.value.params == {
        "kernel": (3, 3),
        "dilation": (2, 2),
        "span": (5, 5),
        "padded": (3, 3),
    }
    # Padded by 1 the taps fall on padded rows and columns 0, 2, 4: only X[1, 1] = 4 is real.
    assert corr2d(BOOK_X, np.ones((3, 3)), dilation=2, padding=1).tolist() == [[4.0]]


@settings(max_examples=60, deadline=None)
@given(problem=dilated_problems(max_side=8))
def test_window_matches_every_dilated_output_cell(problem):
    X, K, padding, stride, dilation = problem
    Y = corr2d(X, K, padding=padding, stride=stride, dilation=dilation, method="torch")
    Xp = pad(X, padding)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            w = window(X, K, i, j, padding=padding, stride=stride, dilation=dilation)
            assert w.patch.tolist() == [
                [Xp[r, c].item() for r, c in w.taps()][a * K.shape[1] : (a + 1) * K.shape[1]]
                for a in range(K.shape[0])
            ]
            assert w.value == pytest.approx(Y[i, j].item(), abs=1e-4)


def test_conv2d_with_dilation_is_f_conv2d_of_the_flipped_kernel():
    rng = np.random.default_rng(5)
    X, K = rng.standard_normal((12, 10)), rng.standard_normal((3, 2))
    expected = reference_dilated(X, K[::-1, ::-1].copy(), (1, 1), (1, 2), (2, 3))
    Y = conv2d(X, K, padding=1, stride=(1, 2), dilation=(2, 3))
    torch.testing.assert_close(Y.double(), expected, rtol=0, atol=1e-5)


@pytest.mark.parametrize("method", ["torch", "loop", "auto"])
def test_corr1d_with_dilation_is_conv1d(method):
    x, k = np.arange(10.0), np.array([1.0, -2.0, 3.0])
    expected = F.conv1d(
        torch.tensor(x)[None, None], torch.tensor(k)[None, None], padding=1, stride=2, dilation=3
    )[0, 0]
    Y = corr1d(x, k, padding=1, stride=2, dilation=3, method=method)
    torch.testing.assert_close(Y.double(), expected, rtol=0, atol=1e-5)


def test_gradients_flow_through_a_dilated_correlation():
    K = torch.tensor(BOOK_K, requires_grad=True)
    X = torch.arange(16.0).reshape(4, 4)
    corr2d(X, K, dilation=2).sum().backward()
    # dΣY/dK[a,b] = Σ over the 2×2 output of X[i + 2a, j + 2b].
    assert K.grad.tolist() == [[0 + 1 + 4 + 5, 2 + 3 + 6 + 7], [8 + 9 + 12 + 13, 10 + 11 + 14 + 15]]


# At stride 1, corr2d's fast methods look at Y instead of X: every element of X must then
# leave some output non-finite, even under zero taps or a kernel of zeros.
@pytest.mark.parametrize("method", ["auto", "blocked", "fft"])
@pytest.mark.parametrize(
    ("K", "padding", "dilation"),
    [
        (np.zeros((3, 3)), 0, 1),
        (np.zeros((3, 3)), 2, 1),
        ([[0.0, 0.0], [0.0, 1.0]], 0, 1),  # X's first row and column meet only zero taps
        ([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]], 1, 1),  # Sobel x
        ([[1.0, 0.0], [0.0, 0.0]], 1, 2),  # spread to 3×3: gaps between the taps
        (np.zeros((1, 1)), (0, 3), 1),
    ],
)
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_non_finite_x_is_refused_at_every_position_at_stride_1(method, K, padding, dilation, bad):
    for i in range(5):
        for j in range(6):
            X = np.arange(30, dtype=np.float32).reshape(5, 6)
            X[i, j] = bad
            with pytest.raises(ConvInputError, match="X contains NaN") as refused:
                corr2d(X, K, padding=padding, dilation=dilation, method=method)
            assert refused.value.code == "not_finite"


@pytest.mark.parametrize("method", ["auto", "blocked", "fft"])
def test_an_overflow_at_stride_1_is_refused_as_overflow_not_as_a_bad_x(method):
    X = np.ones((6, 7), dtype=np.float32)
    X[2, 3:5] = 3e38  # finite: the output over both, 6e38 + 2, is not
    with pytest.raises(ConvInputError, match="too large for float32") as refused:
        corr2d(X, np.ones((2, 2)), method=method)
    assert refused.value.code == "overflow"
    if method == "fft":
        return  # its transforms sum the whole tile: such an X overflows them (refused above)
    # A finite Y whose sum is beyond float32 is returned whole.
    Y = corr2d(np.full((4, 4), 1e38, dtype=np.float32), [[1.0]], method=method)
    assert torch.isfinite(Y).all()
    assert float(Y.double().sum()) > 3.4e38
