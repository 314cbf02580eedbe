"""Overlap-save FFT in square tiles; a stride splits X and K into their polyphase parts."""

from __future__ import annotations

import torch

from conv_core.fast.pool import pooled_empty
from conv_core.fast.tiles import _ceil_div, _output_shape, row_tiles
from conv_core.fast.workers import run_tiles

# FFT tile side for overlap-save: a power of two fits MKL's fastest transforms, and a
# 256×256 tile (plus its spectrum) stays in L2. Measured 128–512: 256 best for k = 7–31.
_FFT_SIDE = 256


def corr2d_fft(
    X: torch.Tensor,
    K: torch.Tensor,
    padding: tuple[int, int],
    stride: tuple[int, int],
    extremes: list | None = None,
) -> torch.Tensor:
    """Overlap-save FFT in 256×256 tiles; a stride splits X and K into its polyphase parts.
    `extremes` is left empty: the FFT's tiles do not scan X (corr2d does)."""
    sh, sw = stride
    kh, kw = K.shape
    Y = pooled_empty(_output_shape(X.shape, K.shape, padding, stride))
    first = True
    # Y[i, j] = Σ_{p<sh, q<sw} Σ_{a', b'} Xp[(i+a')·sh + p, (j+b')·sw + q]·K[a'·sh + p, b'·sw + q]:
    # one stride-1 correlation per phase (p, q), each on 1/(sh·sw) of the pixels.
    for p in range(min(sh, kh)):
        for q in range(min(sw, kw)):
            phase = _Phase(X, padding, stride, (p, q))
            _fft_valid(phase, K[p::sh, q::sw], Y, accumulate=not first)
            first = False
    return Y


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

    def tile(i0: int, i1: int) -> None:
        rows = i1 - i0
        band = torch.empty(side_h, width)
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

    # Each band of th rows writes its own rows of Y: the bands run on the shared pool.
    run_tiles(tile, row_tiles(Ho, th))


def transform_growth(kernel_shape: tuple[int, int]) -> float:
    """How far the FFT's intermediate values can exceed Σ|K|·max|X|: N² for tiles of N cells
    (a tile's transform grows its values by up to N, and the inverse sums N products before
    it scales). A tile side is at most max(_FFT_SIDE, 4k) on each axis (_fft_side)."""
    kh, kw = kernel_shape
    return float(max(_FFT_SIDE, 4 * kh) * max(_FFT_SIDE, 4 * kw)) ** 2


def _fft_side(k: int, n_out: int) -> int:
    """The FFT length along one axis: _FFT_SIDE, or a smaller power of two for small outputs."""
    side = _FFT_SIDE
    while side < 2 * k:
        side *= 2
    while side // 2 >= 2 * k and side // 2 >= n_out + k - 1:
        side //= 2
    return side
