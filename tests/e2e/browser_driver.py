"""Helpers for the browser tests: wait for the app to settle, look for error boxes."""

from __future__ import annotations

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until the script has finished its run and every chart has been drawn."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=stSkeleton]').length === 0",
        timeout=timeout,
    )


def assert_no_error_box(page) -> None:
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).all_inner_texts()
