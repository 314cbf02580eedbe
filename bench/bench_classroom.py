"""Benchmark: a classroom on one server — N students' sessions over Streamlit's websocket.

    python bench/bench_classroom.py --server-cpus 0  # 60 students, 20 at once; server on CPU 0
    python bench/bench_classroom.py --sessions 20 --active 20
    python bench/bench_classroom.py --sessions 3 --active 2  # a quick look
    python bench/bench_classroom.py --teacher --server-cpus 0  # class mode: 60 following

Starts its own `streamlit run dashboard.py` on 127.0.0.1 and drives every student's session
as a real browser tab would, over the websocket protocol (bench/streamlit_client.py), with
no browser per student: the figures are the server's (the images each run draws are
downloaded too, as a browser does). Each student opens the home page and
every lesson page (ui/shell.py's LESSON, so a new page is picked up), edits X in the
cross-correlation lab's data editor, switches the language to Chinese, picks the
12-megapixel sample on the edge page and changes its kernel five times, gives the live
training a new learning rate and a new seed (the run is computed on the server; playing it
is the browser's), and switches the language back. Every action is checked to have done
what it should (a new Y, Chinese text, a new output image, a new run): one that did
nothing counts as an error, as do exceptions on the page, disconnects and timeouts.

Prints, per action, p50/p95/max of the rerun latency (BackMsg sent → script_finished),
the errors, the server's peak resident memory (VmRSS of the server and its children,
sampled from /proc), and DESIGN.md's budgets with pass or fail, for a small hosted
container: the server held to one CPU (`--server-cpus 0`: os.sched_setaffinity on the
server's pid, and the load generator on the other CPUs), 60 sessions with no errors and
peak RSS ≤ 700 MB, and with 20 active at once the 12 MP kernel change p95 ≤ 1.5 s.
`--active K` students work at the same time (the first K start `--stagger` s apart, each
next one when a slot frees), each clicking again `--think` s after an answer (0: at once);
every session stays connected until the class ends.

`--classes N`: a school day's soak, N classes in a row on the same server. After each,
every tab is closed and the benchmark waits until the server has dropped them: none open in
Streamlit's /_stcore/metrics, then past server.disconnectedSessionTTL (`--session-ttl`,
Streamlit's 120 s, which .streamlit/config.toml leaves), when a closed tab reloaded with its
old session id must get a new session (right after closing, it gets its old one back).
Prints per class the errors and the server's RSS (peak, at the end, after the sessions
went), and the budgets: RSS at the last class's end within 10 % of the first's; no session
left open or resumable after the last.

`--teacher`: class mode instead (bench/class_follow.py): a teacher and `--sessions`
students who follow; idle CPU, a change's p95 to every follower, answers on the projector.
`--teacher --replicas 2`: two servers sharing the class in a Redis of their own (started and
stopped here), one CPU each, the teacher on one and the students spread over both.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from browser_driver import _free_port as free_port  # noqa: E402
from server_watch import active_sessions, peak_rss, rss_mb, served, streamlit_server  # noqa: E402
from server_watch import settle as wait_quiet  # noqa: E402
from streamlit_client import BrowserSession, Run, SessionError, has_chinese  # noqa: E402

from conv_core import KERNELS, LEARNING_RATES, SAMPLES  # noqa: E402
from ui.shell import HOME, LESSON  # noqa: E402

BIG_SAMPLE = "house_12mp"
# Five of these per student, starting at a different one for each; neighbours differ, and
# none is the page's first kernel (edge_1x2), so every change must give a new output.
KERNEL_ROTATION = ("sobel_x", "laplacian", "gaussian_5", "d2l_edge", "sobel_y", "sharpen",
                   "prewitt_y", "box_blur", "emboss", "edge_2x1")  # fmt: skip
KERNEL_CHANGES = 5
RATES = ("0.01", "0.02", "0.035", "0.04", "0.05")  # as the select slider shows them
LANGUAGE_LABELS = {"en": "English", "zh": "中文"}
KERNEL_ACTION = "edge: change the kernel (12 MP)"
BUDGET_SESSIONS, BUDGET_RSS_MB, BUDGET_CPUS = 60, 700, 1
BUDGET_ACTIVE, BUDGET_KERNEL_P95 = 20, 1.5
BUDGET_SOAK_GROWTH = 0.10  # RSS at the last class's end over the first class's end
SESSION_TTL = 120  # s: Streamlit's server.disconnectedSessionTTL, which the config leaves


class NoEffect(Exception):
    """The action ran but the page did not show what it should have."""


@dataclass
class Classroom:
    """What the class measured."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[tuple[int, str, str, str]] = field(default_factory=list)  # who, what, kind, why
    peak_rss_mb: float = 0.0
    idle_rss_mb: float = 0.0
    end_rss_mb: float = 0.0  # when the last student finished, every tab still open
    after_rss_mb: float = 0.0  # once the server dropped the class's sessions (--classes)
    sessions_left: int | None = None  # the server's active sessions then (None: not known)
    kept: bool | None = None  # a closed tab could come back to its session at once
    resumed: bool | None = None  # ... and still could after the server's session TTL
    session_ids: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)  # the images the class's tabs downloaded
    media_left: int | None = None  # of them (30 at most), still served once the sessions went
    server_log_errors: int = 0
    finished: int = 0  # students who went through the whole script
    client_cpu_seconds: float = 0.0  # this process's own share of the 2 cores

    def record(self, student: int, action: str, run: Run) -> Run:
        self.latencies[action].append(run.seconds)
        for text in run.exceptions:
            self.errors.append((student, action, "exception", text))
        for text in run.media_errors:
            self.errors.append((student, action, "media", text))
        return run

    def error_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for _, action, _, _ in self.errors:
            counts[action] += 1
        return counts


# One student --------------------------------------------------------------------------


def _element(run: Run, kind: str, key: str):
    """The element of `kind` keyed `key` in the run (None when it did not draw one)."""
    return next((el for k, _, el in run.elements if k == kind and el.id.endswith("-" + key)), None)


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise NoEffect(what)


Do = Callable[[str, Awaitable[Run]], Awaitable[Run]]  # do(action, rerun): timed, recorded


async def _edit_matrix(student: int, s: BrowserSession, last: Run, do: Do) -> Run:
    # Y is a matrix view (ui/heatmap.py: a components v2 element), its cells in its JSON.
    before = _element(last, "bidi_component", "y_main")
    value = str(5 + student % 20)  # X[1][1] is 4 in the book's X; K[0][0] is 0, so not X[0][0]
    run = await do("cross_correlation: edit X", s.edit_cell("X_editor", 1, "1", value))
    after = _element(run, "bidi_component", "y_main")
    _expect(before is not None and after is not None and after.json != before.json,
            "editing X did not change Y")  # fmt: skip
    return run


async def _switch_language(s: BrowserSession, lang: str, do: Do) -> Run:
    run = await do(f"switch language to {lang}", s.choose("lang", LANGUAGE_LABELS[lang]))
    _expect(has_chinese(run.title()) == (lang == "zh"), f"the title is {run.title()!r}")
    return run


async def _to_chinese(student: int, s: BrowserSession, last: Run, do: Do) -> Run:
    return await _switch_language(s, "zh", do)


async def _big_photo_and_kernels(student: int, s: BrowserSession, last: Run, do: Do) -> Run:
    options = s.widget("edge_sample").options
    _expect(len(options) == len(SAMPLES), f"{len(options)} samples offered, not {len(SAMPLES)}")
    big = options[list(SAMPLES).index(BIG_SAMPLE)]
    run = await do("edge: pick the 12 MP sample", s.choose("edge_sample", big))
    images = run.images()
    _expect(len(images) >= 2 and images[0][1].endswith("4000×3000"),
            f"the input is not the 12 MP sample: {images[:1]}")  # fmt: skip
    kernels = s.widget("edge_kernel").options
    _expect(len(kernels) == len(KERNELS) + 1, f"{len(kernels)} kernels offered")
    for step in range(KERNEL_CHANGES):
        name = KERNEL_ROTATION[(student + step) % len(KERNEL_ROTATION)]
        input_url, output_url = images[0][0], images[1][0]
        run = await do(KERNEL_ACTION, s.choose("edge_kernel", kernels[list(KERNELS).index(name)]))
        images = run.images()
        _expect(len(images) >= 2 and images[0][0] == input_url and images[1][0] != output_url,
                f"kernel {name}: no new output on the same picture")  # fmt: skip
    return run


async def _new_runs(student: int, s: BrowserSession, last: Run, do: Do) -> Run:
    player = _element(last, "bidi_component", "lk_player")
    current = s.values[s.widget("lr").id].string_array_value.data[0]
    rates = [r for r in RATES if r != current]
    rate = rates[student % len(rates)]
    _expect(rate in {f"{lr:g}" for lr in LEARNING_RATES}, f"{rate} is not offered")
    run = last
    for action, change in (
        ("learn: new learning rate", lambda: s.choose("lr", rate)),
        ("learn: new seed", lambda: s.type_number("seed", 100 + student)),
    ):
        run = await do(action, change())
        new = _element(run, "bidi_component", "lk_player")
        _expect(player is not None and new is not None and new != player,
                f"{action}: the player got no new run")  # fmt: skip
        player = new
    return run


Action = Callable[[int, BrowserSession, Run, Do], Awaitable[Run]]
PAGE_ACTIONS: dict[str, tuple[Action, ...]] = {
    "cross_correlation": (_edit_matrix, _to_chinese),
    "edge_detection": (_big_photo_and_kernels,),
    "learn_kernel": (_new_runs,),
}


async def student(index: int, s: BrowserSession, room: Classroom, think: float = 0) -> None:
    """One student's way through the lesson. A broken connection ends it; a page that did not
    do what it should is counted, and the student goes on to the next page."""
    current = ["connect"]

    async def do(action: str, rerun: Awaitable[Run]) -> Run:
        current[0] = action
        run = room.record(index, action, await rerun)
        await asyncio.sleep(think)  # reading the page before the next click
        return run

    async def attempt(step: Callable[[], Awaitable[Run]]) -> Run | None:
        try:
            return await step()
        except NoEffect as err:
            room.errors.append((index, current[0], "no effect", str(err)))
        except SessionError as err:
            room.errors.append((index, current[0], err.kind, err.detail))
            if err.kind != "protocol":
                raise
        return None

    async def open_page(path: str, slug: str) -> Run:
        run = await do(f"open {slug}", s.open(path))
        _expect(bool(run.title()), f"/{path} drew no heading")
        return run

    try:
        await s.connect()
        for lesson in (HOME, *LESSON):
            path = "" if lesson is HOME else lesson.slug
            last = await attempt(lambda p=path, slug=lesson.slug: open_page(p, slug))
            for action in PAGE_ACTIONS.get(lesson.slug, ()):
                if last is None:
                    break
                last = await attempt(lambda a=action, r=last: a(index, s, r, do))
        await attempt(lambda: _switch_language(s, "en", do))
        room.finished += 1
    except SessionError as err:
        if current[0] == "connect":
            room.errors.append((index, "connect", err.kind, err.detail))
        # otherwise counted by attempt(); this tab is dead


# The class ----------------------------------------------------------------------------


async def classroom(port: int, *, sessions: int, active: int, timeout: float, stagger: float,
                    deadline: float, room: Classroom, think: float = 0,
                    pid: int = 0, first: int = 0) -> None:  # fmt: skip
    """`sessions` students, `active` of them at work at a time, all connected till the end;
    then every tab is closed. `pid`: the server's, for its memory at the class's end.
    `first`: the first student's number (the next class's students are other students)."""
    slots = asyncio.Semaphore(active)
    tabs: list[BrowserSession] = []

    async def one(index: int) -> None:
        await asyncio.sleep(min(index, active - 1) * stagger)
        async with slots:
            tab = BrowserSession(port, timeout=timeout)
            tabs.append(tab)
            await student(first + index, tab, room, think)

    tasks = [asyncio.create_task(one(i)) for i in range(sessions)]
    _, pending = await asyncio.wait(tasks, timeout=deadline)
    for task in pending:
        task.cancel()
        room.errors.append((-1, "the whole class", "timeout", f"not done within {deadline:g} s"))
    await asyncio.gather(*pending, return_exceptions=True)
    room.end_rss_mb = rss_mb(pid) if pid else 0.0
    room.session_ids = [tab.session_id for tab in tabs if tab.session_id]
    room.media = sorted(set().union(*(tab.fetched for tab in tabs)))
    await asyncio.gather(*(tab.close() for tab in tabs), return_exceptions=True)


# The server ---------------------------------------------------------------------------


async def _warm_up(port: int, timeout: float) -> float:
    """The teacher opened the link before class, and the lesson's first page (which imports
    conv_core and torch). Seconds of the home page's run."""
    tab = BrowserSession(port, timeout=timeout)
    try:
        await tab.connect()
        seconds = (await tab.open()).seconds
        await tab.open(LESSON[0].slug)
        return seconds
    finally:
        await tab.close()


async def drop_sessions(port: int, pid: int, room: Classroom, ttl: float, timeout: float) -> None:
    """After the class's tabs closed: wait (30 s at most) until the server counts none of
    them open, then past server.disconnectedSessionTTL, after which Streamlit no longer
    keeps a closed tab's session for it to come back to. A tab reloaded with the last
    student's session id shows whether it could: at once (it should: `room.kept`), and
    after the TTL (it should not: `room.resumed`, the state is gone). The second's closing
    also makes the server let go of the expired sessions (Streamlit's store drops them on
    its next write). The server's open sessions and memory then go to `room`."""

    async def wait_empty() -> int | None:
        limit = time.monotonic() + 30
        while (left := await asyncio.to_thread(active_sessions, port)) and (
            time.monotonic() < limit
        ):
            await asyncio.sleep(0.5)
        return left

    async def reload(old: str) -> bool | None:
        probe = BrowserSession(port, timeout=timeout)
        try:
            await probe.connect(resume=old)
            await probe.open()
            return probe.session_id == old
        except SessionError as err:
            room.errors.append((-1, "reload a closed tab", err.kind, err.detail))
            return None
        finally:
            await probe.close()
            await wait_empty()

    await wait_empty()
    old = room.session_ids[-1] if room.session_ids else ""
    room.kept = await reload(old) if old else None
    await asyncio.sleep(ttl + 1)
    room.resumed = await reload(old) if old else None
    room.sessions_left = await wait_empty()
    still = await asyncio.gather(*(asyncio.to_thread(served, port, m) for m in room.media[:30]))
    room.media_left = sum(still)
    await asyncio.to_thread(wait_quiet, pid, 30)
    room.after_rss_mb = rss_mb(pid)


def run_class(*, sessions: int, active: int, port: int = 0, timeout: float = 60,
              stagger: float = 0.5, think: float = 0, deadline: float = 1800,
              log_dir: Path | None = None, settle: bool = True,
              server_cpus: set[int] | None = None, classes: int = 1,
              session_ttl: int = SESSION_TTL,
              on_ready: Callable[[int, float, float | None], None] | None = None,
              on_class: Callable[[int, Classroom], None] | None = None,
              ) -> list[Classroom]:  # fmt: skip
    """Start the server, hold `classes` classes in a row, stop the server; what each
    measured. Between classes (and after the last, when there are several) the server
    drops the closed tabs' sessions (drop_sessions). `settle`: the first class starts once
    the server is quiet (wait_quiet), else right after the warm-up. `server_cpus`: the server
    runs on these CPUs only, this process on the others."""
    rooms: list[Classroom] = []
    port = port or free_port()
    log_dir = log_dir or ROOT / "artifacts"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"classroom-server-{port}.log"
    if server_cpus:
        others = os.sched_getaffinity(0) - server_cpus
        if others:  # the load generator never competes with the server for its CPUs
            os.sched_setaffinity(0, others)
    with streamlit_server(port, log_path, cpus=server_cpus, ttl=session_ttl) as pid:
        warm = asyncio.run(_warm_up(port, timeout))
        settled = wait_quiet(pid) if settle else None
        idle, tracebacks = rss_mb(pid), 0
        if on_ready:
            on_ready(pid, warm, settled)
        pace = {"timeout": timeout, "stagger": stagger, "think": think, "deadline": deadline}
        for number in range(1, classes + 1):
            room = Classroom(idle_rss_mb=idle)
            with peak_rss(pid, room):
                cpu = time.process_time()
                asyncio.run(classroom(port, sessions=sessions, active=active, room=room,
                                      pid=pid, first=(number - 1) * sessions, **pace))  # fmt: skip
                room.client_cpu_seconds = time.process_time() - cpu
            if classes > 1:
                asyncio.run(drop_sessions(port, pid, room, session_ttl, timeout))
                idle = room.after_rss_mb
            seen = log_path.read_text(errors="replace").count("Traceback")
            room.server_log_errors, tracebacks = seen - tracebacks, seen
            rooms.append(room)
            if on_class:
                on_class(number, room)
    return rooms


# The report ---------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def budgets(
    room: Classroom, sessions: int, active: int, cpus: int
) -> list[tuple[str, bool | None, str]]:
    """(budget, passed, the figures), for a server on `cpus` CPUs. A smaller class, or a
    server with more CPUs, that already breaks a budget fails it (more students add errors
    and memory, fewer CPUs add time, never take them away); one that keeps it says nothing
    (None) of the full class on one CPU."""
    errors = len(room.errors) + room.server_log_errors
    kernel = room.latencies.get(KERNEL_ACTION, [])
    p95 = percentile(kernel, 95) if kernel else math.inf

    def verdict(kept: bool, full_size: bool) -> bool | None:
        return kept if full_size or not kept else None

    one_cpu = cpus <= BUDGET_CPUS
    big, crowded = sessions >= BUDGET_SESSIONS and one_cpu, active >= BUDGET_ACTIVE and one_cpu
    return [
        (f"{BUDGET_SESSIONS} sessions, no errors", verdict(errors == 0, big),
         f"{sessions} sessions, {errors} errors"),
        (f"{BUDGET_SESSIONS} sessions: peak RSS ≤ {BUDGET_RSS_MB} MB",
         verdict(room.peak_rss_mb <= BUDGET_RSS_MB, big),
         f"{room.peak_rss_mb:.0f} MB with {sessions} sessions"),
        (f"{BUDGET_ACTIVE} active at once: 12 MP kernel change p95 ≤ {BUDGET_KERNEL_P95} s",
         verdict(p95 <= BUDGET_KERNEL_P95, crowded),
         f"p95 {p95:.2f} s over {len(kernel)} changes, {active} active"),
    ]  # fmt: skip


def report(room: Classroom, sessions: int, active: int, cpus: int) -> bool:
    """Print the figures; True when no budget this run can check failed."""
    print()
    print("| action | runs | p50 | p95 | max | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    errors = room.error_counts()
    for action, seconds in room.latencies.items():
        p50, p95, worst = percentile(seconds, 50), percentile(seconds, 95), max(seconds)
        print(f"| {action} | {len(seconds)} | {p50:.2f} s | {p95:.2f} s | {worst:.2f} s | "
              f"{errors.get(action, 0)} |")  # fmt: skip
    for action in errors.keys() - room.latencies.keys():
        print(f"| {action} | 0 | | | | {errors[action]} |")
    print()
    print(f"students through the whole lesson: {room.finished} of {sessions}")
    print(f"server RSS: {room.idle_rss_mb:.0f} MB before, peak {room.peak_rss_mb:.0f} MB, "
          f"{room.end_rss_mb:.0f} MB at the end")  # fmt: skip
    print(f"tracebacks in the server's log: {room.server_log_errors}")
    print(f"the load generator's own CPU time: {room.client_cpu_seconds:.0f} s")
    for who, action, kind, detail in room.errors[:20]:
        print(f"  error: student {who}, {action}: {kind}: {detail[:200]}")
    if len(room.errors) > 20:
        print(f"  ... and {len(room.errors) - 20} more")
    print()
    ok = True
    kernel = room.latencies.get(KERNEL_ACTION, [])
    p95 = f"{percentile(kernel, 95):.2f} s" if kernel else "none measured"
    print(f"server on {cpus} CPU(s): errors {len(room.errors) + room.server_log_errors}, "
          f"peak RSS {room.peak_rss_mb:.0f} MB, 12 MP kernel change p95 {p95}")  # fmt: skip
    print()
    for what, passed, figures in budgets(room, sessions, active, cpus):
        verdict = {True: "PASS", False: "FAIL", None: "not checked by this run"}[passed]
        print(f"{verdict:>23}  {what}  ({figures})")
        ok = ok and passed is not False
    return ok


def soak_report(rooms: list[Classroom]) -> bool:
    """Classes in a row on one server (--classes): per class, then the leak budgets."""
    print(
        "\n| class | errors | peak RSS | RSS at the end | after the sessions closed | "
        "sessions left | old session resumed | images left |\n"
        "| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"
    )
    for number, room in enumerate(rooms, 1):
        rss = (room.peak_rss_mb, room.end_rss_mb, room.after_rss_mb)
        print(f"| {number} | {len(room.errors) + room.server_log_errors} | "
              + " | ".join(f"{mb:.0f} MB" for mb in rss)
              + f" | {room.sessions_left} | {room.resumed} | {room.media_left} |")  # fmt: skip
    first, last = rooms[0].end_rss_mb, rooms[-1].end_rss_mb
    growth = last / first - 1 if first else math.inf
    grew_ok = first > 0 and last <= first * (1 + BUDGET_SOAK_GROWTH)
    end = rooms[-1]
    gone = end.sessions_left == 0 and end.kept is True and end.resumed is False
    gone = gone and end.media_left == 0
    print(f"\n{'PASS' if grew_ok else 'FAIL':>23}  RSS at the end of class {len(rooms)} within "
          f"{BUDGET_SOAK_GROWTH * 100:.0f} % of class 1's end  ({last:.0f} MB vs {first:.0f} MB, "
          f"{growth:+.1%})")  # fmt: skip
    print(f"{'PASS' if gone else 'FAIL':>23}  no session state left  (after the last class: "
          f"{end.sessions_left} active sessions in /_stcore/metrics, a closed tab's "
          f"session resumed after the TTL: {end.resumed} (at once: {end.kept}); its images "
          f"still served: {end.media_left} of {min(len(end.media), 30)}; RSS "
          f"{end.after_rss_mb:.0f} MB)")  # fmt: skip
    return grew_ok and gone


def cpu_list(text: str) -> set[int]:
    """ "0", "0,2" or "0-1" as a set of CPUs this machine lets the benchmark use."""
    cpus: set[int] = set()
    try:
        for part in text.split(","):
            first, _, last = part.partition("-")
            cpus.update(range(int(first), int(last or first) + 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of CPUs: {text!r}") from None
    if not cpus or not cpus <= os.sched_getaffinity(0):
        raise argparse.ArgumentTypeError(f"CPUs {text} are not all available here")
    return cpus


def lead_class(args: argparse.Namespace) -> bool:
    """Class mode on one server: see bench/class_follow.py."""
    from class_follow import class_under_load
    from class_follow import report as class_report

    log_dir = ROOT / "artifacts"
    log_dir.mkdir(parents=True, exist_ok=True)
    if args.server_cpus and os.sched_getaffinity(0) - args.server_cpus:
        os.sched_setaffinity(0, os.sched_getaffinity(0) - args.server_cpus)
    cpus = sorted(args.server_cpus or os.sched_getaffinity(0))
    with contextlib.ExitStack() as stack:
        env = None
        if args.replicas > 1:  # the deployment of docs/deploying.md: one store in Redis
            sys.path.insert(0, str(ROOT / "tests" / "class_mode"))
            from redis_server import redis_server

            url = stack.enter_context(redis_server(Path(stack.enter_context(
                tempfile.TemporaryDirectory()))))  # fmt: skip
            env = {"CONVLAB_CLASS_STORE": url}
        ports = [args.port + i if args.port else free_port() for i in range(args.replicas)]
        logs = [log_dir / f"class-mode-server-{port}.log" for port in ports]
        pids = []
        for i, (port, log_path) in enumerate(zip(ports, logs, strict=True)):
            # Replicas take turns over the server's CPUs: one core each where there are enough.
            mine = {cpus[i % len(cpus)]} if args.replicas > 1 else args.server_cpus
            pids.append(stack.enter_context(streamlit_server(port, log_path, cpus=mine, env=env)))
        for port, pid in zip(ports, pids, strict=True):
            asyncio.run(_warm_up(port, args.timeout))
            settled = wait_quiet(pid)
            print(f"server pid {pid} on CPUs {sorted(os.sched_getaffinity(pid))}, quiet after "
                  f"{settled:.0f} s")  # fmt: skip
        store = "one Redis" if env else "in the process"
        print(f"{args.replicas} server(s), class store {store}; load generator on CPUs "
              f"{sorted(os.sched_getaffinity(0))}; a teacher and {args.sessions} students "
              "following")  # fmt: skip
        figures = asyncio.run(class_under_load(ports, pids, args.sessions, args.timeout))
    tracebacks = sum(log.read_text(errors="replace").count("Traceback") for log in logs)
    print(f"tracebacks in the servers' logs: {tracebacks}")
    return class_report(figures) and tracebacks == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=BUDGET_SESSIONS, help="students (60)")
    parser.add_argument("--active", type=int, default=BUDGET_ACTIVE,
                        help="students at work at the same time (20)")  # fmt: skip
    parser.add_argument("--port", type=int, default=0, help="the server's port (a free one)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds a rerun may take (60)")
    parser.add_argument("--stagger", type=float, default=0.5,
                        help="seconds between the first students' starts (0.5)")  # fmt: skip
    parser.add_argument(
        "--think", type=float, default=0, help="seconds a student reads each answer (0)"
    )
    parser.add_argument("--deadline", type=float, default=1800, help="seconds for the class")
    parser.add_argument("--classes", type=int, default=1,
                        help="classes in a row on one server, tabs closed between (1)")  # fmt: skip
    parser.add_argument("--session-ttl", type=int, default=SESSION_TTL,
                        help="server.disconnectedSessionTTL, s (120)")  # fmt: skip
    parser.add_argument("--no-settle", action="store_true",
                        help="start the class right after the warm-up, before the server "
                        "is quiet")  # fmt: skip
    parser.add_argument("--teacher", action="store_true",
                        help="class mode: a teacher leads, students follow")  # fmt: skip
    parser.add_argument("--replicas", type=int, default=1,
                        help="with --teacher: servers sharing the class in a Redis of "
                        "their own (the teacher on the first, students spread), one CPU "
                        "each (1)")  # fmt: skip
    parser.add_argument("--server-cpus", type=cpu_list, default=None,
                        help="CPUs the server may use, e.g. 0 or 0,1 or 0-1 (all); the load "
                        "generator runs on the others")  # fmt: skip
    args = parser.parse_args()
    if (
        min(args.sessions, args.active) < 1
        or args.timeout <= 0
        or min(args.stagger, args.think, args.session_ttl) < 0
        or args.classes < 1
        or args.replicas < 1
    ):
        parser.error("--sessions, --active, --classes ≥ 1; --timeout > 0; "
                     "--stagger, --think, --session-ttl ≥ 0")  # fmt: skip
    active = min(args.active, args.sessions)
    cpus = len(args.server_cpus or os.sched_getaffinity(0))

    def ready(pid: int, warm: float, settled: float | None) -> None:
        quiet = "not waited for" if settled is None else f"quiet after {settled:.0f} s more"
        print(f"server pid {pid} on 127.0.0.1, first page {warm:.1f} s, {quiet}; "
              f"{args.sessions} students, {active} at once, think {args.think:g} s, "
              f"server on CPUs {sorted(os.sched_getaffinity(pid))}, load generator on "
              f"{sorted(os.sched_getaffinity(0))}")  # fmt: skip

    started = time.monotonic()
    if args.teacher:
        sys.exit(0 if lead_class(args) else 1)
    verdicts: list[bool] = []

    def one_class(number: int, room: Classroom) -> None:
        print(f"\nclass {number} of {args.classes}: done {time.monotonic() - started:.0f} s "
              "after the start", flush=True)  # fmt: skip
        verdicts.append(report(room, args.sessions, active, cpus))
        sys.stdout.flush()

    try:
        rooms = run_class(sessions=args.sessions, active=active, port=args.port,
                          timeout=args.timeout, stagger=args.stagger, think=args.think,
                          deadline=args.deadline, settle=not args.no_settle,
                          server_cpus=args.server_cpus, classes=args.classes,
                          session_ttl=args.session_ttl, on_ready=ready,
                          on_class=one_class)  # fmt: skip
    except KeyboardInterrupt:
        sys.exit("interrupted: the server is stopped")
    print(f"the classes took {time.monotonic() - started:.0f} s")
    if args.classes > 1:
        verdicts.append(soak_report(rooms))
    sys.exit(0 if all(verdicts) else 1)


if __name__ == "__main__":
    main()
