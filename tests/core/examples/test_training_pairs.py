"""conv_core.training_pairs: the book's pair, the test picture, and 3×3 targets learned from it."""

import pytest
import torch
from scipy import signal

from conv_core.examples.training_pairs import TARGETS, picture, training_pair
from conv_core.kernels import KERNELS
from conv_core.landscape import best_kernel
from conv_core.learning import learn_kernel


def test_the_books_pair_is_the_band_and_its_two_edges():
    pair = training_pair("book_edge")
    expected_X = torch.ones((6, 8))
    expected_X[:, 2:6] = 0
    expected_Y = torch.zeros((6, 7))
    expected_Y[:, 1], expected_Y[:, 5] = 1, -1  # D2L §7.2.4: white to black +1, black to white −1
    assert torch.equal(pair.X, expected_X)
    assert torch.equal(pair.Y, expected_Y)
    assert torch.equal(pair.K, torch.tensor([[1.0, -1.0]]))


def test_the_picture_is_fixed_grey_and_has_every_kind_of_region():
    a, b = picture(), picture()
    assert torch.equal(a, b)
    assert a.shape == (16, 16)
    assert float(a.min()) >= 0
    assert float(a.max()) <= 1
    assert float(a.max()) > 0.9  # the disc
    assert float(a.min()) < 0.1  # the square
    assert picture(32).shape == (32, 32)


@pytest.mark.parametrize("size", [0, 7, 2.5, True, "16"])
def test_a_bad_picture_size_is_refused(size):
    with pytest.raises(ValueError, match="size"):
        picture(size)


@pytest.mark.parametrize("name", [n for n in TARGETS if n != "book_edge"])
def test_a_3x3_target_is_the_scipy_cross_correlation_of_the_picture(name):
    pair = training_pair(name)
    torch.testing.assert_close(pair.K, KERNELS[TARGETS[name]])
    assert pair.K.shape == (3, 3)
    expected = signal.correlate2d(pair.X.double().numpy(), pair.K.double().numpy(), "valid")
    torch.testing.assert_close(pair.Y.double(), torch.from_numpy(expected), atol=1e-5, rtol=0)
    # The picture pins the kernel down: one kernel, and only one, gives Y.
    found, loss = best_kernel(pair.X, pair.Y, (3, 3))
    torch.testing.assert_close(found, pair.K, atol=1e-3, rtol=0)
    assert loss == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("name", [n for n in TARGETS if n != "book_edge"])
def test_gradient_descent_learns_the_3x3_target(name):
    pair = training_pair(name)
    last = list(learn_kernel(pair.X, pair.Y, (3, 3), lr=2e-3, optimizer="momentum", steps=300))[-1]
    assert not last.diverged
    torch.testing.assert_close(last.weight, pair.K, atol=1e-3, rtol=0)


def test_an_unknown_target_is_refused_with_the_names_there_are():
    with pytest.raises(ValueError, match="book_edge, sobel_x") as err:
        training_pair("gabor")
    assert err.value.code == "unknown_target"
