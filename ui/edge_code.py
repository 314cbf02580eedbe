"""The book's lines for each case of the edge experiment, and what they print (D2L §7.2.3)."""

from __future__ import annotations

import torch

_IMAGE = {
    "band": ["X = torch.ones((6, 8))", "X[:, 2:6] = 0"],
    "band_t": ["X = torch.ones((6, 8))", "X[:, 2:6] = 0", "X = X.t()"],
}
_KERNEL = {
    "k": ["K = torch.tensor([[1.0, -1.0]])"],
    "k_t": ["K = torch.tensor([[1.0, -1.0]])", "K = K.t()"],
}


def edge_code(image: str, kernel: str, Y: torch.Tensor) -> str:
    """The book's lines for this case, with the Y the page computed printed after them."""
    lines = [*_IMAGE[image], *_KERNEL[kernel], "Y = corr2d(X, K)", "Y"]
    printed = "\n".join("# " + line for line in repr(Y).splitlines())
    return "\n".join(lines) + "\n" + printed
