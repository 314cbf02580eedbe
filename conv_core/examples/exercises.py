"""The props of the chapter's exercises (D2L §7.2): the diagonal image under [1, −1], its
transpose and the kernel's; a polynomial's samples for the finite differences; the book's
Conv2D run through autograd (exercise 3), and the study note's Conv2D as it was written, to
show what goes wrong with it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

from conv_core.correlation import corr1d, corr2d, corr2d_book
from conv_core.designed_kernels import derivative_kernel
from conv_core.examples.book import diagonal_image, edge_image, edge_kernel
from conv_core.examples.edge_experiment import EdgeExperiment
from conv_core.validation import ConvInputError, as_matrix

# Exercise 1: K on the diagonal X, K on Xᵀ, Kᵀ on X.
DIAGONAL_CASES = ("k", "x_t", "k_t")
# What Y can hold: no edge, only +1 (bright to dark), only −1 (dark to bright), both.
EDGE_PATTERNS = ("none", "ones", "minus_ones", "both")

# Exercise 2d: p(x) = x^d − 2x^(d−1) + 3x^(d−2) − … (the first d + 1 of these, highest first).
POLYNOMIAL = (1, -2, 3, -1, 2, -3, 1)
SPACINGS = (0.25, 0.5, 1.0, 2.0)  # h: dyadic, so float32 holds every sample exactly
_EXTRA_SAMPLES = 5  # samples beyond the d + 1 the first output needs: six outputs


def diagonal_case(case: str) -> EdgeExperiment:
    """Exercise 1's case `case` (one of DIAGONAL_CASES) on the diagonal staircase."""
    if case not in DIAGONAL_CASES:
        raise ConvInputError(
            "unknown_case",
            f"There is no case called {case!r}; choose one of {', '.join(DIAGONAL_CASES)}.",
            name="case",
        )
    X = diagonal_image().t() if case == "x_t" else diagonal_image()
    K = edge_kernel().t() if case == "k_t" else edge_kernel()
    return EdgeExperiment(X, K, corr2d(X, K))


def edge_pattern(Y) -> str:
    """Which of EDGE_PATTERNS Y shows: its cells of +1 and of −1 (the book's edges)."""
    Y = as_matrix(Y, "Y")
    ones, minus = bool((Y > 0).any()), bool((Y < 0).any())
    return {(False, False): "none", (True, False): "ones", (False, True): "minus_ones"}.get(
        (ones, minus), "both"
    )


@dataclass(frozen=True)
class DerivativeCheck:
    """A polynomial of degree d sampled every h, and its d-th finite difference."""

    order: int
    h: float
    coefficients: tuple[int, ...]  # highest power first
    x: torch.Tensor
    samples: torch.Tensor  # p(x)
    kernel: torch.Tensor  # 1×(d+1)
    differences: torch.Tensor  # corr1d(p(x), kernel): every one d!·a_d·h^d
    shorter: torch.Tensor  # the same with the kernel of order d − 1: not constant

    @property
    def expected(self) -> float:
        return math.factorial(self.order) * self.coefficients[0] * self.h**self.order


def derivative_check(order, h=1.0) -> DerivativeCheck:
    """Exercise 2d: the order-d kernel on samples of a degree-d polynomial gives d!·a_d·h^d."""
    kernel = derivative_kernel(order)
    d = kernel.shape[1] - 1
    if isinstance(h, bool) or h not in SPACINGS:
        raise ConvInputError(
            "unknown_spacing",
            f"h must be one of {', '.join(f'{s:g}' for s in SPACINGS)}, not {h!r}.",
            choices=", ".join(f"{s:g}" for s in SPACINGS),
        )
    coefficients = POLYNOMIAL[: d + 1]
    n = d + 1 + _EXTRA_SAMPLES
    x = (torch.arange(n, dtype=torch.float64) - n // 2) * h
    samples = sum(a * x ** (d - power) for power, a in enumerate(coefficients))
    samples = samples.to(torch.float32)
    shorter = samples.clone() if d == 1 else corr1d(samples, derivative_kernel(d - 1)[0])
    return DerivativeCheck(
        order=d,
        h=float(h),
        coefficients=coefficients,
        x=x.to(torch.float32),
        samples=samples,
        kernel=kernel,
        differences=corr1d(samples, kernel[0]),
        shorter=shorter,
    )


# The Chinese edition's exercise 4 (2) (zh 6.2): the kernel of an integral. Samples of f,
# every h; a kernel of n weights h sums n of them. Dyadic h and whole samples keep every sum
# exact in float32.
INTEGRAL_SIGNALS = {
    "box": (0, 0, 1, 1, 1, 1, 0, 0, 0, 0),  # its integral is a ramp, then flat
    "ones": (1,) * 10,  # a ramp
    "ramp": tuple(range(10)),  # a parabola: the triangular numbers
}
INTEGRAL_SPACINGS = (0.5, 1.0)


@dataclass(frozen=True)
class IntegralCheck:
    """f sampled every h, the kernel [h, …, h] of n weights, and what it makes of f."""

    samples: torch.Tensor  # f(x_0), f(x_0 + h), …
    h: float
    kernel: torch.Tensor  # n weights, each h
    sums: torch.Tensor  # Y[i] = h·(f[i − n + 1] + … + f[i]), zeros padded on the left
    recovered: torch.Tensor  # the first difference of Y, Y[i] − Y[i − 1]: h·f when n = len(f)

    @property
    def running(self) -> bool:
        """n as long as f: Y is the running integral from x_0, not a moving sum."""
        return self.kernel.numel() == self.samples.numel()


def integral_check(signal: str, length: int | None = None, h: float = 1.0) -> IntegralCheck:
    """The integral's kernel on INTEGRAL_SIGNALS[signal]: n = `length` weights h (all of f by
    default: the running integral), and the first difference that undoes it."""
    if signal not in INTEGRAL_SIGNALS:
        raise ConvInputError(
            "unknown_case",
            f"There is no signal called {signal!r}; choose one of {', '.join(INTEGRAL_SIGNALS)}.",
            name="signal",
        )
    samples = torch.tensor(INTEGRAL_SIGNALS[signal], dtype=torch.float32)
    n = samples.numel() if length is None else length
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= samples.numel():
        raise ConvInputError(
            "out_of_range",
            f"The kernel's length must be a whole number from 1 to {samples.numel()}; got {n!r}.",
            name="length",
            low=1,
            high=samples.numel(),
        )
    if isinstance(h, bool) or h not in INTEGRAL_SPACINGS:
        raise ConvInputError(
            "unknown_spacing",
            f"h must be one of {', '.join(f'{s:g}' for s in INTEGRAL_SPACINGS)}, not {h!r}.",
            choices=", ".join(f"{s:g}" for s in INTEGRAL_SPACINGS),
        )
    kernel = torch.full((n,), float(h))
    sums = corr1d(torch.cat([torch.zeros(n - 1), samples]), kernel)
    recovered = corr1d(torch.cat([torch.zeros(1), sums]), torch.tensor([-1.0, 1.0]))
    return IntegralCheck(samples, float(h), kernel, sums, recovered)


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def polynomial_text(coefficients) -> str:
    """'x³ − 2x² + 3x − 1' for (1, −2, 3, −1), highest power first."""
    terms = []
    degree = len(coefficients) - 1
    for position, a in enumerate(coefficients):
        power = degree - position
        if a == 0:
            continue
        size = abs(a)
        body = "x" + (str(power).translate(_SUPERSCRIPTS) if power > 1 else "") if power else ""
        number = "" if size == 1 and power else f"{size:g}"
        sign = ("−" if a < 0 else "") if not terms else (" − " if a < 0 else " + ")
        terms.append(f"{sign}{number}{body}")
    return "".join(terms) or "0"


# Exercise 3 as D2L asks it: autograd through the book's Conv2D (§7.2.3), whose forward is the
# book's corr2d loop (§7.2.1) with its in-place `Y[i, j] = …`. MXNet's autograd refused that
# write; PyTorch records it, so the layer trains.
class BookConv2D(nn.Module):
    """The book's Conv2D, as D2L writes it (PyTorch edition)."""

    def __init__(self, kernel_size):
        super().__init__()
        self.weight = nn.Parameter(torch.rand(kernel_size))
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        return corr2d_book(x, self.weight) + self.bias


# The study note's layer as it was written: it never calls super().__init__(),
# so nn.Module has no table to keep parameters in, and its forward names its first parameter
# `Self` and then reads `self`. Fixed code, shown and run by the learn page; never edited.
class NoteConv2D(nn.Module):
    """The study note's Conv2D, as written (it cannot be built)."""

    def __init__(self, kernel_size):
        self.weight = nn.Parameter(torch.rand(kernel_size))  # 取随机值
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(Self, x):
        return corr2d(x, self.weight) + self.bias  # noqa: F821


# The same with the first slip mended: it is built, and fails as soon as it is called.
class NoteConv2DWithInit(nn.Module):
    """The note's Conv2D with super().__init__() added (it cannot be called)."""

    def __init__(self, kernel_size):
        super().__init__()
        self.weight = nn.Parameter(torch.rand(kernel_size))
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(Self, x):
        return corr2d(x, self.weight) + self.bias  # noqa: F821


@dataclass(frozen=True)
class LayerTrial:
    """What happened when a layer class was built, called and trained on the book's pair."""

    failed_at: str | None  # "build", "forward", or None: it trained
    error: str  # "AttributeError: cannot assign parameters …", or "" when nothing failed
    losses: tuple[float, ...]  # the book's loss after each step, when it trained
    weight: torch.Tensor | None  # the kernel it learned
    # What autograd found at the first step: d loss / d weight and d loss / d bias.
    weight_grad: torch.Tensor | None = None
    bias_grad: torch.Tensor | None = None


def try_layer(layer_class, *, lr: float = 3e-2, steps: int = 10, seed: int = 0) -> LayerTrial:
    """Build layer_class((1, 2)), then run the book's loop (D2L §7.2.4) with it: the real
    error of the first step that fails, or the losses of a run that trains."""
    X = edge_image()
    Y = corr2d(X, edge_kernel())
    torch.manual_seed(seed)
    try:
        layer = layer_class((1, 2))
    except Exception as err:
        return LayerTrial("build", f"{type(err).__name__}: {err}", (), None)
    losses, grads = [], None
    for _ in range(steps):
        try:
            loss = ((layer(X) - Y) ** 2).sum()
        except Exception as err:
            return LayerTrial("forward", f"{type(err).__name__}: {err}", tuple(losses), None)
        layer.zero_grad()
        loss.backward()
        if grads is None:
            grads = (layer.weight.grad.detach().clone(), layer.bias.grad.detach().clone())
        with torch.no_grad():
            layer.weight -= lr * layer.weight.grad
        losses.append(float(loss.detach()))
    weight_grad, bias_grad = grads if grads is not None else (None, None)
    return LayerTrial(
        None, "", tuple(losses), layer.weight.detach().clone(), weight_grad, bias_grad
    )
