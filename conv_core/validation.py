"""Argument checks shared by conv_core: every refusal is a ValueError a student can read."""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
import torch

_ORDINAL = {1: "1-D", 2: "2-D", 3: "3-D"}


class ConvInputError(ValueError):
    """A ValueError with a stable `code` and its `params`, so a UI can translate the message."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def as_tensor(value: Any, name: str, ndim: int) -> torch.Tensor:
    """`value` (tensor, array or nested lists) as a finite float32 tensor with `ndim` axes."""
    return checked_tensor(value, name, ndim).tensor


class CheckedTensor(NamedTuple):
    """A checked input and its largest magnitude, max |entry|, found by the same pass."""

    tensor: torch.Tensor
    largest: float


def checked_tensor(value: Any, name: str, ndim: int) -> CheckedTensor:
    """as_tensor's tensor and max |entry|: with Σ|K| it bounds a correlation's output."""
    tensor = converted_tensor(value, name, ndim)
    # One reduction (no boolean image): NaN reaches both ends, ±inf one of them.
    low, high = torch.aminmax(tensor.detach())
    return CheckedTensor(tensor, largest_finite(name, [(float(low), float(high))]))


def largest_finite(name: str, extremes: list[tuple[float, float]]) -> float:
    """max |entry| of a tensor whose parts have these (min, max); a ConvInputError naming
    `name` when one of them is NaN or infinite."""
    if not all(math.isfinite(end) for pair in extremes for end in pair):
        raise ConvInputError(
            "not_finite",
            f"{name} contains NaN or infinity (or a number too large for float32); "
            "every entry must be a finite number.",
            name=name,
        )
    return max(max(-low, high) for low, high in extremes)


def converted_tensor(value: Any, name: str, ndim: int) -> torch.Tensor:
    """`value` as a float32 tensor with `ndim` axes, every check of as_tensor's made but the
    one for NaN and infinity (a caller that scans the entries anyway makes it there)."""
    shape_word = _ORDINAL.get(ndim, f"{ndim}-D")
    kind = {1: "vector", 2: "matrix"}.get(ndim, "array")
    if isinstance(value, torch.Tensor):
        if value.is_complex():
            raise ConvInputError(
                "not_number", f"{name} must hold real numbers, not complex ones.", name=name
            )
        tensor = value
    else:
        try:
            array = np.asarray(value)
        except ValueError as err:
            # NumPy refuses rows of different lengths ("inhomogeneous shape").
            raise ConvInputError(
                "ragged",
                f"{name} must be a {shape_word} {kind} whose rows all have the same length.",
                name=name,
            ) from err
        if array.dtype.kind not in "biuf":
            raise ConvInputError(
                "not_number",
                f"{name} must contain only numbers; found {array.dtype.kind!r}-type entries "
                "(text, empty cells or other objects).",
                name=name,
            )
        if not array.flags.writeable:
            array = array.copy()  # torch warns on read-only memory (e.g. np.asarray(pil_image))
        tensor = torch.from_numpy(np.ascontiguousarray(array))
    if tensor.numel() == 0:
        raise ConvInputError(
            "empty",
            f"{name} is empty; it needs at least one number in every dimension.",
            name=name,
        )
    if tensor.ndim != ndim:
        raise ConvInputError(
            "ndim",
            f"{name} must be a {shape_word} {kind}, but it has {tensor.ndim} dimension(s).",
            name=name,
            expected=ndim,
            got=tensor.ndim,
        )
    return tensor.to(torch.float32)


def as_matrix(value: Any, name: str = "X") -> torch.Tensor:
    """`value` as a finite, non-empty 2-D float32 tensor, or a ConvInputError naming `name`."""
    return as_tensor(value, name, 2)


def as_positive_int(value: Any, name: str, minimum: int = 1) -> int:
    """`value` as an int >= `minimum` (bools and fractions refused)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        else:
            raise ConvInputError(
                "not_int",
                f"{name} must be a whole number >= {minimum}, not {value!r}.",
                name=name,
                minimum=minimum,
            )
    value = int(value)
    if value < minimum:
        code = name if name in ("padding", "stride", "dilation") else "too_small"
        raise ConvInputError(
            code,
            f"{name} must be a whole number >= {minimum}, but it is {value}.",
            name=name,
            minimum=minimum,
            value=value,
        )
    return value


def as_pair(value: Any, name: str, minimum: int) -> tuple[int, int]:
    """An int or an (h, w) pair of ints >= `minimum`, as a pair."""
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise ConvInputError(
                "pair",
                f"{name} must be one whole number or a pair (height, width); got {len(value)} "
                "values.",
                name=name,
            )
        return (as_positive_int(value[0], name, minimum), as_positive_int(value[1], name, minimum))
    n = as_positive_int(value, name, minimum)
    return (n, n)
