"""ui.edge_code: the book's lines for each case run, and print the Y the page shows."""

from __future__ import annotations

import pytest
import torch

from conv_core import EDGE_IMAGES, EDGE_KERNELS, edge_experiment
from ui.code_panel import book_corr2d
from ui.edge_code import edge_code


@pytest.mark.parametrize("image", EDGE_IMAGES)
@pytest.mark.parametrize("kernel", EDGE_KERNELS)
def test_the_code_of_every_case_computes_the_y_it_prints(image, kernel):
    case = edge_experiment(image, kernel)
    code = edge_code(image, kernel, case.Y)
    lines = code.splitlines()
    printed = [line.removeprefix("# ") for line in lines if line.startswith("# ")]
    program = [line for line in lines if not line.startswith("# ")]
    assert program[-2:] == ["Y = corr2d(X, K)", "Y"]
    scope: dict = {"torch": torch}
    exec(
        book_corr2d("en") + "\n" + "\n".join(program[:-1]), scope
    )  # the book's loop, not conv_core
    torch.testing.assert_close(scope["X"], case.X)
    torch.testing.assert_close(scope["K"], case.K)
    torch.testing.assert_close(scope["Y"], case.Y)
    assert "\n".join(printed) == repr(scope["Y"])
