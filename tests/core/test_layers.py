"""conv_core.layers.Conv2D: the book's layer (D2L §7.2.3), compared with F.conv2d."""

import pytest
import torch
import torch.nn.functional as F

from conv_core.layers import Conv2D


def test_parameters_are_registered():
    layer = Conv2D((1, 2))
    names = dict(layer.named_parameters())
    assert set(names) == {"weight", "bias"}
    assert names["weight"].shape == (1, 2)
    assert names["bias"].tolist() == [0.0]


def test_square_kernel_from_an_int():
    assert Conv2D(3).weight.shape == (3, 3)


@pytest.mark.parametrize("size", [0, -1, (2, 0), 1.5, "3"])
def test_bad_kernel_size(size):
    with pytest.raises(ValueError, match="kernel_size"):
        Conv2D(size)


def test_forward_and_gradients_match_torch():
    torch.manual_seed(1)
    layer = Conv2D((3, 2))
    with torch.no_grad():
        layer.bias.fill_(0.5)
    X = torch.randn(7, 6)
    Y = layer(X)
    expected = F.conv2d(X[None, None], layer.weight[None, None].detach(), torch.tensor([0.5]))
    torch.testing.assert_close(Y, expected[0, 0])
    Y.square().sum().backward()
    w = layer.weight.detach().clone().requires_grad_()
    b = torch.tensor([0.5], requires_grad=True)
    F.conv2d(X[None, None], w[None, None], b).square().sum().backward()
    torch.testing.assert_close(layer.weight.grad, w.grad)
    torch.testing.assert_close(layer.bias.grad, b.grad)


def test_trains_to_the_books_edge_kernel():
    # The book's experiment, with the book's own layer in place of nn.Conv2d.
    torch.manual_seed(0)
    X = torch.ones((6, 8))
    X[:, 2:6] = 0
    Y = torch.zeros((6, 7))
    Y[:, 1], Y[:, 5] = 1, -1
    layer = Conv2D((1, 2))
    optimizer = torch.optim.SGD(layer.parameters(), lr=1e-2)
    for _ in range(300):
        optimizer.zero_grad()
        ((layer(X) - Y) ** 2).sum().backward()
        optimizer.step()
    torch.testing.assert_close(
        layer.weight.detach(), torch.tensor([[1.0, -1.0]]), atol=0.05, rtol=0
    )
    assert abs(layer.bias.item()) < 0.05
