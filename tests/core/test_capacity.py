"""The chapter's parameter arithmetic: fully connected against convolution."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conv_core.capacity import (
    derivation_parameter_counts,
    fc_vs_conv,
    format_bytes,
    image_size,
    locality_window,
)
from conv_core.validation import ConvInputError


def test_the_chapters_12_megapixel_photo():
    # 3000 × 4000 RGB = 36 million inputs; 100 hidden units; 4-byte weights.
    sizes = fc_vs_conv(3000, 4000)
    assert sizes.inputs == 36_000_000
    assert sizes.fc_params == 3_600_000_000  # 36 亿 (the note's "3.6 亿" is a slip)
    assert sizes.fc_bytes == 14_400_000_000
    assert format_bytes(sizes.fc_bytes) == "14.4 GB"
    assert sizes.conv_params == 3 * 3 * 3
    assert sizes.conv_bytes == 108
    assert sizes.includes_bias is False


def test_a_small_case_by_hand():
    # 4 × 5 greyscale, 2 hidden units: 20 inputs × 2 = 40 weights (+ 2 biases).
    # 2 × 3 kernel, 1 channel, 4 output channels: 2·3·1·4 = 24 weights (+ 4 biases).
    sizes = fc_vs_conv(4, 5, channels=1, hidden=2, kernel=(2, 3), out_channels=4, bytes_per_param=2)
    assert (sizes.fc_params, sizes.fc_bytes) == (40, 80)
    assert (sizes.conv_params, sizes.conv_bytes) == (24, 48)
    with_bias = fc_vs_conv(4, 5, 1, 2, (2, 3), 4, 2, bias=True)
    assert (with_bias.fc_params, with_bias.conv_params) == (42, 28)
    assert with_bias.includes_bias is True


def test_a_square_kernel_can_be_given_as_one_number():
    assert fc_vs_conv(10, 10, kernel=5).conv_params == 5 * 5 * 3


def test_the_result_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        fc_vs_conv(3, 3).fc_params = 0  # type: ignore[misc]


def test_numpy_integers_are_accepted():
    assert fc_vs_conv(np.int64(3000), np.int32(4000)).fc_params == 3_600_000_000


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"height": 0, "width": 4}, "height"),
        ({"height": 3, "width": -1}, "width"),
        ({"height": 3, "width": 4, "channels": True}, "channels"),
        ({"height": 3, "width": 4, "hidden": 2.5}, "hidden"),
        ({"height": 3, "width": 4, "kernel": (3, 0)}, "kernel"),
        ({"height": 3, "width": 4, "kernel": (1, 2, 3)}, "kernel"),
        ({"height": 3, "width": 4, "out_channels": "8"}, "out_channels"),
        ({"height": 3, "width": 4, "bytes_per_param": 0}, "bytes_per_param"),
        ({"height": 3, "width": 4, "bias": 1}, "bias"),
    ],
)
def test_bad_arguments_are_named_in_the_message(kwargs, name):
    with pytest.raises(ValueError, match=name):
        fc_vs_conv(**kwargs)


def test_a_kernel_larger_than_the_image_is_refused():
    with pytest.raises(ValueError, match=r"must fit inside the image \(2 × 2\)"):
        fc_vs_conv(2, 2, kernel=3)


def test_derivation_counts_for_a_small_image_by_hand():
    # 3 × 4 image and hidden map: W has (3·4)² = 144 entries; offsets a ∈ -2..2 and
    # b ∈ -3..3 leave 5·7 = 35; Δ = 1 leaves 3·3 = 9.
    counts = derivation_parameter_counts(3, 4, 1)
    assert counts == (144, 144, 35, 9)
    assert counts.fully_connected == counts.reindexed == 144
    assert counts.translation_invariant == 35
    assert counts.local == 9


def test_derivation_counts_shrink_at_every_step_for_a_photo():
    counts = derivation_parameter_counts(3000, 4000, 2)
    assert counts.fully_connected == 12_000_000**2
    assert counts.translation_invariant == 5999 * 7999
    assert counts.local == 25


def test_locality_cannot_keep_more_offsets_than_the_image_has():
    assert derivation_parameter_counts(2, 3, 10).local == 3 * 5
    assert derivation_parameter_counts(2, 3, 0).local == 1


@pytest.mark.parametrize(
    ("args", "name"),
    [((0, 3, 1), "height"), ((3, 0, 1), "width"), ((3, 3, -1), "delta"), ((3, 3, False), "delta")],
)
def test_derivation_counts_refuse_bad_arguments(args, name):
    with pytest.raises(ValueError, match=name):
        derivation_parameter_counts(*args)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 B"),
        (108, "108 B"),
        (999, "999 B"),
        (1000, "1 kB"),
        (1500, "1.5 kB"),
        (999_999, "1 MB"),
        (1_234_567, "1.23 MB"),
        (14_400_000_000, "14.4 GB"),
        (2.5e12, "2.5 TB"),
    ],
)
def test_format_bytes_uses_decimal_units(n, text):
    assert format_bytes(n) == text


@pytest.mark.parametrize("n", [-1, float("nan"), float("inf"), "12", None, True])
def test_format_bytes_refuses_what_is_not_a_size(n):
    with pytest.raises(ValueError, match="size in bytes"):
        format_bytes(n)


# ---------------------------------------------------------------- what the fc page asks of it


@pytest.mark.parametrize(("height", "width", "name"), [(0, 4, "height"), (3, 0, "width")])
def test_an_image_without_pixels_is_refused_with_its_own_code(height, width, name):
    for operation in (image_size, fc_vs_conv):
        with pytest.raises(ConvInputError) as err:
            operation(height, width)
        assert err.value.code == "image_empty"
        assert err.value.params["name"] == name
        assert str(err.value).startswith(f"{name} must be at least 1")
    with pytest.raises(ConvInputError) as err:
        derivation_parameter_counts(height, width, 1)
    assert err.value.code == "image_empty"


def test_image_size_accepts_numpy_integers_and_refuses_negatives():
    assert image_size(np.int64(3), 4) == (3, 4)
    with pytest.raises(ConvInputError) as err:
        image_size(-1, 4)
    assert err.value.code == "too_small"


def test_a_kernel_larger_than_the_image_names_both_sizes():
    with pytest.raises(ConvInputError) as err:
        fc_vs_conv(2, 9, kernel=5)
    assert err.value.code == "kernel_exceeds_image"
    assert err.value.params == {"kernel_height": 5, "kernel_width": 5, "height": 2, "width": 9}


def test_pixels_megapixels_and_the_ratio_of_the_lectures_photo():
    sizes = fc_vs_conv(3000, 4000, channels=3, hidden=100, kernel=3)
    assert sizes.pixels == 12_000_000
    assert sizes.megapixels == pytest.approx(12.0)
    # 36 million inputs × 100 hidden units against a 3 × 3 × 3 kernel.
    assert sizes.ratio == 3_600_000_000 // 27


def _kept_offsets(n: int, delta: int) -> int:
    """By counting: the offsets a with |a| <= Δ that an axis of n pixels has."""
    return sum(1 for a in range(-(n - 1), n) if abs(a) <= delta)


@settings(max_examples=80, deadline=None)
@given(h=st.integers(1, 12), w=st.integers(1, 12), delta=st.integers(0, 12))
def test_the_locality_window_is_the_offsets_counted_one_by_one(h, w, delta):
    kept = locality_window(h, w, delta)
    rows, cols = _kept_offsets(h, delta), _kept_offsets(w, delta)
    assert (kept.rows, kept.cols) == (rows, cols)
    assert (kept.offsets_h, kept.offsets_w) == (len(range(-(h - 1), h)), len(range(-(w - 1), w)))
    assert kept.side == len(range(-delta, delta + 1))
    assert kept.capped == (rows * cols < kept.side**2)
    assert derivation_parameter_counts(h, w, delta).local == rows * cols


def test_the_locality_window_of_the_pages_small_image():
    # 3 × 4 image, Δ = 4: a 9 × 9 window, but only 5 offsets down and 7 across exist.
    assert locality_window(3, 4, 4) == (9, 5, 7)
    assert locality_window(3, 4, 4).capped
    assert not locality_window(3, 4, 1).capped
