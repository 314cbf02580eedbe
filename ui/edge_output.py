"""The edge page's output: Y over the whole picture, shrunk for the screen, 1:1 in a window,
and full size as a download."""

from __future__ import annotations

import io
import threading
import time
from typing import NamedTuple

import streamlit as st
import torch
from PIL import Image

from conv_core import (
    SAMPLES,
    ConvInputError,
    MethodChoice,
    auto_method,
    corr2d,
    preview_and_range,
    same_padding,
    to_display,
    to_uint8,
)
from ui.a11y import image_alt
from ui.edge_photo import (
    BY_PICTURE_AND_KERNEL,
    Picture,
    Screen,
    enlarge,
    input_preview,
    on_screen,
    output_window,
    photo_slot,
    sample_picture,
)
from ui.i18n import option_labels, t

# The full-size download waits less for a photo slot than a page does: Streamlit runs it in
# the server's small pool of helper threads, which other requests share; a refused download
# fails in the browser (in Streamlit's words, so the page says why: `download_button`), and a
# click asks again.
DOWNLOAD_WAIT_SECONDS = 5.0
# How long before the click's run starts its download may have started and still count as
# that click's: the run can start late on a busy server.
DOWNLOAD_SLACK_SECONDS = 5.0

# Display modes in which Y = 0 is the background (black for |Y|, mid-grey for signed Y): their
# preview keeps each block's value farthest from 0, so that one-pixel edges survive shrinking.
PEAK_MODES = ("absolute", "signed")


def filtered(picture: Picture, K: torch.Tensor) -> torch.Tensor:
    """Y = corr2d(X, K) over the whole picture, its size kept (zeros around it)."""
    return corr2d(picture.as_tensor(), K, padding=same_padding(K))


class Output(NamedTuple):
    """What the page shows of Y: its preview as the browser gets it, Y's range, shape, the
    seconds corr2d took when it was computed and what "auto" ran."""

    shown: Screen
    limits: tuple[float, float]
    shape: tuple[int, int]
    seconds: float
    how: MethodChoice


@st.cache_resource(max_entries=64, show_spinner=False, hash_funcs=BY_PICTURE_AND_KERNEL)
def output_of(picture: Picture, K: torch.Tensor, mode: str, max_side: int) -> Output:
    """Y over the whole picture, as the page shows it; computed once per server for each
    picture, kernel and display mode (a class on the same sample and presets shares them),
    and only the preview is kept, as a JPEG (64 previews are ~20 MB at 900 px). A kernel
    corr2d refuses, or no photo slot free in time (ui.edge_photo.photo_slot), raises its
    ValueError (not cached)."""
    with photo_slot():
        start = time.perf_counter()
        Y = filtered(picture, K)
        seconds = time.perf_counter() - start
        shown, limits = output_preview(Y, mode, max_side)
        shape = tuple(Y.shape)
        del Y  # back to the pool (conv_core.fast.pool) before the encoding
    how = auto_method(picture.grey.shape, K, same_padding(K))
    return Output(on_screen(shown), limits, shape, seconds, how)


def output_preview(Y: torch.Tensor, mode: str, max_side: int):
    """Y shrunk for the screen and shown in `mode` with the whole Y's range; and that range.

    Only a screen's worth goes to the browser: Y is shrunk first, so the range is taken with it.
    """
    small, limits = preview_and_range(Y, max_side, peaks=mode in PEAK_MODES)
    return to_uint8(to_display(small, mode, limits)), limits


def on_a_sample(K: torch.Tensor, mode: str, *, key: str, default: str = "house",
                width: int = 480) -> None:  # fmt: skip
    """A sample picture (not the 12-megapixel one) drawn `width` wide, and Y = corr2d(X, K)
    beside it in `mode`: a kernel tried on a picture at once, at a screen's size. No padding,
    as in the book: the zeros around a picture would make a frame brighter than its edges."""
    names = [name for name in SAMPLES if max(SAMPLES[name]) <= 1200]
    name = st.selectbox(t("edge_detection.sample"), names, index=names.index(default), key=key,
                        format_func=option_labels("edge_detection.sample_"))  # fmt: skip
    picture = sample_picture(name, width)
    shown, _ = output_preview(corr2d(picture.as_tensor(), K), mode, width)
    before, after = st.columns(2)
    label = option_labels("edge_detection.sample_")(name)
    seen, said = input_preview(picture, width), t(f"edge_detection.on_sample_{mode}")
    before.image(seen.jpeg, caption=t("edge_detection.input"),
                 alt=image_alt(f"{t('edge_detection.input')} · {label}", seen))  # fmt: skip
    after.image(shown, caption=said, alt=image_alt(f"{said} · {label}", shown))


def output_caption(shape, seconds: float, how: str) -> str:
    """Y's size, how long it took and what `corr2d`'s "auto" chose (`how`)."""
    return t("edge_detection.output_caption", width=shape[1], height=shape[0],
             ms=f"{1e3 * seconds:,.0f}", how=how)  # fmt: skip


def preview_note(picture: Picture, mode: str, max_side: int) -> None:
    """Say that the pictures were shrunk, when they were, and how the output was."""
    if max(picture.grey.shape) > max_side:
        peaks = "_peaks" if mode in PEAK_MODES else ""
        st.caption(t(f"edge_detection.preview_note{peaks}", side=max_side))


class DownloadWatch:
    """A session's full-size downloads as the page hears of them: each is granted a photo
    slot or refused in a helper thread, while the run its click started waits to say which."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._last: tuple[float, bool] | None = None  # (when it started, refused)

    def decided(self, started: float, *, refused: bool) -> None:
        with self._changed:
            self._last = (started, refused)
            self._changed.notify_all()

    def refused(self, asked: float, timeout: float) -> bool | None:
        """Whether the download that started at most DOWNLOAD_SLACK_SECONDS before `asked`
        (time.monotonic()) was refused; None when none is heard of within `timeout` seconds.
        What it says is said once."""

        def heard() -> bool:
            return self._last is not None and self._last[0] >= asked - DOWNLOAD_SLACK_SECONDS

        with self._changed:
            if not self._changed.wait_for(heard, timeout):
                return None
            refused = self._last[1]
            self._last = None
            return refused


def output_png(
    picture: Picture, K: torch.Tensor, mode: str, watch: DownloadWatch | None = None
) -> bytes:
    """The full-size output as PNG, computed again when asked for (a session does not keep a
    photo-sized Y between runs), in one of the server's photo slots: every click of the
    download runs it again. `watch` hears whether it got a slot."""
    buffer = io.BytesIO()
    started = time.monotonic()
    try:
        with photo_slot(DOWNLOAD_WAIT_SECONDS):
            if watch is not None:
                watch.decided(started, refused=False)
            Image.fromarray(to_uint8(to_display(filtered(picture, K), mode)), mode="L").save(
                buffer, format="PNG", compress_level=1
            )
    except ConvInputError as err:
        if watch is not None and err.code == "photo_busy":
            watch.decided(started, refused=True)
        raise
    return buffer.getvalue()


_WATCH_KEY = "edge_download_watch"
_REFUSED_KEY = "edge_download_refused"


def _clicked(watch: DownloadWatch) -> None:
    # The click's run, before the page: wait to hear whether its download got a slot.
    refused = watch.refused(time.monotonic(), DOWNLOAD_WAIT_SECONDS + 1)
    st.session_state[_REFUSED_KEY] = bool(refused)


def download_button(picture: Picture, K: torch.Tensor, mode: str) -> None:
    """The full-size download, made when it is clicked; when no photo slot was free for it,
    a line under it says so in the student's language (the browser's own message is
    Streamlit's, in English: "Failed to generate file for download")."""
    watch = st.session_state.setdefault(_WATCH_KEY, DownloadWatch())
    st.download_button(
        t("edge_detection.download"),
        data=lambda: output_png(picture, K, mode, watch),
        file_name="edges.png",
        mime="image/png",
        on_click=_clicked,
        args=(watch,),
        icon=":material/download:",
        key="edge_download",
    )
    if st.session_state.pop(_REFUSED_KEY, False):
        st.warning(t("edge_detection.download_busy"), icon=":material/hourglass_empty:")


def zoom_view(
    picture: Picture, K: torch.Tensor, mode: str, limits: tuple[float, float], *, side: int,
    factor: int,
) -> None:  # fmt: skip
    """Sliders that place a side×side window, and that window of the input and of the output,
    each pixel drawn factor×factor; the output in `mode` with the whole Y's `limits`."""
    across, down = st.columns(2)
    x = across.slider(t("edge_detection.zoom_x"), 0, 100, 50, key="edge_zoom_x")
    y = down.slider(t("edge_detection.zoom_y"), 0, 100, 50, key="edge_zoom_y")
    window_out, top, left = output_window(
        picture.grey, K, same_padding(K), (y / 100, x / 100), side
    )
    # With "same" padding, output cell (i, j) is centred on input pixel (i, j).
    window_in = picture.grey[top : top + side, left : left + side]
    shown = to_uint8(to_display(window_out, mode, limits))
    a, b = st.columns(2)
    where = t("edge_detection.zoom_where", top=top, left=left)
    for column, pixels, part in ((a, window_in, "input"), (b, shown, "output")):
        text = t(f"edge_detection.{part}") + " · " + where
        column.image(enlarge(pixels, factor), caption=text, alt=image_alt(text, pixels))
