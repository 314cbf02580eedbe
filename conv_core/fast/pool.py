"""The memory photo-sized arrays are written into (every fast method's result, a picture's
grey X): a small pool of dropped arrays' memory."""

from __future__ import annotations

import collections
import math
import threading
import weakref

import numpy as np
import torch


def pooled_empty(shape) -> torch.Tensor:
    """An uninitialised float32 tensor for a result: from the pool when one is large."""
    return _results.empty(shape)


# A dropped array serves a result up to 1/_SLACK smaller than itself: on the edge page a
# 1×2 kernel's Y (3000×3999) comes between 3×3 ones (3000×4000) on the same photo, and with
# exact sizes only each such change was new memory (and pushed a 3000×4000 array out).
_SLACK = 8


class _ResultPool:
    """Memory of large results that were dropped, handed out again for the next result.

    A new photo-sized result costs time before anything is computed into it: Linux zeroes
    every page on its first touch (NumPy asks for 2 MB huge pages, which costs less; torch's
    allocator does not), and now and then a new one stalls far longer. The dashboard
    computes one photo-sized result after another and drops the last, so the pool keeps up
    to `max_bytes` of dropped results' memory and hands it out again, like torch's CUDA
    caching allocator. A result is a view of a pooled array, and a `weakref.finalize` on
    that view returns the array when the view dies: the view is what the returned tensor
    (and every tensor or NumPy view made from it) keeps alive, so memory goes back only
    once nothing can reach it.
    """

    def __init__(self, min_bytes: int, max_bytes: int) -> None:
        self.min_bytes = min_bytes
        self.max_bytes = max_bytes
        self._free: collections.OrderedDict[int, list[np.ndarray]] = collections.OrderedDict()
        self._held = 0
        # Re-entrant: a finalizer may run inside `empty` (a garbage collection).
        self._lock = threading.RLock()

    def empty(self, shape) -> torch.Tensor:
        size = math.prod(shape)
        if 4 * size < self.min_bytes:
            return torch.from_numpy(np.empty(shape, dtype=np.float32))
        base = None
        with self._lock:
            fits = [n for n in self._free if size <= n <= size + size // _SLACK]
            if fits:
                best = min(fits)
                arrays = self._free[best]
                base = arrays.pop()
                self._held -= base.nbytes
                if not arrays:
                    del self._free[best]
        if base is None:
            # Room for one more row and column: the edge page's first photo-sized result is
            # often the book's 1×2 kernel's, a column narrower than every later one, which
            # would each need new memory (paged in on first touch, slowest on a busy machine).
            base = np.empty(math.prod(n + 1 for n in shape), dtype=np.float32)
        view = base[:size].reshape(shape)
        release = weakref.finalize(view, self._release, base)
        release.atexit = False
        return torch.from_numpy(view)

    def _release(self, base: np.ndarray) -> None:
        if base.nbytes > self.max_bytes:
            return
        with self._lock:
            self._free.setdefault(base.size, []).append(base)
            self._free.move_to_end(base.size)
            self._held += base.nbytes
            while self._held > self.max_bytes:  # drop the sizes released longest ago
                size, arrays = next(iter(self._free.items()))
                self._held -= arrays.pop(0).nbytes
                if not arrays:
                    del self._free[size]

    def clear(self) -> None:
        with self._lock:
            self._free.clear()
            self._held = 0


# Pool results of 1 MB and more (smaller ones come from malloc's own free lists), and hold
# at most two 12-megapixel results' memory (2 × 48 MB) while nothing uses it.
_results = _ResultPool(min_bytes=1 << 20, max_bytes=100 << 20)
