"""The cross-correlation lab in a real browser: no error box, and editing X changes Y."""

from __future__ import annotations

import re

import pytest
from browser_driver import assert_no_error_box, wait_idle

pytestmark = pytest.mark.e2e

COLUMN_PX = 44  # the editor's column width (ui/matrix_editor.py)
ROW_PX = 35  # Streamlit's default data-editor row height


def _main_y(page) -> str:
    return page.locator("[data-testid='stPlotlyChart']").first.text_content() or ""


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
    page.wait_for_function(
        "document.querySelector('[data-testid=stPlotlyChart]').textContent.includes('34')",
        timeout=30_000,
    )
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
    # With pages/ gone (Streamlit's auto-discovery raced st.navigation on a fresh server),
    # this holds on the first switch too: tests/e2e/test_shell_browser.py.
    page.goto(f"{server_url}/?classroom=true")
    wait_idle(page)
    page.wait_for_timeout(1500)  # the frontend may still be rewriting the URL
    page.get_by_role("link", name=re.compile("Cross-correlation lab")).first.click()
    # The old page is idle too until the switch starts: wait for the lab itself.
    page.wait_for_url(re.compile("cross_correlation"))
    page.locator("[data-testid='stNumberInput']").first.wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_role("switch", name="Classroom mode").is_checked()
    assert page.locator("[data-testid='stNumberInput']").count() == 3  # no size inputs
    assert_no_error_box(page)


def test_play_steps_through_the_cells_by_itself_and_pause_stops_it(page, server_url):
    page.goto(f"{server_url}/cross_correlation?lang=English")
    wait_idle(page)
    where = page.get_by_text(re.compile(r"Output cell Y\[\d, \d\]"))
    assert "Y[0, 0]" in where.inner_text()
    page.get_by_role("button", name="Play").click()
    page.get_by_text("Output cell Y[1, 0]").wait_for(timeout=20_000)  # two steps at 1 s each
    page.get_by_role("button", name="Pause").click()
    wait_idle(page)
    stopped = where.inner_text()
    page.wait_for_timeout(2500)
    assert where.inner_text() == stopped
    assert_no_error_box(page)
