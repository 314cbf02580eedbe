"""The shell in a real browser: a shared link opens its page inside the shell, settings kept."""

from __future__ import annotations

import re

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
