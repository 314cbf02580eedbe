"""ui.heatmap's marks: single cells tinted in the window's colour, nothing else touched."""

import numpy as np

from ui.heatmap import MARK_SHADE, matrix_figure


def test_marks_tint_exactly_the_cells_given():
    fig = matrix_figure(np.arange(12.0).reshape(3, 4), marks=[(0, 1), (2, 3)])
    tint = fig.data[-1]
    assert tint.colorscale[0][1] == MARK_SHADE
    z = np.asarray(tint.z, dtype=float)
    assert np.argwhere(~np.isnan(z)).tolist() == [[0, 1], [2, 3]]


def test_no_marks_no_tint_layer():
    assert len(matrix_figure(np.ones((2, 2))).data) == 1
