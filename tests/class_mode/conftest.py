"""A real redis-server for the class store's tests: started on a free port, stopped after."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """redis://127.0.0.1:<port>/0 of a throw-away server (no persistence)."""
    if not shutil.which(REDIS_SERVER):
        pytest.skip(f"needs Debian's redis-server at {REDIS_SERVER} (apt-get install redis-server)")
    pytest.importorskip("redis", reason="needs the redis package (requirements.txt)")
    import redis

    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(200):  # waiting for a server to listen, not a timing assertion
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None:
                    pytest.fail(f"redis-server exited with {process.returncode}")
                time.sleep(0.05)
        else:
            pytest.fail("redis-server did not answer")
        yield url
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)
