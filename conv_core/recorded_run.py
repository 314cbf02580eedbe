"""A training run computed in one go, every step recorded, for a player to show (D2L §7.2.4).

`learn_kernel` trains the way the book does (nn.Conv2d-style forward, autograd, a torch
optimizer): ~0.3 ms a step, so 500 steps would cost 150 ms. The book's loss is a quadratic
in the kernel's weights, |P·w − y|² with P the matrix of X's windows, so its gradient is
2·Pᵀ(P·w − y) exactly: this module takes the same steps with that closed form, in float32
like torch, and the same optimizer formulas (torch.optim.SGD with and without momentum 0.9,
torch.optim.Adam with its defaults), from the same seeded start. The records agree with
`learn_kernel`'s to float32 rounding (tests/core/test_recorded_run.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from conv_core.examples.training_pairs import training_pair
from conv_core.landscape import patch_matrix
from conv_core.learning import DIVERGENCE_FACTOR, check_optimizer_settings, initial_kernel
from conv_core.validation import as_positive_int

RUN_STEPS = 500  # a run ends here, converged or not
CONVERGED_LOSS = 1e-8  # float32 cannot do much better: the run stops and says so
_MOMENTUM = 0.9
_BETAS = (0.9, 0.999)
_EPS = 1e-8


class RunConfig(NamedTuple):
    """What decides a run: the same four give the same run."""

    target: str
    lr: float
    optimizer: str
    seed: int


@dataclass(frozen=True)
class RecordedRun:
    """`weights[k]` is the kernel after k steps (flattened), `losses[k]` its loss (the book's
    sum of squared errors), `gradients[k]` the gradient there; `status` is "converged",
    "finished" (the step limit) or "diverged" (the next step would blow up)."""

    config: RunConfig
    kernel_shape: tuple[int, int]
    weights: np.ndarray  # (steps + 1, kh·kw) float32
    losses: np.ndarray  # (steps + 1,) float64
    gradients: np.ndarray  # (steps + 1, kh·kw) float32
    status: str

    @property
    def steps_taken(self) -> int:
        return len(self.losses) - 1

    def kernel(self, step: int = -1) -> np.ndarray:
        """The kernel after `step` steps (the last one by default), in its shape."""
        return self.weights[step].reshape(self.kernel_shape)


def record_run(config: RunConfig, *, steps: int = RUN_STEPS) -> RecordedRun:
    """Train on `training_pair(config.target)` for up to `steps` steps and record them all."""
    check_optimizer_settings(config.lr, config.optimizer)
    lr = config.lr
    steps = as_positive_int(steps, "steps", 1)
    pair = training_pair(config.target)
    shape = tuple(pair.K.shape)
    P = patch_matrix(pair.X, shape).float().numpy()
    y = pair.Y.flatten().numpy().astype(np.float32)
    w = initial_kernel(shape, as_positive_int(config.seed, "seed", 0)).flatten().numpy()
    lr32 = np.float32(lr)
    state = _Optimizer(config.optimizer, lr32, w.shape)
    weights, losses, gradients = [], [], []
    first_loss = None
    status = "finished"
    for _ in range(steps + 1):
        residual = P @ w - y
        loss = float(np.dot(residual, residual))
        grad = np.float32(2) * (P.T @ residual)
        first_loss = loss if first_loss is None else first_loss
        blown_up = not math.isfinite(loss) or not np.isfinite(grad).all()
        blown_up = blown_up or loss > DIVERGENCE_FACTOR * max(first_loss, 1e-6)
        weights.append(w.copy())
        losses.append(loss)
        gradients.append(grad)
        if blown_up:  # as learn_kernel: the step that would blow up is not taken
            status = "diverged"
            break
        if loss <= CONVERGED_LOSS:
            status = "converged"
            break
        if len(losses) > steps:
            break
        w = state.step(w, grad)
        if not np.isfinite(w).all():
            status = "diverged"
            break
    return RecordedRun(
        config,
        shape,
        np.asarray(weights, dtype=np.float32),
        np.asarray(losses, dtype=np.float64),
        np.asarray(gradients, dtype=np.float32),
        status,
    )


class _Optimizer:
    """torch.optim's update rules, written out in float32 (SGD, momentum 0.9, Adam)."""

    def __init__(self, name: str, lr: np.float32, shape) -> None:
        self.name, self.lr, self.t = name, lr, 0
        self.buffer = np.zeros(shape, np.float32)
        self.second = np.zeros(shape, np.float32)

    def step(self, w: np.ndarray, grad: np.ndarray) -> np.ndarray:
        self.t += 1
        if self.name == "sgd":
            return w - self.lr * grad
        if self.name == "momentum":  # torch: buf = grad on the first step, then μ·buf + grad
            self.buffer = grad.copy() if self.t == 1 else np.float32(_MOMENTUM) * self.buffer + grad
            return w - self.lr * self.buffer
        b1, b2 = np.float32(_BETAS[0]), np.float32(_BETAS[1])
        self.buffer = self.buffer * b1 + grad * (1 - b1)
        self.second = self.second * b2 + grad * grad * (1 - b2)
        step_size = self.lr / np.float32(1 - _BETAS[0] ** self.t)
        denominator = np.sqrt(self.second) / np.float32(math.sqrt(1 - _BETAS[1] ** self.t))
        return w - step_size * self.buffer / (denominator + np.float32(_EPS))
