"""Two `streamlit run` replicas behind Debian's nginx with deploy/nginx.conf, all on 127.0.0.1,
reached as students reach a school's server: by a host name (convlab.test, which Chromium
maps to 127.0.0.1), over HTTPS with a certificate made here by openssl. Each browser stays on
one replica, plain HTTP is sent to HTTPS, the page is a secure context (the camera works),
an upload goes through, nginx's limits hold, no response names a replica's address, and when
one replica is killed the other serves new sessions. Skipped where nginx, openssl or Chromium
is absent.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import tomllib
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from browser_driver import CHROMIUM, CHROMIUM_ARGS, assert_no_error_box, serve, wait_idle
from tls_balancer import (
    HOST,
    NGINX,
    OPENSSL,
    ROOT,
    Balancer,
    announce_body,
    configuration,
    free_port,
    make_certificate,
    open_websocket,
    request,
    run_nginx,
)

CLIENTS = 16  # new browsers: with two replicas, all 16 on one would be a 1-in-32 768 chance
MIB = 1024 * 1024
needs_nginx = pytest.mark.skipif(not NGINX.exists(), reason=f"needs nginx at {NGINX}")
needs_openssl = pytest.mark.skipif(
    OPENSSL is None, reason="needs openssl to make the test's certificate"
)


def _nginx_setting(name: str) -> str:
    found = re.findall(
        rf"^\s*{name}\s+([^;]+);", (ROOT / "deploy" / "nginx.conf").read_text(), re.M
    )
    assert len(found) == 1, f"deploy/nginx.conf should set {name} once"
    return found[0].strip()


def _streamlit_server_settings() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]


def test_nginx_allows_exactly_streamlits_upload_limit_and_that_takes_a_25_mp_photo():
    # Streamlit refuses an upload body beyond maxUploadSize MiB plus 1 MiB of multipart
    # framing (_MAX_UPLOAD_MULTIPART_OVERHEAD_BYTES); nginx's "m" is MiB too.
    upload_mib = _streamlit_server_settings()["maxUploadSize"]
    assert _nginx_setting("client_max_body_size") == f"{upload_mib + 1}m"
    # The largest ordinary file within the pixel limit, 8-bit RGB uncompressed (with a header),
    # passes in every browser: they count the limit in MB of 10^6 bytes (1024^2 on Windows).
    source = (ROOT / "ui" / "edge_photo.py").read_text()
    max_pixels = int(re.search(r"^MAX_PIXELS = ([\d_]+)", source, re.M).group(1))
    assert max_pixels == 25_000_000
    assert max_pixels * 3 + 64 * 1024 <= upload_mib * 1_000_000 < max_pixels * 3 * 1.1


def test_streamlit_limits_fit_what_the_app_sends_and_no_more():
    server = _streamlit_server_settings()
    assert server["maxWidgetStateSize"] == 1  # MB; a 16×16 data editor's cells are ~10 kB
    assert 1 <= server["maxMessageSize"] <= 10  # MB; the largest message is ~0.17 MB


@pytest.mark.parametrize("setting", ["proxy_set_header Host", "proxy_request_buffering",
                                     "limit_conn", "ssl_certificate"])  # fmt: skip
def test_the_configuration_keeps_what_students_need(setting):
    expected = {
        "proxy_set_header Host": "$http_host",  # the port too: Streamlit's origin check
        "proxy_request_buffering": "off",  # uploads never touch nginx's disk
        "limit_conn": "per_client 20",
        "ssl_certificate": "/etc/convlab/tls/cert.pem",
    }[setting]
    assert _nginx_setting(setting) == expected
    assert "upstream_addr" not in (ROOT / "deploy" / "nginx.conf").read_text()


@needs_nginx
@needs_openssl
def test_nginx_accepts_the_configuration(tmp_path):
    cert, key = make_certificate(tmp_path)
    balancer = Balancer(free_port(), free_port(), cert, tmp_path / "replicas.log")
    (tmp_path / "nginx.conf").write_text(configuration((8501, 8502), balancer, key))
    result = subprocess.run(
        [str(NGINX), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def _noise_png() -> bytes:
    """A 1200×900 grey PNG of noise: ~1 MB that does not compress, far more than the 16 kB
    nginx keeps in memory before it would write a buffered body to a temporary file."""
    import numpy as np
    from PIL import Image

    pixels = np.random.default_rng(0).integers(0, 256, (900, 1200), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def replicas(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("STREAMLIT_SERVER_COOKIE_SECRET", "conv-lab-test-secret")
    # As docs/deploying.md advises once the server's name is known: a page of any other name
    # (DNS rebinding) gets no websocket.
    monkeypatch.setenv("STREAMLIT_SERVER_ALLOWED_HOSTS", HOST)
    a, b = tmp_path_factory.mktemp("replica_a"), tmp_path_factory.mktemp("replica_b")
    with serve(a) as url_a, serve(b) as url_b:
        yield int(url_a.rsplit(":", 1)[1]), int(url_b.rsplit(":", 1)[1])


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    args = [*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1",
            "--ignore-certificate-errors"]  # fmt: skip  # the test's own certificate only
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        yield chromium
        chromium.close()


def _assert_no_upstream(headers, ports: tuple[int, int], where: str) -> None:
    """No header names a replica: its address, localhost, or one of its ports after a colon
    (a bare number could be in any hash or cookie)."""
    pattern = re.compile("|".join([r"127\.0\.0\.1", "localhost", *(rf":{p}\b" for p in ports)]))
    for name, value in headers:
        assert not pattern.search(value), f"{where}: {name}: {value}"


def _sticky_clients(balancer: Balancer, ports: tuple[int, int]) -> None:
    """Each new client (its own cookie) is given a replica and stays on it; both are used;
    no header says which."""
    for n in range(CLIENTS):
        first = request(balancer, "/", headers={"X-Test-Client": str(n)})
        assert first.status == 200
        cookie = first.header("Set-Cookie")
        assert cookie.startswith("convlab_replica="), cookie
        assert "; Secure" in cookie, cookie
        replica_cookie = cookie.split(";")[0]
        for path in ("/_stcore/health", "/edge_detection", "/_stcore/host-config", "/"):
            reply = request(
                balancer, path, headers={"X-Test-Client": str(n), "Cookie": replica_cookie}
            )
            assert reply.status == 200, (path, reply.status)
            for name, value in reply.headers:  # Streamlit's XSRF cookie as well as nginx's
                assert name.lower() != "set-cookie" or "; Secure" in value, value
            _assert_no_upstream(reply.headers, ports, path)
    answered = defaultdict(set)
    for line in balancer.log.read_text().splitlines():
        client, upstream = line.split()
        answered[client].add(upstream)
    assert sorted(answered, key=int) == [str(n) for n in range(CLIENTS)]
    assert all(len(upstreams) == 1 for upstreams in answered.values()), answered
    used = set().union(*answered.values())
    assert used == {f"127.0.0.1:{ports[0]}", f"127.0.0.1:{ports[1]}"}


def _redirects_to_https(balancer: Balancer, ports: tuple[int, int]) -> None:
    reply = request(balancer, "/edge_detection?edge_source=upload", tls=False)
    assert reply.status == 301
    assert reply.header("Location") == f"{balancer.url}/edge_detection?edge_source=upload"
    _assert_no_upstream(reply.headers, ports, "redirect")


def _limits(balancer: Balancer, ports: tuple[int, int]) -> None:
    """One byte over the upload limit is refused by nginx; the limit itself is passed on
    (Streamlit answers: this request has no XSRF token); 20 open tabs of one device are served,
    more is refused until they close."""
    limit = int(_nginx_setting("client_max_body_size").rstrip("m")) * MIB
    path = "/_stcore/upload_file/no-session/no-file"
    assert announce_body(balancer, path, limit + 1).status == 413
    at_limit = announce_body(balancer, path, limit)  # passed on: Streamlit itself answers
    assert (at_limit.status, at_limit.body) == (403, b"XSRF token missing or invalid")
    per_client = int(_nginx_setting("limit_conn").split()[1])
    with open_websocket(balancer) as first:
        # Same-origin by host name and port: Streamlit's origin check passes ($http_host).
        assert first.status == 101, first
        with open_websocket(balancer, host="rebound.example") as other:
            assert other.status == 403  # server.allowedHosts
        _assert_no_upstream(first.headers, ports, "websocket")
        with ExitStack() as tabs:
            for _ in range(per_client - 1):
                assert tabs.enter_context(open_websocket(balancer)).status == 101
            assert request(balancer, "/_stcore/health").status == 429
    deadline = time.monotonic() + 20  # nginx counts a closed connection out when it sees it
    while request(balancer, "/_stcore/health").status != 200:
        assert time.monotonic() < deadline, "the limit held after the tabs were closed"
        time.sleep(0.2)


@pytest.mark.e2e
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Chromium at {CHROMIUM}")
@needs_nginx
@needs_openssl
def test_by_host_name_over_https_through_nginx_to_two_replicas(replicas, tmp_path, browser):
    ports = replicas
    with run_nginx(tmp_path, ports) as balancer:
        _sticky_clients(balancer, ports)
        _redirects_to_https(balancer, ports)
        _limits(balancer, ports)

        # A student types the plain address; the page comes over HTTPS, by host name, and runs.
        context = browser.new_context(viewport={"width": 1400, "height": 1600})
        page = context.new_page()
        responses, sockets = [], []
        page.on("response", lambda r: responses.append((r.url, r.headers)))
        page.on("websocket", lambda ws: sockets.append(ws.url))
        page.goto(f"{balancer.http_url}/edge_detection?edge_source=upload")
        wait_idle(page)
        assert page.url.startswith(f"{balancer.url}/edge_detection"), page.url
        assert sockets == [f"wss://{HOST}:{balancer.https_port}/_stcore/stream"]
        # The camera widget needs a secure context: getUserMedia exists only in one.
        assert page.evaluate("window.isSecureContext") is True
        assert page.evaluate("typeof navigator.mediaDevices?.getUserMedia") == "function"

        picture = tmp_path / "noise.png"
        picture.write_bytes(_noise_png())
        assert picture.stat().st_size > 1_000_000
        page.locator("input[type=file]").first.set_input_files(str(picture))
        page.wait_for_function(
            "[...document.querySelectorAll('[data-testid=stImageCaption]')]"
            ".some(c => c.textContent.includes('noise.png, 1200×900'))",
            timeout=60_000,
        )
        wait_idle(page)
        assert_no_error_box(page)
        assert any("/_stcore/upload_file/" in url for url, _ in responses)
        # Streamed to the replica, never written to disk by nginx (which logs it when it does,
        # or fails to open its client_body file where its workers may not write).
        nginx_log = (tmp_path / "nginx.log").read_text()
        assert "buffered to a temporary file" not in nginx_log
        assert "client_body" not in nginx_log
        for url, headers in responses:
            _assert_no_upstream(headers.items(), ports, url)
        context.close()

        # One replica dies: new browsers are served by the other.
        os.kill(_listening_pid(ports[0]), 15)
        time.sleep(1)
        for _ in range(4):
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{balancer.url}/cross_correlation")
            wait_idle(page)
            page.get_by_role("heading", name="Cross-correlation lab").wait_for(timeout=30_000)
            assert_no_error_box(page)
            context.close()


def _listening_pid(port: int) -> int:
    """The process listening on 127.0.0.1:`port` (the replica to kill)."""
    out = subprocess.run(
        ["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True, check=True
    ).stdout
    return int(out.split("pid=")[1].split(",")[0])
