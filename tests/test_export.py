"""Export: every format round-trips, transparency is handled per format, metadata is stripped."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageCms

from maskmeme_gui.fileio.atomic import WriteError
from maskmeme_gui.fileio.export import (
    ExportError,
    ExportFormat,
    ExportOptions,
    encode_image,
    export_image,
    format_for_path,
)
from maskmeme_gui.fileio.images import load_image, load_image_bytes

RED = (200, 30, 40, 255)
CLEAR = (0, 0, 0, 0)
GPS_IFD = 0x8825
SECRETS = (b"SpyCam 3000", b"Jane Doe", b"secret-xmp-marker", b"secret comment")


def sticker(size: tuple[int, int] = (40, 30)) -> Image.Image:
    """Transparent left half, red right half, and a 70 %-opaque blue bar at the bottom."""
    w, h = size
    image = Image.new("RGBA", size, CLEAR)
    image.paste(RED, (w // 2, 0, w, h))
    image.paste((20, 40, 220, 180), (0, h - 4, w // 2, h))
    return image


def reopened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 12) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def names_in(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


# -- formats and options -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("meme.png", "PNG"),
        ("meme.apng", "PNG"),
        ("MEME.JPG", "JPEG"),
        ("meme.jpeg", "JPEG"),
        ("meme.webp", "WEBP"),
        ("my.meme.gif", "GIF"),
    ],
)
def test_format_comes_from_the_extension(name: str, fmt: str) -> None:
    assert format_for_path(Path("/somewhere") / name) == fmt


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("meme.bmp", "meme.bmp: cannot export to '.bmp' files; use .png, .jpg, .webp or .gif"),
        ("meme", "meme: the name has no extension; use .png, .jpg, .webp or .gif"),
    ],
)
def test_unknown_extension_is_an_export_error(name: str, message: str) -> None:
    with pytest.raises(ExportError) as caught:
        format_for_path(name)

    assert str(caught.value) == message


@pytest.mark.parametrize(
    "options",
    [{"format": "BMP"}, {"quality": 0}, {"quality": 101}, {"width": 0}],
)
def test_invalid_options_are_refused(options: dict[str, Any]) -> None:
    with pytest.raises(ExportError):
        ExportOptions(**options)


@pytest.mark.parametrize(
    ("fmt", "mode"), [("PNG", "RGBA"), ("JPEG", "RGB"), ("WEBP", "RGBA"), ("GIF", "P")]
)
def test_each_format_round_trips(fmt: ExportFormat, mode: str) -> None:
    data = encode_image(sticker(), ExportOptions(format=fmt))

    written = reopened(data)
    assert written.format == fmt
    assert written.mode == mode
    assert written.size == (40, 30)
    assert close(load_image_bytes(data, "meme").image.convert("RGBA").getpixel((30, 10)), RED)


def test_png_is_lossless() -> None:
    image = sticker()

    data = encode_image(image, ExportOptions(format="PNG"))

    assert load_image_bytes(data, "meme.png").image.tobytes() == image.tobytes()


def test_jpeg_flattens_transparency_onto_the_background() -> None:
    options = ExportOptions(format="JPEG", background=(10, 200, 30))

    flat = load_image_bytes(encode_image(sticker(), options), "meme.jpg").image.convert("RGBA")

    assert close(flat.getpixel((5, 5)), (10, 200, 30, 255))
    assert close(flat.getpixel((30, 10)), RED)
    # 70 % blue over green
    assert close(flat.getpixel((5, 28)), (17, 88, 163, 255))


def test_jpeg_quality_is_used() -> None:
    photo = Image.effect_noise((64, 64), 60).convert("RGB")

    small = encode_image(photo, ExportOptions(format="JPEG", quality=20))
    large = encode_image(photo, ExportOptions(format="JPEG", quality=95))

    assert len(small) < len(large)


def test_webp_keeps_partial_alpha() -> None:
    data = encode_image(sticker(), ExportOptions(format="WEBP"))

    image = load_image_bytes(data, "meme.webp").image
    assert image.getpixel((5, 5))[3] == 0
    assert close(image.getpixel((5, 28)), (20, 40, 220, 180))


def test_gif_keeps_transparency_instead_of_a_black_background() -> None:
    options = ExportOptions(format="GIF", background=(255, 255, 255))

    data = encode_image(sticker(), options)

    written = reopened(data)
    assert "transparency" in written.info
    image = load_image_bytes(data, "meme.gif").image
    assert image.getpixel((5, 5))[3] == 0
    assert close(image.getpixel((30, 10)), RED)
    # GIF has no partial alpha: a mostly opaque pixel is blended onto the background.
    assert close(image.getpixel((5, 28)), (90, 105, 230, 255), tolerance=20)


def test_opaque_gif_has_no_transparent_colour() -> None:
    data = encode_image(Image.new("RGB", (10, 10), "navy"), ExportOptions(format="GIF"))

    assert "transparency" not in reopened(data).info


@pytest.mark.parametrize(
    ("size", "width", "expected"),
    [((400, 300), 100, (100, 75)), ((300, 400), 600, (600, 800)), ((3, 1000), 1, (1, 333))],
)
def test_resize_keeps_the_aspect_ratio(
    size: tuple[int, int], width: int, expected: tuple[int, int]
) -> None:
    data = encode_image(sticker(size), ExportOptions(format="PNG", width=width))

    assert reopened(data).size == expected


def test_export_leaves_the_callers_image_alone() -> None:
    image = sticker()
    image.info["comment"] = b"keep me"
    before = image.tobytes()

    encode_image(image, ExportOptions(format="JPEG", width=20))

    assert image.tobytes() == before
    assert image.size == (40, 30)
    assert image.info == {"comment": b"keep me"}


# -- metadata ------------------------------------------------------------------------------


def photo_with_private_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x0110] = SECRETS[0].decode()  # camera model
    exif[0x013B] = SECRETS[1].decode()  # artist
    exif[0x0112] = 1
    exif[GPS_IFD] = {1: "N", 2: (52.0, 31.0, 12.5), 3: "E", 4: (13.0, 24.0, 36.0)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (120, 90, 60)).save(
        buffer,
        "JPEG",
        exif=exif.tobytes(),
        xmp=b"<x:xmpmeta>" + SECRETS[2] + b"</x:xmpmeta>",
        comment=SECRETS[3],
        icc_profile=icc,
    )
    data = buffer.getvalue()
    original = reopened(data)
    assert original.getexif().get_ifd(GPS_IFD)  # the test photo does carry a position
    assert {"exif", "xmp", "comment", "icc_profile"} <= original.info.keys()
    return data


def assert_no_metadata(data: bytes) -> None:
    written = reopened(data)
    exif = written.getexif()
    assert GPS_IFD not in exif
    assert not exif.get_ifd(GPS_IFD)
    assert len(exif) == 0
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"):
        assert key not in written.info
    for secret in SECRETS:
        assert secret not in data


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_source_photo_metadata_is_not_exported(tmp_path: Path, fmt: ExportFormat) -> None:
    source = tmp_path / "holiday.jpg"
    source.write_bytes(photo_with_private_metadata())
    loaded = load_image(source)
    target = tmp_path / f"meme.{fmt.lower()}"

    export_image(loaded.image, target, ExportOptions(format=fmt))

    assert_no_metadata(target.read_bytes())


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_metadata_is_stripped_even_from_an_image_straight_from_pillow(fmt: ExportFormat) -> None:
    original = reopened(photo_with_private_metadata())

    data = encode_image(original, ExportOptions(format=fmt))

    assert_no_metadata(data)


def test_exif_is_ignored_unless_the_user_keeps_metadata() -> None:
    loaded = load_image_bytes(photo_with_private_metadata(), "holiday.jpg")

    data = encode_image(loaded.image, ExportOptions(format="JPEG", exif=loaded.exif))

    assert_no_metadata(data)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_kept_metadata_is_exactly_the_given_exif(fmt: ExportFormat) -> None:
    loaded = load_image_bytes(photo_with_private_metadata(), "holiday.jpg")
    options = ExportOptions(format=fmt, keep_metadata=True, exif=loaded.exif)

    data = encode_image(loaded.image, options)

    exif = reopened(data).getexif()
    assert exif[0x0110] == SECRETS[0].decode()
    assert exif.get_ifd(GPS_IFD)[1] == "N"
    assert SECRETS[2] not in data  # XMP was not asked for
    assert SECRETS[3] not in data


# -- writing files -------------------------------------------------------------------------


def test_export_image_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "meme.webp"

    written = export_image(sticker(), target, ExportOptions(format="WEBP"))

    assert written == target
    assert load_image(target).size == (40, 30)
    assert names_in(tmp_path) == ["meme.webp"]


def test_failed_export_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "meme.png"
    target.write_bytes(b"old export")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)

    with pytest.raises(WriteError, match="No space left on the disk"):
        export_image(sticker(), target, ExportOptions(format="PNG"))

    assert target.read_bytes() == b"old export"
    assert names_in(tmp_path) == ["meme.png"]
