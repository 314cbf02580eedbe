"""Photos as tensors: grey and colour X, previews, display scaling (D2L §7.2.3)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from conv_core.decoding import normalise_mode
from conv_core.fast.pool import pooled_empty
from conv_core.validation import ConvInputError, as_positive_int, as_tensor

DISPLAY_MODES = ("signed", "absolute", "minmax", "clip")

# ITU-R BT.601 luma, the weights PIL's convert("L") uses.
_LUMA = (0.299, 0.587, 0.114)


def to_gray(img: Any) -> torch.Tensor:
    """(H, W) float32 tensor in [0, 1]: ITU-R 601 luma (as PIL's "L"), computed in float.

    Accepts a PIL image of any mode, or an (H, W) or (H, W, 3) array or tensor: uint8 is read
    as 0..255, uint16 as 0..65535, anything else as numbers that must already lie in [0, 1].
    """
    if isinstance(img, Image.Image):
        return _luma(np.asarray(normalise_mode(img)), 255.0)
    if isinstance(img, torch.Tensor) and img.dtype == torch.uint8:
        img = img.detach().numpy()
    if isinstance(img, np.ndarray) and img.dtype in (np.uint8, np.uint16):
        _check_image_shape(img, (2, 3), channels=3)
        return _luma(img, 255.0 if img.dtype == np.uint8 else 65535.0)
    pixels = _as_image_tensor(img, (2, 3), channels=3)
    low, high = (float(v) for v in torch.aminmax(pixels))
    if low < 0.0 or high > 1.0:
        raise ConvInputError(
            "image_range",
            "Image values must lie between 0 and 1 (or be uint8, 0..255); these go "
            f"from {low:g} to {high:g}.",
            low=low,
            high=high,
        )
    return _luma(pixels.numpy(), 1.0)


def rgb_preview(img: Image.Image, max_side: int = 1280) -> np.ndarray:
    """A decoded picture as a small (h, w, 3) uint8 RGB array, longest side <= max_side: what a
    page keeps of a colour photo (a grey one gets three equal channels)."""
    if not isinstance(img, Image.Image):
        raise TypeError(f"rgb_preview needs a PIL image, not {type(img).__name__}.")
    small = preview(normalise_mode(img), max_side)
    return np.asarray(small.convert("RGB") if small.mode != "RGB" else small)


def to_rgb(img: Any) -> torch.Tensor:
    """(3, H, W) float32 tensor in [0, 1], channels first as D2L §7.4's X: red, green, blue.

    Accepts a PIL image of any mode (grey gives three equal channels), or an (H, W, 3) or
    (H, W) uint8 array or tensor (0..255).
    """
    if isinstance(img, Image.Image):
        img = normalise_mode(img)
        pixels = np.asarray(img.convert("RGB") if img.mode != "RGB" else img)
    else:
        if isinstance(img, torch.Tensor):
            img = img.detach().numpy()
        if not isinstance(img, np.ndarray) or img.dtype != np.uint8:
            raise ConvInputError(
                "image_dtype",
                "to_rgb needs a PIL image or 8-bit pixels (uint8, 0..255).",
            )
        _check_image_shape(img, (2, 3), channels=3)
        pixels = img if img.ndim == 3 else np.repeat(img[:, :, None], 3, axis=2)
    X = np.divide(pixels.transpose(2, 0, 1), np.float32(255.0), dtype=np.float32)
    return torch.from_numpy(np.ascontiguousarray(X))


def _luma(pixels: np.ndarray, full_scale: float) -> torch.Tensor:
    """Weighted channel sum straight into one float32 array (no float64 copy), in memory
    from the pool of photo-sized arrays (`fast.pool`: the page makes a new X at each change)."""
    X = pooled_empty(pixels.shape[:2])
    gray = X.numpy()
    if pixels.ndim == 2:
        # Converted first, then divided in place: the same float32 division as
        # np.divide(pixels, scale, dtype=float32), without its slower mixed-type loop.
        np.copyto(gray, pixels)
        np.divide(gray, np.float32(full_scale), out=gray)
        return X
    weights = [np.float32(weight / full_scale) for weight in _LUMA]
    np.multiply(pixels[..., 0], weights[0], out=gray, dtype=np.float32)
    gray += pixels[..., 1] * weights[1]
    gray += pixels[..., 2] * weights[2]
    # The weights sum to 1 only up to rounding; white must stay exactly 1.
    np.clip(gray, 0.0, 1.0, out=gray)
    return X


def _writable(value: Any) -> Any:
    """A tensor detached, a read-only NumPy array copied (torch.from_numpy warns about those)."""
    if isinstance(value, torch.Tensor):
        return value.detach()
    if isinstance(value, np.ndarray) and not value.flags.writeable:
        return value.copy()
    return value


def _check_image_shape(values: Any, ndims: tuple[int, ...], channels: int | None = None) -> int:
    """The number of axes of an image-like value, or a ConvInputError if it is not allowed."""
    try:
        ndim = values.ndim if hasattr(values, "ndim") else np.ndim(values)
    except ValueError:
        return ndims[0]  # ragged nested lists: as_tensor explains those
    bad_channels = ndim == 3 and channels is not None and values.shape[2] != channels
    if ndim not in ndims or bad_channels:
        shape = tuple(values.shape) if hasattr(values, "shape") else np.shape(values)
        names = {1: "(N,)", 2: "(H, W)", 3: f"(H, W, {channels or 'C'})"}
        allowed = " or ".join(names[n] for n in ndims)
        raise ConvInputError(
            "image_shape",
            f"An image must have shape {allowed}; this one has shape {shape}.",
            shape=shape,
        )
    return ndim


def _as_image_tensor(
    values: Any, ndims: tuple[int, ...], channels: int | None = None, name: str = "image"
) -> torch.Tensor:
    """A finite float32 tensor with one of the allowed numbers of axes; may share memory."""
    values = _writable(values)
    ndim = _check_image_shape(values, ndims, channels)
    if isinstance(values, torch.Tensor) and values.dtype == torch.float32 and values.numel():
        # The hot path: a 12 MP output on every rerun. NaN and ±inf show in min or max, and
        # one pass for both is cheap where as_tensor's isfinite check makes a boolean image.
        low, high = _extremes(values)
        if math.isfinite(low) and math.isfinite(high):
            return values
    return as_tensor(values, name, ndim)


# Below this many elements NumPy's single-threaded loops are as fast as torch's: a torch
# operation on more than a few thousand elements is a parallel region, and on a busy machine
# each region waits for the slowest of its threads to be given a core again.
_SMALL = 1 << 20


def _extremes(values: torch.Tensor) -> tuple[float, float]:
    """(min, max) of a non-empty float32 tensor, NaN when it holds a NaN."""
    if values.numel() <= _SMALL:
        pixels = values.numpy()
        return float(pixels.min()), float(pixels.max())
    return tuple(float(v) for v in torch.aminmax(values))


def preview(img: Any, max_side: int = 1280) -> Any:
    """A copy small enough for the browser: longest side <= max_side, aspect kept, never enlarged.

    A PIL image gives a PIL image; an (H, W) or (H, W, C) array or tensor gives a float32 tensor
    of the same value scale, averaged over the pixels each output pixel covers.
    """
    max_side = as_positive_int(max_side, "max_side")
    if isinstance(img, Image.Image):
        size = _fit(img.height, img.width, max_side)
        if size == (img.height, img.width):
            return img.copy()
        # reducing_gap=1: a box shrink by the whole factor, then Lanczos for the rest;
        # several times faster than Lanczos all the way, and the same to the eye at preview size.
        return img.resize((size[1], size[0]), Image.Resampling.LANCZOS, reducing_gap=1.0)
    return _averaged(_as_image_tensor(img, (2, 3)), max_side)


def _averaged(values: torch.Tensor, max_side: int) -> torch.Tensor:
    size = _fit(values.shape[0], values.shape[1], max_side)
    if size == tuple(values.shape[:2]):
        return values.clone()
    # (H, W[, C]) -> (1, C, H, W) for interpolate, and back.
    batch = values.reshape(*values.shape[:2], -1).permute(2, 0, 1).unsqueeze(0)
    small = F.interpolate(batch, size=size, mode="area")[0].permute(1, 2, 0)
    return small[:, :, 0].contiguous() if values.ndim == 2 else small.contiguous()


def preview_peaks(image01: Any, max_side: int = 1280, background: float = 0.0) -> torch.Tensor:
    """A shrunk copy of an (H, W) edge map that keeps, in each block, its strongest response.

    Averaging (`preview`) fades a one-pixel edge to a faint line when a photo is shrunk 3×
    for the screen; here each output pixel is the value of its f×f block (f the smallest
    whole factor that brings the longest side to max_side or less; the last blocks may be
    cut short) that lies farthest from `background` (0 for Y itself or |Y|), so every edge stays
    as strong as it is.
    """
    max_side = as_positive_int(max_side, "max_side")
    values = _as_image_tensor(image01, (2,))
    return _peaks(values, max_side, float(background))[0]


def preview_and_range(Y: Any, max_side: int = 1280, *, peaks: bool = False):
    """(Y shrunk for the screen, (min, max) of the whole Y): `preview_peaks(Y, max_side)` when
    `peaks`, else `preview(Y, max_side)`, and Y's range, which a display of the preview needs.

    A photo-sized Y is read as few times as can be: the peaks' blocks hold every value of Y, so
    the range is theirs, and Y's finiteness is judged by that range instead of a pass of its own.
    """
    max_side = as_positive_int(max_side, "max_side")
    if not (isinstance(Y, torch.Tensor) and Y.dtype == torch.float32 and Y.ndim == 2):
        Y = _as_image_tensor(Y, (2,), name="Y")
    values = Y.detach()
    if peaks and values.numel():
        small, low, high = _peaks(values, max_side, 0.0)
    else:
        low, high = _extremes(values) if values.numel() else (0.0, 0.0)
        small = None
    if not (math.isfinite(low) and math.isfinite(high)):
        _as_image_tensor(values, (2,), name="Y")  # refuses it, naming what is wrong
    return (_averaged(values, max_side) if small is None else small), (low, high)


def _peaks(values: torch.Tensor, max_side: int, background: float):
    """preview_peaks of a checked (H, W) tensor, with the smallest and largest value of all."""
    factor = -(-max(values.shape) // max_side)
    if factor == 1:
        return (values.clone(), *_extremes(values))
    # Each block's largest and smallest value, rows first (a reduction over the middle axis
    # reads memory in order, much faster than a 2-D max-pool over the photo), then columns by
    # a 1-D max-pool over the row-reduced image (f times smaller; its ceil mode cuts the last
    # block short, so nothing photo-sized is padded). The one farther from the background
    # wins, as itself.
    rows_high, rows_low = _row_blocks(values, factor)

    def columns(reduced: torch.Tensor, sign: float) -> np.ndarray:
        if sign < 0:
            reduced = reduced.neg_()
        pooled = F.max_pool1d(reduced[None], factor, factor, ceil_mode=True)[0].numpy()
        return pooled if sign > 0 else np.negative(pooled, out=pooled)

    high, low = columns(rows_high, 1.0), columns(rows_low, -1.0)
    # Screen-sized from here: NumPy (see _SMALL).
    small = np.where(high - background >= background - low, high, low)
    return torch.from_numpy(small), float(low.min()), float(high.max())


# Block rows reduced together on one thread: 12 of a 4000-column photo's (5 rows each) are
# ~1 MB, within a core's own cache.
_CACHED_BLOCK_ROWS = 12


def _row_blocks(values: torch.Tensor, factor: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The largest and the smallest value of each column in each block of `factor` rows (the
    last block may be cut short): two new (⌈H / factor⌉, W) tensors."""
    height, width = values.shape
    whole = height // factor * factor  # rows in whole blocks
    blocks = values[:whole].reshape(whole // factor, factor, width)
    if torch.get_num_threads() == 1:
        # On one thread (a busy machine: conv_core.busy) NumPy, a few block rows at a time:
        # their largest values are taken while they are still in the cache for the smallest.
        pixels = blocks.numpy()
        high = np.empty((whole // factor, width), dtype=np.float32)
        low = np.empty_like(high)
        for top in range(0, len(high), _CACHED_BLOCK_ROWS):
            part = slice(top, top + _CACHED_BLOCK_ROWS)
            np.max(pixels[part], 1, out=high[part])
            np.min(pixels[part], 1, out=low[part])
        high, low = torch.from_numpy(high), torch.from_numpy(low)
    else:
        high, low = torch.amax(blocks, 1), torch.amin(blocks, 1)
    if whole < height:
        high = torch.cat([high, torch.amax(values[whole:], 0, keepdim=True)])
        low = torch.cat([low, torch.amin(values[whole:], 0, keepdim=True)])
    return high, low


def _fit(height: int, width: int, max_side: int) -> tuple[int, int]:
    """(height, width) scaled down so the longest side is at most max_side."""
    longest = max(height, width)
    if longest <= max_side:
        return (height, width)
    scale = max_side / longest
    return (max(1, round(height * scale)), max(1, round(width * scale)))


def to_display(
    Y: Any, mode: str = "signed", limits: tuple[float, float] | None = None
) -> torch.Tensor:
    """A detector's output Y as float32 brightness in [0, 1], for the edge page (D2L §7.2.3).

    "signed": 0 is mid-grey, +max|Y| white, -max|Y| black (the book's 1 and -1 edges differ);
    "absolute": |Y| / max|Y| (an edge is bright whichever way it goes);
    "minmax": (Y - min) / (max - min), the full range used;
    "clip": Y itself cut to [0, 1], for kernels that keep brightness (blur, sharpen).
    An all-zero or constant Y never divides by zero: it shows as 0.5 ("signed", "minmax"),
    or 0 ("absolute"). `limits` = (min, max) scales Y as a larger Y it is part of would be
    scaled (a preview or a crop shown with the whole picture's range); by default Y's own.
    """
    if mode not in DISPLAY_MODES:
        raise ConvInputError(
            "display_mode",
            f"Display mode {mode!r} is not known; choose one of {', '.join(DISPLAY_MODES)}.",
            mode=mode,
        )
    values = _as_image_tensor(Y, (1, 2, 3), name="Y")
    if mode == "clip":
        return torch.from_numpy(np.clip(values.numpy(), 0.0, 1.0))
    if limits is None:
        low, high = _extremes(values) if values.numel() else (0.0, 0.0)
    else:
        low, high = (float(v) for v in limits)
        if not (math.isfinite(low) and math.isfinite(high) and low <= high):
            raise ConvInputError(
                "display_limits",
                f"Display limits must be two finite numbers, the smaller first; got {limits}.",
                limits=limits,
            )
    # Each branch makes one new array and works in place on it (a 12 MP Y is 48 MB), in
    # NumPy: one thread, no parallel region to wait on (see _SMALL), and fast enough on a photo.
    pixels = values.numpy()
    if mode == "minmax":
        if high == low:
            return torch.full_like(values, 0.5)
        shown = _divided(np.subtract(pixels, np.float32(low)), high - low)
    elif mode == "absolute":
        peak = max(-low, high)
        if peak == 0:
            return torch.zeros_like(values)
        shown = _divided(np.abs(pixels), peak)
    else:
        peak = max(-low, high)
        if peak == 0:
            return torch.full_like(values, 0.5)
        shown = _divided(pixels.copy(), 2 * peak)
        shown += np.float32(0.5)
    return torch.from_numpy(np.clip(shown, 0.0, 1.0, out=shown))


def _divided(shown: np.ndarray, by: float) -> np.ndarray:
    """`shown / by` in place: by multiplying with 1/by (faster on 12 MP), unless 1/by is beyond
    float32, as for a Y whose largest value is denormal (2.65e-42 made 0 × inf = NaN)."""
    factor = 1.0 / by
    if factor < 3.0e38:
        shown *= np.float32(factor)
    else:
        shown /= np.float32(by)
    return shown


def to_uint8(image01: Any) -> np.ndarray:
    """Brightness in [0, 1] as a uint8 NumPy array (0..255), what PIL and st.image take."""
    values = _as_image_tensor(image01, (2, 3))
    levels = np.clip(values.numpy(), 0.0, 1.0)
    levels *= np.float32(255.0)
    return np.rint(levels, out=levels).astype(np.uint8)
