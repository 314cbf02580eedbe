"""The cross-correlation lab in a real browser: no error box, and editing X changes Y."""

from __future__ import annotations

import re

import pytest
from browser_driver import assert_no_error_box, switch_to_the_lab_in_classroom_mode, wait_idle
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

COLUMN_PX = 44  # the editor's column width (ui/matrix_editor.py)
ROW_PX = 35  # Streamlit's default data-editor row height


MATRIX = ".convlab-matrix"  # a matrix view (ui/heatmap.py); Playwright's CSS sees into it


def _main_y(page) -> str:
    return page.locator(MATRIX).first.text_content() or ""


def test_home_opens_without_error(page, server_url):
    page.goto(server_url)
    wait_idle(page)
    assert_no_error_box(page)
    assert page.get_by_role("heading", name="Conv Lab").is_visible()


def test_editing_a_cell_of_x_changes_y(page, server_url):
    page.goto(f"{server_url}/cross_correlation")
    wait_idle(page)
    assert_no_error_box(page)
    assert re.search(r"19.*25.*37.*43", _main_y(page))

    # X[1][1]: 4 -> 9 makes Y [[34, 35], [42, 43]].
    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    index_px = box["width"] - 3 * COLUMN_PX
    grid.dblclick(position={"x": index_px + 1.5 * COLUMN_PX, "y": 2.5 * ROW_PX})
    cell_editor = page.locator("#portal textarea").first  # the grid's overlay editor
    cell_editor.wait_for(timeout=10_000)
    assert cell_editor.input_value() == "4"
    cell_editor.fill("9")
    cell_editor.press("Enter")
    page.locator(MATRIX).first.filter(has_text="34").wait_for(timeout=30_000)
    wait_idle(page)
    assert re.search(r"34.*35.*42.*43", _main_y(page))
    assert "X=0%2C1%2C2%3B3%2C9%2C5" in page.url or "X=0,1,2;3,9,5" in page.url
    assert_no_error_box(page)


def test_a_bad_cell_shows_a_message_not_an_exception(page, server_url):
    page.goto(f"{server_url}/cross_correlation?stride=0")
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    alert = page.locator("[data-testid='stAlert']").first.inner_text()
    assert "The stride must be at least 1" in alert


def test_classroom_mode_survives_a_page_switch(page, server_url):
    # On a server that has run pages before; tests/e2e/test_shell_browser.py does the same
    # on a fresh one (with pages/ gone, Streamlit's auto-discovery no longer races it).
    switch_to_the_lab_in_classroom_mode(page, server_url)


def test_play_steps_through_the_cells_in_the_browser_and_pause_stops_it(page, server_url):
    page.goto(f"{server_url}/cross_correlation")
    wait_idle(page)
    player = page.locator(".player").first  # ui/player, inside the component's shadow root
    counter = player.locator(".counter")
    assert counter.inner_text() == "Output cell 1 of 4"
    player.locator("button.play").click()
    player.get_by_text("Output cell 3 of 4").wait_for(timeout=5_000)  # one cell a second
    player.locator("button.play").click()  # Pause
    stopped = counter.inner_text()
    page.wait_for_timeout(1500)
    assert counter.inner_text() == stopped
    player.locator("input.scrubber").fill("3")  # the last cell
    assert counter.inner_text() == "Output cell 4 of 4"
    assert player.locator("pre.text").inner_text() == "Y[1, 1] = 4×0 + 5×1 + 7×2 + 8×3 = 43"
    player.locator("button.back").click()
    assert player.locator("pre.text").inner_text().startswith("Y[1, 0] = ")
    assert_no_error_box(page)


def _flip_panels(page) -> list[dict]:
    """The flip row's panels (ui.heatmap.show_matrices): label, place, whether its table is
    open."""
    row = page.locator(f"{MATRIX}.panels").first
    return row.locator(".panel").evaluate_all(
        """panels => panels.map(p => ({label: p.querySelector('.panel-label').textContent,
            top: Math.round(p.getBoundingClientRect().top),
            open: p.querySelector('details.numbers').open}))"""
    )


@pytest.mark.parametrize(("width", "rows"), [(1400, 1), (390, 2)])
def test_the_flip_row_keeps_an_open_table_open_and_wraps_on_a_phone(page, server_url, width, rows):
    page.set_viewport_size({"width": width, "height": 3000})
    page.goto(f"{server_url}/cross_correlation")
    wait_idle(page)
    page.locator(f"{MATRIX}.panels .panel-label").nth(3).wait_for()
    panels = _flip_panels(page)
    assert [p["label"] for p in panels] == [
        "K", "K flipped", "Cross-correlation with K", "Convolution with K"
    ]  # fmt: skip
    assert len({p["top"] for p in panels}) == rows  # side by side, or two by two on a phone
    page.locator(f"{MATRIX}.panels summary").nth(1).click()  # K flipped, as numbers
    page.get_by_role("spinbutton", name="Padding p").fill("1")
    page.keyboard.press("Enter")
    # Y with padding 1 is 4×4: the cross-correlation's panel redrawn with 16 cells
    corr = page.locator(f"{MATRIX}.panels").first.locator(".panel").nth(2)
    expect(corr.locator(".cell")).to_have_count(16, timeout=30_000)
    wait_idle(page)
    assert [p["open"] for p in _flip_panels(page)] == [False, True, False, False]
    assert "padding=1" in page.url
    assert_no_error_box(page)
