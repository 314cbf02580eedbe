"""Fast 2-D cross-correlation on torch: blocks as channels, shift-and-add, separable, FFT.

`conv_core.correlation.corr2d` validates its arguments and calls these with a 2-D,
contiguous, finite float32 `X` and `K`, `padding=(ph, pw)` and `stride=(sh, sw)`. Each
returns `Y[i, j] = Σ_a Σ_b Xp[i·sh + a, j·sw + b]·K[a, b]` over the zero-padded `Xp`.
None of them records gradients; the learn page uses `F.conv2d` for that.

Why not `F.conv2d`: for one input and one output channel oneDNN has no good kernel, and
it is 18–37× slower than OpenCV on a 12-megapixel image. The methods here instead work in
row tiles small enough to stay in cache, and compute only the outputs a stride keeps;
`corr2d_blocked` does call `F.conv2d`, but with 2-column pieces of X's rows as 2 input
channels and 4×4 blocks of Y as 16 output channels, where oneDNN has a fast kernel.
Results come from a small pool of dropped results' memory (`_ResultPool`).
`bench/bench_corr2d.py` measures them; README "Speed" has the figures behind the choices
in `corr2d_auto`.
"""

from __future__ import annotations

import collections
import math
import threading
import weakref
from dataclasses import dataclass

import numpy as np
import torch

__all__ = ["auto_method", "corr2d_auto", "corr2d_blocked", "corr2d_fft", "corr2d_shift"]

# Output elements per row tile (4 MB of Y): a tile, its input rows and a separable pass's
# intermediate stay in the 32 MB L3 between passes. Measured 64K–16M: 512K–2M are within
# noise of each other; smaller tiles pay torch's per-operation cost and a two-thread
# barrier too often, the whole image (16M) runs from memory and is ~3× slower.
_TILE_ELEMENTS = 1 << 20

# A kernel is split into rank-1 terms σ·u·vᵀ when r·(kh + kw) passes plus the
# intermediate's cost (~2 passes, measured) beat its nonzero taps; a term with σ below this
# fraction of the largest one is below float32 resolution.
_RANK_TOLERANCE = 1e-6

# FFT tile side for overlap-save: a power of two fits MKL's fastest transforms, and a
# 256×256 tile (plus its spectrum) stays in L2. Measured 128–512: 256 best for k = 7–31.
_FFT_SIDE = 256

# "auto" hands a kernel to the FFT once shift-and-add would need more than this many
# passes over each tile (taps for a full-rank kernel, r·(kh + kw) for a rank-r one).
# Measured on 3000×4000: a pass costs ~0.7 ms, a tiled FFT ~50–70 ms whatever the kernel;
# 7×7 full rank (49 passes) is faster shifted, 31×31 rank 1 (62) separable, 15×15 (225) FFT.
_FFT_MIN_PASSES = 100

# Below this many outputs an FFT's set-up costs more than the whole shift-and-add.
_FFT_MIN_OUTPUTS = 1 << 16

# Blocks (corr2d_blocked): each output pixel of one F.conv2d per row tile is an R×C block
# of Y (its R·C output channels), each input pixel P consecutive columns of one row of X
# (its channels: a free view). oneDNN runs that dense conv near the machine's peak
# (~200 GFLOPS) instead of one memory pass per tap, at the price of multiplying
# ((R − 1) + kh)·⌈(offset + C − 1 + kw)/P⌉·P weights per output instead of kh·kw (zeros
# around K in each channel's taps). Measured on 3000×4000 (README "Speed"), R×C/P:
# 4×4/2 best from 5×5 to 13×13 (64 weights per output at 5×5, 120 at 7×7 with padding 3);
# 2×8/2 (72, 128) 0–10 % slower; 1×16/2 (100, 168; written into Y without a copy) 15–40 %
# slower; P = 4 wastes more weights, P = 1 is slower in oneDNN.
_BLOCK_SHAPE = (4, 4, 2)

# Output elements per row tile of corr2d_blocked (120 rows of 4000): the tile's input,
# the conv's result and its copy into Y stay in cache. Measured 320 K–1.28 M: 320–640 K
# within noise, 960 K and more 5–30 % slower.
_BLOCK_TILE_ELEMENTS = 480_000

# "auto" takes blocks for kernels that are not separable, with at least this many nonzero
# taps and at most this many weights per output (see _blocked_weights). Measured on
# 3000×4000: 4×4 random (16 taps) is as fast shifted, 5×5 (25) blocked (15 vs 24 ms);
# blocked beats the FFT up to 17×17 (400 weights: 58 vs 66 ms) and is level at 19×19.
_BLOCK_MIN_TAPS = 20
_BLOCK_MAX_WEIGHTS = 400


def corr2d_shift(
    X: torch.Tensor, K: torch.Tensor, padding: tuple[int, int], stride: tuple[int, int]
) -> torch.Tensor:
    """Shift-and-add: Y is the sum over the taps of K[a, b] times a shifted view of Xp."""
    return _corr2d_tiled(X, K, padding, stride, _low_rank_terms(K))


def corr2d_fft(
    X: torch.Tensor, K: torch.Tensor, padding: tuple[int, int], stride: tuple[int, int]
) -> torch.Tensor:
    """Overlap-save FFT in 256×256 tiles; a stride splits X and K into its polyphase parts."""
    sh, sw = stride
    kh, kw = K.shape
    Y = _empty(_output_shape(X.shape, K.shape, padding, stride))
    first = True
    # Y[i, j] = Σ_{p<sh, q<sw} Σ_{a', b'} Xp[(i+a')·sh + p, (j+b')·sw + q]·K[a'·sh + p, b'·sw + q]:
    # one stride-1 correlation per phase (p, q), each on 1/(sh·sw) of the pixels.
    for p in range(min(sh, kh)):
        for q in range(min(sw, kw)):
            phase = _Phase(X, padding, stride, (p, q))
            _fft_valid(phase, K[p::sh, q::sw], Y, accumulate=not first)
            first = False
    return Y


def corr2d_blocked(
    X: torch.Tensor,
    K: torch.Tensor,
    padding: tuple[int, int],
    stride: tuple[int, int],
    block: tuple[int, int, int] | None = None,
) -> torch.Tensor:
    """One F.conv2d per row tile, with R×C blocks of Y as its output channels.

    `block` = (R, C, P), by default _BLOCK_SHAPE. Output pixel (h, n) of the conv is the
    block Y[hR : hR + R, nC : nC + C], its channel r·C + o being Y[hR + r, nC + o]; input
    pixel m of a row holds that row's columns mP .. mP + P − 1 as its P channels (a free
    view of X). The weight of input channel c at kernel row a' and kernel column t for
    output channel (r, o) is K[a' − r·sh, tP + c − offset − o·sw], 0 outside K
    (_block_weights): a dense conv2d that oneDNN runs near the machine's peak instead of
    one memory pass per tap. Both strides are the conv's own, so only kept outputs are
    computed. Each tile's result is copied into Y; columns the conv cannot reach (a wide
    padding) are a strip done by shift-and-add.
    """
    R, C, _ = block = block or _BLOCK_SHAPE
    W = X.shape[1]
    ph, (sh, sw) = padding[0], stride
    geometry = _BlockGeometry.of(K.shape, padding, stride, block)
    P, left, q = geometry.P, geometry.left, geometry.q
    step = C * sw // P  # the conv steps C·sw / P input pixels per output pixel
    Ho, Wo = _output_shape(X.shape, K.shape, padding, stride)
    Y = _empty((Ho, Wo))
    weight = _block_weights(K, geometry)
    blocks = _ceil_div(W, P)
    # Column blocks the conv produces and Y has; Y's columns past them are a strip.
    n_cols = min(max(0, (blocks + 2 * left - q) // step + 1), _ceil_div(Wo, C))
    if n_cols > 0:
        rows_per_tile = max(R, min(Ho, _BLOCK_TILE_ELEMENTS // max(Wo, 1)) // R * R)
        rows = _Rows(X, (ph, 0), (rows_per_tile - 1) * sh + geometry.rows, width=blocks * P)
        with torch.no_grad():
            for i0 in range(0, Ho, rows_per_tile):
                i1 = min(Ho, i0 + rows_per_tile)
                nr = _ceil_div(i1 - i0, R)
                band = rows.band(i0 * sh, (nr - 1) * R * sh + i0 * sh + geometry.rows)
                if P == 1:
                    x = band[None, None]  # see _block_weights
                else:
                    x = band.view(1, band.shape[0], blocks, P).permute(0, 3, 1, 2)
                y = torch.nn.functional.conv2d(x, weight, stride=(R * sh, step), padding=(0, left))
                # y[0, (r, o), h, n] is Y[i0 + hR + r, nC + o].
                y = y[0, :, :, :n_cols].permute(1, 2, 0).view(nr, n_cols, R, C)
                _copy_blocks(y, Y[i0:i1])
    if n_cols * C < Wo:
        _strip(X, K, padding, stride, Y, n_cols * C)
    return Y


@dataclass(frozen=True)
class _BlockGeometry:
    """How corr2d_blocked lays K out for one block shape, stride and padding."""

    block: tuple[int, int, int]  # (R, C, P), P reduced to divide C·sw
    stride: tuple[int, int]
    left: int  # zero input pixels the conv pads on each side
    offset: int  # columns K sits into each output channel's taps
    rows: int  # the conv's kernel height: (R − 1)·sh + kh
    q: int  # the conv's kernel width, in input pixels of P columns

    @property
    def P(self) -> int:
        return self.block[2]

    @classmethod
    def of(cls, k_shape, padding, stride, block) -> _BlockGeometry:
        R, C, P = block
        (kh, kw), pw, (sh, sw) = k_shape, padding[1], stride
        P = math.gcd(P, C * sw)
        # The conv pads `left` zero pixels on both sides, so its flat column f is X's column
        # f − left·P, that is Xp's column f − offset; K sits `offset` columns into each
        # output channel's taps, so that the conv's output column nC + o is Y's.
        left = _ceil_div(pw, P)
        offset = left * P - pw
        q = _ceil_div(offset + (C - 1) * sw + kw, P)
        return cls((R, C, P), (sh, sw), left, offset, (R - 1) * sh + kh, q)

    def weights_per_output(self) -> int:
        """Weights multiplied per output: the conv's kernel, rows × columns (kh·kw for a loop)."""
        return self.rows * self.q * self.P


def _block_weights(K, geometry: _BlockGeometry) -> torch.Tensor:
    """W[(r, o), c, a', t] = K[a' − r·sh, tP + c − offset − o·sw], 0 outside K."""
    R, C, P = geometry.block
    sh, sw = geometry.stride
    kh, kw = K.shape
    rows, q = geometry.rows, geometry.q
    taps = torch.zeros(R, C, rows, q * P)
    for r in range(R):
        for o in range(C):
            c0 = geometry.offset + o * sw
            taps[r, o, r * sh : r * sh + kh, c0 : c0 + kw] = K
    if P == 1:
        # One input channel: plain NCHW strides. Given a channel stride of 1 on the input
        # or the weights, oneDNN (torch 2.13) returned garbage for some shapes (a 20×9
        # input, a 10×10 kernel, stride (1, 2)); tests/core/test_fast.py keeps that case.
        return taps.view(R * C, 1, rows, q)
    weight = taps.view(R * C, rows, q, P).permute(0, 3, 1, 2)
    return weight.contiguous(memory_format=torch.channels_last)


def _copy_blocks(blocks: torch.Tensor, Y: torch.Tensor) -> None:
    """Y ← (block rows, block columns, R, C) blocks, cut to Y's rows and columns."""
    _, n_cols, R, C = blocks.shape
    rows, Wo = Y.shape
    if C % 4 == 0 and Wo % 4 == 0 and blocks.stride(2) % 4 == 0 and _aligned(blocks, Y):
        # The copy permutes runs of C floats: moved as 16-byte elements it is ~30 % faster.
        blocks, Y = blocks.view(torch.complex128), Y.view(torch.complex128)
        C, Wo = C // 4, Wo // 4
    full_rows, full_cols = rows // R, min(n_cols, Wo // C)
    for h0, h1, r in ((0, full_rows, R), (full_rows, full_rows + (rows % R > 0), rows % R)):
        if h1 == h0:
            continue
        target = Y[h0 * R : (h1 - 1) * R + r]
        if full_cols:
            dst = target[:, : full_cols * C].view(h1 - h0, r, full_cols, C)
            dst.copy_(blocks[h0:h1, :full_cols, :r].permute(0, 2, 1, 3))
        if full_cols < n_cols:  # the last, partial column block
            rest = Wo - full_cols * C
            target[:, full_cols * C :].view(h1 - h0, r, rest).copy_(
                blocks[h0:h1, full_cols, :r, :rest]
            )


def _aligned(*tensors: torch.Tensor) -> bool:
    """Each tensor starts on 16 bytes, its last axis is contiguous, its other strides 4·n."""
    return all(
        t.data_ptr() % 16 == 0 and t.stride(-1) == 1 and all(s % 4 == 0 for s in t.stride()[:-1])
        for t in tensors
    )


def _strip(X, K, padding, stride, Y, j0: int) -> None:
    """Y[:, j0:] by shift-and-add on the few columns of Xp it reads."""
    H, W = X.shape
    kw = K.shape[1]
    (ph, pw), sw = padding, stride[1]
    c0, c1 = j0 * sw, (Y.shape[1] - 1) * sw + kw  # Xp's columns c0 .. c1 − 1
    Xs = torch.zeros(H + 2 * ph, c1 - c0)
    lo, hi = max(c0 - pw, 0), min(c1 - pw, W)
    if hi > lo:
        Xs[ph : ph + H, lo + pw - c0 : hi + pw - c0] = X[:, lo:hi]
    Y[:, j0:] = _corr2d_tiled(Xs, K, (0, 0), (stride[0], sw), None)


def corr2d_auto(
    X: torch.Tensor, K: torch.Tensor, padding: tuple[int, int], stride: tuple[int, int]
) -> torch.Tensor:
    """The fastest method for this size and rank: see auto_method."""
    terms = _low_rank_terms(K)
    method = _auto_choice(X.shape, K, padding, stride, terms)
    if method == "blocked":
        return corr2d_blocked(X, K, padding, stride)
    if method == "fft":
        return corr2d_fft(X, K, padding, stride)
    return _corr2d_tiled(X, K, padding, stride, terms)


def auto_method(X_shape, K: torch.Tensor, padding=(0, 0), stride=(1, 1)) -> str:
    """What corr2d_auto does for these arguments, in words (for the benchmark and the UI)."""
    terms = _low_rank_terms(K)
    method = _auto_choice(X_shape, K, padding, stride, terms)
    if method != "tiled":
        return method
    if terms is None:
        return "shift"
    return f"separable, rank {len(terms)}"


def _auto_choice(X_shape, K, padding, stride, terms) -> str:
    """Which path auto takes: "blocked", "fft" or "tiled" (shift-and-add or separable)."""
    if _auto_uses_blocks(K, padding, stride, terms):
        return "blocked"
    if _auto_uses_fft(X_shape, K.shape, padding, stride, terms):
        return "fft"
    return "tiled"


def _auto_uses_fft(X_shape, K_shape, padding, stride, terms) -> bool:
    Ho, Wo = _output_shape(X_shape, K_shape, padding, stride)
    kh, kw = K_shape
    passes = kh * kw if terms is None else len(terms) * (kh + kw)
    return passes > _FFT_MIN_PASSES and Ho * Wo >= _FFT_MIN_OUTPUTS and stride == (1, 1)


def _auto_uses_blocks(K, padding, stride, terms) -> bool:
    return (
        terms is None
        and _blocked_weights(K.shape, padding, stride) <= _BLOCK_MAX_WEIGHTS
        and int(torch.count_nonzero(K)) >= _BLOCK_MIN_TAPS
    )


def _blocked_weights(k_shape, padding, stride) -> int:
    """Weights corr2d_blocked multiplies per output with _BLOCK_SHAPE (kh·kw for a loop)."""
    return _BlockGeometry.of(k_shape, padding, stride, _BLOCK_SHAPE).weights_per_output()


def _output_shape(shape, kernel_shape, padding, stride) -> tuple[int, int]:
    return tuple(
        (n + 2 * p - k) // s + 1
        for n, k, p, s in zip(shape, kernel_shape, padding, stride, strict=True)
    )


def _empty(shape) -> torch.Tensor:
    """An uninitialised float32 tensor for a result: from the pool when one is large."""
    return _results.empty(shape)


class _ResultPool:
    """Memory of large results that were dropped, handed out again for the next result.

    A new 48 MB result costs ~4 ms before anything is computed into it: Linux zeroes every
    page on its first touch (NumPy asks for 2 MB huge pages; torch's allocator does not,
    which costs ~12 ms). The dashboard computes one photo-sized result after another and
    drops the last, so the pool keeps up to `max_bytes` of dropped results' memory and
    hands it out again, like torch's CUDA caching allocator. A result is a view of a pooled
    array, and a `weakref.finalize` on that view returns the array when the view dies: the
    view is what the returned tensor (and every tensor or NumPy view made from it) keeps
    alive, so memory goes back only once nothing can reach it.
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
            arrays = self._free.get(size)
            if arrays:
                base = arrays.pop()
                self._held -= base.nbytes
                if not arrays:
                    del self._free[size]
        if base is None:
            base = np.empty(size, dtype=np.float32)
        view = base.reshape(shape)
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


def _low_rank_terms(K: torch.Tensor) -> list[tuple[list[float], list[float]]] | None:
    """K as a sum of rank-1 terms u·vᵀ, when two 1-D passes per term beat K's taps."""
    kh, kw = K.shape
    if kh == 1 or kw == 1:
        return None
    U, S, Vt = np.linalg.svd(K.double().numpy())
    rank = int(np.count_nonzero(_RANK_TOLERANCE * S[0] < S)) if S[0] > 0 else 0
    if rank == 0 or rank * (kh + kw) + 2 >= int(torch.count_nonzero(K)):
        return None
    root = np.sqrt(S[:rank])
    return [((U[:, r] * root[r]).tolist(), (Vt[r] * root[r]).tolist()) for r in range(rank)]


class _Rows:
    """Row bands of the zero-padded input: views of X where they can be, else copies.

    Xp is X with ph zero rows above and below and pw zero columns left, then zero columns
    on the right up to `width` (default W + 2·pw). A band inside X's rows, when Xp adds
    no columns, is a view; any other is copied into one reused buffer whose margins stay
    zero.
    """

    def __init__(self, X: torch.Tensor, padding: tuple[int, int], max_rows: int,
                 width: int | None = None) -> None:  # fmt: skip
        self.X = X
        self.ph, self.pw = padding
        self.width = X.shape[1] + 2 * self.pw if width is None else width
        self.max_rows = max_rows
        self.buffer = None

    def band(self, start: int, stop: int) -> torch.Tensor:
        """Rows start .. stop − 1 of Xp."""
        H, W = self.X.shape
        lo, hi = max(start - self.ph, 0), min(stop - self.ph, H)
        if self.pw == 0 and self.width == W and lo == start - self.ph and hi == stop - self.ph:
            return self.X[lo:hi]
        if self.buffer is None:
            self.buffer = torch.zeros(self.max_rows, self.width)
        out = self.buffer[: stop - start]
        top = lo + self.ph - start  # zero rows above X inside this band
        if top > 0:
            out[:top].zero_()
        if hi > lo:
            out[top : top + hi - lo, self.pw : self.pw + W].copy_(self.X[lo:hi])
        bottom = top + max(hi - lo, 0)
        if bottom < out.shape[0]:
            out[bottom:].zero_()
        return out


def _corr2d_tiled(X, K, padding, stride, terms) -> torch.Tensor:
    """Shift-and-add over row tiles of Y; rank-1 terms go through two 1-D passes each."""
    kh = K.shape[0]
    sh = stride[0]
    Ho, Wo = _output_shape(X.shape, K.shape, padding, stride)
    Y = _empty((Ho, Wo))
    rows_per_tile = max(1, min(Ho, _TILE_ELEMENTS // max(Wo, 1)))
    rows = _Rows(X, padding, (rows_per_tile - 1) * sh + kh)
    weights = K.tolist()
    for i0 in range(0, Ho, rows_per_tile):
        i1 = min(Ho, i0 + rows_per_tile)
        band = rows.band(i0 * sh, (i1 - 1) * sh + kh)
        if terms is None:
            _shift_add(band, weights, stride, Y[i0:i1], accumulate=False)
        else:
            _separable(band, terms, stride, Y[i0:i1])
    return Y


def _shift_add(band, weights, stride, out, *, accumulate: bool) -> None:
    """out (+)= Σ_a Σ_b weights[a][b] · band[a::sh, b::sw], cut to out's shape."""
    n, m = out.shape
    sh, sw = stride
    for a, row in enumerate(weights):
        for b, w in enumerate(row):
            if w == 0.0:
                continue  # many presets (Sobel, Laplacian, the book's [1, -1]) are mostly 0
            view = band[a : a + (n - 1) * sh + 1 : sh, b : b + (m - 1) * sw + 1 : sw]
            if accumulate:
                out.add_(view, alpha=w)
            else:
                torch.mul(view, w, out=out)
                accumulate = True
    if not accumulate:
        out.zero_()


def _separable(band, terms, stride, out) -> None:
    """out = Σ_r (v_r along rows) ∘ (u_r down columns) of band: kh + kw passes per term."""
    columns = torch.empty(out.shape[0], band.shape[1])
    for r, (u, v) in enumerate(terms):
        _shift_add(band, [[x] for x in u], (stride[0], 1), columns, accumulate=False)
        _shift_add(columns, [v], (1, stride[1]), out, accumulate=r > 0)


class _Phase:
    """One polyphase part of Xp for a stride: Xp[p::sh, q::sw], read in row bands."""

    def __init__(self, X, padding, stride, phase) -> None:
        self.X = X
        self.ph, self.pw = padding
        self.sh, self.sw = stride
        self.p, self.q = phase
        H, W = X.shape
        self.shape = (
            -(-(H + 2 * self.ph - self.p) // self.sh),
            -(-(W + 2 * self.pw - self.q) // self.sw),
        )

    def copy_band(self, start: int, out: torch.Tensor) -> None:
        """out ← rows start.. of this phase (zeros outside Xp), columns 0.. up to out's width."""
        H, W = self.X.shape
        rows, cols = out.shape
        out.zero_()
        # Phase row i is Xp row i·sh + p, i.e. X row i·sh + p − ph; likewise for columns.
        i_lo = max(start, _ceil_div(self.ph - self.p, self.sh))
        i_hi = min(start + rows, _ceil_div(H + self.ph - self.p, self.sh))
        j_lo = max(0, _ceil_div(self.pw - self.q, self.sw))
        j_hi = min(cols, _ceil_div(W + self.pw - self.q, self.sw))
        if i_hi <= i_lo or j_hi <= j_lo:
            return
        x0 = i_lo * self.sh + self.p - self.ph
        y0 = j_lo * self.sw + self.q - self.pw
        src = self.X[
            x0 : x0 + (i_hi - i_lo - 1) * self.sh + 1 : self.sh,
            y0 : y0 + (j_hi - j_lo - 1) * self.sw + 1 : self.sw,
        ]
        out[i_lo - start : i_hi - start, j_lo:j_hi].copy_(src)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _fft_valid(phase: _Phase, K: torch.Tensor, Y: torch.Tensor, *, accumulate: bool) -> None:
    """Y (+)= the valid correlation of a phase image with K, overlap-save in square tiles."""
    Ho, Wo = Y.shape
    kh, kw = K.shape
    side_h = _fft_side(kh, Ho)
    side_w = _fft_side(kw, Wo)
    th, tw = side_h - kh + 1, side_w - kw + 1  # outputs per tile
    nw = _ceil_div(Wo, tw)
    # Correlation is multiplication by the conjugate spectrum of K.
    spectrum = torch.fft.rfft2(K, s=(side_h, side_w)).conj_physical()
    width = (nw - 1) * tw + side_w
    band = torch.empty(side_h, width)
    for i0 in range(0, Ho, th):
        rows = min(th, Ho - i0)
        phase.copy_band(i0, band)
        tiles = band.as_strided((nw, side_h, side_w), (tw, width, 1))
        product = torch.fft.rfft2(tiles)
        product.mul_(spectrum)
        result = torch.fft.irfft2(product, s=(side_h, side_w))
        # result[t, r, c] is Y[i0 + r, t·tw + c]; the last tile may reach past Wo.
        full = Wo // tw
        pieces = [(Y[i0 : i0 + rows, : full * tw].view(rows, full, tw), result[:full])]
        if full < nw:
            pieces.append((Y[i0 : i0 + rows, full * tw :].unsqueeze(1), result[full:]))
        for target, tiles_out in pieces:
            source = tiles_out[:, :rows, : target.shape[2]].permute(1, 0, 2)
            if accumulate:
                target.add_(source)
            else:
                target.copy_(source)


def _fft_side(k: int, n_out: int) -> int:
    """The FFT length along one axis: _FFT_SIDE, or a smaller power of two for small outputs."""
    side = _FFT_SIDE
    while side < 2 * k:
        side *= 2
    while side // 2 >= 2 * k and side // 2 >= n_out + k - 1:
        side //= 2
    return side
