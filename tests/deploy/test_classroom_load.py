"""The classroom load generator (bench/bench_classroom.py) really drives the dashboard.

Two students go through the whole lesson on a real `streamlit run` (127.0.0.1, stopped at
the end) and every action must have done what it should — a new Y, Chinese text, a new
output image, a new run — so that a change in Streamlit's protocol or in a page breaks this
test instead of leaving the benchmark measuring nothing. No timings are asserted.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.proto.ButtonGroup_pb2 import ButtonGroup
from streamlit.proto.Dataframe_pb2 import Dataframe
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.Selectbox_pb2 import Selectbox
from streamlit.proto.Slider_pb2 import Slider

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import bench_classroom as bench  # noqa: E402
from streamlit_client import (  # noqa: E402
    EMPTY_EDITS,
    BrowserSession,
    SessionError,
    Widget,
    _initial_state,
    has_chinese,
)

from ui.shell import HOME, LESSON  # noqa: E402

STUDENTS = 2
SESSION_TTL = 5  # s the server keeps a closed tab's session (Streamlit's default: 120)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(pid, port) of a `streamlit run dashboard.py` on 127.0.0.1, stopped after the module."""
    port = bench.free_port()
    log = tmp_path_factory.mktemp("server") / "log"
    with bench.streamlit_server(port, log, ttl=SESSION_TTL) as pid:
        yield pid, port


@pytest.mark.timeout(90)
def test_two_students_go_through_every_action_without_errors(server):
    pid, port = server
    room = bench.Classroom()
    with bench.peak_rss(pid, room):
        asyncio.run(bench.classroom(port, sessions=STUDENTS, active=STUDENTS,
                                    timeout=30, stagger=0.2, deadline=70, room=room))  # fmt: skip
    assert room.errors == []
    assert room.finished == STUDENTS
    runs = {action: len(seconds) for action, seconds in room.latencies.items()}
    for lesson in (HOME, *LESSON):  # every page of the shell, a new one too
        assert runs[f"open {lesson.slug}"] == STUDENTS
    assert runs[bench.KERNEL_ACTION] == STUDENTS * bench.KERNEL_CHANGES
    once_each = (
        "cross_correlation: edit X",
        "switch language to zh",
        "switch language to en",
        "edge: pick the 12 MP sample",
        "learn: new learning rate",
        "learn: new seed",
    )
    assert {action: runs[action] for action in once_each} == dict.fromkeys(once_each, STUDENTS)
    assert all(s > 0 for seconds in room.latencies.values() for s in seconds)
    assert room.peak_rss_mb > 200  # the server with torch loaded, sampled from /proc


@pytest.mark.timeout(150)
def test_classes_in_a_row_leave_no_session_to_come_back_to(server):
    """--classes: two classes of two on one server, the tabs closed after each. A closed
    tab reloaded at once gets its session back (so the check can see one), after the
    server's session TTL a new one; the server counts no session open."""
    pid, port = server
    rooms = [bench.Classroom() for _ in range(2)]
    for number, room in enumerate(rooms):
        asyncio.run(bench.classroom(port, sessions=STUDENTS, active=STUDENTS, timeout=30,
                                    stagger=0.2, deadline=70, room=room, pid=pid,
                                    first=number * STUDENTS))  # fmt: skip
        asyncio.run(bench.drop_sessions(port, pid, room, SESSION_TTL, timeout=30))
    for room in rooms:
        assert room.errors == []
        assert room.finished == len(set(room.session_ids)) == STUDENTS
        assert (room.kept, room.resumed, room.sessions_left) == (True, False, 0)
        assert room.media  # the images the tabs downloaded ...
        assert room.media_left is not None  # ... checked afterwards (the run reports them)
        assert min(room.end_rss_mb, room.after_rss_mb) > 200
    assert set(rooms[0].session_ids).isdisjoint(rooms[1].session_ids)


def test_one_tab_sees_what_it_changed(server):
    """The effects the benchmark relies on, seen directly, and a wrong option refused."""

    async def tab() -> None:
        s = BrowserSession(server[1], timeout=30)
        await s.connect()
        try:
            lab = await s.open("cross_correlation")
            assert lab.title() == "Cross-correlation lab"
            zh = await s.choose("lang", "中文")
            assert has_chinese(zh.title())
            assert "lang=zh" in s.query_string  # the page wrote the language into the URL
            edge = await s.open("edge_detection")
            (input_url, _), (output_url, _) = edge.images()[:2]
            kernels = s.widget("edge_kernel").options
            assert has_chinese(kernels[0])  # the options are labels in the language shown
            sobel = await s.choose("edge_kernel", kernels[list(bench.KERNELS).index("sobel_x")])
            assert sobel.images()[0][0] == input_url
            assert sobel.images()[1][0] != output_url
            assert sobel.exceptions == sobel.media_errors == []
            assert sobel.images()[1][0] in s.fetched  # downloaded as a browser would
            with pytest.raises(SessionError, match="no option"):
                await s.choose("edge_kernel", "not a kernel")
            with pytest.raises(SessionError, match="no page"):
                await s.open("no_such_page")
        finally:
            await s.close()
        s = BrowserSession(server[1], timeout=30)  # a new tab with a link to a page
        await s.connect()
        try:
            linked = await s.open("learn_kernel", query_string="lang=zh&lr=0.02")
            assert has_chinese(linked.title())
            assert s.pages["learn_kernel"] == s.page_hash
            assert s.values[s.widget("lr").id].string_array_value.data == ["0.02"]
        finally:
            await s.close()

    asyncio.run(tab())


# The parts, without a server ----------------------------------------------------------


def _widget(kind: str, proto) -> Widget:
    return Widget(f"$$ID-abc-{kind}_key", kind, proto, "")


def test_widgets_start_from_their_default_or_the_value_the_server_set():
    group = ButtonGroup(id="g", default=[1])
    group.options.add(content="English")
    group.options.add(content="中文")
    assert _initial_state(_widget("button_group", group)).string_array_value.data == ["中文"]
    group.set_value, group.raw_values[:] = True, ["English"]
    assert _initial_state(_widget("button_group", group)).string_array_value.data == ["English"]

    box = Selectbox(id="s", options=["a", "b", "c"], default=2)
    assert _initial_state(_widget("selectbox", box)).string_value == "c"
    assert _initial_state(_widget("selectbox", Selectbox(id="s", options=["a"]))) is None

    rates = Slider(id="r", type=Slider.SELECT_SLIDER, options=["0.01", "0.03"], default=[1])
    assert _initial_state(_widget("slider", rates)).string_array_value.data == ["0.03"]
    numeric = Slider(id="n", default=[2.0, 5.0])
    assert list(_initial_state(_widget("slider", numeric)).double_array_value.data) == [2, 5]

    seed = NumberInput(id="n", default=0, value=7, set_value=True)
    assert _initial_state(_widget("number_input", seed)).double_value == 7

    editor = _initial_state(_widget("dataframe", Dataframe(id="d", editing_mode=Dataframe.FIXED)))
    assert json.loads(editor.string_value) == EMPTY_EDITS
    assert _initial_state(_widget("dataframe", Dataframe(id="d"))) is None  # a read-only table


def test_widget_keys_come_from_their_ids():
    assert _widget("selectbox", Selectbox()).key == "selectbox_key"
    assert Widget("$$ID-9f-X_editor_3", "dataframe", Dataframe(), "").key == "X_editor_3"
    assert Widget("plain-id", "button", None, "").key == ""


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(20, 0, -1)]  # 20 … 1, unsorted on purpose
    assert bench.percentile(values, 50) == 10
    assert bench.percentile(values, 95) == 19
    assert bench.percentile(values, 100) == 20
    assert bench.percentile([3.0], 95) == 3


def test_budgets_pass_fail_and_not_checked():
    room = bench.Classroom(peak_rss_mb=650)
    room.latencies[bench.KERNEL_ACTION] = [0.5] * 19 + [3.0]  # p95 of 20 is the 19th: 0.5 s
    assert [passed for _, passed, _ in bench.budgets(room, 60, 20, 1)] == [True, True, True]
    assert [passed for _, passed, _ in bench.budgets(room, 5, 2, 1)] == [None, None, None]
    # the budgets are for a server held to one CPU: two CPUs keeping them prove nothing
    assert [passed for _, passed, _ in bench.budgets(room, 60, 20, 2)] == [None, None, None]
    room.peak_rss_mb = 750
    room.errors.append((3, "open home", "timeout", "no script_finished"))
    room.latencies[bench.KERNEL_ACTION] = [2.0] * 20
    assert [passed for _, passed, _ in bench.budgets(room, 60, 20, 1)] == [False, False, False]
    # a smaller class, or more CPUs, over a budget is over it for the whole class too
    assert [passed for _, passed, _ in bench.budgets(room, 5, 2, 2)] == [False, False, False]


def test_soak_budgets_growth_and_sessions_left():
    def room(end: float, **after) -> bench.Classroom:
        clean = {"sessions_left": 0, "kept": True, "resumed": False, "media_left": 0}
        return bench.Classroom(end_rss_mb=end, media=["/media/a.png"], **(clean | after))

    assert bench.soak_report([room(500), room(900), room(550)])  # +10 %: kept
    assert not bench.soak_report([room(500), room(551)])  # over 10 %
    assert bench.soak_report([room(500), room(300)])  # less is no leak
    for left in ({"resumed": True}, {"kept": None}, {"sessions_left": 1}, {"media_left": 2}):
        assert not bench.soak_report([room(500), room(500, **left)])


def test_memory_counts_the_children_too():
    before = bench.rss_mb(os.getpid())
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; b = bytearray(200 << 20); b[::4096] = b'x' * "
         "len(b[::4096]); print(flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        child.stdout.readline()  # its 200 MB are touched
        assert bench.rss_mb(os.getpid()) - before > 150
        assert 150 < bench.rss_mb(child.pid) < 400
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    assert bench.rss_mb(child.pid) == 0  # gone
