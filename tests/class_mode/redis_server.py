"""A throw-away redis-server on a free port of 127.0.0.1 (no persistence), for tests."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
MISSING = f"needs Debian's redis-server at {REDIS_SERVER} (apt-get install redis-server)"


def available() -> bool:
    return shutil.which(REDIS_SERVER) is not None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    """redis://127.0.0.1:<port>/0, answering; the server is stopped on leaving."""
    import redis

    port = free_port()
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(400):  # waiting for a server to listen, not a timing assertion
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None:
                    raise RuntimeError(f"redis-server exited with {process.returncode}") from None
                time.sleep(0.05)
        else:
            raise RuntimeError("redis-server did not answer")
        yield url
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)
