"""conv_core.fast.compiled: a 3×3 or 5×5 kernel's taps fused into one loop by torch.compile."""

from __future__ import annotations

import threading
from unittest import mock

import numpy as np
import pytest
import torch
from fast_reference import as_tensors, assert_matches, gaussian, record_passes
from torch._dynamo.utils import counters

from conv_core import ConvInputError, MethodChoice, auto_method, corr2d
from conv_core.fast import compiled, tiles
from conv_core.fast.compiled import corr2d_compiled

PHOTO = (3000, 4000)
SOBEL_X = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])


def _kernel(k: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((k, k))


def _spy_on_fused(monkeypatch) -> list[tuple[int, int]]:
    """Patch the compiled pass to note each tile it computes, as (rows, columns)."""
    tiles_seen: list[tuple[int, int]] = []

    def spy(real):
        def fused(band, K, out):
            tiles_seen.append(tuple(out.shape))
            real(band, K, out)

        return fused

    monkeypatch.setattr(compiled, "_fused", {k: spy(f) for k, f in compiled._fused.items()})
    return tiles_seen


@pytest.mark.usefixtures("compiled_passes")
@pytest.mark.parametrize("k", [3, 5])
@pytest.mark.parametrize("padding", [(0, 0), (1, 1), (2, 2), (1, 0), (0, 2)])
def test_matches_scipy_tile_by_tile_and_shifts_only_a_one_row_tile(monkeypatch, k, padding):
    """Many small row tiles (views of X, or padded bands), the last one a single row: the
    fused pass computes every tile of two rows or more, shift-and-add the one-row tile
    (a size torch.compile would compile anew)."""
    rows_per_tile = 7
    Ho = 6 * rows_per_tile + 1  # six full tiles and one of a single row
    H, W = Ho + k - 1 - 2 * padding[0], 301
    X, K = np.random.default_rng(k).standard_normal((H, W)), _kernel(k)
    fused_tiles = _spy_on_fused(monkeypatch)
    shifted = record_passes(monkeypatch, compiled)
    Wo = W + 2 * padding[1] - k + 1
    with mock.patch.object(tiles, "_TILE_ELEMENTS", rows_per_tile * Wo):
        Y = corr2d_compiled(*as_tensors(X, K), padding, (1, 1))
    assert_matches(Y, X, K, padding)
    assert sorted(fused_tiles) == [(rows_per_tile, Wo)] * 6
    assert shifted == [(k, k)]


@pytest.mark.usefixtures("compiled_passes")
def test_no_compilation_after_prepare_whatever_the_size_padding_or_caller():
    """prepare() compiled for every tensor tiles pass (offsets 0 and larger, any size ≥ 2):
    a student's first photo, of any size, from any session's thread, waits for no compiler.
    Six callers at once each get their own, right result."""
    graphs = counters["stats"]["unique_graphs"]
    problems = [
        (np.random.default_rng(i).random((260 + 37 * i, 500 - 29 * i)), _kernel(3 + 2 * (i % 2), i))
        for i in range(6)
    ]
    results: dict[int, torch.Tensor] = {}

    def call(i: int) -> None:
        X, K = problems[i]
        results[i] = corr2d(*as_tensors(X, K), padding=K.shape[0] // 2 - i % 2, method="compiled")

    threads = [threading.Thread(target=call, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for i, (X, K) in enumerate(problems):
        pad = K.shape[0] // 2 - i % 2
        assert_matches(results[i], X, K, (pad, pad))
    assert counters["stats"]["unique_graphs"] == graphs


@pytest.mark.usefixtures("compiled_passes")
@pytest.mark.parametrize(
    ("k", "stride"), [(4, (1, 1)), (7, (1, 1)), (3, (2, 1)), (5, (1, 3))], ids=str
)
def test_other_kernels_and_strides_are_shifted(monkeypatch, k, stride):
    X, K = np.random.default_rng(3).standard_normal((200, 333)), _kernel(k, 3)
    fused_tiles = _spy_on_fused(monkeypatch)
    pad = (k // 2, k // 2)
    assert_matches(corr2d_compiled(*as_tensors(X, K), pad, stride), X, K, pad, stride)
    assert fused_tiles == []


@pytest.mark.usefixtures("compiled_passes")
def test_a_nan_or_an_overflow_is_still_refused():
    """The tiles still scan X as they read it, and corr2d still bounds Y."""
    X = np.random.default_rng(4).random((400, 500)).astype(np.float32)
    X[321, 123] = np.nan
    for method in ("compiled", "auto"):
        with pytest.raises(ConvInputError, match="NaN or infinity") as error:
            corr2d(X, _kernel(3).astype(np.float32), padding=1, method=method)
        assert error.value.code == "not_finite"
    big = np.full((3, 3), 3e38, dtype=np.float32)
    with pytest.raises(ConvInputError, match="too large for float32"):
        corr2d(np.ones((400, 500), dtype=np.float32), big, padding=1, method="compiled")


@pytest.mark.usefixtures("compiled_passes")
@pytest.mark.parametrize(
    ("K", "padding", "stride", "shape", "expected"),
    [
        (_kernel(3), 1, 1, PHOTO, MethodChoice("compiled")),
        (SOBEL_X, 1, 1, PHOTO, MethodChoice("compiled")),  # 6 taps: still one pass
        (gaussian(3), 1, 1, PHOTO, MethodChoice("compiled")),  # rank 1: one pass, not 2 + 1
        (_kernel(5), 2, 1, PHOTO, MethodChoice("compiled")),
        (gaussian(5), 0, 1, PHOTO, MethodChoice("compiled")),
        (_kernel(3), 1, 2, PHOTO, MethodChoice("shift")),  # compiled at stride 1 only
        (_kernel(7), 3, 1, PHOTO, MethodChoice("blocked")),  # not compiled
        (_kernel(3), 1, 1, (100, 100), MethodChoice("shift")),  # one tile: run inline
    ],
    ids=["random3", "sobel", "gauss3", "random5", "gauss5", "stride2", "random7", "small"],
)
def test_auto_takes_the_compiled_pass_once_ready(K, padding, stride, shape, expected):
    assert auto_method(shape, K, padding, stride) == expected
    if expected.method == "compiled":  # and "compiled" is a name corr2d takes
        X = np.random.default_rng(5).random((40, 50))
        assert_matches(corr2d(*as_tensors(X, K), method="compiled"), X, K)


def _as_if_never_prepared(monkeypatch, compile_with) -> None:
    """compiled's state as in a new process (put back after the test), torch.compile patched."""
    for name, value in [("_thread", None), ("_status", "not started"), ("_fused", {})]:
        monkeypatch.setattr(compiled, name, value)
    monkeypatch.setattr(compiled, "_done", threading.Event())
    monkeypatch.setattr(torch, "compile", compile_with)


def test_where_it_cannot_compile_auto_shifts_and_status_says_why(monkeypatch):
    """No C++ compiler (or any failure to compile): prepare() says so, auto keeps to the
    other methods, method="compiled" shifts, and nothing is retried."""
    attempts: list[int] = []

    def no_compiler(*args, **kwargs):
        attempts.append(1)
        raise RuntimeError("Compiler: cc is not found.\n(a long traceback)")

    _as_if_never_prepared(monkeypatch, compile_with=no_compiler)

    assert compiled.prepare(wait=True) is False
    assert compiled.status() == "unavailable: RuntimeError: Compiler: cc is not found."
    assert auto_method(PHOTO, _kernel(3), 1) == MethodChoice("shift")
    assert auto_method(PHOTO, _kernel(5), 2) == MethodChoice("blocked")
    X, K = np.random.default_rng(6).random((300, 500)), _kernel(3)
    assert_matches(corr2d(*as_tensors(X, K), padding=1, method="compiled"), X, K, (1, 1))
    assert_matches(corr2d(*as_tensors(X, K), padding=1), X, K, (1, 1))
    assert compiled.prepare(wait=True) is False
    assert attempts == [1]


def test_the_compile_thread_is_not_a_students(monkeypatch):
    """prepare() returns at once: compiling happens on conv_core's own thread."""
    started = threading.Event()
    release = threading.Event()

    def slow_compile(*args, **kwargs):
        started.set()
        release.wait(10)
        raise RuntimeError("stopped by the test")

    _as_if_never_prepared(monkeypatch, compile_with=slow_compile)
    assert compiled.prepare() is False
    assert started.wait(10)
    assert compiled.status() == "compiling"
    assert compiled._thread.name == "conv_core-compile"
    assert auto_method(PHOTO, _kernel(3), 1) == MethodChoice("shift")  # shifted meanwhile
    release.set()
    compiled.prepare(wait=True)
    assert compiled.status().startswith("unavailable: RuntimeError: stopped by the test")
