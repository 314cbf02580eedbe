"""ui.edge_photo's helpers: the zoom window's Y equals the whole Y cut, pixels enlarged."""

from __future__ import annotations

import io

import numpy as np
import pytest
import torch
from PIL import Image

from conv_core import corr2d, to_display, to_gray, to_uint8
from ui.edge_photo import enlarge, on_screen, output_window


@pytest.mark.parametrize("k_shape", [(3, 3), (1, 2), (2, 1), (5, 5), (4, 6)])
@pytest.mark.parametrize("centre", [(0.0, 0.0), (0.5, 0.5), (1.0, 1.0), (0.2, 0.9)])
@pytest.mark.parametrize("side", [7, 40])
def test_the_window_is_the_whole_outputs_cell_for_cell(k_shape, centre, side):
    rng = np.random.default_rng(3)
    grey = rng.integers(0, 256, size=(23, 31), dtype=np.uint8)
    K = torch.from_numpy(rng.standard_normal(k_shape).astype(np.float32))
    padding = ((k_shape[0] - 1) // 2, (k_shape[1] - 1) // 2)
    whole = corr2d(to_gray(grey), K, padding=padding)
    window, top, left = output_window(grey, K, padding, centre, side)
    rows, cols = min(side, whole.shape[0]), min(side, whole.shape[1])
    assert tuple(window.shape) == (rows, cols)
    assert 0 <= top <= whole.shape[0] - rows
    assert 0 <= left <= whole.shape[1] - cols
    torch.testing.assert_close(window, whole[top : top + rows, left : left + cols])


def test_the_window_moves_from_corner_to_corner():
    grey = np.zeros((100, 200), dtype=np.uint8)
    K = torch.ones(3, 3)
    assert output_window(grey, K, (1, 1), (0.0, 0.0), 10)[1:] == (0, 0)
    assert output_window(grey, K, (1, 1), (1.0, 1.0), 10)[1:] == (90, 190)


def test_enlarge_draws_each_pixel_as_a_square():
    image = np.array([[1, 2], [3, 4]], dtype=np.uint8)
    big = enlarge(image, 3)
    assert big.shape == (6, 6)
    assert (big[:3, :3] == 1).all()
    assert (big[3:, 3:] == 4).all()


def test_a_class_on_the_same_sample_and_kernel_computes_y_once(monkeypatch):
    """What is shared is shared: the second session gets the first one's result."""
    from app_driver import open_page as open_edge

    from ui import edge_output

    calls = []
    real = edge_output.filtered

    def counting(picture, K):
        calls.append((picture.ident, tuple(K.flatten().tolist())))
        return real(picture, K)

    monkeypatch.setattr(edge_output, "filtered", counting)
    edge_output.output_of.clear()
    query = {"edge_sample": "rings", "edge_kernel": "sobel_x"}
    first, second = (open_edge("lessons/edge_detection.py", query=query) for _ in range(2))
    assert not first.exception
    assert not second.exception
    assert len(calls) == 1
    second.selectbox(key="edge_kernel").set_value("laplacian").run()
    assert len(calls) == 2
    assert not second.exception


def test_a_preview_is_sent_as_the_jpeg_st_image_would_make_of_it():
    """Encoded once and cached, the preview is still the picture: a JPEG of its size, grey,
    at quality 100 within two levels of every pixel, and its shape read as an array's."""
    rng = np.random.default_rng(5)
    Y = corr2d(to_gray(rng.integers(0, 256, size=(45, 70), dtype=np.uint8)), torch.ones(3, 3))
    pixels = to_uint8(to_display(Y, "minmax"))
    screen = on_screen(pixels)
    decoded = Image.open(io.BytesIO(screen.jpeg))
    assert decoded.format == "JPEG"
    assert decoded.mode == "L"
    assert decoded.size == (pixels.shape[1], pixels.shape[0])
    assert np.abs(np.asarray(decoded, dtype=int) - pixels).max() <= 2
    assert np.shape(screen) == pixels.shape
