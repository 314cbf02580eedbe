"""window3d against corr3d, cell by cell; the 1-D and 3-D examples are what they say."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from conv_core import SIGNALS, VOLUMES, corr1d, corr3d, signal, volume, window3d


@pytest.mark.parametrize(("padding", "stride"), [(0, 1), (1, 1), (2, 2), ((1, 0, 2), (2, 1, 3))])
def test_every_window3d_value_is_corr3ds_cell(padding, stride):
    rng = np.random.default_rng(0)
    X = torch.from_numpy(rng.standard_normal((4, 5, 6)).astype(np.float32))
    K = torch.from_numpy(rng.standard_normal((2, 3, 2)).astype(np.float32))
    Y = corr3d(X, K, padding=padding, stride=stride)
    for d, i, j in np.ndindex(*Y.shape):
        cell = window3d(X, K, d, i, j, padding=padding, stride=stride)
        assert cell.value == pytest.approx(float(Y[d, i, j]), abs=1e-5)
        assert cell.patch.shape == K.shape


def test_window3d_writes_its_sum_out_and_refuses_cells_outside_y():
    X = torch.arange(8.0).reshape(2, 2, 2)
    K = torch.tensor([[[1.0]], [[-1.0]]])
    cell = window3d(X, K, 0, 1, 0)
    assert cell.corner == (0, 1, 0)
    assert cell.expression(K) == "2×1 + 6×(-1) = -4"
    with pytest.raises(ValueError, match="d must be a whole number from 0 to 0") as info:
        window3d(X, K, 1, 0, 0)
    assert info.value.code == "index"


def test_the_step_signal_has_one_edge_and_the_spike_returns_the_kernel():
    step = signal("step", 10)
    assert step.tolist() == [1.0] * 5 + [0.0] * 5
    assert corr1d(step, [1.0, -1.0]).tolist() == [0, 0, 0, 0, 1, 0, 0, 0, 0]
    spike = signal("spike", 9)
    y = corr1d(spike, [1.0, 2.0, 3.0])
    assert y.tolist() == [0, 0, 3, 2, 1, 0, 0]  # the kernel, reversed: cross-correlation
    ramp = signal("ramp", 6)
    assert corr1d(ramp, [1.0, -1.0]).tolist() == [-1.0] * 5


def test_volumes_have_their_shapes_and_the_slab_has_only_depth_edges():
    for name in VOLUMES:
        assert volume(name, (3, 4, 5)).shape == (3, 4, 5)
    slab = volume("slab", (4, 5, 5))
    across = corr3d(slab, torch.tensor([[[1.0, -1.0]]]))  # within each slice: nothing changes
    along = corr3d(slab, torch.tensor([[[1.0]], [[-1.0]]]))
    assert float(across.abs().sum()) == 0
    assert float(along.abs().sum()) > 0
    assert torch.equal(volume("random", seed=3), volume("random", seed=3))
    assert not torch.equal(volume("random", seed=3), volume("random", seed=4))


def test_unknown_examples_are_refused():
    with pytest.raises(ValueError, match="no signal called 'chirp'"):
        signal("chirp")
    with pytest.raises(ValueError, match="no volume called 'sphere'"):
        volume("sphere")
    assert len(SIGNALS) == len(set(SIGNALS))


def test_the_signal_kernels_and_volume_kernels_are_what_they_say():
    from conv_core import SIGNAL_KERNELS, VOLUME_KERNELS, signal_kernel, volume_kernel

    assert signal_kernel("difference").tolist() == [1.0, -1.0]
    assert float(signal_kernel("average").sum()) == pytest.approx(1.0)
    assert set(SIGNAL_KERNELS) == {"difference", "average", "second", "smooth"}
    # the depth kernel finds the slab's two faces and nothing inside a slice
    Y = corr3d(volume("slab", (4, 5, 5)), volume_kernel("depth"))
    assert sorted(torch.unique(Y).tolist()) == [-1.0, 0.0, 1.0]
    assert float(volume_kernel("average").sum()) == pytest.approx(1.0)
    assert torch.equal(volume_kernel("random", 3), volume_kernel("random", 3))
    assert set(torch.unique(volume_kernel("random", 3)).tolist()) <= {-1.0, 0.0, 1.0}
    assert set(VOLUME_KERNELS) == {"ones", "depth", "average", "random"}
    for make in (signal_kernel, volume_kernel):
        with pytest.raises(ValueError, match=r"no .*kernel called 'nope'"):
            make("nope")
