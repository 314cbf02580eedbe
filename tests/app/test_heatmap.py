"""ui.heatmap's matrix cells: Plotly's colour scales, numbers and shades where they belong."""

import numpy as np
import plotly.colors
import pytest

from ui.heatmap import matrix_cells


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


def _backgrounds(cells: dict) -> np.ndarray:
    return np.array([[_rgb(cell[0]) for cell in row] for row in cells["cells"]])


def _plotly(scale: str, positions) -> np.ndarray:
    """Plotly's own interpolation of its named scale: the reference."""
    samples = plotly.colors.sample_colorscale(scale, list(positions))
    return np.array([[float(v) for v in s[4:-1].split(",")] for s in samples])


@pytest.mark.parametrize("seed", range(4))
def test_colours_are_plotlys_blues_from_zero_and_rdbu_white_at_zero(seed):
    rng = np.random.default_rng(seed)
    positive = rng.uniform(0, 9, (3, 4))
    got = _backgrounds(matrix_cells(positive)).reshape(-1, 3)
    expected = _plotly("Blues", (positive / positive.max()).ravel())
    np.testing.assert_allclose(got, expected, atol=1.0)  # hex rounds to whole levels
    signed = rng.uniform(-5, 3, (3, 4))
    bound = np.abs(signed).max()
    got = _backgrounds(matrix_cells(signed)).reshape(-1, 3)
    expected = _plotly("RdBu", ((signed + bound) / (2 * bound)).ravel())
    np.testing.assert_allclose(got, expected, atol=1.0)


def test_numbers_in_the_cells_and_every_value_in_the_hover_title():
    cells = matrix_cells(np.array([[0.0, 1.5], [-2.0, 3.0]]))
    assert [[c[2] for c in row] for row in cells["cells"]] == [["0", "1.5"], ["-2", "3"]]
    assert cells["cells"][1][0][3] == "[1, 0] = -2"
    # the darkest cells get white numbers, the lightest dark ones
    assert cells["cells"][1][1][1] == "#ffffff"
    assert cells["cells"][0][0][1] != "#ffffff"


def test_too_many_cells_for_numbers_keep_them_in_the_title_only():
    cells = matrix_cells(np.arange(21 * 21.0).reshape(21, 21))
    assert all(c[2] == "" for row in cells["cells"] for c in row)
    assert cells["cells"][20][20][3] == "[20, 20] = 440"


def test_marks_tint_exactly_the_cells_given():
    values = np.arange(12.0).reshape(3, 4)
    plain = _backgrounds(matrix_cells(values))
    marked = _backgrounds(matrix_cells(values, marks=[(0, 1), (2, 3)]))
    changed = np.argwhere((plain != marked).any(axis=-1)).tolist()
    assert changed == [[0, 1], [2, 3]]
    assert marked[0, 1, 0] > plain[0, 1, 0]
    assert marked[0, 1, 2] < plain[0, 1, 2]


def test_padding_shades_the_border_only_and_the_window_is_passed_on():
    values = np.ones((5, 6))
    plain = _backgrounds(matrix_cells(values))
    padded = matrix_cells(values, padding=(1, 2), window=(0, 1, 2, 3))
    shaded = (_backgrounds(padded) != plain).any(axis=-1)
    expected = np.ones((5, 6), dtype=bool)
    expected[1:4, 2:4] = False
    assert (shaded == expected).all()
    assert padded["window"] == [0, 1, 2, 3]


def test_hidden_cells_are_blank_with_their_text_large():
    values = np.array([[1.0, np.nan], [2.0, 3.0]])
    cells = matrix_cells(values, text=[["1", "?"], ["2", "3"]])
    hidden = cells["cells"][0][1]
    assert hidden[2] == "?"
    assert hidden[4] is True
    assert not any(c[4] for c in (cells["cells"][0][0], *cells["cells"][1]))


def test_a_picture_is_grey_zero_black_one_white_with_readable_numbers():
    # The book's 6×8 image: white (1) with a black (0) band (D2L §7.2.3).
    X = np.ones((6, 8))
    X[:, 2:6] = 0
    cells = matrix_cells(X, picture=True)
    colours = _backgrounds(cells)
    np.testing.assert_array_equal(colours[0, 0], [255, 255, 255])
    np.testing.assert_array_equal(colours[0, 2], [0, 0, 0])
    assert cells["cells"][0][2][1] == "#ffffff"  # white numbers on black
    assert cells["cells"][0][0][1] != "#ffffff"  # dark numbers on white
    assert cells["scale"]["kind"] == "grey"
    # A grey between is a grey (r = g = b), at its brightness; 8-bit pixels are white at 255.
    mid = _backgrounds(matrix_cells(np.array([[0.25, 0.5, 1.0]]), picture=True))[0]
    np.testing.assert_allclose(mid[:, 0], [0.25 * 255, 0.5 * 255, 255], atol=1.0)
    assert (mid == mid[:, :1]).all()
    pixels = _backgrounds(matrix_cells(np.array([[0.0, 51.0, 255.0]]), picture=True))[0]
    np.testing.assert_allclose(pixels[:, 0], [0, 51, 255], atol=1.0)


def test_the_legend_names_the_scale_it_draws():
    from ui.heatmap import legend_text

    assert matrix_cells(np.array([[1.0, -1.0]]))["scale"]["kind"] == "signed"
    assert matrix_cells(np.array([[1.0, 2.0]]))["scale"]["kind"] == "plain"
    picture = matrix_cells(np.array([[0.0, 1.0]]), picture=True)["scale"]
    assert legend_text(picture) == "A picture, in grey: 0 black, 1 white."
    signed = matrix_cells(np.array([[3.0, -1.0]]))["scale"]
    assert (signed["low"], signed["high"]) == (-3.0, 3.0)  # 0 in the middle
    assert "white at 0" in legend_text(signed)


def _contrast(a: str, b: str) -> float:
    """WCAG 2.1's contrast ratio of two '#rrggbb' colours (the reference formula)."""

    def luminance(colour: str) -> float:
        c = _rgb(colour) / 255
        linear = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return float(linear @ [0.2126, 0.7152, 0.0722])

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("values", "picture"),
    [
        (np.linspace(0, 1, 256), True),  # every grey
        (np.linspace(-1, 1, 256), False),  # RdBu through white
        (np.linspace(0, 1, 256), False),  # Blues
    ],
    ids=["grey", "signed", "plain"],
)
def test_every_cells_number_contrasts_with_its_colour_at_least_4_5_to_1(values, picture):
    # WCAG 2.1 AA for text (1.4.3): a dark grey on mid-grey cells, or white on mid-blue, fails.
    cells = matrix_cells(values.reshape(16, 16), picture=picture)["cells"]
    ratios = [_contrast(cell[0], cell[1]) for row in cells for cell in row]
    assert min(ratios) >= 4.5, min(ratios)


@pytest.mark.parametrize("value", [-1e38, 1e38, -3.4e38, -5.0, 0.0])
def test_a_matrix_of_one_value_however_large_has_a_scale_of_some_width(value):
    # A typed kernel "-1e38" (the fuzz test found it): the scale had no width, 0 / 0.
    cells = matrix_cells(np.full((1, 3), value))["cells"]
    assert all("nan" not in str(cell).lower() for row in cells for cell in row)
