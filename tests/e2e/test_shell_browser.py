"""The shell in a real browser: a shared link opens its page inside the shell, settings kept."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from browser_driver import assert_no_error_box, switch_to_the_lab_in_classroom_mode, wait_idle

pytestmark = pytest.mark.e2e


def test_a_link_on_a_fresh_server_opens_the_page_in_the_shell_with_its_settings(
    page, fresh_server_url
):
    # The first request this server sees: no session has run st.navigation before it.
    page.goto(f"{fresh_server_url}/cross_correlation?lang=中文&classroom=true")
    wait_idle(page)
    page.get_by_role("heading", name="互相关实验室").first.wait_for(timeout=30_000)
    wait_idle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_role("switch").is_checked()  # classroom mode, from the link
    nav = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "互相关实验室" in nav  # the shell's navigation, in Chinese
    assert "边缘检测" in nav
    assert page.locator("[data-testid='stNumberInput']").count() == 3  # classroom: no sizes
    assert re.search(r"/cross_correlation\?", page.url)
    assert_no_error_box(page)


def test_on_a_fresh_server_the_first_page_switch_keeps_classroom_mode(page, fresh_server_url):
    switch_to_the_lab_in_classroom_mode(page, fresh_server_url)


def test_a_links_bad_parameters_are_one_line_of_plain_text(page, server_url):
    hostile = "%5BAnswer%20key%5D(https%3A%2F%2Fevil.example)"  # [Answer key](https://…)
    page.goto(f"{server_url}/cross_correlation?padding=inf&{hostile}=1&%0A%0A%23%20heading=1")
    wait_idle(page)
    warning = page.locator("[data-testid='stAlertContentWarning']").first
    text = warning.inner_text()
    assert "[Answer key](https://evil.example)" in text  # shown as typed, not as a link
    assert "# heading" in text
    assert "padding" in text
    assert warning.locator("a, h1, h2, h3").count() == 0
    assert "evil" not in page.url  # the link was put right
    assert_no_error_box(page)


def test_a_change_of_language_keeps_what_the_url_holds(page, server_url):
    page.goto(f"{server_url}/edge_detection?edge_sample=rings&edge_kernel=sobel_y")
    wait_idle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_role("radio", name="中文").click()
    page.get_by_role("heading", name="图像中目标的边缘检测").first.wait_for(timeout=30_000)
    wait_idle(page)
    page.wait_for_timeout(1000)  # the frontend may still be rewriting the URL
    for held in ("edge_sample=rings", "edge_kernel=sobel_y", "lang=zh"):
        assert held in page.url
    boxes = page.locator("[data-testid='stSelectbox'] input[role=combobox]")
    shown = [boxes.nth(n).input_value() for n in range(boxes.count())]
    assert shown == ["同心圆环", "Sobel y（水平边缘）"]  # the choices, in Chinese
    assert_no_error_box(page)

    page.goto(f"{server_url}/fc_to_conv?fc_dense=true")
    wait_idle(page)
    sidebar.get_by_role("radio", name="中文").click()
    page.get_by_role("heading", name="从全连接到卷积").first.wait_for(timeout=30_000)
    wait_idle(page)
    page.wait_for_timeout(1000)
    assert "fc_dense=true" in page.url
    assert page.locator("details[open] summary", has_text="卷积是权重共享的全连接层").count() == 1
    assert_no_error_box(page)


def test_the_tab_icon_is_the_repositorys_own_picture_and_needs_no_network(page, server_url):
    page.goto(f"{server_url}/cross_correlation")
    wait_idle(page)
    href = page.locator("link[rel*='icon']").first.get_attribute("href")
    prefix = "data:image/png;base64,"
    assert href.startswith(prefix)  # in the page itself: nothing fetched, offline or not
    icon = Path(__file__).resolve().parents[2] / "assets" / "tab_icon.png"
    assert base64.b64decode(href[len(prefix) :]) == icon.read_bytes()
