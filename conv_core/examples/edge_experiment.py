"""The book's edge experiment and its variations (D2L §7.2.3): the 6×8 band and the band
turned; the kernel [1, −1] and the kernel turned. (The diagonal is exercise 1's, in
conv_core.examples.exercises: the page shows it once, there.)"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from conv_core.correlation import corr2d
from conv_core.examples.book import edge_image, edge_kernel
from conv_core.validation import ConvInputError

EDGE_IMAGES = ("band", "band_t")  # the book's band and X.t()
EDGE_KERNELS = ("k", "k_t")  # [1, −1] and K.t()


@dataclass(frozen=True)
class EdgeExperiment:
    """X, K and Y = corr2d(X, K); the cells of 1 and −1 in Y are the edges it found."""

    X: torch.Tensor
    K: torch.Tensor
    Y: torch.Tensor

    @property
    def ones(self) -> int:
        return int((self.Y == 1).sum())

    @property
    def minus_ones(self) -> int:
        return int((self.Y == -1).sum())


def edge_experiment(image: str, kernel: str) -> EdgeExperiment:
    """The image `image` (one of EDGE_IMAGES) seen through `kernel` (one of EDGE_KERNELS)."""
    for name, value, names in (("image", image, EDGE_IMAGES), ("kernel", kernel, EDGE_KERNELS)):
        if value not in names:
            raise ConvInputError(
                "unknown_case",
                f"There is no {name} called {value!r} here; choose one of {', '.join(names)}.",
                name=name,
            )
    X = edge_image().t() if image == "band_t" else edge_image()
    K = edge_kernel() if kernel == "k" else edge_kernel().t()
    return EdgeExperiment(X, K, corr2d(X, K))
