"""Classes in one Redis server, shared by the replicas behind nginx."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from ui.class_mode.checks import normalize_code, refuse
from ui.class_mode.store import IDLE_SECONDS, ClassStore, unknown


def _reached(method):
    """A Redis server out of reach is a refusal the page can say, not a traceback."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        from redis.exceptions import RedisError

        try:
            return method(self, *args, **kwargs)
        except RedisError:
            raise refuse("store_down", "The class cannot be reached just now.") from None

    return call


class RedisStore(ClassStore):
    """Classes in one Redis server, shared by replicas. A class is one hash
    (`state`: JSON, `version`) whose TTL is refreshed on every change; changes are
    optimistic transactions (WATCH/MULTI, retried), so concurrent answers are never lost.
    The set of live classes is a sorted set scored by last change, for the server's bound."""

    PREFIX = "convlab:class:"
    INDEX = "convlab:classes"

    def __init__(self, client: Any, **options: Any) -> None:
        super().__init__(**options)
        self.redis = client

    @classmethod
    def from_url(cls, url: str, **options: Any) -> RedisStore:
        import redis  # only the replicated deployment needs it

        return cls(redis.Redis.from_url(url, socket_timeout=5), **options)

    def _key(self, code: str) -> str:
        return self.PREFIX + code

    def _write(self, pipe: Any, state: dict[str, Any]) -> None:
        key = self._key(state["code"])
        pipe.hset(
            key,
            mapping={
                "state": json.dumps(state),
                "version": state["version"],
                "touched": state["touched"],
            },
        )
        pipe.expire(key, IDLE_SECONDS)
        pipe.zadd(self.INDEX, {state["code"]: state["touched"]})

    def _load(self, raw: bytes | None) -> dict[str, Any]:
        if raw is None:
            raise unknown()
        state = json.loads(raw)
        if self._expired(state):
            raise unknown()
        return state

    @_reached
    def _create(self, state: dict[str, Any]) -> bool:
        from redis.exceptions import WatchError

        key = self._key(state["code"])
        while True:
            with self.redis.pipeline() as pipe:
                try:
                    self._forget_idle()
                    pipe.watch(self.INDEX, key)
                    if pipe.exists(key):
                        return False
                    if pipe.zcard(self.INDEX) >= self.max_classes:
                        raise refuse(
                            "server_full", "This server has as many classes as it can hold."
                        )
                    pipe.multi()
                    self._write(pipe, state)
                    pipe.execute()
                    return True
                except WatchError:
                    continue

    @_reached
    def _change(self, code: str, fn: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        from redis.exceptions import WatchError

        key = self._key(code)
        while True:
            with self.redis.pipeline() as pipe:
                try:
                    pipe.watch(key)
                    state = self._load(pipe.hget(key, "state"))
                    if not fn(state):
                        pipe.unwatch()
                        return state
                    pipe.multi()
                    self._write(pipe, state)
                    pipe.execute()
                    return state
                except WatchError:
                    continue  # someone else changed the class meanwhile: redo on theirs

    @_reached
    def _read(self, code: str) -> dict[str, Any]:
        return self._load(self.redis.hget(self._key(code), "state"))

    @_reached
    def version(self, code: str) -> int:
        version, touched = self.redis.hmget(self._key(normalize_code(code)), "version", "touched")
        if version is None or self.clock() - float(touched) > IDLE_SECONDS:
            raise unknown()
        return int(version)

    @_reached
    def _delete(self, code: str) -> None:
        with self.redis.pipeline() as pipe:
            pipe.delete(self._key(code))
            pipe.zrem(self.INDEX, code)
            pipe.execute()

    def _forget_idle(self) -> None:
        self.redis.zremrangebyscore(self.INDEX, "-inf", self.clock() - IDLE_SECONDS)

    @_reached
    def count(self) -> int:
        self._forget_idle()
        return int(self.redis.zcard(self.INDEX))
