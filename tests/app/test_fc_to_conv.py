"""Page 1, from fully connected to convolution, under AppTest: the chapter's numbers, bad input."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import torch
from app_driver import all_text, component_data, figures, matrix_numbers, open_page, vega_charts

from conv_core import (
    best_match,
    conv_matrix,
    crowd_scene,
    equivariant_region,
    match_template,
    paste,
    shift,
    waldo_pattern,
)
from ui.big_numbers import in_words

PAGE = "lessons/fc_to_conv.py"
# Drawn on demand: three sections, and Waldo's "Going further" (normalised cross-correlation).
SECTIONS = ("fc_dense", "fc_shift", "fc_local", "fc_waldo")
OPEN = {key: "true" for key in SECTIONS}


def open_fc(query: dict[str, str] | None = None, **kwargs):
    """The page with every section open (a closed one draws nothing: ui/sections.py)."""
    return open_page(PAGE, query={**OPEN, **(query or {})}, **kwargs)


@pytest.fixture(scope="module")
def page():
    """The page as a student first sees it (shared by the read-only tests)."""
    at = open_fc()
    assert not at.exception
    return at


def test_closed_sections_draw_nothing_and_a_link_opens_one():
    closed = open_page(PAGE)
    assert not closed.exception
    labels = [e.label for e in closed.expander]
    assert "**Locality: each output sees only a small window**" in labels
    # Waldo opens the page (pattern, crowd, plain score), then the derivation's chart; none
    # of the closed sections' figures.
    drawn = figures(closed)
    assert [key for key in drawn if key.startswith("fc_")] == [
        "fc_waldo_pattern", "fc_waldo_scene", "fc_waldo_plain"
    ]  # fmt: skip
    assert drawn.count("vega_lite_chart") == 1
    assert closed.header[0].value.startswith("Where's Waldo?")
    one = open_page(PAGE, query={"fc_local": "true"})
    keys = set(figures(one))
    assert {"fc_local_x"} <= keys
    assert not any(k.startswith("fc_shift") for k in keys if k)
    assert not one.exception
    assert one.query_params.get("fc_local") == "true"


def test_every_section_open_draws_every_figure():
    assert len(figures(open_fc())) > len(figures(open_page(PAGE))) + 10


def _table(at, name: str) -> np.ndarray:
    """The numbers of the heatmap called `name`, from the table folded under it."""
    return np.array(matrix_numbers(at, name)[0], dtype=object)


def _latex(at) -> list[str]:
    """The page's equations without Streamlit's $$ … $$ around them."""
    return [element.value.strip().strip("$").strip() for element in at.latex]


def _window_on(at, key: str) -> tuple[float, float, float, float] | None:
    """(top, left, height, width) of the orange box on the heatmap with this key."""
    window = component_data(at, key)["window"]
    return None if window is None else tuple(window)


def _metrics(at) -> list[str]:
    return [m.value for m in at.metric]


def test_the_lectures_12_megapixel_photo(page):
    assert _metrics(page) == ["3.6 billion", "14.4 GB", "27", "108 B"]
    text = all_text(page)
    assert "36,000,000 input numbers" in text
    assert "3,600,000,000 weights" in text
    assert "36 亿" in text  # the gentle correction of the note's "3.6 亿"
    assert not page.error


def test_in_chinese_the_count_is_36_yi():
    at = open_fc(lang="zh")
    assert _metrics(at)[0] == "36 亿"
    assert any("3.6 亿" in info.value and "36 亿" in info.value for info in at.info)
    assert not at.exception


def test_the_books_preset_gives_a_billion_weights():
    at = open_fc()
    at.button(key="fc_preset_book").click().run()
    # D2L §7.1: a one-megapixel image into 1000 hidden units needs 10⁹ weights.
    assert _metrics(at)[:2] == ["1 billion", "4 GB"]
    assert not any("3.6 亿" in info.value for info in at.info)  # the note's slip is not this
    assert not at.exception


def test_cats_and_dogs_only_for_a_billion_weights_or_more(page):
    assert "more than there are cats and dogs" in all_text(page)  # 3.6 billion
    at = open_fc(query={"fc_height": "28", "fc_width": "28"})  # 28·28·3·100 = 235,200
    assert "235,200 weights" in all_text(at)
    assert "cats and dogs" not in all_text(at)
    at.button(key="fc_preset_book").click().run()  # 10⁹: as many as the lecture's line says
    assert "more than there are cats and dogs" in all_text(at)
    zh = open_fc(lang="zh", query={"fc_height": "28", "fc_width": "28"})
    assert "猫和狗" not in all_text(zh)


def test_each_step_of_the_derivation_counts_its_free_weights(page):
    latex = _latex(page)
    # 3000 × 4000 image: (hw)² twice, (2h−1)(2w−1), then (2Δ+1)² with Δ = 1.
    assert sum(text.endswith("= 144{,}000{,}000{,}000{,}000") for text in latex) == 2
    assert any(text.endswith("= 47{,}986{,}001") for text in latex)
    assert any(text.endswith(r"(2 \cdot 1 + 1)^2 = 9") for text in latex)
    assert any(r"\sum_{a=-\Delta}^{\Delta}" in text for text in latex)
    (_spec, bars), *_ = vega_charts(page)
    assert bars["count"].tolist() == [144e12, 144e12, 47_986_001, 9]
    assert bars["words"].tolist()[-1] == "9"


@pytest.mark.parametrize(("height", "width"), [(1, 1), (3, 4), (3000, 4000), (100_000, 100_000)])
def test_the_log_axis_labels_powers_of_ten_in_superscript(height, width):
    at = open_fc(query={"fc_height": str(height), "fc_width": str(width)})
    (spec, _), *_ = vega_charts(at)
    axis, scale = spec["encoding"]["y"]["axis"], spec["encoding"]["y"]["scale"]
    labels = dict(re.findall(r"datum\.value == (\d+) \? '(10[⁰¹²³⁴⁵⁶⁷⁸⁹]+)'", axis["labelExpr"]))
    assert [int(v) for v in labels] == axis["values"]
    powers = [round(math.log10(v)) for v in axis["values"]]
    assert axis["values"] == [10**p for p in powers]
    assert powers[0] == 0
    assert [labels[str(v)][2:].translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
            for v in axis["values"]] == [str(p) for p in powers]  # fmt: skip
    assert len(powers) <= 10
    assert axis["values"][-1] <= scale["domain"][1]
    assert scale["domain"][1] >= max((height * width) ** 2, 10)  # the tallest bar fits


def test_delta_and_a_small_image_change_the_counts():
    at = open_fc(query={"fc_height": "3", "fc_width": "4", "fc_delta": "2"})
    latex = _latex(at)
    assert any(text.endswith("= 144") for text in latex)  # (3·4)²
    assert any(text.endswith("= 35") for text in latex)  # 5 · 7
    # Δ = 2: a 5 × 5 window, and a 3-row image still has offsets −2..2 down.
    assert latex[-1] == r"(2\Delta + 1)^2 = (2 \cdot 2 + 1)^2 = 25"
    at.slider(key="fc_delta").set_value(4).run()
    assert _latex(at)[-1] == (
        r"\min(2\Delta + 1,\, 2h - 1) \cdot \min(2\Delta + 1,\, 2w - 1)"
        r" = \min(9, 5) \cdot \min(9, 7) = 35"
    )
    assert any("cut to the offsets" in c.value for c in at.caption)


def test_an_image_size_of_zero_is_a_message_and_the_rest_still_works():
    at = open_fc(query={"fc_height": "0"})
    assert not at.exception
    assert [e.value for e in at.error] == [
        "An image needs at least one row and one column of pixels: set the height and the "
        "width to 1 or more."
    ]
    assert any("Fix the image size" in info.value for info in at.info)
    assert any("W · vec(X) = vec(Y)" in s.value for s in at.success)  # later sections still run


def test_a_kernel_larger_than_the_image_is_a_message():
    at = open_fc(query={"fc_height": "2", "fc_width": "9", "fc_kernel": "5"})
    assert not at.exception
    assert "does not fit in a 2 × 9 image" in at.error[0].value
    assert not any("Fix the image size" in info.value for info in at.info)
    assert any(text.endswith("= 324") for text in _latex(at))  # the derivation: (2 · 9)²


def test_the_dense_matrix_of_the_books_example(page):
    W = _table(page, "W")  # named W, as on the lab's exercise
    # Blank where no weight can be; K's own weights (0, 1, 2, 3) where the window covers X.
    assert W.tolist()[0] == ["0", "1", "", "2", "3", "", "", "", ""]
    assert W.tolist()[3] == ["", "", "", "", "0", "1", "", "2", "3"]
    assert _table(page, "unvec(W·vec(X))").tolist() == [["19", "25"], ["37", "43"]]
    assert _table(page, "corr2d(X, K)").tolist() == [["19", "25"], ["37", "43"]]
    text = all_text(page)
    assert "only 16 of them (44.4 %) hold a weight of K" in text
    assert "up to 4 times" in text


@pytest.mark.parametrize(("rows", "cols", "padding", "stride"), [(4, 5, 1, 2), (6, 3, 2, 1)])
def test_the_matrix_agrees_with_conv_core_for_other_shapes(rows, cols, padding, stride):
    at = open_fc(
        query={
            "fc_x_rows": str(rows),
            "fc_x_cols": str(cols),
            "fc_padding": str(padding),
            "fc_stride": str(stride),
        },
    )
    assert not at.exception
    X_values = np.arange(rows * cols, dtype=float).reshape(rows, cols)
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    expected = conv_matrix(K, (rows, cols), padding=padding, stride=stride).numpy()
    shown = _table(at, "W")
    numbers = np.where(shown == "", "0", shown).astype(float)
    np.testing.assert_array_equal(numbers, expected)
    Y = numbers @ X_values.ravel()
    np.testing.assert_array_equal(_table(at, "corr2d(X, K)").astype(float).ravel(), Y)
    assert any("The two agree" in s.value for s in at.success)


def test_choosing_a_row_of_m_shows_its_window_on_x():
    at = open_fc()
    assert _window_on(at, "fc_dense_m") == (0, 0, 1, 9)
    assert _window_on(at, "fc_dense_x") == (0, 0, 2, 2)
    at.slider(key="fc_dense_row").set_value(3).run()
    assert _window_on(at, "fc_dense_m") == (3, 0, 1, 9)  # the row with weights in columns 4 5 7 8
    assert _window_on(at, "fc_dense_x") == (1, 1, 2, 2)  # pixels 4, 5, 7, 8 of X
    assert _window_on(at, "fc_dense_y") == (1, 1, 1, 1)
    assert "Row 3 of W makes output cell Y[1, 1]" in all_text(at)
    # With padding, the corner cell's window is clipped to the pixels that exist.
    at.number_input(key="fc_padding").set_value(1).run()
    at.slider(key="fc_dense_row").set_value(0).run()
    assert _window_on(at, "fc_dense_x") == (0, 0, 1, 1)
    # A smaller X has fewer rows of M: the choice falls back to the first row, no error.
    at.slider(key="fc_dense_row").set_value(15).run()
    at.number_input(key="fc_padding").set_value(0).run()
    assert not at.exception
    assert at.slider(key="fc_dense_row").value == 0
    assert not any("Session State" in w.value for w in at.warning)


def test_a_matrix_too_large_to_draw_is_described_not_drawn():
    at = open_fc(query={"fc_x_rows": "20", "fc_x_cols": "9"})
    assert not at.exception
    assert any("W is 152 × 180: too large to draw" in w.value for w in at.warning)
    assert not matrix_numbers(at, "M")
    assert any("The two agree" in s.value for s in at.success)


def test_equivariance_in_the_interior_and_at_the_border():
    at = open_fc()
    assert any("All 100 output cells are equal" in m.value for m in at.markdown)
    at.slider(key="fc_dy").set_value(-4).run()
    at.slider(key="fc_dx").set_value(5).run()
    assert not at.exception
    # The L's top two rows slid out: the independent check, cell by cell, says how many differ.
    difference = _table(at, "Bottom − top").astype(float)
    X = torch.zeros(10, 10)
    X[2:6, 2] = 1.0
    X[5, 2:5] = 1.0
    assert int((difference != 0).sum()) == 3
    assert any("97 of 100 output cells are equal" in m.value for m in at.markdown)
    region = equivariant_region((10, 10), (3, 3), -4, 5, padding=1).numpy()
    assert not np.any(difference[region])  # never a difference where it is guaranteed
    assert _table(at, "X, shifted").astype(float).tolist() == shift(X, -4, 5).tolist()


def test_a_shift_out_of_range_in_the_url_does_not_break_the_page():
    at = open_fc(query={"fc_dy": "99", "fc_x_rows": "-3", "fc_delta": "x"})
    assert not at.exception


def test_locality_shows_the_window_of_the_chosen_cell(page):
    assert "Y[5, 3] = 1×(-1) + 0×(-1) + 0×(-1) + 1×(-1) + 1×8" in page.code[0].value
    at = open_fc()
    at.slider(key="fc_i").set_value(0).run()
    at.slider(key="fc_j").set_value(0).run()
    # Cell (0, 0) of the padded picture: the window covers 5 padding zeros and 4 pixels.
    assert at.code[0].value.startswith("Y[0, 0] = 0×(-1) + 0×(-1) + 0×(-1) + 0×(-1) + 0×8")
    assert "used 9 of the 100 input pixels" in all_text(at)


def test_waldo_is_found_and_drawn_as_a_picture(page):
    # Lamp off: the plain score (a convolution) and NCC both find him where he stands.
    assert [s.value for s in page.success if "Waldo" in s.value] == [
        "Best score at (13, 25): that is where Waldo is."
    ] * 2
    scene = component_data(page, "fc_waldo_scene")
    assert scene["scale"]["kind"] == "grey"  # a picture: 0 black, 1 white
    assert scene["legend"]["text"] == "A picture, in grey: 0 black, 1 white."
    assert component_data(page, "fc_waldo_pattern")["scale"]["kind"] == "grey"
    assert component_data(page, "fc_waldo_plain")["scale"]["kind"] != "grey"  # numbers
    labels = [e.label for e in page.expander]
    assert any(label.startswith("**Going further: normalised") for label in labels)


def test_the_lamp_fools_the_plain_score_and_not_ncc():
    at = open_fc()
    at.toggle(key="fc_lamp").set_value(True).run()
    assert [s.value for s in at.success if "Waldo" in s.value] == [
        "Best score at (13, 25): that is where Waldo is."
    ]
    assert [w.value for w in at.warning] == [
        "Best score at (1, 1), but Waldo is at (13, 25): this score was fooled."
    ]
    # Both scores at both places, as conv_core computes them: the lamp is flat, so NCC is 0.
    scene = paste(crowd_scene(24, 36, seed=0), waldo_pattern(), 13, 25)
    plain = torch.tensor(
        [
            [float((scene[r : r + 9, c : c + 5] * waldo_pattern()).sum()) for c in range(32)]
            for r in range(16)
        ]
    )
    table = next(t.value for t in at.table if "Where Waldo is (13, 25)" in t.value.index)
    assert table.index.tolist() == [
        "Where Waldo is (13, 25)",
        "Where the plain score peaks (1, 1)",
    ]
    assert table.to_numpy().tolist() == [
        [f"{float(plain[13, 25]):.2f}", "1.000"],
        [f"{float(plain[1, 1]):.2f}", "0.000"],
    ]


def test_moving_waldo_and_switching_the_lamp_off():
    at = open_fc()
    at.slider(key="fc_waldo_top").set_value(2).run()
    at.slider(key="fc_waldo_left").set_value(30).run()
    at.toggle(key="fc_lamp").set_value(False).run()
    assert not at.exception
    scene = paste(crowd_scene(24, 36, seed=0, lamp=False), waldo_pattern(), 2, 30)
    assert best_match(match_template(scene, waldo_pattern())) == (2, 30)
    found = [s.value for s in at.success if "Waldo" in s.value]
    assert len(found) == 2  # without the lamp, both scores find him here
    assert all("(2, 30)" in message for message in found)


def test_hide_waldo_puts_him_somewhere_both_sliders_agree_with():
    at = open_fc()
    at.button(key="fc_hide").click().run()
    top, left = at.slider(key="fc_waldo_top").value, at.slider(key="fc_waldo_left").value
    assert any(f"({top}, {left}): that is where Waldo is" in s.value for s in at.success)


def test_classroom_mode_shows_fewer_controls():
    normal, classroom = open_fc(), open_fc(classroom=True)
    assert len(classroom.number_input) < len(normal.number_input)
    assert len(classroom.button) < len(normal.button)
    assert _metrics(classroom)[0] == "3.6 billion"
    # the chart's type grows with the page's, its labels kept whole
    (normal_spec, _), *_ = vega_charts(normal)
    (classroom_spec, _), *_ = vega_charts(classroom)
    sizes = [spec["config"]["axis"]["labelFontSize"] for spec in (normal_spec, classroom_spec)]
    assert sizes[0] < sizes[1]


@pytest.mark.parametrize(
    ("n", "en", "zh"),
    [
        (3_600_000_000, "3.6 billion", "36 亿"),
        (1_000_000_000, "1 billion", "10 亿"),
        (144_000_000_000_000, "144 trillion", "144 万亿"),
        (36_000_000, "36 million", "3600 万"),
        (12_345, "12.3 thousand", "1.23 万"),
        (999, "999", "999"),
    ],
)
def test_large_counts_in_words(n, en, zh):
    assert in_words(n, "en") == en
    assert in_words(n, "zh") == zh


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "The kernel (2×2) is larger than the padded input (1×3)"),
        ("zh", "2×2"),
    ],
)
def test_a_kernel_larger_than_x_in_the_dense_section_is_a_message(lang, expected):
    at = open_fc(query={"fc_x_rows": "1"}, lang=lang)
    assert not at.exception
    assert len(at.error) == 1
    assert expected in at.error[0].value
    if lang == "zh":
        assert "卷积核" in at.error[0].value
    assert len(figures(at)) > 10  # the sections after it still draw


def test_the_largest_image_the_calculator_takes_is_drawn_not_crashed():
    """100 000 × 100 000: (hw)² = 10²⁰ weights, beyond a 64-bit integer (the chart's JSON)."""
    at = open_fc(query={"fc_height": "100000", "fc_width": "100000"})
    assert not at.exception
    assert any("A 100,000 × 100,000 image has 10 billion pixels" in m.value for m in at.markdown)
