"""The lesson's worked examples (D2L §7.2), as editor cells."""

from __future__ import annotations

import numpy as np

from conv_core import book_example, edge_image, edge_kernel
from ui.matrix_text import matrix_to_cells

# D2L §7.2.1: corr2d(X, K) = [[19, 25], [37, 43]].
BOOK_X, BOOK_K = map(matrix_to_cells, book_example())

# D2L §7.2.4: a 6×8 image, white (1) with a black (0) band in columns 2–5, and the [1, −1] kernel.
EDGE_X = matrix_to_cells(edge_image())
EDGE_K = matrix_to_cells(edge_kernel())

# The identity kernel: with padding 1 it gives X back.
IDENTITY_K = [["0", "0", "0"], ["0", "1", "0"], ["0", "0", "0"]]


def random_integers(rows: int, cols: int, low: int, high: int) -> list[list[str]]:
    """Small random integers from low to high, for practice."""
    values = np.random.default_rng().integers(low, high + 1, size=(rows, cols))
    return [[str(int(v)) for v in row] for row in values]
