"""A browser without a browser: one Streamlit session driven over its websocket protocol.

Streamlit 1.67's browser talks to `ws://HOST/_stcore/stream` (subprotocol "streamlit") in
protobufs: it sends a `BackMsg(rerun_script=ClientState(...))` carrying the page, the query
string and the value of every widget on screen, and the server answers with `ForwardMsg`s
(`new_session`, `navigation`, `delta`s, `page_info_changed`, ...) up to `script_finished`.
`BrowserSession` does what the browser's widget manager does: it keeps each widget's value
(its default when it appears, the server's when the server sets one, ours when we change
it), reruns the widget's fragment when the widget lives in one, and follows the query
string the server writes. Nothing is rendered; the images a run drew are fetched from the
server as a browser would (each URL once per tab, as its cache would), after the run.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Dataframe_pb2 import Dataframe
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

MAX_MESSAGES_PER_RUN = 20_000  # a page sends a few hundred; more means something loops
_FINAL = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
_CJK = re.compile(r"[\u4e00-\u9fff]")
EMPTY_EDITS = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}


class SessionError(Exception):
    """The session broke: `kind` is "timeout", "disconnect" or "protocol"."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


@dataclass
class Widget:
    """A widget as the last run drew it."""

    id: str
    kind: str  # the Element oneof: selectbox, button_group, slider, dataframe, ...
    proto: object
    fragment_id: str

    @property
    def key(self) -> str:
        """The key the page gave it (`$$ID-<hash>-<key>`), or "" for a widget without one."""
        return self.id.split("-", 2)[2] if self.id.startswith("$$ID-") else ""

    @property
    def options(self) -> list[str]:
        """The labels shown for its options (selectbox, radio, segmented control, select slider)."""
        if self.kind == "button_group":
            return [option.content for option in self.proto.options]
        return list(getattr(self.proto, "options", []))


@dataclass
class Run:
    """What one rerun sent back, and how long it took (BackMsg sent → script_finished)."""

    seconds: float
    status: int
    elements: list[tuple[str, str, object]] = field(default_factory=list)  # kind, fragment, el
    exceptions: list[str] = field(default_factory=list)
    media_errors: list[str] = field(default_factory=list)  # images the server did not give

    def texts(self) -> list[str]:
        """Every heading and markdown body of the run, in order."""
        return [el.body for kind, _, el in self.elements if kind in ("heading", "markdown")]

    def title(self) -> str:
        """The page's first heading."""
        return next((el.body for kind, _, el in self.elements if kind == "heading"), "")

    def images(self) -> list[tuple[str, str]]:
        """(url, caption) of every image of the run, in order."""
        return [(img.url, img.caption) for kind, _, el in self.elements if kind == "imgs"
                for img in el.imgs]  # fmt: skip


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


def _initial_state(widget: Widget) -> WidgetState | None:
    """The value the browser's widget gives itself when it appears (None: it sends none)."""
    kind, el = widget.kind, widget.proto
    state = WidgetState(id=widget.id)
    if kind == "button_group":
        values = list(el.raw_values) if el.set_value else [widget.options[i] for i in el.default]
        state.string_array_value.data[:] = values
    elif kind in ("selectbox", "radio"):
        if el.set_value:
            state.string_value = el.raw_value
        elif el.HasField("default"):
            state.string_value = el.options[el.default]
        else:
            return None
    elif kind == "multiselect":
        values = list(el.raw_values) if el.set_value else [el.options[i] for i in el.default]
        state.string_array_value.data[:] = values
    elif kind == "checkbox":
        state.bool_value = el.value if el.set_value else el.default
    elif kind == "slider" and el.type == Slider.SELECT_SLIDER:
        values = list(el.raw_value) if el.set_value else [el.options[int(i)] for i in el.default]
        state.string_array_value.data[:] = values
    elif kind == "slider":
        state.double_array_value.data[:] = list(el.value if el.set_value else el.default)
    elif kind == "number_input":
        if el.set_value:
            state.double_value = el.value
        elif el.HasField("default"):
            state.double_value = el.default
        else:
            return None
    elif kind in ("text_input", "text_area"):
        state.string_value = el.value if el.set_value else el.default
    elif kind == "dataframe" and el.editing_mode != Dataframe.READ_ONLY:
        state.string_value = json.dumps(EMPTY_EDITS)
    else:  # buttons (triggers), charts, components: nothing until clicked
        return None
    return state


class BrowserSession:
    """One student's tab: connect, open pages, change widgets; each call returns its `Run`."""

    def __init__(self, port: int, *, timeout: float, locale: str = "en-US") -> None:
        self.url = f"ws://127.0.0.1:{port}/_stcore/stream"
        self.port, self.timeout, self.locale = port, timeout, locale
        self.ws: ClientConnection | None = None
        self.pages: dict[str, str] = {}  # url path ("" for home) → page script hash
        self.page_hash = ""
        self.page_name = ""  # a page asked for by its URL path, before its hash is known
        self.query_string = ""
        self.widgets: dict[str, Widget] = {}
        self.values: dict[str, WidgetState] = {}
        self.fetched: set[str] = set()  # media URLs this tab already has
        self.session_id = ""  # the server's, from its new_session message

    async def connect(self, resume: str = "") -> None:
        """`resume`: a session id to reconnect to, as a reloaded tab does (the browser sends it
        third in the subprotocol header; the second, the XSRF token, matters for logins only)."""
        protocols = ["streamlit", "xsrf", resume] if resume else ["streamlit"]
        try:
            self.ws = await connect(
                self.url, subprotocols=protocols, max_size=None, open_timeout=self.timeout
            )
        except (OSError, TimeoutError) as err:
            raise SessionError("disconnect", f"could not connect: {err}") from err

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    # What a student does -------------------------------------------------------------

    async def open(self, path: str = "", query_string: str = "") -> Run:
        """Open a page by its URL path ("" for the home page): a click in the sidebar, or in a
        new tab (before the first run the pages are not known) the link typed in."""
        if path and self.pages and path not in self.pages:
            raise SessionError("protocol", f"no page /{path} in the app's navigation")
        self.page_hash = self.pages.get(path, "")
        self.page_name = "" if self.page_hash else path
        self.query_string = query_string
        return await self._rerun(fragment_id="")

    def widget(self, key: str) -> Widget:
        """The widget the page keyed `key` (for a data editor: the key's stem, e.g. "X_editor")."""
        found = [w for w in self.widgets.values() if w.key == key or w.key.startswith(key + "_")]
        if len(found) != 1:
            shown = sorted(w.key for w in self.widgets.values() if w.key)
            raise SessionError("protocol", f"{len(found)} widgets keyed {key!r} among {shown}")
        return found[0]

    async def choose(self, key: str, option: str) -> Run:
        """Pick the option labelled `option` of a selectbox, segmented control or select slider."""
        widget = self.widget(key)
        if option not in widget.options:
            raise SessionError("protocol", f"{key}: no option {option!r} in {widget.options}")
        state = WidgetState(id=widget.id)
        if widget.kind in ("selectbox", "radio"):
            state.string_value = option
        else:
            state.string_array_value.data[:] = [option]
        return await self._change(widget, state)

    async def type_number(self, key: str, value: float) -> Run:
        widget = self.widget(key)
        return await self._change(widget, WidgetState(id=widget.id, double_value=value))

    async def edit_cell(self, key: str, row: int, column: str, value: str) -> Run:
        """Type `value` into one cell of a data editor (its edits are a JSON string)."""
        widget = self.widget(key)
        edits = json.loads(self.values[widget.id].string_value)
        edits["edited_rows"].setdefault(str(row), {})[column] = value
        return await self._change(widget, WidgetState(id=widget.id, string_value=json.dumps(edits)))

    # The protocol -----------------------------------------------------------------

    async def _change(self, widget: Widget, state: WidgetState) -> Run:
        self.values[widget.id] = state
        if getattr(widget.proto, "query_param_key", ""):  # bind="query-params": the browser
            self._write_param(widget.proto.query_param_key, state)  # writes the URL itself
        return await self._rerun(fragment_id=widget.fragment_id)

    def _write_param(self, name: str, state: WidgetState) -> None:
        kind = state.WhichOneof("value")
        value = getattr(state, kind)
        if kind.endswith("_array_value"):
            value = value.data[0] if len(value.data) == 1 else ",".join(map(str, value.data))
        elif kind == "bool_value":
            value = "true" if value else "false"
        elif kind == "double_value" and float(value).is_integer():
            value = int(value)
        query = [(k, v) for k, v in parse_qsl(self.query_string, keep_blank_values=True)]
        self.query_string = urlencode([*(q for q in query if q[0] != name), (name, str(value))])

    async def _rerun(self, *, fragment_id: str, auto: bool = False) -> Run:
        """One rerun with every widget's value; `auto`: sent by a timed fragment's timer."""
        if self.ws is None:
            raise SessionError("disconnect", "not connected")
        msg = BackMsg()
        client = msg.rerun_script
        client.query_string = self.query_string
        client.page_script_hash = self.page_hash
        client.page_name = self.page_name
        client.fragment_id = fragment_id
        client.is_auto_rerun = auto
        client.widget_states.widgets.extend(self.values.values())
        client.context_info.locale = self.locale
        client.context_info.timezone = "UTC"
        client.context_info.url = f"http://127.0.0.1:{self.port}/"
        start = time.perf_counter()
        try:
            await self.ws.send(msg.SerializeToString())
            run = await self._read_run(start, full=not fragment_id)
        except ConnectionClosed as err:
            self.ws = None
            raise SessionError("disconnect", f"the server closed the connection: {err}") from err
        await self._fetch_images(run)
        return run

    async def _fetch_images(self, run: Run) -> None:
        """Download the run's new images, as the browser does once it has their URLs."""
        for url, _ in run.images():
            if url.startswith("/") and url not in self.fetched:
                self.fetched.add(url)
                try:
                    await asyncio.to_thread(self._get, url)
                except OSError as err:
                    run.media_errors.append(f"{url}: {err}")

    def _get(self, path: str) -> None:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{self.port}{path}", timeout=self.timeout
        ) as r:
            r.read()

    async def _read_run(self, start: float, *, full: bool) -> Run:
        """ForwardMsgs up to the final script_finished (a run stopped by a rerun it started,
        e.g. by a callback's st.rerun, is followed by that rerun: keep reading)."""
        run = Run(0.0, -1)
        seen: set[str] = set()
        deadline = start + self.timeout
        for _ in range(MAX_MESSAGES_PER_RUN):
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            try:
                data = await asyncio.wait_for(self.ws.recv(), left)
            except TimeoutError:
                break
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "delta":
                self._delta(fm, run, seen)
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fm.navigation.app_pages}
                self.page_hash, self.page_name = fm.navigation.page_script_hash, ""
            elif kind == "new_session":
                self.session_id = fm.new_session.initialize.session_id
            elif kind == "page_info_changed":
                self.query_string = fm.page_info_changed.query_string
            elif kind == "page_not_found":
                run.exceptions.append(f"page not found: {fm.page_not_found.page_name}")
            elif kind == "script_finished" and fm.script_finished in _FINAL:
                run.seconds, run.status = time.perf_counter() - start, fm.script_finished
                if fm.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.exceptions.append("the script did not compile")
                if full:  # the browser drops what a whole run did not draw again
                    self.widgets = {k: w for k, w in self.widgets.items() if k in seen}
                    self.values = {k: v for k, v in self.values.items() if k in seen}
                return run
        raise SessionError("timeout", f"no script_finished within {self.timeout:g} s")

    def _delta(self, fm: ForwardMsg, run: Run, seen: set[str]) -> None:
        delta = fm.delta
        if delta.WhichOneof("type") != "new_element":
            return
        kind = delta.new_element.WhichOneof("type")
        if kind is None:
            return
        el = getattr(delta.new_element, kind)
        run.elements.append((kind, delta.fragment_id, el))
        if kind == "exception":
            run.exceptions.append(f"{el.type}: {el.message}")
        widget_id = getattr(el, "id", "")
        if not widget_id:
            return
        widget = Widget(widget_id, kind, el, delta.fragment_id)
        self.widgets[widget_id] = widget
        seen.add(widget_id)
        initial = _initial_state(widget)
        server_set = getattr(el, "set_value", False)
        if initial is not None and (widget_id not in self.values or server_set):
            self.values[widget_id] = initial
