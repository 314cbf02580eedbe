"""conv_core.landscape: the loss surface, its minimum and the SGD limit, against direct sums."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from conv_core.correlation import corr2d
from conv_core.examples.book import edge_image, edge_kernel
from conv_core.landscape import best_kernel, loss_grid, loss_surface, patch_matrix, sgd_lr_limit
from conv_core.learning import learn_kernel


def book_pair():
    X = edge_image()
    Y = torch.zeros((6, 7))
    Y[:, 1], Y[:, 5] = 1, -1
    return X, Y


def direct_loss(X, Y, K) -> float:
    """The book's loss, computed the book's way with F.conv2d, in float64."""
    K = torch.as_tensor(K, dtype=torch.float64)
    Y_hat = F.conv2d(X.double()[None, None], K[None, None])[0, 0]
    return float(((Y_hat - Y.double()) ** 2).sum())


def test_the_patch_matrix_times_the_kernel_is_the_cross_correlation():
    X = torch.arange(20.0).reshape(4, 5)
    K = torch.tensor([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    P = patch_matrix(X, K.shape)
    Y = F.conv2d(X[None, None], K[None, None])[0, 0]
    np.testing.assert_allclose((P @ K.double().flatten()).reshape(Y.shape), Y, rtol=1e-6)


def test_the_books_surface_matches_direct_evaluation_and_has_its_minimum_at_1_minus_1():
    X, Y = book_pair()
    w1 = torch.linspace(-2, 2, 41)
    w2 = torch.linspace(-2, 2, 41)
    L = loss_surface(X, Y, (1, 2), w1, w2)
    assert L.shape == (41, 41)
    for i in range(0, 41, 5):
        for j in range(0, 41, 5):
            expected = direct_loss(X, Y, [[float(w1[j]), float(w2[i])]])
            assert float(L[i, j]) == pytest.approx(expected, rel=1e-9, abs=1e-9)
    i, j = np.unravel_index(int(L.argmin()), L.shape)
    assert (float(w1[j]), float(w2[i])) == pytest.approx((1.0, -1.0))
    assert float(L.min()) == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    vertical=st.booleans(),
    w=st.tuples(st.floats(-5, 5), st.floats(-5, 5)),
)
def test_any_two_weight_surface_matches_direct_evaluation(seed, vertical, w):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn((5, 6), generator=g)
    shape = (2, 1) if vertical else (1, 2)
    Y = torch.randn((4, 6) if vertical else (5, 5), generator=g)
    L = loss_surface(X, Y, shape, [w[0]], [w[1]])
    expected = direct_loss(X, Y, torch.tensor(w, dtype=torch.float64).reshape(shape))
    assert float(L[0, 0]) == pytest.approx(expected, rel=1e-6, abs=1e-6)


def test_the_surface_refuses_kernels_without_two_weights_and_wrong_targets():
    X, Y = book_pair()
    with pytest.raises(ValueError, match="two weights") as err:
        loss_surface(X, Y[:, :6], (3, 3), [0.0], [0.0])
    assert err.value.code == "two_weights"
    with pytest.raises(ValueError, match="must be 6×7") as err:
        loss_surface(X, Y[:, :6], (1, 2), [0.0], [0.0])
    assert err.value.code == "target_shape"
    with pytest.raises(ValueError, match="NaN"):
        loss_surface(X, Y, (1, 2), [float("nan")], [0.0])


def test_the_best_kernel_is_the_one_that_made_y():
    X = torch.rand((12, 12), generator=torch.Generator().manual_seed(1))
    K = torch.tensor([[1.0, 2.0, -1.0], [0.0, -3.0, 0.5], [0.25, 0.0, 1.0]])
    Y = F.conv2d(X[None, None], K[None, None])[0, 0]
    found, loss = best_kernel(X, Y, (3, 3))
    torch.testing.assert_close(found, K, atol=1e-3, rtol=0)
    assert loss == pytest.approx(0.0, abs=1e-6)


def test_the_best_kernel_is_no_worse_than_its_neighbours_when_no_kernel_fits():
    g = torch.Generator().manual_seed(2)
    X, Y = torch.randn((6, 6), generator=g), torch.randn((5, 5), generator=g)
    found, loss = best_kernel(X, Y, (2, 2))
    assert loss == pytest.approx(direct_loss(X, Y, found), rel=1e-4)
    assert loss > 1.0  # random Y: no kernel fits
    for _ in range(20):
        nudged = found + 0.01 * torch.randn((2, 2), generator=g)
        assert direct_loss(X, Y, nudged) >= loss - 1e-6


def test_the_books_sgd_limit_is_one_thirtieth():
    # PᵀP = [[18, 12], [12, 18]] for the band, λ_max = 30: the book's 3e-2 sits just below.
    X, _ = book_pair()
    assert sgd_lr_limit(X, (1, 2)) == pytest.approx(1 / 30)


@pytest.mark.parametrize("factor", [0.9, 0.99])
def test_just_below_the_limit_sgd_converges(factor):
    X, Y = book_pair()
    lr = factor * sgd_lr_limit(X, (1, 2))
    records = list(learn_kernel(X, Y, (1, 2), lr=lr, steps=2000))
    assert not records[-1].diverged
    torch.testing.assert_close(records[-1].weight, edge_kernel(), atol=1e-3, rtol=0)


@pytest.mark.parametrize("factor", [1.05, 1.3])
def test_just_above_the_limit_sgd_diverges(factor):
    X, Y = book_pair()
    lr = factor * sgd_lr_limit(X, (1, 2))
    records = list(learn_kernel(X, Y, (1, 2), lr=lr, steps=5000))
    assert records[-1].diverged
    assert records[-1].loss > records[0].loss


def test_the_loss_grid_is_centred_on_the_lowest_point_and_is_the_surface_there():
    X, K = edge_image(), edge_kernel()
    Y = corr2d(X, K)
    w1, w2, losses, centre = loss_grid(X, Y, (1, 2), points=11, half_width=1.0)
    assert centre == pytest.approx([1.0, -1.0], abs=1e-4)
    assert losses.shape == (11, 11)
    assert float(w1[5]) == pytest.approx(centre[0])
    assert float(losses[5, 5]) == pytest.approx(0.0, abs=1e-4)  # the bottom of the bowl
    expected = loss_surface(X, Y, (1, 2), w1, w2).numpy()
    np.testing.assert_allclose(losses, expected, rtol=1e-6, atol=1e-6)
