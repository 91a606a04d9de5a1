"""The gallery's background work: thumbnails, folder listings, preview decoding.

Each runs as a `qt.workers.Task` in a WorkerPool, so results arrive in the GUI thread.
Workers produce QImages (safe off the GUI thread), never QPixmaps.

A thumbnail already in the disk cache is read by Qt (QImage reads the cache's JPEG and WebP
files), so a warm start shows the gallery without importing Pillow or the safe loader; they
are imported by the first thumbnail that has to be made or preview that has to be decoded.
"""

from __future__ import annotations

import logging
import math
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtGui import QImage

from maskmeme_gui.fileio.batches import batched
from maskmeme_gui.fileio.library import list_folder
from maskmeme_gui.fileio.library_entries import LibraryEntry
from maskmeme_gui.fileio.problems import FileProblem
from maskmeme_gui.fileio.thumbnails import (
    ThumbnailCache,
    cached_entry,
    default_cache,
    project_placeholder,
    shrink_to_fit,
    thumbnail_for,
)
from maskmeme_gui.qt.imageconv import pil_to_qimage
from maskmeme_gui.qt.workers import Task, TaskControl, WorkerPool

if TYPE_CHECKING:
    from PIL import Image

    from maskmeme_gui.fileio.images import LoadedImage

_log = logging.getLogger(__name__)


def owned_task(work: Callable[[TaskControl], Any], owner: QObject) -> Task:
    """A task that lives as long as `owner`; start it again for each new piece of work.

    Each run's worker thread lets go of a signal relay right after reporting. A task
    destroyed at that moment (a task per thumbnail, freed once delivered) crashed PySide 6.11
    inside QObject's destructor, seen under gdb while 2,000 thumbnails loaded. Tasks that
    are reused and die only with their owner (after `shutdown` waited for the threads) are not
    destroyed while a worker thread still holds anything of theirs.
    """
    task = Task(work)
    task.setParent(owner)
    return task


# Decoded preview frames of one animation stay under this many pixels (about 160 MB as RGBA).
_ANIMATION_PIXEL_BUDGET = 40_000_000
_PROJECT_ICON_SIZE = 256
_TIMES = " \N{MULTIPLICATION SIGN} "
_JPEG_START, _JPEG_END = b"\xff\xd8", b"\xff\xd9"  # a complete JPEG file's first and last bytes


# -- thumbnails -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThumbnailResult:
    key: Any
    image: QImage
    problem: str | None
    from_cache: bool


@dataclass(frozen=True)
class _JobOutcome:
    results: list[ThumbnailResult]
    misses: list[tuple[Any, Path, bool]]
    """Requests a cache-only run found no thumbnail for (key, path, urgent): they go back to
    the queue."""


class _ThumbnailJob:
    """The work of one reusable task: the thumbnails it was given last, in order.

    With `cache_only`, it serves what the disk cache has and hands the rest back: a thumbnail
    to be made takes tens of milliseconds, and made in a big batch on one thread it would
    hold up the others while the other cores idle.
    """

    def __init__(self, size: int, cache: ThumbnailCache) -> None:
        self.size = size
        self.cache = cache
        self.items: list[tuple[Any, Path]] = []
        self.urgent: set[Any] = set()
        self.cache_only = False

    def __call__(self, _control: TaskControl) -> _JobOutcome:
        results = []
        misses = []
        for key, path in self.items:
            cached = self._cached(path)
            if cached is not None:
                results.append(ThumbnailResult(key, cached, None, True))
                continue
            if self.cache_only:
                misses.append((key, path, key in self.urgent))
                continue
            try:
                thumb = thumbnail_for(path, self.size, self.cache)
            except Exception:
                # thumbnail_for never raises for a bad file: this is a bug. The other
                # thumbnails of the batch still arrive; this item asks again when shown.
                _log.exception("the thumbnail of %s failed", path)
                continue
            image = pil_to_qimage(thumb.image)
            results.append(ThumbnailResult(key, image, thumb.problem, thumb.from_cache))
        return _JobOutcome(results, misses)

    def _cached(self, path: Path) -> QImage | None:
        """The cached thumbnail read by Qt; None when there is none, or Qt cannot read it
        (then `thumbnail_for` reads it with the safe loader, or makes it again)."""
        entry = cached_entry(path, self.size, self.cache)
        if entry is None:
            return None
        try:
            with open(entry, "rb") as fp:
                data = fp.read()
        except OSError:
            return None
        if data.startswith(_JPEG_START):
            if not data.endswith(_JPEG_END):
                return None  # cut short: Qt would show the part it has, with grey below
            kind = "JPG"
        elif data.startswith(b"RIFF") and data[8:12] == b"WEBP":
            kind = "WEBP"
        else:
            return None  # not an entry the cache writes: the safe loader decides
        # Always with its format: unnamed, Qt asks every image plugin to guess, the SVG one
        # among them, whose lock a GUI thread waiting for the GIL may hold (a hang, seen).
        # PySide's stub asks for bytes; 6.11 itself takes only str for the format.
        image = QImage.fromData(data, kind)  # type: ignore[arg-type]
        if image.isNull() or max(image.width(), image.height()) > self.size:
            return None
        return image


def usable_cores() -> int:
    """Cores this process may run on (a container or `taskset` may allow fewer than exist)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class ThumbnailLoader(QObject):
    """Makes thumbnails in a pool of one thread per core, each key at most once at a time.

    Pillow lets go of the GIL while it decodes and resamples, so the threads really use every
    core (a process pool would add start-up and copying costs for nothing). Each thread works
    on one batch at a time; of the waiting requests the most recently made go first, since
    those are the items the user is looking at now. Urgent requests (the templates, needed
    whatever is on screen) go before all others.

    A batch is a single request while few are waiting, so a thumbnail shows as soon as it is
    made, and up to `MAX_BATCH` while many are (a big folder scrolled through): a thumbnail
    from the disk cache takes a few hundred microseconds, about as long as handing a task's
    result to the GUI thread, so one hand-over per batch makes a warm gallery fill about a
    third faster.

    While thumbnails come from the disk cache, only one thread works, on batches of up to
    `MAX_WARM_BATCH`: a cache hit is mostly Python, so a second thread only fights the first
    for the GIL (200 hits took 55 ms on two threads, 42 ms on one). That thread serves cache
    hits only: the first thumbnail that has to be made goes back to the queue and brings all
    threads back, to make it and the others in small batches.
    """

    loaded = Signal(object)  # ThumbnailResult

    MAX_WAITING = 2000
    """Older requests beyond this are dropped; an item asks again when it shows."""
    MAX_BATCH = 4
    """At most this many thumbnails per hand-over (about 50 ms of 12-megapixel photos)."""
    MAX_WARM_BATCH = 16
    """At most this many per hand-over while they come from the cache (about 5 ms)."""

    def __init__(self, size: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.size = size
        # At least two threads, so a slow file (a network disk) does not hold up the others.
        self.pool = WorkerPool(max(2, usable_cores()), "maskmeme-thumbnails")
        self._urgent: OrderedDict[Any, Path] = OrderedDict()
        self._waiting: OrderedDict[Any, Path] = OrderedDict()
        self._idle: list[tuple[Task, _ThumbnailJob]] = []
        self._busy: dict[Task, _ThumbnailJob] = {}
        # Looked up once: the user cache folder does not move while the gallery is open.
        cache = default_cache()
        for _ in range(self.pool.max_threads):
            job = _ThumbnailJob(size, cache)
            task = owned_task(job, self)
            task.succeeded.connect(self._deliver)
            task.failed.connect(self._failed)
            task.finished.connect(self._finished)
            self._idle.append((task, job))
        self.requested = 0
        """How many thumbnails were asked for (tests check that hidden items ask for none)."""
        self._warm = False  # the last batch came wholly from the disk cache

    def request(self, key: Any, path: Path, urgent: bool = False) -> None:
        if key in self._urgent or self._is_busy_with(key):
            return
        if key in self._waiting:
            del self._waiting[key]  # asked again: it is wanted now, so it goes to the front
        else:
            self.requested += 1
        (self._urgent if urgent else self._waiting)[key] = path
        while len(self._waiting) > self.MAX_WAITING:
            self._waiting.popitem(last=False)
        self._start_more()

    @property
    def pending(self) -> int:
        """Thumbnails asked for and not delivered yet (waiting or being made)."""
        busy = sum(len(job.items) for job in self._busy.values())
        return len(self._urgent) + len(self._waiting) + busy

    def shutdown(self) -> None:
        """Drop the waiting requests and wait for the running ones."""
        self._urgent.clear()
        self._waiting.clear()
        self.pool.wait_for_done()

    def _is_busy_with(self, key: Any) -> bool:
        return any(key == k for job in self._busy.values() for k, _path in job.items)

    def _start_more(self) -> None:
        threads = 1 if self._warm else self.pool.max_threads
        most = self.MAX_WARM_BATCH if self._warm else self.MAX_BATCH
        while self._idle and len(self._busy) < threads and (self._urgent or self._waiting):
            waiting = len(self._urgent) + len(self._waiting)
            # Share what waits among the threads, so none idles while another has a batch.
            batch = max(1, min(most, waiting // threads))
            task, job = self._idle.pop()
            job.cache_only = self._warm
            job.urgent = set(list(self._urgent)[:batch])
            job.items = [self._next_request() for _ in range(min(batch, waiting))]
            self._busy[task] = job
            task.start(self.pool)

    def _next_request(self) -> tuple[Any, Path]:
        if self._urgent:
            return self._urgent.popitem(last=False)
        return self._waiting.popitem(last=True)

    def _deliver(self, outcome: _JobOutcome) -> None:
        results = outcome.results
        self._warm = not outcome.misses and all(result.from_cache for result in results)
        self._warm = self._warm and bool(results)
        for key, path, urgent in reversed(outcome.misses):
            # Back where they were taken from: urgent ones first, then the newest.
            if key not in self._waiting and key not in self._urgent:
                if urgent:
                    self._urgent[key] = path
                    self._urgent.move_to_end(key, last=False)
                else:
                    self._waiting[key] = path
        for result in results:
            self.loaded.emit(result)

    def _failed(self, error: BaseException) -> None:
        # thumbnail_for never raises for a bad file: this is a bug, kept out of the user's way.
        _log.error("a thumbnail failed", exc_info=error)

    def _finished(self) -> None:
        task = self.sender()
        assert isinstance(task, Task)
        job = self._busy.pop(task)
        job.items = []
        self._idle.append((task, job))
        self._start_more()


# -- folder listings --------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanOutcome:
    count: int
    problem: str | None
    """Why the folder could not be read, in plain words; None when it was."""


class FolderScan:
    """The work of a folder's reusable listing task: list it, reporting each batch (a list of
    LibraryEntry) as it is ready.

    The entries of the last complete listing are kept, so a listing again (the folder changed,
    the app became active) only reads the files that changed: the others are looked at, not
    opened.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.known: dict[Path, LibraryEntry] = {}

    def __call__(self, control: TaskControl) -> ScanOutcome:
        control.check()
        count = 0
        found: dict[Path, LibraryEntry] = {}
        try:
            for batch in batched(_checking(list_folder(self.folder, self.known), control)):
                found.update((entry.path, entry) for entry in batch)
                control.report(batch)
                count += len(batch)
        except OSError as exc:
            self.known = {}
            return ScanOutcome(count, _folder_problem(self.folder, exc))
        self.known = found  # only one listing of a folder runs at a time
        return ScanOutcome(count, None)


def _checking(entries: Iterable[LibraryEntry], control: TaskControl) -> Iterator[LibraryEntry]:
    """Stop between files once the listing is cancelled."""
    for entry in entries:
        control.check()
        yield entry


def _folder_problem(folder: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"The folder {folder} does not exist (was it moved, or is its disk unplugged?)."
    if isinstance(exc, PermissionError):
        return f"The folder {folder} cannot be read: permission denied."
    if isinstance(exc, NotADirectoryError):
        return f"{folder} is not a folder."
    return f"The folder {folder} cannot be read: {exc.strerror or exc}."


# -- preview ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreviewFrames:
    frames: list[QImage]
    durations: list[int]
    """Milliseconds per frame; one entry per frame."""
    details: str
    """A line about the file ("1200 x 800 · JPEG · 245 KB"), or why it cannot be shown."""
    problem: str | None = None


class PreviewJob:
    """The work of the preview's reusable task: decode the file it was given last."""

    def __init__(self) -> None:
        self.path = Path()
        self.kind = "image"
        self.max_side = 0

    def __call__(self, control: TaskControl) -> PreviewFrames:
        control.check()  # another item may have been selected while this one waited
        return decode_preview(self.path, self.kind, self.max_side)


def decode_preview(path: Path, kind: str, max_side: int) -> PreviewFrames:
    """A file's frames for the preview, shrunk to at most `max_side` pixels."""
    from maskmeme_gui.render.errors import RenderError

    try:
        if kind == "project":
            return _project_preview(path, max_side)
        from maskmeme_gui.fileio.images import load_image

        return _image_preview(load_image(path), path, max_side)
    except (FileProblem, RenderError) as exc:  # the file is at fault, or asks too much
        return PreviewFrames([], [], str(exc), problem=str(exc))


def _image_preview(loaded: LoadedImage, path: Path | None, max_side: int) -> PreviewFrames:
    side = _animation_side(loaded.size, len(loaded.frames), max_side)
    frames = [pil_to_qimage(_fit(frame, side)) for frame in loaded.frames]
    return PreviewFrames(frames, list(loaded.durations), _details(loaded, path))


def _animation_side(size: tuple[int, int], frame_count: int, max_side: int) -> int:
    """The preview's longest side: many frames at full size would take gigabytes, so an
    animation is shrunk more the longer it runs."""
    if frame_count <= 1:
        return max_side
    width, height = size
    fit = math.sqrt(_ANIMATION_PIXEL_BUDGET / (frame_count * width * height))
    return min(max_side, max(64, int(max(width, height) * fit)))


def _fit(frame: Image.Image, side: int) -> Image.Image:
    return frame if max(frame.size) <= side else shrink_to_fit(frame, side)


def _project_preview(path: Path, max_side: int) -> PreviewFrames:
    # Imported here: the window does not load the project reader before its first paint.
    from maskmeme_gui.fileio.images import load_image_bytes
    from maskmeme_gui.fileio.project import read_project_summary

    animated = _animated_project_preview(path, max_side)
    if animated is not None:
        return animated
    summary = read_project_summary(path)
    if summary.preview_png is None:
        icon = pil_to_qimage(project_placeholder(_PROJECT_ICON_SIZE))
        return PreviewFrames([icon], [0], "maskmeme project (no preview saved)")
    preview = _image_preview(load_image_bytes(summary.preview_png, path.name), None, max_side)
    return PreviewFrames(preview.frames, preview.durations, "maskmeme project")


def _animated_project_preview(path: Path, max_side: int) -> PreviewFrames | None:
    """An animated meme (an animated base, flowing tears, timed layers) plays in the preview:
    its frames drawn at the preview's size. None for a still one, which shows its saved
    preview picture."""
    from maskmeme_gui.fileio.project import load_project
    from maskmeme_gui.render.compose import render_frames
    from maskmeme_gui.render.timeline import timeline

    doc = load_project(path)
    line = timeline(doc)
    if not line.is_animated:
        return None
    side = _animation_side(doc.canvas_size, line.frame_count, max_side)
    scale = min(1.0, side / max(doc.canvas_size))
    frames = [pil_to_qimage(frame) for frame in render_frames(doc, scale, line)]
    return PreviewFrames(
        frames, list(line.durations_ms), f"maskmeme project · {line.frame_count} frames"
    )


def _details(loaded: LoadedImage, path: Path | None) -> str:
    width, height = loaded.size
    parts = [f"{width}{_TIMES}{height}", loaded.format]
    if path is not None:
        with suppress(OSError):  # the size is a detail; the picture is already decoded
            parts.append(QLocale().formattedDataSize(path.stat().st_size))
    if loaded.is_animated:
        more = "+" if loaded.animation_truncated else ""
        parts.append(f"{len(loaded.frames)}{more} frames")
    return " · ".join(parts)
