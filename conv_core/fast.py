"""Fast 2-D cross-correlation on torch: column blocks, shift-and-add, separable, tiled FFT.

`conv_core.correlation.corr2d` validates its arguments and calls these with a 2-D,
contiguous, finite float32 `X` and `K`, `padding=(ph, pw)` and `stride=(sh, sw)`. Each
returns `Y[i, j] = Σ_a Σ_b Xp[i·sh + a, j·sw + b]·K[a, b]` over the zero-padded `Xp`.
None of them records gradients; the learn page uses `F.conv2d` for that.

Why not `F.conv2d`: for one input and one output channel oneDNN has no good kernel, and
it is 18–37× slower than OpenCV on a 12-megapixel image. The methods here instead work in
row tiles small enough to stay in cache, and compute only the outputs a stride keeps;
`corr2d_blocked` does call `F.conv2d`, but on column blocks of X as 2 → 16 channels,
where oneDNN has a fast kernel.
`bench/bench_corr2d.py` measures them; README "Speed" has the figures behind the choices
in `corr2d_auto`.
"""

from __future__ import annotations

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

# Column blocks (corr2d_blocked): X's rows cut into blocks of _BLOCK_IN columns are the
# channels of a channels-last image (a free view), Y's rows cut into blocks of _BLOCK_OUT
# columns are the output channels, and one F.conv2d per row tile (oneDNN's brgemm kernel)
# computes all taps of 16 outputs at once. It multiplies kh·(16 + kw − 1) weights per
# output instead of kh·kw, but at ~130 GFLOPS instead of one memory pass per tap. 16 is
# one AVX-512 register of outputs. Measured on 3000×4000 (input/output columns): 2/16 best
# at 5×5 and 7×7 (1/16 −30 %, 4/16 and 8/16 +5–30 %, 8/8 and 16/16 +15–45 %).
# (Tests run other sizes too; 1/4 gave garbage rows from oneDNN 3.12 on a 1×1 input.)
_BLOCK_IN = 2
_BLOCK_OUT = 16

# Output elements per row tile of corr2d_blocked (160 rows of 4000): its input, output and
# oneDNN's scratch stay in cache until the copy into Y. Measured 320 K–1.2 M: 640 K best.
_BLOCK_TILE_ELEMENTS = 640_000

# "auto" takes column blocks for kernels that are not separable, with at least this many
# nonzero taps and at most _BLOCK_MAX_WEIGHTS = kh·(16 + kw − 1) weights per output.
# Measured on 3000×4000 against shift-and-add and FFT: 4×4 random (16 taps) is faster
# shifted (20 vs 24 ms), 5×5 (25) blocked (21 vs 27 ms); blocked beats the FFT up to 13×13
# (52 vs 62 ms; 364 weights) and is level with it at 15×15, which stays with the FFT.
_BLOCK_MIN_TAPS = 20
_BLOCK_MAX_WEIGHTS = 13 * (16 + 13 - 1)


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
    X: torch.Tensor, K: torch.Tensor, padding: tuple[int, int], stride: tuple[int, int]
) -> torch.Tensor:
    """One F.conv2d per row tile, with X's and Y's column blocks as channels.

    Output column j = n·Q + o (Q = _BLOCK_OUT) is output channel o of pixel n; input
    channel c of pixel m is X column m·P + c (P = _BLOCK_IN); the conv steps Q / P input
    pixels per output pixel. So Y[i, nQ + o] = Σ_a Σ_t Σ_c X[i + a, nQ + tP + c]·W[o, c, a, t]
    with W[o, c, a, t] = K[a, tP + c − o] (0 outside K): a dense conv2d that oneDNN runs
    near its peak instead of one memory pass per tap. Y's rows are, in memory, the conv's
    channels-last output, so oneDNN writes most tiles straight into Y. A vertical stride
    is the conv's; a horizontal one would make it compute discarded columns, so that goes
    to shift-and-add.
    """
    if stride[1] != 1:
        return corr2d_shift(X, K, padding, stride)
    H, W = X.shape
    kh, kw = K.shape
    (ph, pw), sh = padding, stride[0]
    Ho, Wo = _output_shape(X.shape, K.shape, padding, stride)
    Y = _empty((Ho, Wo))
    P, Q = _BLOCK_IN, _BLOCK_OUT  # columns per input channel, per output channel
    stride_w = Q // P
    # The conv's padding puts `left` zero blocks before X's first block, so flat column
    # f of the padded blocks is X column f − left·P. K sits `offset` columns into each
    # output channel's taps, so that with the smallest `left` the conv's output column j
    # is Y's column j: the result is aligned with Y (measured at 7×7: without the offset,
    # an odd pw left Y 9 columns into the result and cost 10–40 % more).
    left = _ceil_div(pw, P)
    offset = left * P - pw
    q = _ceil_div(Q + offset + kw - 1, P)  # input blocks per output block
    taps = torch.zeros(Q, kh, q * P)
    for o in range(Q):
        taps[o, :, offset + o : offset + o + kw] = K
    weight = taps.view(Q, kh, q, P).permute(0, 3, 1, 2)  # [o, c, a, t]
    weight = weight.contiguous(memory_format=torch.channels_last)
    # If the conv's output is too narrow for Y (a wide pw), more padding blocks widen it;
    # each shifts Y's columns P further into the result.
    blocks = _ceil_div(W, P)
    shift = 0
    while (blocks + 2 * left - q) // stride_w + 1 < _ceil_div(shift + Wo, Q):
        left += 1
        shift += P
    # X as blocks: a free view when W is a multiple of P, else rows copied into a buffer
    # whose last block is zero-padded (Xp is zero there too).
    rows_per_tile = max(1, min(Ho, _BLOCK_TILE_ELEMENTS // max(Wo, 1)))
    # When the conv's output columns are exactly Y's, tiles without row padding are
    # written into Y by oneDNN itself instead of copied there.
    direct = (
        _conv_add_ is not None
        and shift == 0
        and Wo % Q == 0
        and (blocks + 2 * left - q) // stride_w + 1 == Wo // Q
    )
    buffer = None
    if W % P:
        buffer = torch.zeros((rows_per_tile - 1) * sh + kh, blocks * P)
    with torch.no_grad():
        for i0 in range(0, Ho, rows_per_tile):
            i1 = min(Ho, i0 + rows_per_tile)
            first, last = i0 * sh - ph, (i1 - 1) * sh + kh - ph  # X rows first..last-1
            lo, hi = max(first, 0), min(last, H)
            if hi <= lo:  # every window of these rows lies in the zero padding
                Y[i0:i1].zero_()
                continue
            # conv2d pads symmetrically: enough zero rows for both ends, and a multiple
            # of the stride more at the top so that its output rows meet Y's rows.
            top = lo - first
            pv = top + sh * _ceil_div(max(last - hi - top, 0), sh)
            band, pads = X[lo:hi], (pv, left)
            if buffer is not None:
                buffer[: hi - lo, :W].copy_(band)
                band = buffer[: hi - lo]
            x = band.view(1, band.shape[0], -1, P).permute(0, 3, 1, 2)
            if direct and pv == 0:
                # Y's rows i0..i1-1 are, in memory, the conv's channels-last output
                # (rows, blocks, Q): oneDNN adds its result into them, zeroed first.
                out = Y[i0:i1]
                out.zero_()
                out = out.view(1, i1 - i0, Wo // Q, Q).permute(0, 3, 1, 2)
                _conv_add_(out, x, weight, None, [0, left], [sh, stride_w], [1, 1], 1,
                           "add", None, None, [], None)  # fmt: skip
                continue
            y = torch.nn.functional.conv2d(x, weight, stride=(sh, stride_w), padding=pads)
            flat = y[0].permute(1, 2, 0).reshape(y.shape[2], -1)  # free if channels-last
            r0 = (pv - top) // sh
            Y[i0:i1].copy_(flat[r0 : r0 + i1 - i0, shift : shift + Wo])
    return Y


def _find_conv_add():
    """oneDNN's in-place conv + add (torch.compile's fused kernel), if this torch has it."""
    try:
        return torch.ops.mkldnn._convolution_pointwise_.binary
    except (AttributeError, RuntimeError):
        return None


# out (+)= conv2d(x): writes into `out`, which the public F.conv2d cannot. Measured on
# 3000×4000 (methods in random order, 25 rounds): 5×5 19 vs 28 ms with a copy per tile,
# 7×7 26 vs 30 ms (an earlier 20-round run: 5×5 20 vs 23 ms, 7×7 level).
_conv_add_ = _find_conv_add()


def corr2d_auto(
    X: torch.Tensor, K: torch.Tensor, padding: tuple[int, int], stride: tuple[int, int]
) -> torch.Tensor:
    """The fastest method for this size and rank: see auto_method."""
    terms = _low_rank_terms(K)
    if _auto_uses_blocks(K, stride, terms):
        return corr2d_blocked(X, K, padding, stride)
    if _auto_uses_fft(X.shape, K.shape, padding, stride, terms):
        return corr2d_fft(X, K, padding, stride)
    return _corr2d_tiled(X, K, padding, stride, terms)


def auto_method(X_shape, K: torch.Tensor, padding=(0, 0), stride=(1, 1)) -> str:
    """What corr2d_auto does for these arguments, in words (for the benchmark and the UI)."""
    terms = _low_rank_terms(K)
    if _auto_uses_blocks(K, stride, terms):
        return "blocked"
    if _auto_uses_fft(X_shape, K.shape, padding, stride, terms):
        return "fft"
    if terms is None:
        return "shift"
    return f"separable, rank {len(terms)}"


def _auto_uses_fft(X_shape, K_shape, padding, stride, terms) -> bool:
    Ho, Wo = _output_shape(X_shape, K_shape, padding, stride)
    kh, kw = K_shape
    passes = kh * kw if terms is None else len(terms) * (kh + kw)
    return passes > _FFT_MIN_PASSES and Ho * Wo >= _FFT_MIN_OUTPUTS and stride == (1, 1)


def _auto_uses_blocks(K, stride, terms) -> bool:
    kh, kw = K.shape
    return (
        terms is None
        and stride[1] == 1
        and kh * (_BLOCK_OUT + kw - 1) <= _BLOCK_MAX_WEIGHTS
        and int(torch.count_nonzero(K)) >= _BLOCK_MIN_TAPS
    )


def _output_shape(shape, kernel_shape, padding, stride) -> tuple[int, int]:
    return tuple(
        (n + 2 * p - k) // s + 1
        for n, k, p, s in zip(shape, kernel_shape, padding, stride, strict=True)
    )


def _empty(shape) -> torch.Tensor:
    """An uninitialised float32 tensor in memory NumPy allocated.

    NumPy asks Linux for transparent huge pages for large arrays; torch's allocator does
    not, and first-touching a 48 MB result in 4 KB pages costs ~12 ms, more than a whole
    3×3 correlation. The tensor shares the array's memory and keeps it alive.
    """
    return torch.from_numpy(np.empty(shape, dtype=np.float32))


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
    """Row bands of the zero-padded input, copied into one reused buffer only when needed."""

    def __init__(self, X: torch.Tensor, padding: tuple[int, int], max_rows: int) -> None:
        self.X = X
        self.ph, self.pw = padding
        self.buffer = None
        if padding != (0, 0):
            # The left and right margins stay zero; each band only copies X's rows in.
            self.buffer = torch.zeros(max_rows, X.shape[1] + 2 * self.pw)

    def band(self, start: int, stop: int) -> torch.Tensor:
        """Rows start..stop-1 of Xp (X with ph zero rows above and below, pw columns each side)."""
        if self.buffer is None:
            return self.X[start:stop]
        H, W = self.X.shape
        out = self.buffer[: stop - start]
        lo, hi = max(start - self.ph, 0), min(stop - self.ph, H)
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
