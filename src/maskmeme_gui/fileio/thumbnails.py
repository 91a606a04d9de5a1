"""Gallery thumbnails: made once per file version, kept in the user cache folder.

`thumbnail_for(path, size)` never raises: a file that cannot be read gets the "broken" picture
and the reason in plain words, so a gallery of thousands of files survives any one of them.
Pictures are decoded by `images.load_image_reduced`, with the safe loader's checks but never at
full size (JPEG DCT scaling, `Image.reduce`), so a 12-megapixel photo costs a fraction of a full
decode. Pillow releases the GIL while it decodes and resamples, so threads calling
`thumbnail_for` at once use every core (the gallery runs one per core).

The cache (`ThumbnailCache`) keeps one file per thumbnail (JPEG when opaque, WebP when
transparent), named by a hash of its key:
- an image file: its absolute path, modification time and length, and the thumbnail size, so
  an edited file gets a new entry;
- a project: first the same path key; when that misses (the project was saved again), a
  fingerprint of its content (the preview picture the thumbnail is made from), so a project
  saved again unchanged, or copied, still hits.
A damaged entry is ignored and made again. The folder is capped (200 MB unless told
otherwise): once the entries written push it over, the least recently used go until it is at
80 % of the cap. The cache folder may be deleted at any time. Safe to call from several
threads, and from several running copies of the app, at once.

Pillow and the safe loader are imported by the functions that decode or draw, not with this
module: a warm gallery needs neither (`cached_entry` names the file of a current thumbnail,
which the window decodes itself), and the window imports this module before its first paint.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from maskmeme_gui.config.paths import cache_dir
from maskmeme_gui.fileio.atomic import atomic_write, sweep_stale_temp_files
from maskmeme_gui.fileio.problems import FileProblem
from maskmeme_gui.fileio.suffixes import PROJECT_SUFFIX

if TYPE_CHECKING:
    from PIL import Image, ImageDraw

THUMBNAIL_SIZE = 160
"""Default longest side in pixels."""
DEFAULT_CACHE_BYTES = 200 * 1024 * 1024
"""Default cap on the cache folder: about 40 000 gallery thumbnails."""

_CACHE_FOLDER = "thumbnails"
# Opaque thumbnails are kept as JPEG, which decodes in about half the time of WebP (a warm
# gallery is mostly decoding), transparent ones as WebP; the reader tells them by their bytes.
_CACHE_SUFFIX = ".thumb"
_CACHE_QUALITY = 90
# Half the colour resolution (4:2:0), as in camera files: a third faster to decode than full,
# and at thumbnail size the difference does not show.
_JPEG_SUBSAMPLING = 2
# libwebp's fastest method: a quarter of the default's time for 10 % more bytes, on pictures of
# a few kilobytes that are written once and read many times.
_WEBP_METHOD = 0
# Part of every key: a change to how thumbnails are made retires the old entries.
_KEY_VERSION = "2"
# An eviction frees down to this share of the cap, so the next one is thousands of writes away.
_LOW_WATER = 0.8
# A hit marks its entry used (its mtime) only if the mark is older than this: a warm gallery
# then costs no disk writes, and least-recently-used order is kept to the hour.
_TOUCH_AFTER_SECONDS = 60 * 60.0
# When entries cannot be removed (a read-only cache), wait this many writes before trying again.
_SWEEP_BACKOFF_WRITES = 64
# A process learns the folder's size by a sweep after this many writes (or when `sweep` is
# called, as at start-up): a session that makes a few thumbnails never lists the folder, and
# none waits for a listing of tens of thousands of entries behind its first thumbnail.
_FIRST_SWEEP_AFTER_WRITES = 32
# Far above any real entry (a 640-pixel RGBA thumbnail is under 1 MB): a larger file in the
# cache folder is not ours, and is not read into memory.
_MAX_ENTRY_BYTES = 4 * 1024 * 1024
_SUPERSAMPLE = 4  # placeholders are drawn larger, then shrunk, for smooth edges


@dataclass(frozen=True)
class Thumbnail:
    """A picture whose longest side is at most the requested size: RGB when the file is
    opaque, RGBA when it can be transparent (and for the placeholders)."""

    image: Image.Image
    problem: str | None = None
    """Why the file shows the broken picture (a sentence fit to show the user), else None."""
    from_cache: bool = False


def thumbnail_for(
    path: str | os.PathLike[str],
    size: int = THUMBNAIL_SIZE,
    cache: ThumbnailCache | None = None,
) -> Thumbnail:
    """The thumbnail of an image or project file, from the disk cache when it is current.

    `cache` defaults to `default_cache()`, the user cache folder with the default cap.
    """
    # Plain strings until a hit is ruled out: a warm gallery is mostly this call, and it
    # competes for the GIL with the other thumbnail threads.
    absolute = os.path.abspath(path)
    store = cache if cache is not None else default_cache()
    version_key = _version_key(absolute, size)
    if version_key is not None:
        cached = store.get(version_key, size)
        if cached is not None:
            return Thumbnail(cached, from_cache=True)
    source = Path(absolute)
    try:
        if source.suffix.lower() == PROJECT_SUFFIX:
            return _project_thumbnail(source, size, store, version_key)
        image = _make_thumbnail(source, size)
    except FileProblem as exc:  # ImageLoadError or ProjectError: the file is at fault
        return Thumbnail(broken_placeholder(size), problem=str(exc))
    if version_key is not None:
        store.put(version_key, image)
    return Thumbnail(image)


def cached_entry(
    path: str | os.PathLike[str], size: int, cache: ThumbnailCache | None = None
) -> str | None:
    """The cache file holding the current thumbnail of `path` (JPEG or WebP, whatever its
    name says), or None when there is none yet. Needs no decoding, so no Pillow: the gallery
    reads the file with Qt, and asks `thumbnail_for` only when that fails."""
    key = _version_key(os.path.abspath(path), size)
    store = cache if cache is not None else default_cache()
    return None if key is None else store.locate(key)


def thumbnail_cache_dir() -> Path:
    return cache_dir() / _CACHE_FOLDER


_default_caches: dict[Path, ThumbnailCache] = {}
_default_caches_lock = threading.Lock()


def default_cache() -> ThumbnailCache:
    """The cache in the user cache folder (one object per folder, so its counts are shared)."""
    folder = thumbnail_cache_dir()
    with _default_caches_lock:
        found = _default_caches.get(folder)
        if found is None:
            found = _default_caches[folder] = ThumbnailCache(folder)
        return found


def shrink_to_fit(image: Image.Image, size: int) -> Image.Image:
    """A copy of `image`, RGB or RGBA, whose longest side is at most `size` (never enlarged)."""
    from PIL import Image

    copy = image.copy() if image.mode in ("RGB", "RGBA") else image.convert("RGBA")
    copy.thumbnail((size, size), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return copy


# -- making thumbnails ------------------------------------------------------------------------


def _make_thumbnail(path: Path, size: int) -> Image.Image:
    from maskmeme_gui.fileio.images import load_image_reduced

    return load_image_reduced(path, size)


def _project_thumbnail(
    path: Path, size: int, store: ThumbnailCache, version_key: str | None
) -> Thumbnail:
    # Imported here: the project reader (and the renderer behind it) is not needed before the
    # window's first paint, and a folder of pictures never needs it.
    from maskmeme_gui.fileio.project import read_project_summary

    summary = read_project_summary(path)
    if summary.preview_png is None:
        return Thumbnail(project_placeholder(size))
    content_key = _content_key(summary.preview_png, size)
    image = store.get(content_key, size)
    from_cache = image is not None
    if image is None:
        image = _make_preview_thumbnail(summary.preview_png, path.name, size)
        store.put(content_key, image)
    if version_key is not None:
        # Next time this version of the file hits on its path, without opening the zip.
        store.put(version_key, image)
    return Thumbnail(image, from_cache=from_cache)


def _make_preview_thumbnail(preview_png: bytes, name: str, size: int) -> Image.Image:
    from maskmeme_gui.fileio.images import load_image_bytes

    return shrink_to_fit(load_image_bytes(preview_png, name).image, size)


# -- cache keys -------------------------------------------------------------------------------


def _version_key(path: str, size: int) -> str | None:
    """The key of this version of the file; None if it cannot be stat'ed."""
    try:
        status = os.stat(path)
    except OSError:
        return None  # the loader then explains what is wrong with the file
    key = f"{_KEY_VERSION}\0file\0{path}\0{status.st_mtime_ns}\0{status.st_size}\0{size}"
    return hashlib.sha256(key.encode(errors="surrogatepass")).hexdigest()


def _content_key(preview_png: bytes, size: int) -> str:
    """The key of a project's content: the thumbnail is made from its preview and nothing else."""
    content = hashlib.sha256(preview_png).hexdigest()
    return hashlib.sha256(f"{_KEY_VERSION}\0preview\0{content}\0{size}".encode()).hexdigest()


# -- the disk cache ---------------------------------------------------------------------------


class ThumbnailCache:
    """Thumbnails on disk under `folder`, at most about `max_bytes` of them.

    Each `put` adds the entry's size to a running estimate of the folder's size; only when the
    estimate passes the cap does a sweep list the folder and remove the least recently used
    entries (by mtime, which a hit refreshes) down to 80 % of the cap. Until a process has
    swept once it does not know the folder's size: its first sweep comes after a few dozen
    writes, or earlier when `sweep()` is called (meant for start-up, in the background). A
    sweep also removes the temporary files of writes that were killed.
    """

    def __init__(self, folder: str | os.PathLike[str], max_bytes: int = DEFAULT_CACHE_BYTES):
        self.folder = Path(folder)
        self._folder_name = os.fspath(self.folder)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._sweep_lock = threading.Lock()
        self._estimated_bytes: int | None = None  # unknown until the first sweep
        self._writes_before_sweep = _FIRST_SWEEP_AFTER_WRITES
        self.sweeps = 0
        """How many sweeps ran (tests check that eviction is not done on every write)."""

    def entry_path(self, key: str) -> Path:
        return Path(self._entry_name(key))

    def _entry_name(self, key: str) -> str:
        # Two-letter subfolders keep each folder small enough for any file system.
        return os.path.join(self._folder_name, key[:2], key + _CACHE_SUFFIX)

    def get(self, key: str, size: int) -> Image.Image | None:
        """The entry (RGB or RGBA), or None if it is missing, damaged or larger than `size`."""
        from maskmeme_gui.fileio.images import ImageLoadError, load_image_bytes

        entry = self._entry_name(key)
        try:
            # One read and one decode from memory: a warm gallery is mostly this call.
            with open(entry, "rb") as fp:
                last_used = os.fstat(fp.fileno()).st_mtime
                data = fp.read(_MAX_ENTRY_BYTES + 1)
            if len(data) > _MAX_ENTRY_BYTES:
                return None
            image = load_image_bytes(data, key).image
        except (OSError, ImageLoadError):
            return None  # missing, or damaged: made again and overwritten
        if max(image.size) > size:
            return None
        self._mark_used(entry, last_used)
        return image

    def locate(self, key: str) -> str | None:
        """The entry's file name, marked as used, or None if there is no such entry (or it is
        too large to be one of ours). Its content is not checked: a reader that finds it
        damaged goes on to `get`, which makes it again."""
        entry = self._entry_name(key)
        try:
            status = os.stat(entry)
        except OSError:
            return None
        if status.st_size > _MAX_ENTRY_BYTES:
            return None
        self._mark_used(entry, status.st_mtime)
        return entry

    @staticmethod
    def _mark_used(entry: str, last_used: float) -> None:
        if time.time() - last_used > _TOUCH_AFTER_SECONDS:
            with suppress(OSError):  # an unmarked entry only risks an early eviction
                os.utime(entry)

    def put(self, key: str, image: Image.Image) -> None:
        """Store `image` under `key`; a cache that cannot be written only costs speed."""
        buffer = io.BytesIO()
        if image.mode == "RGB":
            image.save(buffer, "JPEG", quality=_CACHE_QUALITY, subsampling=_JPEG_SUBSAMPLING)
        else:
            image.save(buffer, "WEBP", quality=_CACHE_QUALITY, method=_WEBP_METHOD)
        data = buffer.getvalue()
        entry = self.entry_path(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            # Not fsynced: a damaged entry after a power cut is detected and made again.
            atomic_write(entry, data, durable=False)
        except OSError:
            return
        if self._written(len(data)):
            self.sweep()

    def sweep(self) -> None:
        """Evict least recently used entries down to 80 % of the cap if it is exceeded, and
        remove the temporary files of killed writes. Another thread's running sweep is enough:
        this one then returns at once."""
        if not self._sweep_lock.acquire(blocking=False):
            return
        try:
            sweep_stale_temp_files(self.folder, recursive=True)
            entries = self._entries()
            total = sum(size for _used, size, _path in entries)
            if total > self.max_bytes:
                total = self._evict(entries, total, int(self.max_bytes * _LOW_WATER))
            with self._lock:
                self._estimated_bytes = total
                self._writes_before_sweep = _SWEEP_BACKOFF_WRITES if total > self.max_bytes else 0
                self.sweeps += 1
        finally:
            self._sweep_lock.release()

    def _written(self, count: int) -> bool:
        """Count a write; True when a sweep is due."""
        with self._lock:
            self._writes_before_sweep -= 1
            if self._estimated_bytes is None:
                return self._writes_before_sweep <= 0
            self._estimated_bytes += count
            return self._estimated_bytes > self.max_bytes and self._writes_before_sweep <= 0

    def _entries(self) -> list[tuple[float, int, Path]]:
        """(last use, bytes, path) of every entry."""
        found: list[tuple[float, int, Path]] = []
        try:
            with os.scandir(self.folder) as subfolders:
                folders = [Path(f.path) for f in subfolders if f.is_dir(follow_symlinks=False)]
        except OSError:
            return found
        for folder in folders:
            with suppress(OSError), os.scandir(folder) as files:
                for file in files:
                    if not file.name.endswith(_CACHE_SUFFIX):
                        continue
                    with suppress(OSError):  # removed by another thread or copy meanwhile
                        status = file.stat(follow_symlinks=False)
                        found.append((status.st_mtime, status.st_size, Path(file.path)))
        return found

    @staticmethod
    def _evict(entries: list[tuple[float, int, Path]], total: int, target: int) -> int:
        entries.sort()  # least recently used first
        for _used, size, path in entries:
            if total <= target:
                break
            try:
                path.unlink()
            except FileNotFoundError:
                pass  # another copy of the app evicted it: it is gone all the same
            except OSError:
                continue
            total -= size
        return total


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
    from PIL import Image, ImageDraw

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
