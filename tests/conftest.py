"""For the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

_E2E = Path(__file__).parent / "e2e"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests run last, whatever order a command names the folders in: while
    Playwright's sync API is open (tests/e2e's session-wide browser), an event loop runs in
    the main thread, and the asyncio.run of the class-mode and deploy tests refuses to start
    beside it. The order is otherwise kept."""
    items.sort(key=lambda item: item.path.is_relative_to(_E2E))
