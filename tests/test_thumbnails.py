"""Gallery thumbnails: reduced decoding, the disk cache, and placeholders that never crash."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest
from PIL import Image, JpegImagePlugin

from maskmeme_gui.fileio import thumbnails
from maskmeme_gui.fileio.atomic import WriteError
from maskmeme_gui.fileio.newlayers import CLASSIC_SLOTS
from maskmeme_gui.fileio.project import save_project
from maskmeme_gui.fileio.starters import (
    CaptionRequest,
    add_captions,
    document_from_template,
)
from maskmeme_gui.fileio.templates import load_templates
from maskmeme_gui.fileio.thumbnails import (
    broken_placeholder,
    project_placeholder,
    thumbnail_cache_dir,
    thumbnail_for,
)

RED, BLUE = (220, 30, 30), (30, 60, 220)


def photo(path: Path, size: tuple[int, int] = (800, 600), fmt: str | None = None) -> Path:
    """Left half red, right half blue: orientation and scaling stay checkable."""
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    image.save(path, fmt)
    return path


def near(pixel: tuple[int, ...], colour: tuple[int, int, int], tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def cache_files() -> list[Path]:
    folder = thumbnail_cache_dir()
    return sorted(folder.rglob("*.thumb")) if folder.exists() else []


@pytest.fixture
def count_decodes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every real decode (not a cache hit) appends the file's path."""
    calls: list[Path] = []
    original = thumbnails._make_thumbnail

    def counting(path: Path, size: int) -> Image.Image | None:
        calls.append(path)
        return original(path, size)

    monkeypatch.setattr(thumbnails, "_make_thumbnail", counting)
    return calls


# -- making thumbnails ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "BMP", "TIFF", "GIF"])
def test_every_supported_format_gets_a_fitting_thumbnail(tmp_path: Path, fmt: str) -> None:
    source = photo(tmp_path / f"photo.{fmt.lower()}", fmt=fmt)
    thumb = thumbnail_for(source, 160)
    assert thumb.problem is None
    assert thumb.image.mode == "RGB"  # opaque: no alpha channel to store and convert
    assert thumb.image.size == (160, 120)
    assert near(thumb.image.getpixel((20, 60)), RED)
    assert near(thumb.image.getpixel((140, 60)), BLUE)


def test_a_small_picture_is_not_enlarged(tmp_path: Path) -> None:
    thumb = thumbnail_for(photo(tmp_path / "small.png", (40, 30)), 160)
    assert thumb.image.size == (40, 30)


def test_jpeg_is_decoded_in_draft_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drafts: list[tuple[int, int]] = []
    original = JpegImagePlugin.JpegImageFile.draft

    def spy(self: JpegImagePlugin.JpegImageFile, mode: str | None, size: object) -> object:
        result = original(self, mode, size)  # type: ignore[arg-type]
        drafts.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    thumb = thumbnail_for(photo(tmp_path / "big.jpg", (4000, 3000)), 160)
    assert thumb.image.size == (160, 120)
    # The DCT scaling decoded at most an eighth of each side, not 12 megapixels.
    assert drafts and max(drafts[-1]) <= 1000


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    image = Image.new("RGB", (400, 200), RED)
    image.paste(BLUE, (200, 0, 400, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: show rotated 90 degrees clockwise
    path = tmp_path / "turned.jpg"
    image.save(path, exif=exif.tobytes())
    thumb = thumbnail_for(path, 100)
    assert thumb.image.size == (50, 100)
    assert near(thumb.image.getpixel((25, 10)), RED)  # the left half is now on top
    assert near(thumb.image.getpixel((25, 90)), BLUE)


def test_animated_gif_shows_its_first_frame(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (100, 100), colour) for colour in (RED, BLUE, RED)]
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    thumb = thumbnail_for(path, 50)
    assert thumb.problem is None
    assert near(thumb.image.getpixel((25, 25)), RED)


@pytest.mark.parametrize(
    ("mode", "expected", "grey"),
    # 128 of 65 535 is near black once a 16-bit picture is scaled to 8 bits.
    # Bilevel grey is dithered: no single pixel to check.
    [("P", "RGB", 128), ("I;16", "RGB", 0), ("LA", "RGBA", 128), ("1", "RGB", None)],
)
def test_unusual_modes_become_rgb_or_rgba(
    tmp_path: Path, mode: str, expected: str, grey: int | None
) -> None:
    image = Image.new("RGB", (300, 200), (128, 128, 128)).convert(mode)
    path = tmp_path / ("grey.tif" if mode in ("I;16", "CMYK") else "grey.png")
    image.save(path)
    thumb = thumbnail_for(path, 60)
    assert thumb.problem is None
    assert thumb.image.mode == expected
    assert thumb.image.size == (60, 40)
    if grey is not None:
        assert near(thumb.image.getpixel((30, 20)), (grey, grey, grey), tolerance=3)


def test_cmyk_becomes_rgb(tmp_path: Path) -> None:
    path = photo(tmp_path / "print.tif", (300, 200))
    Image.open(path).convert("CMYK").save(path)
    thumb = thumbnail_for(path, 60)
    assert thumb.problem is None and thumb.image.mode == "RGB"
    assert near(thumb.image.getpixel((10, 20)), RED, tolerance=60)


def test_a_transparent_picture_keeps_its_alpha_in_the_cache_too(tmp_path: Path) -> None:
    image = Image.new("RGBA", (400, 300), (*RED, 255))
    image.paste((0, 0, 0, 0), (200, 0, 400, 300))  # the right half is see-through
    path = tmp_path / "cut-out.png"
    image.save(path)
    for expect_cached in (False, True):
        thumb = thumbnail_for(path, 100)
        assert thumb.from_cache is expect_cached
        assert thumb.image.mode == "RGBA"
        assert thumb.image.getpixel((20, 30))[3] == 255
        assert thumb.image.getpixel((80, 30))[3] == 0


# -- files that cannot be shown ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "damaged"),
        ("empty.jpg", b"", "empty"),
        ("notes.png", b"just some text, not a picture at all", "not an image"),
        ("drawing.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "SVG"),
    ],
)
def test_a_bad_file_gets_the_broken_picture_and_a_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    thumb = thumbnail_for(path, 80)
    assert thumb.problem is not None
    assert name in thumb.problem and reason in thumb.problem
    assert thumb.image.tobytes() == broken_placeholder(80).tobytes()
    assert cache_files() == []  # a failure is not cached: a repaired file shows at once


def test_a_missing_file_or_a_folder_gets_the_broken_picture(tmp_path: Path) -> None:
    assert "does not exist" in (thumbnail_for(tmp_path / "gone.png").problem or "")
    assert "folder" in (thumbnail_for(tmp_path).problem or "")


def test_too_large_a_picture_is_refused_without_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from maskmeme_gui.fileio import images

    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    thumb = thumbnail_for(photo(tmp_path / "huge.png", (400, 300)), 80)
    assert thumb.problem is not None and "too large" in thumb.problem


def test_placeholders_have_the_requested_size() -> None:
    for size in (32, 160, 320):
        assert broken_placeholder(size).size == (size, size)
        assert project_placeholder(size).size == (size, size)
        assert broken_placeholder(size).mode == "RGBA"


# -- projects ---------------------------------------------------------------------------------


def make_project(path: Path, title: str = "Brave face", caption: str = "I'm fine") -> Path:
    doc = document_from_template(load_templates()[0])
    doc.metadata.title = title
    add_captions(doc, [CaptionRequest(caption, slot="top")], CLASSIC_SLOTS)
    save_project(doc, path)
    return path


def test_a_project_shows_its_saved_preview(tmp_path: Path) -> None:
    thumb = thumbnail_for(make_project(tmp_path / "meme.maskmeme"), 100)
    assert thumb.problem is None
    assert max(thumb.image.size) == 100
    assert thumb.image.tobytes() != project_placeholder(100).tobytes()


def test_a_damaged_project_gets_the_broken_picture(tmp_path: Path) -> None:
    path = tmp_path / "bad.maskmeme"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    thumb = thumbnail_for(path, 100)
    assert thumb.problem is not None and "bad.maskmeme" in thumb.problem


# -- the disk cache ---------------------------------------------------------------------------


def test_a_thumbnail_is_cached_and_reused_without_decoding(
    tmp_path: Path, count_decodes: list[Path]
) -> None:
    source = photo(tmp_path / "cat.png")
    first = thumbnail_for(source, 120)
    assert not first.from_cache and len(count_decodes) == 1
    assert len(cache_files()) == 1
    second = thumbnail_for(source, 120)
    assert second.from_cache and len(count_decodes) == 1
    assert second.image.size == first.image.size


def test_the_cache_key_includes_size_and_file_version(
    tmp_path: Path, count_decodes: list[Path]
) -> None:
    source = photo(tmp_path / "cat.png")
    thumbnail_for(source, 120)
    thumbnail_for(source, 60)  # another size: another entry
    assert len(count_decodes) == 2
    photo(source, (300, 300))  # edited in place
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    edited = thumbnail_for(source, 120)
    assert not edited.from_cache and edited.image.size == (120, 120)
    assert len(count_decodes) == 3


def test_a_corrupted_cache_file_is_ignored_and_rewritten(
    tmp_path: Path, count_decodes: list[Path]
) -> None:
    source = photo(tmp_path / "cat.png")
    thumbnail_for(source, 120)
    (entry,) = cache_files()
    entry.write_bytes(b"RIFF\x00\x00garbage")
    again = thumbnail_for(source, 120)
    assert not again.from_cache and again.problem is None
    assert len(count_decodes) == 2
    with Image.open(entry) as rewritten:
        assert rewritten.size == again.image.size  # rewritten, readable again
    assert thumbnail_for(source, 120).from_cache


def test_a_cache_entry_larger_than_asked_is_not_trusted(tmp_path: Path) -> None:
    source = photo(tmp_path / "cat.png")
    thumbnail_for(source, 120)
    (entry,) = cache_files()
    buffer = io.BytesIO()
    Image.new("RGBA", (500, 500)).save(buffer, "WEBP")
    entry.write_bytes(buffer.getvalue())
    assert not thumbnail_for(source, 120).from_cache


def test_a_cache_that_cannot_be_written_only_costs_speed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path, data: bytes, durable: bool = True) -> None:
        raise WriteError(path, "No space left on the disk")

    monkeypatch.setattr(thumbnails, "atomic_write", refuse)
    thumb = thumbnail_for(photo(tmp_path / "cat.png"), 120)
    assert thumb.problem is None and thumb.image.size == (120, 90)
    assert cache_files() == []


def test_threads_making_the_same_thumbnail_agree(tmp_path: Path) -> None:
    source = photo(tmp_path / "cat.jpg", (1600, 1200))
    results: list[thumbnails.Thumbnail] = []

    def make() -> None:
        results.append(thumbnail_for(source, 120))

    workers = [threading.Thread(target=make) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert {r.image.size for r in results} == {(120, 90)}
    assert all(r.problem is None for r in results)
    assert len(cache_files()) == 1
    assert not [p for p in thumbnail_cache_dir().rglob("*") if p.name.endswith(".tmp")]
