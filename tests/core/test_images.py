"""Uploads decoded safely, greyscale, previews and display scaling; images built in memory."""

import io
import struct
import tracemalloc
import warnings
import zlib

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image, ImageFile

from conv_core.decoding import decode_image
from conv_core.images import (
    preview,
    preview_and_range,
    preview_peaks,
    rgb_preview,
    to_display,
    to_gray,
    to_rgb,
    to_uint8,
)
from conv_core.validation import ConvInputError

RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)


def encode(img: Image.Image, fmt: str = "PNG", **params) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, fmt, **params)
    return buffer.getvalue()


def noise_png(size: tuple[int, int] = (64, 64)) -> bytes:
    """Random RGB pixels: incompressible, so cutting the file cuts the pixel data."""
    rgb = np.random.default_rng(0).integers(0, 256, (size[1], size[0], 3), np.uint8)
    return encode(Image.fromarray(rgb))


def png_announcing(width: int, height: int) -> bytes:
    """A real 1 × 1 PNG whose header claims width × height pixels (a decompression bomb)."""
    data = bytearray(encode(Image.new("L", (1, 1))))
    # Signature (8) | length (4) | "IHDR" (4) | width, height | ... | CRC over type and data.
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def pixels(img: Image.Image) -> np.ndarray:
    return np.asarray(img).astype(int)


# --- every mode becomes RGB or L ------------------------------------------------------------


def test_rgb_and_l_pass_through():
    rgb = decode_image(encode(Image.new("RGB", (5, 4), (10, 20, 30))))
    assert (rgb.mode, rgb.size) == ("RGB", (5, 4))
    assert rgb.getpixel((0, 0)) == (10, 20, 30)
    grey = decode_image(encode(Image.new("L", (3, 2), 77)))
    assert (grey.mode, grey.getpixel((2, 1))) == ("L", 77)


def test_rgba_is_composited_on_white():
    img = Image.new("RGBA", (3, 1))
    img.putpixel((0, 0), (*RED, 0))  # invisible: white shows through
    img.putpixel((1, 0), (*RED, 255))
    img.putpixel((2, 0), (0, 0, 0, 128))  # half-transparent black: mid-grey
    out = decode_image(encode(img))
    assert out.mode == "RGB"
    assert out.getpixel((0, 0)) == WHITE
    assert out.getpixel((1, 0)) == RED
    np.testing.assert_allclose(out.getpixel((2, 0)), (127, 127, 127), atol=1)


def test_la_is_composited_on_white_and_stays_grey():
    img = Image.new("LA", (3, 1))
    img.putpixel((0, 0), (0, 0))
    img.putpixel((1, 0), (0, 255))
    img.putpixel((2, 0), (0, 128))
    out = decode_image(encode(img))
    assert out.mode == "L"
    assert [out.getpixel((x, 0)) for x in range(2)] == [255, 0]
    assert abs(out.getpixel((2, 0)) - 127) <= 1


def test_palette_with_a_transparent_entry_is_composited_on_white():
    img = Image.new("P", (4, 2), 0)
    img.putpalette([*RED, *GREEN])
    img.paste(1, (2, 0, 4, 2))  # right half: palette entry 1, green
    out = decode_image(encode(img, transparency=0))  # entry 0 (red) is transparent
    assert out.mode == "RGB"
    assert out.getpixel((0, 0)) == WHITE
    assert out.getpixel((3, 1)) == GREEN


def test_palette_without_transparency_becomes_rgb():
    img = Image.new("P", (2, 2), 1)
    img.putpalette([*RED, *BLUE])
    out = decode_image(encode(img))
    assert (out.mode, out.getpixel((1, 1))) == ("RGB", BLUE)


def test_one_bit_images_become_black_and_white_l():
    img = Image.new("1", (4, 1), 0)
    img.putpixel((3, 0), 1)
    out = decode_image(encode(img))
    assert out.mode == "L"
    assert pixels(out).tolist() == [[0, 0, 0, 255]]


def test_16_bit_png_is_stretched_by_its_range_not_clipped():
    # A 12-bit scan stored in 16 bits: 1000..4000. PIL's own convert("L") clips it all to white.
    values = np.linspace(1000, 4000, 16).reshape(2, 8).astype(np.uint16)
    data = encode(Image.fromarray(values))
    assert Image.open(io.BytesIO(data)).mode == "I;16"
    assert (pixels(Image.open(io.BytesIO(data)).convert("L")) == 255).all()
    out = decode_image(data)
    assert out.mode == "L"
    got = pixels(out).ravel()
    assert (got.min(), got.max()) == (0, 255)
    assert (np.diff(got) > 0).all()  # every level still distinct, order kept
    np.testing.assert_allclose(got, np.rint(np.linspace(0, 255, 16)), atol=1)


def test_a_constant_16_bit_image_is_mid_grey():
    out = decode_image(encode(Image.fromarray(np.full((2, 3), 5000, np.uint16))))
    assert (pixels(out) == 128).all()


@pytest.mark.parametrize(
    "values",
    [
        np.arange(20, dtype=np.int32).reshape(4, 5) * 1000,  # mode I
        np.linspace(-1.0, 3.0, 20, dtype=np.float32).reshape(4, 5),  # mode F
    ],
    ids=["I", "F"],
)
def test_32_bit_and_float_tiffs_are_stretched_to_8_bit(values):
    out = decode_image(encode(Image.fromarray(values), "TIFF"))
    assert out.mode == "L"
    np.testing.assert_allclose(pixels(out).ravel(), np.rint(np.linspace(0, 255, 20)), atol=1)


def test_cmyk_jpeg_becomes_rgb():
    data = encode(Image.new("CMYK", (8, 8), (0, 255, 0, 0)), "JPEG", quality=95)
    assert Image.open(io.BytesIO(data)).mode == "CMYK"
    out = decode_image(data)
    assert out.mode == "RGB"
    np.testing.assert_allclose(out.getpixel((4, 4)), (255, 0, 255), atol=3)  # no magenta ink


def test_animated_gif_gives_its_first_frame():
    frames = [Image.new("L", (8, 8), value) for value in (10, 200, 90)]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:])
    assert Image.open(io.BytesIO(data)).n_frames == 3
    out = decode_image(data)
    assert out.size == (8, 8)
    assert float(to_gray(out).mean()) == pytest.approx(10 / 255, abs=1 / 255)


def test_animated_webp_gives_its_first_frame():
    frames = [Image.new("RGB", (8, 8), (value,) * 3) for value in (10, 200)]
    data = encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], lossless=True)
    out = decode_image(data)
    assert out.mode == "RGB"
    assert out.getpixel((0, 0)) == (10, 10, 10)


def test_exif_orientation_is_applied():
    # Stored 40 wide × 20 tall, red in the top-left corner; Orientation 6 says "turn 90°
    # clockwise to view", so the viewer sees 20 wide × 40 tall with red in the top-right.
    img = Image.new("RGB", (40, 20), BLUE)
    img.paste(RED, (0, 0, 10, 10))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = decode_image(encode(img, "JPEG", exif=exif.tobytes(), quality=95))
    assert out.size == (20, 40)
    np.testing.assert_allclose(out.getpixel((15, 4)), RED, atol=8)
    np.testing.assert_allclose(out.getpixel((4, 4)), BLUE, atol=8)
    assert out.getexif().get(0x0112, 1) == 1  # not turned a second time by a viewer


def test_a_broken_exif_block_still_gives_the_picture():
    data = encode(Image.new("RGB", (6, 4), GREEN), "JPEG", exif=b"Exif\x00\x00not a tiff header")
    assert decode_image(data).size == (6, 4)


def test_bytearray_and_memoryview_are_accepted():
    data = encode(Image.new("L", (2, 2), 9))
    assert decode_image(bytearray(data)).getpixel((0, 0)) == 9
    assert decode_image(memoryview(data)).getpixel((0, 0)) == 9


# --- bad uploads: a clear ValueError, nothing large allocated --------------------------------


def test_empty_bytes_are_refused():
    with pytest.raises(ValueError, match="empty") as info:
        decode_image(b"")
    assert info.value.code == "empty"


@pytest.mark.parametrize(
    "data",
    [
        np.random.default_rng(1).integers(0, 256, 5000, np.uint8).tobytes(),
        b"Hello, this is a text file.",
        b"%PDF-1.4\n",
    ],
    ids=["random", "text", "pdf"],
)
def test_non_images_are_refused_naming_the_allowed_formats(data):
    with pytest.raises(ValueError, match="PNG, JPEG") as info:
        decode_image(data)
    assert info.value.code == "not_image"


def test_formats_outside_the_allow_list_are_refused():
    with pytest.raises(ValueError, match="not an image that can be read"):
        decode_image(encode(Image.new("RGB", (4, 4)), "PCX"))


@pytest.mark.parametrize(
    "data",
    [
        noise_png(),
        encode(Image.open(io.BytesIO(noise_png())), "JPEG"),
        encode(Image.open(io.BytesIO(noise_png())), "GIF"),
        encode(Image.open(io.BytesIO(noise_png())), "WEBP", lossless=True),
        encode(Image.fromarray(np.random.default_rng(3).integers(0, 65535, (64, 64), np.uint16))),
    ],
    ids=["png", "jpeg", "gif", "webp", "png-16-bit"],
)
def test_truncated_files_are_refused(data):
    assert not ImageFile.LOAD_TRUNCATED_IMAGES
    with pytest.raises(ValueError, match="damaged or incomplete") as info:
        decode_image(data[: len(data) // 2])
    assert info.value.code == "damaged"


def test_a_file_cut_inside_its_header_is_refused():
    with pytest.raises(ValueError, match="image") as info:
        decode_image(noise_png()[:20])
    assert info.value.code in ("not_image", "damaged")


@pytest.fixture
def load_calls(monkeypatch):
    """Records every call of PIL's pixel decoding, to prove a refusal came before it."""
    calls = []
    original = ImageFile.ImageFile.load

    def spy(self):
        calls.append(self.size)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return calls


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (8_000, 8_000),  # 64 MP: over our 50 MP limit, under PIL's own
        (10_000, 10_000),  # 100 MP: PIL warns (DecompressionBombWarning); must not escape
        (30_000, 30_000),  # 900 MP: PIL refuses by itself
    ],
)
def test_decompression_bombs_are_refused_before_decoding(width, height, load_calls):
    data = png_announcing(width, height)
    assert len(data) < 100
    filters_before = list(warnings.filters)
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="megapixels") as info:
            decode_image(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.code == "too_large"
    assert load_calls == []
    assert peak < 2_000_000  # bytes; decoding would need width × height
    assert warnings.filters == filters_before


def test_the_pixel_limit_can_be_lowered_and_is_explained(load_calls):
    with pytest.raises(ValueError, match=r"20 × 10 pixels .*limit is 0.0001 megapixels") as info:
        decode_image(encode(Image.new("RGB", (20, 10))), max_pixels=100)
    assert info.value.params == {"width": 20, "height": 10, "max_pixels": 100}
    assert load_calls == []
    assert decode_image(encode(Image.new("RGB", (10, 10))), max_pixels=100).size == (10, 10)


@pytest.mark.parametrize("max_pixels", [0, -5, True, 1.5])
def test_a_bad_pixel_limit_is_refused(max_pixels):
    with pytest.raises(ValueError, match="max_pixels"):
        decode_image(encode(Image.new("L", (1, 1))), max_pixels=max_pixels)


def test_something_other_than_bytes_is_a_type_error():
    with pytest.raises(TypeError, match="bytes"):
        decode_image("photo.png")  # type: ignore[arg-type]


# --- to_gray ------------------------------------------------------------------------------


def test_to_gray_matches_pils_own_luma_within_one_level():
    rgb = np.random.default_rng(2).integers(0, 256, (17, 23, 3), np.uint8)
    img = Image.fromarray(rgb)
    reference = np.asarray(img.convert("L"), dtype=np.float32) / 255
    for source in (img, rgb, torch.from_numpy(rgb), rgb / 255.0):
        gray = to_gray(source)
        assert gray.dtype == torch.float32
        assert gray.shape == (17, 23)
        np.testing.assert_allclose(gray.numpy(), reference, atol=1 / 255 + 1e-6)


@given(arrays(np.uint8, st.tuples(st.integers(1, 6), st.integers(1, 6), st.just(3))))
def test_to_gray_matches_pil_for_any_colours(rgb):
    reference = np.asarray(Image.fromarray(rgb).convert("L"), dtype=np.float32) / 255
    np.testing.assert_allclose(to_gray(rgb).numpy(), reference, atol=1 / 255 + 1e-6)


def test_to_gray_reads_grey_inputs_in_their_own_scale():
    expected = torch.tensor([[0.0, 1.0], [0.5, 0.25]])
    torch.testing.assert_close(to_gray([[0.0, 1.0], [0.5, 0.25]]), expected)
    torch.testing.assert_close(to_gray(np.array([[0, 255]], np.uint8)), torch.tensor([[0.0, 1.0]]))
    torch.testing.assert_close(
        to_gray(np.array([[0, 65535]], np.uint16)), torch.tensor([[0.0, 1.0]])
    )
    torch.testing.assert_close(to_gray(Image.new("L", (2, 1), 255)), torch.ones(1, 2))


def test_to_gray_accepts_any_pil_mode():
    img = Image.new("RGBA", (2, 2), (0, 0, 0, 0))
    torch.testing.assert_close(to_gray(img), torch.ones(2, 2))  # transparent = white page


def test_to_gray_never_shares_memory_with_its_input():
    X = torch.rand(4, 4)
    gray = to_gray(X)
    gray += 1
    assert float(X.max()) <= 1.0
    read_only = np.asarray(Image.new("RGB", (3, 3), RED))
    assert not read_only.flags.writeable
    assert to_gray(read_only).shape == (3, 3)


@pytest.mark.parametrize(
    ("image", "code"),
    [
        (np.zeros((2, 2, 4)), "image_shape"),
        (np.zeros(5), "image_shape"),
        (np.full((2, 2), 2.0), "image_range"),
        (np.array([[0.0, -0.1]]), "image_range"),
        (np.array([[0.0, np.nan]]), "not_finite"),
        ([[0.1, 0.2], [0.3]], "ragged"),
    ],
)
def test_to_gray_refuses_what_is_not_an_image(image, code):
    with pytest.raises(ValueError, match=r"\w") as info:
        to_gray(image)
    assert info.value.code == code


# --- preview ------------------------------------------------------------------------------


def test_preview_shrinks_a_photo_keeping_its_shape():
    small = preview(Image.new("RGB", (4000, 3000), GREEN), max_side=1000)
    assert small.size == (1000, 750)
    assert small.getpixel((500, 300)) == GREEN


def test_preview_never_enlarges_and_returns_a_copy():
    img = Image.new("L", (30, 20), 5)
    same = preview(img, max_side=100)
    assert same.size == (30, 20)
    assert same is not img


def test_preview_of_a_tensor_averages_and_keeps_the_value_scale():
    X = torch.zeros(400, 600)
    X[:, 300:] = 4.0  # left half 0, right half 4
    small = preview(X, max_side=60)
    assert small.shape == (40, 60)
    assert small.dtype == torch.float32
    assert float(small.mean()) == pytest.approx(2.0)
    assert float(small[:, :30].max()) == 0.0


def test_preview_of_a_colour_array_keeps_its_channels():
    rgb = np.zeros((50, 100, 3), np.uint8)
    assert preview(rgb, max_side=10).shape == (5, 10, 3)
    assert preview(rgb, max_side=1000).shape == (50, 100, 3)


def test_preview_keeps_at_least_one_pixel_on_each_side():
    assert preview(torch.ones(1, 5000), max_side=100).shape == (1, 100)


@pytest.mark.parametrize("max_side", [0, -1, 2.5, None])
def test_preview_refuses_a_bad_size(max_side):
    with pytest.raises(ValueError, match="max_side"):
        preview(torch.ones(3, 3), max_side=max_side)


# --- display scaling ------------------------------------------------------------------------

Y_EDGES = [[-2.0, 0.0, 1.0, 2.0]]


def test_signed_display_puts_zero_at_mid_grey():
    torch.testing.assert_close(to_display(Y_EDGES, "signed"), torch.tensor([[0.0, 0.5, 0.75, 1.0]]))


def test_absolute_display_shows_both_directions_bright():
    torch.testing.assert_close(
        to_display(Y_EDGES, "absolute"), torch.tensor([[1.0, 0.0, 0.5, 1.0]])
    )


def test_minmax_display_uses_the_full_range():
    torch.testing.assert_close(to_display(Y_EDGES, "minmax"), torch.tensor([[0.0, 0.5, 0.75, 1.0]]))
    torch.testing.assert_close(to_display([[3.0, 5.0]], "minmax"), torch.tensor([[0.0, 1.0]]))


def test_clip_display_keeps_brightness_and_cuts_the_rest():
    torch.testing.assert_close(
        to_display([[-0.5, 0.25, 1.5]], "clip"), torch.tensor([[0, 0.25, 1]])
    )


@pytest.mark.parametrize(
    ("mode", "value"), [("signed", 0.5), ("absolute", 0.0), ("minmax", 0.5), ("clip", 0.0)]
)
def test_a_blank_output_never_divides_by_zero(mode, value):
    torch.testing.assert_close(to_display(torch.zeros(3, 4), mode), torch.full((3, 4), value))


def test_a_constant_output_in_minmax_is_mid_grey():
    torch.testing.assert_close(
        to_display(torch.full((2, 2), 7.0), "minmax"), torch.full((2, 2), 0.5)
    )


# Small outputs Y of any sign, and a display mode.
SMALL_OUTPUTS = arrays(
    np.float32,
    st.tuples(st.integers(1, 6), st.integers(1, 6)),
    elements=st.floats(-1e6, 1e6, width=32),
)
ANY_MODE = st.sampled_from(["signed", "absolute", "minmax", "clip"])


@given(SMALL_OUTPUTS, ANY_MODE)
def test_display_values_always_lie_in_0_1(Y, mode):
    shown = to_display(Y, mode)
    assert shown.dtype == torch.float32
    assert shown.shape == Y.shape
    assert float(shown.min()) >= 0.0
    assert float(shown.max()) <= 1.0


def test_display_refuses_unknown_modes_and_nan():
    with pytest.raises(ValueError, match="signed, absolute, minmax, clip"):
        to_display(Y_EDGES, "log")
    with pytest.raises(ValueError, match="NaN"):
        to_display([[0.0, float("nan")]])


def test_to_uint8_rounds_to_0_255():
    out = to_uint8(torch.tensor([[0.0, 0.5, 1.0, 1.2]]))
    assert out.dtype == np.uint8
    assert out.tolist() == [[0, 128, 255, 255]]
    assert Image.fromarray(to_uint8(to_display(Y_EDGES))).mode == "L"


# --- preview_peaks --------------------------------------------------------------------------


def _block_peaks(values: np.ndarray, factor: int, background: float) -> np.ndarray:
    """Brute force: in each factor×factor block, the value farthest from the background."""
    h, w = values.shape[0] // factor, values.shape[1] // factor
    out = np.empty((h, w), dtype=values.dtype)
    for i in range(h):
        for j in range(w):
            block = values[i * factor : (i + 1) * factor, j * factor : (j + 1) * factor]
            out[i, j] = block.flat[np.argmax(np.abs(block - background))]
    return out


@pytest.mark.parametrize("background", [0.0, 0.5])
def test_preview_peaks_keeps_each_blocks_strongest_value(background):
    rng = np.random.default_rng(11)
    values = rng.random((60, 90)).astype(np.float32)
    small = preview_peaks(values, max_side=30, background=background)
    assert small.shape == (20, 30)
    np.testing.assert_array_equal(small.numpy(), _block_peaks(values, 3, background))


@pytest.mark.parametrize("shape", [(61, 90), (60, 89), (59, 91), (3000, 3999)])
@pytest.mark.parametrize("background", [0.0, 0.5])
def test_preview_peaks_cuts_the_last_blocks_short(shape, background):
    """A size no multiple of the factor (the book's 1×2 on a 4000-column photo gives 3999):
    the last blocks hold what is left, and the padding never wins."""
    rng = np.random.default_rng(12)
    values = rng.random(shape).astype(np.float32) - 0.5 + background  # either side of it
    max_side = -(-max(shape) // 3) if max(shape) < 1000 else 900
    factor = -(-max(shape) // max_side)
    small = preview_peaks(values, max_side=max_side, background=background).numpy()
    rows, cols = -(-shape[0] // factor), -(-shape[1] // factor)
    assert small.shape == (rows, cols)
    cut = values[: shape[0] // factor * factor, : shape[1] // factor * factor]
    np.testing.assert_array_equal(small[: cut.shape[0] // factor, : cut.shape[1] // factor],
                                  _block_peaks(cut, factor, background))  # fmt: skip
    for i, j in [(rows - 1, c) for c in range(cols)] + [(r, cols - 1) for r in range(rows)]:
        block = values[i * factor : (i + 1) * factor, j * factor : (j + 1) * factor]
        assert small[i, j] == block.flat[np.argmax(np.abs(block - background))]


@pytest.mark.parametrize("threads", [1, 2])
def test_preview_peaks_and_range_are_the_same_on_one_thread_or_more(threads):
    """One thread (a busy machine) reduces the rows with NumPy, more with torch: same result."""
    rng = np.random.default_rng(14)
    values = torch.from_numpy(rng.standard_normal((95, 127)).astype(np.float32))
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        small, limits = preview_and_range(values, 26, peaks=True)
    finally:
        torch.set_num_threads(before)
    assert small.shape == (19, 26)
    cut = values.numpy()[:95, :125]
    np.testing.assert_array_equal(small.numpy()[:19, :25], _block_peaks(cut, 5, 0.0))
    assert limits == (float(values.min()), float(values.max()))


def test_preview_peaks_keeps_a_thin_edge_that_averaging_fades():
    edge = np.zeros((300, 400), dtype=np.float32)
    edge[:, 201] = 1.0  # a one-pixel line, as [1, -1] draws on a photo
    assert float(preview_peaks(edge, max_side=100).max()) == 1.0
    assert float(preview(torch.from_numpy(edge), max_side=100).max()) < 0.5
    # Signed: a negative edge around mid-grey survives too.
    signed = np.full((300, 400), 0.5, dtype=np.float32)
    signed[:, 10] = 0.0
    assert float(preview_peaks(signed, max_side=100, background=0.5).min()) == 0.0


def test_preview_peaks_leaves_small_images_alone_and_refuses_bad_input():
    values = torch.rand(40, 50)
    kept = preview_peaks(values, max_side=100)
    assert torch.equal(kept, values)
    assert kept.data_ptr() != values.data_ptr()
    with pytest.raises(ValueError, match="shape"):
        preview_peaks(torch.rand(4, 4, 3))
    with pytest.raises(ValueError, match="finite"):
        preview_peaks(torch.tensor([[0.0, float("nan")]]))


def test_to_display_with_limits_scales_a_part_as_the_whole_is_scaled():
    """A crop or a preview shown with the whole picture's range: same values, same greys."""
    rng = np.random.default_rng(12)
    Y = torch.from_numpy(rng.standard_normal((40, 50)).astype(np.float32))
    part = Y[5:15, 10:30]
    limits = tuple(float(v) for v in torch.aminmax(Y))
    for mode in ("signed", "absolute", "minmax", "clip"):
        torch.testing.assert_close(to_display(part, mode, limits), to_display(Y, mode)[5:15, 10:30])
    with pytest.raises(ValueError, match="smaller first"):
        to_display(Y, "signed", (1.0, -1.0))
    with pytest.raises(ValueError, match="finite"):
        to_display(Y, "signed", (0.0, float("inf")))


def test_preview_peaks_on_sizes_that_do_not_divide_keeps_every_edge_pixel():
    """A 2999×4001 map shrunk by 5: the cut-short last blocks still report their peaks."""
    values = torch.zeros(2999, 4001)
    values[2998, 4000] = -1.0  # the very last pixel, alone in a cut-short corner block
    values[0, 0] = 0.25
    small = preview_peaks(values, max_side=900)
    assert small.shape == (600, 801)
    assert float(small[-1, -1]) == -1.0
    assert float(small[0, 0]) == 0.25
    assert int((small != 0).sum()) == 2


@pytest.mark.parametrize("shape", [(60, 90), (61, 89), (2999, 4001), (5000, 3), (3, 7)])
@pytest.mark.parametrize("peaks", [True, False])
def test_preview_and_range_is_the_preview_and_the_whole_range(shape, peaks):
    """The range comes from the peaks' blocks (or one pass), never from the preview: the
    largest and smallest values of Y, wherever they lie (a cut-short corner block too)."""
    rng = np.random.default_rng(13)
    Y = torch.from_numpy(rng.standard_normal(shape).astype(np.float32))
    Y[-1, -1] = 9.0
    Y[0, -1] = -9.0
    small, limits = preview_and_range(Y, 30, peaks=peaks)
    expected = preview_peaks(Y, 30) if peaks else preview(Y, 30)
    torch.testing.assert_close(small, expected, rtol=0, atol=0)
    assert limits == (-9.0, 9.0)


@pytest.mark.parametrize("peaks", [True, False])
def test_preview_and_range_refuses_what_is_not_finite_or_not_a_map(peaks):
    Y = torch.zeros(40, 60)
    Y[39, 59] = float("nan")
    with pytest.raises(ConvInputError, match="finite"):
        preview_and_range(Y, 10, peaks=peaks)
    Y[39, 59] = float("inf")
    with pytest.raises(ConvInputError, match="finite"):
        preview_and_range(Y, 10, peaks=peaks)
    with pytest.raises(ConvInputError, match="shape"):
        preview_and_range(torch.zeros(4, 4, 3), 10, peaks=peaks)
    with pytest.raises(ValueError, match="max_side"):
        preview_and_range(torch.zeros(4, 4), 0, peaks=peaks)
    small, limits = preview_and_range(np.ones((4, 5)), 10, peaks=peaks)  # not float32: as_tensor
    assert small.dtype == torch.float32
    assert limits == (1.0, 1.0)


@given(SMALL_OUTPUTS, ANY_MODE)
def test_displayed_levels_match_the_formula_in_float64(Y, mode):
    """to_uint8(to_display(Y)) against each mode's formula computed in float64: the same level,
    or the next one where float32's rounding lands on the other side of a half."""
    low, high = float(Y.min()), float(Y.max())
    y, peak = Y.astype(np.float64), max(-low, high)
    if mode == "clip":
        shown = y
    elif mode == "minmax":
        shown = (y - low) / (high - low) if high > low else np.full_like(y, 0.5)
    elif mode == "absolute":
        shown = np.abs(y) / peak if peak else np.zeros_like(y)
    else:
        shown = y / (2 * peak) + 0.5 if peak else np.full_like(y, 0.5)
    expected = np.rint(np.clip(shown, 0, 1) * 255)
    got = to_uint8(to_display(Y, mode))
    assert got.dtype == np.uint8
    assert got.shape == Y.shape
    assert np.abs(got.astype(np.float64) - expected).max() <= 1


@pytest.mark.parametrize("mode", ["signed", "absolute", "minmax"])
def test_a_denormal_peak_is_scaled_not_turned_into_nan(mode):
    """Found by hypothesis: max|Y| = 2.65e-42 made 1/max|Y| infinite, and 0 × inf NaN."""
    Y = torch.tensor([[0.0, 2.65e-42]])
    shown = to_display(Y, mode)
    assert torch.isfinite(shown).all()
    assert float(shown[0, 1]) == 1.0


# ------------------------------------------------------------------ colour: D2L §7.4's X


def test_to_rgb_puts_the_channels_first_in_0_1():
    pixels = np.array([[RED, GREEN], [BLUE, (10, 20, 30)]], dtype=np.uint8)
    X = to_rgb(Image.fromarray(pixels, "RGB"))
    assert X.dtype == torch.float32
    assert X.shape == (3, 2, 2)
    np.testing.assert_array_equal(X.numpy(), pixels.transpose(2, 0, 1) / np.float32(255))
    assert X[0, 0, 0] == 1
    assert X[1, 0, 0] == 0
    torch.testing.assert_close(to_rgb(pixels), X)
    torch.testing.assert_close(to_rgb(torch.from_numpy(pixels)), X)


def test_to_rgb_of_a_grey_picture_has_three_equal_channels():
    grey = np.array([[0, 128], [255, 7]], dtype=np.uint8)
    for X in (to_rgb(Image.fromarray(grey, "L")), to_rgb(grey)):
        assert X.shape == (3, 2, 2)
        assert torch.equal(X[0], X[1])
        assert torch.equal(X[1], X[2])
        np.testing.assert_array_equal(X[0].numpy(), grey / np.float32(255))


def test_to_rgb_composites_transparency_on_white_and_agrees_with_to_gray():
    rgba = Image.new("RGBA", (3, 2), (255, 0, 0, 0))  # fully transparent red
    assert to_rgb(rgba).tolist() == [[[1.0] * 3] * 2] * 3
    img = Image.fromarray(np.random.default_rng(0).integers(0, 256, (5, 4, 3), np.uint8), "RGB")
    weights = torch.tensor([0.299, 0.587, 0.114])[:, None, None]
    torch.testing.assert_close((to_rgb(img) * weights).sum(0), to_gray(img), atol=1e-6, rtol=0)


@pytest.mark.parametrize(
    ("image", "code"),
    [
        (np.zeros((2, 2, 4), np.uint8), "image_shape"),
        (np.zeros((2,), np.uint8), "image_shape"),
        (np.zeros((2, 2, 3), np.float32), "image_dtype"),
        ([[1, 2], [3, 4]], "image_dtype"),
    ],
)
def test_to_rgb_refuses_what_is_not_an_rgb_picture(image, code):
    with pytest.raises(ConvInputError) as info:
        to_rgb(image)
    assert info.value.code == code


def test_rgb_preview_keeps_colour_and_shrinks_a_photo():
    img = Image.new("RGB", (4000, 3000), (200, 30, 90))
    small = rgb_preview(img, 400)
    assert small.shape == (300, 400, 3)
    assert small.dtype == np.uint8
    assert tuple(small[150, 200]) == (200, 30, 90)
    grey = rgb_preview(Image.new("L", (30, 20), 77), 400)
    assert grey.shape == (20, 30, 3)
    assert (grey == 77).all()
    assert (
        rgb_preview(Image.new("RGBA", (2, 2), (0, 0, 0, 0)), 10).tolist() == [[[255] * 3] * 2] * 2
    )
    with pytest.raises(TypeError):
        rgb_preview(np.zeros((2, 2, 3), np.uint8), 10)


def test_a_decoded_upload_becomes_an_rgb_preview_with_its_checks_kept():
    """The colour path starts at decode_image: its bomb check and EXIF turn still apply."""
    img = Image.new("RGB", (40, 20), RED)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise on display
    data = encode(img, "JPEG", exif=exif.tobytes())
    small = rgb_preview(decode_image(data), 10)
    assert small.shape == (10, 5, 3)  # upright: 20 wide, 40 high, shrunk to 10
    assert small[..., 0].min() > 200
    assert small[..., 1].max() < 60
    with pytest.raises(ConvInputError) as info:
        decode_image(data, max_pixels=100)
    assert info.value.code == "too_large"
