"""The receptive-fields page in a real browser: it opens clean, a layer's dilation changes
the maps and goes into the link, and the link opens the same stack again."""

from __future__ import annotations

import re

import pytest
from browser_driver import assert_no_error_box, wait_idle

pytestmark = pytest.mark.e2e


def test_a_dilation_changes_the_maps_and_the_link_keeps_it(page, server_url):
    page.goto(f"{server_url}/receptive_fields")
    wait_idle(page)
    assert_no_error_box(page)
    assert page.get_by_text("12×12 → 10×10 → 8×8 → 6×6").count() == 1
    dilation = page.get_by_role("spinbutton", name="dilation d₂", exact=True)  # layer 2's
    dilation.fill("2")
    dilation.press("Enter")
    wait_idle(page)
    # A 3×3 kernel at dilation 2 spans 5×5: layer 2 maps 10×10 to 6×6, layer 3 to 4×4.
    page.get_by_text("12×12 → 10×10 → 6×6 → 4×4").wait_for(timeout=30_000)
    assert_no_error_box(page)
    page.wait_for_url(re.compile(r"rf_d2=2"), timeout=30_000)
    # The book's example (X, Y, z) and the 4 maps; the dilated kernel is folded away.
    assert page.locator(".convlab-matrix").count() >= 7

    link = page.url
    page.goto("about:blank")
    page.goto(link)
    wait_idle(page)
    assert page.get_by_role("spinbutton", name="dilation d₂", exact=True).input_value() == "2"
    assert page.get_by_text("12×12 → 10×10 → 6×6 → 4×4").count() == 1
    assert_no_error_box(page)
