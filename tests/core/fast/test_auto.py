"""conv_core.fast.auto: which method "auto" picks, said as data, and its result still right."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch
from fast_reference import as_tensors, assert_matches, gaussian

from conv_core import METHODS, ConvInputError, MethodChoice, auto_method, corr2d
from conv_core.fast import corr2d_auto

SOBEL_X = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
PHOTO = (3000, 4000)


def _random(k: int) -> np.ndarray:
    return np.random.default_rng(1).standard_normal((k, k))


@pytest.mark.parametrize(
    ("K", "expected"),
    [
        (np.array([[1.0, -1.0]]), "blocked"),  # the book's edge detector
        (SOBEL_X, "blocked"),
        (_random(3), "blocked"),
        (gaussian(5), "blocked"),
        (_random(7), "blocked"),
        (_random(17), "blocked"),  # 400 weights per output: the most blocks take
        (_random(19), "fft"),
        (gaussian(31), "fft"),  # rank 1 or not, the FFT costs the same
    ],
    ids=["book", "sobel", "random3", "gauss5", "random7", "random17", "random19", "gauss31"],
)
def test_auto_choice_and_result(K, expected):
    """auto picks by size on a photo-sized input, and still equals SciPy."""
    X = np.random.default_rng(2).random((300, 400))
    pad = (K.shape[0] // 2, K.shape[1] // 2)
    Xt, Kt = as_tensors(X, K)
    assert auto_method(PHOTO, Kt, pad) == MethodChoice(expected)
    assert_matches(corr2d_auto(Xt, Kt, pad, (1, 1)), X, K, pad)


def test_the_fft_only_at_stride_1_and_on_a_large_output():
    """A stride is the blocks' own (they compute only the kept outputs); a small output
    does not pay for the FFT's set-up."""
    K = _random(31)
    assert auto_method(PHOTO, K, 15, (2, 2)) == MethodChoice("blocked")
    assert auto_method((100, 100), K, 15) == MethodChoice("blocked")
    X = np.random.default_rng(3).random((100, 90))
    assert_matches(corr2d_auto(*as_tensors(X, K), (15, 15), (2, 3)), X, K, (15, 15), (2, 3))


@pytest.mark.parametrize("k", [3, 31])
def test_auto_method_is_data_in_corr2d_s_vocabulary(k):
    """A MethodChoice, not a sentence; its method is a name corr2d takes."""
    K = _random(k)
    choice = auto_method(PHOTO, K, k // 2)
    assert isinstance(choice, MethodChoice)
    assert choice.method in METHODS
    with pytest.raises(dataclasses.FrozenInstanceError):
        choice.method = "loop"
    X = np.random.default_rng(6).random((40, 50))
    Y = corr2d(X, K, padding=k // 2, method=choice.method)
    assert_matches(Y, X, K, (k // 2,) * 2)


def test_auto_method_takes_corr2d_s_arguments():
    """Padding and stride as one number or a pair, K as lists; bad ones refused as corr2d's."""
    K = gaussian(31).tolist()
    assert auto_method(PHOTO, K, 15) == auto_method(PHOTO, K, (15, 15), (1, 1))
    assert auto_method(torch.Size(PHOTO), K, [15, 15], 1) == MethodChoice("fft")
    with pytest.raises(ConvInputError, match="stride"):
        auto_method(PHOTO, K, 2, stride=0)
    with pytest.raises(ConvInputError, match="K"):
        auto_method(PHOTO, [[1.0, float("nan")]], 0)
