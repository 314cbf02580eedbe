"""Blocks as channels: one dense F.conv2d per row tile, with R×C blocks of Y as its outputs."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from conv_core.fast.pool import pooled_empty
from conv_core.fast.shift import corr2d_shift
from conv_core.fast.tiles import (
    Extremes,
    _ceil_div,
    _output_shape,
    _Rows,
    _rows_per_tile,
    row_tiles,
)
from conv_core.fast.workers import run_tiles

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


def corr2d_blocked(
    X: torch.Tensor,
    K: torch.Tensor,
    padding: tuple[int, int],
    stride: tuple[int, int],
    block: tuple[int, int, int] | None = None,
    extremes: Extremes | None = None,
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
    padding) are a strip done by shift-and-add. `extremes`: X's (min, max) by parts,
    where the tiles scan it (tiles._Rows).
    """
    R, C, _ = block = block or _BLOCK_SHAPE
    W = X.shape[1]
    ph, (sh, sw) = padding[0], stride
    geometry = _BlockGeometry.of(K.shape, padding, stride, block)
    P, left, q = geometry.P, geometry.left, geometry.q
    step = C * sw // P  # the conv steps C·sw / P input pixels per output pixel
    Ho, Wo = _output_shape(X.shape, K.shape, padding, stride)
    Y = pooled_empty((Ho, Wo))
    weight = _block_weights(K, geometry)
    blocks = _ceil_div(W, P)
    # Column blocks the conv produces and Y has; Y's columns past them are a strip.
    n_cols = min(max(0, (blocks + 2 * left - q) // step + 1), _ceil_div(Wo, C))
    if n_cols > 0:
        rows_per_tile = _rows_per_tile(Ho, Wo, _BLOCK_TILE_ELEMENTS, multiple=R)
        rows = _Rows(X, (ph, 0), (rows_per_tile - 1) * sh + geometry.rows, width=blocks * P,
                     extremes=extremes, row_stride=sh)  # fmt: skip

        def tile(i0: int, i1: int) -> None:
            nr = _ceil_div(i1 - i0, R)
            band = rows.band(i0 * sh, (nr - 1) * R * sh + i0 * sh + geometry.rows)
            if P == 1:
                x = band[None, None]  # see _block_weights
            else:
                x = band.view(1, band.shape[0], blocks, P).permute(0, 3, 1, 2)
            with torch.no_grad():
                y = torch.nn.functional.conv2d(x, weight, stride=(R * sh, step), padding=(0, left))
            # y[0, (r, o), h, n] is Y[i0 + hR + r, nC + o].
            y = y[0, :, :, :n_cols].permute(1, 2, 0).view(nr, n_cols, R, C)
            _copy_blocks(y, Y[i0:i1])

        run_tiles(tile, row_tiles(Ho, rows_per_tile))
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
        # input, a 10×10 kernel, stride (1, 2)); tests/core/fast/test_blocked.py keeps that case.
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
    Y[:, j0:] = corr2d_shift(Xs, K, (0, 0), (stride[0], sw))


def _blocked_weights(k_shape, padding, stride) -> int:
    """Weights corr2d_blocked multiplies per output with _BLOCK_SHAPE (kh·kw for a loop)."""
    return _BlockGeometry.of(k_shape, padding, stride, _BLOCK_SHAPE).weights_per_output()
