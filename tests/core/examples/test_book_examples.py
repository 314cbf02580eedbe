"""The book's worked examples in conv_core.examples.book against the numbers D2L prints
(§7.2.6, §7.4.1, §7.4.2) and against F.conv2d."""

import torch
import torch.nn.functional as F

from conv_core import (
    corr2d,
    corr2d_multi_in,
    corr2d_multi_in_out,
    receptive_window,
    three_output_kernels,
    two_channel_example,
    two_layer_example,
)


def test_d2l_7_4_1_two_input_channels_give_56_72_104_120():
    X, K = two_channel_example()
    assert X.tolist() == [[[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]]]
    assert K.tolist() == [[[0, 1], [2, 3]], [[1, 2], [3, 4]]]
    Y = corr2d_multi_in(X, K)
    assert Y.tolist() == [[56, 72], [104, 120]]  # as the book prints it
    torch.testing.assert_close(Y, F.conv2d(X[None], K[None])[0, 0])


def test_d2l_7_4_2_k_k_plus_1_k_plus_2_give_three_output_channels():
    X, K = two_channel_example()
    stacked = three_output_kernels()
    assert tuple(stacked.shape) == (3, 2, 2, 2)
    torch.testing.assert_close(stacked, torch.stack((K, K + 1, K + 2)))
    Y = corr2d_multi_in_out(X, stacked)
    assert Y.tolist() == [  # the book's printed output
        [[56, 72], [104, 120]],
        [[76, 100], [148, 172]],
        [[96, 128], [192, 224]],
    ]
    torch.testing.assert_close(Y, F.conv2d(X[None], stacked)[0])


def test_d2l_7_2_6_two_2x2_layers_see_four_then_nine_input_elements():
    X, K, layers = two_layer_example()
    assert corr2d(X, K).tolist() == [[19, 25], [37, 43]]
    one = receptive_window(layers[:1], 0, 0, input_shape=(3, 3))
    assert one.regions[0].cells() == [(0, 0), (0, 1), (1, 0), (1, 1)]  # the shaded 2×2
    both = receptive_window(layers, 0, 0, input_shape=(3, 3))
    assert len(both.regions[1].cells()) == 4  # all of Y
    assert len(both.regions[0].cells()) == 9  # all of X
