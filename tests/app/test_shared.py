"""ui.shared: pure work on small matrices, done once for every session asking the same."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from conv_core import ConvInputError
from ui.shared import Frozen, shared, small_corr2d


def counted():
    calls = []

    @shared(maxsize=8)
    def total(X, K, padding=(0, 0)):
        calls.append((X, K, padding))
        return float((X * K.sum()).sum()) + sum(padding)

    return total, calls


def test_equal_values_share_one_call_and_different_ones_do_not():
    total, calls = counted()
    X, K = torch.arange(6.0).reshape(2, 3), torch.ones(2, 2)
    first = total(X, K, padding=[1, 1])
    assert total(X.clone(), K.clone(), padding=(1, 1)) == first  # other tensors, same values
    assert len(calls) == 1
    assert calls[0][2] == (1, 1)  # a list arrives as a tuple
    total(X + 1, K, padding=(1, 1))  # other values
    total(X.double(), K, padding=(1, 1))  # another dtype, same numbers
    total(X.reshape(3, 2), K, padding=(1, 1))  # another shape, same bytes
    total(X, K, padding=(0, 1))
    assert len(calls) == 5


def test_frozen_keys_tell_arrays_from_tensors_and_keep_nan_equal():
    a = np.array([1.0, np.nan])
    assert Frozen(a) == Frozen(a.copy())
    assert hash(Frozen(a)) == hash(Frozen(a.copy()))
    assert Frozen(a) != Frozen(torch.from_numpy(a))
    assert Frozen(a) != Frozen(a.astype(np.float32))


def test_a_refusal_is_worked_out_and_raised_again_every_time():
    calls = []

    @shared(maxsize=8)
    def checked(X, K):
        calls.append(1)
        return small_corr2d(X, K)

    X, K = torch.ones(2, 2), torch.ones(3, 3)  # K larger than X: refused
    for n in (1, 2):
        with pytest.raises(ConvInputError):
            checked(X, K)
        assert len(calls) == n  # not a kept answer: the refusal is found again


def test_shared_corr2d_is_torchs_cross_correlation():
    torch.manual_seed(0)
    X, K = torch.randn(5, 6), torch.randn(2, 3)
    for padding, stride in ((0, 1), (1, 2), (2, 1)):
        got = small_corr2d(X, K, padding=padding, stride=stride)
        want = F.conv2d(X[None, None], K[None, None], padding=padding, stride=stride)[0, 0]
        torch.testing.assert_close(got, want)
        assert small_corr2d(X.clone(), K.clone(), padding=padding, stride=stride) is got
