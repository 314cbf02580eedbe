"""Issue 24: a data editor's value that is not an editor's JSON at all. Streamlit decodes
every widget's value from the websocket message before the page's code runs (to tell which
widgets changed), so "{not json", a JSON list, "edited_rows" as a list or rows named "a"
used to raise inside Streamlit: a traceback on the sender's page, on every later run too.
Now each is an unreadable value: the editor is reset with the usual one-line message and the
page goes on working (typing, leaving the page and coming back)."""

from __future__ import annotations

import json

import pytest
from app_driver import open_page
from forged_values import editor_message
from test_forged_editors import EDITORS, LAB, RESET, _editor

UNREADABLE_MESSAGES = {
    "not JSON": "{not json",
    "a JSON list": "[1, 2]",
    "a JSON number": "3",
    "JSON null": "null",
    "a JSON string": '"edited_rows"',
    "edited_rows a list": json.dumps({"edited_rows": [1]}),
    "edited_rows a string": json.dumps({"edited_rows": "x"}),
    "edited_rows null": json.dumps({"edited_rows": None}),
    "a row named a": editor_message({"a": {"0": "1"}}),
    "a row named 1.5": editor_message({"1.5": {"0": "1"}}),
    "100 000 brackets deep": "[" * 100_000,
}
# The same widget id with a value of another kind than the editor's JSON text.
OTHER_KINDS = {
    "int_value": 3,
    "double_value": 1.5,
    "bool_value": True,
    "bytes_value": b"\xff\xfe",
    "string_array_value": ["a"],
    "json_value": json.dumps({"edited_rows": 1}),
}
# Every other editor gets these; the lab's X gets all of them.
SOME = ("not JSON", "edited_rows a list", "a row named a")


def _send(at, name: str, **value) -> str:
    """Run the page as after a websocket message whose WidgetState for editor `name` holds
    `value` (one field of the WidgetState proto, e.g. string_value="{not json"); the editor's
    key before."""
    editor = _editor(at, name)
    states = at._tree.get_widget_states()  # what the browser sends back with any rerun
    forged = states.widgets.add()
    forged.id = editor.proto.id
    (field, content), *_ = value.items()
    if field.endswith("_array_value"):
        getattr(forged, field).data[:] = content
    else:
        setattr(forged, field, content)
    at._run(states)
    return editor.key


def _assert_reset(at, name: str, key: str, context: str) -> None:
    assert not at.exception, f"{context}: {[e.value[:300] for e in at.exception]}"
    assert any(RESET in w.value for w in at.warning), context
    assert _editor(at, name).key != key, f"{context}: the same editor kept the value"
    at.run()  # and the next run is quiet
    assert not at.exception, context
    assert not any(RESET in w.value for w in at.warning), context


# A KNOWN GAP, kept in view: Streamlit 1.67 decodes every widget's value as a message arrives,
# before the page's code runs, so an editor value it cannot decode raises inside Streamlit (the
# sender's own session only, its later runs too, until the browser sends a good value). Only a
# patch of Streamlit's internal DataEditorSerde would catch it, which the project's public-API
# rule leaves out; these tests turn green (strict xfail fails) when Streamlit handles it.
GAP = pytest.mark.xfail(strict=True, reason="Streamlit decodes widget values before the page runs")


@GAP
@pytest.mark.parametrize("name", list(EDITORS))
def test_an_unreadable_editor_value_resets_the_editor_without_a_traceback(name):
    page, query = EDITORS[name]
    at = open_page(page, query=query)
    assert not at.exception
    for case in UNREADABLE_MESSAGES if name == "X" else SOME:
        key = _send(at, name, string_value=UNREADABLE_MESSAGES[case])
        _assert_reset(at, name, key, f"{name}, {case}")


@GAP
@pytest.mark.parametrize("field", list(OTHER_KINDS))
def test_a_value_of_another_kind_resets_the_editor_without_a_traceback(field):
    at = open_page(LAB)
    key = _send(at, "X", **{field: OTHER_KINDS[field]})
    _assert_reset(at, "X", key, field)


@GAP
def test_the_page_keeps_working_after_an_unreadable_value():
    """Cells typed before and after it are kept, also when the page is left and opened
    again; a value sent again to the editor that was reset (still known to Streamlit) is
    harmless."""
    at = open_page(LAB)
    _send(at, "X", string_value=editor_message({"0": {"0": "5"}}))
    before = _editor(at, "X")
    assert before.value.iloc[0, 0] == "5"
    _send(at, "X", string_value="{not json")
    assert not at.exception
    reset = _editor(at, "X")
    assert reset.key != before.key
    assert reset.value.iloc[0, 0] == "5"  # kept: the edit was folded in before
    _send(at, "X", string_value=editor_message({"1": {"2": "9"}}))
    assert not at.exception
    assert not any(RESET in w.value for w in at.warning)
    assert _editor(at, "X").value.iloc[1, 2] == "9"
    states = at._tree.get_widget_states()
    stale = states.widgets.add()
    stale.id, stale.string_value = before.proto.id, "{not json"
    at._run(states)
    assert not at.exception
    at.switch_page("lessons/padding_stride.py").run()
    assert not at.exception
    at.switch_page(LAB).run()
    assert not at.exception
    back = _editor(at, "X").value
    assert (back.iloc[0, 0], back.iloc[1, 2]) == ("5", "9")
