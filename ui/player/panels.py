"""The player's panels as data (the dictionaries player.js draws), built from tensors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from conv_core import format_number
from ui.heatmap import colour_range

DECIMALS = 4  # a heatmap cell or a weight shows at most 3 decimals; losses are sent whole


def _finite_or_none(values, decimals: int | None = None) -> list:
    """The numbers as a flat list for JSON, rounded to `decimals` (what the player shows:
    shorter to send), with null for what is not finite (JSON has no NaN or infinity)."""
    array = np.asarray(values, dtype=float).ravel()
    finite = np.isfinite(array)
    if decimals is not None:
        array = np.round(array, decimals)
    numbers = array.tolist()
    if finite.all():
        return numbers
    return [v if ok else None for v, ok in zip(numbers, finite.tolist(), strict=True)]


def heatmap(
    values,
    *,
    title: str,
    text: Sequence[Sequence[str]] | None = None,
    boxes: Sequence[Sequence[int]] | None = None,
    padding: tuple[int, int] = (0, 0),
    reveal: bool = False,
    px: int = 320,
) -> dict[str, Any]:
    """One matrix, or one per frame when `values` has a frame axis in front.

    `boxes[f]` is the window (top, left, height, width) drawn on frame f; `reveal` shows only
    cells up to the frame's flat index (Y filling in as the window moves); `padding` shades
    the border cells that are the zeros added around the input.
    """
    Z = np.asarray(values, dtype=float)
    per_frame = Z.ndim == 3
    rows, cols = Z.shape[-2:]
    low, high, signed = colour_range(Z)
    if text is None:
        text = (
            [["" if not np.isfinite(z) else format_number(z) for z in row] for row in Z]
            if not per_frame
            else None
        )
    spec: dict[str, Any] = {
        "type": "heatmap",
        "title": title,
        "rows": int(rows),
        "cols": int(cols),
        "values": [_finite_or_none(frame, DECIMALS) for frame in Z]
        if per_frame
        else _finite_or_none(Z, DECIMALS),
        "vmin": low,
        "vmax": high,
        "diverging": signed,
        "padding": [int(padding[0]), int(padding[1])],
        "reveal": reveal,
        "px": px,
    }
    if text is not None:
        spec["text"] = [str(cell) for row in text for cell in row]
    if boxes is not None:
        spec["box"] = [[int(v) for v in box] for box in boxes]
    return spec


def lines(title: str, series: Sequence[dict[str, Any]], *, log: bool = False) -> dict[str, Any]:
    """Curves over the frames, drawn up to the current one; a series may have a `target`."""
    return {
        "type": "lines",
        "title": title,
        "log": log,
        "series": [
            dict(s, values=_finite_or_none(s["values"], None if log else DECIMALS)) for s in series
        ],
    }


def surface(title: str, w1, w2, losses, best, paths: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A loss surface over (w1, w2) with each run's path of weights on it, frame by frame."""
    return {
        "type": "surface",
        "title": title,
        "w1": [float(v) for v in w1],
        "w2": [float(v) for v in w2],
        "losses": np.asarray(losses, dtype=float).tolist(),
        "best": [float(v) for v in best],
        "paths": [
            dict(
                p,
                points=[
                    [a, b]
                    for a, b in zip(*map(_finite_or_none, np.asarray(p["points"]).T), strict=True)
                ],
            )
            for p in paths
        ],
    }


def correlation(X, kernels, *, title: str, px: int = 320) -> dict[str, Any]:
    """corr2d(X, kernels[f]) on frame f, computed by the player from X and the kernels (sent
    once each) instead of sent frame by frame; colours fixed by every frame's range."""
    X = np.asarray(X, dtype=float)
    kernels = np.asarray(kernels, dtype=float)
    kh, kw = kernels.shape[-2:]
    rows, cols = X.shape[0] - kh + 1, X.shape[1] - kw + 1
    spec = heatmap(np.zeros((rows, cols)), title=title, px=px)
    del spec["text"], spec["values"]
    outputs = np.stack([_valid_correlation(X, K) for K in kernels[:: max(1, len(kernels) // 50)]])
    spec["vmin"], spec["vmax"], spec["diverging"] = colour_range(np.append(outputs, 0.0))
    spec["correlate"] = {
        "input": _finite_or_none(X, DECIMALS),
        "input_cols": int(X.shape[1]),
        "kernels": [_finite_or_none(K, DECIMALS + 1) for K in kernels],
        "kernel_rows": int(kh),
        "kernel_cols": int(kw),
    }
    return spec


def _valid_correlation(X: np.ndarray, K: np.ndarray) -> np.ndarray:
    windows = np.lib.stride_tricks.sliding_window_view(X, K.shape)
    return np.einsum("ijab,ab->ij", windows, K)


def text(title: str, values: Sequence[str], *, wide: bool = True) -> dict[str, Any]:
    """A line of text per frame (a sum written out, the kernel's numbers)."""
    return {"type": "text", "title": title, "values": list(values), "wide": wide}
