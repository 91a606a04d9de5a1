"""The small badge each kind of layer shows in the list, drawn here so it looks the same on
every desktop."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from math import cos, radians, sin

from PySide6.QtCore import (
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)

ICON_SIZE = 20


@cache
def layer_icon(kind: str) -> QIcon:
    """A small badge per layer kind, drawn here so it looks the same on every desktop."""
    ratio = 2  # drawn at twice the size: crisp on high-density screens, fine on others
    pixmap = QPixmap(ICON_SIZE * ratio, ICON_SIZE * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint = _ICON_PAINTERS.get(kind, _paint_sticker_icon)
        paint(painter, QRectF(1, 1, ICON_SIZE - 2, ICON_SIZE - 2))
    finally:
        painter.end()
    return QIcon(pixmap)


def _paint_caption_icon(painter: QPainter, box: QRectF) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#5566d8"))
    painter.drawRoundedRect(box, 4, 4)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(round(box.height() * 0.78))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "T")


def _paint_tears_icon(painter: QPainter, box: QRectF) -> None:
    cx, top, bottom = box.center().x(), box.top(), box.bottom()
    radius = box.width() * 0.34
    drop = QPainterPath(QPointF(cx, top))
    drop.cubicTo(cx + radius * 0.5, top + radius, cx + radius, bottom - radius * 1.4, cx + radius,
                 bottom - radius)  # fmt: skip
    drop.arcTo(QRectF(cx - radius, bottom - 2 * radius, 2 * radius, 2 * radius), 0, -180)
    drop.cubicTo(cx - radius, bottom - radius * 1.4, cx - radius * 0.5, top + radius, cx, top)
    painter.setPen(QPen(QColor("#1d6fb8"), 1.2))
    painter.setBrush(QColor("#6cc0f5"))
    painter.drawPath(drop)
    shine = QPen(QColor(255, 255, 255, 220), 1.6)
    shine.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(shine)
    painter.drawLine(QPointF(cx - radius * 0.45, bottom - radius * 1.2),
                     QPointF(cx - radius * 0.45, bottom - radius * 0.6))  # fmt: skip


def _paint_sticker_icon(painter: QPainter, box: QRectF) -> None:
    centre = box.center()
    points = []
    for index in range(10):  # a five-pointed star: outer and inner corners in turn
        radius = box.width() / 2 if index % 2 == 0 else box.width() / 4.4
        angle = radians(-90 + 36 * index)
        points.append(centre + QPointF(cos(angle), sin(angle)) * radius)
    painter.setPen(QPen(QColor("#b7791f"), 1.1))
    painter.setBrush(QColor("#f6c344"))
    painter.drawPolygon(QPolygonF(points))


_ICON_PAINTERS: dict[str, Callable[[QPainter, QRectF], None]] = {
    "caption": _paint_caption_icon,
    "tears": _paint_tears_icon,
    "sticker": _paint_sticker_icon,
}


def hidden_text_brush() -> QBrush:
    palette = QGuiApplication.palette()
    return QBrush(palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
