"""Issue 24 over a real websocket: a hand-made client sends the lab's data editor values that
are not an editor's JSON ("{not json", a list, "edited_rows" as a list, rows named "a") to a
real `streamlit run` (127.0.0.1, stopped at the end). Streamlit decodes them before the page
runs; the page must answer with its one-line reset message, never a traceback, and the
editor must go on taking typed cells, kept when the page is left and opened again.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "app"))

import bench_classroom as bench  # noqa: E402
from streamlit_client import BrowserSession, Run  # noqa: E402
from test_unreadable_editor_values import GAP, UNREADABLE_MESSAGES  # noqa: E402

from ui.i18n import catalog  # noqa: E402

RESET = catalog("en")["editor.reset"].split("}", 1)[1][:40]  # the line's words after the name


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    """The port of a `streamlit run dashboard.py` on 127.0.0.1, stopped after the module."""
    port = bench.free_port()
    log = tmp_path_factory.mktemp("server") / "log"
    with bench.streamlit_server(port, log):
        yield port


def _alerts(run: Run) -> list[str]:
    return [el.body for kind, _, el in run.elements if kind == "alert"]


def _cells(run: Run, key: str) -> list[list[str]]:
    """The cells of the data editor keyed `key` (its stem, e.g. "X_editor") as the run drew
    them."""
    frames = [el for kind, _, el in run.elements
              if kind == "dataframe" and el.id.split("-", 2)[-1].startswith(key + "_")]  # fmt: skip
    assert len(frames) == 1, [kind for kind, _, _ in run.elements]
    frame = convert_arrow_bytes_to_pandas_df(frames[0].arrow_data.data)
    return frame.astype(str).to_numpy().tolist()


async def _send(s: BrowserSession, key: str, message: str) -> Run:
    """What a hand-made client sends: `message` as the editor's JSON text."""
    widget = s.widget(key)
    return await s._change(widget, WidgetState(id=widget.id, string_value=message))


@GAP
def test_unreadable_editor_values_over_the_websocket(port):
    async def tab() -> None:
        s = BrowserSession(port, timeout=60)
        await s.connect()
        try:
            lab = await s.open("cross_correlation")
            assert lab.exceptions == []
            typed = await s.edit_cell("X_editor", 0, "0", "5")
            assert typed.exceptions == []
            for case, message in UNREADABLE_MESSAGES.items():
                before = s.widget("X_editor")
                run = await _send(s, "X_editor", message)
                assert run.exceptions == [], case
                assert any(RESET in alert for alert in _alerts(run)), case
                assert s.widget("X_editor").key != before.key, case
                assert _cells(run, "X_editor")[0][0] == "5", case  # the typed cell is kept
            typed = await s.edit_cell("X_editor", 1, "2", "9")
            assert typed.exceptions == []
            assert not any(RESET in alert for alert in _alerts(typed))
            assert _cells(typed, "X_editor")[1][2] == "9"
            # A value for an editor the page no longer draws, which Streamlit still knows.
            stale = await s._change(before, WidgetState(id=before.id, string_value="{not json"))
            assert stale.exceptions == []
            other = await s.open("padding_stride")
            assert other.exceptions == []
            back = await s.open("cross_correlation")
            assert back.exceptions == []
            cells = _cells(back, "X_editor")
            assert (cells[0][0], cells[1][2]) == ("5", "9")
            run = await _send(s, "K_editor", "{not json")  # the other editor of the page
            assert run.exceptions == []
            assert any(RESET in alert for alert in _alerts(run))
        finally:
            await s.close()

    asyncio.run(tab())
