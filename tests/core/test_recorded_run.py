"""record_run against learn_kernel (the book's autograd loop): same seed, same run."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from conv_core import TARGETS, learn_kernel, training_pair
from conv_core.recorded_run import CONVERGED_LOSS, RUN_STEPS, RunConfig, record_run


def _reference(config: RunConfig, steps: int):
    """The same run from learn_kernel's records: kernel k with its loss, and how it ended."""
    pair = training_pair(config.target)
    records = learn_kernel(
        pair.X, pair.Y, tuple(pair.K.shape), lr=config.lr, steps=steps + 1,
        optimizer=config.optimizer, seed=config.seed,
    )  # fmt: skip
    weights, losses, grads = [], [], []
    for record in records:
        weights.append(record.weight_before.flatten().numpy())
        losses.append(record.loss)
        grads.append(record.grad.flatten().numpy())
        if record.diverged:
            return np.array(weights), np.array(losses), np.array(grads), "diverged"
        if record.loss <= CONVERGED_LOSS:
            return np.array(weights), np.array(losses), np.array(grads), "converged"
        if len(losses) > steps:
            break
    return np.array(weights), np.array(losses), np.array(grads), "finished"


CASES = [
    RunConfig(target, lr, optimizer, seed)
    for target, lr in (("book_edge", 3e-2), ("book_edge", 0.5), ("sobel_x", 2e-3))
    for optimizer in ("sgd", "momentum", "adam")
    for seed in (0, 7)
] + [RunConfig("box_blur", 2e-2, "sgd", 0), RunConfig("d2l_edge", 2e-3, "adam", 3)]


@pytest.mark.parametrize("config", CASES, ids=str)
def test_every_step_matches_learn_kernel(config):
    run = record_run(config, steps=200)
    weights, losses, grads, status = _reference(config, 200)
    assert run.status == status
    assert run.steps_taken == len(losses) - 1
    scale = max(1.0, float(np.abs(weights).max()))
    np.testing.assert_allclose(run.weights, weights, rtol=1e-4, atol=1e-5 * scale)
    # Losses near float32's floor are rounding noise: compare against the run's first loss.
    np.testing.assert_allclose(run.losses, losses, rtol=1e-4, atol=1e-6 * losses[0])
    np.testing.assert_allclose(run.gradients, grads, rtol=1e-3, atol=1e-4 * scale * losses[0])


def test_the_books_run_converges_to_its_kernel():
    run = record_run(RunConfig("book_edge", 3e-2, "sgd", 0))
    assert run.status == "converged"
    assert run.losses[-1] <= CONVERGED_LOSS
    np.testing.assert_allclose(run.kernel(), [[1.0, -1.0]], atol=1e-3)
    assert run.kernel(0).shape == (1, 2)


def test_a_run_stops_at_the_step_limit_with_every_step_recorded():
    run = record_run(RunConfig("sobel_x", 2e-3, "sgd", 0))
    assert run.status == "finished"
    assert run.steps_taken == RUN_STEPS
    assert run.weights.shape == (RUN_STEPS + 1, 9)
    assert run.losses[-1] < run.losses[0]


def test_divergence_ends_the_run_with_the_loss_that_blew_up():
    run = record_run(RunConfig("book_edge", 1.0, "sgd", 0))
    assert run.status == "diverged"
    assert run.losses[-1] > 1e8 * run.losses[0] or not np.isfinite(run.losses[-1])


@pytest.mark.parametrize(
    ("config", "match"),
    [
        (RunConfig("book_edge", 0.0, "sgd", 0), "lr must be a positive"),
        (RunConfig("book_edge", float("nan"), "sgd", 0), "lr must be a positive"),
        (RunConfig("book_edge", 1e-2, "rmsprop", 0), "optimizer must be one of"),
        (RunConfig("book_edge", 1e-2, "sgd", -1), "seed"),
        (RunConfig("nope", 1e-2, "sgd", 0), "nope"),
    ],
)
def test_bad_settings_are_refused_with_a_sentence(config, match):
    with pytest.raises(ValueError, match=match):
        record_run(config)


def test_every_target_has_a_run():
    for target in TARGETS:
        assert record_run(RunConfig(target, 1e-3, "adam", 0), steps=5).steps_taken == 5


def test_each_kernel_is_recorded_with_its_own_loss():
    config = RunConfig("book_edge", 3e-2, "sgd", 0)
    run = record_run(config)
    pair = training_pair(config.target)
    X, Y = pair.X[None, None], pair.Y[None, None]
    for k in range(0, run.steps_taken + 1, 5):
        K = torch.from_numpy(run.kernel(k))[None, None]
        direct = float(((F.conv2d(X, K) - Y) ** 2).sum())
        assert run.losses[k] == pytest.approx(direct, rel=1e-4, abs=1e-6)
