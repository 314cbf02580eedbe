"""The receptive-fields page under AppTest: its numbers against conv_core, its URL state, and
bad links and stacks as messages."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from app_driver import all_text, component_data, heat_tables, matrix_numbers, open_page

from conv_core import (
    Layer,
    dilate,
    feature_map_shapes,
    growth_with_depth,
    paths_to_cell,
    receptive_field,
    receptive_window,
)
from ui.heatmap import matrix_cells
from ui.i18n import catalog

PAGE = "lessons/receptive_fields.py"
EN, ZH = catalog("en"), catalog("zh")


def _table(at, first_column: str):
    """The table whose first column is headed `first_column` (a text of the page)."""
    for table in at.table:
        if str(table.value.columns[0]) == first_column:
            return table.value
    raise LookupError(first_column)


def _formulas(at) -> list[str]:
    """The page's LaTeX lines without Streamlit's $$ around them."""
    return [latex.value.strip("$\n") for latex in at.latex]


def _set_stack(at, layers: list[dict], size: int):
    at.slider(key="rf_layers").set_value(len(layers)).run()
    at.number_input(key="rf_size").set_value(size).run()
    for n, layer in enumerate(layers, start=1):
        for letter, value in layer.items():
            at.number_input(key=f"rf_{letter}{n}").set_value(value).run()
    return at


def _stack(layers: list[dict]) -> list[Layer]:
    return [Layer.of(lay["k"], lay.get("s", 1), lay.get("d", 1), lay.get("p", 0)) for lay in layers]


@pytest.fixture(scope="module")
def page():
    return open_page(PAGE)


def test_the_default_stack_is_three_3x3_layers_seeing_7x7(page):
    assert not page.exception
    assert not page.error
    text = all_text(page)
    assert "12×12 → 10×10 → 8×8 → 6×6" in text
    assert _formulas(page)[:2] == [
        rf"{axis} = 1 + \sum_l (k_l - 1)\, d_l \prod_{{m<l}} s_m = 1 + "
        + " + ".join([r"(3 - 1) \cdot 1 \cdot 1"] * 3)
        + " = 7"
        for axis in ("r_h", "r_w")
    ]
    depth = _table(page, EN["receptive_fields.col_depth"])
    assert depth.to_numpy().tolist() == [
        [1, 9, 9, "3×3", 9],
        [2, 9, 18, "5×5", 25],
        [3, 9, 27, "7×7", 49],
    ]
    assert "**27** weights see **7×7**" in text


def test_the_page_speaks_chinese():
    at = open_page(PAGE, lang="zh")
    assert not at.exception
    assert at.title[0].value == ZH["receptive_fields.title"]
    assert ZH["receptive_fields.depth_heading"] in all_text(at)
    _table(at, ZH["receptive_fields.col_depth"])


STACKS = [
    ([{"k": 3}, {"k": 3}], 9, (4, 4)),  # two 3×3 layers: 5×5
    ([{"k": 2}, {"k": 2}], 3, (0, 0)),  # D2L §7.2.6: z sees all of the 3×3 X
    ([{"k": 3, "s": 2, "p": 1}, {"k": 3, "d": 2}, {"k": 2, "p": 1}], 16, (2, 3)),
    ([{"k": 3, "s": 2, "p": 1}, {"k": 3, "d": 2}, {"k": 3, "d": 4}, {"k": 2, "p": 1}], 32, (4, 0)),
]


@pytest.mark.parametrize(("layers", "size", "cell"), STACKS)
def test_the_regions_and_counts_are_conv_cores(layers, size, cell):
    at = _set_stack(open_page(PAGE), layers, size)
    at.number_input(key="rf_i").set_value(cell[0]).run()
    at.number_input(key="rf_j").set_value(cell[1]).run()
    assert not at.exception
    assert not at.error
    stack = _stack(layers)
    window = receptive_window(stack, *cell, input_shape=(size, size))
    shapes = feature_map_shapes((size, size), stack)
    regions = _table(at, EN["receptive_fields.col_map"]).to_numpy().tolist()
    assert [row[1] for row in regions] == [f"{h}×{w}" for h, w in shapes]
    assert [row[4] for row in regions] == [len(region.cells()) for region in window.regions]
    assert regions[-1][4] == 1  # the chosen cell itself
    # Each map's heatmap numbers (the table in its expander, named after the map) are the
    # paths to the cell, the map padded by the layer that reads it.
    for name, paths in zip(
        [row[0] for row in regions],
        paths_to_cell(stack, *cell, input_shape=(size, size)),
        strict=True,
    ):
        assert _first_numbers(at, name) == paths.tolist()
    field = receptive_field(
        [layer.kernel for layer in stack],
        strides=[layer.stride for layer in stack],
        dilations=[layer.dilation for layer in stack],
    )
    assert [f.rsplit("= ", 1)[1] for f in _formulas(at)[:2]] == [str(field[0]), str(field[1])]
    depth = _table(at, EN["receptive_fields.col_depth"]).to_numpy().tolist()
    assert [row[2] for row in depth] == [row.total_weights for row in growth_with_depth(stack)]


def test_a_cell_past_the_last_map_is_moved_inside_it_with_a_message():
    at = open_page(PAGE, query={"rf_i": "20", "rf_j": "1"})
    assert not at.exception
    assert EN["receptive_fields.clamped"].format(rows=6, cols=6, i=5, j=1) in [
        info.value for info in at.info
    ]


def test_a_link_opens_the_stack_it_holds_and_keeps_it():
    link = {"rf_layers": "3", "rf_size": "20", "rf_s1": "2", "rf_p1": "1", "rf_d2": "2",
            "rf_k3": "2", "rf_i": "4", "rf_j": "3", "rf_dk": "4", "rf_dd": "3",
            "rf_more": "true"}  # fmt: skip
    at = open_page(PAGE, query=link)
    assert not at.exception
    assert not at.warning
    assert at.slider(key="rf_layers").value == 3
    for key in ("rf_size", "rf_s1", "rf_p1", "rf_d2", "rf_k3", "rf_i", "rf_j", "rf_dk", "rf_dd"):
        assert at.number_input(key=key).value == int(link[key]), key
    assert "20×20 → 10×10 → 6×6 → 5×5" in all_text(at)
    assert _formulas(at)[-1].endswith("= 3 \\cdot (4 - 1) + 1 = 10")
    # The link as the page keeps it: 3 layers is the default, left out.
    assert dict(at.query_params) == {k: v for k, v in link.items() if k != "rf_layers"}
    at.number_input(key="rf_s1").set_value(1).run()
    assert "rf_s1" not in at.query_params


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bad_link_values_are_a_message_and_the_defaults_are_used(lang):
    query = {"rf_k1": "abc", "rf_d2": "99", "rf_layers": "-1", "rf_size": "inf", "rf_dk": ""}
    at = open_page(PAGE, query=query, lang=lang)
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    for name in ("rf_k1", "rf_d2", "rf_layers", "rf_size", "rf_dk"):
        assert name in warning
    assert at.number_input(key="rf_k1").value == 3
    assert at.slider(key="rf_layers").value == 1  # -1 kept within 1–4


@pytest.mark.parametrize(
    ("query", "code", "params"),
    [
        ({"rf_d1": "0"}, "dilation", {"minimum": 1, "value": 0}),
        ({"rf_s2": "0"}, "stride", {"minimum": 1, "value": 0}),
        (
            {"rf_size": "8", "rf_d3": "4"},
            "dilated_kernel_too_large",
            {"kernel": "3×3", "dilation": "4×4", "span": "9×9", "padded": "4×4"},
        ),
        ({"rf_size": "5", "rf_k3": "7"}, "kernel_too_large", {"kernel": "7×7", "padded": "1×1"}),
    ],
)
@pytest.mark.parametrize(("lang", "table"), [("en", EN), ("zh", ZH)])
def test_a_stack_that_cannot_run_says_why_and_the_page_goes_on(query, code, params, lang, table):
    at = open_page(PAGE, query=query, lang=lang)
    assert not at.exception
    assert [e.value for e in at.error] == [table[f"errors.{code}"].format(**params)]
    assert at.expander[-1].label == f"**{table['receptive_fields.dilation_heading']}**"


def test_the_dilated_kernel_has_its_gaps_and_its_sum():
    at = open_page(PAGE, query={"rf_more": "true"})  # going further, opened by the link
    at.number_input(key="rf_dk").set_value(2).run()
    at.number_input(key="rf_dd").set_value(3).run()
    assert not at.exception
    K = torch.arange(1.0, 5).reshape(2, 2)
    spread = next(table for table in heat_tables(at) if table.shape == (4, 4))
    assert [[float(v) for v in row] for row in spread] == dilate(K, 3).tolist()
    assert _formulas(at)[-1].endswith("= 3 \\cdot (2 - 1) + 1 = 4")
    # X is the 6×6 counting image; cell (1, 1) reads X[1, 1], X[1, 4], X[4, 1], X[4, 4].
    assert "Y[1, 1] = 7×1 + 10×2 + 25×3 + 28×4 = 214" in [code.value for code in at.code]


def test_classroom_mode_draws_the_page_in_larger_type():
    at = open_page(PAGE, classroom=True)
    assert not at.exception
    assert not at.error
    assert at.toggle(key="classroom").value


def _marked(at, key: str, values) -> set[tuple[int, int]]:
    """The cells of a heatmap tinted as part of the receptive field: those whose colour is
    not the white every unmarked cell has."""
    plain = matrix_cells(np.zeros_like(np.asarray(values)))["cells"]
    shown = component_data(at, key)["cells"]
    return {
        (r, c)
        for r, row in enumerate(shown)
        for c, cell in enumerate(row)
        if cell[0] != plain[r][c][0]
    }


def _first_numbers(at, name: str) -> list[list[float]]:
    return np.asarray(matrix_numbers(at, name)[0], dtype=float).tolist()


def test_the_books_example_d2l_7_2_6_two_2x2_layers_see_all_nine():
    at = open_page(PAGE)
    assert not at.exception
    assert _first_numbers(at, "X") == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    assert _first_numbers(at, "Y") == [[19, 25], [37, 43]]  # D2L 7.2.1's output
    # By default the second layer's z: all 4 elements of Y, all 9 of X (the book's words).
    seen = next(s.value for s in at.success if s.value.startswith("z = "))
    assert "sees **4** elements of Y" in seen
    assert "**9** elements of X" in seen
    window = receptive_window([Layer.of(2), Layer.of(2)], 0, 0, input_shape=(3, 3))
    assert [len(region.cells()) for region in window.regions] == [9, 4, 1]
    # Every cell of X and of Y is marked (tinted), as the text says.
    assert _marked(at, "rf_book_X", _first_numbers(at, "X")) == {
        (r, c) for r in range(3) for c in range(3)
    }
    assert _marked(at, "rf_book_Y", _first_numbers(at, "Y")) == {(0, 0), (0, 1), (1, 0), (1, 1)}
    at.segmented_control(key="rf_book_follow").set_value("y").run()
    seen = next(s.value for s in at.success if s.value.startswith("Y[0, 0] = 19"))
    assert "sees **4** elements of X" in seen  # the shaded 2×2 of the book's figure
    assert _marked(at, "rf_book_X", _first_numbers(at, "X")) == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_the_books_example_in_chinese():
    at = open_page(PAGE, lang="zh")
    assert not at.exception
    assert "书中的例子（中文版 6.2.6 节）" in all_text(at)
    assert any("全部 **4** 个元素" in s.value and "**9** 个元素" in s.value for s in at.success)
