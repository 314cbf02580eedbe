"""Nagle's algorithm is off on every connection the server accepts (ui/no_delay.py).

In this process: a listening socket made the way Streamlit 1.67 makes its own (protocol 0,
which asyncio's own TCP_NODELAY skips) hands out connections with Nagle on until
`no_delay_on_listeners` has run, and with it off after; nothing else the process has open
is touched. On a real `streamlit run dashboard.py`: the server's listening socket, looked
at through a copy of its descriptor (pidfd_getfd, Linux ≥ 5.6), has TCP_NODELAY set.
"""

from __future__ import annotations

import ctypes
import errno
import os
import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from server_watch import streamlit_server  # noqa: E402

from ui.no_delay import no_delay_on_listeners  # noqa: E402


def _nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def _listener() -> socket.socket:
    """Bound as Streamlit binds its server socket: family only, protocol 0."""
    sock = socket.socket(family=socket.AF_INET)
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


def _accepted(listener: socket.socket) -> tuple[socket.socket, socket.socket]:
    client = socket.create_connection(listener.getsockname(), timeout=5)
    server_side, _ = listener.accept()
    return client, server_side


def test_connections_accepted_after_it_have_nagle_off():
    with _listener() as listener:
        client, before = _accepted(listener)
        with client, before:
            assert _nodelay(before) == 0, "the bug it works around: Nagle on by default"
        assert no_delay_on_listeners() >= 1
        assert _nodelay(listener) == 1
        client, after = _accepted(listener)
        with client, after:
            assert _nodelay(after) == 1


def _open_fd_count() -> int:
    return len(os.listdir("/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"))


def test_other_sockets_and_files_are_left_alone_and_open():
    with _listener() as listener, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        client, server_side = _accepted(listener)
        read_end, write_end = os.pipe()
        try:
            before = _open_fd_count()
            no_delay_on_listeners()
            assert _open_fd_count() == before  # every copy it made is closed again
            assert _nodelay(client) == 0  # a connection, not a listener: not changed
            assert _nodelay(server_side) == 0
            # every descriptor is still open and usable (only copies were closed)
            client.sendall(b"x")
            assert server_side.recv(1) == b"x"
            os.write(write_end, b"y")
            assert os.read(read_end, 1) == b"y"
            udp.bind(("127.0.0.1", 0))
            os.close(write_end)  # no copy of it is left open: the reader sees the end
            write_end = None
            assert os.read(read_end, 1) == b""
        finally:
            client.close()
            server_side.close()
            os.close(read_end)
            if write_end is not None:
                os.close(write_end)


def test_it_counts_only_listeners():
    base = no_delay_on_listeners()
    with _listener(), _listener():
        assert no_delay_on_listeners() == base + 2
    assert no_delay_on_listeners() == base


def _copy_of_fd(pid: int, fd: int) -> int:
    """`fd` of process `pid`, duplicated into this one (pidfd_getfd); OSError if refused."""
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = os.pidfd_open(pid)
    try:
        copied = libc.syscall(438, pidfd, fd, 0)  # SYS_pidfd_getfd, the same on every arch
        if copied < 0:
            error = ctypes.get_errno()
            raise OSError(error, os.strerror(error))
        return copied
    finally:
        os.close(pidfd)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pidfd_getfd is Linux's")
def test_the_real_servers_listening_socket_has_nagle_off(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with streamlit_server(port, tmp_path / "server.log") as pid:
        listeners = []
        for entry in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if not os.readlink(entry).startswith("socket:"):
                    continue
                copy = socket.socket(fileno=_copy_of_fd(pid, int(entry.name)))
            except OSError as error:
                if error.errno in (errno.EPERM, errno.ENOSYS):
                    pytest.skip(f"cannot look at the server's sockets here: {error}")
                continue  # closed meanwhile (a health check's connection)
            with copy:
                if copy.type == socket.SOCK_STREAM and copy.getsockopt(
                    socket.SOL_SOCKET, socket.SO_ACCEPTCONN
                ):
                    listeners.append((copy.getsockname()[1], _nodelay(copy)))
    assert (port, 1) in listeners, listeners
