"""The "Learn a kernel" page in a real browser: the book's output, live play, divergence."""

from __future__ import annotations

import re

import pytest
from browser_driver import assert_no_error_box, wait_idle

pytestmark = pytest.mark.e2e

STEPS = "[data-testid='stMetricValue']"


def _steps(page) -> int:
    return int(page.locator(STEPS).first.inner_text().split("/")[0])


def test_the_book_experiment_and_live_play(page, server_url):
    page.goto(f"{server_url}/learn_kernel")
    wait_idle(page)
    assert_no_error_box(page)
    output = page.locator("[data-testid='stCode']").nth(1).inner_text()
    assert re.search(r"epoch 10, loss 0\.043", output)
    assert "tensor([[ 1.0063, -0.9662]])" in output
    assert _steps(page) == 0

    page.get_by_role("button", name="Play", exact=True).click()
    # Ten updates a second at best: several steps within a few seconds, without a click.
    # The metric is redrawn with each frame, so it may be missing for an instant.
    page.wait_for_function(
        f'(parseInt(document.querySelector("{STEPS}")?.textContent) || 0) >= 5', timeout=30_000
    )
    page.get_by_role("button", name="Pause", exact=True).click()
    page.get_by_role("button", name="Play", exact=True).wait_for(timeout=30_000)
    wait_idle(page)
    paused_at = _steps(page)
    page.wait_for_timeout(1500)
    assert _steps(page) == paused_at  # paused means paused
    assert page.locator("[data-testid='stPlotlyChart']").count() >= 4
    assert_no_error_box(page)


def test_a_huge_learning_rate_shows_divergence_not_a_crash(page, server_url):
    page.goto(f"{server_url}/learn_kernel?lr=0.5")
    wait_idle(page)
    page.get_by_role("button", name="Play", exact=True).click()
    alert = page.locator("[data-testid='stAlertContentError']")
    alert.wait_for(timeout=30_000)
    assert "Training diverged" in alert.inner_text()
    assert page.locator("[data-testid='stException']").count() == 0
    # Play is offered again (a new run); Step is off for the finished one.
    page.get_by_role("button", name="Play", exact=True).wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Step", exact=True).is_disabled()
