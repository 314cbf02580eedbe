"""Where's Waldo (D2L §7.1.1): a pattern used as a kernel finds itself in a scene.

A plain cross-correlation, which is what a convolutional layer computes, scores a window by
Σ window·pattern: it grows with the window's brightness, so a white patch outscores the
pattern itself. Normalised cross-correlation subtracts each window's mean and divides by
both norms, so it measures likeness of shape only: exactly 1 where the pattern was pasted.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from conv_core.correlation import corr2d, output_shape
from conv_core.validation import ConvInputError, as_matrix


def paste(scene, pattern, top: int, left: int) -> torch.Tensor:
    """A copy of the scene with the pattern placed with its top-left cell at (top, left)."""
    scene = as_matrix(scene, "scene").clone()
    pattern = as_matrix(pattern, "pattern")
    ph, pw = pattern.shape
    h, w = scene.shape
    for name, value, limit in (("top", top, h - ph), ("left", left, w - pw)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
            raise ConvInputError(
                "position",
                f"{name} must be a whole number from 0 to {limit} so the pattern fits; "
                f"got {value!r}.",
                name=name,
                maximum=limit,
            )
    scene[top : top + ph, left : left + pw] = pattern
    return scene


def plain_match(scene, pattern) -> torch.Tensor:
    """Σ window·pattern at every position: the convolutional layer's own score."""
    return corr2d(scene, pattern)


def match_template(scene, pattern) -> torch.Tensor:
    """Normalised cross-correlation at every position, in [−1, 1]; 0 where a window is flat.

    NCC(i, j) = Σ (W − mean W)(P − mean P) / (‖W − mean W‖ · ‖P − mean P‖) for the window W
    of the scene under the pattern P with its top-left cell at (i, j).
    """
    scene = as_matrix(scene, "scene")
    pattern = as_matrix(pattern, "pattern")
    output_shape(scene.shape, pattern.shape)  # refuses a pattern larger than the scene
    P = pattern.double()
    centred = P - P.mean()
    p_norm = float(centred.norm())
    if p_norm <= 1e-9 * max(1.0, float(P.abs().max())) * P.numel() ** 0.5:
        raise ConvInputError(
            "flat_pattern",
            "The pattern has the same value everywhere, so it has no shape to look for.",
        )
    S = scene.double()[None, None]

    def window_sums(M: torch.Tensor) -> torch.Tensor:
        return F.conv2d(M, torch.ones_like(P)[None, None])[0, 0]

    n = P.numel()
    sums = window_sums(S)
    # Σ (W − mean W)² = Σ W² − (Σ W)² / n; float64 keeps the cancellation harmless.
    spread = (window_sums(S * S) - sums * sums / n).clamp(min=0.0)
    numerator = F.conv2d(S, centred[None, None])[0, 0]  # Σ W·(P − mean P) = Σ (W − mean W)(…)
    denominator = spread.sqrt() * p_norm
    scale = max(1.0, float(S.abs().max()))
    flat = spread <= 1e-12 * n * scale * scale
    ncc = torch.where(flat, torch.zeros_like(numerator), numerator / denominator.clamp(min=1e-300))
    return ncc.clamp(-1.0, 1.0).to(torch.float32)


def best_match(scores) -> tuple[int, int]:
    """(row, column) of the highest score; the first in reading order on a tie."""
    scores = as_matrix(scores, "scores")
    flat = int(torch.argmax(scores.flatten()))  # torch returns the first maximum
    return divmod(flat, scores.shape[1])
