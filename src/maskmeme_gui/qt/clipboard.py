"""Images to and from the system clipboard.

Copy puts the meme on the clipboard twice: as Qt image data (which every platform plugin offers
in its native image formats) and as the exact PNG bytes under "image/png", for apps that take
only that. Encoding a big meme takes a while (about 1.4 s for 12 megapixels), so it is split
out: `transfer_image` may run in a worker thread, and the copy itself is then instant.
Paste hands back encoded bytes for `fileio.images.load_image_bytes`, so a pasted image goes
through the same safe loader as a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtGui import QGuiApplication, QImage

from maskmeme_gui.fileio.export import ExportOptions, encode_image
from maskmeme_gui.fileio.suffixes import IMAGE_SUFFIXES
from maskmeme_gui.qt.imageconv import pil_to_qimage, qimage_to_pil

PNG_MIME = "image/png"
# Encoded image types that keep more than a decoded bitmap would (animation, exact pixels).
_ENCODED_MIME_TYPES = {
    PNG_MIME: "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/jpeg": "jpg",
    "image/bmp": "bmp",
    "image/tiff": "tiff",
}
# A copied file bigger than this is not an image anyone meant to paste; reading it would stall.
MAX_PASTED_FILE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class TransferImage:
    """An image encoded for other apps: Qt image data and PNG bytes. Safe to make off the GUI
    thread and hand over (it holds no QPixmap and no QObject)."""

    qimage: QImage
    png: bytes


def transfer_image(image: Image.Image) -> TransferImage:
    """Encode `image` for the clipboard or a drag; the slow part, fit for a worker thread."""
    return TransferImage(pil_to_qimage(image), encode_image(image, ExportOptions(format="PNG")))


def image_mime_data(image: Image.Image | TransferImage) -> QMimeData:
    """Mime data holding the image as Qt image data and as PNG bytes."""
    encoded = image if isinstance(image, TransferImage) else transfer_image(image)
    mime = QMimeData()
    mime.setImageData(encoded.qimage)
    mime.setData(PNG_MIME, QByteArray(encoded.png))
    return mime


def copy_image_to_clipboard(image: Image.Image | TransferImage) -> None:
    """Put the image on the clipboard; pass a `TransferImage` to keep the GUI thread quick."""
    QGuiApplication.clipboard().setMimeData(image_mime_data(image))


def image_from_clipboard() -> tuple[bytes, str] | None:
    """Encoded image bytes and a name to show in messages, or None if nothing could be one.

    Encoded data wins over a copied file, which wins over a bare bitmap. A copied file is
    returned whatever it holds: the loader then names it in a clear message if it is no image.
    """
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None:
        return None
    for mime_type, extension in _ENCODED_MIME_TYPES.items():
        if mime.hasFormat(mime_type):
            data = bytes(mime.data(mime_type).data())
            if data:
                return data, pasted_image_name(extension)
    copied_file = _copied_file(mime)
    if copied_file is not None:
        return copied_file
    if mime.hasImage():
        image = qimage_to_pil(QGuiApplication.clipboard().image())
        return encode_image(image, ExportOptions(format="PNG")), pasted_image_name("png")
    return None


def pasted_image_name(extension: str, when: datetime | None = None) -> str:
    """A name for an image that came with none, which a meme made from it takes as its title:
    "Pasted image 2026-12-04 16.05.png" (no colon, so a file can be called that too)."""
    moment = when or datetime.now()
    return f"Pasted image {moment:%Y-%m-%d %H.%M}.{extension}"


def clipboard_has_image() -> bool:
    """Whether `image_from_clipboard` would find a picture, without reading it."""
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None:
        return False
    return (
        any(mime.hasFormat(mime_type) for mime_type in _ENCODED_MIME_TYPES)
        or mime.hasImage()
        or any(
            url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in IMAGE_SUFFIXES
            for url in mime.urls()
        )
    )


def _copied_file(mime: QMimeData) -> tuple[bytes, str] | None:
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        try:
            if not path.is_file() or path.stat().st_size > MAX_PASTED_FILE_BYTES:
                continue
            return path.read_bytes(), path.name
        except OSError:
            continue
    return None
