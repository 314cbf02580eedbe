"""What a dashboard server does once, off the pages' way (dashboard.py runs it on a thread of
its own after its first page): import conv_core and torch, compile corr2d's fused passes at
the first quiet moment (five seconds with little to do), then take everything loaded so far
out of Python's garbage collector.
"""

from __future__ import annotations

import gc
import importlib
import time

# How the server's log says the passes are compiled (or why not); bench_classroom waits for it.
READY_LINE = "Conv Lab: corr2d's fused 3×3 and 5×5 passes:"


def prepare() -> None:
    """Import conv_core (and torch with it, ~1 s); once the server is quiet, compile the
    fused 3×3 and 5×5 passes (conv_core/fast/compiled.py: seconds; photos are computed by
    the other methods until then); then `gc.freeze()`.

    Why freeze: torch, Streamlit and Inductor leave ~450 000 objects that Python's garbage
    collector would walk at every full collection, ~200 ms each (measured; ~70 ms before
    Inductor was loaded), in the middle of some student's page run. Frozen, they are never
    walked again; they are modules, functions and compiled code, which live as long as the
    server anyway. (Full collections are rare: none over 5 ms was seen in 48 kernel changes
    on the edge page, so this is insurance, not a measured gain.)"""
    conv_core = importlib.import_module("conv_core")
    wait_for_a_quiet_moment()
    start = time.monotonic()
    conv_core.prepare_compiled(wait=True)
    gc.freeze()
    # In the server's log (its standard output), for whoever runs it: whether photos get
    # the fused passes (`compiled_status` says why not, e.g. no C++ compiler).
    print(f"{READY_LINE} {conv_core.compiled_status()} ({time.monotonic() - start:.1f} s)",
          flush=True)  # fmt: skip


def wait_for_a_quiet_moment(
    seconds: int = 5, share: float = 0.1, *, cpu_seconds=time.process_time, sleep=time.sleep
) -> None:
    """Until this process has used under `share` of a core over the last `seconds`, however
    long that takes. Compiling holds the GIL for seconds, and a page drawn meanwhile took
    ~1 s more: the first lesson page opened after the home page, 3.0 s instead of 2.0 s,
    when a one-second lull was enough to start. A busy classroom does not wait for the
    compile: its photos are shifted until a quiet moment."""
    used: list[float] = []
    while True:
        before = cpu_seconds()
        sleep(1.0)
        used = [*used[1 - seconds :], cpu_seconds() - before]
        if len(used) == seconds and sum(used) < share * seconds:
            return
