"""conv_core.designed_kernels (D2L §7.2, exercise 2) against SciPy and NumPy references."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import ndimage

from conv_core import (
    BLURS,
    KERNELS,
    MAX_BLUR_RADIUS,
    MAX_ORDER,
    blur_kernel,
    box_blur,
    corr2d,
    derivative_kernel,
    direction,
    direction_kernel,
    gaussian_blur,
    keeps_brightness,
)


def _impulse(side: int) -> np.ndarray:
    X = np.zeros((side, side))
    X[side // 2, side // 2] = 1.0
    return X


@pytest.mark.parametrize(
    ("angle", "v"), [(0, (1, 0)), (90, (0, 1)), (180, (-1, 0)), (-90, (0, -1)), (45, None)]
)
def test_direction_is_the_unit_vector_of_the_angle(angle, v):
    got = direction(angle)
    if v is not None:
        assert got == v  # exactly: cos 90° is 0, not 6e-17
    assert math.hypot(*got) == pytest.approx(1.0)


def test_sobel_direction_kernels_are_sobel_divided_by_8():
    torch.testing.assert_close(direction_kernel((1, 0)), KERNELS["sobel_x"] / 8)
    torch.testing.assert_close(direction_kernel((0, 1)), KERNELS["sobel_y"] / 8)


@pytest.mark.parametrize("parts", ["sobel", "central"])
@given(angle=st.integers(-180, 180), a=st.floats(-3, 3), b=st.floats(-3, 3))
@settings(max_examples=25, deadline=None)
def test_on_a_ramp_the_kernel_gives_the_directional_derivative(parts, angle, a, b):
    """f(r, c) = a·c + b·r has gradient (a, b): the derivative along v is v1·a + v2·b."""
    r, c = np.mgrid[:7, :9]
    X = (a * c + b * r).astype(np.float32)
    v1, v2 = direction(angle)
    Y = corr2d(X, direction_kernel((v1, v2), parts=parts))
    np.testing.assert_allclose(Y.numpy(), v1 * a + v2 * b, atol=1e-4)


def test_sobel_direction_kernel_against_scipy_sobel():
    rng = np.random.default_rng(3)
    X = rng.random((12, 15)).astype(np.float32)
    v1, v2 = direction(30)
    # scipy.ndimage.sobel: axis 1 differentiates along the columns (x), axis 0 down the rows.
    expected = (v1 * ndimage.sobel(X, axis=1) + v2 * ndimage.sobel(X, axis=0)) / 8
    Y = corr2d(X, direction_kernel((v1, v2)), padding=1)
    np.testing.assert_allclose(Y.numpy()[1:-1, 1:-1], expected[1:-1, 1:-1], atol=1e-5)


def test_the_kernel_answers_to_edges_across_v_and_not_along_it():
    """A vertical edge (brightness changing along x) answers to v = (1, 0), not to (0, 1)."""
    X = torch.zeros((6, 6))
    X[:, 3:] = 1
    assert float(corr2d(X, direction_kernel((1, 0))).abs().max()) == pytest.approx(0.5)
    assert float(corr2d(X, direction_kernel((0, 1))).abs().max()) == 0.0


@pytest.mark.parametrize(
    ("v", "parts", "match"),
    [((0, 0), "sobel", "no direction"), ((1,), "sobel", "pair"), ("ab", "sobel", "pair"),
     ((math.nan, 1), "sobel", "finite"), ((1, math.inf), "sobel", "finite"),
     ((1, 0), "prewitt", "parts"), ((True, 0), "sobel", "number")],
)  # fmt: skip
def test_direction_kernel_refuses_bad_input(v, parts, match):
    with pytest.raises(ValueError, match=match):
        direction_kernel(v, parts=parts)


@pytest.mark.parametrize("angle", [math.nan, math.inf, "north", None])
def test_direction_refuses_bad_angles(angle):
    with pytest.raises(ValueError, match="angle"):
        direction(angle)


@pytest.mark.parametrize("order", range(1, MAX_ORDER + 1))
def test_derivative_kernel_is_numpys_diff(order):
    """corr1d with the order-d kernel is np.diff(x, n=d), and the kernel has d + 1 taps."""
    K = derivative_kernel(order)
    assert K.shape == (1, order + 1)
    x = np.random.default_rng(order).random(20).astype(np.float32)
    np.testing.assert_allclose(corr2d(x[None], K).numpy()[0], np.diff(x, n=order), atol=1e-4)


def test_the_second_derivative_is_one_minus_two_one():
    assert derivative_kernel(2).tolist() == [[1.0, -2.0, 1.0]]
    assert derivative_kernel(1).tolist() == [[-1.0, 1.0]]  # the book's [1, −1], turned


@pytest.mark.parametrize("order", [0, -1, MAX_ORDER + 1, 1.5, "2", None, True])
def test_derivative_kernel_refuses_orders_out_of_range(order):
    with pytest.raises(ValueError, match="order"):
        derivative_kernel(order)


@pytest.mark.parametrize("radius", range(MAX_BLUR_RADIUS + 1))
def test_box_blur_is_scipys_uniform_filter(radius):
    side = 2 * radius + 1
    K = box_blur(radius)
    assert K.shape == (side, side)
    assert keeps_brightness(K)
    expected = ndimage.uniform_filter(_impulse(side), size=side, mode="constant")
    np.testing.assert_allclose(K.numpy(), expected, atol=1e-7)


@pytest.mark.parametrize(("radius", "sigma"), [(1, 0.5), (2, 1.0), (3, 1.5), (7, 2.0), (4, 4.0)])
def test_gaussian_blur_is_scipys_gaussian_filter(radius, sigma):
    """SciPy's Gaussian, cut at the same radius, seen through an impulse: the same weights."""
    side = 2 * radius + 1
    K = gaussian_blur(radius, sigma)
    assert keeps_brightness(K)
    expected = ndimage.gaussian_filter(
        _impulse(side), sigma, mode="constant", truncate=radius / sigma
    )
    np.testing.assert_allclose(K.numpy(), expected, atol=1e-6)
    assert torch.equal(K, K.flip(0))
    assert torch.equal(K, K.T)


def test_a_radius_of_zero_is_the_identity():
    assert box_blur(0).tolist() == [[1.0]] == gaussian_blur(0, 1.0).tolist()


def test_blur_kernel_names_the_blurs():
    assert BLURS == ("box", "gaussian")
    torch.testing.assert_close(blur_kernel("box", 2), box_blur(2))
    torch.testing.assert_close(blur_kernel("gaussian", 2, 0.8), gaussian_blur(2, 0.8))


@pytest.mark.parametrize(
    ("kind", "radius", "sigma", "match"),
    [("box", -1, 1.0, "radius"), ("box", MAX_BLUR_RADIUS + 1, 1.0, "radius"),
     ("box", 1.5, 1.0, "radius"), ("gaussian", 1, 0.0, "sigma"), ("gaussian", 1, -1.0, "sigma"),
     ("gaussian", 1, math.nan, "sigma"), ("median", 1, 1.0, "no blur")],
)  # fmt: skip
def test_blur_kernel_refuses_bad_settings(kind, radius, sigma, match):
    with pytest.raises(ValueError, match=match):
        blur_kernel(kind, radius, sigma)
