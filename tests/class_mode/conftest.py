"""A real redis-server for the class store's tests: started on a free port, stopped after."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from redis_server import MISSING, available, redis_server


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """redis://127.0.0.1:<port>/0 of a throw-away server."""
    if not available():
        pytest.skip(MISSING)
    pytest.importorskip("redis", reason="needs the redis package (requirements.txt)")
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url
