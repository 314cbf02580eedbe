"""Overlap-save FFT in square tiles: a large full-rank kernel costs the same as a small one."""

from __future__ import annotations

import torch

from conv_core.fast.pool import pooled_empty
from conv_core.fast.tiles import Rows, ceil_div, output_shape

# FFT tile side for overlap-save: a power of two fits the fastest transforms, and a
# 256×256 tile (plus its spectrum) stays in the L2 cache.
_FFT_SIDE = 256


def corr2d_fft(
    X, K, padding: tuple[int, int], stride: tuple[int, int], sums: list | None = None
) -> torch.Tensor:
    """Overlap-save FFT in 256×256 tiles; a stride keeps every s-th output of stride 1's.
    With `sums`, the sum of each band of tiles' outputs (see conv_core.fast) is appended."""
    if stride != (1, 1):  # "auto" never asks for it: the FFT pays only at stride 1
        return corr2d_fft(X, K, padding, (1, 1), sums)[:: stride[0], :: stride[1]].contiguous()
    kh, kw = K.shape
    Y = pooled_empty(output_shape(X.shape, K.shape, padding, stride))
    Ho, Wo = Y.shape
    side_h, side_w = _fft_side(kh, Ho), _fft_side(kw, Wo)
    th, tw = side_h - kh + 1, side_w - kw + 1  # outputs per tile
    nw = ceil_div(Wo, tw)
    full = Wo // tw  # tiles whose outputs all lie in Y; the last one may reach past Wo
    # Correlation is multiplication by the conjugate spectrum of K.
    spectrum = torch.fft.rfft2(K, s=(side_h, side_w)).conj_physical()
    width = (nw - 1) * tw + side_w
    rows = Rows(X, padding, width)
    for i0 in range(0, Ho, th):
        n = min(th, Ho - i0)
        band = rows.band(i0, i0 + side_h)
        tiles = band.as_strided((nw, side_h, side_w), (tw, band.stride(0), 1))
        product = torch.fft.rfft2(tiles)
        product.mul_(spectrum)
        result = torch.fft.irfft2(product, s=(side_h, side_w))
        if sums is not None:
            sums.append(result.sum())
        # result[t, r, c] is Y[i0 + r, t·tw + c].
        Y[i0 : i0 + n, : full * tw].view(n, full, tw).copy_(result[:full, :n, :tw].transpose(0, 1))
        if full < nw:
            Y[i0 : i0 + n, full * tw :].copy_(result[full, :n, : Wo - full * tw])
    return Y


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
