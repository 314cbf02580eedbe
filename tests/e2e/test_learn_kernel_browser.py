"""The "Learn a kernel" page in a real browser: the book's output, the run played in the
browser (play, pause, scrub, step), divergence shown, runs compared."""

from __future__ import annotations

import re

import pytest
from browser_driver import assert_no_error_box, wait_idle

pytestmark = pytest.mark.e2e


def _player(page, index: int = 0):
    """The index-th player on the page (inside its component's shadow root)."""
    return page.locator(".player").nth(index)


def _step(player) -> int:
    return int(player.locator(".counter").get_attribute("data-frame"))


def test_the_book_experiment_and_the_run_played_in_the_browser(page, server_url):
    page.goto(f"{server_url}/learn_kernel?target=sobel_x&lr=0.002")  # 500 steps to play
    wait_idle(page)
    assert_no_error_box(page)
    output = page.locator("[data-testid='stCode']").nth(1).inner_text()
    assert re.search(r"epoch 10, loss 0\.043", output)
    assert "tensor([[ 1.0063, -0.9662]])" in output
    player = _player(page)
    assert _step(player) == 0
    player.locator("select.speed-select").select_option("60")

    player.locator("button.play").click()
    page.wait_for_timeout(1000)
    moved = _step(player)
    assert moved >= 20, moved  # many steps within a second, no server round trip
    player.locator("button.play").click()  # Pause
    paused_at = _step(player)
    page.wait_for_timeout(1000)
    assert _step(player) == paused_at  # stopped within that second, and stays stopped
    assert player.get_attribute("data-playing") == "false"

    # Scrub to step 123: the kernel panel shows that step's kernel, as in the table.
    player.locator("input.scrubber").fill("123")
    assert _step(player) == 123
    assert "Step 123 of 500" in player.locator(".counter").inner_text()
    page.get_by_text("The run, step by step").click()
    table = page.locator("[data-testid='stDataFrame']").last
    table.wait_for()
    player.locator("button.forward").click()
    assert _step(player) == 124
    player.locator("button.back").click()
    player.locator("button.back").click()
    assert _step(player) == 122
    assert_no_error_box(page)


def test_a_huge_learning_rate_shows_divergence_not_a_crash(page, server_url):
    page.goto(f"{server_url}/learn_kernel?lr=0.5")
    wait_idle(page)
    player = _player(page)
    player.locator("button.last").click()  # the end of the run
    note = player.locator(".note.error")
    note.wait_for(timeout=5_000)
    assert "Training diverged" in note.inner_text()
    player.locator("button.first").click()
    assert player.locator(".note.error").count() == 0  # said when the run gets there
    assert page.locator("[data-testid='stException']").count() == 0


def test_runs_compared_on_one_surface_in_chinese(page, server_url):
    page.goto(f"{server_url}/learn_kernel?lang=zh&lr=0.035&lk_race=true")  # comparison unfolded
    wait_idle(page)
    compared = _player(page, 1)
    compared.locator("button.last").click()
    notes = compared.locator(".note").all_inner_texts()
    assert len(notes) == 3
    assert notes[0].startswith("SGD: ")
    assert "发散" in notes[0]
    assert compared.locator(".legend-item").count() == 6  # three runs, on both charts
    assert_no_error_box(page)
