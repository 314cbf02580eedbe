"""conv_core.learning.learn_kernel: the book's experiment (D2L §7.2.4), and its edges."""

import itertools
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

from conv_core.learning import OPTIMIZERS, learn_kernel


def book_pair():
    X = torch.ones((6, 8))
    X[:, 2:6] = 0
    Y = torch.zeros((6, 7))
    Y[:, 1], Y[:, 5] = 1, -1
    return X, Y


def test_book_experiment_has_ten_records():
    X, Y = book_pair()
    records = list(learn_kernel(X, Y, (1, 2)))
    assert [r.step for r in records] == list(range(1, 11))
    assert not any(r.diverged for r in records)
    losses = [r.loss for r in records]
    assert all(b < a for a, b in itertools.pairwise(losses))


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**63 - 1))
def test_book_experiment_ends_near_the_edge_kernel_for_any_seed(seed):
    X, Y = book_pair()
    last = list(learn_kernel(X, Y, (1, 2), seed=seed))[-1]
    assert last.step == 10
    torch.testing.assert_close(last.weight, torch.tensor([[1.0, -1.0]]), atol=0.15, rtol=0)


def test_same_seed_same_run_other_seed_other_run():
    X, Y = book_pair()
    a = [r.loss for r in learn_kernel(X, Y, (1, 2), seed=7)]
    b = [r.loss for r in learn_kernel(X, Y, (1, 2), seed=7)]
    c = [r.loss for r in learn_kernel(X, Y, (1, 2), seed=8)]
    assert a == b
    assert a != c


def test_matches_the_books_loop_written_with_nn_conv2d():
    X, Y = book_pair()
    records = list(learn_kernel(X, Y, (1, 2), seed=3))
    # The note's code, started from the same weights.
    conv = torch.nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)
    with torch.no_grad():
        conv.weight[:] = records[0].weight_before.reshape(1, 1, 1, 2)
    X4, Y4 = X.reshape((1, 1, 6, 8)), Y.reshape((1, 1, 6, 7))
    for i in range(10):
        loss = (conv(X4) - Y4) ** 2
        conv.zero_grad()
        loss.sum().backward()
        conv.weight.data[:] -= 3e-2 * conv.weight.grad
        assert records[i].loss == pytest.approx(loss.sum().item(), rel=1e-5)
        torch.testing.assert_close(records[i].weight, conv.weight.data.reshape(1, 2))


@pytest.mark.parametrize(("kernel_shape", "lr"), [((1, 2), 3e-2), ((3, 3), 1e-3)])
def test_plain_sgd_is_torch_optim_sgd_to_the_bit(kernel_shape, lr):
    # learn_kernel writes plain SGD out (torch.optim.SGD's first use imports torch's
    # compiler, ~1 s); it must be the same update as torch.optim.SGD, bit for bit.
    if kernel_shape == (1, 2):
        X, Y = book_pair()
    else:
        rng = np.random.default_rng(5)
        X = torch.from_numpy(rng.standard_normal((9, 11)).astype(np.float32))
        Y = F.conv2d(X[None, None], torch.tensor([[[[1.0, 0.0, -1.0]] * 3]]))[0, 0]
    records = list(learn_kernel(X, Y, kernel_shape, lr=lr, steps=30, seed=4))
    weight = records[0].weight_before.clone().requires_grad_()
    opt = torch.optim.SGD([weight], lr=lr)
    for record in records:
        loss = ((F.conv2d(X[None, None], weight[None, None]) - Y) ** 2).sum()
        opt.zero_grad()
        loss.backward()
        assert torch.equal(record.grad, weight.grad)
        opt.step()
        assert torch.equal(record.weight, weight.detach())


def test_records_hold_copies_and_the_gradient():
    X, Y = book_pair()
    records = list(learn_kernel(X, Y, (1, 2), steps=3))
    for previous, current in itertools.pairwise(records):
        assert torch.equal(previous.weight, current.weight_before)
    r = records[0]
    # Plain gradient descent: new weight = old weight − lr · gradient.
    torch.testing.assert_close(r.weight, r.weight_before - 3e-2 * r.grad)
    w = r.weight_before.clone().requires_grad_()
    ((F.conv2d(X[None, None], w[None, None]) - Y) ** 2).sum().backward()
    torch.testing.assert_close(r.grad, w.grad)


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_every_optimizer_recovers_sobel_from_an_image_pair(optimizer):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((16, 16)).astype(np.float32)
    sobel = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float32)
    Y = signal.correlate2d(X, sobel, mode="valid")
    lr = {"sgd": 2e-3, "momentum": 5e-4, "adam": 5e-2}[optimizer]
    records = list(learn_kernel(X, Y, (3, 3), lr=lr, steps=600, optimizer=optimizer, seed=1))
    assert not records[-1].diverged
    np.testing.assert_allclose(records[-1].weight.numpy(), sobel, atol=0.02)


def test_bias_is_learned_when_asked():
    X, Y = book_pair()
    records = list(learn_kernel(X, Y + 0.5, (1, 2), bias=True, steps=200, lr=1e-2))
    assert records[-1].bias == pytest.approx(0.5, abs=0.02)
    assert all(r.bias == 0.0 for r in learn_kernel(X, Y, (1, 2)))


@pytest.mark.parametrize("lr", [0.5, 10.0, 1e30])
def test_divergence_ends_the_run_cleanly(lr):
    X, Y = book_pair()
    records = list(learn_kernel(X, Y, (1, 2), lr=lr, steps=1000))
    assert records[-1].diverged
    assert "diverged" in records[-1].message
    assert len(records) < 1000
    assert not any(r.diverged for r in records[:-1])
    # Every weight handed out is a finite number, the last one included.
    assert all(bool(torch.isfinite(r.weight).all()) for r in records)
    assert all(math.isfinite(r.loss) for r in records[:-1])


def test_zero_steps_is_an_empty_run():
    X, Y = book_pair()
    assert list(learn_kernel(X, Y, (1, 2), steps=0)) == []


@pytest.mark.parametrize(
    ("changes", "mentions"),
    [
        ({"lr": 0}, "lr"),
        ({"lr": -1e-2}, "lr"),
        ({"lr": float("nan")}, "lr"),
        ({"steps": -1}, "steps"),
        ({"steps": 10**9}, "steps"),
        ({"optimizer": "rmsprop"}, "optimizer"),
        ({"kernel_shape": (0, 2)}, "kernel_shape"),
        ({"kernel_shape": (2, 2)}, "Y must have the shape"),
        ({"kernel_shape": (7, 2)}, "larger than the padded input"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_arguments_raise_before_training(changes, mentions):
    X, Y = book_pair()
    args = {"kernel_shape": (1, 2)} | changes
    with pytest.raises(ValueError, match=mentions):
        learn_kernel(X, Y, **args)
