"""Where's Waldo's props (D2L §7.1.1): the pattern, and a crowd to hide it in."""

from __future__ import annotations

import numpy as np
import torch

from conv_core.validation import ConvInputError


def waldo_pattern() -> torch.Tensor:
    """A 9×5 grey-scale Waldo: striped bobble hat, face with glasses, striped shirt."""
    rows = [
        [0.5, 0.9, 0.9, 0.9, 0.5],  # hat
        [0.5, 0.2, 0.2, 0.2, 0.5],
        [0.9, 0.9, 0.9, 0.9, 0.9],  # brim
        [0.7, 0.1, 0.7, 0.1, 0.7],  # face with round glasses
        [0.7, 0.7, 0.4, 0.7, 0.7],
        [0.9, 0.9, 0.9, 0.9, 0.9],  # red-and-white stripes
        [0.2, 0.2, 0.2, 0.2, 0.2],
        [0.9, 0.9, 0.9, 0.9, 0.9],
        [0.2, 0.2, 0.2, 0.2, 0.2],
    ]
    return torch.tensor(rows, dtype=torch.float32)


def crowd_scene(height: int, width: int, *, seed: int = 0, lamp: bool = True) -> torch.Tensor:
    """A random grey crowd in [0.1, 0.9]; with `lamp`, a white 10×10 block at the top left.

    The lamp is brighter than anything, so plain cross-correlation is drawn to it.
    """
    for name, n in (("height", height), ("width", width)):
        if isinstance(n, bool) or not isinstance(n, int) or n < 10:
            raise ConvInputError(
                "too_small",
                f"{name} must be a whole number >= 10, not {n!r}.",
                name=name,
                minimum=10,
                value=n,
            )
    rng = np.random.default_rng(seed)
    scene = torch.from_numpy(rng.uniform(0.1, 0.9, size=(height, width)).astype(np.float32))
    if lamp:
        scene[1:11, 1:11] = 1.0
    return scene
