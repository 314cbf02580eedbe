"""The 3-D views (ui/plots3d.py): the voxels' cubes and the bowl's path checked as geometry,
then on their pages under AppTest, behind their toggles."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from app_driver import all_text, open_page

from conv_core import (
    RunConfig,
    corr3d,
    default_lr,
    loss_grid,
    record_run,
    training_pair,
    volume,
    volume_kernel,
)
from ui.plots3d import VOXEL, loss_bowl, voxels

LABELS = {"loss": "loss", "path": "path", "best": "best"}


def _figures(at) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def _array(value) -> np.ndarray:
    """A figure's array as Plotly's JSON holds it: a list, or typed ({dtype, bdata, shape})."""
    if isinstance(value, dict) and "bdata" in value:
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = [int(n) for n in str(value.get("shape", len(flat))).split(",")]
        return flat.reshape(shape)
    return np.asarray(value, dtype=float)


def test_every_element_is_one_cube_at_its_place_with_its_value():
    V = np.zeros((2, 3, 4))
    V[1, 2, 3], V[0, 1, 0] = 5.0, -2.0
    zeros, nonzero, centres = voxels(V, name="X").data
    assert (zeros.type, nonzero.type, centres.type) == ("mesh3d", "mesh3d", "scatter3d")
    assert len(zeros.x) == 8 * 22
    assert len(nonzero.x) == 8 * 2
    assert len(nonzero.i) == 12 * 2
    assert sorted(set(nonzero.intensity)) == [-2.0, 5.0]  # one value a cube, on all 12 faces
    # The cube of V[1, 2, 3]: x = column 3, y = −row 2, z = depth 1, VOXEL wide.
    corners = np.column_stack([nonzero.x, nonzero.y, nonzero.z]).reshape(2, 8, 3)
    for cube in corners:
        centre = cube.mean(axis=0)
        d, i, j = round(centre[2]), round(-centre[1]), round(centre[0])
        assert V[d, i, j] != 0
        np.testing.assert_allclose(cube.max(axis=0) - cube.min(axis=0), VOXEL)
    assert len(centres.x) == V.size
    assert [row[3] for row in centres.customdata] == V.reshape(-1).tolist()


def test_the_bowls_path_leaves_out_the_steps_off_the_grid():
    w = np.linspace(-1.0, 1.0, 5)
    losses = np.add.outer(w**2, w**2)
    path = np.array([[0.5, 0.5], [0.1, -0.2], [3.0, 0.0], [0.0, 0.0]])
    figure = loss_bowl(w, w, losses, [0.0, 0.0], path, np.array([0.5, 0.05, 9.0, 0.0]),
                       labels=LABELS)  # fmt: skip
    surface, steps, best = figure.data
    np.testing.assert_array_equal(surface.z, losses)
    assert list(steps.x) == [0.5, 0.1, 0.0]
    assert list(steps.y) == [0.5, -0.2, 0.0]
    lifts = np.array(steps.z) - np.array([0.5, 0.05, 0.0])
    np.testing.assert_allclose(lifts, lifts[0])  # every step lifted alike, above the surface
    assert lifts[0] > 0
    assert (best.x[0], best.y[0]) == (0.0, 0.0)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_volume_page_draws_x_k_and_y_as_voxels_behind_its_toggle(lang):
    closed = open_page("lessons/dimensions_1d_3d.py", query={"d3_open": "true"}, lang=lang)
    assert not closed.exception
    assert _figures(closed) == []
    at = open_page("lessons/dimensions_1d_3d.py", query={"d3_open": "true", "d3_voxels": "true"},
                   lang=lang)  # fmt: skip
    assert not at.exception
    assert "⟦missing" not in all_text(at)
    X = volume("cube", (4, 5, 5)).numpy()
    K = volume_kernel("ones", 0)
    Y = corr3d(volume("cube", (4, 5, 5)), K).numpy()
    figures = _figures(at)
    assert len(figures) == 3
    for figure, V in zip(figures, (X, K.numpy(), Y), strict=True):
        centres = figure["data"][-1]
        np.testing.assert_allclose(_array(centres["customdata"])[:, 3], V.reshape(-1))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_learning_page_draws_the_bowl_with_the_runs_path_behind_its_toggle(lang):
    closed = open_page("lessons/learn_kernel.py", lang=lang)
    assert _figures(closed) == []
    at = open_page("lessons/learn_kernel.py", query={"lk_bowl": "true"}, lang=lang)
    assert not at.exception
    assert "⟦missing" not in all_text(at)
    (figure,) = _figures(at)
    surface, steps, _ = figure["data"]
    pair = training_pair("book_edge")
    *_, losses, _ = loss_grid(pair.X, pair.Y, pair.K.shape, points=81, half_width=2.5)
    np.testing.assert_allclose(_array(surface["z"]), losses, rtol=1e-5)
    xs, zs = _array(steps["x"]), _array(steps["z"])
    assert len(xs) > 1
    # The first step is the run's start, and each point's height is the run's loss there.
    run = record_run(RunConfig("book_edge", float(default_lr("book_edge")), "sgd", 0))
    assert xs[0] == pytest.approx(float(run.weights[0, 0]))
    lift = zs[0] - run.losses[0]
    assert lift >= 0
    assert zs[-1] - lift == pytest.approx(run.losses[len(xs) - 1], rel=1e-4)
