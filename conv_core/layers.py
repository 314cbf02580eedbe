"""The book's 2-D convolutional layer (D2L §7.2.3), written correctly."""

from __future__ import annotations

import torch
from torch import nn

from conv_core.correlation import corr2d
from conv_core.validation import as_pair


class Conv2D(nn.Module):
    """weight (random) and bias (zero); forward is corr2d(x, weight) + bias (D2L §7.2.3)."""

    def __init__(self, kernel_size) -> None:
        # The study note forgets this call; without it nn.Module cannot hold parameters.
        super().__init__()
        self.weight = nn.Parameter(torch.rand(as_pair(kernel_size, "kernel_size", 1)))
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, x) -> torch.Tensor:
        return corr2d(x, self.weight) + self.bias
