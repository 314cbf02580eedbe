"""The edge page in a real browser: the sample's output appears, an upload is filtered, a bad
upload is a message, and the full-size download is the picture the page computed."""

from __future__ import annotations

import io

import numpy as np
import pytest
from browser_driver import assert_no_error_box, wait_idle
from PIL import Image

from conv_core import corr2d, edge_kernel, to_display, to_uint8

pytestmark = pytest.mark.e2e


def _captions(page) -> str:
    return " | ".join(page.locator("[data-testid='stImageCaption']").all_inner_texts())


def _open(page, server_url, query: str = "") -> None:
    page.goto(f"{server_url}/edge_detection{query}")
    wait_idle(page)


def test_the_sample_is_filtered_and_shown(page, server_url):
    _open(page, server_url)
    assert_no_error_box(page)
    assert "Output Y, 1199×900" in _captions(page)
    # The pictures (the input and Y; the 1:1 crops are folded under 'Going further') arrive
    # as images the browser decodes, not as broken links.
    page.wait_for_function(
        "(() => { const imgs = [...document.querySelectorAll('[data-testid=stImage] img')];"
        " return imgs.length >= 2 && imgs.every(i => i.complete && i.naturalWidth > 0); })()",
        timeout=30_000,
    )


def test_an_uploaded_picture_and_its_download(page, server_url, tmp_path):
    grey = np.zeros((30, 40), dtype=np.uint8)
    grey[:, 10:25] = 255  # a white band: [1, −1] finds its two edges
    path = tmp_path / "band.png"
    Image.fromarray(grey, "L").save(path)
    _open(page, server_url, "?edge_source=upload")
    page.locator("input[type=file]").first.set_input_files(str(path))
    page.wait_for_function(
        "[...document.querySelectorAll('[data-testid=stImageCaption]')]"
        ".some(c => c.textContent.includes('band.png'))",
        timeout=30_000,
    )
    wait_idle(page)
    assert_no_error_box(page)
    assert "Output Y, 39×30" in _captions(page)

    with page.expect_download() as info:
        page.get_by_text("Download the output (PNG, full size)").click()
    downloaded = np.asarray(Image.open(io.BytesIO(info.value.path().read_bytes())))
    X = grey.astype(np.float32) / 255
    expected = to_uint8(to_display(corr2d(X, edge_kernel()), "signed"))
    np.testing.assert_array_equal(downloaded, expected)


def test_a_file_that_is_not_a_picture_is_a_message(page, server_url, tmp_path):
    path = tmp_path / "notes.png"
    path.write_bytes(b"these are my notes, not a picture")
    _open(page, server_url, "?edge_source=Upload")
    page.locator("input[type=file]").first.set_input_files(str(path))
    page.wait_for_selector("[data-testid='stAlertContentError']", timeout=30_000)
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    alert = page.locator("[data-testid='stAlertContentError']").first.inner_text()
    assert "not a picture that can be read here" in alert


def test_exercise_1_predict_then_reveal(page, server_url):
    """The chapter's exercise 1 in the browser: Y is hidden, a prediction reveals it."""
    _open(page, server_url, "?edge_exercise=diagonal")
    page.get_by_text("K.t() on X", exact=True).click()
    # a click's rerun may not have started when the page looks idle: wait for what it draws
    page.get_by_text("Y · 5×8", exact=False).wait_for(timeout=30_000)
    wait_idle(page)
    page.get_by_text("−1s (and zeros)", exact=True).click()
    page.get_by_role("button", name="Reveal Y").click()
    page.get_by_text("Right: Y holds −1s (and zeros)").wait_for(timeout=30_000)
    wait_idle(page)
    assert_no_error_box(page)
    assert page.get_by_text("1 / 1", exact=True).count() == 1


def test_exercise_2a_shows_the_kernel_on_a_sample(page, server_url):
    _open(page, server_url, "?edge_exercise=direction&edge_angle=90")
    assert_no_error_box(page)
    assert "Output (0 is mid-grey, positive lighter, negative darker)" in _captions(page)
    assert page.get_by_text("θ = 90°, so v = (0, 1).", exact=False).count() == 1
