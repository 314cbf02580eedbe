"""Kernels designed from a recipe (D2L §7.2, exercise 2): an edge detector for a direction,
the finite difference of order d, and blurs whose weights sum to 1.

Directions follow the heatmaps: x runs along a row to the right (columns), y down a column
(rows, row 0 on top). The kernels are applied by cross-correlation, as every kernel here.
"""

from __future__ import annotations

import math

import torch

from conv_core.validation import ConvInputError, as_positive_int

DERIVATIVE_PARTS = ("sobel", "central")  # how ∂x and ∂y are estimated on a 3×3 grid
MAX_ORDER = 6  # beyond this the differences of float32 samples lose their digits
MAX_BLUR_RADIUS = 7  # a 15×15 blur
BLURS = ("box", "gaussian")

# ∂/∂x estimates: Sobel smooths across the rows (1, 2, 1)/4 while it differentiates along
# them; the central difference does not smooth. Both divided so that a ramp of slope 1 gives 1.
_DX = {
    "sobel": torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]) / 8,
    "central": torch.tensor([[0.0, 0.0, 0.0], [-1.0, 0.0, 1.0], [0.0, 0.0, 0.0]]) / 2,
}


def _finite(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConvInputError("not_number", f"{name} must be a number, not {value!r}.", name=name)
    if not math.isfinite(value):
        raise ConvInputError("not_finite", f"{name} must be a finite number.", name=name)
    return float(value)


def direction(angle_degrees) -> tuple[float, float]:
    """The unit vector v = (cos θ, sin θ): θ = 0 points right along the rows, 90° down."""
    angle = math.radians(_finite(angle_degrees, "angle"))
    v1, v2 = math.cos(angle), math.sin(angle)
    return (round(v1, 12) + 0.0, round(v2, 12) + 0.0)  # cos 90° is 0, not 6e-17; no −0


def direction_kernel(v, *, parts: str = "sobel") -> torch.Tensor:
    """The 3×3 kernel of the directional derivative v1·∂x + v2·∂y: it answers to brightness
    changing along v, that is to edges running across v, in the direction (v2, −v1)."""
    if parts not in _DX:
        raise ConvInputError(
            "unknown_parts",
            f"parts must be one of {', '.join(DERIVATIVE_PARTS)}, not {parts!r}.",
            choices=", ".join(DERIVATIVE_PARTS),
        )
    if not isinstance(v, tuple | list) or len(v) != 2:
        raise ConvInputError("direction", "v must be a pair of numbers (v1, v2).")
    v1, v2 = (_finite(value, "v") for value in v)
    if v1 == v2 == 0:
        raise ConvInputError("direction", "v = (0, 0) has no direction; give v1 or v2 ≠ 0.")
    dx = _DX[parts]
    return v1 * dx + v2 * dx.T


def derivative_kernel(order) -> torch.Tensor:
    """The 1×(d+1) finite difference of order d, (−1)^(d−k)·C(d, k): the smallest kernel that
    gives the d-th derivative, since d + 1 samples are what a polynomial of degree d needs.

    On samples f(x_0 + k·h) it gives Δ^d f = h^d · f^(d) (exactly so for a polynomial of degree
    d: d!·a_d·h^d, a constant). Order 1 is [−1, 1], the book's [1, −1] with its sign turned.
    """
    d = _whole(order, "order", 1, MAX_ORDER)
    row = [(-1) ** (d - k) * math.comb(d, k) for k in range(d + 1)]
    return torch.tensor([row], dtype=torch.float32)


def _whole(value, name: str, minimum: int, maximum: int) -> int:
    """`value` as a whole number from `minimum` to `maximum`, or a ConvInputError naming it."""
    n = as_positive_int(value, name, minimum)
    if n > maximum:
        raise ConvInputError(
            "too_large",
            f"{name} must be at most {maximum}; it is {n}.",
            name=name,
            maximum=maximum,
            value=n,
        )
    return n


def _radius(radius) -> int:
    return _whole(radius, "radius", 0, MAX_BLUR_RADIUS)


def box_blur(radius) -> torch.Tensor:
    """The (2r+1)×(2r+1) mean: every pixel of the window counts the same."""
    side = 2 * _radius(radius) + 1
    return torch.full((side, side), 1.0 / side**2)


def gaussian_blur(radius, sigma) -> torch.Tensor:
    """exp(−(a² + b²) / 2σ²) on the (2r+1)×(2r+1) grid around the centre, divided by its sum."""
    r = _radius(radius)
    s = _finite(sigma, "sigma")
    if s <= 0:
        raise ConvInputError(
            "too_small", f"sigma must be above 0; it is {s}.", name="sigma", minimum=0, value=s
        )
    a = torch.arange(-r, r + 1, dtype=torch.float64)
    g = torch.exp(-(a**2) / (2 * s**2))
    g = g / g.sum()  # separable: the outer product of two normalised rows sums to 1
    return torch.outer(g, g).to(torch.float32)


def blur_kernel(kind: str, radius, sigma=1.0) -> torch.Tensor:
    """One of BLURS: "box" (radius) or "gaussian" (radius, sigma); its weights sum to 1."""
    if kind == "box":
        return box_blur(radius)
    if kind == "gaussian":
        return gaussian_blur(radius, sigma)
    raise ConvInputError(
        "unknown_blur",
        f"There is no blur called {kind!r}; choose one of {', '.join(BLURS)}.",
        choices=", ".join(BLURS),
    )
