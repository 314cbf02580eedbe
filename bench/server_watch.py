"""The server the classroom benchmark (bench/bench_classroom.py) drives, watched from outside.

`streamlit run dashboard.py` on 127.0.0.1; its resident memory with its children's (VmRSS
from /proc), sampled for the peak; when it is quiet; and how many sessions it has open,
from Streamlit's public /_stcore/metrics endpoint. Nothing here imports Streamlit.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from browser_driver import _healthy, stop  # noqa: E402


class Measured(Protocol):
    """What keeps the peak (the benchmark's Classroom)."""

    peak_rss_mb: float


@contextlib.contextmanager
def streamlit_server(port: int, log_path: Path, *, start_timeout: float = 120,
                     cpus: set[int] | None = None, ttl: int | None = None,
                     env: dict[str, str] | None = None) -> Iterator[int]:  # fmt: skip
    """`streamlit run dashboard.py` from the repository root on 127.0.0.1:`port`; its pid.
    `cpus`: the only CPUs the server may run on (before it imports torch, which sizes its
    thread pool by them). `ttl`: server.disconnectedSessionTTL (None: the config's). `env`:
    variables added to the server's environment (CONVLAB_CLASS_STORE for replicas). Stopped
    on leaving, whatever happened (an error, Ctrl-C)."""
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py",
               "--server.headless", "true", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]  # fmt: skip
    if ttl is not None:
        command += ["--server.disconnectedSessionTTL", str(ttl)]
    with log_path.open("wb") as log:  # a file: an unread pipe would stall the server
        server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                  env=None if env is None else {**os.environ, **env})  # fmt: skip
        try:
            if cpus:
                os.sched_setaffinity(server.pid, cpus)
            started = time.monotonic()
            while not _healthy(f"http://127.0.0.1:{port}"):
                if server.poll() is not None:
                    tail = log_path.read_text(errors="replace")[-2000:]
                    raise SystemExit(f"streamlit exited: {tail}")
                if time.monotonic() - started > start_timeout:
                    raise SystemExit(f"no answer on /_stcore/health in {start_timeout:g} s")
                time.sleep(0.3)
            yield server.pid
        finally:
            stop(server, timeout=15)


def _descendants(pid: int) -> list[int]:
    """`pid` and every process below it (from /proc/*/stat's parent ids)."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                children[int(stat.rsplit(")", 1)[1].split()[1])].append(int(entry.name))
    found, todo = [], [pid]
    while todo and len(found) < 10_000:
        found.append(todo.pop())
        todo.extend(children.get(found[-1], ()))
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of `pid` and all its descendants, in MB (0 when it is gone)."""
    total_kb = 0
    for p in _descendants(pid):
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
    return total_kb / 1024


@contextlib.contextmanager
def peak_rss(pid: int, room: Measured, every: float = 0.2) -> Iterator[None]:
    """Sample the server's memory in a thread while the block runs; the peak goes to `room`."""
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(every):
            room.peak_rss_mb = max(room.peak_rss_mb, rss_mb(pid))

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
        room.peak_rss_mb = max(room.peak_rss_mb, rss_mb(pid))


def settle(pid: int, limit: float = 120) -> float:
    """Wait, at most `limit` seconds, until the server is quiet: under a tenth of a core
    over a second. A teacher starts the server before class. Seconds waited."""
    start = time.monotonic()
    ticks = os.sysconf("SC_CLK_TCK")

    def cpu_seconds() -> float:  # the server's and its finished children's
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(f) for f in fields[11:15]) / ticks

    while time.monotonic() - start < limit:
        before = cpu_seconds()
        time.sleep(1.0)
        if cpu_seconds() - before < 0.1:
            break
    return time.monotonic() - start


def active_sessions(port: int) -> int | None:
    """Sessions with an open websocket, from Streamlit's /_stcore/metrics (OpenMetrics
    text); None when it does not say."""
    url = f"http://127.0.0.1:{port}/_stcore/metrics?families=active_sessions"
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            text = answer.read().decode()
    except OSError:
        return None
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name.split("{")[0] == "active_sessions":
            return int(float(value.split()[0]))
    return None


def served(port: int, path: str) -> bool:
    """Whether the server still serves this media URL (an image a session drew)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as answer:
            answer.read()
        return True
    except OSError:  # HTTPError (404: Streamlit deleted the file) included
        return False
