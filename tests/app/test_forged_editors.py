"""Issue 24: a hand-made websocket message can give any widget any value. Every matrix editor
on every page, every typed vector and every multiselect is sent values the browser would
never send: the page runs without a traceback, says what it dropped, and computes on no more
cells than the matrix it shows (counted where the cells are read)."""

from __future__ import annotations

import importlib

import pytest
from app_driver import open_page
from forged_values import EVERY_EDITOR, FORGED_EDITS, FORGED_MESSAGES, editor_state

import ui.matrix_editor
from conv_core import CHANNEL_KERNELS, OPTIMIZERS, ConvInputError
from ui.i18n import catalog
from ui.matrix_editor import Edited, read_matrix
from ui.matrix_text import parse_numbers, typed_chars
from ui.url_params import PARAMS

LAB = "lessons/cross_correlation.py"
one_by_one = importlib.import_module("lessons.channels_sections.one_by_one")
EDITORS = {  # every editor, on the page (and link) that shows it
    "X": (LAB, {}),
    "K": (LAB, {}),
    "edge_K": ("lessons/edge_detection.py", {"edge_kernel": "custom"}),
    **{f"ch_K{c}": ("lessons/channels.py", {"ch_kernel": "custom"}) for c in range(3)},
    "ch_M": ("lessons/channels.py", {"ch_mixing": "custom"}),
}
LARGEST = PARAMS["X"].shape  # the largest matrix any editor holds
# A mixing matrix is (C_out, 3): the presets have 1 or 3 rows, the student's own 3.
RESET = catalog("en")["editor.reset"].split("}", 1)[1][:40]  # the line's words after the name


@pytest.fixture
def cells_read(monkeypatch) -> list[tuple[int, int]]:
    """The (rows, columns) of every matrix the pages read from an editor."""
    shapes: list[tuple[int, int]] = []
    real = ui.matrix_editor.cells_to_matrix

    def counting(cells, name):
        shapes.append((len(cells), max((len(row) for row in cells), default=0)))
        return real(cells, name)

    monkeypatch.setattr(ui.matrix_editor, "cells_to_matrix", counting)
    return shapes


@pytest.fixture
def mixings(monkeypatch) -> list[tuple[int, ...]]:
    """The shape of every mixing matrix the channels page computes its 1×1 output with."""
    shapes: list[tuple[int, ...]] = []
    real = one_by_one.mixed_maps

    def counting(picture, M):
        shapes.append(tuple(M.shape))
        return real(picture, M)

    monkeypatch.setattr(one_by_one, "mixed_maps", counting)
    return shapes


def _editor(at, name: str):
    found = [e for e in at.data_editor if e.key.rsplit("_editor_", 1)[0] == name]
    assert len(found) == 1, f"{name}: {[e.key for e in at.data_editor]}"
    return found[0]


def _forge(at, name: str, state) -> tuple[str, tuple[int, int]]:
    """Give editor `name` the value `state` for the next run, as a websocket message would;
    its key and shape before."""
    editor = _editor(at, name)
    at.session_state[editor.key] = state
    return editor.key, editor.value.shape


def _cases(name: str) -> list[str]:
    return list(FORGED_EDITS) if name == "X" else list(EVERY_EDITOR)


@pytest.mark.parametrize("name", list(EDITORS))
def test_a_forged_editor_value_is_dropped_and_the_editor_reset(name, cells_read, mixings):
    page, query = EDITORS[name]
    at = open_page(page, query=query)
    assert not at.exception
    for case in _cases(name):
        cells_read.clear()
        key, shape = _forge(at, name, FORGED_EDITS[case])
        at.run()
        context = f"{name}, {case}"
        assert not at.exception, f"{context}: {[e.value for e in at.exception]}"
        assert any(RESET in w.value for w in at.warning), context
        editor = _editor(at, name)
        assert editor.key != key, f"{context}: the same editor kept the forged value"
        assert editor.value.shape == shape, context
        for other in at.data_editor:
            assert other.value.shape[0] <= LARGEST[0], context
            assert other.value.shape[1] <= LARGEST[1], context
        assert cells_read, context
        assert all(r <= LARGEST[0] and c <= LARGEST[1] for r, c in cells_read), context
        assert all(rows <= 3 and cols == 3 for rows, cols in mixings), context
        at.run()  # the next run is quiet: the reset editor holds no forged value
        assert not any(RESET in w.value for w in at.warning), context


def _send(at, name: str, message: str) -> str:
    """Run the page as after a websocket message that holds `message` as editor `name`'s
    value (a WidgetState's JSON text, decoded by Streamlit itself); the editor's key before."""
    editor = _editor(at, name)
    states = at._tree.get_widget_states()  # what the browser sends back with any rerun
    forged = states.widgets.add()
    forged.id, forged.string_value = editor.proto.id, message
    at._run(states)
    return editor.key


@pytest.mark.parametrize("case", [*EVERY_EDITOR, "rows deleted", "a field of its own"])
@pytest.mark.parametrize("name", ["X", "ch_M"])
def test_a_forged_message_as_the_websocket_carries_it(name, case, cells_read, mixings):
    page, query = EDITORS[name]
    at = open_page(page, query=query)
    key = _send(at, name, FORGED_MESSAGES[case])
    assert not at.exception, [e.value for e in at.exception]
    assert any(RESET in w.value for w in at.warning)
    assert _editor(at, name).key != key
    assert all(r <= LARGEST[0] and c <= LARGEST[1] for r, c in cells_read)
    assert all(rows <= 3 and cols == 3 for rows, cols in mixings)


def test_the_edits_that_fit_are_kept_when_the_rest_is_dropped():
    at = open_page(LAB)
    _forge(at, "X", editor_state({"0": {"0": "7"}, "9999": {"0": "1"}}, added_rows=[{}] * 50))
    at.run()
    assert not at.exception
    assert _editor(at, "X").value.iloc[0, 0] == "7"


def test_3e38_in_a_cell_of_x_is_a_message_not_a_traceback():
    """The convolution panel flips K onto other cells of X: it overflows where Y did not."""
    at = open_page(LAB)
    _forge(at, "X", editor_state({"0": {"0": "3e38"}}))
    at.run()
    assert not at.exception
    assert any("too large for float32" in e.value for e in at.error)


def test_cells_of_another_shape_than_the_editors_matrix_are_refused():
    cells = [["1", "2", "3"]] * 3
    assert read_matrix(Edited(cells, (3, 3)), "K").shape == (3, 3)
    assert read_matrix(Edited(cells * 1000, (3, 3)), "K") is None
    assert read_matrix(Edited([row[:2] for row in cells], (3, 3)), "K") is None


def test_a_typed_vector_is_cut_to_max_chars_and_checked_for_length_before_it_is_split():
    at = open_page("lessons/dimensions_1d_3d.py")
    at.button_group(key="d1_signal").set_value("own").run()
    at.button_group(key="d1_kernel").set_value("own").run()
    typed = [w.key for w in at.text_input if w.key.startswith("d1_")]
    assert typed == ["d1_x", "d1_k"]
    for key in typed:
        # max_chars holds in the browser only; the server's widget-state limit
        # (.streamlit/config.toml) refuses megabytes before the page runs.
        at.session_state[key] = "1, " * 30_000
    at.run()
    assert not at.exception
    # Streamlit cuts a text input's value to its max_chars on the server: what is split is
    # at most typed_chars(limit) characters, here "1, " repeated.
    errors = [e.value for e in at.error]
    for name, limit in (("x", 40), ("k", 9)):  # lessons/dimensions_1d_3d.py's limits
        count = typed_chars(limit) // len("1, ")
        assert f"{name} has {count} numbers; at most {limit} fit here." in errors
    with pytest.raises(ConvInputError) as refusal:
        parse_numbers("1 " * 1_000_000, "x", 40)
    assert refusal.value.code == "numbers_too_long"


@pytest.mark.parametrize(
    ("page", "query", "key", "forged"),
    [
        ("lessons/channels.py", {}, "ch_outputs", list(CHANNEL_KERNELS) * 3),
        ("lessons/learn_kernel.py", {"lk_race": "true"}, "lk_compare_optimizers",
         list(OPTIMIZERS) * 100),
    ],
    ids=["channels", "learn_kernel"],
)  # fmt: skip
def test_a_selection_beyond_max_selections_is_refused(page, query, key, forged):
    at = open_page(page, query=query)
    default = at.multiselect(key=key).value
    at.session_state[key] = forged
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("options were chosen" in w.value for w in at.warning)
    assert at.multiselect(key=key).value == default
