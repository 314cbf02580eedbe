"""Typing in the matrix editors in a real browser (ui/matrix_editor.py): cells typed one
right after the other, without waiting for the page, all count; and they are still there when
the page is left and opened again (the editor's own state is dropped then: the cells are kept
apart from it)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from browser_driver import assert_no_error_box, wait_idle
from playwright.sync_api import expect
from scipy.signal import correlate2d

pytestmark = pytest.mark.e2e

COLUMN_PX = 44  # the editor's column width (ui/matrix_editor.py)
ROW_PX = 35  # Streamlit's default data-editor row height
GRID = "[data-testid='stDataFrame']"
MATRIX = ".convlab-matrix"  # a matrix view (ui/heatmap.py)
X = np.array([[0, 1, 2], [3, 4, 5], [6, 7, 8]])  # the lab's X and K at first
K = np.array([[0, 1], [2, 3]])


def _type(page, grid_index: int, columns: int, row: int, column: int, text: str) -> None:
    """Type `text` into cell (row, column) of the page's `grid_index`-th editor, and press
    Enter; no waiting for the run this starts."""
    grid = page.locator(GRID).nth(grid_index)
    box = grid.bounding_box()
    index_px = box["width"] - columns * COLUMN_PX
    x, y = index_px + (column + 0.5) * COLUMN_PX, (row + 1.5) * ROW_PX
    # A first click only moves the focus when another grid holds a selection.
    grid.click(position={"x": x, "y": y})
    grid.dblclick(position={"x": x, "y": y})
    cell_editor = page.locator("#portal textarea").first  # the grid's overlay editor
    cell_editor.wait_for(timeout=10_000)
    cell_editor.fill(text)
    cell_editor.press("Enter")
    cell_editor.wait_for(state="detached", timeout=10_000)


def _y(x: np.ndarray, k: np.ndarray) -> list[str]:
    """Y = X ⋆ K (valid cross-correlation, SciPy's) as the page's table of Y writes it."""
    return [str(v) for v in correlate2d(x, k, mode="valid").ravel()]


def _wait_for_y(page, expected: list[str]) -> None:
    """The cells of the main Y's table ("Y as numbers"), row by row, become `expected`."""
    expect(page.locator(MATRIX).first.locator("tbody td")).to_have_text(expected, timeout=30_000)
    wait_idle(page)


def _leave_and_come_back(page, name: str, path: str, ready) -> None:
    """To another page and back to page `name` (at /`path`) by the sidebar's links, in the
    same session; until `ready` (a locator) is on the page again and the run has ended."""
    nav = page.locator("[data-testid='stSidebarNav']")
    nav.get_by_role("link", name="Padding and stride").click()
    page.wait_for_url(re.compile("padding_stride"))
    wait_idle(page)
    nav.get_by_role("link", name=name).click()
    page.wait_for_url(re.compile(path))
    ready.wait_for(timeout=30_000)
    wait_idle(page)


def test_quick_edits_of_x_and_k_all_count_and_outlive_leaving_the_page(page, server_url):
    page.goto(f"{server_url}/cross_correlation")
    wait_idle(page)
    _wait_for_y(page, _y(X, K))
    # Two cells of X, one right after the other: X[0][1] 1 → 6, X[1][1] 4 → 9.
    _type(page, 0, 3, 0, 1, "6")
    _type(page, 0, 3, 1, 1, "9")
    x, k = X.copy(), K.copy()
    x[0, 1], x[1, 1] = 6, 9
    _wait_for_y(page, _y(x, k))
    _type(page, 1, 2, 1, 1, "1")  # then K[1][1] 3 → 1
    k[1, 1] = 1
    _wait_for_y(page, _y(x, k))
    assert_no_error_box(page)

    _leave_and_come_back(
        page, "Cross-correlation lab", "cross_correlation", page.locator(GRID).first
    )
    _wait_for_y(page, _y(x, k))
    # and typing goes on: X[2][2] 8 → 0
    _type(page, 0, 3, 2, 2, "0")
    x[2, 2] = 0
    _wait_for_y(page, _y(x, k))
    assert_no_error_box(page)


def test_quick_edits_of_the_mixing_matrix_count_and_outlive_leaving_the_page(page, server_url):
    """The channels page's 1×1 kernel (C_out × C_in): its written-out sum at the crop's
    centre (R, G, B = 232, 20, 20) follows two cells typed one right after the other."""
    page.goto(f"{server_url}/channels?ch_mixing=custom")
    wait_idle(page)
    sums = page.locator("[data-testid='stCode']").filter(has_text="Y[0] =")
    expect(sums).to_contain_text("Y[0] = 0 + 0 + 20 = 20")  # row 0 of K is 0, 0, 1 at first
    mixing = page.locator(GRID).count() - 1  # the page's only editor here
    _type(page, mixing, 3, 0, 0, "2")  # K[0, 0] 0 → 2
    _type(page, mixing, 3, 0, 2, "0")  # K[0, 2] 1 → 0
    expect(sums).to_contain_text("Y[0] = 464 + 0 + 0 = 464", timeout=30_000)
    wait_idle(page)
    assert_no_error_box(page)

    own = page.get_by_role("radio", name="Your own 3×3…", exact=True)
    _leave_and_come_back(page, "Channels", "channels", own)
    # The page's choices start again from their defaults (the sidebar's link has no
    # parameters); the student's own matrix is kept for when it is chosen again.
    own.click()
    expect(sums).to_contain_text("Y[0] = 464 + 0 + 0 = 464", timeout=30_000)
    wait_idle(page)
    assert_no_error_box(page)
