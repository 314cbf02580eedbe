"""The "Learn a kernel" page under AppTest: the book's numbers, live steps, divergence, URL."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from app_driver import all_text, open_page, player_data

from conv_core import RUN_STEPS, RunConfig, edge_image, edge_kernel, record_run
from ui.learn_code import book_code, book_output

PAGE = "lessons/learn_kernel.py"


def _run(at, key: str = "lk_player") -> dict:
    """What the player was given: every frame of the run, to be played in the browser."""
    return player_data(at, key)


def _panel(data: dict, kind: str) -> dict:
    return next(p for p in data["panels"] if p["type"] == kind)


def _losses(data: dict) -> list[float]:
    return next(p for p in data["panels"] if p["type"] == "lines" and p["log"])["series"][0][
        "values"
    ]


def _kernels(data: dict) -> list[list[float]]:
    return _panel(data, "heatmap")["values"]


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


def test_every_frame_follows_a_hand_written_training_loop(page):
    data = _run(page)
    losses, _ = _book_loop(0, 3e-2, 6)
    assert _losses(data)[:6] == pytest.approx(losses, rel=1e-3)
    for step in range(1, 4):
        _, weight = _book_loop(0, 3e-2, step)
        assert _kernels(data)[step] == pytest.approx(weight.flatten().tolist(), abs=1e-4)
    assert data["frames"] == len(_losses(data))
    assert not page.exception


def test_the_whole_run_is_sent_once_and_ends_as_the_book_says(page):
    data = _run(page)
    run = record_run(RunConfig("book_edge", 3e-2, "sgd", 0))
    assert data["frames"] == run.steps_taken + 1 < RUN_STEPS  # converged early
    assert data["notes"][0]["kind"] == "success"
    assert "Converged" in data["notes"][0]["text"]
    path = _panel(data, "surface")["paths"][0]["points"]
    np.testing.assert_allclose(path, run.weights, atol=1e-6)
    # the same numbers as a table, for screen readers and tests
    table = next(d.value for d in page.dataframe if "loss" in d.value.columns)
    assert len(table) == data["frames"]
    assert float(table["loss"][0]) == pytest.approx(run.losses[0], rel=1e-5)


@pytest.mark.parametrize(("lang", "words"), [("en", "diverged"), ("zh", "发散")])
def test_a_huge_learning_rate_diverges_with_a_message_not_a_crash(lang, words):
    at = open_page(PAGE, query={"lr": "0.5"}, lang=lang)
    assert at.select_slider(key="lr").value == 0.5
    assert not at.exception
    note = _run(at)["notes"][0]
    assert note["kind"] == "error"
    assert words in note["text"]
    assert "0.0333" in note["text"]  # the SGD limit for the book's input
    assert note["frame"] == _run(at)["frames"] - 1  # shown once the run gets there
    # The page keeps working: a smaller rate computes a new run that converges.
    at.select_slider(key="lr").set_value(0.03).run()
    assert _run(at)["notes"][0]["kind"] == "success"


def test_just_above_the_limit_diverges_and_just_below_converges():
    at = open_page(PAGE, query={"lr": "0.035"})  # the limit is 1/30 ≈ 0.0333
    assert "diverged" in _run(at)["notes"][0]["text"]
    at = open_page(PAGE, query={"lr": "0.03"})
    assert "Converged" in _run(at)["notes"][0]["text"]


def test_a_3x3_target_from_the_url_is_learned_from_the_picture():
    at = open_page(PAGE, query={"target": "sobel_x", "optimizer": "momentum", "seed": "3"})
    assert not at.exception
    assert at.selectbox(key="target").value == "sobel_x"
    assert at.segmented_control(key="optimizer").value == "momentum"
    assert at.number_input(key="seed").value == 3
    assert at.select_slider(key="lr").value == 0.002  # the picture's default, not the book's
    text = all_text(at)
    assert "Input X (picture, 16×16)" in text
    run = record_run(RunConfig("sobel_x", 2e-3, "momentum", 3))
    data = _run(at)
    assert _losses(data)[2] == pytest.approx(run.losses[2], rel=1e-3)
    assert len(_kernels(data)[2]) == 9
    output = [p for p in data["panels"] if p["type"] == "heatmap"][1]  # the learned output
    assert (output["rows"], output["cols"]) == (14, 14)


def test_runs_compared_on_one_surface_play_in_step_and_say_how_each_ended():
    # Going further, opened by the link; above SGD's limit: SGD diverges, Adam not.
    at = open_page(PAGE, query={"lr": "0.035", "lk_race": "true"})
    data = _run(at, "lk_compare_player")
    paths = _panel(data, "surface")["paths"]
    assert [p["name"] for p in paths] == ["SGD", "Momentum", "Adam"]
    runs = [
        record_run(RunConfig("book_edge", 0.035, name, 0)) for name in ("sgd", "momentum", "adam")
    ]
    assert data["frames"] == max(r.steps_taken for r in runs) + 1
    kinds = [note["kind"] for note in data["notes"]]
    assert kinds == ["error" if r.status == "diverged" else "success" if r.status == "converged"
                     else "info" for r in runs]  # fmt: skip
    assert kinds[0] == "error"  # SGD's divergence on its own line, not a crash
    assert data["notes"][0]["text"].startswith("SGD: ")
    at.segmented_control(key="lk_compare_by").set_value("learning_rates").run()
    names = [p["name"] for p in _panel(_run(at, "lk_compare_player"), "surface")["paths"]]
    assert names == ["lr 0.01", "lr 0.03", "lr 0.035"]
    at.multiselect(key="lk_compare_lrs").set_value([0.01]).run()
    assert any("at least two" in i.value for i in at.info)
    assert not at.exception


def test_choosing_a_target_resets_the_learning_rate_and_goes_to_the_url():
    at = open_page(PAGE)
    at.selectbox(key="target").set_value("box_blur").run()
    assert at.select_slider(key="lr").value == 0.002
    assert at.query_params["target"] == "box_blur"
    at.segmented_control(key="optimizer").set_value("adam").run()
    assert at.query_params["optimizer"] == "adam"
    at.selectbox(key="target").set_value("book_edge").run()
    assert at.select_slider(key="lr").value == 0.03
    assert "target" not in at.query_params
    assert not at.exception


def test_switching_the_language_keeps_the_chosen_target_and_optimizer():
    at = open_page(PAGE)
    at.selectbox(key="target").set_value("d2l_edge").run()
    at.segmented_control(key="optimizer").set_value("momentum").run()
    at.segmented_control(key="lang").set_value("zh").run()
    assert not at.exception
    assert at.selectbox(key="target").value == "d2l_edge"
    assert at.segmented_control(key="optimizer").value == "momentum"
    assert at.title[0].value == "学习卷积核"
    assert at.query_params["target"] == "d2l_edge"
    assert at.query_params["optimizer"] == "momentum"


def test_bad_values_in_the_url_fall_back_to_the_defaults():
    at = open_page(PAGE, query={"target": "<b>x</b>", "lr": "abc", "optimizer": "rmsprop"})
    assert not at.exception
    assert not at.error
    assert at.selectbox(key="target").value == "book_edge"
    assert at.select_slider(key="lr").value == 0.03
    assert at.segmented_control(key="optimizer").value == "sgd"


def test_classroom_mode_hides_the_seeds():
    normal = open_page(PAGE)
    classroom = open_page(PAGE, classroom=True)
    assert len(classroom.number_input) < len(normal.number_input)
    assert not classroom.exception


def test_the_books_run_is_computed_once_per_server_and_seed(monkeypatch):
    from lessons.learn_kernel_sections import book

    calls = []
    real = book.learn_kernel

    def counting(*args, **options):
        calls.append(options["seed"])
        return real(*args, **options)

    monkeypatch.setattr(book, "learn_kernel", counting)
    book.book_records.clear()
    first, second = open_page(PAGE), open_page(PAGE)
    assert not first.exception
    assert not second.exception
    assert calls == [0]
    assert [c.value for c in first.code] == [c.value for c in second.code]
    second.number_input(key="lk_book_seed").set_value(3).run()
    assert calls == [0, 3]
