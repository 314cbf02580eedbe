"""A 3×3 or 5×5 kernel in one fused pass: torch.compile (Inductor) turns its taps into one loop.

Why: shift-and-add makes one pass of torch's elementwise operations over each row tile per
tap, and a pass costs ~0.1 ms per million outputs whatever the tile's size (measured 64K–2M
outputs: each pass streams two arrays in and one out of L2/L3). OpenCV's `filter2D` reads the
taps and writes each output once. So does the loop Inductor generates from `_taps` (AVX-512
or AVX2, whichever the CPU has): per tile of a 3000×4000 photo ~2× faster than the nine
passes of a 3×3, and faster than the blocks a 5×5 took. README "Speed" has the figures.

Compiling takes seconds (4–7 s for both shapes with Inductor's disk cache warm, 16–17 s cold)
and needs a C++ compiler, so nothing compiles on import. `prepare()` compiles on a thread of
its own, at a lower priority; corr2d's "auto" takes the fused pass for a 3×3 or 5×5 kernel at
stride 1 once `ready()`, and the other methods until then, or for good where it cannot compile
(`status()` says why: no compiler, say). `corr2d(method="compiled")` waits for it.

Inductor's options: `cpp_wrapper`, whose C++ entry releases the GIL while the kernel runs
(Inductor's default Python wrapper holds it, and the pool's threads would take turns);
`cpp.threads=1`, no OpenMP team inside a tile: the tiles on the shared pool (`workers`) are
the parallelism, as for every method. Shapes are dynamic, so one compilation serves every
image size; a tile with a single row or column (a size Inductor would compile anew for) is
shifted instead.
"""

from __future__ import annotations

import contextlib
import os
import threading

import torch

from conv_core.fast.shift import _shift_add, corr2d_shift
from conv_core.fast.tiles import Extremes, _in_row_tiles
from conv_core.fast.workers import start_thread

SHAPES = ((3, 3), (5, 5))  # the kernel shapes compiled

_lock = threading.Lock()
_done = threading.Event()
_thread: threading.Thread | None = None
_status = "not started"  # → "compiling" → "ready" or "unavailable: <why>"
_fused: dict[tuple[int, int], object] = {}  # kernel shape → its compiled pass


def _taps(band: torch.Tensor, K: torch.Tensor, out: torch.Tensor) -> None:
    """out = Σ_a Σ_b K[a, b] · band[a : a + n, b : b + m], traced once by torch.compile."""
    n, m = out.shape
    y = band[0:n, 0:m] * K[0, 0]
    for a in range(K.shape[0]):
        for b in range(K.shape[1]):
            if a or b:
                y = y + band[a : a + n, b : b + m] * K[a, b]
    out.copy_(y)


# One function a kernel shape, compiled on its own. With one function for both shapes (one
# list of two compilations for torch.compile to look up), six threads calling with 3×3 and
# 5×5 kernels at once missed it now and then and compiled again (1–2 times in 280 calls,
# each seconds in a student's call); with one function a shape, never in five runs of
# 280–580 calls.
def _taps_3x3(band: torch.Tensor, K: torch.Tensor, out: torch.Tensor) -> None:
    _taps(band, K, out)


def _taps_5x5(band: torch.Tensor, K: torch.Tensor, out: torch.Tensor) -> None:
    _taps(band, K, out)


_TAPS = {(3, 3): _taps_3x3, (5, 5): _taps_5x5}


def status() -> str:
    """ "not started", "compiling", "ready", or "unavailable: " and the reason."""
    return _status


def ready() -> bool:
    """Whether the fused passes are compiled and checked."""
    return _status == "ready"


def prepare(*, wait: bool = False) -> bool:
    """Start compiling the fused passes on a thread of its own, once per process;
    with `wait`, return when that is over. Returns ready()."""
    global _thread, _status
    with _lock:
        if _thread is None:
            _status = "compiling"
            # One intra-op thread, as on the pool's threads: torch.compile guards on it.
            _thread = start_thread(_compile, "conv_core-compile")
    if wait:
        _done.wait()
    return ready()


def _compile() -> None:
    global _fused, _status
    with contextlib.suppress(OSError, AttributeError):  # a lower priority, for this thread
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)  # and the compiler
    try:
        fused = {
            shape: torch.compile(
                _TAPS[shape],
                dynamic=True,
                fullgraph=True,
                options={"cpp_wrapper": True, "cpp.threads": 1},
            )
            for shape in SHAPES
        }
        _check(fused)
        _fused = fused
        _status = "ready"
    except Exception as error:  # no compiler, no headers, an Inductor bug: shift instead
        reason = str(error).strip().splitlines()
        _status = f"unavailable: {type(error).__name__}: {reason[0] if reason else ''}"[:300]
    finally:
        _done.set()


def _check(fused: dict) -> None:
    """Compile for the tensors tiles pass, and check the results against shift-and-add; a
    RuntimeError when they differ.

    Tiles pass views: a band of X or of a padded buffer, a row tile of Y. torch.compile
    specializes a storage offset of 0 or 1 (as it does a size), so both an offset of 0
    (the first tile) and a larger one (the others; a tile's offset is never 1, as its
    rows are ≥ 2 wide) are compiled here, not in a student's first call.
    """
    generator = torch.Generator().manual_seed(0)
    for kh, kw in SHAPES:
        K = torch.randn(kh, kw, generator=generator)
        X = torch.randn(40, 19 + kw, generator=generator)
        Y = torch.empty(40 - kh + 1, 20)
        for band, out in ((X[: 8 + kh], Y[:9]), (X[20 : 24 + kh], Y[20:25])):
            expected = torch.empty(out.shape)
            _run(fused[kh, kw], band, K, out)
            _shift_add(band, K.tolist(), (1, 1), expected, accumulate=False)
            if not torch.allclose(out, expected, rtol=1e-5, atol=1e-5):
                raise RuntimeError(f"the compiled {kh}×{kw} pass disagrees with shift-and-add")


def _run(fused, band: torch.Tensor, K: torch.Tensor, out: torch.Tensor) -> None:
    with torch.no_grad():  # grad mode is one of torch.compile's guards: always off here
        fused(band, K, out)


def usable(kernel_shape: tuple[int, int], stride: tuple[int, int]) -> bool:
    """Whether corr2d_compiled would run the fused pass now (not shift-and-add)."""
    return tuple(kernel_shape) in SHAPES and tuple(stride) == (1, 1) and ready()


def corr2d_compiled(
    X: torch.Tensor,
    K: torch.Tensor,
    padding: tuple[int, int],
    stride: tuple[int, int],
    extremes: Extremes | None = None,
) -> torch.Tensor:
    """The fused pass in row tiles, for a 3×3 or 5×5 K at stride 1 once compiled (this
    waits for prepare()); shift-and-add for any other K or stride, or where it cannot
    compile. `extremes`: see tiles._Rows."""
    if tuple(K.shape) not in SHAPES or tuple(stride) != (1, 1) or not prepare(wait=True):
        return corr2d_shift(X, K, padding, stride, extremes)
    weights = K.tolist()
    fused = _fused[tuple(K.shape)]

    def tile(band: torch.Tensor, out: torch.Tensor) -> None:
        # A size of 1 would be compiled anew (torch.compile specializes it), and so would
        # a thread count other than the pool's 1 (a caller's thread, where tiles run
        # inline): both are shifted instead of waiting seconds for a compilation.
        if min(out.shape) < 2 or torch.get_num_threads() != 1:
            _shift_add(band, weights, stride, out, accumulate=False)
        else:
            _run(fused, band, K, out)

    return _in_row_tiles(X, K.shape, padding, stride, tile, extremes)
