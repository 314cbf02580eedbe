"""Learning a kernel from an input and its output by gradient descent (D2L §7.2.4)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from conv_core.correlation import output_shape
from conv_core.validation import ConvInputError, as_matrix, as_pair, as_positive_int

OPTIMIZERS = ("sgd", "momentum", "adam")
_MAX_STEPS = 100_000
# A loss this many times the first one means the steps overshoot and grow without bound.
DIVERGENCE_FACTOR = 1e8


@dataclass(frozen=True)
class StepRecord:
    """What one training step did: the loss before it, the weights after it, its gradient."""

    step: int  # 1-based, as the book prints "batch 2, loss ..."
    loss: float  # sum of squared errors before this step's update
    weight: torch.Tensor  # the kernel after the update (a copy)
    grad: torch.Tensor  # d loss / d weight at this step
    weight_before: torch.Tensor  # the kernel this step started from
    bias: float  # 0.0 when there is no bias
    diverged: bool = False  # True only on the last record of a run that blew up
    message: str = ""  # why the run stopped early, when it did


def learn_kernel(
    X,
    Y,
    kernel_shape,
    *,
    lr: float = 3e-2,
    steps: int = 10,
    optimizer: str = "sgd",
    seed: int = 0,
    bias: bool = False,
) -> Iterator[StepRecord]:
    """Learn the kernel that maps X to Y, one record per step; same seed, same run (D2L §7.2.4)."""
    X = as_matrix(X, "X").detach()
    Y = as_matrix(Y, "Y").detach()
    kernel_shape = as_pair(kernel_shape, "kernel_shape", 1)
    expected = output_shape(X.shape, kernel_shape)
    if tuple(Y.shape) != expected:
        raise ConvInputError(
            "target_shape",
            f"Y must have the shape of X cross-correlated with a {kernel_shape[0]}×"
            f"{kernel_shape[1]} kernel, {expected[0]}×{expected[1]}; it is "
            f"{Y.shape[0]}×{Y.shape[1]}.",
            name="Y",
            expected=expected,
        )
    check_optimizer_settings(lr, optimizer)
    steps = as_positive_int(steps, "steps", 0)
    if steps > _MAX_STEPS:
        raise ConvInputError(
            "steps", f"steps must be at most {_MAX_STEPS}; got {steps}.", name="steps"
        )
    seed = as_positive_int(seed, "seed", 0)
    return _train(X, Y, kernel_shape, float(lr), steps, optimizer, seed, bias)


def check_optimizer_settings(lr, optimizer: str) -> None:
    """Refuse a learning rate that is not a positive finite number, or an unknown optimizer."""
    if isinstance(lr, bool) or not isinstance(lr, int | float) or not math.isfinite(lr) or lr <= 0:
        raise ConvInputError("lr", f"lr must be a positive finite number; got {lr!r}.", name="lr")
    if optimizer not in OPTIMIZERS:
        raise ConvInputError(
            "optimizer",
            f"optimizer must be one of {', '.join(OPTIMIZERS)}; got {optimizer!r}.",
            name="optimizer",
        )


def initial_kernel(kernel_shape, seed: int = 0, *, generator=None) -> torch.Tensor:
    """nn.Conv2d's default start, uniform in ±1/sqrt(kh·kw), drawn from a private generator
    so that a run depends on its seed alone, not on the global random state."""
    generator = generator if generator is not None else torch.Generator().manual_seed(seed)
    bound = 1 / math.sqrt(kernel_shape[0] * kernel_shape[1])
    return (torch.rand(tuple(kernel_shape), generator=generator) * 2 - 1) * bound


def _train(X, Y, kernel_shape, lr, steps, optimizer, seed, bias) -> Iterator[StepRecord]:
    generator = torch.Generator().manual_seed(seed)
    weight = initial_kernel(kernel_shape, generator=generator).requires_grad_()
    bound = 1 / math.sqrt(kernel_shape[0] * kernel_shape[1])
    params = [weight]
    b = None
    if bias:
        b = ((torch.rand(1, generator=generator) * 2 - 1) * bound).requires_grad_()
        params.append(b)
    opt = None  # plain SGD: written out below, as the book writes it
    if optimizer == "adam":
        opt = torch.optim.Adam(params, lr=lr)
    elif optimizer == "momentum":
        opt = torch.optim.SGD(params, lr=lr, momentum=0.9)
    X4, Y4 = X[None, None], Y[None, None]
    first_loss = None
    for step in range(1, steps + 1):
        before = weight.detach().clone()
        Y_hat = F.conv2d(X4, weight[None, None], b)
        loss = ((Y_hat - Y4) ** 2).sum()
        for p in params:
            p.grad = None
        loss.backward()
        loss_value = float(loss.detach())
        first_loss = loss_value if first_loss is None else first_loss
        grad = weight.grad.detach().clone()
        blown_up = not math.isfinite(loss_value) or not bool(torch.isfinite(grad).all())
        blown_up = blown_up or loss_value > DIVERGENCE_FACTOR * max(first_loss, 1e-6)
        if not blown_up:
            if opt is None:
                # torch.optim.SGD's own update without momentum, to the bit; the class is
                # not used because its first use in a process imports torch's compiler
                # (~1 s; on a busy server a whole class waited on it).
                with torch.no_grad():
                    for p in params:
                        p.add_(p.grad, alpha=-lr)
            else:
                opt.step()
            blown_up = not bool(torch.isfinite(weight.detach()).all())
        bias_value = float(b.detach()) if b is not None else 0.0
        if blown_up:
            yield StepRecord(
                step,
                loss_value,
                before,
                grad,
                before,
                bias_value,
                diverged=True,
                message=(
                    f"training diverged at step {step}: the loss grew from {first_loss:.3g} "
                    f"to {loss_value:.3g}; the learning rate {lr:g} is too large for this input."
                ),
            )
            return
        yield StepRecord(step, loss_value, weight.detach().clone(), grad, before, bias_value)
