"""The inductive bias of a convolution, measured (D2L §7.1): train on the left, test on the right.

Every training image holds one small pattern (a plus) somewhere in its LEFT half, every test
image one in its RIGHT half, in noise. Both layers learn the same task: a detection map,
1 where the pattern's window starts and 0 elsewhere (the map a 3 × 3 cross-correlation
makes). A dense layer has a weight for every (input pixel, output cell) pair, and the
training never shows it a pattern on the right, so it finds nothing there. A convolution has
one 3 × 3 kernel for every position (translation invariance) and finds the pattern anywhere.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch
import torch.nn.functional as F

from conv_core.validation import ConvInputError, as_positive_int

BIAS_PATTERN = torch.tensor([[0.0, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 0.0]])
BIAS_SIZES = (8, 10, 12, 14, 16)  # image sides: even, so each half holds the 3-wide pattern
MAX_IMAGES = 512
MAX_STEPS = 300
MAX_NOISE = 2.0


class PatternImages(NamedTuple):
    """Images with one pattern each, the detection maps to learn, and where the pattern is."""

    X: torch.Tensor  # (n, size, size)
    Y: torch.Tensor  # (n, size − 2, size − 2): 1 at the pattern's top-left corner
    where: torch.Tensor  # (n,): that corner's index in the flattened map


def pattern_images(
    n: int, size: int, side: str, *, noise: float, generator: torch.Generator
) -> PatternImages:
    """n images of side `size`, each noise plus the pattern at a random place in one half."""
    if side not in ("left", "right"):
        raise ConvInputError("side", f"side must be 'left' or 'right', not {side!r}.", name="side")
    out = size - BIAS_PATTERN.shape[0] + 1
    half = size // 2
    first = 0 if side == "left" else half  # the pattern's leftmost column stays in its half
    rows = torch.randint(0, out, (n,), generator=generator)
    cols = torch.randint(first, first + half - BIAS_PATTERN.shape[1] + 1, (n,), generator=generator)
    X = noise * torch.randn(n, size, size, generator=generator)
    Y = torch.zeros(n, out, out)
    images = torch.arange(n)
    Y[images, rows, cols] = 1.0
    # A transposed convolution stamps the pattern where each map holds its 1: one call.
    X += F.conv_transpose2d(Y[:, None], BIAS_PATTERN[None, None])[:, 0]
    return PatternImages(X, Y, rows * out + cols)


class BiasScore(NamedTuple):
    """How one layer did: the share of images where its map's peak missed the pattern, and
    its mean squared error, on the training images (left) and the test images (right)."""

    weights: int
    train_error: float
    test_error: float
    train_loss: float
    test_loss: float


class InductiveBias(NamedTuple):
    """Both layers after the same training, the kernel the convolution learned, and one test
    image with both layers' maps on it."""

    dense: BiasScore
    conv: BiasScore
    kernel: torch.Tensor  # (3, 3)
    example: torch.Tensor  # a test image: the pattern in its right half
    example_target: torch.Tensor
    dense_map: torch.Tensor
    conv_map: torch.Tensor


def inductive_bias_experiment(
    *,
    seed: int = 0,
    size: int = 12,
    train: int = 256,
    test: int = 256,
    steps: int = 100,
    lr: float = 0.1,
    noise: float = 0.3,
) -> InductiveBias:
    """Train a dense layer and a 3 × 3 convolution on left-half patterns (Adam, mean squared
    error, full batch, same steps and learning rate), test both on right-half ones.
    The same seed gives the same numbers."""
    seed = as_positive_int(seed, "seed", minimum=0)
    size = as_positive_int(size, "size")
    if size not in BIAS_SIZES:
        raise ConvInputError(
            "size",
            f"size must be one of {', '.join(map(str, BIAS_SIZES))}, not {size}.",
            name="size",
            allowed=BIAS_SIZES,
        )
    train = _bounded_int(train, "train", 1, MAX_IMAGES)
    test = _bounded_int(test, "test", 1, MAX_IMAGES)
    steps = _bounded_int(steps, "steps", 1, MAX_STEPS)
    lr = _bounded_float(lr, "lr", 0.0, 10.0, open_low=True)
    noise = _bounded_float(noise, "noise", 0.0, MAX_NOISE)

    generator = torch.Generator().manual_seed(seed)
    left = pattern_images(train, size, "left", noise=noise, generator=generator)
    right = pattern_images(test, size, "right", noise=noise, generator=generator)
    out = size - BIAS_PATTERN.shape[0] + 1
    W = (0.01 * torch.randn(size * size, out * out, generator=generator)).requires_grad_()
    b = torch.zeros(out * out, requires_grad=True)
    K = (0.1 * torch.randn(BIAS_PATTERN.shape, generator=generator)).requires_grad_()
    c = torch.zeros(1, requires_grad=True)

    def dense(X: torch.Tensor) -> torch.Tensor:
        return (X.flatten(1) @ W + b).reshape(-1, out, out)

    def conv(X: torch.Tensor) -> torch.Tensor:
        return F.conv2d(X[:, None], K[None, None])[:, 0] + c

    scores = {}
    for name, layer, parameters in (("dense", dense, [W, b]), ("conv", conv, [K, c])):
        optimizer = torch.optim.Adam(parameters, lr=lr)
        for _ in range(steps):
            optimizer.zero_grad()
            F.mse_loss(layer(left.X), left.Y).backward()
            optimizer.step()
        with torch.no_grad():
            scores[name] = BiasScore(
                sum(p.numel() for p in parameters),
                *(_miss_rate(layer(data.X), data.where) for data in (left, right)),
                *(float(F.mse_loss(layer(data.X), data.Y)) for data in (left, right)),
            )
    with torch.no_grad():
        example = right.X[:1]
        return InductiveBias(
            dense=scores["dense"],
            conv=scores["conv"],
            kernel=K.detach().clone(),
            example=example[0].clone(),
            example_target=right.Y[0].clone(),
            dense_map=dense(example)[0],
            conv_map=conv(example)[0],
        )


def _miss_rate(maps: torch.Tensor, where: torch.Tensor) -> float:
    """Share of maps whose largest cell is not where the pattern is."""
    return float((maps.flatten(1).argmax(1) != where).float().mean())


def _bounded_int(value, name: str, low: int, high: int) -> int:
    value = as_positive_int(value, name, minimum=low)
    if value > high:
        raise ConvInputError(
            "too_large",
            f"{name} must be a whole number from {low} to {high}, but it is {value}.",
            name=name,
            maximum=high,
            value=value,
        )
    return value


def _bounded_float(value, name: str, low: float, high: float, *, open_low: bool = False) -> float:
    ok = (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(value)
        and (low < value if open_low else low <= value)
        and value <= high
    )
    if not ok:
        lower = f"greater than {low:g}" if open_low else f"at least {low:g}"
        raise ConvInputError(
            "out_of_range",
            f"{name} must be a number {lower} and at most {high:g}, not {value!r}.",
            name=name,
            low=low,
            high=high,
        )
    return float(value)
