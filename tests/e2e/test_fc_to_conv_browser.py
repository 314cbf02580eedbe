"""Page 1 in a real browser: the charts draw, both languages, bad input, classroom metrics."""

from __future__ import annotations

import re

import pytest
from browser_driver import assert_no_error_box, wait_idle
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_the_sections_open_on_demand_and_draw_every_chart_without_error(page, server_url):
    page.goto(f"{server_url}/fc_to_conv?lang=English")
    wait_idle(page)
    assert_no_error_box(page)
    assert page.get_by_role(
        "heading", name="From fully connected to convolution"
    ).first.is_visible()
    assert page.get_by_text("3.6 billion", exact=True).is_visible()
    charts = page.locator("[data-testid='stVegaLiteChart']")
    matrices = page.locator(".convlab-matrix")  # matrix views (ui/heatmap.py)
    assert charts.count() == 1  # the counts; the sections below are closed
    assert matrices.count() == 3  # Waldo opens the page: the pattern, the crowd, the score
    for heading in (
        "Going further: normalised cross-correlation, which the lamp does not fool",
        "A convolution is a weight-shared fully connected layer",
        "Translation equivariance: shift the input, the output shifts",
        "Locality: each output sees only a small window",
    ):
        page.get_by_text(heading, exact=True).click()
        wait_idle(page)
    # The counts; pattern, crowd, two scores; X, K, W, two Y's; six for equivariance; two
    # for locality. Waited for: a click's rerun may not have started when wait_idle looks (the
    # script still "notRunning" from the run before), most often while the server is busy,
    # as when it compiles corr2d's fused passes a few seconds after its first page.
    figures = page.locator("[data-testid='stVegaLiteChart'], .convlab-matrix")
    expect(figures).to_have_count(18, timeout=30_000)
    wait_idle(page)
    assert_no_error_box(page)
    assert "fc_waldo=true" in page.url  # an open section is in the link
    # unvec(W · vec(X)), drawn after Waldo's four and X, K and W: the book's 19, 25, 37, 43.
    from_matrix = matrices.nth(7).text_content() or ""
    assert re.search(r"19.*25.*37.*43", from_matrix)
    assert page.get_by_text("The two agree").is_visible()


def test_in_chinese_the_lecture_count_is_36_yi(page, server_url):
    page.goto(f"{server_url}/fc_to_conv?lang=中文")
    wait_idle(page)
    assert_no_error_box(page)
    assert page.locator("[data-testid='stMetricValue']").first.inner_text() == "36 亿"


def test_an_image_size_of_zero_is_a_message(page, server_url):
    page.goto(f"{server_url}/fc_to_conv?lang=English&fc_height=0")
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    alert = page.locator("[data-testid='stAlertContentError']").first.inner_text()
    assert "at least one row and one column" in alert


def test_classroom_mode_keeps_the_big_numbers_big(page, server_url):
    size = "el => parseFloat(getComputedStyle(el).fontSize)"
    page.goto(f"{server_url}/fc_to_conv?lang=English")
    wait_idle(page)
    normal = page.locator("[data-testid='stMetricValue']").first.evaluate(size)
    page.goto(f"{server_url}/fc_to_conv?lang=English&classroom=true")
    wait_idle(page)
    assert_no_error_box(page)
    classroom = page.locator("[data-testid='stMetricValue']").first.evaluate(size)
    assert classroom > normal
