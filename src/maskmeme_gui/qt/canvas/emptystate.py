"""What the canvas shows before any meme is open: a drop zone that says how to start."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen

from maskmeme_gui.qt.actions import key_text

TITLE = "Start a meme"
_MAX_SIZE = (520.0, 300.0)
_ICON_HEIGHT = 52.0
_TITLE_HEIGHT = 30.0
_MARGIN = 28.0
_ACCENT = QColor("#2d8cff")
# The canvas pasteboard is dark in every desktop theme (as in most image editors), so the
# text colours are fixed rather than taken from the palette.
_TITLE_COLOUR = QColor("#ececef")
_BODY_COLOUR = QColor("#a9adb6")
_LINE_COLOUR = QColor(255, 255, 255, 64)


def start_hint() -> str:
    paste, new = key_text("paste"), key_text("new")
    # Broken by hand after the commas: a wrapped lone last word looks careless.
    return (
        f"Drop a photo here, paste one ({paste}),\npick a template on the left"
        f"\nor start a blank one ({new})"
    )


def paint_empty_state(painter: QPainter, area: QRectF, highlighted: bool) -> None:
    """A dashed, rounded drop zone centred in `area` (viewport pixels) with an icon and text."""
    width = min(_MAX_SIZE[0], area.width() - 2 * _MARGIN)
    height = min(_MAX_SIZE[1], area.height() - 2 * _MARGIN)
    if width < 120 or height < 120:
        return
    zone = QRectF(0, 0, width, height)
    zone.moveCenter(area.center())
    line = _ACCENT if highlighted else _LINE_COLOUR

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(45, 140, 255, 26) if highlighted else QColor(255, 255, 255, 8))
    pen = QPen(line, 1.6, Qt.PenStyle.CustomDashLine)
    pen.setDashPattern([5.0, 4.0])
    painter.setPen(pen)
    painter.drawRoundedRect(zone, 16, 16)

    title_font = QFont(painter.font())
    title_font.setPointSizeF(max(13.0, title_font.pointSizeF() * 1.45))
    title_font.setWeight(QFont.Weight.DemiBold)
    body_font = QFont(painter.font())
    body_font.setPointSizeF(max(10.5, painter.font().pointSizeF() * 1.05))
    painter.setFont(body_font)
    hint = start_hint()
    body_height = (hint.count("\n") + 1) * painter.fontMetrics().lineSpacing() + 4
    # Icon, title and text as one block, centred in the zone.
    top = zone.center().y() - (_ICON_HEIGHT + 16 + _TITLE_HEIGHT + 6 + body_height) / 2

    icon_box = QRectF(0, 0, 64, _ICON_HEIGHT)
    icon_box.moveCenter(QPointF(zone.center().x(), top + _ICON_HEIGHT / 2))
    _paint_picture_icon(painter, icon_box, _ACCENT if highlighted else _BODY_COLOUR)

    painter.setFont(title_font)
    painter.setPen(_TITLE_COLOUR)
    title_box = QRectF(zone.left() + 24, icon_box.bottom() + 16, width - 48, _TITLE_HEIGHT)
    painter.drawText(title_box, Qt.AlignmentFlag.AlignCenter, TITLE)

    painter.setFont(body_font)
    painter.setPen(_BODY_COLOUR)
    body_box = QRectF(zone.left() + 32, title_box.bottom() + 6, width - 64, body_height)
    flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    painter.drawText(body_box, flags, hint)
    painter.restore()


def _paint_picture_icon(painter: QPainter, box: QRectF, colour: QColor) -> None:
    """A photo frame with a hill, and a tear falling from its corner: the app in one glyph."""
    pen = QPen(colour, 2.2)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    frame = box.adjusted(0, 0, -10, -8)
    painter.drawRoundedRect(frame, 6, 6)
    hill = QPainterPath(QPointF(frame.left() + 4, frame.bottom() - 4))
    hill.lineTo(frame.left() + frame.width() * 0.38, frame.top() + frame.height() * 0.5)
    hill.lineTo(frame.left() + frame.width() * 0.6, frame.top() + frame.height() * 0.72)
    hill.lineTo(frame.left() + frame.width() * 0.75, frame.top() + frame.height() * 0.58)
    hill.lineTo(frame.right() - 4, frame.bottom() - 4)
    painter.drawPath(hill)
    painter.drawEllipse(
        QPointF(frame.left() + frame.width() * 0.72, frame.top() + frame.height() * 0.3), 3.5, 3.5
    )
    tear = QPainterPath(QPointF(box.right() - 4, box.bottom() - 22))
    tear.cubicTo(
        QPointF(box.right() + 4, box.bottom() - 10),
        QPointF(box.right() + 2, box.bottom() + 2),
        QPointF(box.right() - 4, box.bottom() + 2),
    )
    tear.cubicTo(
        QPointF(box.right() - 10, box.bottom() + 2),
        QPointF(box.right() - 12, box.bottom() - 10),
        QPointF(box.right() - 4, box.bottom() - 22),
    )
    fill = QColor(_ACCENT)
    fill.setAlphaF(0.85)
    painter.setBrush(fill)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawPath(tear)
