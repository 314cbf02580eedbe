"""Classes in this process: one server, no extra service."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any

from ui.class_mode.checks import normalize_code, refuse
from ui.class_mode.store import ClassStore, unknown


class MemoryStore(ClassStore):
    """Classes in this process (one server): a dict under a lock; idle classes swept lazily."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._lock = threading.Lock()
        self._classes: dict[str, dict[str, Any]] = {}

    def _sweep(self) -> None:
        for code in [c for c, s in self._classes.items() if self._expired(s)]:
            del self._classes[code]

    def _get(self, code: str) -> dict[str, Any]:
        state = self._classes.get(code)
        if state is None or self._expired(state):
            self._classes.pop(code, None)
            raise unknown()
        return state

    def _create(self, state: dict[str, Any]) -> bool:
        with self._lock:
            self._sweep()
            if len(self._classes) >= self.max_classes:
                raise refuse("server_full", "This server has as many classes as it can hold.")
            if state["code"] in self._classes:
                return False
            self._classes[state["code"]] = state
            return True

    def _change(self, code: str, fn: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        with self._lock:
            state = self._get(code)
            # A refusal half-way must leave the class as it was: work on a copy.
            work = copy.deepcopy(state)
            fn(work)
            self._classes[code] = work  # never changed again in place: safe to hand out
            return work

    def _read(self, code: str) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._get(code))

    def version(self, code: str) -> int:
        code = normalize_code(code)
        with self._lock:
            return self._get(code)["version"]

    def _delete(self, code: str) -> None:
        with self._lock:
            self._classes.pop(code, None)

    def count(self) -> int:
        with self._lock:
            self._sweep()
            return len(self._classes)
