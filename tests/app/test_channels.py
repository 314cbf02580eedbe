"""The channels page under AppTest (D2L §7.4): its numbers against F.conv2d, the 1×1 agreement,
bad uploads and bad links."""

from __future__ import annotations

import io

import pytest
import torch
import torch.nn.functional as F
from app_driver import all_text, matrix_numbers, open_page
from PIL import Image

from conv_core import (
    CHANNEL_KERNELS,
    MIXINGS,
    ConvInputError,
    corr2d_multi_in_out,
    corr2d_multi_in_out_1x1,
    rgb_preview,
    sample_image,
    to_rgb,
)
from ui.i18n import MISSING, _readable, catalog

PAGE = "lessons/channels.py"
MISSING_MARK = MISSING.split("{")[0]


def _png(img: Image.Image) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    return buffer.getvalue()


def _numbers(at, name: str, which: int = -1) -> torch.Tensor:
    """The numbers of the heatmap called `name`, from the table folded under it (4 decimals):
    the last of that name (the crop's, below the book's examples), or the `which`-th."""
    rows = matrix_numbers(at, name)[which]
    return torch.tensor([[float(v) for v in row] for row in rows], dtype=torch.float32)


def test_the_books_two_channel_example_d2l_7_4_1():
    at = open_page(PAGE)
    assert not at.exception
    X = torch.tensor([[[0.0, 1, 2], [3, 4, 5], [6, 7, 8]], [[1.0, 2, 3], [4, 5, 6], [7, 8, 9]]])
    K = torch.tensor([[[0.0, 1], [2, 3]], [[1.0, 2], [3, 4]]])
    shown_x = torch.stack([_numbers(at, f"X[{c}]", 0) for c in range(2)])
    shown_k = torch.stack([_numbers(at, f"K[{c}]", 0) for c in range(2)])
    torch.testing.assert_close(shown_x, X)
    torch.testing.assert_close(shown_k, K)
    Y = _numbers(at, "Y", 0)
    assert Y.tolist() == [[56.0, 72.0], [104.0, 120.0]]  # the book's printed output
    torch.testing.assert_close(Y, F.conv2d(X[None], K[None])[0, 0])
    codes = [c.value for c in at.code]
    assert any(c.endswith("Y[0, 0] = 19 + 37 = 56") for c in codes)
    assert "Two input channels (D2L 7.4.1)" in all_text(at)


def test_the_books_three_output_channels_d2l_7_4_2_and_their_cost():
    at = open_page(PAGE)
    X = torch.tensor([[[0.0, 1, 2], [3, 4, 5], [6, 7, 8]], [[1.0, 2, 3], [4, 5, 6], [7, 8, 9]]])
    K = torch.tensor([[[0.0, 1], [2, 3]], [[1.0, 2], [3, 4]]])
    stacked = torch.stack((K, K + 1, K + 2))
    Y = torch.stack([_numbers(at, f"Y[{o}]", 0) for o in range(3)])
    assert tuple(Y.shape) == (3, 2, 2)
    # The book's printed output, channel by channel.
    assert Y.tolist() == [
        [[56.0, 72.0], [104.0, 120.0]],
        [[76.0, 100.0], [148.0, 172.0]],
        [[96.0, 128.0], [192.0, 224.0]],
    ]
    torch.testing.assert_close(Y, F.conv2d(X[None], stacked)[0])
    assert any("torch.Size([3, 2, 2, 2])" in c.value for c in at.code)
    text = all_text(at)
    assert "O(c_i·c_o·k_h·k_w·h·w)" in text
    # c_i·c_o·k_h·k_w·h·w: 2 input, 3 output channels, 2×2 kernels, a 2×2 output.
    assert "2·3·2·2·2·2 = 96 multiplications" in text
    assert f"{128 * 128 * 5 * 5 * 256 * 256:,} multiplications" in text


def test_the_books_examples_in_chinese():
    at = open_page(PAGE, lang="zh")
    assert not at.exception
    text = all_text(at)
    assert "多输入通道（中文版 6.4.1 节）" in text
    assert "多输出通道（中文版 6.4.2 节）" in text
    assert "2·3·2·2·2·2 = 96 次乘法" in text


def _crop_output_matches_f_conv2d(at, K: torch.Tensor, padding: int, stride: int = 1) -> None:
    """The crop's Y (its table) is F.conv2d of the crop's channels (their tables) with K."""
    padded = torch.stack([_numbers(at, f"X[{c}]") for c in range(3)])
    crop = padded[:, padding : padded.shape[1] - padding, padding : padded.shape[2] - padding]
    assert crop.shape == (3, 6, 6)
    expected = F.conv2d(crop[None], K[None], bias=None, padding=padding, stride=stride)[0, 0]
    # The table shows 4 decimals, and float32 sums of a few hundreds cancel to ±1e-4.
    torch.testing.assert_close(_numbers(at, "Y[0]"), expected, atol=1e-3, rtol=1e-5)


@pytest.fixture(scope="module")
def page():
    at = open_page(PAGE)
    assert not at.exception
    return at


@pytest.fixture(scope="module")
def red_page():
    """The page with the "only red" kernel: green and blue count for nothing."""
    at = open_page(PAGE, query={"ch_kernel": "only_red"})
    assert not at.exception
    return at


def test_opens_on_the_discs_split_into_three_channels(page):
    text = all_text(page)
    assert "Multiple input and output channels" in text
    assert "X has shape **(3, 373, 480)**" in text
    captions = [caption for image in page.get("image") for caption in image.captions]
    assert {"The picture", "R (red)", "G (green)", "B (blue)"} <= set(captions)
    assert not page.error


def test_the_crop_cell_is_each_channels_sum_added(red_page):
    """Only red: K[1] and K[2] are zero, so the green and blue sums are 0 and Y[0, 0] is red's."""
    K = CHANNEL_KERNELS["only_red"]
    for c in range(3):
        torch.testing.assert_close(_numbers(red_page, f"K[{c}]"), K[c])
    _crop_output_matches_f_conv2d(red_page, K, padding=1)
    (written,) = [c.value for c in red_page.code if c.value.startswith("X[0] ⋆ K[0]")]
    lines = written.splitlines()
    assert lines[1].endswith("= 0")
    assert lines[2].endswith("= 0")
    red = lines[0].rsplit("= ", 1)[1]
    assert lines[3] == f"Y[0, 0] = {red if not red.startswith('-') else f'({red})'} + 0 + 0 = {red}"
    assert float(red) == float(_numbers(red_page, "Y[0]")[0, 0])


@pytest.mark.parametrize("name", ["luminance", "same_edge", "red_minus_green", "blur"])
def test_each_preset_kernel_matches_f_conv2d(name):
    at = open_page(PAGE, query={"ch_kernel": name, "ch_row": "40", "ch_col": "30"})
    assert not at.exception
    _crop_output_matches_f_conv2d(at, CHANNEL_KERNELS[name], padding=1)


def test_padding_stride_and_the_chosen_cell():
    at = open_page(PAGE, query={"ch_padding": "0", "ch_stride": "2", "ch_kernel": "same_edge"})
    _crop_output_matches_f_conv2d(at, CHANNEL_KERNELS["same_edge"], padding=0, stride=2)
    assert _numbers(at, "Y[0]").shape == (2, 2)
    at.number_input(key="ch_cell_i").set_value(1).run()
    at.number_input(key="ch_cell_j").set_value(1).run()
    (written,) = [c.value for c in at.code if c.value.startswith("X[0] ⋆ K[0]")]
    total = float(written.splitlines()[3].rsplit("= ", 1)[1])
    assert total == pytest.approx(float(_numbers(at, "Y[0]")[1, 1]), abs=1e-3)


def test_the_whole_pictures_maps_match_f_conv2d(red_page):
    """The maps' table: each channel's part and their sum, as F.conv2d on the preview."""
    X = to_rgb(rgb_preview(sample_image("discs"), 480))
    K = CHANNEL_KERNELS["only_red"]
    Y = F.conv2d(X[None], K[None], padding=1)[0, 0]
    (expander,) = [e for e in red_page.expander if e.label == "These maps as numbers"][:1]
    rows = expander.table[0].value.to_numpy().tolist()
    assert rows[3][:2] == ["Y", "373×480"]
    assert float(rows[3][2]) == pytest.approx(float(Y.min()), abs=1e-3)
    assert float(rows[3][4]) == pytest.approx(float(Y.max()), abs=1e-3)
    assert [row[3] for row in rows[1:3]] == ["0", "0"]  # green and blue count for nothing


def test_your_own_kernel_and_a_bad_cell():
    at = open_page(PAGE)
    at.segmented_control(key="ch_kernel").set_value("custom").run()
    assert not at.exception
    editors = [e for e in at.data_editor if e.key and e.key.startswith("ch_K1_editor")]
    assert editors, "the green slice's editor"
    at.session_state[editors[0].key] = {
        "edited_rows": {1: {"1": "2"}}, "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    at.run()
    K = CHANNEL_KERNELS["luminance"].clone()  # the editors start from the preset shown
    K[1, 1, 1] = 2
    _crop_output_matches_f_conv2d(at, K, padding=1)
    at.session_state[editors[0].key] = {
        "edited_rows": {0: {"0": "abc"}}, "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    at.run()
    assert not at.exception
    assert any("abc" in e.value for e in at.error)


def test_several_output_channels_and_the_parameter_count():
    at = open_page(PAGE)
    at.multiselect(key="ch_outputs").set_value(["sobel_x", "blur"]).run()
    assert not at.exception
    text = all_text(at)
    assert "K has shape **2×3×3×3**, X **3×373×480**, so Y has shape **2×373×480**." in text
    assert r"= 2 \cdot 3 \cdot 3 \cdot 3 + 2 = 54 + 2 = 56" in text
    assert r"= 700 \cdot 900 \cdot 3 \cdot 100 = 189{,}000{,}000" in text
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Convolution: weights"] == "54"
    assert metrics["with a bias per output channel"] == "56"
    at.multiselect(key="ch_outputs").set_value([]).run()
    assert not at.exception
    assert "Choose at least one kernel" in all_text(at)


def test_the_one_by_one_product_agrees_with_the_convolution(page):
    assert any("agree" in s.value for s in page.success)
    X = to_rgb(rgb_preview(sample_image("discs"), 480))
    torch.testing.assert_close(
        corr2d_multi_in_out_1x1(X, MIXINGS["grey"]),
        corr2d_multi_in_out(X, MIXINGS["grey"][:, :, None, None]),
    )
    assert r"\underbrace{Y}_{1 \times 179040}" in all_text(page)


def test_a_pixels_channels_mixed_and_written_out():
    at = open_page(PAGE, query={"ch_mixing": "swap"})
    assert not at.exception
    (written,) = [c.value for c in at.code if c.value.startswith("X[0] (R) × K[0, 0]")]
    lines = written.splitlines()
    # The crop's centre on the red disc's edge: R 232, G and B 20; swapped, Y = (20, 20, 232).
    assert lines[3] == "Y[0] = 0 + 0 + 20 = 20"
    assert lines[13] == "Y[2] = 232 + 0 + 0 = 232"
    assert r"\underbrace{K}_{3 \times 3}" in all_text(at)


def test_a_colour_upload_is_split_and_kept_small():
    img = Image.new("RGB", (2000, 1000), (200, 10, 10))
    at = open_page(PAGE)
    at.segmented_control(key="ch_source").set_value("upload").run()
    at.file_uploader(key="ch_upload").set_value(("red.png", _png(img), "image/png")).run()
    assert not at.exception
    text = all_text(at)
    assert "X has shape **(3, 240, 480)**" in text
    assert "red.png" in text  # the file's name, shown as code
    assert "2000 × 1000 pixels; worked on as 480 × 240." in text
    assert at.session_state["ch_picture"].pixels.shape == (240, 480, 3)


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"", "The file is empty"), (b"%PDF-1.4", "not a picture that can be read here")],
)
def test_bad_uploads_get_a_message_not_a_traceback(data, words):
    at = open_page(PAGE)
    at.segmented_control(key="ch_source").set_value("upload").run()
    at.file_uploader(key="ch_upload").set_value(("bad.png", data, "image/png")).run()
    assert not at.exception
    assert words in at.error[0].value
    assert at.title[0].value == "Multiple input and output channels"


def test_bad_upload_messages_are_chinese_in_chinese():
    at = open_page(PAGE, locale="zh-CN")
    at.segmented_control(key="ch_source").set_value("upload").run()
    at.file_uploader(key="ch_upload").set_value(("bad.png", b"nope", "image/png")).run()
    assert "不是这里能读取的图片" in at.error[0].value


def test_a_bad_link_is_explained_and_the_defaults_used():
    query = {"ch_padding": "abc", "ch_kernel": "plaid", "ch_row": "500", "ch_mixing": "<b>x</b>"}
    at = open_page(PAGE, query=query)
    assert not at.exception
    warning = at.warning[0].value
    for name in ("ch_padding", "ch_kernel", "ch_row", "ch_mixing"):
        assert name in warning
    assert at.segmented_control(key="ch_kernel").value == "luminance"
    assert at.slider(key="ch_row").value == 100  # clamped
    assert at.number_input(key="ch_padding").value == 1
    _crop_output_matches_f_conv2d(at, CHANNEL_KERNELS["luminance"], padding=1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_renders_in_both_languages_and_classroom_mode(lang):
    at = open_page(PAGE, lang=lang, classroom=True)
    assert not at.exception
    assert not at.error
    text = all_text(at)
    assert MISSING_MARK not in text
    assert at.title[0].value == catalog(lang)["channels.title"]
    # Classroom mode offers the presets only, not the editors.
    assert "custom" not in at.segmented_control(key="ch_kernel").options
    assert not at.data_editor


@pytest.mark.parametrize(
    "make",
    [
        lambda: corr2d_multi_in_out(torch.zeros(2, 3, 3), torch.zeros(1, 3, 1, 1)),
        lambda: corr2d_multi_in_out(torch.zeros(3, 3), torch.zeros(1, 3, 1, 1)),
        lambda: corr2d_multi_in_out_1x1(torch.zeros(3, 3, 3), torch.zeros(1, 3, 2, 2)),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_channel_refusals_are_translated(make, lang):
    with pytest.raises(ConvInputError) as info:
        make()
    text = catalog(lang)[f"errors.{info.value.code}"]
    params = {name: _readable(value) for name, value in info.value.params.items()}
    assert "{" not in text.format(**params)


def test_every_dynamic_text_key_exists_in_both_languages():
    keys = {f"channels.kernel_{name}" for name in [*CHANNEL_KERNELS, "custom"]}
    keys |= {f"channels.about_{name}" for name in [*CHANNEL_KERNELS, "custom"]}
    keys |= {f"channels.mixing_{name}" for name in [*MIXINGS, "custom"]}
    keys |= {f"channels.about_mixing_{name}" for name in [*MIXINGS, "custom"]}
    keys |= {f"channels.channel_{name}" for name in "RGB"}
    keys |= {f"channels.waiting_{s}" for s in ("upload", "camera")}
    for lang in ("en", "zh"):
        assert sorted(keys - set(catalog(lang))) == []


def test_a_second_session_shares_the_first_ones_maps(monkeypatch):
    """What is shared is shared: the sample's maps are computed once per server, not once per
    student (the 1×1 section's too: its product and the convolution it is checked against);
    another kernel is computed (once)."""
    from ui import channel_views

    calls = []
    for name in ("corr2d_multi_in", "corr2d_multi_in_out", "corr2d_multi_in_out_1x1"):
        real = getattr(channel_views, name)

        def counting(X, K, *, _real=real, _name=name, **options):
            calls.append(_name)
            return _real(X, K, **options)

        monkeypatch.setattr(channel_views, name, counting)
    for cached in (channel_views.summed_maps, channel_views.output_maps, channel_views.mixed_maps):
        cached.clear()
    first, second = (open_page(PAGE) for _ in range(2))
    assert not first.exception
    assert not second.exception
    # the kernel's maps; the output channels' and the 1×1 check's; the 1×1 product
    once = ["corr2d_multi_in", *["corr2d_multi_in_out"] * 2, "corr2d_multi_in_out_1x1"]
    assert sorted(calls) == once
    tables = [[t.value.to_numpy().tolist() for t in at.table] for at in (first, second)]
    assert tables[0] == tables[1]
    assert [s.value for s in first.success] == [s.value for s in second.success]
    second.segmented_control(key="ch_kernel").set_value("same_edge").run()
    assert not second.exception
    assert sorted(calls) == sorted([*once, "corr2d_multi_in"])
