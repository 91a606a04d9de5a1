"""The reduced decode for thumbnails: the safe loader's checks, never a full-size decode."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat, JpegImagePlugin

from maskmeme_gui.fileio import images
from maskmeme_gui.fileio.images import ImageLoadError, load_image, load_image_reduced
from test_images import (
    DISPLAYED_FROM_STORED,
    encode,
    exif_with_orientation,
    png_claiming_size,
    sample_rgb,
    write,
)


def test_a_picture_is_shrunk_to_fit_keeping_its_aspect(tmp_path: Path) -> None:
    path = write(tmp_path, "wide.png", encode(sample_rgb((800, 400)), "PNG"))
    reduced = load_image_reduced(path, 100)
    assert reduced.size == (100, 50)
    assert reduced.mode == "RGB"
    full = load_image(path).image.resize((100, 50), Image.Resampling.LANCZOS)
    assert reduced.getpixel((10, 10)) == full.getpixel((10, 10))


def test_a_small_picture_is_not_enlarged_and_its_pixels_are_loaded(tmp_path: Path) -> None:
    path = write(tmp_path, "small.png", encode(sample_rgb((24, 16)), "PNG"))
    reduced = load_image_reduced(path, 100)
    path.unlink()  # the pixels must not depend on the file any more
    assert reduced.size == (24, 16)
    assert reduced.getpixel((1, 1)) == (200, 30, 40)


def test_a_jpeg_is_decoded_at_a_reduced_scale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded: list[tuple[int, int]] = []
    original = JpegImagePlugin.JpegImageFile.load

    def spy(self: JpegImagePlugin.JpegImageFile) -> object:
        result = original(self)
        decoded.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", spy)
    path = write(tmp_path, "photo.jpg", encode(sample_rgb((4000, 3000)), "JPEG"))
    assert load_image_reduced(path, 160).size == (160, 120)
    # Decoded at 1/8 scale (500 x 375), not at 12 megapixels.
    assert decoded and max(max(size) for size in decoded) <= 500


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_is_applied(tmp_path: Path, orientation: int) -> None:
    stored = Image.new("RGB", (3, 2))
    for i, xy in enumerate((x, y) for y in range(2) for x in range(3)):
        stored.putpixel(xy, (40 * i, 255 - 40 * i, 7 * i))
    path = write(
        tmp_path, "turned.png", encode(stored, "PNG", exif=exif_with_orientation(orientation))
    )
    reduced = load_image_reduced(path, 10)
    w, h = stored.size
    expected = (h, w) if orientation >= 5 else (w, h)
    assert reduced.size == expected
    for y in range(expected[1]):
        for x in range(expected[0]):
            assert reduced.getpixel((x, y)) == stored.getpixel(
                DISPLAYED_FROM_STORED[orientation](x, y, w, h)
            )


def test_a_turned_jpeg_is_upright_after_the_reduced_decode(tmp_path: Path) -> None:
    photo = Image.new("RGB", (1600, 800), (220, 30, 30))
    photo.paste((30, 60, 220), (800, 0, 1600, 800))
    path = write(tmp_path, "turned.jpg", encode(photo, "JPEG", exif=exif_with_orientation(6)))
    reduced = load_image_reduced(path, 100)
    assert reduced.size == (50, 100)
    top, bottom = reduced.getpixel((25, 10)), reduced.getpixel((25, 90))
    assert top[0] > 180 and bottom[2] > 180  # the left (red) half is now on top


def test_transparency_is_kept(tmp_path: Path) -> None:
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    image.paste((250, 0, 0, 255), (0, 0, 100, 100))
    path = write(tmp_path, "cut-out.webp", encode(image, "WEBP", lossless=True))
    reduced = load_image_reduced(path, 50)
    assert reduced.mode == "RGBA" and reduced.size == (50, 25)
    assert reduced.getpixel((5, 10))[3] == 255 and reduced.getpixel((45, 10))[3] == 0


def test_an_animation_gives_its_first_frame(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (100, 100), colour) for colour in ((250, 0, 0), (0, 0, 250))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
    reduced = load_image_reduced(write(tmp_path, "anim.gif", buffer.getvalue()), 40)
    assert reduced.size == (40, 40)
    assert reduced.getpixel((20, 20))[:3] == (250, 0, 0)


@pytest.mark.parametrize(
    ("width", "height"),
    [(100_000, 100_000), (10_000, 9_000), (9_000, 9_000)],
)
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_decompression_bombs_are_refused(tmp_path: Path, width: int, height: int) -> None:
    path = write(tmp_path, "bomb.png", png_claiming_size(width, height))
    with pytest.raises(ImageLoadError, match="too large to open safely"):
        load_image_reduced(path, 160)


def test_the_pixel_limit_applies_although_the_result_is_small(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    path = write(tmp_path, "photo.jpg", encode(sample_rgb((400, 300)), "JPEG"))
    with pytest.raises(ImageLoadError, match="400 x 300 pixels"):
        load_image_reduced(path, 16)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("icon.ico", encode(sample_rgb((16, 16)), "ICO"), "not an image maskmeme can open"),
        ("art.psd", b"8BPS\x00\x01" + b"\x00" * 40, "Photoshop (PSD) files are not supported"),
        ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG files are not supported"),
        ("cut.png", encode(sample_rgb((64, 64)), "PNG")[:60], "damaged"),
        ("empty.jpg", b"", "empty"),
    ],
)
def test_disallowed_or_damaged_files_are_refused(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    with pytest.raises(ImageLoadError, match=re.escape(reason)) as caught:
        load_image_reduced(write(tmp_path, name, data), 160)
    assert name in str(caught.value)


def test_a_folder_or_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImageLoadError, match="folder"):
        load_image_reduced(tmp_path, 160)
    with pytest.raises(ImageLoadError, match="does not exist"):
        load_image_reduced(tmp_path / "gone.png", 160)


def test_a_size_below_one_pixel_is_a_programming_error(tmp_path: Path) -> None:
    path = write(tmp_path, "a.png", encode(sample_rgb(), "PNG"))
    with pytest.raises(ValueError, match="max_side"):
        load_image_reduced(path, 0)


@pytest.mark.parametrize("kind", ["palette", "16-bit grey"])
def test_palette_and_16_bit_pictures_are_shrunk_before_they_are_widened(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = (1500, 1000)
    if kind == "palette":
        picture = sample_rgb(size).quantize(64)
        picture.info["transparency"] = 3
    else:
        picture = Image.linear_gradient("L").resize(size).convert("I;16")
        picture = picture.point(lambda value: value * 200)
    path = tmp_path / "big.png"
    picture.save(path)
    expected_mode = "RGBA" if kind == "palette" else "RGB"
    # What converting the whole picture first gives.
    whole = images._to_mode(Image.open(path), expected_mode)
    whole.thumbnail((100, 100), Image.Resampling.LANCZOS, reducing_gap=images._REDUCING_GAP)

    widened: list[int] = []
    convert = Image.Image.convert

    def recording(im: Image.Image, mode: str | None = None, *args: object, **kw: object) -> object:
        if mode in ("RGB", "RGBA", "I"):
            widened.append(im.width * im.height)
        return convert(im, mode, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Image.Image, "convert", recording)
    monkeypatch.setattr(images, "_STRIP_PIXELS", 100_000)
    reduced = load_image_reduced(path, 100)
    assert max(widened) <= 100_000 + size[0] * 20  # a strip at a time, never the whole
    assert reduced.mode == expected_mode and reduced.size == whole.size == (100, 67)
    difference = ImageStat.Stat(ImageChops.difference(reduced, whole)).mean
    assert max(difference) < 1.0  # the same picture, to within a level on average
