"""Uploads in: safe decoding of a photo's bytes into an upright RGB or grey PIL image."""

from __future__ import annotations

import contextlib
import io
import warnings

import numpy as np
from PIL import Image, ImageOps

from conv_core.validation import ConvInputError, as_positive_int

# Formats an upload may be in. An allow-list keeps PIL away from plugins that are a poor
# fit for untrusted files (EPS, for one, hands the file to Ghostscript). Phones' multi-picture
# JPEGs (MPO) open through the JPEG entry.
ALLOWED_FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "BMP", "TIFF")
_ALLOWED_TEXT = "PNG, JPEG, GIF, WebP, BMP or TIFF"

_WHITE = 255


def decode_image(data: bytes, *, max_pixels: int = 50_000_000) -> Image.Image:
    """An uploaded file's bytes as an RGB or L image, upright, first frame; else a ValueError.

    The pixel limit is checked from the header, before any pixel is decoded, so a small file
    announcing a huge picture (a decompression bomb) costs nothing. Every refusal is a
    `ConvInputError` (a ValueError) whose `code` is one of "empty", "not_image", "damaged",
    "too_large", "unsupported_mode".
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"decode_image needs the file's bytes, not {type(data).__name__}.")
    max_pixels = as_positive_int(max_pixels, "max_pixels")
    if len(data) == 0:
        raise ConvInputError(
            "empty",
            f"The file is empty (0 bytes). Please upload an image: {_ALLOWED_TEXT}.",
        )
    img = _open_header(bytes(data))
    width, height = img.size
    if width * height > max_pixels:
        raise _too_large(width, height, max_pixels)
    try:
        img.load()
    except Exception as err:
        # Truncated or corrupt pixel data: PIL raises OSError, SyntaxError, zlib errors, ...
        raise _damaged() from err
    # Turned in place, not copied: a 12 MP photo is 36 MB, and a class uploads at once.
    _turn_upright(img)
    return normalise_mode(img)


def _open_header(data: bytes) -> Image.Image:
    """PIL's lazy open: identifies the format and reads the header, not the pixels."""
    try:
        # PIL warns (DecompressionBombWarning) about sizes we check ourselves with max_pixels.
        # Before Python 3.14 catch_warnings swaps the process-wide filter list, so it is held
        # only around this header read.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except Image.DecompressionBombError as err:
        # Only for sizes beyond twice PIL's own limit, far past any sensible max_pixels.
        limit = 2 * (Image.MAX_IMAGE_PIXELS or 0)
        raise ConvInputError(
            "too_large",
            f"The image announces more than {limit / 1e6:.0f} megapixels, far more than a photo "
            "needs; it may be a 'decompression bomb'. Please upload a smaller image.",
        ) from err
    except Image.UnidentifiedImageError as err:
        raise ConvInputError(
            "not_image",
            f"This file is not an image that can be read here. Allowed formats: {_ALLOWED_TEXT}.",
        ) from err
    except Exception as err:
        # A recognised format whose header is broken (OSError, SyntaxError, struct.error, ...).
        raise _damaged() from err


def _too_large(width: int, height: int, max_pixels: int) -> ConvInputError:
    return ConvInputError(
        "too_large",
        f"The image is {width} × {height} pixels ({width * height / 1e6:.1f} megapixels); "
        f"the limit is {max_pixels / 1e6:g} megapixels. Please upload a smaller image.",
        width=width,
        height=height,
        max_pixels=max_pixels,
    )


def _damaged() -> ConvInputError:
    return ConvInputError(
        "damaged",
        "The image file is damaged or incomplete (perhaps the download or upload was cut short). "
        "Please try the file again or choose another image.",
    )


def _turn_upright(img: Image.Image) -> None:
    """Turn the image as its EXIF Orientation tag says (phones store photos sideways)."""
    # A broken EXIF block should not cost the student their photo: show it as stored.
    with contextlib.suppress(Exception):
        ImageOps.exif_transpose(img, in_place=True)


def normalise_mode(img: Image.Image) -> Image.Image:
    """Any PIL mode as RGB or L: transparency composited on white, high bit depths stretched."""
    mode = img.mode
    if mode in ("RGB", "L"):
        return img
    if mode == "1":
        return img.convert("L")
    if mode in ("I", "F") or mode.startswith("I;16"):
        return _stretch_to_l(img)
    if mode == "P":
        has_alpha = "transparency" in img.info or (
            img.palette is not None and img.palette.mode == "RGBA"
        )
        return _composite_on_white(img.convert("RGBA")) if has_alpha else img.convert("RGB")
    if mode in ("LA", "La", "PA", "RGBA", "RGBa"):
        return _composite_on_white(img)
    if mode in ("CMYK", "YCbCr", "RGBX", "HSV"):
        return img.convert("RGB")
    raise ConvInputError(
        "unsupported_mode",
        f"This image's colour mode ({mode}) is not supported. Please save it as an ordinary "
        "RGB or greyscale PNG or JPEG.",
        mode=mode,
    )


def _composite_on_white(img: Image.Image) -> Image.Image:
    """Transparent pixels shown as on a white page, as browsers and viewers do."""
    grey = img.mode in ("LA", "La")
    rgba = img.convert("LA" if grey else "RGBA")
    base = Image.new("L" if grey else "RGB", img.size, _WHITE if grey else (_WHITE,) * 3)
    base.paste(rgba.convert(base.mode), mask=rgba.getchannel("A"))
    return base


def _stretch_to_l(img: Image.Image) -> Image.Image:
    """16-bit, 32-bit and float images as 8-bit, by their own value range.

    PIL's convert("L") clips at 255, which turns most 16-bit images white; a 12-bit scan
    stored in 16 bits would look black if divided by 257. Stretching min..max shows both.
    """
    values = np.asarray(img, dtype=np.float32)
    finite = np.isfinite(values)
    if not finite.any():
        return Image.new("L", img.size, 0)
    lo = float(values[finite].min())
    hi = float(values[finite].max())
    if hi == lo:
        # No contrast to stretch; mid-grey, as to_display(mode="minmax") shows a constant.
        return Image.new("L", img.size, 128)
    values = np.where(finite, values, lo)
    values -= lo
    values *= 255.0 / (hi - lo)
    return Image.fromarray(np.rint(values).astype(np.uint8), mode="L")
