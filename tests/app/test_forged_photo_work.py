"""Issue 24: photo-sized work goes through the server's photo slots (ui.edge_photo.photo_slot),
whoever asks for it: the edge page's Y and preview, the full-size download (run again on every
click), the Time button's four convolutions, an upload's decoding. With every slot held, the
next request waits, and after PHOTO_WAIT_SECONDS is told to try again; it never runs beside
them."""

from __future__ import annotations

import contextlib
import io
import threading
import time

import numpy as np
import pytest
from app_driver import open_page
from PIL import Image

from conv_core import KERNELS, ConvInputError
from ui import edge_output, edge_photo, edge_timings
from ui.edge_photo import Picture
from ui.i18n import catalog

EDGE = "lessons/edge_detection.py"
BUSY = catalog("en")["errors.photo_busy"]
K = KERNELS["sobel_x"]


def _picture(height: int = 30, width: int = 40) -> Picture:
    grey = np.random.default_rng(0).integers(0, 256, (height, width), dtype=np.uint8)
    grey.setflags(write=False)
    return Picture(grey, "noise", f"test:noise:{height}x{width}", (height, width))


@pytest.fixture
def filtered_calls(monkeypatch) -> list[str]:
    """Every photo-sized Y computed (ui.edge_output.filtered), by the picture's ident."""
    calls: list[str] = []
    real = edge_output.filtered

    def counting(picture, kernel):
        calls.append(picture.ident)
        return real(picture, kernel)

    monkeypatch.setattr(edge_output, "filtered", counting)
    return calls


@pytest.fixture
def every_slot_held(monkeypatch):
    """Every photo slot taken (as by two students' photos), and a short wait for the rest;
    the slots are given back by calling the fixture's value."""
    monkeypatch.setattr(edge_photo, "PHOTO_WAIT_SECONDS", 0.05)
    monkeypatch.setattr(edge_output, "DOWNLOAD_WAIT_SECONDS", 0.05)
    held = 0
    while edge_photo._PHOTO_SLOTS.acquire(blocking=False):
        held += 1
    assert held == 2

    def give_back():
        nonlocal held
        for _ in range(held):
            edge_photo._PHOTO_SLOTS.release()
        held = 0

    yield give_back
    give_back()


def test_with_every_slot_held_the_download_is_refused_not_run(every_slot_held, filtered_calls):
    with pytest.raises(ConvInputError) as refusal:
        edge_output.output_png(_picture(), K, "signed")
    assert refusal.value.code == "photo_busy"
    assert filtered_calls == []
    every_slot_held()
    png = edge_output.output_png(_picture(), K, "signed")
    assert Image.open(io.BytesIO(png)).size == (40, 30)
    assert len(filtered_calls) == 1


def test_a_download_waits_for_a_free_slot_then_runs(monkeypatch, every_slot_held, filtered_calls):
    monkeypatch.setattr(edge_output, "DOWNLOAD_WAIT_SECONDS", 120.0)
    result: list[bytes] = []
    waiting = threading.Thread(
        target=lambda: result.append(edge_output.output_png(_picture(), K, "signed"))
    )
    waiting.start()
    waiting.join(0.2)
    assert waiting.is_alive()  # it waits for a slot ...
    assert filtered_calls == []  # ... and does not run meanwhile
    every_slot_held()
    waiting.join(120)
    assert not waiting.is_alive()
    assert Image.open(io.BytesIO(result[0])).size == (40, 30)


def test_never_more_than_two_photos_at_once(monkeypatch):
    running, most, lock = 0, 0, threading.Lock()
    real = edge_output.filtered

    def slow(picture, kernel):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)  # long enough for the others to try to start beside it
        with lock:
            running -= 1
        return real(picture, kernel)

    monkeypatch.setattr(edge_output, "filtered", slow)
    done: list[bytes] = []
    threads = [
        threading.Thread(
            target=lambda: done.append(edge_output.output_png(_picture(), K, "signed"))
        )
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(done) == 6
    assert most <= 2


def test_with_every_slot_held_the_timings_are_refused_not_run(monkeypatch, every_slot_held):
    runs = []
    monkeypatch.setattr(edge_timings, "time_methods", lambda *a, **k: runs.append(a))
    with pytest.raises(ConvInputError) as refusal:
        edge_timings.photo_timings(_picture(), K)
    assert refusal.value.code == "photo_busy"
    assert runs == []


def test_the_edge_page_says_the_server_is_busy_then_works_again(every_slot_held, filtered_calls):
    edge_output.output_of.clear()
    edge_photo.input_preview.clear()
    at = open_page(EDGE, query={"edge_sample": "rings", "edge_kernel": "laplacian"})
    assert not at.exception, [e.value for e in at.exception]
    assert any(BUSY in e.value for e in at.error)
    assert filtered_calls == []
    every_slot_held()
    at.run()
    assert not at.exception
    assert not any(BUSY in e.value for e in at.error)
    assert filtered_calls


def test_the_time_button_with_every_slot_held_says_so(monkeypatch, every_slot_held):
    runs = []
    real = edge_timings.time_methods
    monkeypatch.setattr(edge_timings, "time_methods",
                        lambda *a, **k: runs.append(1) or real(*a, **k))  # fmt: skip
    every_slot_held()  # the page's own Y and preview first
    at = open_page(EDGE, query={"edge_sample": "rings", "edge_timings": "true"})
    assert not at.exception
    for _ in range(2):  # take the slots again
        assert edge_photo._PHOTO_SLOTS.acquire(blocking=False)
    try:
        at.button(key="edge_time").click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert any(BUSY in e.value for e in at.error)
        assert runs == []
    finally:
        for _ in range(2):
            edge_photo._PHOTO_SLOTS.release()
    at.button(key="edge_time").click().run()
    assert not at.exception
    assert runs == [1]


def test_an_upload_with_every_slot_held_is_refused_not_decoded(every_slot_held):
    buffer = io.BytesIO()
    Image.fromarray(np.zeros((8, 8), dtype=np.uint8)).save(buffer, format="PNG")
    at = open_page(EDGE, query={"edge_source": "upload"})
    uploader = at.get("file_uploader")[0]
    uploader.set_value([("small.png", buffer.getvalue(), "image/png")])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(BUSY in e.value for e in at.error)
    assert "edge_picture" not in at.session_state


# The download's refusal, in the student's language. The browser shows Streamlit's own words
# when the download fails ("Failed to generate file for download"); the click's run says why.
DOWNLOAD_BUSY = {lang: catalog(lang)["edge_detection.download_busy"] for lang in ("en", "zh")}


def _click_download(at) -> list[bytes]:
    """Click the full-size download as a browser does: the run the click starts, and beside
    it the download, in another thread (Streamlit's helper thread; AppTest does not run it).
    The PNG made, if any."""
    watch = at.session_state["edge_download_watch"]
    made: list[bytes] = []

    def download() -> None:
        with contextlib.suppress(ConvInputError):
            made.append(edge_output.output_png(_picture(), K, "signed", watch))

    thread = threading.Thread(target=download)
    thread.start()
    at.download_button(key="edge_download").click().run()
    thread.join(60)
    assert not at.exception, [e.value for e in at.exception]
    return made


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_download_refused_for_want_of_a_slot_is_said_under_the_button(monkeypatch, lang):
    monkeypatch.setattr(edge_output, "DOWNLOAD_WAIT_SECONDS", 0.05)
    at = open_page(EDGE, query={"edge_sample": "rings"}, lang=lang)
    assert not at.exception
    for _ in range(2):  # two students' photos take the slots
        assert edge_photo._PHOTO_SLOTS.acquire(blocking=False)
    try:
        assert _click_download(at) == []
        assert [w.value for w in at.warning if w.value == DOWNLOAD_BUSY[lang]]
    finally:
        for _ in range(2):
            edge_photo._PHOTO_SLOTS.release()
    at.run()  # said once
    assert not any(w.value == DOWNLOAD_BUSY[lang] for w in at.warning)
    made = _click_download(at)  # a slot is free now
    assert Image.open(io.BytesIO(made[0])).size == (40, 30)
    assert not any(w.value == DOWNLOAD_BUSY[lang] for w in at.warning)


def test_a_click_hears_only_its_own_download():
    watch = edge_output.DownloadWatch()
    now = time.monotonic()
    watch.decided(now - 2 * edge_output.DOWNLOAD_SLACK_SECONDS, refused=True)  # long before
    assert watch.refused(now, timeout=0.01) is None
    later = threading.Timer(0.05, lambda: watch.decided(time.monotonic(), refused=True))
    later.start()
    assert watch.refused(now, timeout=60) is True  # heard when it comes
    assert watch.refused(now, timeout=0.01) is None  # and said once
    watch.decided(now - 1, refused=False)  # started just before the click's run: its own
    assert watch.refused(now, timeout=0.01) is False
