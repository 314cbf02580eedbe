"""The 1-D and 3-D page under AppTest: NumPy and F.conv3d as references, bad input as text."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from app_driver import all_text, figures, heat_tables, open_page, vega_charts

from conv_core import SIGNALS, VOLUMES, signal, volume
from ui.i18n import catalog

PAGE = "lessons/dimensions_1d_3d.py"
OPEN = {"d3_open": "true"}  # the 3-D section is drawn on demand (ui/sections.py)


def _row(at, index: int) -> list[float]:
    return [float(v) for v in heat_tables(at)[index][0]]


@pytest.fixture(scope="module")
def page():
    return open_page(PAGE, query=OPEN)


def test_the_step_through_the_difference_kernel_is_numpys_correlate(page):
    assert not page.exception
    x, k, y = _row(page, 0), _row(page, 1), _row(page, 2)
    assert x == signal("step").tolist()
    assert k == [1.0, -1.0]
    assert y == np.correlate(x, k, mode="valid").tolist()
    assert y.count(1.0) == 1  # one step, one edge
    assert "y[0] = 1×1 + 1×(-1) = 0" in [code.value for code in page.code]


@pytest.mark.parametrize("name", SIGNALS)
@pytest.mark.parametrize("padding", [0, 2])
@pytest.mark.parametrize("stride", [1, 3])
def test_every_signal_with_padding_and_stride(name, padding, stride):
    at = open_page(PAGE, query=OPEN)
    at.segmented_control(key="d1_signal").set_value(name).run()
    at.segmented_control(key="d1_kernel").set_value("second").run()
    at.number_input(key="d1_padding").set_value(padding).run()
    at.number_input(key="d1_stride").set_value(stride).run()
    x = np.pad(signal(name).numpy().astype(float), padding)
    expected = np.correlate(x, [1.0, -2.0, 1.0], mode="valid")[::stride]
    np.testing.assert_allclose(_row(at, 2), expected, atol=6e-5)  # cells show 4 decimals
    # The chart: x at its positions, y[i] at the centre of window i of the unpadded x.
    (_, points), *_ = vega_charts(at)
    drawn_x, drawn_y = (points[points.series == name] for name in ("x", "y"))
    assert drawn_x["value"].tolist() == signal(name).tolist()
    assert drawn_x["at"].tolist() == list(range(len(signal(name))))
    np.testing.assert_allclose(drawn_y["value"], expected, atol=1e-5)
    assert drawn_y["at"].tolist() == [i * stride - padding + 1 for i in range(len(expected))]


def test_a_spike_writes_the_kernel_out_reversed():
    at = open_page(PAGE, query=OPEN)
    at.segmented_control(key="d1_signal").set_value("spike").run()
    at.segmented_control(key="d1_kernel").set_value("own").run()
    at.text_input(key="d1_k").input("1, 2, 3").run()
    y = _row(at, 2)
    start = y.index(3.0)
    assert y[start : start + 3] == [3.0, 2.0, 1.0]


@pytest.mark.parametrize(
    ("field", "text", "words"),
    [
        ("d1_x", "1, 2, three", "entry 2 is `three`"),
        ("d1_x", "1, nan, 2", "entry 1 is `nan`"),
        ("d1_x", "  ", "x is empty"),
        ("d1_x", ", ".join(["1"] * 41), "x has 41 numbers; at most 40"),
        ("d1_k", "1 2 3 4 5 6 7 8 9 10", "k has 10 numbers; at most 9"),
    ],
)
def test_bad_typed_numbers_are_explained(field, text, words):
    at = open_page(PAGE, query=OPEN)
    at.segmented_control(key="d1_signal").set_value("own").run()
    at.segmented_control(key="d1_kernel").set_value("own").run()
    at.text_input(key=field).input(text).run()
    assert not at.exception
    assert words in at.error[0].value
    assert "d3_y_0" in figures(at)  # the rest still works


def test_a_kernel_longer_than_the_padded_signal_and_stride_zero_are_explained():
    at = open_page(PAGE, query=OPEN)
    at.segmented_control(key="d1_signal").set_value("own").run()
    at.text_input(key="d1_x").input("1, 2").run()
    at.segmented_control(key="d1_kernel").set_value("average").run()
    assert "larger than the padded input" in at.error[0].value
    at.number_input(key="d1_padding").set_value(1).run()
    assert not at.error
    at.number_input(key="d1_stride").set_value(0).run()
    assert "stride must be at least 1" in at.error[0].value


def _volume_tables(at, first: int, count: int) -> np.ndarray:
    tables = heat_tables(at)
    return np.stack([tables[first + c].astype(float) for c in range(count)])


@pytest.mark.parametrize("kernel", ["ones", "depth", "average", "random"])
@pytest.mark.parametrize("name", VOLUMES)
def test_the_volume_output_is_f_conv3d(name, kernel):
    at = open_page(PAGE, query=OPEN)
    at.segmented_control(key="d3_volume").set_value(name).run()
    at.segmented_control(key="d3_kernel").set_value(kernel).run()
    at.number_input(key="d3_padding").set_value(1).run()
    assert not at.exception
    X = volume(name, (4, 5, 5))
    tables_before_volume = 6  # x, k, y and the padded x of the 1-D part; then Xp's slices
    depth = X.shape[0] + 2
    Xp = _volume_tables(at, tables_before_volume - 2, depth)
    np.testing.assert_array_equal(Xp[1:-1, 1:-1, 1:-1], X.numpy())
    kd = {"ones": 2, "depth": 2, "average": 3, "random": 2}[kernel]
    K = _volume_tables(at, tables_before_volume - 2 + depth, kd)
    Y = F_conv3d(X, torch.from_numpy(K).float(), padding=1)
    got = _volume_tables(at, tables_before_volume - 2 + depth + kd, Y.shape[0])
    # The kernel's cells show 4 decimals (1/27 as 0.037): allow what that rounding moves Y.
    np.testing.assert_allclose(got, Y.numpy(), atol=6e-5 + 5e-5 * K.size * float(X.max()))
    assert "differs from corr3d by 0" in all_text(at)


def F_conv3d(X: torch.Tensor, K: torch.Tensor, padding: int) -> torch.Tensor:
    return torch.nn.functional.conv3d(X[None, None], K[None, None], padding=padding)[0, 0]


def test_the_slab_is_found_only_by_the_depth_kernel():
    """A slice of 1s has no edge inside any slice: only the kernel along the depth sees it."""
    at = open_page(PAGE, query=OPEN)
    at.segmented_control(key="d3_volume").set_value("slab").run()
    at.segmented_control(key="d3_kernel").set_value("depth").run()
    text = all_text(at)
    assert "Y is 3×5×5" in text
    assert not at.exception


def test_every_dynamic_text_key_exists_in_both_languages():
    keys = {f"dimensions_1d_3d.signal_{s}" for s in [*SIGNALS, "own"]}
    keys |= {f"dimensions_1d_3d.volume_{v}" for v in VOLUMES}
    keys |= {
        f"dimensions_1d_3d.kernel1_{k}"
        for k in ("difference", "average", "second", "smooth", "own")
    }
    keys |= {f"dimensions_1d_3d.kernel3_{k}" for k in ("ones", "depth", "average", "random")}
    for lang in ("en", "zh"):
        assert sorted(keys - set(catalog(lang))) == []


def test_the_3d_section_is_drawn_only_when_opened():
    closed = open_page(PAGE)
    assert not closed.exception
    assert "**A volume (3-D)**" in [e.label for e in closed.expander]
    assert not any(k.startswith("d3_") for k in figures(closed))
    opened = open_page(PAGE, query=OPEN)
    assert any(k.startswith("d3_") for k in figures(opened))
