"""conv_core.receptive against a real stack of F.conv2d: what one output cell depends on."""

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from conv_core.correlation import corr2d
from conv_core.receptive import (
    Layer,
    as_layers,
    feature_map_shapes,
    field_terms,
    growth_with_depth,
    paths_to_cell,
    receptive_field,
    receptive_window,
)
from conv_core.validation import ConvInputError


def brute_force(input_shape, stack, i, j):
    """Per map, the (padded) cells on which output (i, j) has a nonzero gradient.

    Every kernel is all ones and the input positive, so no sum cancels: a cell has a
    nonzero gradient exactly when the output depends on it. Each layer pads explicitly
    (F.pad, then F.conv2d without padding), so the padding's zeros are cells of their own
    and get a gradient too. Returns, for each map the input first, the set of (row, col)
    in the map's own coordinates (padding negative or beyond the map's size).
    """
    x = torch.rand(1, 1, *input_shape, dtype=torch.float64) + 0.5
    maps, padded = [x.requires_grad_()], []
    for layer in stack:
        (ph, pw) = layer.padding
        xp = F.pad(maps[-1], (pw, pw, ph, ph))
        padded.append(xp)
        weight = torch.ones(1, 1, *layer.kernel, dtype=torch.float64)
        maps.append(F.conv2d(xp, weight, stride=layer.stride, dilation=layer.dilation))
    grads = torch.autograd.grad(maps[-1][0, 0, i, j], padded, allow_unused=True)
    found = []
    for layer, grad in zip(stack, grads, strict=True):
        (ph, pw) = layer.padding
        nonzero = (grad[0, 0] != 0).nonzero().tolist() if grad is not None else []
        found.append({(r - ph, c - pw) for r, c in nonzero})
    found.append({(i, j)})
    return found, [tuple(m.shape[2:]) for m in maps]


@st.composite
def stacks(draw):
    """An input size and one to four layers that leave a last map of at least one cell."""
    shape = (draw(st.integers(1, 24)), draw(st.integers(1, 24)))
    stack = []
    for _ in range(draw(st.integers(1, 4))):
        layer = Layer.of(
            (draw(st.integers(1, 4)), draw(st.integers(1, 4))),
            (draw(st.integers(1, 3)), draw(st.integers(1, 3))),
            (draw(st.integers(1, 3)), draw(st.integers(1, 3))),
            (draw(st.integers(0, 2)), draw(st.integers(0, 2))),
        )
        try:
            feature_map_shapes(shape, [*stack, layer])
        except ConvInputError:
            break
        stack.append(layer)
    if not stack:
        stack = [Layer.of(1)]
    last = feature_map_shapes(shape, stack)[-1]
    i, j = draw(st.integers(0, last[0] - 1)), draw(st.integers(0, last[1] - 1))
    return shape, stack, i, j


@settings(max_examples=150, deadline=None)
@given(problem=stacks())
def test_every_map_region_is_what_the_gradient_of_a_real_stack_says(problem):
    shape, stack, i, j = problem
    found, shapes = brute_force(shape, stack, i, j)
    window = receptive_window(stack, i, j, input_shape=shape)
    assert [r.shape for r in window.regions] == shapes
    assert list(feature_map_shapes(shape, stack)) == shapes
    for n, (region, cells) in enumerate(zip(window.regions, found, strict=True)):
        # All of the region's cells, padding included, and nothing else.
        listed = {(r, c) for r in region.rows for c in region.cols}
        if n < len(stack):
            assert listed == cells, f"map {n}"
        inside = {(r, c) for r, c in cells if 0 <= r < shapes[n][0] and 0 <= c < shapes[n][1]}
        assert set(region.cells()) == inside, f"map {n}"
        assert set(region.padding_rows) == {r for r in region.rows if not 0 <= r < shapes[n][0]}


@settings(max_examples=100, deadline=None)
@given(problem=stacks())
def test_the_formula_is_the_span_of_the_region_away_from_the_borders(problem):
    """Far from the borders (no padding, a large input) the region's box is the formula's."""
    _, stack, _, _ = problem
    plain = [Layer.of(layer.kernel, layer.stride, layer.dilation) for layer in stack]
    field = receptive_field(
        [layer.kernel for layer in plain],
        strides=[layer.stride for layer in plain],
        dilations=[layer.dilation for layer in plain],
    )
    big = (field[0] + 40, field[1] + 40)
    found, _ = brute_force(big, plain, 0, 0)
    rows = {r for r, _ in found[0]}
    cols = {c for _, c in found[0]}
    assert (max(rows) - min(rows) + 1, max(cols) - min(cols) + 1) == field
    assert receptive_window(plain, 0, 0).input.span == field
    assert growth_with_depth(plain)[-1].field == field


@pytest.mark.parametrize(
    ("kernels", "strides", "dilations", "expected"),
    [
        ([3, 3], None, None, (5, 5)),  # two 3×3 layers see 5×5
        ([2, 2], None, None, (3, 3)),  # D2L §7.2.6: z sees all nine cells of the 3×3 X
        ([3, 3, 3], None, None, (7, 7)),
        ([3, 3], [2, 1], None, (7, 7)),  # 1 + 2·1 + 2·1·2
        ([3], None, [2], (5, 5)),  # one dilated 3×3: 1 + 2·2
        ([3, 3, 3], None, [1, 2, 4], (15, 15)),  # WaveNet-style doubling: 1 + 2 + 4 + 8
        ([(3, 1), (1, 5)], None, None, (3, 5)),  # each axis on its own
        ([7, 3], [(2, 1), 1], [1, (1, 3)], (11, 13)),  # (1+6+2·2, 1+6+2·3·1)
    ],
)
def test_receptive_field_by_hand(kernels, strides, dilations, expected):
    assert receptive_field(kernels, strides=strides, dilations=dilations) == expected


def test_d2l_figure_7_2_6():
    """D2L §7.2.6: X 3×3, 2×2 kernel → Y 2×2, 2×2 kernel → z: z sees every cell of X, and
    Y[0, 0] sees X's top-left 2×2."""
    window = receptive_window([2, 2], 0, 0, input_shape=(3, 3))
    assert [r.shape for r in window.regions] == [(3, 3), (2, 2), (1, 1)]
    assert window.input.cells() == [(r, c) for r in range(3) for c in range(3)]
    assert window.regions[1].cells() == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert receptive_window([2], 0, 0, input_shape=(3, 3)).input.cells() == [
        (0, 0),
        (0, 1),
        (1, 0),
        (1, 1),
    ]


def test_a_dilated_kernel_skips_rows_and_padding_is_marked():
    # 3×3 at stride 2 with padding 1 (8 → 4), then 3×3 at dilation 2 with padding 1 (4 → 2).
    stack = [Layer.of(3, 2, 1, 1), Layer.of(3, 1, 2, 1)]
    window = receptive_window(stack, 1, 1, input_shape=(8, 8))
    middle, bottom = window.regions[1], window.input
    assert middle.rows == (0, 2, 4)
    assert middle.padding_rows == (4,)
    assert middle.inside_rows == (0, 2)
    # Rows 0 and 2 of the middle map read input rows 2·0 − 1 + (0, 1, 2) and 2·2 − 1 + (…).
    assert bottom.rows == (-1, 0, 1, 3, 4, 5)
    assert bottom.padding_rows == (-1,)
    assert bottom.span == (7, 7)


def test_a_cell_that_sees_only_padding_sees_nothing_below():
    # A 1×1 kernel with padding 2: output (0, 0) reads the padding at (−2, −2) only.
    window = receptive_window([Layer.of(1, padding=2), 3], 0, 0, input_shape=(3, 3))
    assert window.regions[1].rows == (0, 1, 2)
    assert window.regions[1].padding_rows == ()
    assert window.input.rows == (-2, -1, 0)
    assert window.input.cells() == [(0, 0)]
    lone = receptive_window([Layer.of(1, padding=2)], 0, 0, input_shape=(3, 3))
    assert lone.input.rows == (-2,)
    assert lone.input.cells() == []
    deeper = receptive_window([1, Layer.of(1, padding=2)], 0, 0, input_shape=(3, 3))
    assert deeper.regions[1].rows == (-2,)
    assert deeper.regions[1].cells() == []
    assert deeper.input.rows == ()
    assert deeper.input.span == (0, 0)


def test_the_stack_is_the_one_corr2d_runs():
    """The maps' shapes are corr2d's, layer by layer, and a dilated kernel that does not fit
    is refused the same way."""
    X = torch.rand(11, 9)
    stack = [Layer.of(3, 2, 1, 1), Layer.of((2, 3), 1, (2, 1))]
    Y = X
    for layer in stack:
        Y = corr2d(
            Y,
            torch.ones(layer.kernel),
            padding=layer.padding,
            stride=layer.stride,
            dilation=layer.dilation,
        )
        assert tuple(Y.shape) == feature_map_shapes((11, 9), stack[: stack.index(layer) + 1])[-1]
    with pytest.raises(ConvInputError) as info:
        feature_map_shapes((4, 4), [3, Layer.of(2, dilation=3)])
    assert info.value.code == "dilated_kernel_too_large"


def test_more_layers_see_more_with_fewer_weights_than_one_kernel():
    rows = growth_with_depth([3, 3, 3, 3])
    assert [(r.depth, r.weights_per_layer, r.total_weights, r.field) for r in rows] == [
        (1, 9, 9, (3, 3)),
        (2, 9, 18, (5, 5)),
        (3, 9, 27, (7, 7)),
        (4, 9, 36, (9, 9)),
    ]
    assert [r.one_kernel_weights for r in rows] == [9, 25, 49, 81]
    dilated = growth_with_depth([Layer.of(3, dilation=d) for d in (1, 2, 4)])
    assert dilated[-1].total_weights == 27
    assert dilated[-1].one_kernel_weights == 15 * 15


def test_layers_are_given_many_ways():
    assert as_layers([3, (3, 5), (3, 2), (3, 2, 2, 1), {"kernel": 2, "dilation": 3}]) == (
        Layer((3, 3)),
        Layer((3, 5)),
        Layer((3, 2)),  # a pair is a kernel size
        Layer((3, 3), (2, 2), (2, 2), (1, 1)),
        Layer((2, 2), dilation=(3, 3)),
    )


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: receptive_field([]), "no_layers"),
        (lambda: receptive_field("33"), "no_layers"),
        (lambda: receptive_field([3, 0]), "too_small"),
        (lambda: receptive_field([3, 3], strides=[1]), "layers_length"),
        (lambda: receptive_field([3], strides=[0]), "stride"),
        (lambda: receptive_field([3], dilations=[0]), "dilation"),
        (lambda: receptive_field([3], dilations=[1.5]), "not_int"),
        (lambda: receptive_window([], 0, 0), "no_layers"),
        (lambda: receptive_window(Layer.of(3), 0, 0), "no_layers"),
        (lambda: receptive_window([Layer.of(3, padding=-1)], 0, 0), "padding"),
        (lambda: receptive_window([3], -1, 0), "index"),
        (lambda: receptive_window([3], 0, 0.5), "index"),
        (lambda: receptive_window([3], 3, 0, input_shape=(5, 5)), "index"),
        (lambda: receptive_window([3, 3], 0, 0, input_shape=(4, 4)), "kernel_too_large"),
    ],
)
def test_bad_stacks_are_refused_with_a_code(call, code):
    with pytest.raises(ConvInputError) as info:
        call()
    assert info.value.code == code


def test_paths_to_a_cell_of_two_3x3_layers_are_the_books_pyramid():
    """Two 3×3 layers: input cell (r, c) reaches the centre output by (1 2 3 2 1)ᵣ·(…)_c paths."""
    counts = paths_to_cell([3, 3], 0, 0, input_shape=(5, 5))
    pyramid = torch.tensor([1.0, 2.0, 3.0, 2.0, 1.0])
    torch.testing.assert_close(counts[0], torch.outer(pyramid, pyramid))
    torch.testing.assert_close(counts[1], torch.ones(3, 3))
    assert counts[2].tolist() == [[1.0]]


@settings(max_examples=60, deadline=None)
@given(problem=stacks())
def test_paths_lie_exactly_on_the_region_padding_included(problem):
    shape, stack, i, j = problem
    window = receptive_window(stack, i, j, input_shape=shape)
    counts = paths_to_cell(stack, i, j, input_shape=shape)
    for n, (region, grid) in enumerate(zip(window.regions[:-1], counts, strict=False)):
        (ph, pw) = stack[n].padding
        assert tuple(grid.shape) == (region.shape[0] + 2 * ph, region.shape[1] + 2 * pw)
        nonzero = {(r - ph, c - pw) for r, c in (grid != 0).nonzero().tolist()}
        assert nonzero == {(r, c) for r in region.rows for c in region.cols}
    # Every path ends in the cell: the last layer's kernel is all ones, so the map below
    # holds exactly k_h·k_w paths in total.
    assert float(counts[-2].sum()) == stack[-1].weights


def test_the_formulas_terms_layer_by_layer():
    stack = [Layer.of(3, 2), Layer.of(3, 1, 2), Layer.of((5, 1), 3)]
    assert [tuple(term) for term in field_terms(stack)] == [(3, 1, 1), (3, 2, 2), (5, 1, 2)]
    assert [term.widening for term in field_terms(stack)] == [2, 8, 8]
    assert [term.widening for term in field_terms(stack, axis=1)] == [2, 8, 0]
    assert receptive_field([3, 3, (5, 1)], strides=[2, 1, 3], dilations=[1, 2, 1]) == (19, 11)
