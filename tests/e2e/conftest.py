"""The real dashboard in headless Chromium: a `streamlit run` server and a browser page."""

from __future__ import annotations

import pytest
from browser_driver import CHROMIUM, CHROMIUM_ARGS, serve


def pytest_collection_modifyitems(items):
    if not CHROMIUM.exists():
        skip = pytest.mark.skip(reason=f"browser tests need Chromium at {CHROMIUM}")
        for item in items:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    """One server for the whole session."""
    with serve(tmp_path_factory.mktemp("streamlit")) as url:
        yield url


@pytest.fixture
def fresh_server_url(tmp_path):
    """A server no browser has talked to yet: what a student meets right after a restart."""
    with serve(tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    tab = context.new_page()
    yield tab
    context.close()
