"""estimate_loop_seconds: the book's loop timed on a patch of the output, scaled to all of it."""

from __future__ import annotations

from unittest import mock

import pytest
import torch

from conv_core import corr2d, estimate_loop_seconds
from conv_core import correlation as correlation_module


def test_the_loop_runs_on_a_patch_and_is_scaled_by_the_number_of_cells():
    X, K = torch.rand(300, 400), torch.rand(3, 3)
    seen = []
    real = correlation_module.corr2d_book

    def spy(Xp, Kp):
        seen.append(tuple(Xp.shape))
        return real(Xp, Kp)

    clock = iter([10.0, 10.5])  # the patch takes 0.5 s by this clock
    with (
        mock.patch.object(correlation_module, "corr2d_book", spy),
        mock.patch("conv_core.timing.time.perf_counter", side_effect=clock),
    ):
        estimate = estimate_loop_seconds(X, K, padding=1, patch=20)
    assert seen == [(22, 22)]  # 20×20 outputs of a 3×3 kernel read 22×22 inputs
    assert estimate.patch_outputs == 400
    assert estimate.total_outputs == 300 * 400
    assert estimate.patch_seconds == 0.5
    assert estimate.seconds == pytest.approx(0.5 * 300 * 400 / 400)


def test_the_patch_it_times_is_the_corner_of_the_real_output():
    """The cells timed are the image's own (padding and stride included), not made up."""
    X, K = torch.rand(50, 60), torch.randn(4, 3)
    outputs = []
    real = corr2d

    def spy(*args, **kwargs):
        Y = real(*args, **kwargs)
        outputs.append(Y)
        return Y

    with mock.patch("conv_core.timing.corr2d", spy):
        estimate_loop_seconds(X, K, padding=(2, 1), stride=(2, 3), patch=5)
    full = corr2d(X, K, padding=(2, 1), stride=(2, 3))
    torch.testing.assert_close(outputs[0], full[:5, :5])


def test_small_outputs_are_timed_whole_and_bad_arguments_refused():
    estimate = estimate_loop_seconds(torch.rand(6, 8), [[1.0, -1.0]], patch=24)
    assert (estimate.patch_outputs, estimate.total_outputs) == (42, 42)
    assert estimate.seconds == pytest.approx(estimate.patch_seconds)
    with pytest.raises(ValueError, match="patch"):
        estimate_loop_seconds(torch.rand(6, 8), [[1.0, -1.0]], patch=0)
    with pytest.raises(ValueError, match="larger than the padded input"):
        estimate_loop_seconds(torch.rand(2, 2), torch.rand(3, 3))
