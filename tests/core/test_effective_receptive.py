"""The effective receptive field: |∂Y[i, j]/∂X| through a stack, against the receptive box."""

import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conv_core.correlation import corr2d
from conv_core.effective_receptive import effective_field
from conv_core.receptive import Layer, feature_map_shapes, paths_to_cell, receptive_window
from conv_core.validation import ConvInputError

pairs = st.tuples(st.integers(1, 3), st.integers(1, 3))
layer_specs = st.builds(
    Layer.of,
    st.tuples(st.integers(1, 4), st.integers(1, 4)),
    pairs,
    pairs,
    st.tuples(*[st.integers(0, 2)] * 2),
)


@st.composite
def problems(draw):
    """An input size, a stack of one to three layers that fits it, and a cell of its last map."""
    shape = (draw(st.integers(4, 20)), draw(st.integers(4, 20)))
    stack = draw(st.lists(layer_specs, min_size=1, max_size=3))
    try:
        last = feature_map_shapes(shape, stack)[-1]
    except ConvInputError:
        assume(False)
    return shape, stack, draw(st.integers(0, last[0] - 1)), draw(st.integers(0, last[1] - 1))


@settings(max_examples=80, deadline=None)
@given(problem=problems(), kernels=st.sampled_from(["ones", "random"]))
def test_nonzero_exactly_on_the_receptive_window(problem, kernels):
    shape, stack, i, j = problem
    field = effective_field(stack, i, j, input_shape=shape, kernels=kernels, seed=5)
    assert field.shape == shape
    assert field.dtype == torch.float32
    inside = set(receptive_window(stack, i, j, input_shape=shape).input.cells())
    nonzero = {tuple(cell) for cell in (field != 0).nonzero().tolist()}
    if kernels == "ones":
        assert nonzero == inside
    else:
        # Random weights could cancel only by a coincidence of measure zero.
        assert nonzero <= inside
        assert len(nonzero) >= 0.9 * len(inside)


@settings(max_examples=60, deadline=None)
@given(problem=problems())
def test_all_ones_kernels_count_the_paths(problem):
    shape, stack, i, j = problem
    paths = paths_to_cell(stack, i, j, input_shape=shape)[0]
    ph, pw = stack[0].padding
    field = effective_field(stack, i, j, input_shape=shape, kernels="ones")
    torch.testing.assert_close(field, paths[ph : ph + shape[0], pw : pw + shape[1]])


def test_two_3x3_layers_the_centre_is_reached_by_nine_paths():
    field = effective_field([3, 3], 2, 2, input_shape=(9, 9), kernels="ones")
    pyramid = torch.tensor([1.0, 2.0, 3.0, 2.0, 1.0])
    expected = torch.zeros(9, 9)
    expected[2:7, 2:7] = torch.outer(pyramid, pyramid)
    torch.testing.assert_close(field, expected)
    assert field[4, 4] == 9 == paths_to_cell([3, 3], 2, 2, input_shape=(9, 9))[0][4, 4]


def test_one_random_layer_is_its_kernel_in_the_window():
    """For one layer ∂Y[i, j]/∂X[i + a, j + b] = K[a, b]: the map is |K| at the window."""
    field = effective_field([(2, 3)], 1, 2, input_shape=(5, 6), seed=11)
    K = torch.randn((2, 3), generator=torch.Generator().manual_seed(11), dtype=torch.float64)
    expected = torch.zeros(5, 6)
    expected[1:3, 2:5] = K.abs().float()
    torch.testing.assert_close(field, expected)
    # The same kernel through corr2d: a one-hot input at (r, c) gives Y[i, j] = K[r − i, c − j].
    X = torch.zeros(5, 6)
    X[2, 4] = 1.0
    assert corr2d(X, K.float())[1, 2].abs() == pytest.approx(float(field[2, 4]))


def test_the_same_seed_draws_the_same_kernels():
    stack = [Layer.of(3, 2), Layer.of(3, 1, 2)]
    first = effective_field(stack, 1, 1, input_shape=(16, 16), seed=2)
    assert torch.equal(first, effective_field(stack, 1, 1, input_shape=(16, 16), seed=2))
    assert not torch.equal(first, effective_field(stack, 1, 1, input_shape=(16, 16), seed=3))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kernels": "zeros"}, "kernels must be one of random, ones; got 'zeros'"),
        ({"seed": -1}, "seed must be a whole number >= 0"),
        ({"i": 7}, "i must be a whole number from 0 to 4"),
        ({"layers": []}, "layers must be a list of at least one layer"),
        ({"layers": [9]}, "larger than the padded input"),
    ],
)
def test_bad_input_is_refused(kwargs, message):
    arguments = {"layers": [3], "i": 0, "j": 0, "input_shape": (7, 7), **kwargs}
    layers, i, j = arguments.pop("layers"), arguments.pop("i"), arguments.pop("j")
    with pytest.raises(ConvInputError, match=message):
        effective_field(layers, i, j, **arguments)
