"""What the Export dialog offers and proposes, without Qt: the output sizes a meme may be
exported at, and the file name an export gets (its extension following the format, a free name
in the folder, the place this meme was last exported to)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from maskmeme_gui.fileio.export import EXPORT_FORMATS, ExportError, ExportFormat, format_for_path

if TYPE_CHECKING:
    from maskmeme_gui.model.document import MemeDocument

EXTENSIONS: dict[ExportFormat, str] = {
    "PNG": ".png",
    "JPEG": ".jpg",
    "WEBP": ".webp",
    "GIF": ".gif",
}
LOSSY_FORMATS: frozenset[ExportFormat] = frozenset({"JPEG", "WEBP"})
PRESET_WIDTHS = (1080, 720)
MIN_WIDTH = 16
MAX_WIDTH = 16384
# The renderer holds the whole meme in memory (4 bytes a pixel, several copies while encoding).
MAX_EXPORT_PIXELS = 100_000_000


# -- sizes ------------------------------------------------------------------------------------


def export_size(canvas: tuple[int, int], width: int | None) -> tuple[int, int]:
    """The exported pixel size for a target width (None: the canvas size)."""
    if width is None:
        return canvas
    return width, max(1, round(canvas[1] * width / canvas[0]))


def pixel_size_text(size: tuple[int, int]) -> str:
    return f"{size[0]} \N{MULTIPLICATION SIGN} {size[1]} px"


def max_export_width(canvas: tuple[int, int]) -> int:
    """The widest export of a canvas of that size that stays within MAX_EXPORT_PIXELS."""
    by_pixels = math.isqrt(MAX_EXPORT_PIXELS * canvas[0] // canvas[1])
    return max(MIN_WIDTH, min(MAX_WIDTH, by_pixels))


# -- names and formats ------------------------------------------------------------------------


def free_file_name(folder: Path, stem: str, extension: str) -> Path:
    """`folder/stem.ext`, or `stem (2).ext` and so on if that is taken."""
    candidate = folder / f"{stem}{extension}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem} ({number}){extension}"
        number += 1
    return candidate


def exports_of(doc: MemeDocument) -> list[Path]:
    """The files this meme was exported to, as its history records them, newest first."""
    return [
        Path(entry.detail)
        for entry in reversed(doc.metadata.history)
        if entry.event == "exported" and entry.detail
    ]


def last_export_of(doc: MemeDocument) -> Path | None:
    """Where this meme was last exported, if that folder is still there: re-export goes back."""
    path = next(iter(exports_of(doc)), None)
    return path if path is not None and path.parent.is_dir() else None


def export_format_named(name: str) -> ExportFormat:
    """The format a settings file names, PNG if it names none (hand-edited, older version)."""
    return next((fmt for fmt in EXPORT_FORMATS if fmt == name.upper()), "PNG")


def known_format(path: Path) -> ExportFormat | None:
    """The format `path`'s extension means, or None for an extension of no export format."""
    try:
        return format_for_path(path)
    except ExportError:
        return None


def with_format_extension(path: Path, fmt: ExportFormat) -> Path:
    """`path` if its extension already means `fmt`; otherwise with `fmt`'s extension.

    A known extension of another format is replaced; an unknown one is kept (a dot in a
    title is no extension) and the format's extension is appended.
    """
    current = known_format(path)
    if current == fmt:
        return path
    stem = path.name[: -len(path.suffix)] if current is not None else path.name
    return path.with_name(stem + EXTENSIONS[fmt])
