"""Helpers for the browser tests (and the benchmarks that drive a browser): start a
`streamlit run` server, the Chromium to use, wait for the app to settle, look for error boxes."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().strip() == b"ok"
    except OSError:
        return False


@contextlib.contextmanager
def serve(log_dir: Path) -> Iterator[str]:
    """`streamlit run dashboard.py` on a free port of 127.0.0.1, stopped on leaving."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    # The log goes to a file: an unread pipe fills up and would stall the server mid-session.
    log_path = log_dir / "server.log"
    log = log_path.open("wb")
    server = subprocess.Popen(
        command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy()
    )
    try:
        deadline = time.monotonic() + 90
        while not _healthy(url):
            if server.poll() is not None:
                pytest.fail(f"streamlit exited: {log_path.read_text(errors='replace')[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("streamlit did not answer /_stcore/health within 90 s")
            time.sleep(0.5)
        yield url
    finally:
        stop(server)
        log.close()


def stop(server: subprocess.Popen, timeout: float = 10) -> None:
    """Ask a server to stop; kill it if it has not within `timeout` seconds."""
    server.terminate()
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=timeout)


def switch_to_the_lab_in_classroom_mode(page, url: str) -> None:
    """From the home page opened with ?classroom=true, follow the link to the lab; classroom
    mode (3 number inputs, no size inputs) must come along."""
    page.goto(f"{url}/?classroom=true")
    wait_idle(page)
    page.wait_for_timeout(1500)  # the frontend may still be rewriting the URL
    page.get_by_role("link", name=re.compile("Cross-correlation lab")).first.click()
    # The old page is idle too until the switch starts: wait for the lab itself.
    page.wait_for_url(re.compile("cross_correlation"))
    page.locator("[data-testid='stNumberInput']").first.wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_role("switch", name="Classroom mode").is_checked()
    assert page.locator("[data-testid='stNumberInput']").count() == 3  # no size inputs
    assert_no_error_box(page)
