"""The 1-D and 3-D page's props: signals and volumes, and kernels for each (D2L §7.2, §7.3)."""

from __future__ import annotations

import torch

from conv_core.validation import ConvInputError, as_positive_int

SIGNALS = ("step", "spike", "ramp", "wave")
VOLUMES = ("cube", "slab", "random")


def signal(name: str, length: int = 12) -> torch.Tensor:
    """A 1-D example: a step (the edge of 1-D), a single spike, a ramp, a wave with noise."""
    length = as_positive_int(length, "length")
    n = torch.arange(length, dtype=torch.float32)
    if name == "step":  # the book's band, one row of it: 1 then 0
        return (n < length // 2).to(torch.float32)
    if name == "spike":  # a kernel slid over one 1 writes the kernel itself, reversed
        return (n == length // 2).to(torch.float32)
    if name == "ramp":  # a steady slope: [1, −1] gives a constant −1
        return n.clone()
    if name == "wave":
        noise = torch.randn(length, generator=torch.Generator().manual_seed(0))
        return (torch.sin(2 * torch.pi * n / 8) + 0.3 * noise).round(decimals=2)
    raise ConvInputError(
        "unknown_example",
        f"There is no signal called {name!r}; choose one of {', '.join(SIGNALS)}.",
        name=name,
    )


def volume(name: str, shape: tuple[int, int, int] = (4, 5, 5), seed: int = 0) -> torch.Tensor:
    """A 3-D example: a cube of 1s inside 0s, a slab (one depth slice of 1s), random digits."""
    D, H, W = (as_positive_int(n, "shape") for n in shape)
    if name == "cube":
        X = torch.zeros(D, H, W)
        X[D // 4 : D - D // 4, H // 4 : H - H // 4, W // 4 : W - W // 4] = 1
        return X
    if name == "slab":  # edges only between depth slices: a 2-D kernel cannot see them
        X = torch.zeros(D, H, W)
        X[D // 2] = 1
        return X
    if name == "random":
        generator = torch.Generator().manual_seed(int(seed))
        return torch.randint(0, 10, (D, H, W), generator=generator).to(torch.float32)
    raise ConvInputError(
        "unknown_example",
        f"There is no volume called {name!r}; choose one of {', '.join(VOLUMES)}.",
        name=name,
    )


SIGNAL_KERNELS = {
    "difference": (1.0, -1.0),  # the book's [1, −1]: the 1-D edge detector
    "average": (1 / 3, 1 / 3, 1 / 3),
    "second": (1.0, -2.0, 1.0),
    "smooth": (0.25, 0.5, 0.25),
}
VOLUME_KERNELS = ("ones", "depth", "average", "random")


def signal_kernel(name: str) -> torch.Tensor:
    """One of SIGNAL_KERNELS as a vector."""
    if name not in SIGNAL_KERNELS:
        raise ConvInputError(
            "unknown_example",
            f"There is no 1-D kernel called {name!r}; choose one of {', '.join(SIGNAL_KERNELS)}.",
            name=name,
        )
    return torch.tensor(SIGNAL_KERNELS[name], dtype=torch.float32)


def volume_kernel(name: str, seed: int = 0) -> torch.Tensor:
    """A 3-D kernel: 2×2×2 ones, the depth [1, −1] (finds changes between slices), a 3×3×3
    average, or 2×2×2 random −1/0/1 (the same for the same seed)."""
    if name == "ones":
        return torch.ones(2, 2, 2)
    if name == "depth":
        return torch.tensor([[[1.0]], [[-1.0]]])
    if name == "average":
        return torch.full((3, 3, 3), 1 / 27)
    if name == "random":
        generator = torch.Generator().manual_seed(int(seed) + 1)
        return torch.randint(-1, 2, (2, 2, 2), generator=generator).to(torch.float32)
    raise ConvInputError(
        "unknown_example",
        f"There is no 3-D kernel called {name!r}; choose one of {', '.join(VOLUME_KERNELS)}.",
        name=name,
    )
