"""conv_core.validation: what is accepted, what is refused, and that refusals can be translated."""

import subprocess
import sys

import numpy as np
import pytest
import torch

from conv_core.validation import (
    ConvInputError,
    as_matrix,
    as_pair,
    as_positive_int,
    as_tensor,
    checked_tensor,
)


def test_as_matrix_keeps_values_and_makes_float32():
    M = as_matrix(np.array([[1, 2], [3, 4]], dtype=np.int64), "X")
    assert M.dtype == torch.float32
    assert M.tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_as_matrix_keeps_the_autograd_graph():
    w = torch.ones((2, 2), requires_grad=True)
    (as_matrix(w, "K") * 3).sum().backward()
    assert w.grad.tolist() == [[3.0, 3.0], [3.0, 3.0]]


@pytest.mark.parametrize(
    ("value", "code", "params"),
    [
        ([[1, 2], [3]], "ragged", {"name": "K"}),
        (np.zeros((0, 3)), "empty", {"name": "K"}),
        ([[[1.0]]], "ndim", {"name": "K", "expected": 2, "got": 3}),
        ([["1", "2"]], "not_number", {"name": "K"}),
        ([[1.0, float("-inf")]], "not_finite", {"name": "K"}),
    ],
)
def test_refusals_carry_a_code_and_params(value, code, params):
    with pytest.raises(ConvInputError) as info:
        as_matrix(value, "K")
    assert info.value.code == code
    assert info.value.params == params
    assert str(info.value).startswith("K ")


def test_numeric_strings_are_not_numbers():
    # Text is the UI's job to parse; the core refuses it rather than guessing.
    with pytest.raises(ValueError, match="only numbers"):
        as_tensor(["1", "2"], "x", 1)


@pytest.mark.parametrize(("value", "expected"), [(0, 0), (3, 3), (np.int64(2), 2), (2.0, 2)])
def test_as_positive_int_accepts_whole_numbers(value, expected):
    assert as_positive_int(value, "padding", 0) == expected


@pytest.mark.parametrize("value", [True, 1.5, "2", None, float("nan"), float("inf")])
def test_as_positive_int_refuses_the_rest(value):
    with pytest.raises(ValueError, match="padding must be a whole number >= 0"):
        as_positive_int(value, "padding", 0)


def test_as_pair():
    assert as_pair(2, "stride", 1) == (2, 2)
    assert as_pair((1, 3), "stride", 1) == (1, 3)
    with pytest.raises(ValueError, match="stride"):
        as_pair((1, 0), "stride", 1)
    with pytest.raises(ValueError, match="pair"):
        as_pair([1, 2, 3], "stride", 1)


def test_conv_core_imports_neither_streamlit_nor_plotly():
    code = (
        "import sys, conv_core; "
        "bad = [m for m in ('streamlit', 'plotly') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_read_only_arrays_are_accepted_without_a_warning():
    array = np.arange(6, dtype=np.float32).reshape(2, 3)
    array.flags.writeable = False
    assert as_matrix(array, "X").tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]


@pytest.mark.parametrize("seed", range(5))
def test_checked_tensor_finds_the_largest_magnitude_as_numpy_does(seed):
    rng = np.random.default_rng(seed)
    array = rng.standard_normal((7, 9)) * 10.0 ** rng.integers(-3, 30)
    array[rng.integers(7), rng.integers(9)] *= -50  # the largest may be negative
    tensor, largest = checked_tensor(array, "X", 2)
    assert largest == pytest.approx(np.abs(array.astype(np.float32)).max(), rel=0)
    assert tensor.tolist() == array.astype(np.float32).tolist()


def test_large_finite_values_whose_sum_overflows_are_accepted():
    big = np.full((4, 4), 3e38, dtype=np.float32)  # each finite, their sum is not
    assert bool(torch.isfinite(as_matrix(big, "X")).all())
    big[2, 3] = np.nan
    with pytest.raises(ConvInputError, match="NaN or infinity"):
        as_matrix(big, "X")


def test_the_package_exports_the_contract():
    import conv_core

    for name in conv_core.__all__:
        assert hasattr(conv_core, name), name
    contract = {"corr2d", "conv2d", "corr1d", "corr3d", "output_shape", "window", "Conv2D"}
    contract |= {"KERNELS", "learn_kernel", "fc_vs_conv", "decode_image", "to_gray"}
    assert contract <= set(conv_core.__all__)
