"""The class's HTTP route (ui/class_mode/route.py): what a student's tab asks once a second.

Called through Starlette's ASGI interface as the server calls it (dashboard.py mounts the
same ROUTES with st.App), on the in-process store the pages use.
"""

from __future__ import annotations

import asyncio
import json

import pytest
from starlette.applications import Starlette

from ui.class_mode import route
from ui.class_mode.checks import ClassError
from ui.class_mode.session import OUT_OF_REACH, class_store

APP = Starlette(routes=route.ROUTES)
HEADERS: dict[str, str] = {}  # the last answer's headers


@pytest.fixture(autouse=True)
def fresh_store():
    class_store.clear()
    yield
    class_store.clear()


def _call(method: str, path: str, body: bytes = b"", chunks: int = 1) -> tuple[int, dict]:
    """One request through the ASGI app: (status, JSON body or {})."""
    scope = {
        "type": "http", "method": method, "path": path, "raw_path": path.encode(),
        "query_string": b"", "headers": [(b"content-type", b"application/json")],
        "http_version": "1.1", "scheme": "http", "root_path": "",
        "server": ("127.0.0.1", 8501), "client": ("127.0.0.1", 50000),
    }  # fmt: skip
    size = max(1, -(-len(body) // chunks))
    parts = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
    incoming = [
        {"type": "http.request", "body": part, "more_body": i < len(parts) - 1}
        for i, part in enumerate(parts)
    ]
    sent: list[dict] = []

    async def receive():
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    asyncio.run(APP(scope, receive, send))
    status = sent[0]["status"]
    HEADERS.clear()
    HEADERS.update((k.decode(), v.decode()) for k, v in sent[0]["headers"])
    text = b"".join(m.get("body", b"") for m in sent[1:])
    return status, json.loads(text) if text.startswith(b"{") else {}


def test_the_version_is_the_stores_and_moves_with_the_teachers_change():
    code, key = class_store().start()
    status, body = _call("GET", route.version_path(code))
    assert status == 200
    assert body == {"version": class_store().version(code)}
    class_store().set_screen(code, key, "cross_correlation", {"padding": "2"})
    after = _call("GET", route.version_path(code))[1]["version"]
    assert after == class_store().version(code) == body["version"] + 1
    # Typed as a student may type it: lower case, spaces.
    assert _call("GET", route.version_path(code.lower()))[1]["version"] == after


def test_a_student_answering_or_joining_moves_no_version():
    code, _ = class_store().start()
    before = _call("GET", route.version_path(code))[1]["version"]
    student = class_store().join(code)
    assert _call("POST", route.seen_path(code), json.dumps({"student": student}).encode())[0] == 204
    assert _call("GET", route.version_path(code))[1]["version"] == before


def test_an_ended_or_unknown_class_is_404_and_says_which():
    code, key = class_store().start()
    class_store().end(code, key)
    status, body = _call("GET", route.version_path(code))
    assert status == 404
    assert body["version"] is None
    assert body["error"] == "unknown"


@pytest.mark.parametrize("code", ["ABC", "ABCDEFGH", "AB<b>1", "ABC10O", "%20" * 30])
def test_a_malformed_code_is_refused_before_the_store_is_asked(code, monkeypatch):
    def never(*_):
        raise AssertionError("the store was asked")

    monkeypatch.setattr(type(class_store()), "version", never)
    status, body = _call("GET", f"/class/{code}/version")
    assert status == 404
    assert body["error"] == "bad_code"


def test_a_store_out_of_reach_is_503_so_the_tab_asks_again(monkeypatch):
    code, _ = class_store().start()

    def down(*_):
        raise ClassError(OUT_OF_REACH, "Redis is down")

    monkeypatch.setattr(type(class_store()), "version", down)
    status, body = _call("GET", route.version_path(code))
    assert (status, body["error"]) == (503, OUT_OF_REACH)


def test_still_here_counts_a_student_again():
    code, _ = class_store().start()
    student = class_store().join(code)
    class_store().leave(code, student)
    assert class_store().view(code).students == 0
    status, _ = _call("POST", route.seen_path(code), json.dumps({"student": student}).encode())
    assert status == 204
    assert class_store().view(code).students == 1


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"[1, 2]", 400),
        (b'"student"', 400),
        (b"{}", 400),
        (json.dumps({"student": 5}).encode(), 404),  # refused by the store: not a student id
        (json.dumps({"student": "x" * 40}).encode(), 204),  # a well-formed id is let in
        (b"{" + b" " * 10_000 + b"}", 413),  # read no further than a small body
    ],
)
def test_still_here_checks_its_body(body, status):
    code, _ = class_store().start()
    assert _call("POST", route.seen_path(code), body, chunks=4)[0] == status


def test_the_version_is_only_answered_to_get_and_never_cached():
    code, _ = class_store().start()
    assert _call("GET", route.version_path(code))[0] == 200
    assert HEADERS["cache-control"] == "no-store"  # a proxy must not answer for the server
    assert _call("POST", route.version_path(code))[0] == 405
    assert _call("GET", route.seen_path(code))[0] == 405
