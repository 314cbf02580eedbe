"""What a dashboard server does once, off the pages' way (dashboard.py runs it on a thread of
its own after its first page): import conv_core and torch, compile corr2d's fused passes at
quiet moments (twenty seconds with little to do, before each of three steps), then take
everything loaded so far out of Python's garbage collector.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import time

# How the server's log says the passes are compiled (or why not); bench_classroom waits for it.
READY_LINE = "Conv Lab: corr2d's fused 3×3 and 5×5 passes:"


# Compiling holds the GIL for ~5 s with Inductor's disk cache warm, most of it importing
# Inductor, and a page drawn meanwhile took ~1 s more. In three steps, each at a quiet
# moment of its own, a page that meets one waits for a piece of it (measured alone: ~1.3 s
# to import dynamo, ~0.8 s Inductor, ~2.5 s to compile both shapes).
STEPS = ("torch._dynamo", "torch._inductor.compile_fx", "compile")


def prepare() -> None:
    """Import conv_core (and torch with it, ~1 s); once the server is quiet, compile the
    fused 3×3 and 5×5 passes in STEPS (conv_core/fast/compiled.py; photos are computed by
    the other methods until then); then `gc.freeze()`.

    Why freeze: torch, Streamlit and Inductor leave ~450 000 objects that Python's garbage
    collector would walk at every full collection, ~200 ms each (measured; ~70 ms before
    Inductor was loaded), in the middle of some student's page run. Frozen, they are never
    walked again; they are modules, functions and compiled code, which live as long as the
    server anyway. (Full collections are rare: none over 5 ms was seen in 48 kernel changes
    on the edge page, so this is insurance, not a measured gain.)"""
    conv_core = importlib.import_module("conv_core")
    work = 0.0
    for step in STEPS:
        wait_for_a_quiet_moment()
        start = time.monotonic()
        if step == "compile":
            conv_core.prepare_compiled(wait=True)
        else:
            with contextlib.suppress(Exception):  # if it fails, compiling says why
                importlib.import_module(step)
        work += time.monotonic() - start
    gc.freeze()
    # In the server's log (its standard output), for whoever runs it: whether photos get
    # the fused passes (`compiled_status` says why not, e.g. no C++ compiler).
    print(f"{READY_LINE} {conv_core.compiled_status()} ({work:.1f} s of work)", flush=True)


def wait_for_a_quiet_moment(
    seconds: int = 20, share: float = 0.1, *, cpu_seconds=time.process_time, sleep=time.sleep
) -> None:
    """Until this process has used under `share` of a core over the last `seconds`, however
    long that takes: the compile's steps are for when no one is waiting for a page. With a
    one-second lull the compile overlapped the next page's first render (fc_to_conv, 3.0 s
    instead of 2.0 s); with five seconds, a later session's (3.1 s). A busy classroom does
    not wait for it: its photos are shifted until a quiet moment."""
    used: list[float] = []
    while True:
        before = cpu_seconds()
        sleep(1.0)
        used = [*used[1 - seconds :], cpu_seconds() - before]
        if len(used) == seconds and sum(used) < share * seconds:
            return
