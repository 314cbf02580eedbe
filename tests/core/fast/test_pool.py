"""conv_core.fast.pool, the pool of dropped results: reused only when nothing can reach them."""

from __future__ import annotations

import gc
import threading

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from fast_reference import EVERY_METHOD

from conv_core import to_gray
from conv_core.fast import corr2d_auto, corr2d_blocked
from conv_core.fast.pool import _ResultPool, pooled_empty
from conv_core.fast.tiles import Rows

SHAPE = (600, 800)  # 1.9 MB of float32: pooled (the pool starts at 1 MB)


def reference(X: torch.Tensor, K: torch.Tensor, padding) -> torch.Tensor:
    return F.conv2d(X[None, None].double(), K[None, None].double(), padding=padding)[0, 0]


def assert_close(Y: torch.Tensor, X: torch.Tensor, K: torch.Tensor, padding) -> None:
    """Equal to float64's result within float32 rounding of the terms (X lies in [0, 1))."""
    atol = 1e-5 * float(K.abs().sum())
    torch.testing.assert_close(Y.double(), reference(X, K, padding), rtol=0, atol=atol)


@pytest.mark.parametrize("method", EVERY_METHOD.values(), ids=EVERY_METHOD)
@pytest.mark.parametrize("k", [3, 5, 31])
def test_every_method_overwrites_a_reused_result(pool, method, k):
    """A reused buffer holds the last result's numbers (here NaN): none may show through."""
    rng = torch.Generator().manual_seed(k)
    X = torch.rand(SHAPE, generator=rng)
    K = torch.randn(k, k, generator=rng)
    stale = pooled_empty(SHAPE)
    address = stale.data_ptr()
    stale.fill_(float("nan"))
    del stale
    Y = method(X, K, (k // 2, k // 2), (1, 1))
    assert Y.data_ptr() == address  # the pool handed the NaN buffer out again
    assert_close(Y, X, K, k // 2)


def test_memory_still_reachable_is_not_reused(pool):
    """A NumPy array or a tensor view of a result keeps its memory out of the pool."""
    X, K = torch.rand(SHAPE), torch.rand(3, 3)
    Y = corr2d_auto(X, K, (1, 1), (1, 1))
    expected = Y.clone()
    as_numpy, rows = Y.numpy(), Y[100:200]
    address = Y.data_ptr()
    del Y
    gc.collect()
    others = [corr2d_auto(X, 2 * K, (1, 1), (1, 1)) for _ in range(3)]
    assert all(other.data_ptr() != address for other in others)
    np.testing.assert_array_equal(as_numpy, expected.numpy())
    del as_numpy
    gc.collect()
    assert all(corr2d_auto(X, K, (1, 1), (1, 1)).data_ptr() != address for _ in range(2))
    torch.testing.assert_close(rows, expected[100:200], rtol=0, atol=0)
    del rows
    gc.collect()
    assert corr2d_auto(X, K, (1, 1), (1, 1)).data_ptr() == address


def test_small_results_are_not_pooled(pool):
    Y = corr2d_blocked(torch.rand(20, 30), torch.rand(3, 3), (1, 1), (1, 1))
    del Y
    assert pool._held == 0


def test_the_pool_holds_at_most_max_bytes():
    small = _ResultPool(min_bytes=1 << 20, max_bytes=5 << 20)  # room for two results
    results = [small.empty(SHAPE) for _ in range(4)]
    addresses = [Y.data_ptr() for Y in results]
    for i in range(4):
        results[i] = None  # released in order 0, 1, 2, 3
    assert small._held == 2 * 4 * (SHAPE[0] + 1) * (SHAPE[1] + 1)  # a row and a column more
    # The two released last are kept, the last one handed out first; 0 and 1 were freed.
    taken = [small.empty(SHAPE) for _ in range(2)]
    assert [Y.data_ptr() for Y in taken] == addresses[:1:-1]
    assert small._held == 0
    small.clear()
    assert small._held == 0


def test_a_slightly_smaller_result_reuses_a_larger_array_and_the_best_fit():
    """A 1×2 kernel's Y (one column fewer) between 3×3 ones on the edge page: the dropped
    array serves it, the closest in size first; an array much larger, or smaller, does not;
    the memory returned is the whole array, ready for a full-size result again."""
    small = _ResultPool(min_bytes=1 << 20, max_bytes=100 << 20)
    wide, wider = small.empty((600, 800)), small.empty((600, 820))
    addresses = {"wide": wide.data_ptr(), "wider": wider.data_ptr()}
    del wide, wider
    narrower = small.empty((600, 799))  # both fit; 600×800 fits best
    assert narrower.data_ptr() == addresses["wide"]
    assert narrower.shape == (600, 799)
    assert narrower.is_contiguous()
    narrower[:] = 1.0
    assert small.empty((600, 400)).data_ptr() not in addresses.values()  # half: too small
    assert small.empty((600, 900)).data_ptr() not in addresses.values()  # larger than any
    del narrower
    full = small.empty((600, 800))
    assert full.data_ptr() == addresses["wide"]
    assert full.shape == (600, 800)


def test_a_result_a_column_or_a_row_wider_reuses_the_first_array():
    """The edge page's first photo-sized Y is often the 1×2 kernel's (a column narrower than
    a 3×3's): its array has room for the wider results after it."""
    small = _ResultPool(min_bytes=1 << 20, max_bytes=100 << 20)
    first = small.empty((600, 799))
    address = first.data_ptr()
    del first
    for shape in [(600, 800), (601, 800), (601, 799)]:
        wider = small.empty(shape)
        assert wider.data_ptr() == address
        assert wider.shape == shape
        assert wider.is_contiguous()
        del wider
    assert small.empty((602, 800)).data_ptr() != address  # two rows more: new memory


@pytest.mark.parametrize("padding", [(0, 0), (2, 3)])
def test_a_band_of_rows_in_a_reused_buffer_is_zero_outside_x(pool, padding):
    """Rows copies a band of Xp (with X's padding) into pooled memory: a stale buffer of NaN
    is handed out again, and its rows above and below X and columns beside it are zeros."""
    X = torch.rand(SHAPE)
    (ph, pw), width = padding, SHAPE[1] + 2 * padding[1] + 5  # 5 more zero columns right
    Xp = F.pad(X, (pw, width - SHAPE[1] - pw, ph, ph))
    stale = pooled_empty((400, width))
    address = stale.data_ptr()
    stale.fill_(float("nan"))
    del stale
    rows = Rows(X, padding, width)
    top = rows.band(0, 400)  # X's first rows, under the padding's zero rows
    assert top.data_ptr() == address
    assert torch.equal(top, Xp[:400])
    bottom = rows.band(300, SHAPE[0] + 2 * ph)  # the same buffer: its last rows, then zeros
    assert bottom.data_ptr() == address
    assert torch.equal(bottom, Xp[300:])


def test_threads_never_share_a_buffer(pool):
    """Students' sessions run in threads: each result is right while others come and go."""
    errors = []

    def session(seed: int) -> None:
        rng = torch.Generator().manual_seed(seed)
        for _ in range(8):
            X = torch.rand(SHAPE, generator=rng)
            K = torch.randn(5, 5, generator=rng)
            Y = corr2d_auto(X, K, (2, 2), (1, 1))
            try:
                assert_close(Y, X, K, 2)
            except AssertionError as err:
                errors.append(err)

    threads = [threading.Thread(target=session, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.mark.parametrize("channels", [None, 3])
def test_a_grey_picture_is_made_in_a_reused_buffer_and_overwrites_all_of_it(pool, channels):
    """to_gray's X comes from the pool (the edge page makes a new one at every change): a
    stale buffer of NaN is handed out again, and every number in it is the picture's luma."""
    rng = np.random.default_rng(channels or 1)
    pixels = rng.integers(0, 256, size=SHAPE if channels is None else (*SHAPE, channels),
                          dtype=np.uint8)  # fmt: skip
    stale = pooled_empty(SHAPE)
    address = stale.data_ptr()
    stale.fill_(float("nan"))
    del stale
    X = to_gray(pixels)
    assert X.data_ptr() == address
    weights = np.array([0.299, 0.587, 0.114]) / 255
    expected = pixels / 255 if channels is None else np.clip(pixels @ weights, 0, 1)
    np.testing.assert_allclose(X.numpy(), expected, rtol=0, atol=1e-6)
    kept = X.clone()
    other = to_gray(pixels[::-1].copy())  # while X is alive it is not handed out
    assert other.data_ptr() != address
    torch.testing.assert_close(X, kept, rtol=0, atol=0)
