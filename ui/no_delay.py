"""Send every message the moment it is written: TCP_NODELAY on the server's listening sockets.

Streamlit 1.67 binds its listening socket itself (`socket.socket(family=...)`, protocol 0),
and asyncio turns Nagle's algorithm off only for sockets whose protocol is IPPROTO_TCP. So
every connection the server accepts keeps Nagle on: after a rerun's first small message, the
next ones wait for the browser's acknowledgement, which a browser (or nginx) delays by 40 ms
when it has nothing to send back. A quick rerun (a minimal app, a cached edge-page change)
reached the browser 40–80 ms late; a longer one hid the wait in its own work
(docs/performance.md, "The edge page"). Linux and macOS copy TCP_NODELAY from a listening
socket to the connections it accepts, so setting it once, when the server starts (st.App's
public `lifespan`), covers them all. Streamlit offers no setting for it and the app must not
reach into its server module; the process's own file descriptors are the public way in.
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

# Where a process lists its open file descriptors: Linux, then macOS and the BSDs.
_FD_FOLDERS = (Path("/proc/self/fd"), Path("/dev/fd"))


def _open_fds() -> Iterator[int]:
    for folder in _FD_FOLDERS:
        with contextlib.suppress(OSError):
            yield from sorted(int(name) for name in os.listdir(folder) if name.isdigit())
            return


def no_delay_on_listeners() -> int:
    """Turn Nagle's algorithm off on every TCP socket this process listens on; how many.

    Each socket is looked at through a duplicate of its descriptor, closed again at once, so
    nothing the server owns is closed. Anything that is not a listening TCP socket is left
    alone."""
    changed = 0
    for fd in _open_fds():
        try:
            if not stat.S_ISSOCK(os.fstat(fd).st_mode):
                continue
            duplicate = os.dup(fd)
        except OSError:  # closed since it was listed
            continue
        try:
            copy = socket.socket(fileno=duplicate)
        except OSError:
            os.close(duplicate)
            continue
        with copy, contextlib.suppress(OSError):
            if (
                copy.family in (socket.AF_INET, socket.AF_INET6)
                and copy.type == socket.SOCK_STREAM
                and copy.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
            ):
                copy.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                changed += 1
    return changed


@contextlib.asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[None]:
    """st.App's lifespan: runs once the server's socket listens, before it accepts."""
    no_delay_on_listeners()
    yield
