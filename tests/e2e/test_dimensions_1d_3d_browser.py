"""The 1-D and 3-D page in a real browser: it opens clean and a typed signal changes y."""

from __future__ import annotations

import pytest
from browser_driver import assert_no_error_box, wait_idle

pytestmark = pytest.mark.e2e


def test_a_typed_signal_changes_y_and_bad_text_is_a_message(page, server_url):
    page.goto(f"{server_url}/dimensions_1d_3d")
    wait_idle(page)
    assert_no_error_box(page)
    page.get_by_text("your own", exact=True).first.click()
    wait_idle(page)
    box = page.get_by_label("Your signal (numbers separated by commas or spaces)")
    box.fill("0, 0, 5, 5, 0")
    box.press("Enter")
    wait_idle(page)
    assert_no_error_box(page)
    assert "y[0] = 0×1 + 0×(-1) = 0" in page.locator("[data-testid='stCode']").first.inner_text()
    box.fill("0, 0, five")
    box.press("Enter")
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert "entry 2 is" in page.locator("[data-testid='stAlertContentError']").first.inner_text()
