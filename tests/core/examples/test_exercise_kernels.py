"""The exercises' props (D2L §7.2): the diagonal cases, the finite-difference check, the
Chinese edition's integral kernel, the book's Conv2D through autograd, and the study note's
Conv2D failing the way torch says."""

import math

import numpy as np
import pytest
import torch

from conv_core import (
    INTEGRAL_SIGNALS,
    MAX_ORDER,
    SPACINGS,
    BookConv2D,
    Conv2D,
    NoteConv2D,
    NoteConv2DWithInit,
    corr2d,
    derivative_check,
    diagonal_case,
    diagonal_image,
    edge_image,
    edge_kernel,
    edge_pattern,
    integral_check,
    polynomial_text,
    try_layer,
)


@pytest.mark.parametrize(
    ("case", "shape", "pattern", "ones", "minus"),
    [("k", (6, 8), "ones", 6, 0), ("x_t", (8, 6), "minus_ones", 0, 5),
     ("k_t", (6, 8), "minus_ones", 0, 5)],
)  # fmt: skip
def test_the_diagonal_cases(case, shape, pattern, ones, minus):
    """Worked by hand: X[i, j] = 1 for j ≤ i + 1. [1, −1] meets one 1→0 step in every row;
    in Xᵀ every row steps 0→1 (rows 2–6); down a column of X it steps 0→1 (columns 2–6)."""
    found = diagonal_case(case)
    assert tuple(found.X.shape) == shape
    torch.testing.assert_close(found.Y, corr2d(found.X, found.K))
    assert edge_pattern(found.Y) == pattern
    assert (found.ones, found.minus_ones) == (ones, minus)


def test_transposing_x_and_k_together_transposes_y():
    X, K = diagonal_image(), diagonal_case("k").K
    torch.testing.assert_close(corr2d(X.t(), K.t()), corr2d(X, K).t())


@pytest.mark.parametrize(
    ("Y", "pattern"),
    [([[0, 0]], "none"), ([[1, 0]], "ones"), ([[0, -1]], "minus_ones"), ([[1, -1]], "both")],
)
def test_edge_pattern(Y, pattern):
    assert edge_pattern(Y) == pattern


def test_bad_cases_are_refused():
    with pytest.raises(ValueError, match="case"):
        diagonal_case("x_tt")
    with pytest.raises(ValueError, match="NaN or infinity"):
        edge_pattern([[math.nan]])


@pytest.mark.parametrize("order", range(1, MAX_ORDER + 1))
@pytest.mark.parametrize("h", SPACINGS)
def test_the_order_d_kernel_gives_d_factorial_h_to_the_d(order, h):
    check = derivative_check(order, h)
    expected = math.factorial(order) * h**order  # the leading coefficient is 1
    assert check.expected == expected
    np.testing.assert_allclose(check.differences.numpy(), expected, rtol=1e-6)
    np.testing.assert_allclose(check.differences.numpy(), np.diff(check.samples.numpy(), order))
    x = check.x.double().numpy()  # the samples are the polynomial, computed apart
    np.testing.assert_allclose(check.samples.numpy(), np.polyval(check.coefficients, x), rtol=1e-6)
    assert len(check.differences) == 6
    # one tap short, the kernel of order d − 1 sees a line: never a constant
    assert float(check.shorter.max() - check.shorter.min()) > 0


@pytest.mark.parametrize(
    ("order", "h", "match"),
    [(0, 1.0, "order"), (MAX_ORDER + 1, 1.0, "order"), (2, 0.3, "h must"), (2, True, "h must")],
)
def test_derivative_check_refuses(order, h, match):
    with pytest.raises(ValueError, match=match):
        derivative_check(order, h)


@pytest.mark.parametrize(
    ("coefficients", "text"),
    [((1, -2, 3, -1), "x³ − 2x² + 3x − 1"), ((1, -2), "x − 2"), ((-1, 0, 1), "−x² + 1"),
     ((2, 1, 0), "2x² + x"), ((0,), "0")],
)  # fmt: skip
def test_polynomial_text(coefficients, text):
    assert polynomial_text(coefficients) == text


def test_the_notes_layer_cannot_be_built_and_says_why():
    with pytest.raises(AttributeError, match=r"before Module.__init__\(\) call"):
        NoteConv2D((1, 2))
    trial = try_layer(NoteConv2D)
    assert trial.failed_at == "build"
    assert trial.error == "AttributeError: cannot assign parameters before Module.__init__() call"
    assert trial.losses == ()
    assert trial.weight is None


def test_with_init_mended_the_forward_still_fails_on_self():
    layer = NoteConv2DWithInit((1, 2))
    assert {name for name, _ in layer.named_parameters()} == {"weight", "bias"}
    trial = try_layer(NoteConv2DWithInit)
    assert trial.failed_at == "forward"
    assert trial.error == "NameError: name 'self' is not defined"


def test_the_corrected_layer_trains_like_the_book():
    trial = try_layer(Conv2D, steps=10)
    assert trial.failed_at is None
    assert trial.error == ""
    assert len(trial.losses) == 10
    assert all(b < a for a, b in zip(trial.losses, trial.losses[1:], strict=False))
    # the book: after 10 steps the kernel is close to [1, −1]
    torch.testing.assert_close(trial.weight, torch.tensor([[1.0, -1.0]]), atol=0.15, rtol=0)
    assert try_layer(Conv2D).losses == trial.losses  # same seed, same run


@pytest.mark.parametrize("signal", list(INTEGRAL_SIGNALS))
@pytest.mark.parametrize("h", [0.5, 1.0])
def test_the_integral_kernel_is_numpys_running_and_moving_sum(signal, h):
    f = np.array(INTEGRAL_SIGNALS[signal], dtype=float)
    running = integral_check(signal, h=h)
    assert running.running
    np.testing.assert_array_equal(running.kernel.numpy(), np.full(len(f), h))
    np.testing.assert_array_equal(running.sums.numpy(), h * np.cumsum(f))
    np.testing.assert_array_equal(running.recovered.numpy(), h * f)  # the difference undoes it
    for n in (1, 3, 7):
        moving = integral_check(signal, n, h)
        assert not moving.running
        np.testing.assert_array_equal(moving.sums.numpy(), h * np.convolve(f, np.ones(n))[: len(f)])


@pytest.mark.parametrize(
    ("signal", "length", "h", "match"),
    [("sine", None, 1.0, "no signal called 'sine'"), ("box", 0, 1.0, "from 1 to 10"),
     ("box", 11, 1.0, "from 1 to 10"), ("box", 2.0, 1.0, "whole number"),
     ("box", None, 0.3, "h must be one of")],
)  # fmt: skip
def test_integral_check_refuses(signal, length, h, match):
    with pytest.raises(ValueError, match=match):
        integral_check(signal, length, h)


def test_the_books_conv2d_trains_through_autograd_and_its_gradient_is_the_hand_computed_one():
    trial = try_layer(BookConv2D)
    assert trial.failed_at is None
    assert len(trial.losses) == 10
    torch.testing.assert_close(trial.weight, torch.tensor([[1.0, -1.0]]), atol=0.15, rtol=0)
    # d/dK, d/db of Σ (corr2d(X, K) + b − Y)² at the start: 2·Σ r·X[:, c : c + 7], 2·Σ r.
    torch.manual_seed(0)
    K = torch.rand((1, 2))
    X = edge_image()
    r = corr2d(X, K) - corr2d(X, edge_kernel())
    expected = torch.tensor([[float(2 * (r * X[:, c : c + 7]).sum()) for c in range(2)]])
    torch.testing.assert_close(trial.weight_grad, expected)
    torch.testing.assert_close(trial.bias_grad, torch.tensor([float(2 * r.sum())]))
    # The same run as conv_core's own Conv2D: the book's loop and the fast path agree.
    torch.testing.assert_close(
        torch.tensor(trial.losses), torch.tensor(try_layer(Conv2D).losses), rtol=1e-5, atol=1e-5
    )
