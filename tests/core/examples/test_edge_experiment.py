"""conv_core.examples.edge_experiment: the book's band, turned; [1, −1], turned."""

import numpy as np
import pytest
from scipy.signal import correlate2d

from conv_core import EDGE_IMAGES, EDGE_KERNELS, edge_experiment


def _band() -> np.ndarray:
    X = np.ones((6, 8))
    X[:, 2:6] = 0  # D2L §7.2.3
    return X


def test_the_books_case_is_its_band_its_kernel_and_its_printed_y():
    case = edge_experiment("band", "k")
    np.testing.assert_array_equal(case.X, _band())
    np.testing.assert_array_equal(case.K, [[1.0, -1.0]])
    expected = np.zeros((6, 7))
    expected[:, 1], expected[:, 5] = 1, -1  # the book's output
    np.testing.assert_array_equal(case.Y, expected)
    assert (case.ones, case.minus_ones) == (6, 6)


@pytest.mark.parametrize("image", EDGE_IMAGES)
@pytest.mark.parametrize("kernel", EDGE_KERNELS)
def test_every_case_is_scipys_cross_correlation_and_counts_its_edges(image, kernel):
    X = {"band": _band(), "band_t": _band().T}[image]
    K = np.array([[1.0, -1.0]]) if kernel == "k" else np.array([[1.0], [-1.0]])
    case = edge_experiment(image, kernel)
    np.testing.assert_array_equal(case.X, X)
    np.testing.assert_array_equal(case.K, K)
    expected = correlate2d(X, K, mode="valid")
    np.testing.assert_allclose(case.Y, expected)
    assert case.ones == int((expected == 1).sum())
    assert case.minus_ones == int((expected == -1).sum())


@pytest.mark.parametrize(
    ("image", "kernel", "words"),
    [
        ("band", "K", "no kernel called 'K'"),
        ("stripes", "k", "no image called 'stripes'"),
        ("diagonal", "k", "no image called 'diagonal'"),  # exercise 1's, not the book's
    ],
)
def test_an_unknown_case_is_refused_by_name(image, kernel, words):
    with pytest.raises(ValueError, match=words) as err:
        edge_experiment(image, kernel)
    assert err.value.code == "unknown_case"
