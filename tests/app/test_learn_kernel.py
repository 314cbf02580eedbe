"""The "Learn a kernel" page under AppTest: the book's numbers, live steps, divergence, URL."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from app_driver import all_text, open_page

from conv_core import LIVE_STEPS, LiveRun, RunConfig, edge_image, edge_kernel
from ui.learn_code import book_code, book_output
from ui.learning_charts import live_figure

PAGE = "lessons/learn_kernel.py"


def _steps(at) -> int:
    return int(at.metric[0].value.split("/")[0])  # "Steps taken", "已训练步数"


def _loss(at) -> float:
    return float(at.metric[1].value)


def _kernel_text(at) -> str:
    return next(c.value for c in at.code if c.value.startswith("K = "))


def _book_loop(seed: int, lr: float, steps: int) -> tuple[list[float], torch.Tensor]:
    """The book's loop with nn.Conv2d and a hand-written update, from the page's start."""
    X, K = edge_image(), edge_kernel()
    Y = F.conv2d(X[None, None], K[None, None])
    conv = torch.nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        conv.weight[:] = (torch.rand((1, 2), generator=generator) * 2 - 1) * (1 / math.sqrt(2))
    losses = []
    for _ in range(steps):
        loss = ((conv(X[None, None]) - Y) ** 2).sum()
        losses.append(loss.item())
        conv.zero_grad()
        loss.backward()
        conv.weight.data[:] -= lr * conv.weight.grad
    return losses, conv.weight.data.reshape(1, 2)


@pytest.fixture(scope="module")
def page():
    at = open_page(PAGE)
    assert not at.exception
    return at


def test_the_book_section_prints_what_its_code_prints(page):
    code, output = page.code[0].value, page.code[1].value
    assert "super" not in code or "super().__init__()" in code
    assert "nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)" in code
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert ran.stdout.rstrip("\n") == output.rstrip("\n")  # AppTest drops the last newline
    lines = output.splitlines()
    assert [line.split(",")[0] for line in lines[:5]] == [f"epoch {i}" for i in (2, 4, 6, 8, 10)]


@pytest.mark.parametrize("seed", [0, 1, 12345])
def test_the_printed_losses_and_kernel_are_the_books_loop(seed):
    from conv_core.learning import learn_kernel

    X, K = edge_image(), edge_kernel()
    records = list(learn_kernel(X, F.conv2d(X[None, None], K[None, None])[0, 0], (1, 2), seed=seed))
    losses, weight = _book_loop(seed, 3e-2, 10)
    expected = [f"epoch {i + 1}, loss {losses[i]:.3f}" for i in range(1, 10, 2)]
    printed = book_output(records).splitlines()
    assert printed[:5] == expected
    assert printed[5] == str(weight)
    # D2L §7.2.4: after 10 steps the kernel is close to [1, −1].
    torch.testing.assert_close(weight, torch.tensor([[1.0, -1.0]]), atol=0.15, rtol=0)


def test_another_seed_prints_other_numbers_and_still_ends_near_1_minus_1():
    at = open_page(PAGE)
    before = at.code[1].value
    at.number_input(key="lk_book_seed").set_value(7).run()
    assert not at.exception
    after = at.code[1].value
    assert after != before
    assert "manual_seed(7)" in at.code[0].value
    assert "manual_seed(7)" in book_code(7)
    w = [float(x) for x in after.splitlines()[-1].split("[[")[1].split("]]")[0].split(",")]
    assert w == pytest.approx([1.0, -1.0], abs=0.15)


def test_stepping_follows_a_hand_written_training_loop():
    at = open_page(PAGE)
    assert _steps(at) == 0
    losses, _ = _book_loop(0, 3e-2, 6)
    assert _loss(at) == pytest.approx(losses[0], rel=1e-3)
    for step in range(1, 4):
        at.button(key="lk_step").click().run()
        assert _steps(at) == step
        shown = _loss(at)
        assert shown == pytest.approx(losses[step], rel=1e-3)
    _, weight = _book_loop(0, 3e-2, 3)
    shown = [float(x) for x in _kernel_text(at).split("[[")[1].split("]]")[0].split(",")]
    assert shown == pytest.approx(weight.flatten().tolist(), abs=1e-4)
    at.button(key="lk_reset").click().run()
    assert _steps(at) == 0
    assert not at.exception


def test_play_runs_several_steps_and_pause_stops(page):
    at = open_page(PAGE)
    at.button(key="lk_play").click().run()
    assert at.session_state["lk_playing"]
    assert at.button(key="lk_play").label == "Pause"
    assert _steps(at) > 1
    at.button(key="lk_play").click().run()
    assert not at.session_state["lk_playing"]
    paused_at = _steps(at)
    at.run()
    assert _steps(at) == paused_at
    assert not at.exception


@pytest.mark.parametrize(("lang", "words"), [("en", "diverged"), ("zh", "发散")])
def test_a_huge_learning_rate_diverges_with_a_message_not_a_crash(lang, words):
    at = open_page(PAGE, query={"lr": "0.5"}, lang=lang)
    assert at.select_slider(key="lr").value == 0.5
    for _ in range(20):
        if at.button(key="lk_step").disabled:
            break
        at.button(key="lk_step").click().run()
    assert not at.exception
    assert at.button(key="lk_step").disabled
    assert any(words in e.value for e in at.error)
    assert any("0.0333" in i.value for i in at.info)  # the SGD limit for the book's input
    # The page keeps working: a smaller rate starts a new run that converges.
    at.select_slider(key="lr").set_value(0.03).run()
    assert not at.error
    assert _steps(at) == 0


def test_just_above_the_limit_diverges_and_just_below_converges():
    at = open_page(PAGE, query={"lr": "0.035"})  # the limit is 1/30 ≈ 0.0333
    at.button(key="lk_play").click().run()
    for _ in range(40):
        if not at.session_state["lk_playing"]:
            break
        at.run()
    assert any("diverged" in e.value for e in at.error)
    at = open_page(PAGE, query={"lr": "0.03"})
    at.button(key="lk_play").click().run()
    for _ in range(40):
        if not at.session_state["lk_playing"]:
            break
        at.run()
    assert not at.error
    assert any("Converged" in s.value for s in at.success)


def test_a_3x3_target_from_the_url_is_learned_from_the_picture():
    at = open_page(PAGE, query={"target": "sobel_x", "optimizer": "momentum", "seed": "3"})
    assert not at.exception
    assert at.selectbox(key="lk_target_en").value == "sobel_x"
    assert at.segmented_control(key="lk_optimizer_en").value == "momentum"
    assert at.number_input(key="seed").value == 3
    assert at.select_slider(key="lr").value == 0.002  # the picture's default, not the book's
    text = all_text(at)
    assert "Input X (picture, 16×16)" in text
    run = LiveRun(RunConfig("sobel_x", 2e-3, "momentum", 3))
    run.advance(2)
    at.button(key="lk_step").click().run()
    at.button(key="lk_step").click().run()
    assert _loss(at) == pytest.approx(run.loss, rel=1e-3)


def test_choosing_a_target_resets_the_learning_rate_and_goes_to_the_url():
    at = open_page(PAGE)
    at.selectbox(key="lk_target_en").set_value("box_blur").run()
    assert at.select_slider(key="lr").value == 0.002
    assert at.query_params["target"] == "box_blur"
    at.segmented_control(key="lk_optimizer_en").set_value("adam").run()
    assert at.query_params["optimizer"] == "adam"
    at.selectbox(key="lk_target_en").set_value("book_edge").run()
    assert at.select_slider(key="lr").value == 0.03
    assert "target" not in at.query_params
    assert not at.exception


def test_switching_the_language_keeps_the_chosen_target_and_optimizer():
    at = open_page(PAGE)
    at.selectbox(key="lk_target_en").set_value("d2l_edge").run()
    at.segmented_control(key="lk_optimizer_en").set_value("momentum").run()
    at.segmented_control(key="lang").set_value("zh").run()
    assert not at.exception
    assert at.selectbox(key="lk_target_zh").value == "d2l_edge"
    assert at.segmented_control(key="lk_optimizer_zh").value == "momentum"
    assert at.title[0].value == "学习卷积核"


def test_bad_values_in_the_url_fall_back_to_the_defaults():
    at = open_page(PAGE, query={"target": "<b>x</b>", "lr": "abc", "optimizer": "rmsprop"})
    assert not at.exception
    assert not at.error
    assert at.selectbox(key="lk_target_en").value == "book_edge"
    assert at.select_slider(key="lr").value == 0.03
    assert at.segmented_control(key="lk_optimizer_en").value == "sgd"


def test_classroom_mode_hides_the_seeds_and_the_speed():
    normal = open_page(PAGE)
    classroom = open_page(PAGE, classroom=True)
    assert len(classroom.number_input) < len(normal.number_input)
    assert len(classroom.select_slider) < len(normal.select_slider)
    assert not classroom.exception


def test_the_live_run_keeps_each_kernel_with_its_own_loss():
    run = LiveRun(RunConfig("book_edge", 3e-2, "sgd", 0))
    run.advance(15)
    X, K = edge_image(), edge_kernel()
    Y = F.conv2d(X[None, None], K[None, None])
    for weight, loss in zip(run.weights, run.losses, strict=True):
        direct = float(((F.conv2d(X[None, None], weight[None, None]) - Y) ** 2).sum())
        assert loss == pytest.approx(direct, rel=1e-4, abs=1e-6)
    assert run.steps_taken == 15
    assert run.status == "running"


def test_a_run_stops_when_it_converges_diverges_or_runs_out_of_steps():
    converged = LiveRun(RunConfig("book_edge", 3e-2, "sgd", 0))
    converged.advance(LIVE_STEPS)
    assert converged.status == "converged"
    assert converged.loss <= 1e-8
    stopped_at = converged.steps_taken
    converged.advance(5)
    assert converged.steps_taken == stopped_at
    diverged = LiveRun(RunConfig("book_edge", 1.0, "sgd", 0))
    diverged.advance(LIVE_STEPS)
    assert diverged.status == "diverged"
    assert diverged.loss > 1e6 * diverged.losses[0]
    slow = LiveRun(RunConfig("sobel_x", 1e-4, "sgd", 0))
    slow.advance(LIVE_STEPS + 10)
    assert slow.status == "finished"
    assert slow.steps_taken == LIVE_STEPS


def test_the_live_figure_draws_the_path_the_weights_took():
    run = LiveRun(RunConfig("book_edge", 3e-2, "sgd", 0))
    run.advance(4)
    weights = [w.flatten().tolist() for w in run.weights]
    w = np.linspace(-1, 1, 5)
    figure = live_figure(
        kernel=run.kernel.numpy(),
        steps=range(5),
        losses=run.losses,
        weights=weights,
        target=[1.0, -1.0],
        labels=["K[0, 0]", "K[0, 1]"],
        titles=dict.fromkeys(("kernel", "loss", "map", "weights"), "t"),
        font_size=15,
        surface=(w, w, np.ones((5, 5)), [1.0, -1.0]),
    )
    path = next(d for d in figure["data"] if d["type"] == "scatter" and d["xaxis"] == "x3")
    np.testing.assert_allclose(np.column_stack([path["x"], path["y"]]), weights)
    kernel = figure["data"][0]
    assert kernel["text"] == [[f"{v:.3f}" for v in run.kernel.flatten().tolist()]]
    assert figure["layout"]["yaxis1"]["autorange"] == "reversed"  # row 0 on top
