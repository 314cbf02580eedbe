"""Separable: K as a sum of rank-1 terms u·vᵀ, each term two 1-D shift-and-add passes."""

from __future__ import annotations

import numpy as np
import torch

from conv_core.fast.shift import _shift_add
from conv_core.fast.tiles import Extremes, _in_row_tiles

# A term with σ below this fraction of the largest one is below float32 resolution.
_RANK_TOLERANCE = 1e-6

_Terms = list[tuple[list[float], list[float]]]


def corr2d_separable(
    X: torch.Tensor,
    K: torch.Tensor,
    padding: tuple[int, int],
    stride: tuple[int, int],
    terms: _Terms | None = None,
    extremes: Extremes | None = None,
) -> torch.Tensor:
    """Σ_r (v_r along rows) ∘ (u_r down columns) of Xp, in row tiles: kh + kw passes per term.

    `terms` are K's rank-1 terms (u_r, v_r), by default all of `_rank_one_terms(K)`; any K
    is a sum of them, but only a low-rank one is cheaper this way than shift-and-add.
    `extremes`: X's (min, max) by parts, where the tiles scan it (tiles._Rows).
    """
    terms = _rank_one_terms(K) if terms is None else terms

    def tile(band: torch.Tensor, out: torch.Tensor) -> None:
        _separable(band, terms, stride, out)

    return _in_row_tiles(X, K.shape, padding, stride, tile, extremes)


def _rank_one_terms(K: torch.Tensor) -> _Terms:
    """K = Σ_r u_r·v_rᵀ from its SVD (σ_r split evenly), terms below float32's reach dropped."""
    U, S, Vt = np.linalg.svd(K.double().numpy())
    rank = int(np.count_nonzero(_RANK_TOLERANCE * S[0] < S)) if S[0] > 0 else 0
    root = np.sqrt(S[:rank])
    return [((U[:, r] * root[r]).tolist(), (Vt[r] * root[r]).tolist()) for r in range(rank)]


def _separable(band, terms, stride, out) -> None:
    """out = Σ_r (v_r along rows) ∘ (u_r down columns) of band: kh + kw passes per term."""
    if not terms:  # K is zero
        out.zero_()
        return
    columns = torch.empty(out.shape[0], band.shape[1])
    for r, (u, v) in enumerate(terms):
        _shift_add(band, [[x] for x in u], (stride[0], 1), columns, accumulate=False)
        _shift_add(columns, [v], (1, stride[1]), out, accumulate=r > 0)
