"""The channels page's props (D2L §7.4): 3-channel kernels and 1×1 channel mixings."""

from __future__ import annotations

import torch

from conv_core.images import _LUMA as LUMA  # how much red, green, blue count in brightness
from conv_core.kernels import KERNELS
from conv_core.validation import ConvInputError

_ZERO = torch.zeros(3, 3)
_CENTRE = torch.zeros(3, 3).index_put_((torch.tensor([1]), torch.tensor([1])), torch.tensor(1.0))


def _slices(*per_channel: torch.Tensor) -> torch.Tensor:
    return torch.stack(per_channel).to(torch.float32)


_EDGE = KERNELS["d2l_edge"]
# name -> (C_in = 3, 3, 3): one 3×3 slice per channel (red, green, blue).
CHANNEL_KERNELS = {
    "same_edge": _slices(_EDGE, _EDGE, _EDGE),  # the book's edge detector on every channel
    "only_red": _slices(_EDGE, _ZERO, _ZERO),  # edges of the red channel; green, blue ignored
    "luminance": _slices(*(w * _EDGE for w in LUMA)),  # edges of the brightness
    "red_minus_green": _slices(_CENTRE, -_CENTRE, _ZERO),  # where red outshines green
    "sobel_x": _slices(*(KERNELS["sobel_x"],) * 3),  # vertical edges, every channel
    "blur": _slices(*(KERNELS["box_blur"] / 3,) * 3),  # the channels' mean, blurred
}

# name -> (C_out, C_in = 3): a 1×1 convolution's matrix, mixing the channels of each pixel.
MIXINGS = {
    "grey": torch.tensor([LUMA]),
    "swap": torch.tensor([[0.0, 0, 1], [0, 1, 0], [1, 0, 0]]),  # RGB -> BGR
    "identity": torch.eye(3),
    "sepia": torch.tensor([[0.393, 0.769, 0.189], [0.349, 0.686, 0.168], [0.272, 0.534, 0.131]]),
}


def channel_kernel(name: str) -> torch.Tensor:
    """A fresh copy of the 3-channel kernel `name` (3, 3, 3)."""
    return _named(CHANNEL_KERNELS, name, "channel kernel").clone()


def mixing(name: str) -> torch.Tensor:
    """A fresh copy of the 1×1 mixing matrix `name` (C_out, 3)."""
    return _named(MIXINGS, name, "mixing").clone()


def _named(table: dict, name: str, what: str) -> torch.Tensor:
    if not isinstance(name, str) or name not in table:
        raise ConvInputError(
            "unknown_name",
            f"There is no {what} called {name!r}; choose one of {', '.join(table)}.",
            name=name,
        )
    return table[name]
