"""Blocks as channels: one dense F.conv2d per row tile, with R×C blocks of Y as its outputs."""

from __future__ import annotations

from typing import NamedTuple

import torch

from conv_core.fast.pool import pooled_empty
from conv_core.fast.tiles import Rows, ceil_div, output_shape, row_tiles


class Shape(NamedTuple):
    """Each output pixel of the conv is an R×C block of Y (its R·C output channels), each
    input pixel P consecutive columns of one row of X (its channels: a free view)."""

    R: int
    C: int
    P: int


# oneDNN runs such a dense conv near the machine's peak instead of one memory pass per tap,
# at the price of multiplying the zeros around K in each channel's taps (weights_per_output).
# A small kernel's conv is cheap next to moving Y, so it takes blocks of one row: the conv's
# channels-last output (1, C, Ho, n) is then laid out as Y's rows, one conv over all of X
# is Y itself, and nothing is copied. Larger kernels take 4×4 blocks of 2 columns (fewer
# weights per output), in row tiles copied into Y.
_ROW_SHAPE, _BLOCK_SHAPE = Shape(1, 16, 2), Shape(4, 4, 2)
_ROW_MAX_TAPS = 25  # up to 5×5

# Output elements per row tile of _BLOCK_SHAPE: the tile's input and the conv's result stay
# in cache for the copy into Y, and each conv has enough work to spread its set-up over.
_BLOCK_TILE_ELEMENTS = 960_000


def block_shape(k_shape) -> Shape:
    """The blocks corr2d_blocked uses for a kernel of this shape."""
    return _ROW_SHAPE if k_shape[0] * k_shape[1] <= _ROW_MAX_TAPS else _BLOCK_SHAPE


def corr2d_blocked(X, K, padding: tuple[int, int], stride: tuple[int, int]) -> torch.Tensor:
    """One F.conv2d over all of X (blocks of one row) or per row tile, with R×C blocks of Y
    as its output channels.

    Output pixel (h, n) of the conv is the block Y[hR : hR + R, nC : nC + C], its channel
    r·C + o being Y[hR + r, nC + o]; input pixel m of a row holds that row's columns
    mP .. mP + P − 1 as its P channels. Both strides are the conv's own, so only kept
    outputs are computed. Columns the conv cannot reach (a wide padding) are a strip done
    by F.conv2d.
    """
    W = X.shape[1]
    (ph, pw), (sh, sw) = padding, stride
    shape = R, C, P = block_shape(K.shape)
    left, offset, rows_k, q = _geometry(K.shape, pw, stride, shape)
    Ho, Wo = output_shape(X.shape, K.shape, padding, stride)
    weight = _block_weights(K, stride, offset, rows_k, q, shape)
    blocks = ceil_div(W, P)
    step = C * sw // P  # the conv steps C·sw / P input pixels per output pixel
    # Column blocks the conv produces and Y has; Y's columns past them are a strip.
    n_cols = min(max(0, (blocks + 2 * left - q) // step + 1), ceil_div(Wo, C))

    def conv(band: torch.Tensor, rows_padding: int) -> torch.Tensor:
        x = band.view(1, band.shape[0], blocks, P).permute(0, 3, 1, 2)
        with torch.no_grad():
            return torch.nn.functional.conv2d(
                x, weight, stride=(R * sh, step), padding=(rows_padding, left)
            )

    if n_cols > 0 and R == 1:  # one conv, X's zero rows its own padding: y is (1, C, Ho, n)
        full = X if blocks * P == W else torch.nn.functional.pad(X, (0, blocks * P - W))
        rows = conv(full, ph)[0].permute(1, 2, 0)[:, :n_cols]  # Y[i, nC + o] = rows[i, n, o]
        if n_cols * C == Wo and rows.is_contiguous():
            return rows.view(Ho, Wo)
        Y = pooled_empty((Ho, Wo))
        _copy_blocks(rows[:, None], Y)
    else:
        Y = pooled_empty((Ho, Wo))
    if n_cols > 0 and R > 1:
        bands = Rows(X, (ph, 0), width=blocks * P)
        for i0, i1 in row_tiles(Ho, Wo, _BLOCK_TILE_ELEMENTS, multiple=R):
            nr = ceil_div(i1 - i0, R)
            y = conv(bands.band(i0 * sh, (nr - 1) * R * sh + i0 * sh + rows_k), 0)
            # y[0, (r, o), h, n] is Y[i0 + hR + r, nC + o].
            _copy_blocks(y[0, :, :, :n_cols].view(R, C, nr, n_cols).permute(2, 0, 3, 1), Y[i0:i1])
    if n_cols * C < Wo:
        _strip(X, K, padding, stride, Y, n_cols * C)
    return Y


def _geometry(k_shape, pw: int, stride, shape: Shape) -> tuple[int, int, int, int]:
    """(left, offset, rows, q): the conv pads `left` zero pixels on each side, so its flat
    column f is Xp's column f − offset; K sits `offset` columns into each output channel's
    taps; the conv's kernel is `rows` high and q input pixels wide."""
    (kh, kw), (sh, sw), (R, C, P) = k_shape, stride, shape
    left = ceil_div(pw, P)
    offset = left * P - pw
    return left, offset, (R - 1) * sh + kh, ceil_div(offset + (C - 1) * sw + kw, P)


def weights_per_output(k_shape, padding, stride) -> int:
    """Weights corr2d_blocked multiplies per output (kh·kw for a loop)."""
    shape = block_shape(k_shape)
    _, _, rows, q = _geometry(k_shape, padding[1], stride, shape)
    return rows * q * shape.P


def _block_weights(K, stride, offset: int, rows: int, q: int, shape: Shape) -> torch.Tensor:
    """W[(r, o), c, a', t] = K[a' − r·sh, tP + c − offset − o·sw], 0 outside K."""
    (sh, sw), (kh, kw), (R, C, P) = stride, K.shape, shape
    taps = torch.zeros(R, C, rows, q * P)
    for r in range(R):
        for o in range(C):
            taps[r, o, r * sh : r * sh + kh, offset + o * sw : offset + o * sw + kw] = K
    weight = taps.view(R * C, rows, q, P).permute(0, 3, 1, 2)
    return weight.contiguous(memory_format=torch.channels_last)


def _copy_blocks(blocks: torch.Tensor, Y: torch.Tensor) -> None:
    """Y ← blocks (block rows, R, block columns, C), cut to Y's rows and columns."""
    nr, R, n_cols, C = blocks.shape
    rows, Wo = Y.shape
    width = min(Wo, n_cols * C)  # columns past the blocks are the strip's
    full_rows, full_cols = rows // R, width // C
    if full_rows and full_cols:
        target = Y[: full_rows * R, : full_cols * C].view(full_rows, R, full_cols, C)
        target.copy_(blocks[:full_rows, :, :full_cols])
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
