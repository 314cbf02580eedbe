"""A training run that advances a few steps at a time, for the live view of a kernel learning."""

from __future__ import annotations

from typing import NamedTuple

import torch

from conv_core.examples.training_pairs import TrainingPair, training_pair
from conv_core.learning import learn_kernel

LIVE_STEPS = 500  # a run ends here, converged or not
_CONVERGED_LOSS = 1e-8  # float32 cannot do much better: the run stops and says so


class RunConfig(NamedTuple):
    """What decides a run: the same four give the same run."""

    target: str
    lr: float
    optimizer: str
    seed: int


class LiveRun:
    """One run of learn_kernel, one step ahead so that the current kernel's loss is known.

    `weights[k]` is the kernel after k steps and `losses[k]` its loss (the book's sum of
    squared errors); `status` is "running", "converged", "finished" or "diverged".
    """

    def __init__(self, config: RunConfig) -> None:
        self.config = config
        self.pair: TrainingPair = training_pair(config.target)
        self._records = learn_kernel(
            self.pair.X,
            self.pair.Y,
            tuple(self.pair.K.shape),
            lr=config.lr,
            steps=LIVE_STEPS + 1,  # the step after the last shows the last kernel's loss
            optimizer=config.optimizer,
            seed=config.seed,
        )
        self._pending = next(self._records)
        self.weights: list[torch.Tensor] = [self._pending.weight_before]
        self.losses: list[float] = [self._pending.loss]
        self.status = "running"
        self._check(self._pending)

    @property
    def steps_taken(self) -> int:
        return len(self.weights) - 1

    @property
    def kernel(self) -> torch.Tensor:
        return self.weights[-1]

    @property
    def loss(self) -> float:
        return self.losses[-1]

    def advance(self, count: int) -> None:
        """Take up to `count` steps; nothing happens once the run has stopped."""
        for _ in range(count):
            if self.status != "running":
                return
            self.weights.append(self._pending.weight)
            self._pending = next(self._records)
            self.losses.append(self._pending.loss)
            self._check(self._pending)

    def _check(self, upcoming) -> None:
        if upcoming.diverged:
            self.status = "diverged"
        elif upcoming.loss <= _CONVERGED_LOSS:
            self.status = "converged"
        elif self.steps_taken >= LIVE_STEPS:
            self.status = "finished"
