"""conv_core.fast.auto: which method "auto" picks, said as data, and its result still right."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch
from fast_reference import as_tensors, assert_matches, gaussian

from conv_core import METHODS, ConvInputError, MethodChoice, auto_method, corr2d
from conv_core.fast import corr2d_auto

# Each choice here is auto's before the fused passes have compiled, or where they cannot
# (test_compiled has its choices once they have).
pytestmark = pytest.mark.usefixtures("not_compiled")

SOBEL_X = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
PHOTO = (3000, 4000)


@pytest.mark.parametrize(
    ("K", "expected"),
    [
        (gaussian(5), MethodChoice("separable", 1)),
        (gaussian(31), MethodChoice("separable", 1)),
        (gaussian(9) - 0.5 * gaussian(9).T ** 2, MethodChoice("separable", 2)),
        # 6 nonzero taps: cheaper than 2 passes and an intermediate
        (SOBEL_X, MethodChoice("shift")),
        (np.random.default_rng(1).standard_normal((3, 3)), MethodChoice("shift")),  # 9 taps
        (np.random.default_rng(1).standard_normal((4, 4)), MethodChoice("shift")),  # 16 taps
        (np.random.default_rng(1).standard_normal((5, 5)), MethodChoice("blocked")),
        (np.random.default_rng(1).standard_normal((7, 7)), MethodChoice("blocked")),
        (np.random.default_rng(1).standard_normal((13, 13)), MethodChoice("blocked")),
        (np.random.default_rng(1).standard_normal((17, 17)), MethodChoice("blocked")),
        (np.random.default_rng(1).standard_normal((19, 19)), MethodChoice("fft")),
    ],
    ids=[
        "gauss5",
        "gauss31",
        "rank2",
        "sobel",
        "random3",
        "random4",
        "random5",
        "random7",
        "random13",
        "random17",
        "random19",
    ],
)
def test_auto_choice_and_result(K, expected):
    """auto picks by size and rank on a photo-sized input, and still equals SciPy."""
    X = np.random.default_rng(2).random((300, 400))
    pad = (K.shape[0] // 2, K.shape[1] // 2)
    Xt, Kt = as_tensors(X, K)
    assert auto_method(PHOTO, Kt, pad) == expected
    assert_matches(corr2d_auto(Xt, Kt, pad, (1, 1)), X, K, pad)


def test_auto_blocked_with_either_stride():
    """A stride is the conv's own: blocks compute only the kept outputs, in both axes."""
    K = torch.from_numpy(np.random.default_rng(4).standard_normal((7, 7)).astype(np.float32))
    for stride in [(2, 1), (1, 2), (3, 3)]:
        assert auto_method(PHOTO, K, (3, 3), stride) == MethodChoice("blocked")
    # Weights per output grow with the stride: a 13×13 at stride 4 goes back to shifting.
    K13 = torch.from_numpy(np.random.default_rng(4).standard_normal((13, 13)).astype(np.float32))
    assert auto_method(PHOTO, K13, (6, 6), (4, 4)) == MethodChoice("shift")


@pytest.mark.parametrize(
    ("K", "method", "rank"),
    [
        (np.random.default_rng(5).standard_normal((3, 3)), "shift", None),
        (gaussian(5), "separable", 1),
        (np.random.default_rng(5).standard_normal((5, 5)), "blocked", None),
        (np.random.default_rng(5).standard_normal((31, 31)), "fft", None),
    ],
    ids=["random3", "gauss5", "random5", "random31"],
)
def test_auto_method_is_data_in_corr2d_s_vocabulary(K, method, rank):
    """A MethodChoice (method, rank), not a sentence; its method is a name corr2d takes."""
    choice = auto_method(PHOTO, K, K.shape[0] // 2)
    assert isinstance(choice, MethodChoice)
    assert (choice.method, choice.rank) == (method, rank)
    assert choice.method in METHODS
    with pytest.raises(dataclasses.FrozenInstanceError):
        choice.method = "loop"
    X = np.random.default_rng(6).random((40, 50))
    Y = corr2d(X, K, padding=K.shape[0] // 2, method=choice.method)
    assert_matches(Y, X, K, (K.shape[0] // 2,) * 2)


def test_auto_method_takes_corr2d_s_arguments():
    """Padding and stride as one number or a pair, K as lists; bad ones refused as corr2d's."""
    K = gaussian(5).tolist()
    assert auto_method(PHOTO, K, 2) == auto_method(PHOTO, K, (2, 2), (1, 1))
    assert auto_method(torch.Size(PHOTO), K, [2, 2], 1) == MethodChoice("separable", 1)
    with pytest.raises(ConvInputError, match="stride"):
        auto_method(PHOTO, K, 2, stride=0)
    with pytest.raises(ConvInputError, match="K"):
        auto_method(PHOTO, [[1.0, float("nan")]], 0)
