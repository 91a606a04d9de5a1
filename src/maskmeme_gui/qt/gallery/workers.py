"""The gallery's background work: thumbnails, folder listings, preview decoding.

Each runs as a `qt.workers.Task` in a WorkerPool, so results arrive in the GUI thread.
Workers produce QImages (safe off the GUI thread), never QPixmaps.
"""

from __future__ import annotations

import logging
import math
import os
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QLocale, QObject, QTimer, Signal
from PySide6.QtGui import QImage

from maskmeme_gui.fileio.images import ImageLoadError, LoadedImage, load_image, load_image_bytes
from maskmeme_gui.fileio.library import LibraryEntry, list_folder
from maskmeme_gui.fileio.project import ProjectError, read_project_summary
from maskmeme_gui.fileio.thumbnails import project_placeholder, shrink_to_fit, thumbnail_for
from maskmeme_gui.qt.imageconv import pil_to_qimage
from maskmeme_gui.qt.workers import Task, TaskControl, WorkerPool

_log = logging.getLogger(__name__)

_started: set[Task] = set()


def start_task(task: Task, pool: WorkerPool) -> None:
    """Start `task`, keeping it alive until just after its outcome was delivered.

    `Task` lets go of itself while it delivers its outcome; when nobody else holds it (a
    superseded preview, a finished thumbnail) the wrapper is then freed inside the Qt event
    that is still running on it, which crashes PySide. Holding it one event longer avoids that.
    """
    _started.add(task)
    task.finished.connect(partial(_release_after_this_event, weakref.ref(task)))
    task.start(pool)


def _release_after_this_event(task_ref: weakref.ref[Task]) -> None:
    task = task_ref()
    if task is not None:
        QTimer.singleShot(0, partial(_started.discard, task))


FIRST_BATCH = 60
"""Entries in the first batch of a folder listing: enough to fill the view at once."""
BATCH = 400
# Decoded preview frames of one animation stay under this many pixels (about 160 MB as RGBA).
_ANIMATION_PIXEL_BUDGET = 40_000_000
_PROJECT_ICON_SIZE = 256
_TIMES = " \N{MULTIPLICATION SIGN} "


# -- thumbnails -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThumbnailResult:
    key: Any
    image: QImage
    problem: str | None
    from_cache: bool


def make_thumbnail(key: Any, path: Path, size: int) -> Callable[[TaskControl], ThumbnailResult]:
    def work(_control: TaskControl) -> ThumbnailResult:
        thumb = thumbnail_for(path, size)
        return ThumbnailResult(key, pil_to_qimage(thumb.image), thumb.problem, thumb.from_cache)

    return work


class ThumbnailLoader(QObject):
    """Makes thumbnails in a pool, each key at most once at a time.

    Only as many thumbnails as the pool has threads are in flight; of the waiting ones the
    most recently requested goes first, since those are the items the user is looking at now.
    Urgent requests (the templates, needed whatever is on screen) go before all others.
    """

    loaded = Signal(object)  # ThumbnailResult

    MAX_WAITING = 2000
    """Older requests beyond this are dropped; an item asks again when it shows."""

    def __init__(self, size: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.size = size
        self.pool = WorkerPool(max(2, (os.cpu_count() or 2) - 1), "maskmeme-thumbnails")
        self._urgent: OrderedDict[Any, Path] = OrderedDict()
        self._waiting: OrderedDict[Any, Path] = OrderedDict()
        self._running: dict[Any, Task] = {}
        self.requested = 0
        """How many thumbnails were asked for (tests check that hidden items ask for none)."""

    def request(self, key: Any, path: Path, urgent: bool = False) -> None:
        if key in self._running or key in self._urgent:
            return
        if key in self._waiting:
            del self._waiting[key]  # asked again: it is wanted now, so it goes to the front
        else:
            self.requested += 1
        (self._urgent if urgent else self._waiting)[key] = path
        while len(self._waiting) > self.MAX_WAITING:
            self._waiting.popitem(last=False)
        self._start_more()

    def is_pending(self, key: Any) -> bool:
        return key in self._running or key in self._urgent or key in self._waiting

    def shutdown(self) -> None:
        """Drop the waiting requests and wait for the running ones."""
        self._urgent.clear()
        self._waiting.clear()
        self.pool.wait_for_done()

    def _start_more(self) -> None:
        while len(self._running) < self.pool.max_threads and (self._urgent or self._waiting):
            if self._urgent:
                key, path = self._urgent.popitem(last=False)
            else:
                key, path = self._waiting.popitem(last=True)
            task = Task(make_thumbnail(key, path, self.size))
            # Bound methods, so Qt drops the connections if the loader goes first.
            task.succeeded.connect(self.loaded)
            task.failed.connect(self._failed)
            task.finished.connect(self._finished)
            self._running[key] = task
            start_task(task, self.pool)

    def _failed(self, error: BaseException) -> None:
        # thumbnail_for never raises for a bad file: this is a bug, kept out of the user's way.
        _log.error("a thumbnail failed", exc_info=error)

    def _finished(self) -> None:
        task = self.sender()
        key = next((k for k, t in self._running.items() if t is task), None)
        self._running.pop(key, None)
        self._start_more()


# -- folder listings --------------------------------------------------------------------------


def batched(entries: Iterable[LibraryEntry]) -> Iterator[list[LibraryEntry]]:
    """A small first batch (shown at once), then larger ones (fewer view relayouts)."""
    batch: list[LibraryEntry] = []
    limit = FIRST_BATCH
    for entry in entries:
        batch.append(entry)
        if len(batch) >= limit:
            yield batch
            batch, limit = [], BATCH
    if batch:
        yield batch


@dataclass(frozen=True)
class ScanOutcome:
    count: int
    problem: str | None
    """Why the folder could not be read, in plain words; None when it was."""


def scan_folder(folder: Path) -> Callable[[TaskControl], ScanOutcome]:
    """List a folder, reporting each batch (a list of LibraryEntry) as it is ready."""

    def work(control: TaskControl) -> ScanOutcome:
        control.check()
        count = 0
        try:
            for batch in batched(_checking(list_folder(folder), control)):
                control.report(batch)
                count += len(batch)
        except OSError as exc:
            return ScanOutcome(count, _folder_problem(folder, exc))
        return ScanOutcome(count, None)

    return work


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


def load_preview(path: Path, kind: str, max_side: int) -> Callable[[TaskControl], PreviewFrames]:
    """Decode a file for the preview, shrunk to at most `max_side` pixels."""

    def work(control: TaskControl) -> PreviewFrames:
        control.check()  # another item may have been selected while this one waited
        try:
            if kind == "project":
                return _project_preview(path, max_side)
            return _image_preview(load_image(path), path, max_side)
        except (ImageLoadError, ProjectError) as exc:
            return PreviewFrames([], [], str(exc), problem=str(exc))

    return work


def _image_preview(loaded: LoadedImage, path: Path | None, max_side: int) -> PreviewFrames:
    width, height = loaded.size
    side = max_side
    if loaded.is_animated:
        # Many frames at full size would take gigabytes; shrink more the longer it runs.
        fit = math.sqrt(_ANIMATION_PIXEL_BUDGET / (len(loaded.frames) * width * height))
        side = min(side, max(64, int(max(width, height) * fit)))
    frames = [pil_to_qimage(_fit(frame, side)) for frame in loaded.frames]
    return PreviewFrames(frames, list(loaded.durations), _details(loaded, path))


def _fit(frame: Image.Image, side: int) -> Image.Image:
    return frame if max(frame.size) <= side else shrink_to_fit(frame, side)


def _project_preview(path: Path, max_side: int) -> PreviewFrames:
    summary = read_project_summary(path)
    if summary.preview_png is None:
        icon = pil_to_qimage(project_placeholder(_PROJECT_ICON_SIZE))
        return PreviewFrames([icon], [0], "maskmeme project (no preview saved)")
    preview = _image_preview(load_image_bytes(summary.preview_png, path.name), None, max_side)
    return PreviewFrames(preview.frames, preview.durations, "maskmeme project")


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
