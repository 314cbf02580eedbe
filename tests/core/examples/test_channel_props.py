"""The channels page's kernels and mixings do what their names say (D2L §7.4)."""

import pytest
import torch

from conv_core import (
    CHANNEL_KERNELS,
    MIXINGS,
    channel_kernel,
    corr2d,
    corr2d_multi_in,
    corr2d_multi_in_out_1x1,
    kernel,
    mixing,
    to_gray,
    to_rgb,
)
from conv_core.validation import ConvInputError

gen = torch.Generator().manual_seed(0)
X = torch.rand(3, 12, 10, generator=gen)


def test_every_kernel_has_one_3x3_slice_per_channel():
    for name, K in CHANNEL_KERNELS.items():
        assert K.shape == (3, 3, 3), name
        assert K.dtype == torch.float32


def test_same_edge_is_the_edge_detector_on_the_channels_sum():
    torch.testing.assert_close(
        corr2d_multi_in(X, channel_kernel("same_edge")), corr2d(X.sum(0), kernel("d2l_edge"))
    )


def test_only_red_ignores_green_and_blue():
    changed = X.clone()
    changed[1:] = torch.rand(2, 12, 10, generator=gen)
    K = channel_kernel("only_red")
    torch.testing.assert_close(corr2d_multi_in(changed, K), corr2d_multi_in(X, K))
    torch.testing.assert_close(corr2d_multi_in(X, K), corr2d(X[0], kernel("d2l_edge")))


def test_luminance_finds_the_edges_of_the_grey_picture():
    pixels = (torch.rand(12, 10, 3, generator=gen) * 255).to(torch.uint8)
    torch.testing.assert_close(
        corr2d_multi_in(to_rgb(pixels), channel_kernel("luminance")),
        corr2d(to_gray(pixels.numpy()), kernel("d2l_edge")),
        atol=1e-5, rtol=1e-5,
    )  # fmt: skip


def test_red_minus_green_is_their_difference_at_each_pixel():
    Y = corr2d_multi_in(X, channel_kernel("red_minus_green"), padding=1)
    torch.testing.assert_close(Y, X[0] - X[1])


def test_mixings_as_named():
    assert MIXINGS["grey"].shape == (1, 3)
    torch.testing.assert_close(corr2d_multi_in_out_1x1(X, mixing("swap")), X.flip(0))
    torch.testing.assert_close(corr2d_multi_in_out_1x1(X, mixing("identity")), X)
    assert float(mixing("grey").sum()) == pytest.approx(1.0)


def test_copies_and_unknown_names():
    channel_kernel("blur").fill_(7)
    assert float(CHANNEL_KERNELS["blur"].sum()) == pytest.approx(1.0)
    for make in (channel_kernel, mixing):
        with pytest.raises(ConvInputError) as info:
            make("plaid")
        assert info.value.code == "unknown_name"
