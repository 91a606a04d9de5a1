"""What a drag carries, sorted into what the canvas can take and what it must refuse (with a
sentence saying why). Decided from names alone, so it is quick enough for every drag-move; the
safe loader still checks every file's content when it is dropped."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMimeData
from PySide6.QtGui import QImage

from maskmeme_gui.fileio.suffixes import IMAGE_SUFFIXES, PROJECT_SUFFIX

TEMPLATE_MIME = "application/x-maskmeme-template"  # UTF-8 template ids, one per line
# A saved meme dragged from the gallery: its UTF-8 path. The drag's URL is a rendered PNG, for
# other apps; maskmeme itself opens the project when no meme is open.
PROJECT_MIME = "application/x-maskmeme-project"
_RAW_IMAGE_MIMES = ("image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp")


@dataclass
class DropContents:
    files: list[Path] = field(default_factory=list)
    image_data: bytes | None = None  # a picture dragged from a browser or another app
    template_ids: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.files or self.image_data or self.template_ids)

    def refusal_message(self) -> str:
        return "; ".join(self.refusals)


def read_drop(mime: QMimeData, *, open_projects: bool) -> DropContents:
    """Sort the drag's contents. `open_projects`: .maskmeme files are welcome (no meme open)."""
    contents = DropContents()
    if open_projects and mime.hasFormat(PROJECT_MIME):
        text = bytes(mime.data(PROJECT_MIME).data()).decode("utf-8", errors="replace")
        contents.files = [Path(line) for line in text.splitlines() if line.strip()]
        return contents
    remote: list[str] = []
    for url in mime.urls() if mime.hasUrls() else []:
        if not url.isLocalFile():
            remote.append(url.toDisplayString())
            continue
        path = Path(url.toLocalFile())
        problem = _file_problem(path, open_projects)
        if problem is None:
            contents.files.append(path)
        else:
            contents.refusals.append(problem)
    if mime.hasFormat(TEMPLATE_MIME):
        text = bytes(mime.data(TEMPLATE_MIME).data()).decode("utf-8", errors="replace")
        contents.template_ids = [line.strip() for line in text.splitlines() if line.strip()]
    if not contents.files and not contents.template_ids:
        # A browser drags a picture as its web address plus the picture itself: take the
        # picture, and only complain about the address when there is no picture.
        contents.image_data = _image_data(mime)
    if contents.image_data is None:
        contents.refusals.extend(
            f"{address} is on the web: save it to your computer first, then drop the file"
            for address in remote
        )
    return contents


def _file_problem(path: Path, open_projects: bool) -> str | None:
    name = path.name or str(path)
    if path.is_dir():
        return f"{name} is a folder, not an image"
    if not path.exists():
        return f"{name} does not exist (was it moved?)"
    suffix = path.suffix.lower()
    if suffix == PROJECT_SUFFIX:
        return None if open_projects else f"{name} is a meme project: open it with File ▸ Open"
    if suffix not in IMAGE_SUFFIXES:
        return f"{name} is not an image maskmeme can open"
    return None


def _image_data(mime: QMimeData) -> bytes | None:
    for fmt in _RAW_IMAGE_MIMES:
        if mime.hasFormat(fmt):
            data = bytes(mime.data(fmt).data())
            if data:
                return data
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return _png_bytes(image)
    return None


def _png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide's stub asks for bytes; 6.11 itself takes only str for the format.
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(buffer.data().data())
