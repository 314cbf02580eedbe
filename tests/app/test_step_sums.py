"""The step-through's table of every sum: built only while its fold is open (a folded table
costs every run of every student), and then every output cell with its sum, as the book's
loop computes them."""

from __future__ import annotations

import torch
from app_driver import LAB, open_page

from conv_core import corr2d

X = torch.arange(9.0).reshape(3, 3)  # the book's example, the lab's default
K = torch.arange(4.0).reshape(2, 2)


def _sums_tables(at):
    """The page's dataframes but the data editors (X's and K's)."""
    return [d for d in at.dataframe if not (d.key or "").startswith(("X_editor", "K_editor"))]


def test_the_sums_table_is_built_only_while_open():
    at = open_page(LAB)
    assert not at.exception
    assert not _sums_tables(at)  # folded: nothing built or sent
    at.session_state["step_all_sums"] = True  # what opening the fold does (it reruns)
    at.run()
    assert not at.exception
    (table,) = _sums_tables(at)
    frame = table.value
    Y = corr2d(X, K)
    assert list(frame.iloc[:, 0]) == [f"Y[{i}, {j}]" for i in range(2) for j in range(2)]
    # Each sum written out ends in its value, which is corr2d's (19, 25, 37, 43: D2L 7.2.1).
    ends = [float(text.rsplit("=", 1)[1]) for text in frame.iloc[:, 1]]
    assert ends == Y.flatten().tolist() == [19.0, 25.0, 37.0, 43.0]
    at.session_state["step_all_sums"] = False
    at.run()
    assert not _sums_tables(at)
