"""The Export dialog's sizes and file names, without Qt."""

from __future__ import annotations

from pathlib import Path

import pytest

from maskmeme_gui.fileio.export import ExportFormat
from maskmeme_gui.fileio.export_choices import (
    MAX_EXPORT_PIXELS,
    MAX_WIDTH,
    MIN_WIDTH,
    export_format_named,
    export_size,
    free_file_name,
    known_format,
    last_export_of,
    max_export_width,
    pixel_size_text,
    with_format_extension,
)
from maskmeme_gui.model.document import HistoryEntry, MemeDocument


def test_export_size_keeps_the_aspect_ratio() -> None:
    assert export_size((1200, 900), None) == (1200, 900)
    assert export_size((1200, 900), 720) == (720, 540)
    assert export_size((4000, 3), 16) == (16, 1)  # never 0 pixels high


def test_pixel_size_text() -> None:
    assert pixel_size_text((1080, 720)) == "1080 \N{MULTIPLICATION SIGN} 720 px"


@pytest.mark.parametrize("canvas", [(1080, 1080), (12000, 9000), (100, 40000), (40000, 100)])
def test_the_widest_export_stays_within_the_limits(canvas: tuple[int, int]) -> None:
    width = max_export_width(canvas)
    assert MIN_WIDTH <= width <= MAX_WIDTH
    if width > MIN_WIDTH:
        w, h = export_size(canvas, width)
        assert w * h <= MAX_EXPORT_PIXELS * 1.001  # rounding of the height


def test_a_free_file_name_counts_up_past_taken_ones(tmp_path: Path) -> None:
    assert free_file_name(tmp_path, "meme", ".png") == tmp_path / "meme.png"
    (tmp_path / "meme.png").touch()
    (tmp_path / "meme (2).png").touch()
    assert free_file_name(tmp_path, "meme", ".png") == tmp_path / "meme (3).png"
    assert free_file_name(tmp_path, "meme", ".jpg") == tmp_path / "meme.jpg"


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("meme.png", "PNG", "meme.png"),
        ("meme.jpeg", "JPEG", "meme.jpeg"),
        ("meme.png", "JPEG", "meme.jpg"),
        ("meme.GIF", "WEBP", "meme.webp"),
        ("meme", "GIF", "meme.gif"),
        ("mr. sad", "PNG", "mr. sad.png"),  # a dot in a title is no extension
    ],
)
def test_the_extension_follows_the_format(name: str, fmt: ExportFormat, expected: str) -> None:
    folder = Path("/somewhere")
    assert with_format_extension(folder / name, fmt) == folder / expected


def test_known_format_and_format_named() -> None:
    assert known_format(Path("a.webp")) == "WEBP"
    assert known_format(Path("a.txt")) is None
    assert export_format_named("jpeg") == "JPEG"
    assert export_format_named("tiff") == "PNG"  # hand-edited or from another version


def test_the_last_export_is_proposed_only_while_its_folder_exists(tmp_path: Path) -> None:
    doc = MemeDocument()
    assert last_export_of(doc) is None
    doc.metadata.history += [
        HistoryEntry("2026-01-01T00:00:00+00:00", "exported", str(tmp_path / "first.png")),
        HistoryEntry("2026-01-02T00:00:00+00:00", "saved", str(tmp_path / "meme.maskmeme")),
        HistoryEntry("2026-01-03T00:00:00+00:00", "exported", str(tmp_path / "second.jpg")),
    ]
    assert last_export_of(doc) == tmp_path / "second.jpg"
    doc.metadata.history.append(
        HistoryEntry("2026-01-04T00:00:00+00:00", "exported", str(tmp_path / "gone" / "x.png"))
    )
    assert last_export_of(doc) is None
