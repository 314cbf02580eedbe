"""The edge-detection page under AppTest: the book's numbers, pictures, kernels, bad uploads."""

from __future__ import annotations

import io

import numpy as np
import pytest
import torch
from app_driver import all_text, component_data, heat_tables, open_page
from PIL import Image

from conv_core import DISPLAY_MODES, KERNELS, SAMPLES, corr2d, edge_image
from conv_core.fast import FAST_METHODS
from ui.i18n import catalog

PAGE = "lessons/edge_detection.py"


def _png(img: Image.Image, fmt: str = "PNG", **params) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def _table(at, index: int) -> list[list[float]]:
    return [[float(v) for v in row] for row in heat_tables(at)[index]]


def _drawn(at, key: str) -> list[list[float]]:
    """The numbers of the heatmap with this key, from its cells' titles ("[r, c] = value")."""
    cells = component_data(at, key)["cells"]
    return [[float(cell[3].split(" = ")[1]) for cell in row] for row in cells]


def _upload(at, name: str, data: bytes, mime: str = "image/png"):
    at.segmented_control(key="edge_source").set_value("upload").run()
    at.file_uploader(key="edge_upload").set_value((name, data, mime)).run()
    return at


@pytest.fixture(scope="module")
def page():
    return open_page(PAGE)


def test_opens_on_the_books_experiment(page):
    """X, K and Y as tables: Y is 1 at column 1 and −1 at column 5, as D2L §7.2.3 prints."""
    assert not page.exception
    X, K, Y = _table(page, 0), _table(page, 1), _table(page, 2)
    assert edge_image().tolist() == X
    assert K == [[1.0, -1.0]]
    expected = [[0.0] * 7 for _ in range(6)]
    for row in expected:
        row[1], row[5] = 1.0, -1.0
    assert expected == Y
    assert "6 cells of 1 and 6 cells of −1" in all_text(page)
    printed = page.code[0].value
    assert "X[:, 2:6] = 0" in printed
    assert "# tensor([[ 0.,  1.,  0.,  0.,  0., -1.,  0.]," in printed


@pytest.mark.parametrize(
    ("image", "kernel", "ones", "minus"),
    [
        ("band_t", "k", 0, 0),  # the book: the transposed image gives zeros
        ("band", "k_t", 0, 0),
        ("band_t", "k_t", 6, 6),  # turn the kernel too and the edges are found
    ],
)
def test_each_variation_computes_its_own_y(image, kernel, ones, minus):
    at = open_page(PAGE)
    at.segmented_control(key="edge_book_image").set_value(image).run()
    at.segmented_control(key="edge_book_kernel").set_value(kernel).run()
    X, K = torch.tensor(_table(at, 0)), torch.tensor(_table(at, 1))
    Y = torch.tensor(_table(at, 2))
    torch.testing.assert_close(Y, corr2d(X, K))
    assert (int((Y == 1).sum()), int((Y == -1).sum())) == (ones, minus)
    text = all_text(at)
    assert ("all zeros" in text) == (ones == minus == 0)


def test_the_sample_picture_is_shown_with_its_output(page):
    """The house through [1, −1]: one column narrower, with the method and time in the caption."""
    captions = [caption for image in page.get("image") for caption in image.captions]
    width, height = SAMPLES["house"]
    assert any(f"{width}×{height}" in caption for caption in captions)
    assert any(f"Output Y, {width - 1}×{height}" in caption for caption in captions)
    assert not page.error


@pytest.mark.parametrize("name", [*KERNELS])
def test_every_preset_runs_and_explains_itself(name):
    at = open_page(PAGE)
    at.selectbox(key="edge_kernel").set_value(name).run()
    assert not at.exception
    assert not at.error
    shown = _drawn(at, "edge_k_preset")  # the preset kernel's numbers
    torch.testing.assert_close(torch.tensor(shown), KERNELS[name], rtol=0, atol=6e-5)  # 4 decimals
    # A kernel that keeps brightness is shown as it is; the others around mid-grey.
    keeps = abs(float(KERNELS[name].sum()) - 1) < 1e-6
    assert at.segmented_control(key="edge_display").value == ("clip" if keeps else "signed")


def test_a_hand_made_kernel_with_a_bad_cell_says_so_and_the_page_goes_on():
    at = open_page(PAGE)
    at.selectbox(key="edge_kernel").set_value("custom").run()
    editor = next(e for e in at.data_editor if e.key.startswith("edge_K_editor_"))
    at.session_state[editor.key] = {
        "edited_rows": {0: {"0": "minus one"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    assert "minus one" in at.error[0].value
    assert at.title[0].value == "Edge detection"


def test_timings_are_folded_and_drawn_on_demand():
    at = open_page(PAGE)
    labels = [e.label for e in at.expander]
    assert "**Going further: how long does it take?**" in labels
    assert "**Going further: pixels 1:1**" in labels
    assert not [b for b in at.button if b.key == "edge_time"]  # closed: nothing drawn


def test_time_it_compares_the_loop_the_fast_path_and_f_conv2d():
    at = open_page(PAGE, query={"edge_timings": "true"})
    at.button(key="edge_time").click().run()
    # the timing table: the one whose first column names the methods (the exercises follow it)
    table = next(t.value for t in at.table if "the book's loop" in str(t.value.iloc[0, 0]))
    assert len(table) == 3
    assert "the book's loop" in table.iloc[0, 0]
    assert "F.conv2d" in table.iloc[2, 0]
    assert table.iloc[1, 2] == "1×"  # the fast path against itself


def test_an_uploaded_photo_is_decoded_made_grey_and_filtered():
    rng = np.random.default_rng(0)
    colour = Image.fromarray(rng.integers(0, 256, (40, 60, 3), dtype=np.uint8), "RGB")
    at = _upload(open_page(PAGE), "noise.png", _png(colour))
    assert not at.exception
    assert not at.error
    captions = [caption for image in at.get("image") for caption in image.captions]
    # the file's name (shown as code, never as Markdown) and its size
    assert any("noise.png" in caption and "60×40" in caption for caption in captions)
    assert any("Output Y, 59×40" in caption for caption in captions)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "The file is empty"),
        (b"%PDF-1.4 not a picture", "not a picture that can be read here"),
        (None, "damaged or incomplete"),  # a truncated PNG
    ],
    ids=["empty", "not-image", "truncated"],
)
def test_bad_uploads_get_a_message_not_a_traceback(data, words):
    if data is None:
        whole = _png(Image.fromarray(np.zeros((64, 64), dtype=np.uint8), "L"))
        data = whole[: len(whole) // 2]
    at = _upload(open_page(PAGE), "bad.png", data)
    assert not at.exception
    assert words in at.error[0].value
    assert at.title[0].value == "Edge detection"


def test_a_picture_over_the_pixel_limit_is_refused_with_its_size(monkeypatch):
    import ui.edge_photo

    monkeypatch.setattr(ui.edge_photo, "MAX_PIXELS", 1000)
    at = _upload(open_page(PAGE), "big.png", _png(Image.new("L", (50, 40))))
    assert "50 × 40 pixels" in at.error[0].value


def test_bad_upload_messages_are_chinese_in_chinese():
    at = open_page(PAGE, locale="zh-CN")
    _upload(at, "bad.png", b"not a picture")
    assert "不是这里能读取的图片" in at.error[0].value


def test_every_dynamic_text_key_exists_in_both_languages():
    """Keys built from names (kernels, samples, modes, sources, cases) are not seen by the
    literal-key check of test_locales."""
    keys = {f"edge_detection.kernel_{name}" for name in [*KERNELS, "custom"]}
    keys |= {f"edge_detection.about_{name}" for name in KERNELS}
    keys |= {f"edge_detection.sample_{name}" for name in SAMPLES}
    keys |= {f"edge_detection.display_{mode}" for mode in DISPLAY_MODES}
    keys |= {f"edge_detection.display_about_{mode}" for mode in DISPLAY_MODES}
    keys |= {f"edge_detection.source_{s}" for s in ("sample", "upload", "camera")}
    keys |= {f"edge_detection.waiting_{s}" for s in ("upload", "camera")}  # a sample never waits
    keys |= {
        f"edge_detection.book_why_{image}_{kernel}"
        for image in ("band", "band_t")
        for kernel in ("k", "k_t")
    }
    keys |= {f"edge_detection.how_{how}" for how in FAST_METHODS}  # every method auto can pick
    keys |= {
        f"edge_detection.upload_{code}"
        for code in ("empty", "not_image", "damaged", "too_large", "bomb", "mode")
    }
    for lang in ("en", "zh"):
        assert sorted(keys - set(catalog(lang))) == []
