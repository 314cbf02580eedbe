"""The edge page's drawn sample pictures: the promised sizes, deterministic, with real edges."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from conv_core import SAMPLES, corr2d, kernel, sample_image, to_gray


@pytest.mark.parametrize("name", [name for name in SAMPLES if name != "house_12mp"])
def test_each_sample_has_its_size_and_is_the_same_every_time(name):
    img = sample_image(name)
    assert img.mode == "RGB"
    assert img.size == SAMPLES[name]
    assert np.array_equal(np.asarray(img), np.asarray(sample_image(name)))


def test_the_phone_sized_sample_is_the_same_scene_at_twelve_megapixels():
    big = sample_image("house_12mp")
    assert big.size == (4000, 3000)
    # Shrunk 10×, the phone-sized drawing matches the scene drawn at that size directly.
    shrunk = np.asarray(big.reduce(10), float)
    direct = np.asarray(sample_image("house", (400, 300)), float)
    assert np.abs(shrunk - direct).mean() < 8


@pytest.mark.parametrize("name", ["house", "rings", "stripes"])
def test_samples_have_vertical_and_horizontal_edges(name):
    X = to_gray(sample_image(name, size=(300, 200)))
    vertical = corr2d(X, kernel("sobel_x")).abs()
    horizontal = corr2d(X, kernel("sobel_y")).abs()
    assert float(vertical.max()) > 0.5
    assert float(horizontal.max()) > 0.5


def test_rings_show_which_edges_each_kernel_finds():
    """Sobel x answers on the rings' left and right, Sobel y on their top and bottom."""
    X = to_gray(sample_image("rings", size=(301, 301)))
    vx = corr2d(X, kernel("sobel_x"), padding=1).abs()
    vy = corr2d(X, kernel("sobel_y"), padding=1).abs()
    middle = slice(140, 161)
    assert float(vx[middle, :].sum()) > 5 * float(vx[:, middle].sum())
    assert float(vy[:, middle].sum()) > 5 * float(vy[middle, :].sum())


def test_unknown_sample_and_bad_size_are_refused():
    with pytest.raises(ValueError, match="no sample picture called 'cat'") as info:
        sample_image("cat")
    assert info.value.code == "unknown_sample"
    with pytest.raises(ValueError, match="width"):
        sample_image("house", size=(0, 10))
    assert isinstance(to_gray(sample_image("stripes", (64, 48))), torch.Tensor)


def test_the_discs_hold_one_colour_per_channel():
    """Red, green and blue discs: each channel is bright on its own disc only, and where all
    three overlap the picture is white (D2L §7.4's channels, one thing per channel)."""
    img = np.asarray(sample_image("discs"))
    height, width, _ = img.shape
    unit = min(width, height)
    left = (width - unit) // 2

    def at(fx, fy):
        return tuple(int(v) for v in img[int(fy * unit), left + int(fx * unit)])

    assert at(0.5, 0.2) == (235, 20, 20)  # the red disc's top, away from the others
    assert at(0.2, 0.7) == (20, 235, 20)  # green's left
    assert at(0.8, 0.7) == (20, 20, 235)  # blue's right
    assert at(0.5, 0.53) == (235, 235, 235)  # all three
    assert at(0.02, 0.02) == (20, 20, 20)
