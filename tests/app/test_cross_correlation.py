"""The cross-correlation lab under AppTest: the book's numbers, stepping, quiz, bad input, URL."""

from __future__ import annotations

import pytest
import torch
from app_driver import LAB, all_text, component_data, open_page, player_data, y_table


def _window_on(at, key: str) -> tuple[float, float]:
    """(top, left) of the orange window drawn on the heatmap with this key."""
    top, left, _, _ = component_data(at, key)["window"]
    return top, left


def _seed(name: str, cells: list[list[str]], at) -> None:
    """Type `cells` into the data editor of matrix `name`, as a student would."""
    editor = next(e for e in at.data_editor if e.key.startswith(f"{name}_editor_"))
    edits = {r: {str(c): v for c, v in enumerate(row)} for r, row in enumerate(cells)}
    at.session_state[editor.key] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}


def test_opens_on_the_books_example(lab):
    assert y_table(lab) == [["19", "25"], ["37", "43"]]
    # every cell's sum, as the player writes it, also in a table
    assert _sums(lab)[0] == ["Y[0, 0]", "0×0 + 1×1 + 3×2 + 4×3 = 19"]
    assert any("= 2" in latex.value for latex in lab.latex)


def test_seeding_the_editors_with_the_books_example_shows_19_25_37_43():
    at = open_page(LAB, query={"X": "1,1,1;1,1,1;1,1,1", "K": "1,1;1,1"})
    assert y_table(at) == [["4", "4"], ["4", "4"]]
    _seed("X", [["0", "1", "2"], ["3", "4", "5"], ["6", "7", "8"]], at)
    _seed("K", [["0", "1"], ["2", "3"]], at)
    at.run()
    assert not at.exception
    assert y_table(at) == [["19", "25"], ["37", "43"]]


def _sums(at) -> list[list[str]]:
    """The step-through's table: each output cell with its sum written out (its fold opened:
    the table is drawn only then)."""
    if not at.session_state["step_all_sums"]:
        at.session_state["step_all_sums"] = True
        at.run()
    table = next(d.value for d in at.dataframe if list(d.value.columns) == ["Cell", "Sum"])
    return table.to_numpy().tolist()


def _boxes(at, title: str) -> list[tuple[int, int]]:
    """(top, left) of the window on the player's panel `title`, frame by frame."""
    panel = next(p for p in player_data(at, "step_player")["panels"] if p["title"] == title)
    return [tuple(box[:2]) for box in panel["box"]]


def test_stepping_moves_the_window(lab):
    assert _boxes(lab, "X") == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert _boxes(lab, "Y") == [(0, 0), (0, 1), (1, 0), (1, 1)]
    data = player_data(lab, "step_player")
    sums = next(p for p in data["panels"] if p["type"] == "text")["values"]
    assert sums[1] == "Y[0, 1] = 1×0 + 2×1 + 4×2 + 5×3 = 25"
    assert data["frames"] == 4
    assert data["texts"]["counter"] == "Output cell {n} of {total}"
    assert _sums(lab)[1] == ["Y[0, 1]", "1×0 + 2×1 + 4×2 + 5×3 = 25"]
    assert not lab.exception


def test_the_window_sits_on_the_padded_input_and_moves_by_the_stride():
    at = open_page(LAB, query={"padding": "1", "stride": "2"})
    assert y_table(at) == [["0", "8"], ["21", "43"]]  # ⌊(3 + 2 − 2)/2⌋ + 1 = 2
    assert _boxes(at, "X with padding") == [(0, 0), (0, 2), (2, 0), (2, 2)]
    assert any(r"\frac{3 + 2 \cdot 1 - 2}{2}" in latex.value for latex in at.latex)


def test_a_preset_starts_the_player_again_at_the_first_cell(lab):
    lab.session_state["step"] = 3
    lab.button(key="preset_edge").click().run()
    assert player_data(lab, "step_player")["start"] == 0
    assert player_data(lab, "step_player")["frames"] == 6 * 7  # 6×8 image, 1×2 kernel


def test_a_wrong_quiz_answer_is_told_wrong_and_a_right_one_right(lab):
    lab.number_input(key="quiz_answer").set_value(18)
    lab.button(key="quiz_check").click().run()
    assert [e.value for e in lab.error] == [
        "Not quite: you said 18, but Y[0, 0] = 0×0 + 1×1 + 3×2 + 4×3 = 19. Try the next cell."
    ]
    lab.number_input(key="quiz_answer").set_value(25)  # the next cell, Y[0, 1]
    lab.button(key="quiz_check").click().run()
    assert lab.success
    assert "Right!" in lab.success[0].value
    assert lab.metric[0].value == "1 / 2"
    assert not lab.exception


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("", "row 1, column 2 is empty"),
        ("abc", "holds `abc`, which is not a number"),
        ("nan", "only finite numbers are allowed"),
        ("-inf", "only finite numbers are allowed"),
    ],
)
def test_a_bad_cell_gives_a_message_and_the_page_keeps_working(lab, cell, message):
    editor = lab.data_editor[0].key
    lab.session_state[editor] = {
        "edited_rows": {1: {"2": cell}},
        "added_rows": [],
        "deleted_rows": [],
    }
    lab.run()
    assert not lab.exception
    assert len(lab.error) == 1
    assert message in lab.error[0].value
    assert lab.error[0].value.startswith("X:")
    assert [i.value for i in lab.info] == ["Fix the input to see Y."]
    assert len(lab.data_editor) == 2  # both editors still there to fix it


def test_a_kernel_larger_than_the_padded_input_gives_a_message(lab):
    lab.number_input(key="K_rows").set_value(4).run()
    assert not lab.exception
    assert "The kernel (4×2) is larger than the padded input (3×3)" in lab.error[0].value
    lab.number_input(key="padding").set_value(1).run()  # padding makes room for it
    assert not lab.error
    assert not lab.exception
    assert len(y_table(lab)) == 2


def test_stride_zero_gives_a_message(lab):
    lab.number_input(key="stride").set_value(0).run()
    assert not lab.exception
    assert "The stride must be at least 1; it is 0." in lab.error[0].value


def test_resizing_x_keeps_its_numbers_and_pads_with_zeros(lab):
    lab.number_input(key="X_cols").set_value(4).run()
    assert y_table(lab) == [["19", "25", "10"], ["37", "43", "16"]]


@pytest.mark.parametrize(
    ("button", "expected"),
    [
        ("preset_edge", [["0", "1", "0", "0", "0", "-1", "0"]] * 6),
        ("preset_identity", [["0", "1", "2"], ["3", "4", "5"], ["6", "7", "8"]]),
        ("preset_book", [["19", "25"], ["37", "43"]]),
    ],
)
def test_presets(lab, button, expected):
    lab.button(key=button).click().run()
    assert not lab.exception
    assert y_table(lab) == expected


def test_random_integers_keep_the_sizes(lab):
    lab.button(key="preset_random").click().run()
    assert not lab.exception
    assert len(y_table(lab)) == 2


def test_x_k_padding_and_stride_are_in_the_url(lab):
    lab.number_input(key="X_rows").set_value(4).run()
    lab.number_input(key="padding").set_value(1).run()
    assert lab.query_params["X"] == "0,1,2;3,4,5;6,7,8;0,0,0"
    assert lab.query_params["padding"] == "1"
    assert "K" not in lab.query_params  # still the default: the link stays short
    assert "stride" not in lab.query_params
    shared = open_page(LAB, query=dict(lab.query_params))
    assert [len(row) for row in y_table(shared)] == [4] * 5
    assert not shared.warning


@pytest.mark.parametrize(
    ("garbage", "reason"),
    [
        ("1,2;3", "All rows of X must have the same number of cells."),
        ("a,b", "holds `a`, which is not a number"),
        ("nan", "is `nan`; only finite numbers"),
        ("", "empty, default used"),
        (";;;", "is empty"),
        ("1e999", "is `1e999`; only finite numbers"),
        ("1," * 3000, "too long, default used"),
        ("0," * 20 + "0", "larger than 16×16"),
        ("1,%0A%0A[a](http://e.x)", "holds `[a](http://e.x)`, which is not a number"),
    ],
)
def test_a_bad_url_falls_back_to_the_example_with_one_message(garbage, reason):
    garbage = garbage.replace("%0A", "\n")
    at = open_page(LAB, query={"X": garbage, "padding": "-3", "stride": "x"})
    assert not at.exception
    [line] = (w.value for w in at.warning)  # the link's numbers and its matrix, in one line
    assert "`padding` (kept within 0–5: 0)" in line
    assert "`stride` (not a number, default used)" in line
    assert "`X` (" in line
    assert reason in line
    assert "\n" not in line
    assert y_table(at) == [["19", "25"], ["37", "43"]]
    assert "X" not in at.query_params


def test_switching_to_chinese_changes_the_text(lab):
    english = all_text(lab)
    at = lab.segmented_control(key="lang").set_value("zh").run()
    chinese = all_text(at)
    assert "Cross-correlation lab" in english
    assert "互相关实验室" in chinese
    assert "Step through" not in chinese
    assert "逐步演示" in chinese
    at.number_input(key="stride").set_value(0).run()
    assert "步幅至少为 1" in at.error[0].value  # conv_core's refusal, translated


def test_a_chinese_browser_gets_chinese(lab):
    at = open_page(LAB, locale="zh-CN")
    assert at.title[0].value == "互相关实验室"


def test_the_code_panel_reproduces_y(lab):
    lab.number_input(key="padding").set_value(1).run()
    lab.number_input(key="stride").set_value(2).run()
    code = next(c.value for c in lab.code if c.value.startswith("import torch"))
    namespace: dict = {}
    exec(compile(code, "code_panel", "exec"), namespace)
    expected = torch.tensor([[0.0, 8.0], [21.0, 43.0]])
    torch.testing.assert_close(namespace["Y"], expected)
    torch.testing.assert_close(namespace["Y_torch"], expected)
    assert "give the same Y" in lab.success[-1].value


def _panels(at, key: str) -> list[tuple[str, list[list[float]]]]:
    """(label, the numbers under it) of each matrix in the row of matrices `key`."""
    return [
        (panel["label"], [[float(v) for v in row] for row in panel["numbers"]])
        for panel in component_data(at, key)["panels"]
    ]


def test_the_flip_row_shows_k_its_flip_and_both_outputs_as_torch_computes_them():
    X = torch.arange(20.0).reshape(4, 5) % 7 - 3
    K = torch.tensor([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
    text = lambda M: ";".join(",".join(f"{v:g}" for v in row) for row in M.tolist())  # noqa: E731
    at = open_page(LAB, query={"X": text(X), "K": text(K), "padding": "1", "stride": "2"})
    corr = torch.nn.functional.conv2d(X[None, None], K[None, None], padding=1, stride=2)[0, 0]
    conv = torch.nn.functional.conv2d(X[None, None], K.flip(0, 1)[None, None], padding=1, stride=2)[
        0, 0
    ]
    labels = ["K", "K flipped", "Cross-correlation with K", "Convolution with K"]
    expected = [K, K.flip(0, 1), corr, conv]
    shown = _panels(at, "flip")
    assert [label for label, _ in shown] == labels
    for (_, numbers), M in zip(shown, expected, strict=True):
        assert numbers == M.tolist()


def test_the_quiz_row_shows_x_with_the_window_and_y_with_the_asked_cell_hidden(lab):
    x_panel, y_panel = component_data(lab, "quiz_views")["panels"]
    assert (x_panel["label"], y_panel["label"]) == ("X", "Y")
    assert x_panel["window"] == [0, 0, 2, 2]
    assert y_panel["window"] == [0, 0, 1, 1]
    assert y_panel["numbers"][0][0] == "?"  # 19, the asked cell, is not given away
    assert "19" not in str(y_panel["cells"])
    lab.number_input(key="quiz_answer").set_value(19)
    lab.button(key="quiz_check").click().run()
    x_panel, y_panel = component_data(lab, "quiz_views")["panels"]
    assert x_panel["window"] == [0, 1, 2, 2]
    assert y_panel["window"] == [0, 1, 1, 1]
    assert y_panel["numbers"][0][:2] == ["19", "?"]
