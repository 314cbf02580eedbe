"""The chapter's exercises (D2L 7.2) under AppTest, on the pages they belong to: 1 and 2 on the
edge page, 3 on the learn page, 4 in the lab. Each is checked against conv_core's own
computation and its worked values, in both languages, with bad links."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from app_driver import LAB, all_text, component_data, matrix_numbers, open_page

from conv_core import (
    BookConv2D,
    blur_kernel,
    conv_matrix,
    corr2d,
    derivative_kernel,
    diagonal_case,
    direction,
    direction_kernel,
    edge_image,
    edge_kernel,
    format_number,
    try_layer,
)

EDGE = "lessons/edge_detection.py"
LEARN = "lessons/learn_kernel.py"


def _table(at, name: str) -> np.ndarray:
    """The numbers of the heatmap called `name`, from the table in its expander (the last one
    of that name: the exercises come after the book's X, K and Y on the edge page)."""
    return np.array(matrix_numbers(at, name)[-1], dtype=object)


def _captions(at) -> list[str]:
    return [caption for image in at.get("image") for caption in image.captions]


def _numbers(at, name: str) -> np.ndarray:
    return _table(at, name).astype(float)


def _exercise(name: str, query: dict[str, str] | None = None, **options):
    at = open_page(EDGE, query={"edge_exercise": name, **(query or {})}, **options)
    assert not at.exception
    return at


def _reveal(at, guess: str | None):
    if guess is not None:
        at.radio(key="edge_ex1_guess").set_value(guess)
    at.button(key="edge_ex1_check").click().run()
    assert not at.exception
    return at


# ------------------------------------------------------------------------------ exercise 1


def test_exercise_1_hides_y_until_the_student_has_predicted():
    at = _exercise("diagonal")
    assert "Exercise 1 (D2L 7.2, English edition)" in all_text(at)
    np.testing.assert_array_equal(_numbers(at, "X"), diagonal_case("k").X.numpy())
    hidden = _table(at, "Y")
    assert hidden.shape == (6, 7)
    assert set(hidden.flatten()) == {""}  # nothing given away, not even in the table
    assert component_data(at, "edge_ex1_y_hidden")["legend"] is None  # nor by a scale's ends
    assert component_data(at, "edge_ex1_x")["legend"]["text"] == (
        "A picture, in grey: 0 black, 1 white."
    )
    _reveal(at, None)
    assert any("Choose what you expect first" in w.value for w in at.warning)
    assert set(_table(at, "Y").flatten()) == {""}


@pytest.mark.parametrize(
    ("case", "right", "wrong"),
    [("k", "ones", "none"), ("x_t", "minus_ones", "ones"), ("k_t", "minus_ones", "both")],
)
def test_exercise_1_reveals_y_and_scores_the_prediction(case, right, wrong):
    at = _exercise("diagonal")
    at.segmented_control(key="edge_ex1_case").set_value(case).run()
    _reveal(at, right)
    found = diagonal_case(case)
    np.testing.assert_array_equal(_numbers(at, "Y"), corr2d(found.X, found.K).numpy())
    assert any(s.value.startswith("Right:") for s in at.success)
    assert at.metric[0].value == "1 / 1"
    at.button(key="edge_ex1_again").click().run()  # hide it again, and guess wrong this time
    assert set(_table(at, "Y").flatten()) == {""}
    _reveal(at, wrong)
    assert any(w.value.startswith("Not quite") for w in at.warning)
    assert at.metric[0].value == "0 / 1"  # the last guess for a case is the one that counts


def test_exercise_1_in_chinese():
    at = _exercise("diagonal", lang="zh")
    _reveal(at, "ones")
    text = all_text(at)
    assert "练习 1（中文版 6.2 节）" in text
    assert "答对了" in text


# ----------------------------------------------------------------------------- exercise 2a


@pytest.mark.parametrize(
    ("angle", "parts", "v", "along"),
    [("0", "sobel", "(1, 0)", "(0, -1)"), ("90", "central", "(0, 1)", "(1, 0)"),
     ("-135", "sobel", "(-0.707, -0.707)", "(-0.707, 0.707)")],
)  # fmt: skip
def test_exercise_2a_builds_the_kernel_of_the_direction_in_the_link(angle, parts, v, along):
    at = _exercise("direction", {"edge_angle": angle, "edge_parts": parts})
    expected = direction_kernel(direction(int(angle)), parts=parts)
    np.testing.assert_allclose(_numbers(at, "K"), expected.numpy(), atol=5e-5)
    text = all_text(at)
    assert f"so v = {v}." in text
    assert f"edges that run along {along}." in text  # (v2, −v1)
    assert "Output (0 is mid-grey, positive lighter, negative darker)" in _captions(at)


def test_exercise_2a_a_bad_angle_in_the_link_is_a_message_and_the_default_is_used():
    at = _exercise("direction", {"edge_angle": "north"})
    assert any("edge_angle" in w.value for w in at.warning)
    assert at.slider(key="edge_angle").value == 45
    at = _exercise("direction", {"edge_angle": "720"})
    assert at.slider(key="edge_angle").value == 180


def test_exercise_2a_turning_v_by_180_degrees_flips_every_sign():
    at = _exercise("direction", {"edge_angle": "30"})
    K = _numbers(at, "K")
    at.slider(key="edge_angle").set_value(-150).run()
    np.testing.assert_allclose(_numbers(at, "K"), -K, atol=2e-4)


# ------------------------------------------------------------------------- exercises 2b, 2d


@pytest.mark.parametrize("order", [1, 2, 4, 6])
def test_exercise_2d_the_order_d_kernel_and_its_constant(order):
    at = _exercise("derivative", {"edge_order": str(order)})
    K = _numbers(at, "K")
    np.testing.assert_array_equal(K, derivative_kernel(order).numpy())
    assert K.shape == (1, order + 1)
    assert f"**d + 1 = {order + 1}** weights" in all_text(at)
    constant = math.factorial(order)  # h = 1, leading coefficient 1
    assert any(f"= {constant} (the leading" in s.value for s in at.success)
    at.select_slider(key="edge_h").set_value(0.5).run()
    halved = constant * 0.5**order
    assert any(f"{halved:g} (the leading" in s.value for s in at.success)
    assert ("Exercise 2b" in all_text(at)) == (order == 2)  # [1, −2, 1] and what it finds


def test_exercise_2d_an_order_out_of_range_is_clamped_with_a_message():
    at = _exercise("derivative", {"edge_order": "0"})
    assert any("edge_order" in w.value for w in at.warning)
    np.testing.assert_array_equal(_numbers(at, "K"), [[-1.0, 1.0]])


# ----------------------------------------------------------------------------- exercise 2c


def test_exercise_2c_a_box_blur_and_a_gaussian_sum_to_one():
    at = _exercise("blur", {"edge_blur": "box", "edge_blur_radius": "1"})
    np.testing.assert_allclose(_numbers(at, "K"), np.full((3, 3), 1 / 9), atol=5e-5)
    assert any("sum to 1" in s.value for s in at.success)
    at.segmented_control(key="edge_blur").set_value("gaussian").run()
    at.slider(key="edge_blur_sigma").set_value(1.0).run()
    np.testing.assert_allclose(
        _numbers(at, "K"), blur_kernel("gaussian", 1, 1.0).numpy(), atol=5e-5
    )
    assert "Output (as it is)" in _captions(at)


def test_exercise_2c_radius_out_of_range_in_the_link():
    at = _exercise("blur", {"edge_blur_radius": "99", "edge_blur": "median"})
    text = " ".join(w.value for w in at.warning)
    assert "edge_blur_radius" in text
    assert "edge_blur" in text
    assert at.slider(key="edge_blur_radius").value == 7
    assert at.segmented_control(key="edge_blur").value == "gaussian"


def test_the_chinese_editions_integral_kernel_is_a_running_sum():
    at = _exercise("integral")
    assert "The Chinese edition's exercise 4 (2) (D2L zh 6.2)" in all_text(at)
    f = _numbers(at, "f, sampled every h = 1")[0]
    assert f.tolist() == [0, 0, 1, 1, 1, 1, 0, 0, 0, 0]  # a box
    assert _numbers(at, "K = [h, …, h]: 10 weights of 1")[0].tolist() == [1] * 10
    Y = _numbers(at, "Y = corr1d(f, K), with zeros padded on the left")[0]
    np.testing.assert_array_equal(Y, np.cumsum(f))  # the running integral: a ramp, then flat
    assert Y.tolist() == [0, 0, 1, 2, 3, 4, 4, 4, 4, 4]
    assert any("The first difference of Y is h·f" in s.value for s in at.success)
    # A shorter kernel sums a window: the moving sum, NumPy's convolution with ones.
    at.slider(key="edge_int_n").set_value(3).run()
    Y = _numbers(at, "Y = corr1d(f, K), with zeros padded on the left")[0]
    np.testing.assert_array_equal(Y, np.convolve(f, np.ones(3))[:10])
    assert any("a moving sum" in i.value for i in at.info)
    # h = 0.5 halves every sum of a ramp: h·(0 + 1 + … + i), the triangular numbers.
    at.slider(key="edge_int_n").set_value(10).run()
    at.segmented_control(key="edge_int_signal").set_value("ramp").run()
    at.select_slider(key="edge_int_h").set_value(0.5).run()
    Y = _numbers(at, "Y = corr1d(f, K), with zeros padded on the left")[0]
    np.testing.assert_array_equal(Y, 0.5 * np.cumsum(np.arange(10.0)))
    assert not at.exception


def test_the_integral_in_chinese_is_exercise_4_question_2():
    at = _exercise("integral", lang="zh")
    assert "练习 4 第 2 问（中文版 6.2 节）：积分的卷积核" in all_text(at)
    assert any("一阶差分" in s.value for s in at.success)


def test_the_exercises_in_chinese_and_in_classroom_mode():
    for name in ("direction", "derivative", "blur"):
        at = _exercise(name, lang="zh", classroom=True)
        assert not at.error
        # The Chinese edition numbers its exercises differently and has no direction or blur one.
        assert ("练习 4" if name == "derivative" else "拓展") in all_text(at)


# ------------------------------------------------------------------------------ exercise 3


def test_exercise_3_is_answered_first_with_the_books_conv2d_and_its_gradient():
    at = open_page(LEARN)
    assert not at.exception
    assert "Exercise 3 (D2L 7.2, English edition)" in all_text(at)
    codes = [c.value for c in at.code]
    # The book's class and its corr2d loop, under the book's names, is the first one shown.
    book = next(c for c in codes if "class Conv2D(nn.Module):" in c)
    assert "super().__init__()" in book
    assert "Y[i, j] = " in book
    assert "corr2d_book" not in book
    assert any("It trained" in s.value for s in at.success)
    # The gradient autograd found at the first step, as conv_core computes it.
    trial = try_layer(BookConv2D)
    gradient = next(m.value for m in at.markdown if m.value.startswith("The gradient exists"))
    for value in (*trial.weight_grad.flatten().tolist(), *trial.bias_grad.tolist()):
        assert format_number(round(value, 3)) in gradient
    # The same gradient by hand: d/dK of Σ (corr2d(X, K) + b − Y)² at the seed's start.
    torch.manual_seed(0)
    K, b = torch.rand((1, 2)), torch.zeros(1)
    X = edge_image()
    residual = corr2d(X, K) + b - corr2d(X, edge_kernel())
    by_hand = [float(2 * (residual * X[:, c : c + 7]).sum()) for c in range(2)]
    np.testing.assert_allclose(trial.weight_grad.flatten().tolist(), by_hand, rtol=1e-5)
    assert float(trial.bias_grad) == pytest.approx(float(2 * residual.sum()), rel=1e-5)


def test_exercise_3_the_notes_conv2d_fails_with_torchs_own_message():
    at = open_page(LEARN)
    assert "The study note's Conv2D: two slips" in all_text(at)
    codes = [c.value for c in at.code]
    assert any("def forward(Self, x):" in c and "super()" not in c for c in codes)
    # shown under the note's own name for it, without our docstring
    note = next(c for c in codes if "def forward(Self, x):" in c)
    assert note.startswith("class Conv2D(nn.Module):")
    assert '"""' not in note
    assert "AttributeError: cannot assign parameters before Module.__init__() call" in codes
    assert any("Building the layer failed" in w.value for w in at.warning)


def test_exercise_3_with_init_added_the_call_fails_on_self():
    at = open_page(LEARN)
    at.segmented_control(key="lk_ex3_layer").set_value("with_init").run()
    assert "NameError: name 'self' is not defined" in [c.value for c in at.code]


def test_exercise_3_in_chinese_the_books_conv2d_trains():
    at = open_page(LEARN, lang="zh")
    assert not at.exception
    assert "练习 2（中文版 6.2 节）" in all_text(at)
    assert any("训练成功" in s.value for s in at.success)
    assert any(m.value.startswith("梯度确实存在") for m in at.markdown)
    losses = next(c.value for c in at.code if c.value.startswith(" 1  "))
    values = [float(line.split()[1]) for line in losses.splitlines()]
    assert len(values) == 10
    assert values == sorted(values, reverse=True)


# ------------------------------------------------------------------------------ exercise 4


def _open_matrix_product(at):
    at.session_state["lab_ex4"] = True  # the expander runs its content only when open
    at.run()
    assert not at.exception
    return at


def test_exercise_4_is_closed_and_costs_nothing_until_opened(lab):
    assert "Exercise 4 (D2L 7.2, English edition)" in all_text(lab)
    assert not matrix_numbers(lab, "W")


def test_exercise_4_the_books_example_as_a_matrix_product(lab):
    at = _open_matrix_product(lab)
    table = _table(at, "W")  # its fixed zeros are left blank
    X = torch.tensor([[0.0, 1, 2], [3, 4, 5], [6, 7, 8]])
    K = torch.tensor([[0.0, 1], [2, 3]])
    expected = conv_matrix(K, X.shape)
    W = np.where(table == "", "0", table).astype(float)
    np.testing.assert_array_equal(W, expected.numpy())
    np.testing.assert_array_equal(_numbers(at, "vec(X)ᵀ"), X.flatten()[None].numpy())
    np.testing.assert_array_equal(_numbers(at, "(W·vec(X))ᵀ"), [[19.0, 25.0, 37.0, 43.0]])
    np.testing.assert_array_equal(_numbers(at, "unvec(W·vec(X))"), [[19.0, 25.0], [37.0, 43.0]])
    assert any("It is the lab's Y" in s.value for s in at.success)
    assert any(link.proto.page.endswith("fc_to_conv") for link in at.get("page_link"))


def test_exercise_4_follows_the_labs_padding_and_stride():
    at = _open_matrix_product(open_page(LAB, query={"padding": "1", "stride": "2"}))
    X = torch.tensor([[0.0, 1, 2], [3, 4, 5], [6, 7, 8]])
    K = torch.tensor([[0.0, 1], [2, 3]])
    Y = corr2d(X, K, padding=1, stride=2)
    np.testing.assert_array_equal(_numbers(at, "unvec(W·vec(X))"), Y.numpy())
    assert _table(at, "W").shape == (Y.numel(), 9)


def test_exercise_4_too_large_a_w_is_described_and_still_checked():
    X = ";".join(",".join(str((r + c) % 5) for c in range(16)) for r in range(16))
    at = _open_matrix_product(open_page(LAB, query={"X": X}, lang="zh"))
    assert any("W 是 225 × 256" in w.value for w in at.warning)
    assert not matrix_numbers(at, "W")
    assert any("这正是上面的 Y" in s.value for s in at.success)


def test_exercise_4_with_a_kernel_that_does_not_fit_is_a_message():
    at = _open_matrix_product(open_page(LAB, query={"K": "1,2,3,4"}))  # 1×4 on a 3×3 X
    assert not at.exception
    assert at.error  # the lab's own message; exercise 4 draws nothing
    assert not matrix_numbers(at, "W")
