"""The edge page's picture: where it comes from (sample, upload, camera), decoded once.

A picture is kept as 8-bit grey (a 12-megapixel photo is 12 MB so, 48 MB as float32):
samples are shared by every session (`st.cache_resource`), an upload or a snapshot lives
in its own session only, decoded when it arrives and never written to disk.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import streamlit as st
import torch
from PIL import Image

from conv_core import (
    SAMPLES,
    ConvInputError,
    corr2d,
    decode_image,
    output_shape,
    preview,
    sample_image,
    threads_for_the_machine,
    to_gray,
    to_uint8,
)
from ui.controls import choice
from ui.i18n import error_text, option_labels, t
from ui.matrix_text import shown
from ui.url_params import SOURCES, in_url

MAX_PIXELS = 25_000_000  # a phone photo is 12–24 MP; a class of 20 must fit in memory
UPLOAD_TYPES = ["png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff"]
MAX_NAME_CHARS = 40  # of an uploaded file's name, as the page quotes it

# Photo-sized work (decoding an upload, X and Y of 48 MB each at 12 MP, the full-size
# download, the timings) runs at most this many at a time in the whole server: a classroom's
# requests queue here instead of each holding its own ~100 MB. Each one's corr2d uses every
# core torch has anyway. A request that finds no slot free within PHOTO_WAIT_SECONDS is
# refused with a message to try again, so that a queue cannot grow without end.
_PHOTO_SLOTS = threading.BoundedSemaphore(2)
PHOTO_WAIT_SECONDS = 30.0
SCREEN_PIXELS = 1_500_000  # a picture this small (the exercises' samples) needs no slot


@contextmanager
def photo_slot(wait: float | None = None) -> Iterator[None]:
    """One of the server's photo slots for the `with` block, with torch's threads limited to
    the cores idle when it starts (conv_core.threads_for_the_machine); ConvInputError
    "photo_busy" when none frees up within `wait` seconds (default PHOTO_WAIT_SECONDS)."""
    if not _PHOTO_SLOTS.acquire(timeout=PHOTO_WAIT_SECONDS if wait is None else wait):
        raise ConvInputError(
            "photo_busy",
            "The server is busy with other students' photos: please try again in a moment.",
        )
    try:
        with threads_for_the_machine():
            yield
    finally:
        _PHOTO_SLOTS.release()


@dataclass(frozen=True)
class Picture:
    """A picture as a page keeps it: `pixels` are the edge page's 8-bit grey (H, W), or the
    channels page's small RGB preview (h, w, 3); `size` is (height, width) as decoded."""

    pixels: np.ndarray  # uint8, read-only
    label: str  # Markdown for captions: a sample's name, or a file's name as code
    ident: str  # changes whenever the picture does
    size: tuple[int, int]

    @property
    def grey(self) -> np.ndarray:
        """The edge page's (H, W) grey levels."""
        return self.pixels

    def as_tensor(self) -> torch.Tensor:
        """Brightness in [0, 1] as float32, a fresh tensor (D2L's X)."""
        return to_gray(self.pixels)


def _grey(img) -> np.ndarray:
    """ITU-R 601 luma as 8-bit grey (PIL's "L"), read-only so no caller can change a shared one."""
    grey = np.asarray(img.convert("L"))
    grey.setflags(write=False)
    return grey


@dataclass(frozen=True)
class PictureSource:
    """One page's picture controls: widget keys and URL parameters `<prefix>_source`,
    `<prefix>_sample` (in ui.url_params.PARAMS), its locale section for the waiting texts
    (`<texts>.waiting_upload`, `<texts>.waiting_camera`), and what a session keeps of a
    decoded picture (a function of the PIL image, giving a read-only uint8 array)."""

    prefix: str
    texts: str
    keep: Callable[[Image.Image], np.ndarray]


@st.cache_resource(max_entries=2 * len(SAMPLES), show_spinner=False)
def _sample_grey(name: str, width: int | None) -> np.ndarray:
    if width is None:
        return _grey(sample_image(name))
    full_width, full_height = SAMPLES[name]
    return _grey(sample_image(name, (width, round(full_height * width / full_width))))


def sample_picture(name: str, width: int | None = None) -> Picture:
    """The bundled sample `name`, drawn at its own size or `width` pixels wide (the same
    scene: the exercises draw a screen's worth, not a photo's)."""
    with st.spinner(t("edge_detection.drawing")):
        grey = _sample_grey(name, width)
    ident = f"sample:{name}" if width is None else f"sample:{name}:{width}"
    return Picture(grey, t(f"edge_detection.sample_{name}"), ident, grey.shape)


EDGE = PictureSource("edge", "edge_detection", _grey)


@st.cache_resource(max_entries=2 * len(SAMPLES), show_spinner=False)
def _sample_pixels(prefix: str, name: str, _keep) -> np.ndarray:
    # `_keep` is not hashed: the page's prefix names it.
    return _keep(sample_image(name))


def choose_picture(source: PictureSource = EDGE) -> Picture | None:
    """The source controls and the picture they give, or None (with the reason shown)."""
    prefix = source.prefix
    kind = in_url(f"{prefix}_source", lambda key: choice(
        t("edge_detection.source"), SOURCES, "edge_detection.source_", key=key))  # fmt: skip
    if kind == "sample":
        name = in_url(f"{prefix}_sample", lambda key: st.selectbox(
            t("edge_detection.sample"), options=list(SAMPLES),
            format_func=option_labels("edge_detection.sample_"), key=key,
        ))  # fmt: skip
        with st.spinner(t("edge_detection.drawing")):
            pixels = _sample_pixels(prefix, name, source.keep)
        width, height = SAMPLES[name]
        label = t(f"edge_detection.sample_{name}")
        return Picture(pixels, label, f"sample:{name}", (height, width))
    if kind == "upload":
        file = st.file_uploader(
            t("edge_detection.upload", formats=", ".join(UPLOAD_TYPES)),
            type=UPLOAD_TYPES,
            key=f"{prefix}_upload",
            help=t("edge_detection.upload_help", megapixels=MAX_PIXELS // 1_000_000),
        )
    else:
        file = st.camera_input(t("edge_detection.camera"), key=f"{prefix}_camera")
    if file is None:
        st.info(t(f"{source.texts}.waiting_{kind}"), icon=":material/photo_camera:")
        return None
    return _decoded(file, source)


def _decoded(file, source: PictureSource) -> Picture | None:
    """The uploaded file as a Picture, decoded once per file; a refusal shown as a message."""
    key = f"{source.prefix}_picture"  # the session's decoded upload or snapshot
    kept = st.session_state.get(key)
    if kept is not None and kept.ident == f"file:{file.file_id}":
        return kept
    st.session_state.pop(key, None)  # let the last picture go before decoding
    try:
        with photo_slot():
            img = decode_image(file.getvalue(), max_pixels=MAX_PIXELS)
            pixels = source.keep(img)
    except ValueError as err:
        st.error(upload_error_text(err), icon=":material/broken_image:")
        return None
    # The file's name is the browser's text: quoted as code (ui.matrix_text.shown), it stays
    # text wherever a caption shows it.
    label = f"`{shown(file.name, MAX_NAME_CHARS)}`"
    picture = Picture(pixels, label, f"file:{file.file_id}", (img.height, img.width))
    st.session_state[key] = picture
    return picture


def upload_error_text(err: ValueError) -> str:
    """decode_image's refusal in the student's language."""
    code = getattr(err, "code", "damaged")
    params = getattr(err, "params", {})
    if code == "photo_busy":
        return error_text(err)
    if code == "too_large" and "width" in params:
        return t(
            "edge_detection.upload_too_large",
            width=params["width"],
            height=params["height"],
            megapixels=f"{params['width'] * params['height'] / 1e6:.1f}",
            limit=params["max_pixels"] // 1_000_000,
        )
    texts = {
        "empty": "edge_detection.upload_empty",
        "not_image": "edge_detection.upload_not_image",
        "too_large": "edge_detection.upload_bomb",
        "unsupported_mode": "edge_detection.upload_mode",
    }
    key = texts.get(code, "edge_detection.upload_damaged")
    return t(key, formats=", ".join(UPLOAD_TYPES), mode=params.get("mode", "?"))


def kernel_key(K: torch.Tensor) -> tuple[bytes, tuple[int, ...]]:
    """A kernel as a cache key: its values as float32, and its shape."""
    K = K.detach().to(torch.float32).contiguous()
    return K.numpy().tobytes(), tuple(K.shape)


# For st.cache_resource's hash_funcs: what is computed once per server for a picture (and a
# kernel) is keyed by the picture's ident, not its pixels (hashing a 12 MP photo would cost
# more than some of the work), and by the kernel's values.
BY_PICTURE_AND_KERNEL = {Picture: lambda picture: picture.ident, torch.Tensor: kernel_key}


class Screen(NamedTuple):
    """A picture as the browser gets it: the JPEG that st.image makes of an 8-bit array
    (quality 100), made once where it is cached instead of at every run that shows it, and
    the picture's (height, width) `shape` (what ui.a11y.image_alt reads of it)."""

    jpeg: bytes
    shape: tuple[int, int]


def on_screen(pixels: np.ndarray) -> Screen:
    """8-bit pixels encoded as st.image encodes them, so the browser gets the same image."""
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=100)
    return Screen(buffer.getvalue(), pixels.shape[:2])


@st.cache_resource(max_entries=64, show_spinner=False, hash_funcs=BY_PICTURE_AND_KERNEL)
def input_preview(picture: Picture, max_side: int) -> Screen:
    """The picture shrunk for the screen, made once per picture (the kernel does not change
    it); 64 previews are ~20 MB. A refusal to wait for a photo slot is not cached."""
    with photo_slot() if picture.grey.size > SCREEN_PIXELS else nullcontext():
        return on_screen(to_uint8(preview(to_gray(picture.grey), max_side)))


def output_window(
    grey: np.ndarray, K: torch.Tensor, padding: tuple[int, int], centre: tuple[float, float],
    side: int,
) -> tuple[torch.Tensor, int, int]:  # fmt: skip
    """Y = corr2d(X, K, padding) on a side×side window around `centre` (fractions of Y's
    height and width), computed from the few pixels of X under it; also its top-left cell."""
    kh, kw = K.shape
    ph, pw = padding
    height, width = grey.shape
    oh, ow = output_shape(grey.shape, K.shape, padding=padding)
    rows, cols = min(side, oh), min(side, ow)
    top, left = round(centre[0] * (oh - rows)), round(centre[1] * (ow - cols))
    # Y[top + i, left + j] reads X rows top + i − ph .. + kh − 1 (zeros outside X).
    r0, c0 = top - ph, left - pw
    patch = np.zeros((rows + kh - 1, cols + kw - 1), dtype=np.uint8)
    rs, cs = (
        slice(max(r0, 0), min(r0 + patch.shape[0], height)),
        slice(max(c0, 0), min(c0 + patch.shape[1], width)),
    )
    patch[rs.start - r0 : rs.stop - r0, cs.start - c0 : cs.stop - c0] = grey[rs, cs]
    return corr2d(to_gray(patch), K), top, left


def enlarge(image: np.ndarray, factor: int) -> np.ndarray:
    """Every pixel as a factor×factor square, so that single pixels can be seen."""
    return np.repeat(np.repeat(image, factor, axis=0), factor, axis=1)


def input_caption(picture: Picture) -> str:
    height, width = picture.size
    return t("edge_detection.input_caption", name=picture.label, width=width, height=height)
