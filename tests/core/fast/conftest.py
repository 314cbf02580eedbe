"""Fixtures: a fresh result pool, for the tests that watch which memory a result is written into."""

from __future__ import annotations

from unittest import mock

import pytest

from conv_core.fast import pool as result_pool


@pytest.fixture
def pool():
    """A fresh pool for each test, so that no other test's results are in it."""
    fresh = result_pool._ResultPool(min_bytes=1 << 20, max_bytes=100 << 20)
    with mock.patch.object(result_pool, "_results", fresh):
        yield fresh
