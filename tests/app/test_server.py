"""ui/server.py: what the dashboard's server does once, on a thread of its own."""

from __future__ import annotations

import gc
import importlib

import pytest

import conv_core
from conv_core import compiled_status
from conv_core.fast import compiled
from ui import server


class _Machine:
    """A fake clock and CPU: the process busy (`busy` of a core) until `quiet_from`."""

    def __init__(self, busy: float, quiet_from: float) -> None:
        self.now, self.cpu, self.busy, self.quiet_from = 0.0, 0.0, busy, quiet_from

    def sleep(self, seconds: float) -> None:
        share = self.busy if self.now < self.quiet_from else 0.02
        self.now += seconds
        self.cpu += share * seconds

    def cpu_seconds(self) -> float:
        return self.cpu


@pytest.mark.parametrize(
    ("busy", "quiet_from", "returns_at"),
    [
        (0.5, 0, 5),  # quiet from the start: five seconds to see it
        (0.9, 30, 35),  # a class at work for 30 s: not before it has been quiet for five
        (0.6, 1000, 1005),  # however long the server is busy: no deadline
    ],
)
def test_waits_for_five_quiet_seconds(busy, quiet_from, returns_at):
    machine = _Machine(busy, quiet_from)
    server.wait_for_a_quiet_moment(5, cpu_seconds=machine.cpu_seconds, sleep=machine.sleep)
    assert machine.now == returns_at


def test_a_short_lull_is_not_quiet_enough():
    """Three quiet seconds between two pages, then busy again: still waiting."""
    machine = _Machine(0.9, 0)
    seconds = iter([0.9] * 4 + [0.0] * 3 + [0.9] * 10 + [0.0] * 5)

    def sleep(step: float) -> None:
        machine.now += step
        machine.cpu += next(seconds) * step

    server.wait_for_a_quiet_moment(5, cpu_seconds=machine.cpu_seconds, sleep=sleep)
    assert machine.now == 22


def test_by_default_twenty_seconds_under_a_tenth_of_a_core():
    """Busy for 7 s: the twenty seconds from 6 to 26 hold one busy second and nineteen
    quiet ones, 1.38 CPU seconds: under 2, quiet enough; from 5 to 25 they hold 2.36."""
    machine = _Machine(1.0, 7)
    server.wait_for_a_quiet_moment(cpu_seconds=machine.cpu_seconds, sleep=machine.sleep)
    assert machine.now == 26


def test_prepare_waits_before_each_step_then_freezes_and_says_so_in_the_log(monkeypatch, capsys):
    """Import dynamo, import Inductor, compile: each at a quiet moment of its own."""
    events: list[str] = []
    real_prepare = compiled.prepare

    class Importlib:  # ui/server's own importlib only: Inductor imports more on its own
        @staticmethod
        def import_module(name: str):
            events.append(name)
            return importlib.import_module(name)

    def prepare(*, wait: bool = False) -> bool:
        events.append(f"compile, wait={wait}")
        return real_prepare(wait=wait)

    monkeypatch.setattr(server, "wait_for_a_quiet_moment", lambda: events.append("quiet"))
    monkeypatch.setattr(server, "importlib", Importlib)
    monkeypatch.setattr(conv_core, "prepare_compiled", prepare)
    gc.unfreeze()
    try:
        server.prepare()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert events == [
        "conv_core",
        "quiet",
        "torch._dynamo",
        "quiet",
        "torch._inductor.compile_fx",
        "quiet",
        "compile, wait=True",
    ]
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"{server.READY_LINE} {compiled_status()} (")
    assert compiled_status() != "compiling"  # prepare waited for the compile to end
