"""The fc page's props: presets, the dense matrix's input and kernels, the L, Waldo's crowd."""

import random

import numpy as np
import pytest

from conv_core import (
    BOOK,
    CROWD,
    DENSE_KERNELS,
    LECTURE,
    LECTURE_KERNEL,
    LECTURE_WEIGHTS,
    PICTURE_KERNELS,
    PICTURE_PADDING,
    PICTURE_SIDE,
    WALDO_AT,
    ConvInputError,
    book_example,
    corr2d,
    counting_image,
    crowd_scene,
    fc_vs_conv,
    hiding_place,
    hiding_range,
    l_picture,
    paste,
    waldo_pattern,
)


def test_the_lectures_photo_needs_36_yi_weights():
    assert LECTURE_WEIGHTS == 3000 * 4000 * 3 * 100
    assert fc_vs_conv(**LECTURE, kernel=LECTURE_KERNEL).fc_params == LECTURE_WEIGHTS


def test_the_books_image_needs_a_billion_weights():
    assert fc_vs_conv(**BOOK).fc_params == 10**9  # D2L §7.1: 10⁶ pixels × 10³ hidden units


def test_the_counting_image_is_the_books_x_at_any_size():
    np.testing.assert_array_equal(counting_image(3, 3).numpy(), book_example()[0].numpy())
    np.testing.assert_array_equal(counting_image(2, 4).numpy(), np.arange(8.0).reshape(2, 4))
    with pytest.raises(ConvInputError):
        counting_image(0, 3)


def test_the_dense_kernels_start_with_the_books():
    name, K = next(iter(DENSE_KERNELS.items()))
    assert name == "book"
    np.testing.assert_array_equal(K.numpy(), [[0, 1], [2, 3]])


def test_the_l_is_a_stem_and_a_foot():
    X = l_picture().numpy()
    stem = {(r, 2) for r in range(2, 6)}
    foot = {(5, c) for c in range(2, 5)}
    assert X.shape == (PICTURE_SIDE, PICTURE_SIDE)
    assert {tuple(p) for p in np.argwhere(X == 1)} == stem | foot
    assert X.sum() == len(stem | foot)


@pytest.mark.parametrize("name", list(PICTURE_KERNELS))
def test_the_picture_kernels_keep_y_the_size_of_x(name):
    Y = corr2d(l_picture(), PICTURE_KERNELS[name], padding=PICTURE_PADDING)
    assert Y.shape == (PICTURE_SIDE, PICTURE_SIDE)


def test_waldo_fits_anywhere_in_the_hiding_range_and_nowhere_past_it():
    crowd, pattern = crowd_scene(*CROWD), waldo_pattern()
    last_top, last_left = hiding_range()
    paste(crowd, pattern, last_top, last_left)  # fits
    with pytest.raises(ConvInputError):
        paste(crowd, pattern, last_top + 1, 0)
    with pytest.raises(ConvInputError):
        paste(crowd, pattern, 0, last_left + 1)
    assert 0 <= WALDO_AT[0] <= last_top
    assert 0 <= WALDO_AT[1] <= last_left


def test_hiding_places_are_in_range_and_reach_both_corners():
    last = hiding_range()
    places = {hiding_place(random.Random(seed)) for seed in range(2000)}
    assert all(0 <= top <= last[0] and 0 <= left <= last[1] for top, left in places)
    assert {0, last[0]} <= {top for top, _ in places}
    assert {0, last[1]} <= {left for _, left in places}
