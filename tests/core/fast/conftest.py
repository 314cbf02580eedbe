"""Fixtures: a fresh result pool (for the tests that watch which memory a result is written
into), and the compiled passes either compiled or not (auto's choice depends on it)."""

from __future__ import annotations

import shutil
from unittest import mock

import pytest

from conv_core.fast import compiled
from conv_core.fast import pool as result_pool


@pytest.fixture
def pool():
    """A fresh pool for each test, so that no other test's results are in it."""
    fresh = result_pool._ResultPool(min_bytes=1 << 20, max_bytes=100 << 20)
    with mock.patch.object(result_pool, "_results", fresh):
        yield fresh


@pytest.fixture
def not_compiled(monkeypatch):
    """As before the fused passes have compiled, or where they cannot: auto never picks them."""
    monkeypatch.setattr(compiled, "ready", lambda: False)


@pytest.fixture(scope="session")
def compiled_passes():
    """The fused 3×3 and 5×5 passes, compiled once a test run (seconds). Skips only where
    there is no C++ compiler to compile them with; where there is one they must compile."""
    if not any(shutil.which(cc) for cc in ("c++", "g++", "clang++")):
        pytest.skip("no C++ compiler: torch.compile cannot build the fused passes here")
    assert compiled.prepare(wait=True), compiled.status()
    return compiled
