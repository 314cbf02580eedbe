"""Train on the left, test on the right: the convolution generalises, the dense layer does not."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from conv_core.inductive_bias import BIAS_PATTERN, inductive_bias_experiment, pattern_images
from conv_core.validation import ConvInputError


@pytest.mark.parametrize("side", ["left", "right"])
def test_the_pattern_sits_in_its_half_and_the_map_marks_it(side):
    data = pattern_images(64, 12, side, noise=0.0, generator=torch.Generator().manual_seed(1))
    columns = data.X.sum(dim=(0, 1))  # without noise, only the patterns are nonzero
    inside, outside = (columns[:6], columns[6:]) if side == "left" else (columns[6:], columns[:6])
    assert (outside == 0).all()
    assert (inside > 0).any()
    # Every image holds the pattern once, exactly at its map's 1 (the map of a correlation
    # with the pattern peaks there, at 5 = its number of ones).
    assert (data.Y.sum(dim=(1, 2)) == 1).all()
    assert (data.X.sum(dim=(1, 2)) == BIAS_PATTERN.sum()).all()
    Y = F.conv2d(data.X[:, None], BIAS_PATTERN[None, None])[:, 0]
    np.testing.assert_array_equal(Y.flatten(1).argmax(1).numpy(), data.where.numpy())
    np.testing.assert_array_equal((Y == 5).float().numpy(), data.Y.numpy())


def test_the_same_seed_gives_the_same_numbers():
    first = inductive_bias_experiment(seed=3, train=64, test=64, steps=30)
    again = inductive_bias_experiment(seed=3, train=64, test=64, steps=30)
    other = inductive_bias_experiment(seed=4, train=64, test=64, steps=30)
    assert first.dense == again.dense
    assert first.conv == again.conv
    np.testing.assert_array_equal(first.kernel.numpy(), again.kernel.numpy())
    np.testing.assert_array_equal(first.dense_map.numpy(), again.dense_map.numpy())
    assert not torch.equal(first.kernel, other.kernel)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_convolution_finds_the_pattern_on_the_right_the_dense_layer_does_not(seed):
    result = inductive_bias_experiment(seed=seed)
    # Both learned the training images (the pattern on the left)...
    assert result.dense.train_error <= 0.05
    assert result.conv.train_error <= 0.05
    # ...but on the right only the convolution finds it.
    assert result.conv.test_error <= 0.05
    assert result.dense.test_error >= 0.9
    assert result.dense.weights == 12 * 12 * 10 * 10 + 10 * 10
    assert result.conv.weights == 3 * 3 + 1
    # On the example test image the convolution's peak is the pattern; the dense layer's
    # right half stays near zero, since no training target was ever 1 there.
    target = int(result.example_target.flatten().argmax())
    assert int(result.conv_map.flatten().argmax()) == target
    assert result.dense_map[:, 6:].abs().max() < result.conv_map.max() / 2


def test_the_learned_kernel_looks_like_the_pattern():
    kernel = inductive_bias_experiment(seed=0).kernel
    on, off = kernel[BIAS_PATTERN == 1], kernel[BIAS_PATTERN == 0]
    assert on.min() > off.max()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"size": 11}, "size must be one of 8, 10, 12, 14, 16, not 11"),
        ({"train": 0}, "train must be a whole number >= 1"),
        ({"test": 10_000}, "test must be a whole number from 1 to 512"),
        ({"steps": 2.5}, "steps must be a whole number"),
        ({"lr": 0.0}, "lr must be a number greater than 0"),
        ({"lr": float("nan")}, "lr must be a number"),
        ({"noise": -1.0}, "noise must be a number at least 0"),
        ({"seed": -1}, "seed must be a whole number >= 0"),
    ],
)
def test_bad_settings_are_refused(kwargs, message):
    with pytest.raises(ConvInputError, match=message):
        inductive_bias_experiment(**kwargs)


def test_a_side_must_be_left_or_right():
    with pytest.raises(ConvInputError, match="side must be 'left' or 'right'"):
        pattern_images(4, 12, "middle", noise=0.0, generator=torch.Generator())
