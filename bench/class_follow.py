"""Class mode under load (issue 22): a teacher and N students following, on one server.

Run through `python bench/bench_classroom.py --teacher --server-cpus 0` (60 students), or
`--teacher --replicas 2` (two servers and Redis).
Every student joins by the link and follows; their tab's poll (twice a second) is sent as the
browser sends it, with nobody clicking: ui/class_mode/poller.js asks `GET /class/<code>/version`
over HTTP and, when the version differs from the one its page drew, sets its trigger (a
rerun of the page); every 30 s it says `POST /class/<code>/seen`. Timed fragments (the
projector's) are rerun on their timers as the browser does. Measured, against DESIGN.md /
issue 22's budgets:

- idle: the server's CPU (its process and children, from /proc) over `IDLE_SECONDS` with
  every student following and nobody clicking: ≤ 20 % of one core;
- follow: the teacher changes the lab's padding `CHANGES` times; for each change and each
  student, the time from the teacher's click being sent to that student's page holding the
  new value: p95 ≤ 2 s. Beside it, the median and the servers' CPU seconds from the click
  until every student held it (per change, and that divided by the students: what one
  follower's rerun costs, the figure that decides the p95 on one core);
- answers: the teacher asks the lab's question; every student answers within one second
  (spread at random); the time from the last answer sent to the teacher's projector
  showing "N of N answered": ≤ 1 s.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import random
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit_client import BrowserSession, Run, SessionError

IDLE_SECONDS = 30.0
CHANGES = 8
CHANGE_GAP = 2.0  # seconds between one change reaching every student and the next change
WAIT = 30.0  # seconds a change (or the question) may take to reach everyone before it counts missed
BUDGET_IDLE_CPU, BUDGET_FOLLOW_P95, BUDGET_ANSWERS = 0.20, 2.0, 1.0


class _Peek:
    """The websocket, with the auto-rerun timers the server asks for noted on the way."""

    def __init__(self, ws, timers: dict[str, float]) -> None:
        self._ws, self._timers = ws, timers

    async def recv(self):
        data = await self._ws.recv()
        fm = ForwardMsg()
        fm.ParseFromString(data)
        kind = fm.WhichOneof("type")
        if kind == "auto_rerun":
            self._timers[fm.auto_rerun.fragment_id] = fm.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fragment in fm.stop_auto_rerun.fragment_ids:
                self._timers.pop(fragment, None)
        return data

    def __getattr__(self, name):
        return getattr(self._ws, name)


class Tab(BrowserSession):
    """A browser tab that also clicks buttons, sends forms and runs timed fragments."""

    def __init__(self, port: int, *, timeout: float, locale: str = "en-US") -> None:
        super().__init__(port, timeout=timeout, locale=locale)
        self.timers: dict[str, float] = {}  # fragment id → seconds between its reruns
        self.lock = asyncio.Lock()  # one run at a time per tab: its timer waits for a click

    async def connect(self) -> None:
        await super().connect()
        self.ws = _Peek(self.ws, self.timers)

    # Each action holds the tab while its values are set and sent: a timed rerun waiting
    # meanwhile must not carry a click's trigger a second time.
    async def open(self, path: str = "", query_string: str = "") -> Run:
        async with self.lock:
            return await super().open(path, query_string)

    async def _change(self, widget, state: WidgetState) -> Run:
        async with self.lock:
            return await super()._change(widget, state)

    async def click(self, key: str) -> Run:
        widget = self.widget(key)
        run = await self._change(widget, WidgetState(id=widget.id, trigger_value=True))
        self.values.pop(widget.id, None)  # a trigger fires once
        return run

    async def submit(self, field_key: str, text: str, button_prefix: str) -> Run:
        """Type `text` into a form's text input and press the form's button."""
        field = self.widget(field_key)
        self.values[field.id] = WidgetState(id=field.id, string_value=text)
        button = next(w for w in self.widgets.values() if w.key.startswith(button_prefix))
        return await self.click(button.key)

    async def tick(self, fragment_id: str) -> Run:
        """The browser's timer reruns a fragment (its script may then rerun the page)."""
        async with self.lock:
            return await self._rerun(fragment_id=fragment_id, auto=True)

    async def trigger(self, widget, event: str, value: object) -> Run:
        """A components v2 element sets its trigger (setTriggerValue): one rerun carries it."""
        trigger_id = TRIGGER.format(id=widget.id)
        payload = json.dumps([{"event": event, "value": value}])
        async with self.lock:
            self.values[trigger_id] = WidgetState(id=trigger_id, json_trigger_value=payload)
            try:
                return await self._rerun(fragment_id="")
            finally:
                self.values.pop(trigger_id, None)  # a trigger fires once

    def param(self, name: str) -> str | None:
        return parse_qs(self.query_string).get(name, [None])[0]


def _has_question(tab: Tab) -> bool:
    return any(w.key.startswith("class_answer_") for w in tab.widgets.values())


def _metric(run: Run, label: str) -> str | None:
    return next((el.body for kind, _, el in run.elements if kind == "metric" and el.label == label),
                None)  # fmt: skip


@dataclass
class ClassFigures:
    students: int = 0
    idle_cpu: float = 0.0  # fraction of one core
    follow: list[float] = field(default_factory=list)  # seconds, one per (change, student)
    change_cpu: list[float] = field(default_factory=list)  # servers' CPU seconds, per change
    missed: int = 0  # (change, student) pairs never seen within the wait
    answers_shown: float | None = None  # seconds after the last answer was sent
    answers_counted: str = ""
    errors: list[str] = field(default_factory=list)


def _cpu_seconds(pid: int) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / ticks


POLLER = "convlab.class_poll"  # ui/class_mode/panel.py's component
TRIGGER = "$$STREAMLIT_INTERNAL_KEY_{id}__events"  # a components v2 element's trigger widget


class _Http:
    """poller.js's fetch: one kept-alive connection per tab, as a browser keeps one."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection: http.client.HTTPConnection | None = None
        self.closed = False  # the tab's poller stopped: open nothing more

    def ask(self, path: str, body: dict | None = None) -> dict | None:
        """The JSON answer ({"status": n} for a refusal; None for no answer)."""
        for _ in range(2):  # a connection the server closed meanwhile: once more, anew
            if self.closed:
                return None
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            try:
                data = None if body is None else json.dumps(body).encode()
                self.connection.request("POST" if data else "GET", path, body=data,
                                        headers={"Content-Type": "application/json"})  # fmt: skip
                response = self.connection.getresponse()
                text = response.read()
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                continue
            if response.status >= 400:
                return {"status": response.status}
            return json.loads(text) if text else {}
        return None

    def close(self) -> None:
        self.closed = True
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class _Poller:
    """poller.js in one tab: asks the version, triggers a rerun when it changed."""

    def __init__(self, port: int) -> None:
        self.http = _Http(port)
        self.next_ask = 0.0
        self.said_at = time.monotonic()  # joining said "here"
        self.asked: object = object()  # the version a rerun was asked for

    async def step(self, tab: Tab, now: float) -> Run | None:
        widget = next((w for w in tab.widgets.values() if w.kind == "bidi_component"
                       and w.proto.component_name.endswith(POLLER)), None)  # fmt: skip
        if widget is None or now < self.next_ask:
            return None
        data = json.loads(widget.proto.json)
        self.next_ask = now + data["every_ms"] / 1000
        if now - self.said_at >= data["heartbeat_ms"] / 1000:
            self.said_at = now
            await asyncio.to_thread(self.http.ask, data["seen_url"], {"student": data["student"]})
        answer = await asyncio.to_thread(self.http.ask, data["version_url"])
        if answer is None or answer.get("status") == 503:
            return None
        version = answer.get("version")
        if version == data["seen"] or version == self.asked:
            return None
        self.asked = version
        return await tab.trigger(widget, "changed", version)


async def _poll_forever(tab: Tab, on_run, figures: ClassFigures) -> None:
    """Rerun each timed fragment on its timer, and ask the class poller's route on its own,
    as the browser does, until cancelled."""
    due: dict[str, float] = {}
    poller = _Poller(tab.port)
    try:
        await _poll_loop(tab, on_run, figures, poller, due)
    finally:
        poller.http.close()


async def _poll_loop(tab: Tab, on_run, figures: ClassFigures, poller: _Poller,
                     due: dict[str, float]) -> None:  # fmt: skip
    while True:
        now = time.monotonic()
        try:
            run = await poller.step(tab, now)
        except SessionError as err:
            figures.errors.append(f"poll: {err}")
            return
        if run is not None:
            on_run(run)
        for fragment, interval in list(tab.timers.items()):
            due.setdefault(fragment, now + interval)
        ready = [f for f, at in due.items() if at <= now and f in tab.timers]
        for fragment in ready:
            due[fragment] = now + tab.timers[fragment]
            try:
                run = await tab.tick(fragment)
            except SessionError as err:
                figures.errors.append(f"poll: {err}")
                return
            on_run(run)
        for fragment in [f for f in due if f not in tab.timers]:
            del due[fragment]
        await asyncio.sleep(0.05)


async def class_under_load(port: int | list[int], pid: int | list[int], students: int,
                           timeout: float) -> ClassFigures:  # fmt: skip
    """`port`, `pid`: one server, or replicas sharing one class store (the teacher on the
    first, the students taking turns: a student on another replica than the teacher's)."""
    ports = [port] if isinstance(port, int) else list(port)
    pids = [pid] if isinstance(pid, int) else list(pid)
    figures = ClassFigures(students=students)
    teacher = Tab(ports[0], timeout=timeout)
    await teacher.connect()
    await teacher.open("cross_correlation")
    run = await teacher.click("class_start")
    code = next(el.body for kind, _, el in run.elements if kind == "metric")
    assert re.fullmatch(r"[A-Z2-9]{6}", code), code
    await teacher.open("cross_correlation")  # published: the class is on the lab

    tabs = [Tab(ports[(i + 1) % len(ports)], timeout=timeout) for i in range(students)]
    for tab in tabs:  # one after another, as a class scans the QR code
        await tab.connect()
        await tab.open("", query_string=f"class={code}")
    seen_at: dict[tuple[int, int], float] = {}
    expected: dict[int, tuple[int, str, float]] = {}  # change → (n, padding, sent at)
    projector: list[tuple[float, str]] = []

    def follower(index: int):
        def on_run(run: Run) -> None:
            for change, (_, padding, _) in expected.items():
                if (change, index) not in seen_at and tabs[index].param("padding") == padding:
                    seen_at[change, index] = time.perf_counter()

        return on_run

    def on_teacher_run(run: Run) -> None:
        shown = _metric(run, "Answers")
        if shown is not None:
            projector.append((time.perf_counter(), shown))

    pollers = [asyncio.create_task(_poll_forever(tab, follower(i), figures))
               for i, tab in enumerate(tabs)]  # fmt: skip
    pollers.append(asyncio.create_task(_poll_forever(teacher, on_teacher_run, figures)))
    try:
        await asyncio.sleep(5)  # every tab has run its first poll
        cpu = sum(map(_cpu_seconds, pids))
        await asyncio.sleep(IDLE_SECONDS)
        figures.idle_cpu = (sum(map(_cpu_seconds, pids)) - cpu) / IDLE_SECONDS

        for change in range(CHANGES):
            padding = str(1 + change % 3)
            expected[change] = (change, padding, time.perf_counter())
            cpu = sum(map(_cpu_seconds, pids))
            await teacher.type_number("padding", int(padding))
            deadline = time.perf_counter() + WAIT
            while (
                time.perf_counter() < deadline and sum(k[0] == change for k in seen_at) < students
            ):
                await asyncio.sleep(0.05)
            figures.change_cpu.append(sum(map(_cpu_seconds, pids)) - cpu)
            await asyncio.sleep(CHANGE_GAP)
            for index in range(students):
                at = seen_at.get((change, index))
                if at is None:
                    figures.missed += 1
                else:
                    figures.follow.append(at - expected[change][2])
            expected.clear()

        await teacher.click("class_ask_lab_cell_0")
        deadline = time.perf_counter() + WAIT  # every student's poll brings the question
        while time.perf_counter() < deadline and not all(map(_has_question, tabs)):
            await asyncio.sleep(0.05)
        delays = sorted(random.uniform(0, 1) for _ in tabs)
        last_sent = [0.0]

        async def answer(tab: Tab, delay: float) -> None:
            await asyncio.sleep(delay)
            fields = [w.key for w in tab.widgets.values() if w.kind == "text_input"]
            key = next((k for k in fields if k.startswith("class_answer_")), None)
            if key is None:
                figures.errors.append("a student saw no question")
                return
            last_sent[0] = max(last_sent[0], time.perf_counter())
            await tab.submit(key, "19", f"FormSubmitter:class_answer_form_{key.rsplit('_', 1)[1]}")

        await asyncio.gather(*(answer(tab, d) for tab, d in zip(tabs, delays, strict=True)))
        target = f"{students} of {students} answered"
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            hits = [at for at, text in projector if text == target and at >= last_sent[0]]
            if hits:
                figures.answers_shown = hits[0] - last_sent[0]
                break
            await asyncio.sleep(0.05)
        figures.answers_counted = projector[-1][1] if projector else "nothing shown"
    finally:
        for task in pollers:
            task.cancel()
        await asyncio.gather(*pollers, return_exceptions=True)
        await asyncio.gather(*(t.close() for t in [teacher, *tabs]), return_exceptions=True)
    return figures


def report(figures: ClassFigures) -> bool:
    from bench_classroom import percentile

    p95 = percentile(figures.follow, 95) if figures.follow else float("inf")
    p50 = percentile(figures.follow, 50) if figures.follow else float("nan")
    cpu_ms = 1000 * statistics.median(figures.change_cpu) if figures.change_cpu else float("nan")
    shown = figures.answers_shown
    rows = [
        (f"{figures.students} following, nobody clicking: server CPU ≤ "
         f"{BUDGET_IDLE_CPU:.0%} of one core", figures.idle_cpu <= BUDGET_IDLE_CPU,
         f"{figures.idle_cpu:.1%} over {IDLE_SECONDS:g} s"),
        (f"a teacher's change reaches every follower: p95 ≤ {BUDGET_FOLLOW_P95:g} s",
         p95 <= BUDGET_FOLLOW_P95 and figures.missed == 0,
         f"p95 {p95:.2f} s, median {p50:.2f} s, max "
         f"{max(figures.follow, default=float('nan')):.2f} s over {len(figures.follow)} "
         f"arrivals, {figures.missed} missed; the servers' CPU per change, median "
         f"{cpu_ms:.0f} ms: {cpu_ms / max(figures.students, 1):.1f} ms a follower"),
        (f"{figures.students} answers within a second on the projector ≤ "
         f"{BUDGET_ANSWERS:g} s after the last", shown is not None and shown <= BUDGET_ANSWERS,
         f"{'never' if shown is None else f'{shown:.2f} s'}; last shown: "
         f"{figures.answers_counted}"),
    ]  # fmt: skip
    print()
    for what, passed, figures_text in rows:
        print(f"{'PASS' if passed else 'FAIL':>5}  {what}  ({figures_text})")
    for error in figures.errors[:10]:
        print(f"  error: {error}")
    return all(passed for _, passed, _ in rows) and not figures.errors
