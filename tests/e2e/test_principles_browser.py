"""Page 1's "Remove a principle" and "The inductive bias, measured", and the receptive-field
page's effective field, in a real browser: opened by a link, trained by the button, clean."""

from __future__ import annotations

import pytest
from browser_driver import assert_no_error_box, wait_idle

pytestmark = pytest.mark.e2e


def test_the_shift_test_and_the_experiment_in_the_browser(page, server_url):
    page.goto(f"{server_url}/fc_to_conv?fc_principles=true&fc_bias=true")
    wait_idle(page)
    page.get_by_text("Translation invariance is what buys equivariance.").wait_for(timeout=30_000)
    page.get_by_role("tab", name="Convolution").click()
    page.get_by_text("each used at most 9 time(s)").wait_for(timeout=30_000)
    page.get_by_role("button", name="Train both layers").click()
    page.get_by_text("Dense layer: test error (plus on the right)").wait_for(timeout=60_000)
    wait_idle(page)
    assert page.get_by_text("The convolution finds the plus in 100 %").count() == 1
    assert_no_error_box(page)


def test_the_effective_field_beside_the_path_counts(page, server_url):
    page.goto(f"{server_url}/receptive_fields?rf_effective=true")
    wait_idle(page)
    page.get_by_text("All ones", exact=True).click()
    page.get_by_text("equals the number of paths, cell for cell").wait_for(timeout=30_000)
    assert "rf_eff_kernels=ones" in page.url
    assert_no_error_box(page)
