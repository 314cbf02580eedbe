"""deploy/nginx.conf run for a test: its ports moved to free ones on 127.0.0.1, a certificate
for convlab.test made by openssl, and plain HTTP(S) requests to that host name.

convlab.test is in no DNS: Chromium reaches it through `--host-resolver-rules`, and the
requests here connect to 127.0.0.1 while sending the name (Host header, TLS server name) and
checking the certificate against it.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = Path("/usr/sbin/nginx")
OPENSSL = shutil.which("openssl")
HOST = "convlab.test"
CERT_PATH = "/etc/convlab/tls/cert.pem"  # where deploy/nginx.conf expects them
KEY_PATH = "/etc/convlab/tls/key.pem"
TIMEOUT = 30  # seconds for one request: the machine may be busy


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for convlab.test and its key, as docs/deploying.md makes one."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={HOST}",
         "-addext", f"subjectAltName=DNS:{HOST}"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return cert, key


@dataclass(frozen=True)
class Balancer:
    http_port: int
    https_port: int
    cert: Path
    log: Path  # the test's access log: one line per request, "<X-Test-Client> <upstream>"

    @property
    def url(self) -> str:
        return f"https://{HOST}:{self.https_port}"

    @property
    def http_url(self) -> str:
        return f"http://{HOST}:{self.http_port}"


def configuration(replicas: tuple[int, int], balancer: Balancer, key: Path) -> str:
    """deploy/nginx.conf with the test's ports, certificate, and an access log of which
    replica answered (deploy/nginx.conf logs nothing and shows no upstream to anyone)."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    changes = [
        ("127.0.0.1:8501", f"127.0.0.1:{replicas[0]}"),
        ("127.0.0.1:8502", f"127.0.0.1:{replicas[1]}"),
        ("listen 80;", f"listen 127.0.0.1:{balancer.http_port};"),
        ("listen 443 ssl;", f"listen 127.0.0.1:{balancer.https_port} ssl;"),
        ("return 301 https://$host$request_uri;",
         f"return 301 https://$host:{balancer.https_port}$request_uri;"),
        (CERT_PATH, str(balancer.cert)),
        (KEY_PATH, str(key)),
        ("access_log off;",
         "log_format replicas '$http_x_test_client $upstream_addr';\n"
         f"    access_log {balancer.log} replicas;"),
    ]  # fmt: skip
    for old, new in changes:
        assert conf.count(old) == 1, f"deploy/nginx.conf should have {old!r} once; update the test"
        conf = conf.replace(old, new)
    return conf


@contextlib.contextmanager
def run_nginx(tmp_path: Path, replicas: tuple[int, int]) -> Iterator[Balancer]:
    """nginx with the repository's configuration on free ports; stopped on leaving."""
    cert, key = make_certificate(tmp_path)
    balancer = Balancer(free_port(), free_port(), cert, tmp_path / "replicas.log")
    (tmp_path / "nginx.conf").write_text(configuration(replicas, balancer, key))
    with (tmp_path / "nginx.log").open("wb") as log:
        process = subprocess.Popen(
            [str(NGINX), "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g",
             "daemon off;"],
            stderr=log,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 20
            for port in (balancer.http_port, balancer.https_port):
                while True:
                    try:
                        socket.create_connection(("127.0.0.1", port), timeout=1).close()
                        break
                    except OSError:
                        if time.monotonic() > deadline or process.poll() is not None:
                            log.flush()
                            pytest.fail(
                                f"nginx did not start: {(tmp_path / 'nginx.log').read_text()}"
                            )
                        time.sleep(0.2)
            yield balancer
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


class _NamedHTTPS(http.client.HTTPSConnection):
    """HTTPS to a host name only Chromium resolves: the socket goes to 127.0.0.1, the name
    goes into the TLS handshake, and the certificate is checked against it."""

    def connect(self) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@dataclass(frozen=True)
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


def _connection(balancer: Balancer, tls: bool) -> http.client.HTTPConnection:
    if tls:
        context = ssl.create_default_context(cafile=str(balancer.cert))
        return _NamedHTTPS(HOST, balancer.https_port, timeout=TIMEOUT, context=context)
    return http.client.HTTPConnection("127.0.0.1", balancer.http_port, timeout=TIMEOUT)


def request(
    balancer: Balancer,
    path: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    tls: bool = True,
) -> Reply:
    """One request to convlab.test through nginx (HTTPS, or plain HTTP with tls=False)."""
    connection = _connection(balancer, tls)
    port = balancer.https_port if tls else balancer.http_port
    try:
        connection.request(method, path, headers={"Host": f"{HOST}:{port}", **(headers or {})})
        response = connection.getresponse()
        return Reply(response.status, response.getheaders(), response.read())
    finally:
        connection.close()


def announce_body(balancer: Balancer, path: str, length: int) -> Reply:
    """A PUT that announces a body of `length` bytes and sends none: what nginx answers to
    the announcement alone (413 when it is over client_max_body_size)."""
    connection = _connection(balancer, tls=True)
    try:
        connection.putrequest("PUT", path, skip_host=True)
        connection.putheader("Host", f"{HOST}:{balancer.https_port}")
        connection.putheader("Content-Type", "multipart/form-data; boundary=x")
        connection.putheader("Content-Length", str(length))
        connection.endheaders()
        response = connection.getresponse()
        return Reply(response.status, response.getheaders(), response.read())
    finally:
        connection.close()


@contextlib.contextmanager
def open_websocket(balancer: Balancer, host: str = HOST) -> Iterator[Reply]:
    """A browser's websocket handshake to Streamlit's /_stcore/stream, same-origin as a page
    of https://<host>:<port> sends it (a host other than convlab.test: as a page of another
    name that resolves to this server would); the connection stays open inside the block."""
    context = ssl.create_default_context(cafile=str(balancer.cert))
    raw = socket.create_connection(("127.0.0.1", balancer.https_port), timeout=TIMEOUT)
    with context.wrap_socket(raw, server_hostname=HOST) as sock:
        origin = f"{host}:{balancer.https_port}"
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall(
            (
                "GET /_stcore/stream HTTP/1.1\r\n"
                f"Host: {origin}\r\nOrigin: https://{origin}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 65536:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
        lines = head.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
        headers = [tuple(part.strip() for part in line.split(":", 1)) for line in lines[1:]]
        yield Reply(status, [h for h in headers if len(h) == 2], b"")
