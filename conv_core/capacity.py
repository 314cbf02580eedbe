"""How many weights: a fully connected layer against a convolution (D2L §7.1)."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any, NamedTuple

from conv_core.validation import ConvInputError, as_pair, as_positive_int


def image_size(height: int, width: int) -> tuple[int, int]:
    """(height, width) of an image, refused (code "image_empty") when it has no pixel."""
    size = []
    for name, n in (("height", height), ("width", width)):
        n = as_positive_int(n, name, minimum=0)
        if n < 1:
            raise ConvInputError(
                "image_empty",
                f"{name} must be at least 1: an image needs at least one row and one column "
                f"of pixels, not {height} × {width}.",
                name=name,
                height=height,
                width=width,
            )
        size.append(n)
    return size[0], size[1]


@dataclass(frozen=True)
class LayerSizes:
    """Parameter counts and memory of both layers; weights only unless `includes_bias`."""

    pixels: int
    inputs: int
    fc_params: int
    fc_bytes: int
    conv_params: int
    conv_bytes: int
    includes_bias: bool

    @property
    def megapixels(self) -> float:
        return self.pixels / 1e6

    @property
    def ratio(self) -> int:
        """How many times more weights the fully connected layer needs (rounded down)."""
        return self.fc_params // self.conv_params


def fc_vs_conv(
    height: int,
    width: int,
    channels: int = 3,
    hidden: int = 100,
    kernel: int | tuple[int, int] = (3, 3),
    out_channels: int = 1,
    bytes_per_param: int = 4,
    *,
    bias: bool = False,
) -> LayerSizes:
    """The chapter's arithmetic (D2L §7.1): one hidden layer on every pixel vs one small kernel.

    A 3000 × 4000 RGB photo (12 megapixels, 36 million inputs) into 100 hidden units needs
    3.6e9 weights, 14.4 GB at 4 bytes each (the note's "3.6 亿" is a slip for 36 亿). The
    chapter counts weights only, so biases are left out unless `bias=True`.
    """
    height, width = image_size(height, width)
    channels = as_positive_int(channels, "channels")
    hidden = as_positive_int(hidden, "hidden")
    kernel_h, kernel_w = as_pair(kernel, "kernel", 1)
    out_channels = as_positive_int(out_channels, "out_channels")
    bytes_per_param = as_positive_int(bytes_per_param, "bytes_per_param")
    if not isinstance(bias, bool):
        raise ConvInputError("not_bool", f"bias must be True or False, not {bias!r}.", name="bias")
    if kernel_h > height or kernel_w > width:
        raise ConvInputError(
            "kernel_exceeds_image",
            f"The kernel ({kernel_h} × {kernel_w}) must fit inside the image ({height} × {width}).",
            kernel_height=kernel_h,
            kernel_width=kernel_w,
            height=height,
            width=width,
        )
    inputs = height * width * channels
    fc_params = inputs * hidden + (hidden if bias else 0)
    conv_params = kernel_h * kernel_w * channels * out_channels + (out_channels if bias else 0)
    return LayerSizes(
        pixels=height * width,
        inputs=inputs,
        fc_params=fc_params,
        fc_bytes=fc_params * bytes_per_param,
        conv_params=conv_params,
        conv_bytes=conv_params * bytes_per_param,
        includes_bias=bias,
    )


class DerivationCounts(NamedTuple):
    """Free weights after each step from a dense layer to a convolution (D2L §7.1.2–7.1.3)."""

    fully_connected: int  # W[i, j, k, l]: every output pixel sees every input pixel
    reindexed: int  # V[i, j, a, b] = W[i, j, i + a, j + b]: the same numbers, renamed
    translation_invariant: int  # V[a, b]: the weights no longer depend on (i, j)
    local: int  # V[a, b] = 0 for |a| > Δ or |b| > Δ


class LocalityWindow(NamedTuple):
    """Locality's window of offsets (D2L §7.1.3): |a|, |b| <= Δ, cut to the offsets that exist.

    An h × w image has offsets a in -(h - 1)..(h - 1): 2h - 1 of them down, 2w - 1 across.
    """

    side: int  # 2Δ + 1
    offsets_h: int  # 2h - 1
    offsets_w: int  # 2w - 1

    @property
    def rows(self) -> int:
        return min(self.side, self.offsets_h)

    @property
    def cols(self) -> int:
        return min(self.side, self.offsets_w)

    @property
    def capped(self) -> bool:
        """True when Δ reaches past the image, so fewer than (2Δ + 1)² offsets are kept."""
        return self.side > self.offsets_h or self.side > self.offsets_w


def locality_window(height: int, width: int, delta: int) -> LocalityWindow:
    """The offsets locality keeps for an h × w image and a window half-width Δ."""
    height, width = image_size(height, width)
    delta = as_positive_int(delta, "delta", minimum=0)
    return LocalityWindow(side=2 * delta + 1, offsets_h=2 * height - 1, offsets_w=2 * width - 1)


def derivation_parameter_counts(height: int, width: int, delta: int) -> DerivationCounts:
    """Free weights for an h × w image and an h × w hidden map, step by step (D2L §7.1).

    Offsets a run over -(h - 1)..(h - 1), so translation invariance leaves (2h - 1)(2w - 1);
    locality keeps |a|, |b| <= Δ, (2Δ + 1)² weights, or fewer when Δ reaches past the image.
    """
    height, width = image_size(height, width)
    kept = locality_window(height, width, delta)
    dense = (height * width) ** 2
    return DerivationCounts(
        fully_connected=dense,
        reindexed=dense,
        translation_invariant=kept.offsets_h * kept.offsets_w,
        local=kept.rows * kept.cols,
    )


_UNITS = ("B", "kB", "MB", "GB", "TB", "PB", "EB")


def format_bytes(n: Any) -> str:
    """A byte count in decimal units, three significant digits: 14_400_000_000 -> "14.4 GB"."""
    if isinstance(n, bool) or not isinstance(n, numbers.Real) or not math.isfinite(n) or n < 0:
        raise ConvInputError(
            "not_size", f"A size in bytes must be a finite number >= 0, not {n!r}.", value=n
        )
    value, unit = float(n), 0
    # Compare after rounding, so 999_999 bytes reads "1 MB", not "1e+03 kB".
    while float(f"{value:.3g}") >= 1000 and unit < len(_UNITS) - 1:
        value /= 1000
        unit += 1
    text = f"{value:.3g}" if value < 1000 else f"{value:.0f}"
    return f"{text} {_UNITS[unit]}"
