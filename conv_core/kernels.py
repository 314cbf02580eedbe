"""Named kernels for the lab: blurs, edge detectors, sharpen (D2L §7.2.3 and the lecture).

They are applied by cross-correlation (D2L §7.2.1), not flipped: the right-hand column of
`sobel_x` is positive, so a dark-to-bright step from left to right gives a positive output.
The book's `[1, -1]` (`edge_1x2`) has the opposite sign: bright-to-dark gives +1.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import torch

from conv_core.validation import ConvInputError, as_matrix

_BRIGHTNESS_TOLERANCE = 1e-6  # float32 sums of a 5×5 kernel's weights stay this close to 1


def _tensor(rows: list[list[float]], scale: float = 1.0) -> torch.Tensor:
    return torch.tensor(rows, dtype=torch.float32) / scale


def _binomial(n: int) -> torch.Tensor:
    """The n × n Gaussian approximation: outer product of binomial coefficients, sums to 1."""
    row = torch.tensor([1.0])
    for _ in range(n - 1):
        row = torch.cat([row, torch.zeros(1)]) + torch.cat([torch.zeros(1), row])
    return torch.outer(row, row) / row.sum() ** 2


_SOBEL_X = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
_PREWITT_X = [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]

# Insertion order is the order a UI lists them in.
_TABLE: dict[str, torch.Tensor] = {
    "identity": _tensor([[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
    "edge_1x2": _tensor([[1, -1]]),  # D2L §7.2.3: finds vertical edges
    "edge_2x1": _tensor([[1], [-1]]),  # its transpose: finds horizontal edges
    "d2l_edge": _tensor([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]),  # the lecture's edge detector
    "sharpen": _tensor([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    "box_blur": _tensor([[1, 1, 1], [1, 1, 1], [1, 1, 1]], scale=9),
    "gaussian_3": _binomial(3),
    "gaussian_5": _binomial(5),
    "sobel_x": _tensor(_SOBEL_X),  # changes along x: vertical edges
    "sobel_y": _tensor(_SOBEL_X).T.contiguous(),  # changes down the rows: horizontal edges
    "prewitt_x": _tensor(_PREWITT_X),
    "prewitt_y": _tensor(_PREWITT_X).T.contiguous(),
    "laplacian": _tensor([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
    "emboss": _tensor([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]),
}


class _KernelTable(Mapping[str, torch.Tensor]):
    """A read-only name -> kernel mapping that hands out copies, so no caller can edit a preset."""

    def __init__(self, table: dict[str, torch.Tensor]) -> None:
        self._table = table

    def __getitem__(self, name: str) -> torch.Tensor:
        return self._table[name].clone()

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def __repr__(self) -> str:
        return f"KERNELS({', '.join(self._table)})"


KERNELS: Mapping[str, torch.Tensor] = _KernelTable(_TABLE)


def kernel(name: str) -> torch.Tensor:
    """A fresh float32 copy of the preset `name`, or a ValueError listing the names there are."""
    if not isinstance(name, str) or name not in _TABLE:
        raise ConvInputError(
            "unknown_kernel",
            f"There is no preset kernel called {name!r}; choose one of {', '.join(_TABLE)}.",
            name=name,
        )
    return KERNELS[name]


def keeps_brightness(K) -> bool:
    """True when K's weights sum to 1: a flat area comes out as bright as it went in."""
    return abs(float(as_matrix(K, "K").double().sum()) - 1.0) < _BRIGHTNESS_TOLERANCE


def same_padding(K) -> tuple[int, int]:
    """The padding that keeps the input's size (D2L §7.3.1: p = k − 1 split over both sides);
    an even kernel's output is one row or column short, since k − 1 is odd."""
    rows, cols = as_matrix(K, "K").shape
    return ((rows - 1) // 2, (cols - 1) // 2)
