"""Pure work on a lesson's small matrices, done once per server for every session that asks
with the same values.

A class following its teacher reruns the same page with the same X, K, padding and stride,
once per student: the windows, sums and code worked out for the first student serve the
others. `functools.lru_cache` over the tensors' values (dtype, shape and bytes): a call costs
microseconds, where `st.cache_resource`'s argument hashing would cost about as much as the
small sums it saves. A result is shared by every session: read it, never change it in place.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import torch

from conv_core import conv2d, corr2d

Result = TypeVar("Result")


class Frozen:
    """A tensor or an array as a cache key: equal when dtype, shape and values are (NaN
    included, as bytes compare). `.value` is the one it was made from."""

    __slots__ = ("_key", "value")

    def __init__(self, value: torch.Tensor | np.ndarray) -> None:
        self.value = value
        array = value.detach().contiguous().numpy() if isinstance(value, torch.Tensor) else value
        self._key = (type(value), str(array.dtype), array.shape, array.tobytes())

    def __hash__(self) -> int:
        return hash(self._key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Frozen) and self._key == other._key


def _freeze(value: Any) -> Any:
    if isinstance(value, torch.Tensor | np.ndarray):
        return Frozen(value)
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, Frozen):
        return value.value
    if isinstance(value, tuple):
        return tuple(_thaw(v) for v in value)
    return value


def shared(maxsize: int = 256) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Decorate a pure function of tensors, numbers, strings and tuples (lists arrive as
    tuples): its results are kept for the `maxsize` latest distinct arguments (any student
    can make new ones: size it by its largest result). A call that raises keeps nothing (a
    refusal is worked out again, and said again)."""

    def wrap(function: Callable[..., Result]) -> Callable[..., Result]:
        @functools.lru_cache(maxsize=maxsize)
        def frozen_call(args: tuple, options: tuple) -> Result:
            return function(*_thaw(args), **{name: _thaw(v) for name, v in options})

        @functools.wraps(function)
        def call(*args: Any, **options: Any) -> Result:
            named = tuple(sorted((name, _freeze(v)) for name, v in options.items()))
            return frozen_call(_freeze(args), named)

        call.cache_clear = frozen_call.cache_clear  # type: ignore[attr-defined]
        return call

    return wrap


# A page's module runs again on every run: a lesson's shared work is defined here, in a module
# imported once. Only for a lesson's small matrices (a kept photo-sized Y would be megabytes).
small_corr2d = shared()(corr2d)
small_conv2d = shared()(conv2d)
