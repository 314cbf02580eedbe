"""The class's HTTP route, beside Streamlit's own (dashboard.py mounts it with st.App).

A student's tab (ui/class_mode/poller.js) asks `GET /class/<code>/version` twice a second and
reruns its page only when the answer differs from the version it drew; now and then it says
`POST /class/<code>/seen` with its student id in the body, so that the projector counts it.

What comes from the browser is checked as everywhere else: a malformed code is refused before
the store is asked, a body is read only up to a few hundred bytes, and the answer says nothing
but a number (a code grants viewing and answering, and the version is no secret of anyone's).
"""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ui.class_mode.checks import ClassError, normalize_code
from ui.class_mode.session import OUT_OF_REACH, class_store

VERSION_PATH = "/class/{code}/version"
SEEN_PATH = "/class/{code}/seen"
MAX_BODY = 256  # bytes: {"student": "<32 hex digits>"} is 50
_NO_STORE = {"Cache-Control": "no-store"}


def version_path(code: str) -> str:
    return VERSION_PATH.format(code=code)


def seen_path(code: str) -> str:
    return SEEN_PATH.format(code=code)


def _refused(err: ClassError) -> Response:
    """The class is gone (404: the page says why on its next run), or the store is out of reach
    for now (503: the tab asks again later)."""
    status = 503 if err.code == OUT_OF_REACH else 404
    return JSONResponse({"version": None, "error": err.code}, status_code=status, headers=_NO_STORE)


async def _version(request: Request) -> Response:
    try:
        code = normalize_code(request.path_params["code"])
        # A Redis store blocks on the network: not on the server's event loop.
        version = await run_in_threadpool(class_store().version, code)
    except ClassError as err:
        return _refused(err)
    return JSONResponse({"version": version}, headers=_NO_STORE)


async def _seen(request: Request) -> Response:
    try:
        code = normalize_code(request.path_params["code"])
    except ClassError as err:
        return _refused(err)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return Response(status_code=413)
    try:
        student = json.loads(body)["student"]
    except (ValueError, TypeError, KeyError):
        return Response(status_code=400)
    try:
        await run_in_threadpool(class_store().seen, code, student)
    except ClassError as err:
        return _refused(err)
    return Response(status_code=204)


ROUTES = [
    Route(VERSION_PATH, _version, methods=["GET"]),
    Route(SEEN_PATH, _seen, methods=["POST"]),
]
