"""Translation equivariance (D2L §7.1.2): shift the input, and the output shifts with it."""

from __future__ import annotations

from typing import NamedTuple

import torch

from conv_core.correlation import corr2d, output_shape
from conv_core.validation import ConvInputError, as_matrix, as_pair


def _offset(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConvInputError("not_int", f"{name} must be a whole number, not {value!r}.", name=name)
    return value


def shift(X, dy: int, dx: int) -> torch.Tensor:
    """X moved dy rows down and dx columns right; what slides out is lost, zeros slide in."""
    X = as_matrix(X, "X")
    dy, dx = _offset(dy, "dy"), _offset(dx, "dx")
    h, w = X.shape
    out = torch.zeros_like(X)
    if abs(dy) < h and abs(dx) < w:
        out[max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)] = X[
            max(-dy, 0) : h + min(-dy, 0), max(-dx, 0) : w + min(-dx, 0)
        ]
    return out


def _axis(n: int, k: int, p: int, d: int, size: int) -> dict[str, torch.Tensor]:
    """Per output position along one axis (stride 1), what its window reads.

    `real`: some window row shows a pixel of X in the unshifted picture; `lost`: one of
    those pixels slid out of the frame after the shift; `kept`: one stayed inside it;
    `source`: the unshifted output has the cell the shift brings here.
    """
    facts = {name: torch.zeros(size, dtype=torch.bool) for name in ("real", "lost", "kept")}
    for i in range(size):
        real = [r for r in range(i - p, i - p + k) if 0 <= r - d < n]
        facts["real"][i] = bool(real)
        facts["lost"][i] = any(not 0 <= r < n for r in real)
        facts["kept"][i] = any(0 <= r < n for r in real)
    facts["source"] = (torch.arange(size) - d >= 0) & (torch.arange(size) - d < size)
    return facts


def equivariant_region(input_shape, kernel_shape, dy: int, dx: int, *, padding=0) -> torch.Tensor:
    """Where corr2d(shift(X), K) == shift(corr2d(X, K)) holds for every X and K (stride 1).

    It fails only where the shift changed what a window sees: pixels that slid out of the
    frame (lost), or an output cell whose source slid out of Y while its window still sees
    pixels. Everywhere else, the interior above all, the output simply moved with the input.
    """
    h, w = as_pair(tuple(input_shape), "input_shape", 1)
    kh, kw = as_pair(tuple(kernel_shape), "kernel_shape", 1)
    ph, pw = as_pair(padding, "padding", 0)
    dy, dx = _offset(dy, "dy"), _offset(dx, "dx")
    oh, ow = output_shape((h, w), (kh, kw), padding=(ph, pw))
    rows, cols = _axis(h, kh, ph, dy, oh), _axis(w, kw, pw, dx, ow)

    def both(name: str) -> torch.Tensor:
        return rows[name][:, None] & cols[name][None, :]

    def either(name: str) -> torch.Tensor:
        return rows[name][:, None] | cols[name][None, :]

    # The cell came from Y: equal unless a pixel it saw is now lost.
    moved = ~both("real") | ~either("lost")
    # It came from outside Y (so it shows 0): equal only if its window sees no pixel either.
    new = ~both("kept")
    return torch.where(both("source"), moved, new)


AGREE = 1e-5  # a cell agrees when both orders give the same number to float32 precision


class EquivarianceCheck(NamedTuple):
    """Both orders, shift then correlate and correlate then shift, and where they agree."""

    Y: torch.Tensor  # corr2d(X, K)
    shifted_Y: torch.Tensor  # shift(Y)
    shifted_X: torch.Tensor  # shift(X)
    Y_of_shifted: torch.Tensor  # corr2d(shift(X), K)
    difference: torch.Tensor  # Y_of_shifted − shifted_Y
    agree: int  # cells equal in both orders, for this X
    guaranteed: int  # cells equal for every X (equivariant_region)

    @property
    def total(self) -> int:
        return self.Y.numel()


def equivariance_check(X, K, dy: int, dx: int, *, padding=0) -> EquivarianceCheck:
    """corr2d(shift(X), K) against shift(corr2d(X, K)), cell by cell (stride 1)."""
    X = as_matrix(X, "X")
    region = equivariant_region(X.shape, as_matrix(K, "K").shape, dy, dx, padding=padding)
    return shift_check(lambda x: corr2d(x, K, padding=padding), X, dy, dx, lambda Y: region)


def shift_check(layer, X: torch.Tensor, dy: int, dx: int, guaranteed) -> EquivarianceCheck:
    """layer(shift(X)) against shift(layer(X)), cell by cell; `guaranteed(Y)`: the cells
    where they must agree whatever the numbers."""
    Y = layer(X)
    shifted_X, shifted_Y = shift(X, dy, dx), shift(Y, dy, dx)
    Y_of_shifted = layer(shifted_X)
    difference = Y_of_shifted - shifted_Y
    return EquivarianceCheck(
        Y=Y,
        shifted_Y=shifted_Y,
        shifted_X=shifted_X,
        Y_of_shifted=Y_of_shifted,
        difference=difference,
        agree=int((difference.abs() <= AGREE).sum()),
        guaranteed=int(guaranteed(Y).sum()),
    )
