"""Preset kernels, checked with SciPy's correlate2d as the independent reference."""

import numpy as np
import pytest
import torch
from scipy.signal import correlate2d

from conv_core.kernels import KERNELS, keeps_brightness, kernel, same_padding

BLURS = ["box_blur", "gaussian_3", "gaussian_5"]
ZERO_SUM = ["edge_1x2", "edge_2x1", "d2l_edge", "sobel_x", "sobel_y", "prewitt_x", "prewitt_y"]
ZERO_SUM += ["laplacian"]
REQUIRED = ["identity", "sharpen", "emboss", *BLURS, *ZERO_SUM]


def correlate(X: np.ndarray, name: str) -> np.ndarray:
    """Cross-correlation (no flip) over the positions where the kernel fits, as in D2L."""
    return correlate2d(X, KERNELS[name].numpy().astype(np.float64), mode="valid")


def vertical_step() -> np.ndarray:
    """Dark on the left, bright on the right: intensity changes along x."""
    X = np.zeros((6, 8))
    X[:, 4:] = 1.0
    return X


def horizontal_stripes() -> np.ndarray:
    """Rows alternate dark and bright; nothing changes along x."""
    return np.tile(np.array([[0.0], [1.0], [1.0], [0.0], [0.5], [0.0]]), (1, 8))


def test_every_required_kernel_is_a_float32_matrix():
    assert set(REQUIRED) <= set(KERNELS)
    for name in KERNELS:
        K = KERNELS[name]
        assert K.dtype == torch.float32
        assert K.ndim == 2


def test_shapes_of_the_books_kernels():
    assert KERNELS["edge_1x2"].tolist() == [[1.0, -1.0]]
    assert KERNELS["edge_2x1"].tolist() == [[1.0], [-1.0]]
    assert KERNELS["gaussian_3"].shape == (3, 3)
    assert KERNELS["gaussian_5"].shape == (5, 5)


def test_the_lectures_edge_detector_is_8_in_the_centre_and_minus_1_around():
    expected = -np.ones((3, 3))
    expected[1, 1] = 8
    np.testing.assert_array_equal(KERNELS["d2l_edge"].numpy(), expected)


@pytest.mark.parametrize("name", BLURS)
def test_blurs_are_non_negative_and_sum_to_1(name):
    K = KERNELS[name]
    assert bool((K >= 0).all())
    assert float(K.sum()) == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize("name", ZERO_SUM)
def test_edge_detectors_sum_to_0_so_flat_regions_give_0(name):
    assert float(KERNELS[name].sum()) == pytest.approx(0.0, abs=1e-6)
    np.testing.assert_allclose(correlate(np.full((7, 7), 0.3), name), 0.0, atol=1e-6)


@pytest.mark.parametrize("name", ["sharpen", "identity", "emboss"])
def test_brightness_keeping_kernels_sum_to_1(name):
    assert float(KERNELS[name].sum()) == pytest.approx(1.0, abs=1e-6)


def test_identity_leaves_an_image_unchanged():
    X = np.random.default_rng(0).random((5, 7))
    np.testing.assert_allclose(correlate(X, "identity"), X[1:-1, 1:-1])


@pytest.mark.parametrize(("name", "size"), [("gaussian_3", 3), ("gaussian_5", 5)])
def test_gaussians_are_separable_binomials(name, size):
    K = KERNELS[name].numpy().astype(np.float64)
    singular_values = np.linalg.svd(K, compute_uv=False)
    assert singular_values[1:] == pytest.approx(np.zeros(size - 1), abs=1e-7)  # rank 1
    row = np.array([1.0, 2.0, 1.0]) if size == 3 else np.array([1.0, 4.0, 6.0, 4.0, 1.0])
    np.testing.assert_allclose(K, np.outer(row, row) / row.sum() ** 2, rtol=1e-6)


@pytest.mark.parametrize("name", ["sobel_x", "prewitt_x", "edge_1x2"])
def test_x_detectors_ignore_horizontal_stripes(name):
    np.testing.assert_allclose(correlate(horizontal_stripes(), name), 0.0, atol=1e-6)


@pytest.mark.parametrize("name", ["sobel_y", "prewitt_y", "edge_2x1"])
def test_y_detectors_ignore_vertical_edges(name):
    np.testing.assert_allclose(correlate(vertical_step(), name), 0.0, atol=1e-6)


@pytest.mark.parametrize("name", ["sobel_x", "prewitt_x"])
def test_x_detectors_are_positive_on_a_dark_to_bright_step(name):
    Y = correlate(vertical_step(), name)
    assert (Y >= 0).all()
    assert (Y[:, 2:4] > 0).all()  # the windows that straddle the step at column 4


@pytest.mark.parametrize("name", ["sobel_y", "prewitt_y"])
def test_y_detectors_are_positive_when_brightness_grows_downwards(name):
    Y = correlate(vertical_step().T.copy(), name)
    assert (Y >= 0).all()
    assert (Y[2:4, :] > 0).all()


def test_the_books_1x2_kernel_marks_bright_to_dark_with_1_and_dark_to_bright_with_minus_1():
    # D2L §7.2.3: ones with columns 2..5 set to 0.
    X = np.ones((6, 8))
    X[:, 2:6] = 0
    Y = correlate(X, "edge_1x2")
    expected = np.zeros((6, 7))
    expected[:, 1] = 1
    expected[:, 5] = -1
    np.testing.assert_array_equal(Y, expected)
    np.testing.assert_array_equal(correlate(X.T.copy(), "edge_1x2"), 0)


def test_the_laplacian_of_a_linear_ramp_is_zero():
    ramp = np.add.outer(np.arange(6.0), 2 * np.arange(7.0))
    np.testing.assert_allclose(correlate(ramp, "laplacian"), 0.0, atol=1e-12)


def test_callers_get_copies_that_cannot_change_the_presets():
    K = KERNELS["sobel_x"]
    K[0, 0] = 100.0
    kernel("sobel_x").zero_()
    assert KERNELS["sobel_x"][0, 0].item() == -1.0
    assert KERNELS["sobel_x"] is not KERNELS["sobel_x"]


def test_the_table_is_read_only():
    with pytest.raises(TypeError):
        KERNELS["mine"] = torch.ones(3, 3)  # type: ignore[index]


def test_kernel_returns_the_same_values_as_the_table():
    for name in KERNELS:
        torch.testing.assert_close(kernel(name), KERNELS[name])


@pytest.mark.parametrize("name", ["sobel", "", None, 3])
def test_unknown_names_are_refused_with_the_list_of_names(name):
    with pytest.raises(ValueError, match="sobel_x") as info:
        kernel(name)
    assert info.value.code == "unknown_kernel"


@pytest.mark.parametrize("name", [*KERNELS])
def test_a_kernel_keeps_brightness_when_a_flat_picture_comes_out_as_bright(name):
    """SciPy on a flat grey picture: its brightness is kept exactly when the weights sum to 1."""
    flat = np.full((7, 7), 0.3)
    kept = bool(np.allclose(correlate(flat, name), 0.3, atol=1e-6))
    assert keeps_brightness(KERNELS[name]) == kept
    assert kept == (name in ("identity", "sharpen", "emboss", *BLURS))


def test_keeps_brightness_takes_any_matrix_and_refuses_what_is_not_one():
    assert keeps_brightness([[0.5, 0.5]])
    assert not keeps_brightness([[0.5, 0.4]])
    assert not keeps_brightness([[1.0, 1e-5]])  # close to 1 is not 1
    with pytest.raises(ValueError, match="NaN") as err:
        keeps_brightness([[float("nan"), 1.0]])
    assert err.value.code == "not_finite"
    with pytest.raises(ValueError, match="2-D matrix") as err:
        keeps_brightness([1.0, 0.0])
    assert err.value.code == "ndim"


@pytest.mark.parametrize("shape", [(1, 1), (1, 2), (2, 1), (3, 3), (2, 4), (5, 5), (7, 4)])
def test_same_padding_keeps_the_size_of_an_odd_kernel_and_loses_one_for_an_even(shape):
    X = np.random.default_rng(1).random((9, 11))
    K = np.ones(shape)
    ph, pw = same_padding(K)
    Y = correlate2d(np.pad(X, ((ph, ph), (pw, pw))), K, mode="valid")
    expected = tuple(n - (k + 1) % 2 for n, k in zip(X.shape, shape, strict=True))
    assert Y.shape == expected


def test_same_padding_refuses_what_is_not_a_matrix():
    with pytest.raises(ValueError, match="2-D matrix") as err:
        same_padding(torch.ones(3))
    assert err.value.code == "ndim"
    with pytest.raises(ValueError, match="empty") as err:
        same_padding(torch.ones((0, 3)))
    assert err.value.code == "empty"
