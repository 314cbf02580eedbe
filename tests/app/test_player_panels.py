"""ui.player.panels: what the player is sent, against conv_core."""

from __future__ import annotations

import math

import numpy as np
import torch

from conv_core import corr2d
from ui.player.panels import _valid_correlation, correlation, heatmap, lines


def test_the_correlation_panel_sends_x_and_the_kernels_and_its_sum_is_corr2d():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((16, 16)).astype(np.float32)
    kernels = rng.standard_normal((40, 3, 3)).astype(np.float32)
    spec = correlation(X, kernels, title="t")
    assert (spec["rows"], spec["cols"]) == (14, 14)
    assert len(spec["correlate"]["kernels"]) == 40
    assert "values" not in spec  # the player computes each frame's output itself
    for K in kernels[:3]:
        expected = corr2d(torch.from_numpy(X), torch.from_numpy(K), method="loop").numpy()
        np.testing.assert_allclose(_valid_correlation(X, K), expected, rtol=1e-4, atol=1e-4)
    assert spec["vmin"] < 0 < spec["vmax"]
    assert spec["diverging"]


def test_numbers_that_are_not_finite_are_sent_as_null_and_others_rounded():
    spec = heatmap(np.array([[1.0, math.nan], [1 / 3, -2.0]]), title="t")
    assert spec["values"] == [1.0, None, 0.3333, -2.0]
    curve = lines("loss", [{"name": "a", "colour": "#000", "values": [1e-9, math.inf]}], log=True)
    assert curve["series"][0]["values"] == [1e-9, None]  # losses keep their small values
