"""Blocks as channels: one dense F.conv2d per row tile, with R×C blocks of Y as its outputs."""

from __future__ import annotations

import contextlib

import torch

from conv_core.fast.pool import pooled_empty
from conv_core.fast.tiles import Rows, ceil_div, output_shape, row_tiles

# Each output pixel of the conv is an R×C block of Y (its R·C output channels), each input
# pixel P consecutive columns of one row of X (its channels: a free view). oneDNN runs that
# dense conv near the machine's peak instead of one memory pass per tap, at the price of
# multiplying the zeros around K in each channel's taps (weights_per_output). 4×4 blocks of
# 2 columns were the best shape measured from 5×5 to 13×13 kernels.
R, C, P = 4, 4, 2

# Output elements per row tile. Each step of a tile (its conv, sum and copy into Y) is a
# parallel region that wakes torch's other OpenMP threads, asleep between regions
# (OMP_WAIT_POLICY=PASSIVE, conv_core/_openmp.py): a few large tiles wake them far less
# often than many cache-sized ones, which costs more than the result leaving the cache.
# Row tiles still keep that result a fraction of Y: its memory is reused from one tile to
# the next, where one conv over all of X would write a new photo-sized array each call.
_BLOCK_TILE_ELEMENTS = 2_000_000


def corr2d_blocked(
    X, K, padding: tuple[int, int], stride: tuple[int, int], sums: list | None = None
) -> torch.Tensor:
    """One F.conv2d per row tile, with R×C blocks of Y as its output channels.

    Output pixel (h, n) of the conv is the block Y[hR : hR + R, nC : nC + C], its channel
    r·C + o being Y[hR + r, nC + o]; input pixel m of a row holds that row's columns
    mP .. mP + P − 1 as its P channels. Both strides are the conv's own, so only kept
    outputs are computed. Columns the conv cannot reach (a wide padding) are a strip done
    by F.conv2d. With `sums`, the sum of Y (see conv_core.fast) is appended to it.
    """
    W = X.shape[1]
    (ph, pw), (sh, sw) = padding, stride
    left, offset, rows_k, q = _geometry(K.shape, pw, stride)
    Ho, Wo = output_shape(X.shape, K.shape, padding, stride)
    Y = pooled_empty((Ho, Wo))
    weight = _block_weights(K, stride, offset, rows_k, q)
    blocks = ceil_div(W, P)
    step = C * sw // P  # the conv steps C·sw / P input pixels per output pixel
    # Column blocks the conv produces and Y has; Y's columns past them are a strip.
    n_cols = min(max(0, (blocks + 2 * left - q) // step + 1), ceil_div(Wo, C))
    if n_cols > 0:
        rows = Rows(X, (ph, 0), width=blocks * P)
        for i0, i1 in row_tiles(Ho, Wo, _BLOCK_TILE_ELEMENTS, multiple=R):
            nr = ceil_div(i1 - i0, R)
            band, pad, skip = _band(rows, i0 * sh, (nr - 1) * R * sh + i0 * sh + rows_k, R * sh)
            x = band.view(1, band.shape[0], blocks, P).permute(0, 3, 1, 2)
            with torch.no_grad():
                y = torch.nn.functional.conv2d(
                    x, weight, stride=(R * sh, step), padding=(pad, left)
                )[:, :, skip : skip + nr]
            # y[0, (r, o), h, n] is Y[i0 + hR + r, nC + o].
            _copy_blocks(y[0, :, :, :n_cols].view(R, C, nr, n_cols).permute(2, 0, 3, 1), Y[i0:i1])
            # Freed before the next tile's conv: with two alive at once the heap's top
            # grows past glibc's trim threshold, and each call would page in new memory.
            del y
    if n_cols * C < Wo:
        _strip(X, K, padding, stride, Y, n_cols * C)
    if sums is not None:  # one sum over Y, not one region waking the threads per tile
        sums.append(Y.sum())
    return Y


def _band(rows: Rows, start: int, stop: int, block: int) -> tuple[torch.Tensor, int, int]:
    """Rows start .. stop − 1 of Xp for one tile's conv, as (band, pad, skip): the conv pads
    `pad` zero rows above and below `band` and drops its first `skip` outputs (of `block`
    rows of Xp each). At X's top and bottom the conv's zero rows stand for Xp's, so `band`
    is a view of X there too; where they cannot, it is a copy (Rows)."""
    X, ph = rows.X, rows.ph
    H = X.shape[0]
    lo, hi = start - ph, stop - ph  # the rows of X read: Xp's zero rows where outside X
    if (lo >= 0 and hi <= H) or rows.width != X.shape[1] or hi - H > ph:
        return rows.band(start, stop), 0, 0
    # The band starts at X's row top; the conv's zero rows above it are read only by
    # dropped outputs, unless they are rows above X (top = 0).
    skip = (lo + ph) // block if lo < 0 else ceil_div(ph, block)
    top = lo + ph - skip * block
    if top < 0 or (lo < 0 and top != 0) or top >= min(hi, H):
        return rows.band(start, stop), 0, 0
    return X[top : min(hi, H)], ph, skip


def _geometry(k_shape, pw: int, stride) -> tuple[int, int, int, int]:
    """(left, offset, rows, q): the conv pads `left` zero pixels on each side, so its flat
    column f is Xp's column f − offset; K sits `offset` columns into each output channel's
    taps; the conv's kernel is `rows` high and q input pixels wide."""
    (kh, kw), (sh, sw) = k_shape, stride
    left = ceil_div(pw, P)
    offset = left * P - pw
    return left, offset, (R - 1) * sh + kh, ceil_div(offset + (C - 1) * sw + kw, P)


def weights_per_output(k_shape, padding, stride) -> int:
    """Weights corr2d_blocked multiplies per output (kh·kw for a loop)."""
    _, _, rows, q = _geometry(k_shape, padding[1], stride)
    return rows * q * P


def _block_weights(K, stride, offset: int, rows: int, q: int) -> torch.Tensor:
    """W[(r, o), c, a', t] = K[a' − r·sh, tP + c − offset − o·sw], 0 outside K."""
    (sh, sw), (kh, kw) = stride, K.shape
    taps = torch.zeros(R, C, rows, q * P)
    for r in range(R):
        for o in range(C):
            taps[r, o, r * sh : r * sh + kh, offset + o * sw : offset + o * sw + kw] = K
    weight = taps.view(R * C, rows, q, P).permute(0, 3, 1, 2)
    return weight.contiguous(memory_format=torch.channels_last)


def _copy_blocks(blocks: torch.Tensor, Y: torch.Tensor) -> None:
    """Y ← blocks (block rows, R, block columns, C), cut to Y's rows and columns."""
    nr, _, n_cols, _ = blocks.shape
    rows, Wo = Y.shape
    width = min(Wo, n_cols * C)  # columns past the blocks are the strip's
    full_rows, full_cols = rows // R, width // C
    if full_rows and full_cols:
        target = Y[: full_rows * R, : full_cols * C].view(full_rows, R, full_cols, C)
        source = blocks[:full_rows, :, :full_cols]
        # A block row's C outputs moved as one 16-byte element (far fewer, larger moves)
        # where Y's width and the conv's layout allow it; else as floats.
        with contextlib.suppress(RuntimeError):
            target, source = target.view(torch.complex128), source.view(torch.complex128)
        target.copy_(source)
    if full_cols < n_cols and full_rows:  # the last, partial column block
        part = blocks[:full_rows, :, full_cols:].reshape(full_rows * R, -1)
        Y[: full_rows * R, full_cols * C : width] = part[:, : width - full_cols * C]
    if full_rows < nr:  # the last, partial row block
        part = blocks[full_rows, : rows - full_rows * R].reshape(rows - full_rows * R, -1)
        Y[full_rows * R :, :width] = part[:, :width]


def _strip(X, K, padding, stride, Y, j0: int) -> None:
    """Y[:, j0:] by F.conv2d on the few columns of Xp it reads (a wide padding's)."""
    H, W = X.shape
    kw = K.shape[1]
    (ph, pw), sw = padding, stride[1]
    c0, c1 = j0 * sw, (Y.shape[1] - 1) * sw + kw  # Xp's columns c0 .. c1 − 1
    Xs = torch.zeros(H + 2 * ph, c1 - c0)
    lo, hi = max(c0 - pw, 0), min(c1 - pw, W)
    if hi > lo:
        Xs[ph : ph + H, lo + pw - c0 : hi + pw - c0] = X[:, lo:hi]
    with torch.no_grad():
        Y[:, j0:] = torch.nn.functional.conv2d(Xs[None, None], K[None, None], stride=stride)[0, 0]
