"""Page 1's "Remove a principle" and "The inductive bias, measured" under AppTest: the weight
counts, the drawn matrices against F.conv2d and a loop, the shift test, the experiment's
numbers against conv_core's, seeds and bad links."""

from __future__ import annotations

import re

import pytest
import torch
import torch.nn.functional as F
from app_driver import all_text, component_data, open_page

from conv_core import (
    BIAS_PATTERN,
    equivariance_check,
    inductive_bias_experiment,
    locally_connected2d,
    locally_connected_index,
    locally_connected_shift_check,
    weight_index,
    weights_by_principle,
)
from ui.i18n import catalog

PAGE = "lessons/fc_to_conv.py"
EN = catalog("en")


def _numbers(at, key: str) -> list[list[str]]:
    """A drawn matrix's numbers as its cells' hover titles give them ('[r, c] = v')."""
    cells = component_data(at, key)["cells"]
    return [[cell[3].split(" = ", 1)[1] for cell in row] for row in cells]


def _tensor(rows: list[list[str]]) -> torch.Tensor:
    return torch.tensor([[float(v) for v in row] for row in rows])


def _plus(n: int) -> torch.Tensor:
    X = torch.zeros(n, n)
    X[:3, :3] = BIAS_PATTERN[:n, :n]
    return X


def open_principles(query: dict[str, str] | None = None, **kwargs):
    at = open_page(PAGE, query={"fc_principles": "true", **(query or {})}, **kwargs)
    assert not at.exception
    return at


@pytest.fixture(scope="module")
def principles():
    return open_principles()


def _counts_table(at):
    for table in at.table:
        if "Locally connected" in list(table.value.index):
            return table.value
    raise LookupError("the weight counts")


def test_the_weight_counts_are_conv_cores_with_the_arithmetic(principles):
    # The default: a 4 × 4 input and 2 × 2 windows (small enough for M's numbers to show).
    assert weights_by_principle(4, 4, 2, 2) == (144, 36, 4)
    table = _counts_table(principles)
    assert list(table.index) == ["Fully connected", "Locally connected", "Convolution"]
    weights = table.iloc[:, 1].tolist()
    assert weights == ["(4·4) · (3·3) = 144", "(3·3) · (2·2) = 36", "2·2 = 4"]
    text = all_text(principles)
    assert "divides the weights by 9; locality had already divided them by 4." in text


def _matrix(at, name: str) -> torch.Tensor:
    return _tensor(_numbers(at, f"fc_pr_m_{name}"))


def _kernel_from(M: torch.Tensor) -> torch.Tensor:
    """K, read from the convolution's matrix where conv_core's weight_index says it is."""
    index = weight_index((4, 4), (2, 2))
    K = torch.full((4,), float("nan"))
    K[index[0][index[0] >= 0]] = M[0][index[0] >= 0]
    return K.reshape(2, 2)


def _local_weights_from(M: torch.Tensor) -> torch.Tensor:
    """W, read from the locally connected layer's matrix: row (i, j) holds W[i, j] on the
    window at (i, j)."""
    return torch.stack(
        [M[row].reshape(4, 4)[row // 3 : row // 3 + 2, row % 3 : row % 3 + 2] for row in range(9)]
    ).reshape(3, 3, 2, 2)


def test_the_matrices_are_the_layers_and_only_the_convolution_ties_weights(principles):
    X = _plus(4)
    for name in ("dense", "local", "conv"):
        M = _matrix(principles, name)
        Y = _tensor(_numbers(principles, f"fc_pr_y_{name}"))
        assert M.shape == (9, 16)
        torch.testing.assert_close((M @ X.flatten()).reshape(3, 3), Y, atol=1e-3, rtol=0)
    # Every row of the convolution's matrix holds the one kernel (tied weights), and F.conv2d
    # with it gives the Y drawn.
    M = _matrix(principles, "conv")
    K = _kernel_from(M)
    index = weight_index((4, 4), (2, 2))
    torch.testing.assert_close(M, torch.where(index >= 0, K.flatten()[index.clamp_min(0)], 0.0))
    Y = _tensor(_numbers(principles, "fc_pr_y_conv"))
    torch.testing.assert_close(F.conv2d(X[None, None], K[None, None])[0, 0], Y, atol=1e-3, rtol=0)
    # The locally connected layer: locality's zeros, a kernel per row, and its own output.
    local = _matrix(principles, "local")
    W = _local_weights_from(local)
    assert bool((local[locally_connected_index((4, 4), (2, 2)) < 0] == 0).all())
    torch.testing.assert_close(
        locally_connected2d(X, W),
        _tensor(_numbers(principles, "fc_pr_y_local")),
        atol=1e-3,
        rtol=0,
    )
    assert not all(torch.equal(W[0, 0], W[i, j]) for i in range(3) for j in range(3))
    # The numbers are in the cells (a 9 × 16 matrix is small enough to label).
    assert component_data(principles, "fc_pr_m_conv")["cells"][0][0][2] != ""
    captions = [c.value for c in principles.caption]
    assert any("the layer has 144 weights, each used at most 1 time(s)" in c for c in captions)
    assert any("the layer has 36 weights, each used at most 1 time(s)" in c for c in captions)
    assert any("the layer has 4 weights, each used at most 9 time(s)" in c for c in captions)


def test_the_shift_test_fails_the_locally_connected_layer_only(principles):
    K = _kernel_from(_matrix(principles, "conv"))
    W = _local_weights_from(_matrix(principles, "local"))
    local = locally_connected_shift_check(_plus(4), W, 1, 1)
    conv = equivariance_check(_plus(4), K, 1, 1)
    assert local.agree < local.total
    assert conv.guaranteed <= conv.agree
    text = all_text(principles)
    assert (
        f"Locally connected: {local.agree} of 9 cells agree, {9 - local.agree} differ. "
        f"Only {local.guaranteed} must agree" in text
    )
    assert f"Convolution: {conv.agree} of 9 cells agree; {conv.guaranteed} must agree" in text
    assert "Translation invariance is what buys equivariance." in text


def test_no_shift_no_test():
    at = open_principles({"fc_pr_dy": "0", "fc_pr_dx": "0"})
    assert "Choose a shift other than (0, 0) to test." in all_text(at)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_window_larger_than_the_input_is_a_message(lang):
    at = open_principles({"fc_pr_n": "3", "fc_pr_k": "4"}, lang=lang)
    errors = [e.value for e in at.error]
    assert errors
    assert ("larger than" in errors[0]) if lang == "en" else ("还大" in errors[0])
    assert "⟦missing" not in all_text(at)


@pytest.mark.parametrize("classroom", [False, True])
def test_in_chinese_and_classroom_mode(classroom):
    at = open_principles({"fc_bias": "true"}, lang="zh", classroom=classroom)
    text = all_text(at)
    assert "⟦missing" not in text
    assert "去掉一条原则" in text
    assert "测量归纳偏置" in text


# ---------------------------------------------------------------- the inductive bias


def test_the_experiment_runs_on_the_button_and_gives_conv_cores_numbers():
    at = open_page(PAGE, query={"fc_bias": "true"})
    assert "Press the button" in all_text(at)
    assert not [m for m in at.metric if "test error" in m.label]
    at.button(key="fc_bias_run").click().run()
    assert not at.exception
    expected = inductive_bias_experiment(seed=0, size=12)
    metrics = {m.label: m.value for m in at.metric}
    dense = metrics["Dense layer: test error (plus on the right)"]
    conv = metrics["Convolution: test error (plus on the right)"]
    assert dense == f"{100 * expected.dense.test_error:.0f} %"
    assert conv == f"{100 * expected.conv.test_error:.0f} %"
    assert expected.conv.test_error < expected.dense.test_error  # the point of the section
    assert any(s.value.startswith("The convolution finds the plus in") for s in at.success)
    kernel = _tensor(_numbers(at, "fc_bias_2_" + EN["fc_to_conv.bias.kernel"]))
    torch.testing.assert_close(kernel, expected.kernel.round(decimals=2), atol=1e-6, rtol=0)

    # A new seed: the old results stay, said to be the old seed's, until the button is pressed.
    at.number_input(key="fc_bias_seed").set_value(3).run()
    assert "The results below are for seed 0:" in all_text(at)
    at.button(key="fc_bias_run").click().run()
    assert "The results below are for seed" not in all_text(at)
    assert "Seed 3, 12 × 12 images" in all_text(at)
    assert at.query_params["fc_bias_seed"] == "3"


def test_the_cached_experiment_is_the_experiment():
    from lessons.fc_to_conv_sections.inductive_bias import cached_experiment

    first = cached_experiment(2, 8)
    again = inductive_bias_experiment(seed=2, size=8)
    assert first.dense == again.dense
    assert first.conv == again.conv
    assert re.fullmatch(r"\d+", str(first.conv.weights))
