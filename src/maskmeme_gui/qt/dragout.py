"""Dragging the finished meme out of the app, as a PNG file a file manager or chat app accepts.

File managers want a file URL, chat apps and browsers often take image data instead, so the
drag carries both: the PNG written under the cache folder (`drag/`), its URL, the PNG bytes and
Qt image data. The receiver may read the file after the drop has ended, so the newest few files
stay; older ones are removed when the next drag starts.

Rendering and encoding a 12-megapixel meme takes about a second, too long for the GUI thread.
`DragRender` does it in a worker, started when the mouse is pressed on what may be dragged (the
drag itself only begins a few pixels of movement later); if the drag starts before the render is
done, the GUI waits for it with its event loop running (painting goes on, a busy cursor shows).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QMimeData, QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QDrag, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from maskmeme_gui.config.paths import cache_dir
from maskmeme_gui.fileio.atomic import atomic_write
from maskmeme_gui.qt.clipboard import TransferImage, image_mime_data, transfer_image
from maskmeme_gui.qt.workers import Task

if TYPE_CHECKING:
    from PIL import Image

KEPT_DRAG_FILES = 5
DRAG_THUMBNAIL_PX = 128
_MAX_STEM_CHARS = 80
# Characters that some file system or OS refuses in a file name.
_UNSAFE_IN_NAMES = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_WINDOWS_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM\d|LPT\d)", re.IGNORECASE)


def meme_file_stem(title: str, fallback: str = "meme") -> str:
    """A file name (without extension) for a meme called `title`, valid on every desktop OS."""
    cleaned = " ".join(_UNSAFE_IN_NAMES.sub(" ", title).split())
    cleaned = cleaned[:_MAX_STEM_CHARS].strip(" .")
    if not cleaned or _WINDOWS_RESERVED.fullmatch(cleaned):
        return fallback
    return cleaned


def drag_folder() -> Path:
    folder = cache_dir() / "drag"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def meme_drag_mime(image: Image.Image | TransferImage, name: str) -> QMimeData:
    """Mime data for dragging `image` out: a PNG file's URL, PNG bytes and Qt image data.

    `name` is the meme's title (or a file name); the file gets a safe version of it. If the
    cache folder cannot be written the drag still carries the image, just no file. Encoding
    a big meme is slow (see `clipboard.transfer_image`), so pass a `TransferImage` made
    beforehand in a worker when the meme is large.
    """
    encoded = image if isinstance(image, TransferImage) else transfer_image(image)
    mime = image_mime_data(encoded)
    stem = name[: -len(".png")] if name.lower().endswith(".png") else name
    try:
        folder = drag_folder()
        _remove_old_drag_files(folder, keep=KEPT_DRAG_FILES - 1)
        path = folder / f"{meme_file_stem(stem)}.png"
        atomic_write(path, encoded.png)
    except OSError:  # WriteError included
        return mime
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return mime


def start_meme_drag(
    source: QWidget, image: Image.Image | TransferImage, name: str
) -> Qt.DropAction:
    """Run the drag (blocks until the drop, as QDrag does) and return what the target did."""
    encoded = image if isinstance(image, TransferImage) else transfer_image(image)
    drag = QDrag(source)
    drag.setMimeData(meme_drag_mime(encoded, name))
    thumbnail = encoded.qimage.scaled(
        DRAG_THUMBNAIL_PX,
        DRAG_THUMBNAIL_PX,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    drag.setPixmap(QPixmap.fromImage(thumbnail))
    drag.setHotSpot(QPoint(thumbnail.width() // 2, thumbnail.height() // 2))
    return drag.exec(Qt.DropAction.CopyAction)


def _remove_old_drag_files(folder: Path, keep: int) -> None:
    dated: list[tuple[float, Path]] = []
    for entry in folder.iterdir():
        with contextlib.suppress(OSError):  # gone meanwhile, or unreadable: not ours to judge
            if entry.is_file():
                dated.append((entry.stat().st_mtime, entry))
    dated.sort(reverse=True)
    for _, old in dated[keep:]:
        # A file still open elsewhere (Windows) is left for the next drag to clean.
        with contextlib.suppress(OSError):
            old.unlink()


class DragRender(QObject):
    """One meme rendered and encoded for a drag, off the GUI thread, keyed by what it shows.

    `prepare(key, render)` starts the work unless the same key is already done or under way;
    `take(key, render)` returns the result, waiting for it (event loop running) when needed.
    A failed render raises its error from `take`, so the caller can say what went wrong.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._key: Hashable | None = None
        self._result: TransferImage | None = None
        self._error: BaseException | None = None
        self._task: Task | None = None
        self._waiting: QEventLoop | None = None

    def prepare(self, key: Hashable, render: Callable[[], Image.Image]) -> None:
        if key == self._key and (self._task is not None or self._result is not None):
            return
        self._key, self._result, self._error = key, None, None
        task = Task(lambda _control: transfer_image(render()))
        task.succeeded.connect(lambda result, k=key: self._arrived(k, result, None))
        task.failed.connect(lambda error, k=key: self._arrived(k, None, error))
        self._task = task
        task.start()

    def take(self, key: Hashable, render: Callable[[], Image.Image]) -> TransferImage:
        self.prepare(key, render)
        if self._result is None and self._error is None:
            self._waiting = QEventLoop(self)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self._waiting.exec()
            finally:
                QApplication.restoreOverrideCursor()
                self._waiting = None
        if self._error is not None:
            error, self._key, self._error = self._error, None, None
            raise error
        assert self._result is not None
        return self._result

    def _arrived(
        self, key: Hashable, result: TransferImage | None, error: BaseException | None
    ) -> None:
        if key != self._key:
            return  # an older render, overtaken by a newer prepare()
        self._task, self._result, self._error = None, result, error
        if self._waiting is not None:
            self._waiting.quit()
