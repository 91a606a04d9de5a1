"""The safe loader: hostile files give ImageLoadError, good files come out upright RGB or RGBA."""

from __future__ import annotations

import errno
import io
import os
import pickle
import random
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from maskmeme_gui.fileio import images
from maskmeme_gui.fileio.images import ImageLoadError, LoadedImage, load_image, load_image_bytes

SUPPORTED = "use PNG, JPEG, WebP, GIF, BMP or TIFF"


# -- helpers -------------------------------------------------------------------------------


def encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def sample_rgb(size: tuple[int, int] = (24, 16)) -> Image.Image:
    """Four flat quadrants, so lossy codecs keep each colour recognisable."""
    image = Image.new("RGB", size, (200, 30, 40))
    w, h = size
    image.paste((30, 160, 60), (w // 2, 0, w, h // 2))
    image.paste((40, 60, 210), (0, h // 2, w // 2, h))
    image.paste((240, 220, 20), (w // 2, h // 2, w, h))
    return image


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 12) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def png_claiming_size(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` but whose data is one tiny row."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def gif_frames(count: int, size: tuple[int, int] = (8, 8)) -> list[Image.Image]:
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (0, 255, 255)]
    return [Image.new("RGB", size, colours[i % len(colours)]) for i in range(count)]


def animated(fmt: str, frames: list[Image.Image], durations: list[int], **params: object) -> bytes:
    first, *rest = frames
    return encode(
        first, fmt, save_all=True, append_images=rest, duration=durations, loop=0, **params
    )


def gif_image_descriptors(data: bytes) -> list[int]:
    """Offsets of the image descriptors (0x2C blocks) of a GIF, found by walking its blocks."""
    flags = data[10]
    offset = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    descriptors = []
    while data[offset] != 0x3B:
        if data[offset] == 0x21:  # extension: label, then data sub-blocks
            offset += 2
        else:
            descriptors.append(offset)
            local = data[offset + 9]
            offset += 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0) + 1
        while data[offset]:
            offset += data[offset] + 1
        offset += 1
    return descriptors


def assert_load_error(load: Callable[[], LoadedImage], message: str) -> ImageLoadError:
    with pytest.raises(ImageLoadError) as caught:
        load()
    assert str(caught.value) == message
    return caught.value


# -- good files ----------------------------------------------------------------------------


def test_opaque_png_loads_as_rgb_without_metadata(tmp_path: Path) -> None:
    source = sample_rgb()
    path = write(tmp_path, "photo.png", encode(source, "PNG", dpi=(300, 300)))

    loaded = load_image(path)

    assert loaded.format == "PNG"
    assert loaded.source_path == path
    assert loaded.image.mode == "RGB"
    assert loaded.size == source.size
    assert loaded.image.tobytes() == source.tobytes()
    assert loaded.frames == [loaded.image]
    assert len(loaded.durations) == 1
    assert not loaded.is_animated
    assert not loaded.animation_truncated
    assert loaded.image.info == {}


def test_bytes_load_has_no_source_path() -> None:
    loaded = load_image_bytes(encode(sample_rgb(), "JPEG"), "Pasted image")

    assert loaded.format == "JPEG"
    assert loaded.source_path is None
    assert loaded.image.mode == "RGB"


@pytest.mark.parametrize(
    ("fmt", "params"),
    [
        ("BMP", {}),
        ("TIFF", {}),
        ("TIFF", {"compression": "tiff_lzw"}),
        ("WEBP", {"lossless": True}),
    ],
)
def test_lossless_formats_round_trip_exactly(fmt: str, params: dict[str, object]) -> None:
    source = sample_rgb()

    loaded = load_image_bytes(encode(source, fmt, **params), f"image.{fmt.lower()}")

    assert loaded.format == fmt
    assert loaded.image.tobytes() == source.tobytes()


def test_multi_page_tiff_gives_its_first_page_not_an_animation() -> None:
    pages = gif_frames(3)
    data = encode(pages[0], "TIFF", save_all=True, append_images=pages[1:])

    loaded = load_image_bytes(data, "scan.tiff")

    assert not loaded.is_animated
    assert loaded.image.convert("RGBA").getpixel((0, 0)) == (255, 0, 0, 255)


def test_phone_multi_picture_jpeg_loads_as_its_main_jpeg() -> None:
    main, preview = sample_rgb(), Image.new("RGB", (24, 16), "black")
    data = encode(main, "MPO", save_all=True, append_images=[preview])

    loaded = load_image_bytes(data, "phone.jpg")

    assert loaded.format == "JPEG"
    assert not loaded.is_animated
    assert close(loaded.image.convert("RGBA").getpixel((2, 2)), (200, 30, 40, 255))


# -- colour modes --------------------------------------------------------------------------


def test_cmyk_jpeg_becomes_rgb_colours() -> None:
    cmyk = Image.new("CMYK", (16, 16), (255, 0, 0, 0))  # pure cyan ink
    cmyk.paste((0, 0, 0, 255), (8, 0, 16, 16))  # pure black ink

    loaded = load_image_bytes(encode(cmyk, "JPEG", quality=95), "print.jpg")

    assert loaded.image.mode == "RGB"
    assert close(loaded.image.convert("RGBA").getpixel((2, 8)), (0, 255, 255, 255))
    assert close(loaded.image.convert("RGBA").getpixel((13, 8)), (0, 0, 0, 255))


def test_16_bit_grey_png_is_scaled_to_8_bits_not_clipped() -> None:
    levels = [0, 257, 128 * 257, 200 * 257 + 100, 65535]
    grey16 = Image.new("I;16", (len(levels), 1))
    for x, level in enumerate(levels):
        grey16.putpixel((x, 0), level)
    data = encode(grey16, "PNG")
    assert Image.open(io.BytesIO(data)).mode.startswith("I;16")  # the case under test

    loaded = load_image_bytes(data, "scan.png")

    assert [loaded.image.convert("RGBA").getpixel((x, 0)) for x in range(len(levels))] == [
        (v, v, v, 255) for v in (0, 1, 128, 200, 255)
    ]


def test_32_bit_integer_tiff_in_16_bit_range_is_scaled() -> None:
    wide = Image.new("I", (2, 1))
    wide.putpixel((0, 0), 0)
    wide.putpixel((1, 0), 32896)

    loaded = load_image_bytes(encode(wide, "TIFF"), "depth.tiff")

    assert [loaded.image.convert("RGBA").getpixel((x, 0))[0] for x in range(2)] == [0, 128]


def test_float_tiff_outside_unit_range_is_stretched_to_full_grey_range() -> None:
    floats = Image.new("F", (3, 1))
    for x, value in enumerate((-2.0, 1.0, 4.0)):
        floats.putpixel((x, 0), value)

    loaded = load_image_bytes(encode(floats, "TIFF"), "science.tiff")

    assert [loaded.image.convert("RGBA").getpixel((x, 0))[0] for x in range(3)] == [0, 128, 255]


def test_palette_png_with_transparency_keeps_its_holes() -> None:
    paletted = Image.new("P", (4, 1))
    paletted.putpalette([0, 0, 0, 250, 10, 10, 10, 250, 10])
    for x, index in enumerate((0, 1, 2, 0)):
        paletted.putpixel((x, 0), index)

    loaded = load_image_bytes(encode(paletted, "PNG", transparency=0), "sticker.png")

    pixels = [loaded.image.convert("RGBA").getpixel((x, 0)) for x in range(4)]
    assert pixels == [(0, 0, 0, 0), (250, 10, 10, 255), (10, 250, 10, 255), (0, 0, 0, 0)]


def test_grey_with_alpha_png() -> None:
    grey_alpha = Image.new("LA", (2, 1))
    grey_alpha.putpixel((0, 0), (90, 255))
    grey_alpha.putpixel((1, 0), (200, 40))

    loaded = load_image_bytes(encode(grey_alpha, "PNG"), "tear.png")

    assert loaded.image.convert("RGBA").getpixel((0, 0)) == (90, 90, 90, 255)
    assert loaded.image.convert("RGBA").getpixel((1, 0)) == (200, 200, 200, 40)


def test_one_bit_png() -> None:
    bilevel = Image.new("1", (2, 1))
    bilevel.putpixel((1, 0), 1)

    loaded = load_image_bytes(encode(bilevel, "PNG"), "fax.png")

    assert loaded.image.convert("RGBA").getpixel((0, 0)) == (0, 0, 0, 255)
    assert loaded.image.convert("RGBA").getpixel((1, 0)) == (255, 255, 255, 255)


# -- EXIF orientation ----------------------------------------------------------------------

# Where displayed pixel (x, y) comes from in the stored w x h picture, per the EXIF spec.
DISPLAYED_FROM_STORED: dict[int, Callable[[int, int, int, int], tuple[int, int]]] = {
    1: lambda x, y, w, h: (x, y),
    2: lambda x, y, w, h: (w - 1 - x, y),  # mirrored left-right
    3: lambda x, y, w, h: (w - 1 - x, h - 1 - y),  # upside down
    4: lambda x, y, w, h: (x, h - 1 - y),  # mirrored top-bottom
    5: lambda x, y, w, h: (y, x),  # mirrored, then turned
    6: lambda x, y, w, h: (y, h - 1 - x),  # camera held turned clockwise
    7: lambda x, y, w, h: (w - 1 - y, h - 1 - x),
    8: lambda x, y, w, h: (w - 1 - y, x),  # camera held turned anticlockwise
}


def exif_with_orientation(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x0110] = "TestCam"
    return exif.tobytes()


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_is_applied(orientation: int) -> None:
    stored = Image.new("RGB", (3, 2))
    for i, xy in enumerate((x, y) for y in range(2) for x in range(3)):
        stored.putpixel(xy, (40 * i, 255 - 40 * i, 7 * i))  # every pixel distinct
    data = encode(stored, "PNG", exif=exif_with_orientation(orientation))

    loaded = load_image_bytes(data, "photo.png")

    w, h = stored.size
    expected_size = (h, w) if orientation >= 5 else (w, h)
    assert loaded.size == expected_size
    for y in range(expected_size[1]):
        for x in range(expected_size[0]):
            source = DISPLAYED_FROM_STORED[orientation](x, y, w, h)
            assert loaded.image.convert("RGBA").getpixel((x, y)) == (*stored.getpixel(source), 255)


def test_jpeg_orientation_is_applied_and_dropped_from_kept_exif() -> None:
    data = encode(sample_rgb((40, 20)), "JPEG", quality=95, exif=exif_with_orientation(6))

    loaded = load_image_bytes(data, "photo.jpg")

    assert loaded.size == (20, 40)
    # Turned clockwise, the stored top-left red quadrant ends up top-right.
    assert close(loaded.image.convert("RGBA").getpixel((17, 3)), (200, 30, 40, 255))
    assert loaded.exif is not None
    kept = Image.Exif()
    kept.load(loaded.exif)
    assert 0x0112 not in kept
    assert kept[0x0110] == "TestCam"


def jpeg_with_broken_exif(corrupt: Callable[[bytearray, int], None]) -> bytes:
    data = bytearray(encode(sample_rgb((40, 20)), "JPEG", exif=exif_with_orientation(6)))
    tiff_header = data.index(b"Exif\x00\x00") + 6
    corrupt(data, tiff_header)
    return bytes(data)


def scramble_byte_order(data: bytearray, tiff: int) -> None:
    data[tiff : tiff + 2] = b"XX"


def point_first_directory_outside(data: bytearray, tiff: int) -> None:
    data[tiff + 4 : tiff + 8] = b"\xff\xff\xff\xf0"


@pytest.mark.parametrize("corrupt", [scramble_byte_order, point_first_directory_outside])
@pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning")
def test_malformed_exif_loads_unrotated(corrupt: Callable[[bytearray, int], None]) -> None:
    loaded = load_image_bytes(jpeg_with_broken_exif(corrupt), "edited.jpg")

    assert loaded.size == (40, 20)


def test_exif_that_makes_pillow_raise_loads_unrotated(monkeypatch: pytest.MonkeyPatch) -> None:
    data = encode(sample_rgb((40, 20)), "JPEG", exif=exif_with_orientation(6))

    def broken_getexif(self: Image.Image) -> Image.Exif:
        raise SyntaxError("corrupt EXIF")

    monkeypatch.setattr(Image.Image, "getexif", broken_getexif)
    loaded = load_image_bytes(data, "edited.jpg")

    assert loaded.size == (40, 20)
    assert loaded.exif is None


# -- animations ----------------------------------------------------------------------------


def test_animated_gif_frames_and_durations() -> None:
    data = animated("GIF", gif_frames(3), [50, 120, 80])

    loaded = load_image_bytes(data, "cry.gif")

    assert loaded.format == "GIF"
    assert loaded.is_animated
    assert loaded.durations == [50, 120, 80]
    assert [frame.getpixel((4, 4)) for frame in loaded.frames] == [
        (255, 0, 0, 255),
        (0, 255, 0, 255),
        (0, 0, 255, 255),
    ]
    assert all(frame.mode == "RGBA" and frame.size == (8, 8) for frame in loaded.frames)
    assert loaded.image is loaded.frames[0]


def test_zero_gif_delays_play_at_browser_speed() -> None:
    loaded = load_image_bytes(animated("GIF", gif_frames(2), [0, 0]), "fast.gif")

    assert loaded.durations == [100, 100]


def test_animated_webp_frames_and_durations() -> None:
    data = animated("WEBP", gif_frames(3), [70, 140, 210], lossless=True)

    loaded = load_image_bytes(data, "cry.webp")

    assert loaded.format == "WEBP"
    assert loaded.durations == [70, 140, 210]
    assert [frame.getpixel((4, 4)) for frame in loaded.frames] == [
        (255, 0, 0, 255),
        (0, 255, 0, 255),
        (0, 0, 255, 255),
    ]


def test_animated_webp_keeps_transparency_its_header_does_not_declare() -> None:
    frames = []
    for x in (0, 8):
        frame = Image.new("RGBA", (16, 8), (0, 0, 0, 0))
        frame.paste((200, 30, 40, 255), (x, 0, x + 4, 8))
        frames.append(frame)
    data = animated("WEBP", frames, [100, 100], lossless=True)

    loaded = load_image_bytes(data, "sticker.webp")

    assert loaded.frames[0].getpixel((12, 4)) == (0, 0, 0, 0)
    assert loaded.frames[1].getpixel((2, 4)) == (0, 0, 0, 0)
    assert loaded.frames[1].getpixel((9, 4)) == (200, 30, 40, 255)


def test_animated_png_frames() -> None:
    data = animated("PNG", gif_frames(2), [40, 60])

    loaded = load_image_bytes(data, "cry.png")

    assert loaded.durations == [40, 60]
    assert loaded.frames[1].getpixel((0, 0)) == (0, 255, 0, 255)


@pytest.mark.parametrize(("cap", "expected", "truncated"), [(3, 3, True), (5, 5, False)])
def test_frame_count_is_capped(
    monkeypatch: pytest.MonkeyPatch, cap: int, expected: int, truncated: bool
) -> None:
    monkeypatch.setattr(images, "MAX_FRAMES", cap)

    loaded = load_image_bytes(animated("GIF", gif_frames(5), [100] * 5), "long.gif")

    assert len(loaded.frames) == len(loaded.durations) == expected
    assert loaded.animation_truncated is truncated


@pytest.mark.parametrize(("budget_frames", "truncated"), [(2, True), (5, False)])
def test_decoded_pixels_of_an_animation_are_bounded(
    monkeypatch: pytest.MonkeyPatch, budget_frames: int, truncated: bool
) -> None:
    monkeypatch.setattr(images, "MAX_ANIMATION_PIXELS", budget_frames * 8 * 8)

    loaded = load_image_bytes(animated("GIF", gif_frames(5), [100] * 5), "long.gif")

    assert len(loaded.frames) == budget_frames
    assert loaded.animation_truncated is truncated


def test_damaged_later_frame_keeps_the_frames_before_it() -> None:
    data = animated("GIF", gif_frames(5, (32, 32)), [100] * 5)
    last_frame = gif_image_descriptors(data)[-1]

    loaded = load_image_bytes(data[: last_frame + 14], "cut.gif")

    assert 1 <= len(loaded.frames) < 5
    assert loaded.animation_truncated
    assert loaded.frames[0].getpixel((0, 0)) == (255, 0, 0, 255)


def gif_with_far_away_second_frame(left: int, top: int) -> bytes:
    data = bytearray(animated("GIF", gif_frames(2), [100, 100]))
    second = gif_image_descriptors(bytes(data))[1]
    data[second + 1 : second + 5] = struct.pack("<HH", left, top)
    return bytes(data)


def test_later_gif_frame_growing_the_canvas_past_the_limit_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = gif_with_far_away_second_frame(100, 0)  # the canvas grows from 8x8 to 108x8
    assert len(load_image_bytes(data, "ok.gif").frames) == 2
    monkeypatch.setattr(images, "MAX_PIXELS", 200)

    error = assert_load_error(
        lambda: load_image_bytes(data, "bomb.gif"),
        "bomb.gif: the picture is too large to open safely (108 x 8 pixels; "
        "the limit is 200 pixels)",
    )
    assert error.path == Path("bomb.gif")


def test_later_gif_frame_that_is_a_decompression_bomb_is_refused() -> None:
    data = gif_with_far_away_second_frame(65000, 65000)

    with pytest.raises(ImageLoadError, match="too large to open safely"):
        load_image_bytes(data, "bomb.gif")


# -- hostile files -------------------------------------------------------------------------


NOT_AN_IMAGE = f"it is not an image maskmeme can open; {SUPPORTED}"
NOT_SVG = f"SVG files are not supported; {SUPPORTED}"
DAMAGED = "the file is truncated or damaged"


def noisy_image(size: tuple[int, int] = (64, 64)) -> Image.Image:
    """Incompressible, so cutting the file in half really loses pixel data."""
    return Image.frombytes("RGB", size, random.Random(1).randbytes(size[0] * size[1] * 3))


def first_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("noise.png", random.Random(7).randbytes(4096), NOT_AN_IMAGE),
        ("notes.png", b"shopping list: tissues, more tissues\n", NOT_AN_IMAGE),
        ("x.svg", b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', NOT_SVG),
        ("drawing.png", b"<svg width='9' height='9'></svg>", NOT_SVG),
        ("bom.svg", b"\xef\xbb\xbf\n<svg width='9' height='9'></svg>", NOT_SVG),
        (
            "IMG_0001.jpg",
            b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
            f"HEIC files are not supported; {SUPPORTED}",
        ),
        ("doc.png", b"%PDF-1.7\n", f"PDF files are not supported; {SUPPORTED}"),
        ("empty.png", b"", "the file is empty"),
        ("half.png", first_half(encode(noisy_image(), "PNG")), DAMAGED),
        ("half.jpg", first_half(encode(noisy_image(), "JPEG")), DAMAGED),
        ("half.gif", first_half(encode(noisy_image(), "GIF")), DAMAGED),
        ("half.webp", first_half(encode(noisy_image(), "WEBP")), DAMAGED),
        ("half.bmp", first_half(encode(noisy_image(), "BMP")), DAMAGED),
        ("half.tiff", first_half(encode(noisy_image(), "TIFF")), DAMAGED),
        ("head.png", b"\x89PNG\r\n\x1a\n\x00\x00", DAMAGED),
    ],
)
def test_hostile_bytes_give_a_plain_error(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    assert_load_error(lambda: load_image(write(tmp_path, name, data)), f"{name}: {reason}")
    assert_load_error(lambda: load_image_bytes(data, name), f"{name}: {reason}")


def test_load_error_survives_pickling() -> None:
    error = ImageLoadError("/photos/cry.jpg", "the file is truncated or damaged")

    copy = pickle.loads(pickle.dumps(error))

    assert (copy.path, copy.reason, str(copy)) == (error.path, error.reason, str(error))
    assert str(copy) == "cry.jpg: the file is truncated or damaged"


def test_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "holiday.png"
    folder.mkdir()

    assert_load_error(lambda: load_image(folder), "holiday.png: it is a folder, not an image file")


def test_missing_file_is_refused(tmp_path: Path) -> None:
    assert_load_error(
        lambda: load_image(tmp_path / "gone.png"), "gone.png: the file does not exist"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.png"
    os.mkfifo(pipe)

    assert_load_error(lambda: load_image(pipe), "pipe.png: it is not a regular file")


def test_unreadable_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, where chmod cannot make a file unreadable: simulate the refusal.
    path = write(tmp_path, "secret.png", encode(sample_rgb(), "PNG"))

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)

    assert_load_error(
        lambda: load_image(path), "secret.png: permission denied: the file cannot be read"
    )


def test_disk_error_while_reading_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "scratched.png", encode(sample_rgb(), "PNG"))

    class FailingDisk(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(Path, "open", lambda self, *args, **kwargs: FailingDisk())

    assert_load_error(
        lambda: load_image(path), "scratched.png: the disk reported an error while reading it"
    )


@pytest.mark.parametrize(
    "failure",
    [
        ValueError("bad tile"),
        SyntaxError("broken PNG file"),
        struct.error("unpack requires a buffer"),
        EOFError(),
        ZeroDivisionError(),
        IndexError(),
        TypeError(),
        OSError("image file is truncated"),
        RuntimeError("anything else"),
    ],
)
def test_any_pillow_failure_becomes_a_load_error(
    monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    def failing_open(*args: object, **kwargs: object) -> Image.Image:
        raise failure

    monkeypatch.setattr(Image, "open", failing_open)

    assert_load_error(
        lambda: load_image_bytes(b"\x89PNG\r\n\x1a\n", "meme.png"),
        "meme.png: the file is truncated or damaged",
    )


def test_running_out_of_memory_becomes_a_load_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(self: Image.Image) -> None:
        raise MemoryError

    monkeypatch.setattr(images.ImageFile.ImageFile, "load", exhausted)

    assert_load_error(
        lambda: load_image_bytes(encode(sample_rgb(), "PNG"), "huge.png"),
        "huge.png: there is not enough memory to open it",
    )


# -- decompression bombs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (100_000, 100_000),  # past twice Pillow's limit: Pillow raises DecompressionBombError
        (10_000, 9_000),  # past Pillow's limit: Pillow only warns
        (9_000, 9_000),  # within Pillow's limit but past maskmeme's
    ],
)
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_decompression_bomb_is_refused(width: int, height: int) -> None:
    with pytest.raises(ImageLoadError, match="too large to open safely"):
        load_image_bytes(png_claiming_size(width, height), "bomb.png")


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
def test_bomb_warning_raised_as_an_exception_is_refused_too() -> None:
    with pytest.raises(ImageLoadError, match="too large to open safely"):
        load_image_bytes(png_claiming_size(10_000, 9_000), "bomb.png")


def test_pixel_limit_is_the_module_constant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "MAX_PIXELS", 100)

    assert_load_error(
        lambda: load_image_bytes(encode(sample_rgb((20, 20)), "PNG"), "big.png"),
        "big.png: the picture is too large to open safely (20 x 20 pixels; "
        "the limit is 100 pixels)",
    )
    assert load_image_bytes(encode(sample_rgb((10, 10)), "PNG"), "small.png").size == (10, 10)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_lower_pillow_limit_set_elsewhere_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)

    with pytest.raises(ImageLoadError, match="too large to open safely"):
        load_image_bytes(encode(sample_rgb((15, 10)), "PNG"), "big.png")


# -- fuzzing -------------------------------------------------------------------------------


def _seed_files() -> list[bytes]:
    picture = sample_rgb((12, 9)).convert("RGBA")
    picture.putpixel((0, 0), (0, 0, 0, 0))
    return [
        encode(picture, "PNG"),
        encode(picture.convert("RGB"), "JPEG", exif=exif_with_orientation(6)),
        animated("GIF", gif_frames(3, (12, 9)), [50, 60, 70]),
        animated("WEBP", [picture, picture.rotate(180)], [50, 60]),
        encode(picture, "WEBP"),
        encode(picture.convert("RGB"), "BMP"),
        encode(picture, "TIFF", compression="tiff_lzw"),
    ]


SEED_FILES = _seed_files()


@st.composite
def damaged_files(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEED_FILES)))
    for _ in range(draw(st.integers(0, 6))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data[: draw(st.integers(0, len(data)))])


def load_or_refuse(data: bytes) -> None:
    # A small pixel limit keeps mutated headers from making the fuzzer allocate real bombs.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(images, "MAX_PIXELS", 1_000_000)
        try:
            loaded = load_image_bytes(data, "fuzz.bin")
        except ImageLoadError as error:
            assert str(error).startswith("fuzz.bin: ")
            return
    assert loaded.image.mode in ("RGB", "RGBA")
    assert all(frame.size == loaded.size for frame in loaded.frames)
    assert len(loaded.durations) == len(loaded.frames)


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow's notes about corrupt EXIF
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=2048), damaged_files()))
def test_any_bytes_load_or_give_a_load_error(data: bytes) -> None:
    load_or_refuse(data)
