"""The one place where Pillow images become Qt images and back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QImage, QPixmap

if TYPE_CHECKING:
    from PIL import Image


def pil_to_qimage(image: Image.Image) -> QImage:
    """A QImage that owns a copy of the pixels (the PIL image may be freed afterwards)."""
    if image.mode == "RGB":
        data = image.tobytes("raw", "RGB")
        qimage = QImage(
            data, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888
        )
    else:
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        data = rgba.tobytes("raw", "RGBA")
        qimage = QImage(
            data, rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888
        )
    return qimage.copy()  # detach from `data`, which Python may free


def pil_to_qpixmap(image: Image.Image) -> QPixmap:
    return QPixmap.fromImage(pil_to_qimage(image))


def qimage_to_pil(qimage: QImage) -> Image.Image:
    converted = qimage.convertToFormat(QImage.Format.Format_RGBA8888)
    width, height = converted.width(), converted.height()
    buffer = bytes(converted.constBits())[: converted.bytesPerLine() * height]
    from PIL import Image  # not on the start-up path

    return Image.frombuffer(
        "RGBA", (width, height), buffer, "raw", "RGBA", converted.bytesPerLine(), 1
    ).copy()
