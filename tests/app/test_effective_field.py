"""The receptive-field page's "Effective against theoretical receptive field" under AppTest:
the gradient against a finite difference and the path counts, the box, seeds, bad links."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from app_driver import all_text, component_data, open_page

from conv_core import Layer, effective_field, paths_to_cell

PAGE = "lessons/receptive_fields.py"
DEFAULT = [Layer.of(3)] * 3  # the page's default stack: three 3×3 layers on 12×12, cell (2, 2)


def _numbers(at, key: str) -> torch.Tensor:
    cells = component_data(at, key)["cells"]
    return torch.tensor([[float(cell[3].split(" = ", 1)[1]) for cell in row] for row in cells])


def open_effective(query: dict[str, str] | None = None, **kwargs):
    at = open_page(PAGE, query={"rf_effective": "true", **(query or {})}, **kwargs)
    assert not at.exception
    return at


def test_all_ones_kernels_give_the_path_counts_and_the_formulas_box():
    at = open_effective({"rf_eff_kernels": "ones"})
    field = _numbers(at, "rf_eff_field")
    paths = paths_to_cell(DEFAULT, 2, 2, input_shape=(12, 12))[0]
    torch.testing.assert_close(field, paths)
    torch.testing.assert_close(_numbers(at, "rf_eff_paths"), paths)
    # Three 3×3 layers: r = 1 + 2 + 2 + 2 = 7, rows and columns 2–8, nothing outside.
    assert component_data(at, "rf_eff_field")["window"] == [2, 2, 7, 7]
    assert field[2:9, 2:9].min() > 0
    assert field.sum() == field[2:9, 2:9].sum()
    assert int(field.max()) == 7 * 7  # (1 + x + x²)³ has 7 as its middle coefficient
    text = all_text(at)
    assert "The formula's box is 7×7 = 49 pixels; the gradient is not zero at 49" in text
    assert any("equals the number of paths, cell for cell" in s.value for s in at.success)


def test_random_kernels_against_a_finite_difference():
    at = open_effective({"rf_eff_seed": "5"})
    field = _numbers(at, "rf_eff_field")
    # The stack is linear: moving one pixel by 1 moves Y[2, 2] by ∂Y/∂X there, exactly.
    generator = torch.Generator().manual_seed(5)
    kernels = [torch.randn(3, 3, generator=generator, dtype=torch.float64) for _ in range(3)]

    def cell(X: torch.Tensor) -> float:
        Y = X[None, None]
        for K in kernels:
            Y = F.conv2d(Y, K[None, None])
        return float(Y[0, 0, 2, 2])

    base = torch.zeros(12, 12, dtype=torch.float64)
    for r, c in [(2, 2), (5, 5), (8, 3), (0, 0), (11, 11)]:
        moved = base.clone()
        moved[r, c] = 1.0
        assert abs(field[r, c] - abs(cell(moved) - cell(base))) <= 0.05  # shown to 1 decimal
    torch.testing.assert_close(
        field, effective_field(DEFAULT, 2, 2, input_shape=(12, 12), seed=5), atol=0.05, rtol=0
    )
    exact = effective_field(DEFAULT, 2, 2, input_shape=(12, 12), seed=5).numpy().ravel()
    values = np.sort(exact)[::-1]
    half = int((np.cumsum(values) < values.sum() / 2).sum()) + 1
    assert f"Half of the summed gradient comes from only {half} of these 49 pixels" in all_text(at)
    assert "Random kernels have negative weights too" in all_text(at)


def test_the_cell_chosen_above_is_the_cell_and_a_bad_link_is_a_message():
    at = open_effective({"rf_i": "20", "rf_j": "0", "rf_eff_kernels": "gaussian"})
    # rf_i is moved inside the 6×6 last map (5); rf_eff_kernels falls back to random.
    assert at.radio(key="rf_eff_kernels").value == "random"
    assert any("`rf_eff_kernels`" in warning.value for warning in at.warning)
    assert at.markdown  # the page goes on
    assert "|∂Y[5, 0] / ∂X| (effective)" in all_text(at)


@pytest.mark.parametrize("classroom", [False, True])
def test_in_chinese_and_classroom_mode(classroom):
    at = open_effective({"rf_eff_kernels": "ones"}, lang="zh", classroom=classroom)
    text = all_text(at)
    assert "⟦missing" not in text
    assert "有效感受野与理论感受野" in text
    assert any("梯度逐个元素等于路径数" in s.value for s in at.success)


def test_closed_the_section_computes_nothing():
    at = open_page(PAGE)
    with pytest.raises(LookupError):
        component_data(at, "rf_eff_field")
