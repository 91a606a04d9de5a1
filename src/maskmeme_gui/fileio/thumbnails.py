"""Gallery thumbnails: made once per file version, kept in the user cache folder.

`thumbnail_for(path, size)` never raises: a file that cannot be read gets the "broken" picture
and the reason in plain words, so a gallery of thousands of files survives any one of them.
Thumbnails are decoded with the safe loader's checks (format allowlist, pixel limit, EXIF
orientation) but never at full size: JPEGs are decoded at a reduced DCT scale and other formats
shrunk with `Image.reduce` before resampling, so a 40-megapixel photo costs a fraction of a
full decode.

Cache entries are keyed by the file's absolute path, its modification time and length, and the
thumbnail size: an edited file gets a new entry, and a damaged entry is ignored and rewritten.
Entries are WebP (small, alpha kept) written atomically. The cache folder may be deleted at any
time. Safe to call from several threads at once.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw

from maskmeme_gui.config.paths import cache_dir
from maskmeme_gui.fileio.atomic import atomic_write

# The safe loader's own checks, reused so a thumbnail accepts exactly what the editor accepts.
from maskmeme_gui.fileio.images import (
    ImageLoadError,
    _open_for_reading,
    _opened_by_pillow,
    _read_orientation,
    _upright,
    load_image,
    load_image_bytes,
)
from maskmeme_gui.fileio.library import PROJECT_SUFFIX
from maskmeme_gui.fileio.project import ProjectError, read_project_summary

THUMBNAIL_SIZE = 160
"""Default longest side in pixels."""

_CACHE_FOLDER = "thumbnails"
_CACHE_FORMAT = "WEBP"
_CACHE_SUFFIX = ".webp"
_CACHE_QUALITY = 90
# Resample from at least twice the target size: as sharp as a full decode, much faster.
_REDUCING_GAP = 2.0
# Modes Image.thumbnail resamples well; palette and 16-bit images are converted first.
_RESAMPLE_MODES = frozenset({"RGB", "RGBA", "L", "LA", "CMYK", "YCbCr"})
_SUPERSAMPLE = 4  # placeholders are drawn larger, then shrunk, for smooth edges


@dataclass(frozen=True)
class Thumbnail:
    """An RGBA picture whose longest side is at most the requested size."""

    image: Image.Image
    problem: str | None = None
    """Why the file shows the broken picture (a sentence fit to show the user), else None."""
    from_cache: bool = False


def thumbnail_for(path: str | os.PathLike[str], size: int = THUMBNAIL_SIZE) -> Thumbnail:
    """The thumbnail of an image or project file, from the disk cache when it is current."""
    source = Path(os.path.abspath(path))
    entry = _cache_entry(source, size)
    cached = _read_cache(entry, size) if entry is not None else None
    if cached is not None:
        return Thumbnail(cached, from_cache=True)
    try:
        image = _make_thumbnail(source, size)
    except (ImageLoadError, ProjectError) as exc:
        return Thumbnail(broken_placeholder(size), problem=str(exc))
    if image is None:
        return Thumbnail(project_placeholder(size))
    if entry is not None:
        _write_cache(entry, image)
    return Thumbnail(image)


def thumbnail_cache_dir() -> Path:
    return cache_dir() / _CACHE_FOLDER


def shrink_to_fit(image: Image.Image, size: int) -> Image.Image:
    """A copy of `image` as RGBA whose longest side is at most `size` (never enlarged)."""
    rgba = image.convert("RGBA")  # a copy even when already RGBA
    rgba.thumbnail((size, size), Image.Resampling.LANCZOS, reducing_gap=_REDUCING_GAP)
    return rgba


# -- making thumbnails ------------------------------------------------------------------------


def _make_thumbnail(path: Path, size: int) -> Image.Image | None:
    """The thumbnail, or None for a project without a preview picture."""
    if path.suffix.lower() == PROJECT_SUFFIX:
        summary = read_project_summary(path)
        if summary.preview_png is None:
            return None
        return shrink_to_fit(load_image_bytes(summary.preview_png, path.name).image, size)
    return _decode_reduced(path, size)


def _decode_reduced(path: Path, size: int) -> Image.Image:
    with _open_for_reading(path) as fp, _opened_by_pillow(fp, path) as im:
        orientation = _read_orientation(im)
        if im.mode in _RESAMPLE_MODES:
            # Shrinks while decoding: JPEG draft mode, then Image.reduce, then LANCZOS.
            im.thumbnail((size, size), Image.Resampling.LANCZOS, reducing_gap=_REDUCING_GAP)
            return _upright(im, orientation, "RGBA")
        return shrink_to_fit(_upright(im, orientation, "RGBA"), size)


# -- the disk cache ---------------------------------------------------------------------------


def _cache_entry(path: Path, size: int) -> Path | None:
    """Where the thumbnail of this version of the file is kept; None if it cannot be stat'ed."""
    try:
        status = path.stat()
    except OSError:
        return None  # the loader then explains what is wrong with the file
    key = f"{path}\0{status.st_mtime_ns}\0{status.st_size}\0{size}".encode(errors="surrogatepass")
    digest = hashlib.sha256(key).hexdigest()
    # Two-letter subfolders keep each folder small enough for any file system.
    return thumbnail_cache_dir() / digest[:2] / f"{digest}{_CACHE_SUFFIX}"


def _read_cache(entry: Path, size: int) -> Image.Image | None:
    if not entry.is_file():
        return None
    try:
        image = load_image(entry).image
    except ImageLoadError:
        return None  # damaged: made again and overwritten
    if max(image.size) > size:
        return None
    return image


def _write_cache(entry: Path, image: Image.Image) -> None:
    buffer = io.BytesIO()
    image.save(buffer, _CACHE_FORMAT, quality=_CACHE_QUALITY)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(entry, buffer.getvalue())
    except OSError:
        pass  # a read-only or full cache only costs speed next time


# -- placeholders -----------------------------------------------------------------------------

_CARD = (236, 236, 238, 255)
_CARD_EDGE = (208, 208, 212, 255)
_INK = (150, 150, 158, 255)
_BROKEN_MARK = (205, 70, 70, 255)
_PAGE = (252, 252, 252, 255)
_TEAR = (70, 150, 230, 255)


def broken_placeholder(size: int = THUMBNAIL_SIZE) -> Image.Image:
    """A grey card with a torn picture: the file is there but cannot be shown."""
    return _placeholder(size, _draw_broken).copy()


def project_placeholder(size: int = THUMBNAIL_SIZE) -> Image.Image:
    """A page with a tear drop: a maskmeme project without a preview picture."""
    return _placeholder(size, _draw_project).copy()


@cache
def _placeholder(size: int, draw: Callable[[ImageDraw.ImageDraw, int], None]) -> Image.Image:
    big = size * _SUPERSAMPLE
    canvas = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(canvas)
    pen.rounded_rectangle(
        (0, 0, big - 1, big - 1), radius=big // 12, fill=_CARD, outline=_CARD_EDGE, width=_px(big)
    )
    draw(pen, big)
    return canvas.resize((size, size), Image.Resampling.LANCZOS)


def _px(big: int) -> int:
    return max(1, big // 80)


def _draw_broken(pen: ImageDraw.ImageDraw, big: int) -> None:
    unit = big / 10
    line = _px(big) * 3
    left, top, right, bottom = 2.5 * unit, 3 * unit, 7.5 * unit, 7 * unit
    # A picture frame split by a jagged tear, its two halves pulled apart.
    crack = [
        (5.2 * unit, top),
        (4.7 * unit, 4.4 * unit),
        (5.3 * unit, 5.6 * unit),
        (4.8 * unit, bottom),
    ]
    shift = unit * 0.25
    left_half = [(left - shift, top), *[(x - shift, y) for x, y in crack], (left - shift, bottom)]
    right_half = [
        (right + shift, top),
        *[(x + shift, y) for x, y in crack],
        (right + shift, bottom),
    ]
    for half in (left_half, right_half):
        pen.line([*half, half[0]], fill=_INK, width=line, joint="curve")
    pen.polygon(
        [(3.0 * unit, 6.5 * unit), (3.9 * unit, 5.2 * unit), (4.6 * unit, 6.5 * unit)], fill=_INK
    )
    pen.ellipse((6.0 * unit, 3.8 * unit, 6.8 * unit, 4.6 * unit), fill=_INK)
    # A small red cross: "this failed", not "this is loading".
    cx, cy, r = 7.6 * unit, 7.4 * unit, 0.55 * unit
    pen.ellipse((cx - r * 1.5, cy - r * 1.5, cx + r * 1.5, cy + r * 1.5), fill=_BROKEN_MARK)
    pen.line((cx - r * 0.6, cy - r * 0.6, cx + r * 0.6, cy + r * 0.6), fill=_PAGE, width=line)
    pen.line((cx - r * 0.6, cy + r * 0.6, cx + r * 0.6, cy - r * 0.6), fill=_PAGE, width=line)


def _draw_project(pen: ImageDraw.ImageDraw, big: int) -> None:
    unit = big / 10
    line = _px(big) * 3
    left, top, right, bottom, fold = 3 * unit, 2 * unit, 7 * unit, 8 * unit, 1.2 * unit
    page = [(left, top), (right - fold, top), (right, top + fold), (right, bottom), (left, bottom)]
    pen.polygon(page, fill=_PAGE, outline=_INK, width=line)
    pen.line(
        [(right - fold, top), (right - fold, top + fold), (right, top + fold)],
        fill=_INK,
        width=line,
    )
    # A tear drop: the point on top, the round belly below.
    cx, cy, r = 5 * unit, 5.9 * unit, 0.9 * unit
    pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_TEAR)
    pen.polygon(
        [(cx - r * 0.93, cy - r * 0.35), (cx, cy - 2.4 * r), (cx + r * 0.93, cy - r * 0.35)],
        fill=_TEAR,
    )
