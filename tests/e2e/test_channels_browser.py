"""The channels page in a real browser: the picture and its channels arrive as images, a
preset kernel changes the written-out sum, a colour upload is split, a bad one is a message."""

from __future__ import annotations

import numpy as np
import pytest
from browser_driver import assert_no_error_box, wait_idle
from PIL import Image

pytestmark = pytest.mark.e2e

IMAGES_LOADED = (
    "(n) => { const imgs = [...document.querySelectorAll('[data-testid=stImage] img')];"
    " return imgs.length >= n && imgs.every(i => i.complete && i.naturalWidth > 0); }"
)


def _open(page, server_url, query: str = "") -> None:
    page.goto(f"{server_url}/channels{query}")
    wait_idle(page)


def _sums(page) -> str:
    return page.locator("[data-testid='stCode']").first.inner_text()


def test_the_sample_its_channels_and_maps_are_drawn(page, server_url):
    _open(page, server_url)
    assert_no_error_box(page)
    # The picture and R, G, B; four maps; the crop twice; C_out maps; the 1×1 output.
    page.wait_for_function(IMAGES_LOADED, arg=14, timeout=30_000)
    captions = page.locator("[data-testid='stImageCaption']").all_inner_texts()
    assert {"The picture", "R (red)", "G (green)", "B (blue)"} <= set(captions)
    assert "Y[0, 0] = " in _sums(page)
    success = page.locator("[data-testid='stAlertContentSuccess']").first.inner_text()
    assert "agree" in success


def test_a_preset_kernel_changes_the_written_sum(page, server_url):
    _open(page, server_url)
    page.get_by_text("Only red", exact=True).first.click()
    page.wait_for_function(
        "[...document.querySelectorAll('[data-testid=stCode]')]"
        ".some(c => c.textContent.includes(' + 0 + 0 = '))",
        timeout=30_000,
    )
    wait_idle(page)
    assert_no_error_box(page)
    assert "only_red" in page.url  # the choice is in the link, by name

    # Left by the sidebar and opened again the same way: the choice is still made.
    nav = page.locator("[data-testid='stSidebarNav']")
    nav.get_by_role("link", name="Padding and stride").click()
    page.get_by_role("heading", name="Padding and stride").first.wait_for(timeout=30_000)
    wait_idle(page)
    nav.get_by_role("link", name="Channels").click()
    page.wait_for_function(
        "[...document.querySelectorAll('[data-testid=stCode]')]"
        ".some(c => c.textContent.includes(' + 0 + 0 = '))",
        timeout=30_000,
    )
    wait_idle(page)
    assert "only_red" in page.url
    chosen = page.locator("[data-testid=stButtonGroup] [aria-checked=true]")
    assert "Only red" in chosen.all_inner_texts()


def test_a_colour_upload_is_split_and_a_bad_one_is_a_message(page, server_url, tmp_path):
    pixels = np.zeros((100, 200, 3), dtype=np.uint8)
    pixels[:, :100, 0] = 255  # red on the left, blue on the right
    pixels[:, 100:, 2] = 255
    path = tmp_path / "halves.png"
    Image.fromarray(pixels, "RGB").save(path)
    _open(page, server_url, "?ch_source=upload")
    page.locator("input[type=file]").first.set_input_files(str(path))
    page.get_by_text("X has shape (3, 100, 200)").first.wait_for(timeout=30_000)
    wait_idle(page)
    assert_no_error_box(page)
    assert page.get_by_text("halves.png, 200 × 100 pixels").count() == 1

    bad = tmp_path / "notes.png"
    bad.write_bytes(b"these are my notes, not a picture")
    page.locator("input[type=file]").first.set_input_files(str(bad))
    page.wait_for_selector("[data-testid='stAlertContentError']", timeout=30_000)
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    alert = page.locator("[data-testid='stAlertContentError']").first.inner_text()
    assert "not a picture that can be read here" in alert
