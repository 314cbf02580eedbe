"""The effective receptive field: how much each input pixel moves one output cell.

The receptive field (D2L §7.2.6) is a box: every input pixel one cell of the last layer
depends on. Inside it the pixels do not count alike: |∂Y[i, j] / ∂X[r, c]|, computed by
autograd through the stack, is largest near the middle, where most paths meet (with all-ones
kernels it is the number of paths, `paths_to_cell`), and exactly 0 outside the box.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from conv_core.receptive import receptive_window
from conv_core.validation import ConvInputError, as_positive_int

FIELD_KERNELS = ("random", "ones")


def effective_field(
    layers, i: int, j: int, *, input_shape, kernels: str = "random", seed: int = 0
) -> torch.Tensor:
    """|∂Y[i, j] / ∂X| over the input for a stack of (one-channel) convolutions; `kernels`
    "random" (normal, drawn from `seed`, layer by layer) or "ones". The stack is linear, so the
    map does not depend on X."""
    if kernels not in FIELD_KERNELS:
        raise ConvInputError(
            "kernels",
            f"kernels must be one of {', '.join(FIELD_KERNELS)}; got {kernels!r}.",
            name="kernels",
        )
    seed = as_positive_int(seed, "seed", minimum=0)
    window = receptive_window(layers, i, j, input_shape=input_shape)  # checks the stack and cell
    generator = torch.Generator().manual_seed(seed)
    X = torch.zeros(window.input.shape, dtype=torch.float64, requires_grad=True)
    Y = X[None, None]
    for layer in window.layers:
        if kernels == "ones":
            K = torch.ones(layer.kernel, dtype=torch.float64)
        else:
            K = torch.randn(layer.kernel, generator=generator, dtype=torch.float64)
        Y = F.conv2d(
            Y, K[None, None], stride=layer.stride, dilation=layer.dilation, padding=layer.padding
        )
    (gradient,) = torch.autograd.grad(Y[0, 0, i, j], X)
    return gradient.abs().to(torch.float32)
