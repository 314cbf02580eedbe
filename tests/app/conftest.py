"""Fixtures for the AppTest tests."""

from __future__ import annotations

import pytest
from app_driver import LAB, open_page
from streamlit.testing.v1 import AppTest


@pytest.fixture
def lab() -> AppTest:
    """The cross-correlation lab as a student first sees it."""
    at = open_page(LAB)
    assert not at.exception
    return at
