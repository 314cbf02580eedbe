"""The padding and stride lesson under AppTest: on its own file (its sections), and in the
dashboard (its place in the lesson, its link)."""

from __future__ import annotations

import pytest
from app_driver import ROOT, TIMEOUT, all_text
from streamlit.testing.v1 import AppTest

from conv_core import BOOK_SHAPES, size_settings


def patch_language(lang: str):
    """ui.i18n's language for a call made outside a page's run."""
    from unittest import mock

    return mock.patch("ui.i18n.current_language", return_value=lang)


PAGE = str(ROOT / "lessons" / "padding_stride.py")
PAGE_PATH = "lessons/padding_stride.py"


def open_lesson(lang: str = "en", classroom: bool = False) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    at.session_state["classroom"] = classroom
    at.run()
    assert not at.exception
    return at


def shape_heading(at: AppTest) -> str:
    return at.subheader[0].value


def set_settings(at: AppTest, **values: int) -> AppTest:
    for key, value in values.items():
        at.number_input(key=f"ps_{key}").set_value(value)
    at.run()
    assert not at.exception
    return at


def puzzle_button(at: AppTest, index: int):
    return [button for button in at.button if button.label == "Check"][index]


def test_the_page_opens_with_the_formula_filled_in():
    at = open_lesson()
    assert at.title[0].value == "Padding and stride"
    assert shape_heading(at) == "Output shape: 6 × 6"
    latex = [element.value for element in at.latex]
    assert any(r"\frac{8 + 2 \cdot 0 - 3}{1}" in line and "= 6\n$$" in line for line in latex)
    # The use counts without padding: the corner once, the middle 3·3 times.
    text = all_text(at)
    assert "The corner is used 1 time(s), the most-used pixel 9 time(s) (k_h · k_w = 9)." in text
    assert "never used" not in text
    assert "none is in all" not in text


@pytest.mark.parametrize("name", BOOK_SHAPES)
def test_the_books_presets_give_the_books_shapes(name):
    at = open_lesson()
    at.button(key=f"ps_preset_{name}").click().run()
    assert not at.exception
    example = BOOK_SHAPES[name]
    assert (
        shape_heading(at) == f"Output shape: {example.output_shape[0]} × {example.output_shape[1]}"
    )
    assert at.number_input(key="ps_kh").value == example.kernel_shape[0]
    assert at.number_input(key="ps_pw").value == example.padding[1]
    assert at.number_input(key="ps_sw").value == example.stride[1]
    # The book's convention: its p is twice ours, and its formula gives the same size.
    book_ph = 2 * example.padding[0]
    assert any(f"+ {book_ph} + {example.stride[0]}" in element.value for element in at.latex)


def test_the_last_book_example_leaves_rows_unused_and_walks_four_windows():
    at = open_lesson()
    at.button(key="ps_preset_kernel_3x5_stride_3x4").click().run()
    text = all_text(at)
    # On 8 columns no pixel is 4 columns from both borders: none is in all 3 · 5 windows.
    assert "the most-used pixel 12 time(s) (k_h · k_w = 15)" in text
    assert "none is in all k_h · k_w windows" in text
    # Windows at rows 0–2 and 3–5: rows 6 and 7 (16 pixels) are never read.
    assert "16 pixel(s) are never used" in text
    at.slider(key="ps_window").set_value(4).run()
    assert not at.exception
    assert (
        "Window 4 of 4 makes output cell (1, 1): it covers rows 3 to 5 and columns 4 to 8 "
        "of the padded input." in all_text(at)
    )


def test_each_axis_is_set_on_its_own():
    at = set_settings(open_lesson(), h=7, w=10, kh=5, kw=3, ph=2, pw=0, sh=1, sw=3)
    # h: ⌊(7 + 4 − 5)/1⌋ + 1 = 7; w: ⌊(10 + 0 − 3)/3⌋ + 1 = 3.
    assert shape_heading(at) == "Output shape: 7 × 3"


def test_a_kernel_larger_than_the_padded_input_is_a_message():
    at = set_settings(open_lesson(), h=2, kh=5, ph=1)
    assert not at.subheader or "Output shape" not in shape_heading(at)
    assert any("larger than the padded input" in element.value for element in at.error)
    # The puzzles still work below the message.
    assert [header.value for header in at.header] == ["Shape puzzles"]


def test_a_window_slider_left_past_the_end_starts_again():
    at = open_lesson()
    at.slider(key="ps_window").set_value(36).run()  # the last of 6 × 6 windows
    at = set_settings(at, sh=4, sw=4)  # now 2 × 2 windows
    assert at.slider(key="ps_window").value == 1
    assert "Window 1 of 4 makes output cell (0, 0)" in all_text(at)


def test_a_shape_puzzle_right_wrong_and_empty():
    at = open_lesson()
    puzzle_button(at, 0).click().run()
    assert at.warning[0].value == "Enter both numbers first."
    at.number_input(key="ps_puzzle_book_last_a").set_value(2)
    at.number_input(key="ps_puzzle_book_last_b").set_value(3)
    puzzle_button(at, 0).click().run()
    assert at.error[0].value.startswith("Not quite.")
    at.number_input(key="ps_puzzle_book_last_b").set_value(2)
    puzzle_button(at, 0).click().run()
    assert at.success[0].value == "Right."
    # The verdict stays with the session across other reruns.
    set_settings(at, h=9)
    assert at.success[0].value == "Right."
    assert "Right so far: 1 of 5." in all_text(at)


def test_a_settings_puzzle_accepts_any_right_pair():
    assert size_settings(224, 3, 112) == ((1, 2),)
    at = open_lesson()
    at.number_input(key="ps_puzzle_halve_a").set_value(0)
    at.number_input(key="ps_puzzle_halve_b").set_value(2)
    puzzle_button(at, 3).click().run()
    assert at.error[0].value == "Not quite: with these, the output is 111 long. Try again."
    at.number_input(key="ps_puzzle_halve_a").set_value(1)
    puzzle_button(at, 3).click().run()
    assert at.success[0].value == "Right."
    assert "Any of: p = 1, s = 2" in all_text(at)


def test_in_chinese_with_the_books_title():
    at = open_lesson("zh")
    assert at.title[0].value == "填充和步幅"
    assert shape_heading(at) == "输出形状：6 × 6"
    assert "⟦missing" not in all_text(at)


def test_classroom_mode():
    at = open_lesson(classroom=True)
    assert shape_heading(at) == "Output shape: 6 × 6"
    assert "⟦missing" not in all_text(at)


# ---------------------------------------------------------------- in the dashboard


def test_the_page_comes_right_after_the_lab_and_on_the_homes_map():
    from app_driver import open_page

    from ui.shell import LESSON

    slugs = [page.slug for page in LESSON]
    assert slugs.index("padding_stride") == slugs.index("cross_correlation") + 1
    home = open_page()
    labels = [link.label for link in home.get("page_link")]
    assert "3. Padding and stride" in labels
    assert "3. 填充和步幅" in [link.label for link in open_page(lang="zh").get("page_link")]


def test_a_link_opens_the_settings_it_holds_and_the_page_keeps_them():
    from app_driver import open_page

    link = {"ps_kh": "5", "ps_kw": "3", "ps_ph": "2", "ps_pw": "1", "ps_sh": "3", "ps_sw": "2"}
    at = open_page(PAGE_PATH, query=link)
    assert not at.exception
    # h: ⌊(8 + 4 − 5)/3⌋ + 1 = 3; w: ⌊(8 + 2 − 3)/2⌋ + 1 = 4.
    assert "Output shape: 3 × 4" in all_text(at)
    at.number_input(key="ps_sw").set_value(1).run()
    assert at.query_params["ps_kh"] == "5"
    assert "ps_sw" not in at.query_params  # back at its default: left out of the link
    at.slider(key="ps_window").set_value(3).run()
    assert "ps_window" in at.query_params


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "The stride must be at least 1; it is 0."),
        ("zh", "步幅至少为 1，当前为 0。"),
    ],
)
def test_a_stride_of_0_from_a_link_is_a_message_not_a_traceback(lang, message):
    from app_driver import open_page

    at = open_page(PAGE_PATH, query={"ps_sw": "0"}, lang=lang)
    assert not at.exception
    assert any(element.value.startswith(message) for element in at.error)
    assert "Output shape" not in all_text(at)
    assert len([button for button in at.button if button.label in ("Check", "检查")]) == 5


def test_a_padding_that_leaves_no_output_and_bad_numbers_in_a_link_are_messages():
    from app_driver import open_page

    query = {"ps_h": "2", "ps_w": "abc", "ps_kh": "9", "ps_ph": "99", "ps_sh": "1.5"}
    at = open_page(PAGE_PATH, query=query)
    assert not at.exception
    # ps_ph is clamped to 8: 2 + 16 ≥ 9 fits; ps_w and ps_sh fall back to their defaults.
    assert at.number_input(key="ps_ph").value == 8
    assert at.number_input(key="ps_w").value == 8
    assert at.number_input(key="ps_sh").value == 1
    warning = at.warning[0].value
    for name in ("ps_w", "ps_ph", "ps_sh"):
        assert f"`{name}`" in warning
    at.number_input(key="ps_ph").set_value(0).run()  # a 9-row kernel on 2 rows
    assert any("larger than the padded input" in element.value for element in at.error)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_conv_cores_new_refusals_are_said_in_the_students_language(lang):
    """The codes of this issue's conv_core functions, through ui.i18n.error_text."""
    import torch

    from conv_core import (
        ConvInputError,
        effective_field,
        inductive_bias_experiment,
        locally_connected2d,
        per_side_padding,
    )
    from ui.i18n import catalog, error_text

    refusals = [
        lambda: locally_connected2d(torch.ones(4, 4), torch.ones(3, 3, 3, 3)),
        lambda: per_side_padding(3),
        lambda: inductive_bias_experiment(size=9),
        lambda: inductive_bias_experiment(steps=1000),
        lambda: inductive_bias_experiment(noise=5.0),
        lambda: effective_field([(3, 1, 1, 0)], 0, 0, input_shape=(5, 5), kernels="gauss"),
    ]
    codes = []
    for refuse in refusals:
        with pytest.raises(ConvInputError) as caught:
            refuse()
        codes.append(caught.value.code)
        key = f"errors.{caught.value.code}"
        assert key in catalog(lang)
        with patch_language(lang):
            text = error_text(caught.value)
        assert text != str(caught.value) or lang == "en"
        assert "{" not in text
    assert codes == ["weight_shape", "odd_total_padding", "size", "too_large", "out_of_range",
                     "kernels"]  # fmt: skip
