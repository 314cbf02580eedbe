"""The padding and stride page in a real browser: reached from the home page's map, a book
preset changes the shape and goes into the link, the link opens the same settings, a stride
of 0 from a link is a message, and a puzzle answer that is not a number is never taken."""

from __future__ import annotations

import re

import pytest
from browser_driver import assert_no_error_box, wait_idle

pytestmark = pytest.mark.e2e


def test_the_home_pages_map_leads_to_the_page(page, server_url):
    page.goto(server_url)
    wait_idle(page)
    page.get_by_role("link", name=re.compile(r"3\. Padding and stride")).first.click()
    page.get_by_role("heading", name="Padding and stride", exact=True).wait_for(timeout=30_000)
    wait_idle(page)
    assert_no_error_box(page)
    assert page.get_by_role("heading", name="Output shape: 6 × 6").count() == 1


def test_a_preset_changes_the_shape_and_the_link_keeps_it(page, server_url):
    page.goto(f"{server_url}/padding_stride")
    wait_idle(page)
    page.get_by_role("button", name="3 × 3, padding 1, stride 2 → 4 × 4").click()
    page.get_by_role("heading", name="Output shape: 4 × 4").wait_for(timeout=30_000)
    page.wait_for_url(re.compile(r"ps_sh=2"), timeout=30_000)
    assert re.search(r"ps_ph=1", page.url)
    assert re.search(r"ps_sw=2", page.url)
    assert_no_error_box(page)

    link = page.url
    page.goto("about:blank")
    page.goto(link)
    wait_idle(page)
    assert page.get_by_role("heading", name="Output shape: 4 × 4").count() == 1
    stride_h = page.get_by_role("spinbutton", name="height").nth(
        3
    )  # input, kernel, padding, stride
    assert stride_h.input_value() == "2"
    assert_no_error_box(page)


def test_a_stride_of_0_from_a_link_is_a_message_not_a_traceback(page, server_url):
    page.goto(f"{server_url}/padding_stride?ps_sw=0")
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    alerts = page.locator("[data-testid='stAlert']").all_inner_texts()
    assert any("The stride must be at least 1; it is 0." in text for text in alerts)
    assert page.get_by_role("heading", name="Shape puzzles").count() == 1


def test_a_puzzle_answer_that_is_not_a_number_is_never_taken(page, server_url):
    page.goto(f"{server_url}/padding_stride")
    wait_idle(page)
    height = page.get_by_role("spinbutton", name="output height").first
    height.click()
    page.keyboard.type("abc")  # a number field takes no letters
    assert height.input_value() == ""
    page.get_by_role("button", name="Check").first.click()
    page.get_by_text("Enter both numbers first.").wait_for(timeout=30_000)
    # The book's last example: (8 − 3 + 0 + 3)/3 → 2, (8 − 5 + 2 + 4)/4 → 2.
    height.fill("2")
    page.get_by_role("spinbutton", name="output width").first.fill("2")
    page.get_by_role("button", name="Check").first.click()
    page.get_by_text("Right.", exact=True).wait_for(timeout=30_000)
    assert_no_error_box(page)
