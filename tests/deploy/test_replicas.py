"""Two `streamlit run` replicas behind Debian's nginx with deploy/nginx.conf, all on 127.0.0.1:
each browser stays on one replica, an upload works through the balancer, and when one
replica is killed the other serves new sessions. Skipped where nginx or Chromium is absent.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from browser_driver import CHROMIUM, CHROMIUM_ARGS, assert_no_error_box, serve, wait_idle  # noqa: E402

NGINX = Path("/usr/sbin/nginx")
CLIENTS = 16  # new browsers: with two replicas, all 16 on one would be a 1-in-32 768 chance
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not NGINX.exists(), reason=f"needs nginx at {NGINX}"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Chromium at {CHROMIUM}"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _balancer(tmp_path: Path, ports: tuple[int, int]) -> Iterator[str]:
    """nginx with the repository's configuration, its ports moved to free ones."""
    listen = _free_port()
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    conf = conf.replace("127.0.0.1:8501", f"127.0.0.1:{ports[0]}")
    conf = conf.replace("127.0.0.1:8502", f"127.0.0.1:{ports[1]}")
    conf = conf.replace("listen 127.0.0.1:8080", f"listen 127.0.0.1:{listen}")
    (tmp_path / "nginx.conf").write_text(conf)
    with (tmp_path / "nginx.log").open("wb") as log:
        process = subprocess.Popen(
            [str(NGINX), "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g",
             "daemon off;"],
            stderr=log,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    socket.create_connection(("127.0.0.1", listen), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        pytest.fail(f"nginx did not start: {(tmp_path / 'nginx.log').read_text()}")
                    time.sleep(0.2)
            yield f"http://127.0.0.1:{listen}"
        finally:
            process.terminate()
            process.wait(timeout=10)


def _get(opener, url: str) -> tuple[int, str]:
    with opener.open(url, timeout=20) as response:
        return response.status, response.headers.get("X-Convlab-Replica", "")


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.radial_gradient("L").resize((120, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def replicas(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("STREAMLIT_SERVER_COOKIE_SECRET", "conv-lab-test-secret")
    a, b = tmp_path_factory.mktemp("replica_a"), tmp_path_factory.mktemp("replica_b")
    with serve(a) as url_a, serve(b) as url_b:
        yield url_a, url_b


def test_sticky_sessions_uploads_and_failover(replicas, tmp_path, browser):
    url_a, url_b = replicas
    ports = (int(url_a.rsplit(":", 1)[1]), int(url_b.rsplit(":", 1)[1]))
    with _balancer(tmp_path, ports) as url:
        # Each new browser (its own cookies) is given a replica and stays on it.
        seen = set()
        for _ in range(CLIENTS):
            opener = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
            )
            first = _get(opener, url + "/")
            assert first[0] == 200
            for path in ("/_stcore/health", "/edge_detection", "/"):
                assert _get(opener, url + path) == (200, first[1])
            seen.add(first[1])
        assert seen == {f"127.0.0.1:{ports[0]}", f"127.0.0.1:{ports[1]}"}

        # A real session through the balancer: websocket, page, and an upload.
        context = browser.new_context(viewport={"width": 1400, "height": 1600})
        page = context.new_page()
        page.goto(f"{url}/edge_detection?edge_source=upload")
        wait_idle(page)
        picture = tmp_path / "gradient.png"
        picture.write_bytes(_png())
        page.locator("input[type=file]").first.set_input_files(str(picture))
        page.wait_for_function(
            "[...document.querySelectorAll('[data-testid=stImageCaption]')]"
            ".some(c => c.textContent.includes('gradient.png, 120×90'))",
            timeout=30_000,
        )
        wait_idle(page)
        assert_no_error_box(page)
        context.close()

        # One replica dies: new browsers are served by the other.
        os.kill(ports_pid(ports[0]), 15)
        time.sleep(1)
        for _ in range(4):
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{url}/cross_correlation")
            wait_idle(page)
            page.get_by_role("heading", name="Cross-correlation lab").wait_for(timeout=30_000)
            assert_no_error_box(page)
            context.close()


def ports_pid(port: int) -> int:
    """The process listening on 127.0.0.1:`port` (the replica to kill)."""
    out = subprocess.run(
        ["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True, check=True
    ).stdout
    return int(out.split("pid=")[1].split(",")[0])


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_nginx_accepts_the_configuration(tmp_path):
    shutil.copy(ROOT / "deploy" / "nginx.conf", tmp_path / "nginx.conf")
    result = subprocess.run(
        [str(NGINX), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
