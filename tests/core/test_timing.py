"""estimate_loop_seconds: the book's loop timed on a patch of the output, scaled to all of it."""

from __future__ import annotations

from unittest import mock

import pytest
import torch

from conv_core import (
    LoopEstimate,
    MethodTimings,
    corr2d,
    estimate_loop_seconds,
    time_methods,
    timed,
)
from conv_core import correlation as correlation_module
from conv_core.timing import median_seconds


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


def test_timed_returns_the_result_and_the_clocks_difference():
    clock = iter([3.0, 3.25])
    with mock.patch("conv_core.timing.time.perf_counter", side_effect=clock):
        result, seconds = timed(lambda a, b=0: a + b, 2, b=5)
    assert (result, seconds) == (7, 0.25)


def test_median_seconds_is_the_middle_of_the_runs():
    # Three runs taking 0.5, 0.1 and 0.3 s by this clock: the median is 0.3.
    clock = iter([0.0, 0.5, 1.0, 1.1, 2.0, 2.3])
    calls = []
    with mock.patch("conv_core.timing.time.perf_counter", side_effect=clock):
        median = median_seconds(lambda: calls.append(1), 3)
    assert median == pytest.approx(0.3)
    assert len(calls) == 3
    with pytest.raises(ValueError, match="times") as err:
        median_seconds(lambda: None, 0)
    assert err.value.code == "too_small"


def test_time_methods_times_the_three_ways_and_compares_them_with_auto():
    X, K = torch.rand(40, 50), torch.rand(3, 3)
    methods = []
    real = corr2d

    def spy(*args, **kwargs):
        methods.append(kwargs.get("method", "auto"))
        return real(*args, **kwargs)

    with mock.patch("conv_core.timing.corr2d", spy):
        timings = time_methods(X, K, padding=1)
    assert methods == ["loop", "auto", "auto", "auto", "torch"]  # loop on a patch, auto ×3
    assert timings.loop.total_outputs == 40 * 50  # padding 1 keeps the size
    rows = timings.rows()
    assert [name for name, _, _ in rows] == ["loop", "auto", "torch"]
    for _, seconds, ratio in rows:
        assert ratio == pytest.approx(seconds / timings.auto)
    assert rows[1][2] == 1.0


def test_method_timings_rows_by_hand_and_bad_inputs_refused():
    estimate = LoopEstimate(seconds=12.0, patch_outputs=4, total_outputs=100, patch_seconds=0.48)
    assert MethodTimings(estimate, auto=0.002, torch=0.004).rows() == [
        ("loop", 12.0, pytest.approx(6000.0)),
        ("auto", 0.002, 1.0),
        ("torch", 0.004, 2.0),
    ]
    with pytest.raises(ValueError, match="larger than the padded input"):
        time_methods(torch.rand(2, 2), torch.rand(3, 3))
